package common

import (
	"context"

	"dossier/index/library"
	"dossier/model/review"
)

// IDSetOf is the corpus's ids of snap checked once for every session that
// counts new articles over them (review.UserState.NewArticlesIn).
func IDSetOf(ctx context.Context, snap *library.Snapshot) (*review.IDSet, error) {
	v, err := snap.Value(ctx, "review.IDSet", func() any {
		return review.NewIDSet(snap.Corpus.IDs(), snap.Corpus.Position)
	})
	if err != nil {
		return nil, err
	}
	return v.(*review.IDSet), nil
}
