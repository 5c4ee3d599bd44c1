package cli

import (
	"bytes"
	"context"
	"io"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"dossier/index/library"
	tl "dossier/model/timeline"
	"dossier/ui"
	"dossier/ui/common"
)

// BenchmarkSessionDraw measures what one dashboard session costs the
// process that serves it, without SSH: the session of `dossier serve`
// (the same Common, program and 60 fps renderer, in 256 colours, 120x35)
// on the corpus folder DOSSIER_BENCH_CORPUS, loaded and its timeline
// assembled first (its kept index under DOSSIER_BENCH_CACHE, an XDG cache
// folder). "first" opens a session until its first full screen (the
// header's "index ready" and the timeline's event count); "idle" the heap
// each of 20 open sessions holds; "key" presses j
// and k in one open session, each until the screen changes. Each reports
// the CPU time, the draws (View calls) and their time per operation.
//
//	DOSSIER_BENCH_CORPUS=/work/corpora/c10k DOSSIER_BENCH_CACHE=$XDG_CACHE_HOME \
//	  go test -run '^$' -bench SessionDraw -cpuprofile cpu.out ./ui/cli/
func BenchmarkSessionDraw(b *testing.B) {
	corpus := os.Getenv("DOSSIER_BENCH_CORPUS")
	if corpus == "" {
		b.Skip("set DOSSIER_BENCH_CORPUS to a corpus folder (its kept index warm)")
	}
	if cache := os.Getenv("DOSSIER_BENCH_CACHE"); cache != "" {
		b.Setenv("XDG_CACHE_HOME", cache)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sh, closeShared, err := LoadShared(ctx, Sources{CorpusDirs: []string{corpus}, NoWatch: true}, "", DataOptions{DataDir: b.TempDir()}, io.Discard)
	if err != nil {
		b.Fatal(err)
	}
	defer closeShared()
	for seq := -1; ; {
		st := sh.Feed.Wait(ctx, seq)
		seq = st.Seq
		if st.Err != nil {
			b.Fatal(st.Err)
		}
		if st.Snap != nil && !st.Snap.Partial && st.Progress.Stage == library.StageReady {
			if _, err := st.Snap.Timeline(ctx, tl.Milestones(sh.Roadmap)); err != nil {
				b.Fatal(err)
			}
			break
		}
	}
	open := func(b *testing.B) *benchSession {
		s := newBenchSession(ctx, sh)
		if err := s.waitFor("index ready", "events · "); err != nil {
			b.Fatal(err)
		}
		return s
	}
	// The store's first reader and arrivals are written once, by a first
	// session that shows its count of new articles.
	first := open(b)
	if err := first.waitFor(" new"); err != nil {
		b.Fatal(err)
	}
	first.close()
	b.Run("first", func(b *testing.B) {
		var draws int64
		var drawing time.Duration
		c0 := cpuSeconds()
		for b.Loop() {
			s := open(b)
			s.close()
			draws += s.model.draws
			drawing += s.model.drawing
		}
		b.ReportMetric((cpuSeconds()-c0)*1e3/float64(b.N), "cpu-ms/op")
		b.ReportMetric(float64(draws)/float64(b.N), "draws/op")
		b.ReportMetric(float64(drawing.Microseconds())/1e3/float64(b.N), "draw-ms/op")
	})
	b.Run("idle", func(b *testing.B) {
		var heap float64
		for b.Loop() {
			const n = 20
			before := liveHeap()
			sessions := make([]*benchSession, n)
			for i := range sessions {
				sessions[i] = open(b)
			}
			time.Sleep(200 * time.Millisecond) // the rest of their start-up
			heap += float64(liveHeap()-before) / n
			for _, s := range sessions {
				s.close()
			}
		}
		b.ReportMetric(heap/float64(b.N)/1024, "heap-KiB/session")
	})
	b.Run("key", func(b *testing.B) {
		s := open(b)
		defer s.close()
		time.Sleep(200 * time.Millisecond) // the rest of the start-up
		s.model.reset()
		c0 := cpuSeconds()
		k := 0
		for b.Loop() {
			key := "j"
			if k%20 >= 10 {
				key = "k"
			}
			k++
			if err := s.press(key); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric((cpuSeconds()-c0)*1e3/float64(b.N), "cpu-ms/op")
		b.ReportMetric(float64(s.model.draws)/float64(b.N), "draws/op")
		b.ReportMetric(float64(s.model.drawing.Microseconds())/1e3/float64(b.N), "draw-ms/op")
	})
}

// liveHeap is the heap in use after a collection.
func liveHeap() int64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}

// benchSession is one session's program, with its terminal output kept.
type benchSession struct {
	p      *tea.Program
	in     *io.PipeWriter
	model  *countedModel
	cancel context.CancelFunc
	done   chan struct{}
	mu     sync.Mutex
	out    bytes.Buffer
	more   chan struct{}
}

func newBenchSession(ctx context.Context, sh ui.Shared) *benchSession {
	ctx, cancel := context.WithCancel(ctx)
	s := &benchSession{cancel: cancel, done: make(chan struct{}), more: make(chan struct{}, 1)}
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI256)
	c := ui.NewCommon(r, true, sh, ui.SessionOptions{Theme: common.ThemeDark, Term: "xterm-256color", Lang: "en", Reviewer: "bench", Ctx: ctx, Remote: true})
	app := ui.New(c)
	app.SetFrameGap(time.Second / 60) // as serve's sessions
	s.model = &countedModel{Model: app}
	var in io.Reader
	in, s.in = io.Pipe()
	s.p = tea.NewProgram(s.model, tea.WithInput(in), tea.WithOutput(s), tea.WithAltScreen(),
		tea.WithoutSignalHandler(), tea.WithContext(ctx), tea.WithEnvironment([]string{"TERM=xterm-256color"}))
	go func() {
		defer close(s.done)
		s.p.Run() //nolint:errcheck // ended by close
	}()
	s.p.Send(tea.WindowSizeMsg{Width: 120, Height: 35})
	return s
}

// Write keeps the program's output.
func (s *benchSession) Write(p []byte) (int, error) {
	s.mu.Lock()
	s.out.Write(p)
	s.mu.Unlock()
	select {
	case s.more <- struct{}{}:
	default:
	}
	return len(p), nil
}

// Fd makes the output look like no terminal.
func (s *benchSession) Fd() uintptr { return ^uintptr(0) }

func (s *benchSession) waitFor(texts ...string) error {
	timeout := time.After(time.Minute)
	for {
		s.mu.Lock()
		ok := true
		for _, t := range texts {
			ok = ok && bytes.Contains(s.out.Bytes(), []byte(t))
		}
		s.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-s.more:
		case <-timeout:
			return context.DeadlineExceeded
		}
	}
}

// press types a key and waits for output.
func (s *benchSession) press(key string) error {
	s.mu.Lock()
	n := s.out.Len()
	s.mu.Unlock()
	if _, err := io.WriteString(s.in, key); err != nil {
		return err
	}
	timeout := time.After(time.Minute)
	for {
		s.mu.Lock()
		changed := s.out.Len() > n
		s.mu.Unlock()
		if changed {
			return nil
		}
		select {
		case <-s.more:
		case <-timeout:
			return context.DeadlineExceeded
		}
	}
}

func (s *benchSession) close() {
	s.cancel()
	s.in.Close()
	<-s.done
}

// countedModel counts a model's draws and the time they take.
type countedModel struct {
	tea.Model
	mu      sync.Mutex
	draws   int64
	drawing time.Duration
}

func (m *countedModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := m.Model.Update(msg)
	return m, cmd
}

func (m *countedModel) View() string {
	t0 := time.Now()
	v := m.Model.View()
	m.mu.Lock()
	m.draws++
	m.drawing += time.Since(t0)
	m.mu.Unlock()
	return v
}

func (m *countedModel) reset() {
	m.mu.Lock()
	m.draws, m.drawing = 0, 0
	m.mu.Unlock()
}
