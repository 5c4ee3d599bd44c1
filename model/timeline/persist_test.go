package timeline

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"reflect"
	"testing"
)

// TestTimelineRoundTrip: a timeline read back from its encoding is the
// timeline written, for the seeds (every field used: milestones, periods,
// relative dates with anchors, announced sources, undated articles) and
// for a large generated corpus, bounded and whole.
func TestTimelineRoundTrip(t *testing.T) {
	ms := seedMilestones(t)
	seeds := seedDocs(t)
	gen := generate(1500, 3)
	for _, c := range []struct {
		name string
		docs []Doc
		full bool
	}{{"seeds", seeds, true}, {"generated-bounded", gen, false}, {"generated-all", gen, true}} {
		t.Run(c.name, func(t *testing.T) {
			tl := assembleForTest(t, c.docs, ms, c.full)
			data := AppendTimeline(nil, tl)
			got, err := DecodeTimeline(data)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tl) {
				for i := range min(len(got.Events), len(tl.Events)) {
					if !reflect.DeepEqual(got.Events[i], tl.Events[i]) {
						t.Fatalf("event %d:\n got %#v\nwant %#v", i, got.Events[i], tl.Events[i])
					}
				}
				t.Fatalf("decoded timeline differs: %d events (want %d), large %v left %d undated %d", len(got.Events), len(tl.Events), got.Large, got.Left, len(got.Undated))
			}
		})
	}
}

// TestTimelineEncodedInParts: a timeline's events encoded in parts at
// once, after data or not, make the bytes of one encoding, in the exact
// room when the buffer had none.
func TestTimelineEncodedInParts(t *testing.T) {
	tl := assembleForTest(t, generate(1500, 3), seedMilestones(t), true)
	if len(tl.Events) < 100 {
		t.Fatalf("only %d events", len(tl.Events))
	}
	for _, prefix := range [][]byte{nil, []byte("kept\n"), append(make([]byte, 0, 1<<22), "roomy"...)} {
		want := appendTimeline(append([]byte(nil), prefix...), tl, 1)
		for _, parts := range []int{2, 3, 4, 7, len(tl.Events) + 1} {
			got := appendTimeline(append(make([]byte, 0, cap(prefix)), prefix...), tl, parts)
			if !bytes.Equal(got, want) {
				t.Fatalf("%d parts after %q: %d bytes differ from one encoding's %d", parts, prefix, len(got), len(want))
			}
			if cap(prefix) < len(want) && cap(got) != len(got) {
				t.Errorf("%d parts: %d bytes in a buffer of %d", parts, len(got), cap(got))
			}
		}
	}
	if data, err := DecodeTimeline(appendTimeline(nil, tl, 3)); err != nil || !reflect.DeepEqual(data, tl) {
		t.Fatalf("in parts, decoded: %v", err)
	}
}

func assembleForTest(t testing.TB, docs []Doc, ms []Milestone, full bool) Timeline {
	t.Helper()
	tl, err := AssembleEncoded(context.Background(), docs, encodedForTest(t, docs), ms, full)
	if err != nil {
		t.Fatal(err)
	}
	return tl
}

// TestTimelineDecodeDamaged: every cut and every flipped byte of an
// encoding is an error or a timeline, never a panic.
func TestTimelineDecodeDamaged(t *testing.T) {
	data := AppendTimeline(nil, assembleForTest(t, seedDocs(t), seedMilestones(t), true))
	for n := range len(data) {
		if _, err := DecodeTimeline(data[:n]); err == nil {
			t.Fatalf("a cut at %d of %d decodes", n, len(data))
		}
	}
	for i := range data {
		b := append([]byte(nil), data...)
		b[i] ^= 0xA5
		DecodeTimeline(b) //nolint:errcheck // must not panic
	}
}

// assemblyDigest is the SHA-256 of the encoded seeds' timeline and of a
// generated corpus's, at AssemblyVersion. When Assemble's output changes,
// bump AssemblyVersion (a kept timeline of the older version is then made
// again) and set the digest to the new one.
const assemblyDigest = "1:51e0ce247c35f1cf211fa11e62cb6d03b41e946bd1c21520c7ccbc5456dec832"

// TestAssemblyVersion fails when Assemble's output changed but
// AssemblyVersion did not: a kept timeline would go on showing the old one.
func TestAssemblyVersion(t *testing.T) {
	h := sha256.New()
	ms := seedMilestones(t)
	h.Write(AppendTimeline(nil, assembleForTest(t, seedDocs(t), ms, true)))
	h.Write(AppendTimeline(nil, assembleForTest(t, generate(1500, 3), ms, true)))
	if got := fmt.Sprintf("%d:%x", AssemblyVersion, h.Sum(nil)); got != assemblyDigest {
		t.Errorf("Assemble's output is %s, recorded %s: if it changed on purpose, bump AssemblyVersion and set assemblyDigest to the new digest", got, assemblyDigest)
	}
}

func FuzzDecodeTimeline(f *testing.F) {
	f.Add(AppendTimeline(nil, assembleForTest(f, seedDocs(f), seedMilestones(f), true)))
	f.Add([]byte(timelineMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		tl, err := DecodeTimeline(data)
		if err != nil {
			return
		}
		again, err := DecodeTimeline(AppendTimeline(nil, tl))
		if err != nil || !reflect.DeepEqual(again, tl) {
			t.Errorf("a decoded timeline does not read back as itself: %v", err)
		}
	})
}
