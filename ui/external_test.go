package ui

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
)

// fakeEditor writes a shell script that stands for the user's editor: it
// says it started (a file), waits for go (another file) when asked to,
// then writes text into the file it was given.
func fakeEditor(t *testing.T, text string, wait bool) (cmd, started, goOn string) {
	t.Helper()
	dir := t.TempDir()
	started, goOn = filepath.Join(dir, "started"), filepath.Join(dir, "go")
	script := "#!/bin/sh\n: > '" + started + "'\n"
	if wait {
		script += "while [ ! -f '" + goOn + "' ]; do sleep 0.05; done\n"
	}
	script += "for a in \"$@\"; do f=$a; done\n" // the file comes last, after the editor's own arguments
	script += "printf '%s\\n' '" + text + "' > \"$f\"\n"
	cmd = filepath.Join(dir, "my editor")
	if err := os.WriteFile(cmd, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return "'" + cmd + "' --wait", started, goOn // a path with a space, and an argument, as $EDITOR may hold
}

// waitFile waits for a file to exist.
func waitFile(t *testing.T, path string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := os.Stat(path); err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never appeared", path)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// editorApp runs the dashboard in teatest with an editor, on the Roadmap.
func editorApp(t *testing.T, sh Shared, editor string) *teatest.TestModel {
	t.Helper()
	c := testCommon(t, sh)
	c.Editor = editor
	tm := teatest.NewTestModel(t, New(c), teatest.WithInitialTermSize(100, 30))
	tm.Send(keys("2")[0])
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("mou-1.1")) }, teatest.WithDuration(10*time.Second))
	return tm
}

// TestEditNoteInYourEditor: E runs $EDITOR on the note, and what it wrote
// is saved as ctrl+s saves, with undo.
func TestEditNoteInYourEditor(t *testing.T) {
	sh := testShared(t)
	editor, started, _ := fakeEditor(t, "Written in my own editor.", false)
	tm := editorApp(t, sh, editor)
	tm.Send(keys("E")[0])
	waitFile(t, started)
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("note saved for mou-1.1 · z undoes")) },
		teatest.WithDuration(10*time.Second))
	r, err := sh.Store.Get(context.Background(), "mou-1.1")
	if err != nil || r.Note != "Written in my own editor." || r.NoteBy != "tester" {
		t.Fatalf("stored note %q by %q (%v)", r.Note, r.NoteBy, err)
	}
	tm.Send(tea.QuitMsg{})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}

// TestEditNoteInYourEditorConflict: someone changes the note while the
// editor is open: nothing is overwritten; the note editor opens on the
// text with the reason, and ctrl+s then saves knowingly.
func TestEditNoteInYourEditorConflict(t *testing.T) {
	sh := testShared(t)
	editor, started, goOn := fakeEditor(t, "Mine, from the editor.", true)
	tm := editorApp(t, sh, editor)
	tm.Send(keys("E")[0])
	waitFile(t, started)
	ctx := context.Background()
	if _, err := sh.Store.SetNote(ctx, "mou-1.1", "bob's note", "bob"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(goOn, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte("not saved: bob changed it"))
	}, teatest.WithDuration(10*time.Second))
	if r, _ := sh.Store.Get(ctx, "mou-1.1"); r.Note != "bob's note" {
		t.Fatalf("bob's note was overwritten: %q", r.Note)
	}
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlS})
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("note saved for mou-1.1")) },
		teatest.WithDuration(10*time.Second))
	if r, _ := sh.Store.Get(ctx, "mou-1.1"); r.Note != "Mine, from the editor." {
		t.Fatalf("after ctrl+s the note is %q", r.Note)
	}
	tm.Send(tea.QuitMsg{})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}

// TestEditorKeyOverSSH: over SSH (and without $VISUAL or $EDITOR) E is
// not offered in the footer or the help, and pressing it says why.
func TestEditorKeyOverSSH(t *testing.T) {
	for _, tc := range []struct {
		name   string
		remote bool
		editor string
		why    string
	}{
		{"ssh", true, "", "not over SSH"},
		{"no editor", false, "", "neither is set"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := testCommon(t, testShared(t))
			c.Remote, c.Editor = tc.remote, tc.editor
			a := New(c)
			drive(t, a, a.Init(), tea.WindowSizeMsg{Width: 200, Height: 50})
			drive(t, a, keys("2")...)
			if strings.Contains(a.footerView(), "your editor") {
				t.Errorf("E offered in the footer: %q", a.footerView())
			}
			drive(t, a, keys("?")...)
			if strings.Contains(a.helpView.vp.View(), "edit note in your editor") {
				t.Error("E offered in the help")
			}
			drive(t, a, keys("<esc>E")...)
			if !strings.Contains(a.status.Text, tc.why) {
				t.Errorf("E said %q", a.status.Text)
			}
		})
	}
	// Offered where it works.
	c := testCommon(t, testShared(t))
	c.Editor = "vi"
	a := New(c)
	drive(t, a, a.Init(), tea.WindowSizeMsg{Width: 200, Height: 50})
	drive(t, a, keys("2?")...)
	if !strings.Contains(a.helpView.vp.View(), "edit note in your editor") {
		t.Errorf("E not in the help with $EDITOR set:\n%s", a.helpView.vp.View())
	}
}
