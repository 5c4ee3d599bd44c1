package timeline

import "dossier/model"

// FromCorpus converts a corpus into the timeline's documents.
func FromCorpus(c *model.Corpus) []Doc {
	docs := make([]Doc, len(c.Articles))
	for i, a := range c.Articles {
		docs[i] = Doc{ID: a.ID, Title: a.Title, Text: a.Body, Lang: a.Lang, Date: a.Date,
			DatePrecision: precisionOf(a.Precision), TranslationOf: a.TranslationOf}
	}
	return docs
}

// precisionOf maps a corpus date precision to the timeline's.
func precisionOf(p model.Precision) Precision {
	switch p {
	case model.Day:
		return Day
	case model.Month:
		return Month
	case model.Year:
		return Year
	}
	return Unknown
}
