package timeline

import "dossier/model"

// FromCorpus converts a corpus into the extractor's documents.
func FromCorpus(c *model.Corpus) []Doc {
	docs := make([]Doc, len(c.Articles))
	for i, a := range c.Articles {
		p := Unknown
		switch a.Precision {
		case model.Day:
			p = Day
		case model.Month:
			p = Month
		case model.Year:
			p = Year
		}
		text, _ := c.Text(a.ID)
		docs[i] = Doc{ID: a.ID, Title: a.Title, Text: text, Lang: a.Lang, Date: a.Date, DatePrecision: p, TranslationOf: a.TranslationOf}
	}
	return docs
}
