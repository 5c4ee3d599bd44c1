package review

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// sqliteMagic starts every SQLite 3 database file.
const sqliteMagic = "SQLite format 3\x00"

// dsn builds a modernc.org/sqlite URI for the file at the absolute path.
func dsn(path string, params url.Values) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path), RawQuery: params.Encode()}
	return u.String()
}

// classifyOpenErr turns SQLite's verdict on a file into an OpenError where it says what the file is.
func classifyOpenErr(path string, err error) error {
	var oe *OpenError
	if errors.As(err, &oe) {
		return err
	}
	switch sqliteCode(err) {
	case sqliteNotADB:
		return &OpenError{Path: path, Kind: ErrForeign, Detail: "not a database: " + err.Error(), Err: err}
	case sqliteCorrupt:
		return &OpenError{Path: path, Kind: ErrCorrupt, Detail: err.Error(), Err: err}
	}
	return fmt.Errorf("review: open %s: %w", path, err)
}

// probe inspects an existing file without writing to it (the connection is
// read-only) and refuses anything that is not an intact dossier store of a
// version this build knows, or an empty database. A missing or zero-length
// file passes: it becomes a new store.
func probe(ctx context.Context, path string, latest int, pol lockPolicy) error {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("review: open %s: %w", path, err)
	}
	if !fi.Mode().IsRegular() {
		return &OpenError{Path: path, Kind: ErrForeign, Detail: "not a regular file (" + fi.Mode().Type().String() + ")"}
	}
	if fi.Size() == 0 {
		return nil
	}
	if err := checkHeader(path); err != nil {
		return err
	}

	check := func(db *sql.DB) error {
		return retry(ctx, pol, sqliteDialect{}, func() error {
			return tryTx(ctx, db, sqliteDialect{}, false, func(t *txn) error {
				info, err := readInfo(t)
				if err != nil {
					return classifyOpenErr(path, err)
				}
				if err := info.check(path, latest); err != nil {
					return err
				}
				if info.appID != appID {
					return nil // empty database
				}
				return quickCheck(t, path)
			})
		})
	}
	// Where the WAL index cannot be opened (a folder or disk that cannot be
	// written), read the main file as it is.
	err = withDB(path, pol, false, check)
	if err != nil && cannotWrite(err) {
		err = withDB(path, pol, true, check)
	}
	return err
}

func withDB(path string, pol lockPolicy, immutable bool, fn func(db *sql.DB) error) error {
	db, err := readOnlyDB(path, pol, immutable)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	return fn(db)
}

// checkHeader tells a non-SQLite file from a damaged SQLite file by its first bytes.
func checkHeader(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("review: open %s: %w", path, err)
	}
	defer f.Close()
	head := make([]byte, 100)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("review: read %s: %w", path, err)
	}
	head = head[:n]
	if !bytes.HasPrefix(head, []byte(sqliteMagic)) {
		return &OpenError{Path: path, Kind: ErrForeign,
			Detail: fmt.Sprintf("not a database (no SQLite header; starts with %q)", head[:min(n, 16)])}
	}
	if n < 100 {
		return &OpenError{Path: path, Kind: ErrCorrupt, Detail: fmt.Sprintf("truncated to %d bytes", n)}
	}
	pageSize := int64(binary.BigEndian.Uint16(head[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	if pageSize < 512 || pageSize&(pageSize-1) != 0 {
		return &OpenError{Path: path, Kind: ErrCorrupt, Detail: fmt.Sprintf("invalid page size %d in header", pageSize)}
	}
	// SQLite only ever writes whole pages, so a partial last page means the
	// file was cut short (SQLite itself would read the missing bytes as
	// zeros). Look again briefly in case a checkpoint is extending the file.
	for try := 0; ; try++ {
		fi, err := f.Stat()
		if err != nil {
			return fmt.Errorf("review: stat %s: %w", path, err)
		}
		if fi.Size()%pageSize == 0 {
			return nil
		}
		if try == 3 {
			return &OpenError{Path: path, Kind: ErrCorrupt, Detail: fmt.Sprintf(
				"size %d is not a multiple of the page size %d: the file was truncated", fi.Size(), pageSize)}
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// quickCheck runs PRAGMA quick_check and reports anything but "ok" as corruption.
func quickCheck(t *txn, path string) error {
	rows, err := t.query("PRAGMA quick_check(5)")
	if err != nil {
		return classifyOpenErr(path, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return classifyOpenErr(path, err)
		}
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	if err := rows.Err(); err != nil {
		return classifyOpenErr(path, err)
	}
	if len(problems) > 0 {
		return &OpenError{Path: path, Kind: ErrCorrupt, Detail: "quick_check: " + strings.Join(problems, "; ")}
	}
	return nil
}
