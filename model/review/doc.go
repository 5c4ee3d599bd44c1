// Package review keeps staff reviews of roadmap items (status, note,
// evidence) in an SQLite file, DIR/reviews.db, shared safely by several
// dossier processes at once.
//
// Every write is one BEGIN IMMEDIATE transaction that reads the old value,
// writes the new state and appends a row to an append-only history, so no
// update is lost and every change can be shown and undone. The file is in WAL
// mode; writers that find it busy wait (busy_timeout) and then retry with
// backoff, so "database is locked" does not reach the user.
//
// Open never migrates or writes to a file it does not recognise: a non-SQLite
// file, an SQLite file of another application, a damaged file or a file from
// a newer dossier is reported (ErrForeign, ErrCorrupt, ErrNewerSchema) and left
// byte for byte as it was.
package review
