package timeline

import "dossier/model"

// FromCorpus converts a corpus into the timeline's documents, texts read.
func FromCorpus(c *model.Corpus) []Doc {
	docs := make([]Doc, len(c.Articles))
	for i, a := range c.Articles {
		text, _ := c.Text(a.ID)
		docs[i] = DocOf(a, text)
	}
	return docs
}

// DocOf is an article as the timeline sees it; text may be "" where only
// metadata is needed (References, Assemble).
func DocOf(a model.Article, text string) Doc {
	return Doc{ID: a.ID, Title: a.Title, Text: text, Lang: a.Lang, Date: a.Date,
		DatePrecision: precisionOf(a.Precision), TranslationOf: a.TranslationOf}
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
