package reader

import (
	"fmt"
	"strings"

	"dossier/model"
	"dossier/ui/common"
)

// View draws the visible lines and a status line; lines wider than the pane
// (a rendering for an older width) are cut, never wrapped.
func (m *Model) View() string {
	s := m.c.Styles
	w, h := m.c.Width, m.c.Height
	if w <= 0 || h <= 0 {
		return ""
	}
	if m.mode == modeLink {
		return m.linkView()
	}
	if !m.open {
		msg := []string{
			s.Muted.Render("No article open."),
			"",
			s.Muted.Render("Open one from the Timeline, the Roadmap or a Search (/);"),
			s.Muted.Render("beside a list, the article under its cursor is shown here."),
		}
		for i := range msg {
			msg[i] = common.PadRight(msg[i], w)
		}
		for len(msg) < h {
			msg = append(msg, strings.Repeat(" ", w))
		}
		return strings.Join(msg[:h], "\n")
	}
	body := make([]string, 0, h)
	if m.raw == nil || m.raw.key.ID != m.art.ID {
		body = append(body, s.Muted.Render("rendering "+model.SanitizeLine(m.art.Title)+" …"))
	} else {
		end := min(m.vp.YOffset+m.vp.Height, len(m.lines))
		body = append(body, m.lines[min(m.vp.YOffset, end):end]...)
	}
	for i := range body {
		body[i] = common.PadRight(body[i], w)
	}
	for len(body) < m.vp.Height {
		body = append(body, strings.Repeat(" ", w))
	}
	return strings.Join(body, "\n") + "\n" + m.statusLine()
}

// statusLine shows the find prompt, or the position, match counter and
// any message.
func (m *Model) statusLine() string {
	s := m.c.Styles
	w := m.c.Width
	if m.mode == modeFind {
		return common.PadRight(m.find.View(), w)
	}
	pct := 100
	if n := len(m.lines); n > m.vp.Height {
		pct = min(100, (m.vp.YOffset+m.vp.Height)*100/n)
	}
	right := fmt.Sprintf("%d%%", pct)
	if len(m.refs) > 1 {
		right = fmt.Sprintf("article %d/%d · %s", m.pos+1, len(m.refs), right)
	}
	left := ""
	switch {
	case m.raw == nil || m.raw.key.ID != m.art.ID:
		left = s.Muted.Render("rendering…")
	case m.status != "":
		left = s.Warning.Render(model.SanitizeLine(m.status))
	case len(m.marks) > 0:
		left = s.Accent.Render(fmt.Sprintf("%d/%d", m.current+1, len(m.marks)))
		if m.label != "" {
			left += s.Muted.Render(" " + model.SanitizeLine(m.label))
		}
	default:
		left = s.Muted.Render(model.Escape(m.art.ID))
	}
	if m.removed != nil && m.status == "" {
		left = s.Warning.Render("removed from the corpus folder · ") + left
	}
	if m.preview {
		left = s.Faint.Render("preview · ") + left
	}
	right = s.Muted.Render(right)
	gap := w - common.Width(left) - common.Width(right)
	if gap < 1 {
		return common.PadRight(left, w)
	}
	return left + strings.Repeat(" ", gap) + right
}
