package library

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"testing"
)

// TestDerivedFile: the table reads back without the data, the data read
// whole; a damaged table is an error at once, damaged data only when the
// data is read; a cut anywhere is an error.
func TestDerivedFile(t *testing.T) {
	ds := []Derived{
		{ID: "a", Sum: 1, RefID: "a", RefDate: 1700000000, Data: []byte("first")},
		{ID: "b", Sum: 2, RefID: "a", RefDate: 0, Data: nil},
		{ID: "c", Sum: 3, RefID: "c", RefDate: -5, Data: bytes.Repeat([]byte("x"), 70000)},
	}
	file := encodeDerived("v9", ds)
	path := filepath.Join(t.TempDir(), "derived")
	write := func(b []byte) {
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(file)
	df, err := readDerivedTable(path)
	if err != nil {
		t.Fatal(err)
	}
	if df.version != "v9" || len(df.entries) != 3 {
		t.Fatalf("table: %q %d entries", df.version, len(df.entries))
	}
	for _, d := range ds {
		e := df.entries[d.ID]
		if e.Sum != d.Sum || e.RefID != d.RefID || e.RefDate != d.RefDate || e.Data != nil {
			t.Errorf("table entry %s: %+v", d.ID, e)
		}
	}
	got, err := df.data()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if !bytes.Equal(got[d.ID].Data, d.Data) {
			t.Errorf("data of %s: %d bytes, want %d", d.ID, len(got[d.ID].Data), len(d.Data))
		}
	}

	// A flipped byte in the table: the table fails. In the data: the table
	// reads, the data fails.
	tableEnd := int(df.from)
	for _, at := range []int{len(derivedMagic) + 3, tableEnd - 5} {
		b := bytes.Clone(file)
		b[at] ^= 0x40
		write(b)
		if _, err := readDerivedTable(path); err == nil {
			t.Errorf("a damaged table at byte %d reads", at)
		}
	}
	for _, at := range []int{tableEnd + 2, len(file) - 40, len(file) - 1} {
		b := bytes.Clone(file)
		b[at] ^= 0x40
		write(b)
		df, err := readDerivedTable(path)
		if err != nil {
			t.Fatalf("damaged data at byte %d fails the table: %v", at, err)
		}
		if _, err := df.data(); err == nil {
			t.Errorf("damaged data at byte %d reads", at)
		}
	}
	write([]byte(derivedMagicV1 + "v9\x00"))
	if _, err := readDerivedTable(path); err != errOldDerived {
		t.Errorf("a file of the earlier format: %v", err)
	}
	for n := 0; n < len(file); n += max(1, len(file)/300) {
		write(file[:n])
		df, err := readDerivedTable(path)
		if err == nil {
			if _, err = df.data(); err == nil {
				t.Fatalf("a cut at %d of %d reads", n, len(file))
			}
		}
	}
}

// TestTimelineDataReadOnlyWhenAssembled: an open reads the derived
// file's table, not its data: with damaged data, the corpus opens (no
// damage found, nothing set aside) and a kept timeline is read without
// the data; once the timeline must be assembled, the data's damage is
// told and the timeline is made from the articles, the same.
func TestTimelineDataReadOnlyWhenAssembled(t *testing.T) {
	dir := timelineDir(t, 10)
	o := newOpener(t, dir)
	want, s := timelineOf(t, o, nil)
	path := filepath.Join(s.keep, derivedName)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)-50] ^= 0xFF // in the data, not the table
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	got, s2 := timelineOf(t, o, nil)
	if s2.keep != s.keep || !reflect.DeepEqual(got, want) || len(o.notes) != 0 {
		t.Fatalf("with the timeline kept: generation %s (was %s), notes %q", s2.keep, s.keep, o.notes)
	}
	kept := keptTimelines(t, s.keep)
	for _, k := range kept {
		os.Remove(k)
	}
	got, s3 := timelineOf(t, o, nil)
	if s3.keep != s.keep || !reflect.DeepEqual(got, want) {
		t.Fatalf("assembled from the articles: %q, want %q", labels(got), labels(want))
	}
	if n := strings.Join(o.notes, "\n"); !strings.Contains(n, "could not be read") || strings.Contains(n, "damaged") && strings.Contains(n, "rebuilt") {
		t.Errorf("notes: %q", o.notes)
	}
}

// TestDerivedOfAnEarlierVersion: a generation whose derived file is of
// the earlier format is no damage: its data is derived again into the next
// generation, the index kept.
func TestDerivedOfAnEarlierVersion(t *testing.T) {
	dir := timelineDir(t, 6)
	o := newOpener(t, dir)
	want, s := timelineOf(t, o, nil)
	if err := os.WriteFile(filepath.Join(s.keep, derivedName), []byte(derivedMagicV1+"old"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, k := range keptTimelines(t, s.keep) {
		os.Remove(k)
	}
	got, s2 := timelineOf(t, o, nil)
	if !reflect.DeepEqual(got, want) || len(o.notes) != 0 {
		t.Fatalf("timeline %q (want %q), notes %q", labels(got), labels(want), o.notes)
	}
	df, err := readDerivedTable(filepath.Join(s2.keep, derivedName))
	if s2.keep == s.keep || err != nil || len(df.entries) != 6 {
		t.Fatalf("derived again into %s (was %s): %v", s2.keep, s.keep, err)
	}
}

// openMapped opens the library of o with the timeline's deriver, its
// kept timelines removed (so the timeline is assembled from the kept
// extractions), calling mapped when the derived data is mapped.
func openMapped(t *testing.T, o *opener, genDir string, mapped func(path string)) *Snapshot {
	t.Helper()
	for _, k := range keptTimelines(t, genDir) {
		os.Remove(k)
	}
	opts := o.options()
	opts.Deriver = TimelineDeriver()
	l, err := open(context.Background(), opts, testHooks{mapped: mapped})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l.Snapshot()
}

// TestTimelineOutlivesItsMappedData: a timeline assembled from the
// generation's extractions, which are mapped for the time of the
// assembly, holds none of their bytes once they are let go: reading
// every string of it after (DeepEqual does) would fault otherwise.
func TestTimelineOutlivesItsMappedData(t *testing.T) {
	o := newOpener(t, timelineDir(t, 12))
	want, s := timelineOf(t, o, nil)
	var maps []string
	s2 := openMapped(t, o, s.keep, func(path string) { maps = append(maps, path) })
	for _, full := range []bool{false, true} {
		get := s2.Timeline
		if full {
			get = s2.TimelineAll
		}
		got, err := get(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if full {
			if want, err = NewSnapshot(s.Corpus, nil, nil).TimelineAll(context.Background(), nil); err != nil {
				t.Fatal(err)
			}
		}
		runtime.GC()
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("full %v: %q, want %q", full, labels(got), labels(want))
		}
	}
	if len(maps) != 2 || maps[0] != filepath.Join(s.keep, derivedName) {
		t.Errorf("mapped %q, want the generation's derived file twice", maps)
	}
	if len(o.notes) != 0 {
		t.Errorf("notes: %q", o.notes)
	}
}

// TestDerivedDataCutShortWhileMapped: a kept derived file cut short once
// mapped (another process, a full disk's repair) faults when its pages
// are read: the timeline is then made from the articles, with a notice,
// and nothing crashes.
func TestDerivedDataCutShortWhileMapped(t *testing.T) {
	o := newOpener(t, timelineDir(t, 100))
	want, s := timelineOf(t, o, nil)
	if info, err := os.Stat(filepath.Join(s.keep, derivedName)); err != nil || info.Size() < 4*int64(os.Getpagesize()) {
		t.Fatalf("the derived file must span pages past the cut: %v, %v", info.Size(), err)
	}
	s2 := openMapped(t, o, s.keep, func(path string) {
		if err := os.Truncate(path, 100); err != nil {
			t.Error(err)
		}
	})
	got, err := s2.Timeline(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%q, want %q", labels(got), labels(want))
	}
	if n := strings.Join(o.notes, "\n"); !strings.Contains(n, "could not be read") {
		t.Errorf("notes: %q", o.notes)
	}
}

// TestMappedLookup: the mapped lookup of a snapshot's derived data gives
// what was derived now over the generation's, the generation's where
// nothing was, nothing for an article with neither; with damaged data,
// only what was derived now, and the damage is told.
func TestMappedLookup(t *testing.T) {
	path := filepath.Join(t.TempDir(), "derived")
	file := encodeDerived("v9", []Derived{{ID: "a", Data: []byte("kept a")}, {ID: "b", Data: []byte("kept b")}})
	for _, damaged := range []bool{false, true} {
		b := bytes.Clone(file)
		if damaged {
			b[len(b)-40] ^= 0x40
		}
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		df, err := readDerivedTable(path)
		if err != nil {
			t.Fatal(err)
		}
		var notices []string
		d := &derivedSet{now: map[string][]byte{"a": []byte("now a"), "c": []byte("now c")}, gen: df,
			notice: func(s string) { notices = append(notices, s) }}
		get, verify, release := d.mappedAhead()
		if verify() == damaged {
			t.Errorf("damaged %v: verify says %v", damaged, !damaged)
		}
		want := map[string]string{"a": "now a", "b": "kept b", "c": "now c", "d": ""}
		if damaged {
			want["b"] = ""
		}
		for id, w := range want {
			if got := get(id); string(got) != w || (w == "") != (got == nil) {
				t.Errorf("damaged %v: %s gives %q, want %q", damaged, id, got, w)
			}
		}
		release()
		if damaged != (len(notices) == 1) {
			t.Errorf("damaged %v: notices %q", damaged, notices)
		}
	}
}

// TestDamagedDataIsNotAssembled: the generation's extractions are checked
// while the assembly starts (mappedAhead); data damaged in place after it
// was mapped, where only its checksum tells, is not assembled: the
// timeline is made from the articles, with a notice.
func TestDamagedDataIsNotAssembled(t *testing.T) {
	o := newOpener(t, timelineDir(t, 30))
	want, s := timelineOf(t, o, nil)
	damaged := 0
	s2 := openMapped(t, o, s.keep, func(path string) {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		// every article's quote, its town misspelt: the data decodes
		damaged = bytes.Count(b, []byte("Karaganda"))
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := f.WriteAt(bytes.ReplaceAll(b, []byte("Karaganda"), []byte("Karagandx")), 0); err != nil {
			t.Fatal(err)
		}
	})
	got, err := s2.Timeline(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if damaged == 0 {
		t.Fatal("the derived data holds no quote to damage")
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%q, want %q", labels(got), labels(want))
	}
	if n := strings.Join(o.notes, "\n"); !strings.Contains(n, "checksum mismatch") {
		t.Errorf("notes: %q", o.notes)
	}
}

// TestInHalves: the two halves cover every index once, at every size.
func TestInHalves(t *testing.T) {
	for _, n := range []int{0, 1, 4095, 4096, 4097, 10001} {
		seen := make([]int32, n)
		inHalves(n, func(from, to int) {
			for i := from; i < to; i++ {
				atomic.AddInt32(&seen[i], 1)
			}
		})
		for i, c := range seen {
			if c != 1 {
				t.Fatalf("n %d: index %d covered %d times", n, i, c)
			}
		}
	}
}

// TestInHalvesReadsAsTheCaller: the other half runs with the caller's
// fault mode (a kept file cut short while mapped faults there too, and
// must panic, not crash), and its panic reaches the caller once both
// halves have ended. Fails when the goroutine keeps the default mode or
// lets its panic go.
func TestInHalvesReadsAsTheCaller(t *testing.T) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	var mode atomic.Bool
	var ended atomic.Int32
	got := func() (p any) {
		defer func() { p = recover() }()
		inHalves(10000, func(from, to int) {
			defer ended.Add(1)
			if from == 0 {
				on := debug.SetPanicOnFault(true)
				debug.SetPanicOnFault(on)
				mode.Store(on)
				panic("fault in the first half")
			}
		})
		return nil
	}()
	if got != "fault in the first half" {
		t.Fatalf("the caller got %v, want the first half's panic", got)
	}
	if !mode.Load() {
		t.Error("the first half ran without the caller's SetPanicOnFault")
	}
	if n := ended.Load(); n != 2 {
		t.Errorf("%d halves ended before the panic reached the caller, want 2", n)
	}
}
