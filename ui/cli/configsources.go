package cli

import (
	"fmt"

	"gopkg.in/yaml.v3"

	"dossier/index"
	"dossier/model/feeds"
)

// sources reads the config file's news feed sources; a match query must
// be valid in dossier's search syntax, without a person's sets (is:new).
func (p *configParser) sources(k, v *yaml.Node) {
	srcs, probs := feeds.ParseSources(v, matchQuery)
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

// matchQuery checks a source's match: query: it parses, and it does not
// name a person's set, since a fetch is nobody's.
func matchQuery(q string) error {
	if err := index.Parse(q); err != nil {
		return err
	}
	if sets := index.SetsIn(q); len(sets) > 0 {
		return fmt.Errorf("is:%s is a person's, a source's match: query cannot use it", sets[0])
	}
	return nil
}
