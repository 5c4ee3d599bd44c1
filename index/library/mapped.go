package library

import "os"

// mapAll maps an open manifest read-only instead of reading it (a command
// that searches once, Options.SearchOnly): only the sections it uses are
// brought in, from the page cache, without a copy. The mapping is never
// undone: strings of the corpus are cut from it, and the process ends
// soon. The manifest of a published generation is never written again.
func mapAll(f *os.File) ([]byte, error) {
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if info.Size() == 0 || info.Size() != int64(int(info.Size())) {
		return readAllSized(f)
	}
	data, _, err := mapFile(f, info.Size()) // never let go (see above)
	return data, err
}
