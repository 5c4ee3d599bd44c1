package library

import (
	"io/fs"
	"maps"
	"path/filepath"
	"sort"
)

// A generation's index files are checksummed whole when it is written, and
// their checksums kept in its manifest. Reading them whole again at every
// open would cost time in proportion to the index, so each generation
// keeps a stamp (the file "verified" beside its manifest) of the inode
// change time at which each index file was last read whole and found to
// match. An open checksums whole only the files whose change time is not
// the stamped one: a file written since (even with its modification time
// put back), or linked into a newer generation or out of an older one.

const (
	stampName  = "verified"
	stampMagic = "dossier verified 1\n"
)

// stamped is a file as it was when its content was last checked.
type stamped struct {
	Ino   uint64
	CTime int64
}

// stampOf is a file as a stamp records it.
func stampOf(info fs.FileInfo) stamped {
	return stamped{Ino: inode(info), CTime: changeTime(info)}
}

// readStamp reads a generation's stamp; a missing or damaged one vouches
// for nothing (every file is then checksummed).
func readStamp(genDir string) map[string]stamped {
	data, err := readRegular(filepath.Join(genDir, stampName))
	if err != nil {
		return nil
	}
	d, err := openFile(data, stampMagic)
	if err != nil {
		return nil
	}
	out := map[string]stamped{}
	for n := d.count(3); n > 0 && d.err == nil; n-- {
		name := d.string()
		out[name] = stamped{Ino: d.uint(), CTime: d.int()}
	}
	if d.done() != nil {
		return nil
	}
	return out
}

// restamp adds fresh to a generation's stamp (best effort: a cache that
// cannot be written is checked again next time).
func restamp(genDir string, old, fresh map[string]stamped, seal []Sealed) {
	if len(fresh) == 0 {
		return
	}
	all := maps.Clone(old)
	if all == nil {
		all = map[string]stamped{}
	}
	maps.Copy(all, fresh)
	names := make([]string, 0, len(all))
	for _, s := range seal {
		if _, ok := all[s.Name]; ok {
			names = append(names, s.Name) // files of the seal only
		}
	}
	sort.Strings(names)
	e := &encoder{b: []byte(stampMagic)}
	e.uint(uint64(len(names)))
	for _, n := range names {
		e.string(n)
		e.uint(all[n].Ino)
		e.int(all[n].CTime)
	}
	writeAtomic(filepath.Join(genDir, stampName), e.seal()) //nolint:errcheck // best effort
}
