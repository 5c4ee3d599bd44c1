module github.com/microcosm-cc/bluemonday

go 1.22

require golang.org/x/net v0.58.0
