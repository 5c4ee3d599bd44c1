package cli

import (
	"gopkg.in/yaml.v3"

	"dossier/index"
	"dossier/model/feeds"
)

// sources reads the config file's news feed sources; a match query must
// be valid in dossier's search syntax.
func (p *configParser) sources(k, v *yaml.Node) {
	srcs, probs := feeds.ParseSources(v, index.Parse)
	for _, pr := range probs {
		p.fail(pr.Line, "sources", pr.Msg)
	}
	if len(probs) == 0 {
		p.cfg.Sources, p.cfg.SourcesLine = srcs, k.Line
	}
}

// sourcesSetting is the sources as `dossier config` shows them: their
// names, from the config file or nowhere.
func sourcesSetting(cfg *Config) Setting {
	s := Setting{Key: "sources", Origin: Origin{Source: SourceDefault}, kind: kindSources}
	if cfg == nil || cfg.SourcesLine == 0 {
		return s
	}
	s.Origin = Origin{Source: SourceConfig, Name: cfg.Path, Line: cfg.SourcesLine}
	for _, src := range cfg.Sources {
		s.Values = append(s.Values, src.Name)
	}
	return s
}
