// Package common holds what every pane of the dashboard shares: the Common
// value (size, styles, keymap, renderer) passed to each component, the theme,
// the messages panes send each other, and a selectable list.
package common
