// Package library opens a corpus for dossier: the embedded seeds or the
// folders people bring, with their full-text index and what is derived from
// each article (the timeline's extraction).
//
// The seeds, and any corpus with --no-cache, are indexed in memory at start.
// A corpus folder set gets a kept index under the cache folder
// ($XDG_CACHE_HOME/dossier/corpora/KEY, KEY from the folders' paths), made
// of generations:
//
//	CURRENT          names the published generation (with a checksum)
//	gen-000007/      a published generation, never changed again:
//	  index/           the bleve (scorch) index
//	  manifest         every file's stat, every article's metadata, and
//	                   the seal of the index files, in sections used where
//	                   they lie, each with its own checksum (view.go)
//	  derived          per-article derived data: a table (who has what),
//	                   then the data, each checksummed; an open reads the
//	                   table, a timeline assembly the data
//	  timeline-*       the timeline assembled from it, per catalogue
//	                   (checksummed; keeptimeline.go)
//	  verified         when each index file was last checksummed whole (stamp.go)
//	tmp-*            a generation being written
//	write.lock       held (flock) while a generation is written
//
// Opening stats every corpus file and compares it with the manifest: size,
// modification time, inode and inode change time. Unchanged files are not
// read. The common case, nothing changed, is decided by a quick scan
// (quick_linux.go) at the cost of that one stat per file: folders listed
// into one buffer, names looked up in the manifest's hash table, the stats
// compared in place; anything else is left to the full scan (scan.go). A file whose stat changed is read and its checksum compared: only a
// real change is indexed again. The inode change time is what catches a
// rewrite that kept size and modification time (touch -r): the kernel sets
// it on every write and no program can set it back.
//
// Several processes use one corpus at once without waiting for each other.
// Readers open a published generation read-only; a generation is never
// written once published. A process with changes to index takes write.lock
// without waiting; with it, it writes the next generation (hard links to the
// unchanged segment files, the changes on top), publishes it by renaming
// CURRENT, and removes generations nobody holds open. Without it (another
// process is writing), it searches the published generation with the
// changed articles hidden, plus an in-memory index of their new versions:
// the same hits, nothing written, no wait.
//
// Nothing in the cache is trusted blindly. The manifest's sections (checked
// when first used: a warm open checks those it reads) and the derived file
// carry a SHA-256 checksum and the versions they were made with (format,
// mapping and analysers, synonyms, deriver); the seal records each index
// file's size, modification time, inode, a checksum of its first and last
// 64 KiB and a SHA-256 of the whole file. Every open checks the first four,
// and checksums whole each file whose inode change time moved since it was
// last found whole (a write inside it, even with the modification time put
// back); a running process checksums every file whole in the background,
// and `dossier index --verify` on demand. A search that fails inside bleve
// has the files checksummed whole at once. Cache files are opened without
// blocking and must be regular files (a FIFO in their place is damage, not
// a hang).
//
// A cache found damaged, from another version, or a bleve index that fails
// to open or panics, is checked again holding write.lock (a generation
// replaced or removed meanwhile by another process, or an open cancelled,
// is no damage), then set aside (moved beside the cache folder, the newest
// copy kept) and rebuilt, with one notice saying so.
package library
