//go:build linux

package library

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
	"unsafe"
)

// TestUnlistedScanSeesEachChange: once a quick scan has listed the folders
// and found the generation's files, the next ones stat the files without
// listing while no folder's times moved; a file added, renamed or removed
// (its folder's times move: the folders are listed again), edited in place
// with its modification time put back (its own stat differs), or a folder
// added, is each found by the next open.
func TestUnlistedScanSeesEachChange(t *testing.T) {
	if !exactTimes([]string{t.TempDir()}) {
		t.Skip("the temporary folder's file system keeps no exact times")
	}
	o := newOpener(t, quickCorpus(t))
	o.margin = 50 * time.Millisecond // instead of 2 s: the test waits past it
	ws := o.warnings()
	settle := func() { time.Sleep(4 * o.margin) }
	o.open().Close() // builds
	settle()
	*ws = nil
	o.open().Close() // lists, and records the listing
	listedWarns := slices.Clone(*ws)
	*ws = nil
	l := o.open()
	if got := o.quickDecided(); !slices.Equal(o.listed, []bool{true}) || !slices.Equal(got, []bool{true}) {
		t.Fatalf("an unchanged corpus: decided without listing %v, same %v", o.listed, got)
	}
	if !slices.Equal(*ws, listedWarns) || len(listedWarns) != 2 {
		t.Errorf("warnings without listing %q, listing %q", *ws, listedWarns)
	}
	if n := len(hits(t, l, "lithium")); n != 24 {
		t.Fatalf("%d hits", n)
	}
	l.Close()
	for _, tc := range []struct {
		name   string
		change func()
		listed bool // decided without listing (the file's own stat differs)
		q      string
		want   []string
	}{
		{"edited in place", func() { editKept(t, filepath.Join(o.dir, "a003.txt"), "lithium", "cobalts") }, true, "cobalts", []string{"a003"}},
		{"added", func() { write(t, filepath.Join(o.dir, "sub", "new.txt"), "A new article about zirconquartz.") }, false, "zirconquartz", []string{"new"}},
		{"renamed", func() { os.Rename(filepath.Join(o.dir, "a005.txt"), filepath.Join(o.dir, "renamed.txt")) }, false, "word" + tag(5), []string{"renamed"}},
		{"removed", func() { os.Remove(filepath.Join(o.dir, "sub", "b"+tag(20)+".txt")) }, false, "word" + tag(20), nil},
		{"folder added", func() {
			os.MkdirAll(filepath.Join(o.dir, "sub", "deeper"), 0o755)
			write(t, filepath.Join(o.dir, "sub", "deeper", "deep.txt"), "A deep article about hafniumore.")
		}, false, "hafniumore", []string{"deep"}},
		{"added to the new folder", func() { write(t, filepath.Join(o.dir, "sub", "deeper", "deeper.txt"), "Another on osmiridite.") }, false, "osmiridite", []string{"deeper"}},
	} {
		tc.change()
		l := o.open()
		if got := o.quickDecided(); !slices.Equal(o.listed, []bool{tc.listed}) || !slices.Equal(got, []bool{false}) {
			t.Errorf("%s: decided without listing %v (want %v), same %v", tc.name, o.listed, tc.listed, got)
		}
		if got := hits(t, l, tc.q); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %s found %v, want %v", tc.name, tc.q, got, tc.want)
		}
		l.Close()
		settle()
		o.open().Close() // the new generation is listed and recorded
		l = o.open()
		if !slices.Equal(o.listed, []bool{true}) {
			t.Errorf("%s: the generation after it was not recorded (%v)", tc.name, o.listed)
		}
		l.Close()
	}
}

// TestListingOfARecentChangeIsNotKept: a folder changed within the margin
// before a listing is not recorded (a later change could get the same
// time on a coarse clock): the next scan lists again.
func TestListingOfARecentChangeIsNotKept(t *testing.T) {
	if !exactTimes([]string{t.TempDir()}) {
		t.Skip("the temporary folder's file system keeps no exact times")
	}
	o := newOpener(t, quickCorpus(t))
	o.margin = time.Hour
	o.open().Close()
	o.open().Close()
	o.open().Close()
	if !slices.Equal(o.listed, []bool{false}) {
		t.Errorf("decided without listing %v, want a listing", o.listed)
	}
	if _, err := os.Stat(filepath.Join(o.cache, "corpora")); err != nil {
		t.Fatal(err)
	}
	if m, _ := filepath.Glob(filepath.Join(o.cache, "corpora", "*", "gen-*", listedName)); len(m) != 0 {
		t.Errorf("kept %v", m)
	}
}

// TestUnlistedScanWaitsForTheChecksums: the quick scan stats the files
// while the checksums of the manifest's sections it reads are verified
// beside it, and answers only once they hold. A byte changed in the path
// hash table, which a scan without listing does not read (its shape stays
// valid, so only the checksum tells), is found: the scan is not sure, the
// full scan finds the damage and the generation is rebuilt, searching as
// before.
func TestUnlistedScanWaitsForTheChecksums(t *testing.T) {
	if !exactTimes([]string{t.TempDir()}) {
		t.Skip("the temporary folder's file system keeps no exact times")
	}
	o := newOpener(t, quickCorpus(t))
	o.margin = 50 * time.Millisecond
	o.open().Close() // builds
	time.Sleep(4 * o.margin)
	o.open().Close() // lists, and records the listing
	l := o.open()
	if !slices.Equal(o.listed, []bool{true}) || !slices.Equal(o.quickDecided(), []bool{true}) {
		t.Fatalf("an unchanged corpus: decided without listing %v, same %v", o.listed, o.quickDecided())
	}
	want := hits(t, l, "lithium")
	l.Close()

	ms, _ := filepath.Glob(filepath.Join(o.cache, "corpora", "*", "gen-*", manifestName))
	if len(ms) != 1 {
		t.Fatalf("manifests %v", ms)
	}
	data, err := os.ReadFile(ms[0])
	if err != nil {
		t.Fatal(err)
	}
	v, err := openView(data)
	if err != nil {
		t.Fatal(err)
	}
	slots := v.sec[secPathSlots]
	at := int(uintptr(unsafe.Pointer(unsafe.SliceData(slots))) - uintptr(unsafe.Pointer(unsafe.SliceData(data)))) // where the section starts in the file
	for r := 0; ; r += 4 {
		if r >= len(slots) {
			t.Fatal("no empty slot in the path hash table")
		}
		if binary.LittleEndian.Uint32(slots[r:]) == 0 { // an empty slot: point it at file 1, a valid shape
			data[at+r] = 1
			break
		}
	}
	if v, err := openView(data); err != nil || v.checkScanShapes() != nil || v.checkScanSections() == nil {
		t.Fatalf("the change is not one only the checksum finds: %v", err)
	}
	if err := os.WriteFile(ms[0], data, 0o600); err != nil {
		t.Fatal(err)
	}

	l = o.open()
	if got := o.quickDecided(); !slices.Equal(got, []bool{false}) {
		t.Errorf("a manifest whose checksum fails: the quick scan answered same %v", got)
	}
	if got := hits(t, l, "lithium"); !slices.Equal(got, want) {
		t.Errorf("after the damage: %v, want %v", got, want)
	}
}

// TestUnlistedScanOnEveryCoreSeesEachEdit: with enough files for several
// workers (each finds its share of the files' paths in the manifest), an
// edit in place with the modification time put back is found wherever
// the file lies in the manifest: first, second, last, in a subfolder.
func TestUnlistedScanOnEveryCoreSeesEachEdit(t *testing.T) {
	if !exactTimes([]string{t.TempDir()}) {
		t.Skip("the temporary folder's file system keeps no exact times")
	}
	dir := t.TempDir()
	for i := range 2100 {
		write(t, filepath.Join(dir, fmt.Sprintf("a%04d.txt", i)), article(i, "lithium"))
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	for i := range 101 {
		write(t, filepath.Join(dir, "sub", fmt.Sprintf("b%04d.txt", i)), article(i, "lithium"))
	}
	o := newOpener(t, dir)
	o.margin = 50 * time.Millisecond
	listed := func() {
		t.Helper()
		time.Sleep(4 * o.margin)
		o.open().Close() // lists, and records the listing
		o.open().Close()
		if !slices.Equal(o.listed, []bool{true}) || !slices.Equal(o.quickDecided(), []bool{true}) {
			t.Fatalf("unchanged: decided without listing %v, same %v", o.listed, o.quickDecided())
		}
	}
	o.open().Close() // builds
	listed()
	for _, name := range []string{"a0000.txt", "a0001.txt", "a2099.txt", "a1050.txt", "sub/b0100.txt"} {
		editKept(t, filepath.Join(dir, filepath.FromSlash(name)), "lithium", "cobalts")
		l := o.open()
		if !slices.Equal(o.listed, []bool{true}) || !slices.Equal(o.quickDecided(), []bool{false}) {
			t.Errorf("%s edited: decided without listing %v, same %v", name, o.listed, o.quickDecided())
		}
		if got := hits(t, l, "cobalts"); len(got) == 0 {
			t.Errorf("%s edited: not found", name)
		}
		l.Close()
		editKept(t, filepath.Join(dir, filepath.FromSlash(name)), "cobalts", "lithium")
		o.open().Close()
		listed()
	}
}
