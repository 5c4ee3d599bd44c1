package common

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Theme is the colour scheme chosen with --theme.
type Theme int

// Themes. Auto picks Dark or Light from the terminal background.
const (
	ThemeAuto Theme = iota
	ThemeDark
	ThemeLight
	ThemeMono
)

// ParseTheme reads auto, dark, light or mono.
func ParseTheme(s string) (Theme, error) {
	switch strings.ToLower(s) {
	case "", "auto":
		return ThemeAuto, nil
	case "dark":
		return ThemeDark, nil
	case "light":
		return ThemeLight, nil
	case "mono", "none", "plain":
		return ThemeMono, nil
	}
	return ThemeAuto, fmt.Errorf("theme %q: use auto, dark, light or mono", s)
}

// String names the theme.
func (t Theme) String() string {
	return [...]string{"auto", "dark", "light", "mono"}[t]
}

// Resolve turns Auto into Dark or Light, and any theme into Mono when the
// profile has no colours (NO_COLOR, dumb terminals).
func (t Theme) Resolve(profile termenv.Profile, darkBackground bool) Theme {
	if profile == termenv.Ascii {
		return ThemeMono
	}
	if t == ThemeAuto {
		if darkBackground {
			return ThemeDark
		}
		return ThemeLight
	}
	return t
}

// GlamourStyle is the glamour standard style for the theme.
func (t Theme) GlamourStyle() string {
	switch t {
	case ThemeLight:
		return "light"
	case ThemeMono:
		return "notty"
	}
	return "dark"
}

// Palette is a theme's semantic colours.
type Palette struct {
	Text, Muted, Faint            lipgloss.TerminalColor
	Accent, AccentText            lipgloss.TerminalColor
	Border, FocusBorder           lipgloss.TerminalColor
	SelectedBG                    lipgloss.TerminalColor
	Error, Warning, Success, Info lipgloss.TerminalColor
}

// PaletteFor returns the colours of a resolved theme.
func PaletteFor(t Theme) Palette {
	switch t {
	case ThemeLight:
		return Palette{
			Text: lipgloss.Color("235"), Muted: lipgloss.Color("243"), Faint: lipgloss.Color("250"),
			Accent: lipgloss.Color("25"), AccentText: lipgloss.Color("231"),
			Border: lipgloss.Color("250"), FocusBorder: lipgloss.Color("25"), SelectedBG: lipgloss.Color("254"),
			Error: lipgloss.Color("160"), Warning: lipgloss.Color("130"), Success: lipgloss.Color("28"), Info: lipgloss.Color("31"),
		}
	case ThemeMono:
		n := lipgloss.NoColor{}
		return Palette{Text: n, Muted: n, Faint: n, Accent: n, AccentText: n, Border: n, FocusBorder: n, SelectedBG: n,
			Error: n, Warning: n, Success: n, Info: n}
	}
	return Palette{
		Text: lipgloss.Color("252"), Muted: lipgloss.Color("245"), Faint: lipgloss.Color("239"),
		Accent: lipgloss.Color("75"), AccentText: lipgloss.Color("16"),
		Border: lipgloss.Color("240"), FocusBorder: lipgloss.Color("75"), SelectedBG: lipgloss.Color("236"),
		Error: lipgloss.Color("203"), Warning: lipgloss.Color("214"), Success: lipgloss.Color("114"), Info: lipgloss.Color("117"),
	}
}

// HyperlinksFor reports whether a terminal of this TERM, drawn with this
// colour profile, is given OSC 8 hyperlinks: terminals that know them show
// links, and terminal emulators that do not ignore the sequence; text-mode
// consoles and dumb terminals (and the plain ASCII profile of NO_COLOR and
// the tests) get none.
func HyperlinksFor(term string, profile termenv.Profile) bool {
	if profile == termenv.Ascii {
		return false
	}
	t := strings.ToLower(term)
	switch {
	case t == "", t == "dumb", t == "linux", t == "ansi", strings.HasPrefix(t, "vt"), strings.HasPrefix(t, "cons"):
		return false
	}
	return true
}
