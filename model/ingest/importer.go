package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"dossier/model"
)

// Status is what an import did with one input.
type Status int

// The outcomes of an import.
const (
	Written   Status = iota // a new file
	Unchanged               // the same file was already there
	Duplicate               // the same article is already there under other content; --force replaces it
	Replaced                // the file of the same article was overwritten (Force)
	Refused                 // the input cannot be imported (Reason says why)
	Failed                  // the file could not be written (Reason says why)
)

// String names the status as printed and in JSON.
func (s Status) String() string {
	switch s {
	case Written:
		return "written"
	case Unchanged:
		return "unchanged"
	case Duplicate:
		return "duplicate"
	case Replaced:
		return "replaced"
	case Refused:
		return "refused"
	}
	return "failed"
}

// MarshalText writes the status's name.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// OK reports whether the input is in the corpus now.
func (s Status) OK() bool { return s == Written || s == Unchanged || s == Duplicate || s == Replaced }

// Result reports one input.
type Result struct {
	Input  string   `json:"input"`            // the path as given
	Output string   `json:"output,omitempty"` // the corpus file, DIR joined with its name
	Status Status   `json:"status"`
	Reason string   `json:"reason,omitempty"` // why refused or failed; what a duplicate duplicates
	Kind   Kind     `json:"kind"`
	Meta   *Meta    `json:"meta,omitempty"`
	Words  int      `json:"words,omitempty"`
	Notes  []string `json:"notes,omitempty"` // parts skipped (unreadable PDF pages)
}

// DefaultTimeout bounds the reading of one input.
const DefaultTimeout = 2 * time.Minute

// Options change how an Importer writes.
type Options struct {
	Force   bool          // replace the file of an article that is already there
	Timeout time.Duration // per input; DefaultTimeout when zero
}

// Importer writes articles into one corpus folder. It knows the articles
// already there by their text hash, so an article is never written twice.
// It is not safe for concurrent use.
type Importer struct {
	dir    string
	opt    Options
	byHash map[string]string // text hash -> path relative to dir
}

// NewImporter opens a corpus folder for imports, creating it if needed,
// and indexes the .md and .txt files in it (hidden ones and files over the
// corpus size limit aside) by their text hash.
func NewImporter(dir string, o Options) (*Importer, error) {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the corpus folder: %w", err)
	}
	im := &Importer{dir: dir, opt: o, byHash: map[string]string{}}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // unreadable parts are the loader's to report
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		ext := strings.ToLower(filepath.Ext(p))
		if d.IsDir() || !d.Type().IsRegular() || ext != ".md" && ext != ".txt" {
			return nil
		}
		if info, err := d.Info(); err != nil || info.Size() > model.DefaultMaxBytes {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return nil
		}
		h := TextHash(corpusText(p, data))
		if _, dup := im.byHash[h]; !dup {
			im.byHash[h] = rel
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return im, nil
}

// ImportFile imports the file at path.
func (im *Importer) ImportFile(ctx context.Context, path string) Result {
	res := Result{Input: path}
	data, err := readInput(path)
	if err != nil {
		res.Status, res.Reason = Refused, err.Error()
		if !IsRefusal(err) {
			res.Status = Failed
		}
		return res
	}
	return im.Import(ctx, path, data)
}

// readInput reads an input file, refusing folders, empty files and files
// over MaxInputBytes without reading them whole.
func readInput(path string) ([]byte, error) {
	f, err := model.OpenNoWait(path) // a pipe or device is refused below, not waited on
	if err != nil {
		return nil, refusef("cannot read: %v", unwrapPath(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, refusef("cannot read: %v", unwrapPath(err))
	}
	switch {
	case st.IsDir():
		return nil, refusef("is a folder; give the files in it (e.g. DIR/*)")
	case !st.Mode().IsRegular():
		return nil, refusef("%v", model.NotRegularError{Mode: st.Mode()})
	case st.Size() > MaxInputBytes:
		return nil, refusef("%s is over the %s an import may read", model.HumanBytes(st.Size()), model.HumanBytes(MaxInputBytes))
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxInputBytes+1))
	if err != nil {
		return nil, refusef("cannot read: %v", unwrapPath(err))
	}
	if len(data) > MaxInputBytes {
		return nil, refusef("over the %s an import may read", model.HumanBytes(MaxInputBytes))
	}
	return data, nil
}

// Import imports one input already read; input names it in the result
// (and its extension tells .txt from .md).
func (im *Importer) Import(ctx context.Context, input string, data []byte) Result {
	res := Result{Input: input}
	res.Kind, _ = Sniff(filepath.Base(input), data)
	ectx, cancel := context.WithTimeout(ctx, im.opt.Timeout)
	doc, err := Extract(ectx, filepath.Base(input), data)
	cancel()
	if err != nil {
		res.Status, res.Reason = Refused, err.Error()
		if !IsRefusal(err) {
			res.Status = Failed
		}
		return res
	}
	return im.ImportDoc(input, doc)
}

// ImportDoc writes an article already extracted (by Extract, with its
// metadata completed by the caller) as Import does: input names it in the
// result.
func (im *Importer) ImportDoc(input string, doc Doc) Result {
	res := Result{Input: input, Kind: doc.Kind, Notes: doc.Notes}
	content := Render(doc)
	if len(content) > model.DefaultMaxBytes {
		res.Status, res.Reason = Refused, fmt.Sprintf("the article would be %s, over the %s a corpus file may hold; split it",
			model.HumanBytes(int64(len(content))), model.HumanBytes(model.DefaultMaxBytes))
		return res
	}
	hash := TextHash(corpusText("x.md", content))
	name := FileName(doc.Meta.Title, hash)
	a, err := LoadOne(name, content)
	if err != nil {
		res.Status, res.Reason = Refused, "dossier could not read the result: "+err.Error()
		return res
	}
	meta := doc.Meta
	res.Meta, res.Words = &meta, a.Words

	target, exists := im.byHash[hash]
	if !exists {
		if _, err := os.Lstat(filepath.Join(im.dir, name)); err == nil {
			// The name is taken by a file that holds another text.
			res.Output = filepath.Join(im.dir, name)
			if !im.opt.Force {
				res.Status, res.Reason = Failed, model.Escape(res.Output)+" exists and holds another text; move it away or use --force"
				return res
			}
			target, exists = name, true
		}
	}
	if !exists {
		res.Output = filepath.Join(im.dir, name)
		if err := writeAtomic(im.dir, name, content, false); err != nil {
			res.Status, res.Reason = Failed, err.Error()
			return res
		}
		im.byHash[hash] = name
		res.Status = Written
		return res
	}
	res.Output = filepath.Join(im.dir, target)
	old, err := os.ReadFile(res.Output)
	if err == nil && string(old) == string(content) {
		res.Status = Unchanged
		return res
	}
	if !im.opt.Force {
		res.Status = Duplicate
		res.Reason = "the same article is already in " + model.Escape(res.Output) + "; --force replaces it"
		return res
	}
	if err := writeAtomic(filepath.Join(im.dir, filepath.Dir(target)), filepath.Base(target), content, true); err != nil {
		res.Status, res.Reason = Failed, err.Error()
		return res
	}
	res.Status = Replaced
	return res
}

// errExists says a new file's name was taken meanwhile.
var errExists = errors.New("a file of that name appeared meanwhile; import again")

// writeAtomic writes content to dir/name through a hidden temporary file in
// dir that is synced and then linked (a new file: never over one that
// appeared meanwhile) or renamed (replace) into place, so that the corpus
// never holds half a file.
func writeAtomic(dir, name string, content []byte, replace bool) (err error) {
	f, err := os.CreateTemp(dir, ".dossier-import-*.tmp")
	if err != nil {
		return fmt.Errorf("cannot write: %v", unwrapPath(err))
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()
	if _, err = f.Write(content); err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err != nil {
		return fmt.Errorf("cannot write: %v", unwrapPath(err))
	}
	final := filepath.Join(dir, name)
	if replace {
		err = os.Rename(tmp, final)
	} else {
		err = os.Link(tmp, final)
		switch {
		case errors.Is(err, fs.ErrExist):
			return errExists
		case err != nil: // a file system without hard links
			if _, serr := os.Lstat(final); serr == nil {
				return errExists
			}
			err = os.Rename(tmp, final)
		default:
			os.Remove(tmp)
		}
	}
	if err != nil {
		return fmt.Errorf("cannot write: %v", unwrapPath(err))
	}
	if d, derr := os.Open(dir); derr == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// unwrapPath drops the operation and path from a file error: messages
// name the file themselves.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
