//go:build unix

package timeline

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"syscall"
	"testing"
)

// The extractions are decoded on a goroutine of their own. A kept file
// mapped and cut short faults on access there: that must be a panic
// raised in the caller's goroutine, as if it had read the data itself,
// where the caller (which set debug.SetPanicOnFault) recovers it. A
// decoding goroutine without SetPanicOnFault kills the process (SIGBUS);
// one that does not hand its panic over leaves the caller an error or a
// crash instead.
func TestAssemblyFaultOnMappedDataIsTheCallers(t *testing.T) {
	ctx := context.Background()
	docs := bridgeDocs(t)
	refs := References(docs)
	page := os.Getpagesize()
	var file []byte
	spans := make([][2]int, len(docs))
	for i, d := range docs {
		ex, err := Extract(ctx, d, refs[i])
		if err != nil {
			t.Fatal(err)
		}
		enc := AppendExtraction(nil, ex)
		for len(file)%page != 0 {
			file = append(file, 0)
		}
		spans[i] = [2]int{len(file), len(file) + len(enc)}
		file = append(file, enc...)
	}
	path := filepath.Join(t.TempDir(), "derived")
	if err := os.WriteFile(path, file, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	mapped, err := syscall.Mmap(int(f.Fd()), 0, len(file), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		t.Skipf("mmap: %v", err)
	}
	defer syscall.Munmap(mapped) //nolint:errcheck // a test's mapping
	data := make([][]byte, len(docs))
	for i, s := range spans {
		data[i] = mapped[s[0]:s[1]:s[1]]
	}
	// Whole, the mapping assembles as the heap does.
	heap := make([][]byte, len(docs))
	for i, s := range spans {
		heap[i] = file[s[0]:s[1]]
	}
	want, err := AssembleEncoded(ctx, docs, heap, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	got, err := AssembleEncoded(ctx, docs, data, nil, true)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("mapped: %v, %v events, want %d", err, len(got.Events), len(want.Events))
	}
	// Cut short: every page of it faults.
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	var p any
	func() {
		defer func() { p = recover() }()
		_, err = AssembleEncoded(ctx, docs, data, nil, true)
	}()
	if _, fault := p.(interface{ Addr() uintptr }); !fault {
		t.Fatalf("want the fault raised here, got panic %v, error %v", p, err)
	}
}
