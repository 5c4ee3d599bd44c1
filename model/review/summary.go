package review

import (
	"fmt"
	"strings"
)

// Summary counts statuses as "2/3 reviewed · 1 at risk", naming the given
// statuses (in that order) when any item has them.
func Summary(sts []Status, mention ...Status) string {
	n := map[Status]int{}
	for _, s := range sts {
		n[s]++
	}
	parts := []string{fmt.Sprintf("%d/%d reviewed", len(sts)-n[Unreviewed], len(sts))}
	for _, s := range mention {
		if n[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[s], s))
		}
	}
	return strings.Join(parts, " · ")
}
