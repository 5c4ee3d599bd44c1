package review

import (
	"encoding/json"
	"fmt"
)

// Evidence decodes the evidence added (FieldEvidenceAdd) or removed (FieldEvidenceRemove) by the change.
func (c Change) Evidence() (Evidence, error) {
	var raw string
	switch c.Field {
	case FieldEvidenceAdd:
		raw = c.New
	case FieldEvidenceRemove:
		raw = c.Old
	default:
		return Evidence{}, invalid("change %d is a %s change, not evidence", c.ID, c.Field)
	}
	var r evidenceRecord
	if err := json.Unmarshal([]byte(raw), &r); err != nil {
		return Evidence{}, fmt.Errorf("review: change %d: bad evidence record: %w", c.ID, err)
	}
	at, err := parseTime(r.At)
	if err != nil {
		return Evidence{}, fmt.Errorf("review: change %d: %w", c.ID, err)
	}
	return Evidence{ID: r.ID, ItemID: r.ItemID, ArticleID: r.ArticleID, Start: r.Start, End: r.End,
		Quote: r.Quote, By: r.By, At: at}, nil
}

// evidenceRecord is how evidence is written into history rows.
type evidenceRecord struct {
	ID        int64  `json:"id"`
	ItemID    string `json:"item_id"`
	ArticleID string `json:"article_id"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Quote     string `json:"quote"`
	By        string `json:"by"`
	At        string `json:"at"`
}

func encodeEvidence(e Evidence) (string, error) {
	b, err := json.Marshal(evidenceRecord{ID: e.ID, ItemID: e.ItemID, ArticleID: e.ArticleID,
		Start: e.Start, End: e.End, Quote: e.Quote, By: e.By, At: formatTime(e.At)})
	return string(b), err
}
