package cli

import (
	"context"
	"runtime/debug"

	"dossier/index"
)

// BuildIndex fills the index, collecting garbage more often meanwhile so the
// peak heap stays close to the live heap (index.BuildGCPercent).
func BuildIndex(ctx context.Context, ix *index.Index) error {
	old := debug.SetGCPercent(index.BuildGCPercent)
	defer debug.SetGCPercent(old)
	return ix.Build(ctx, nil)
}
