package review

import (
	"context"
	"maps"
	"testing"
)

// TestSettingsReadsManyAtOnce: Settings gives, in one read, who's values of
// the keys asked for (an empty value too), none of another person's or of
// other keys, and leaves out the keys never set: what Setting gives one
// key at a time. Fails when who or the keys are not both matched.
func TestSettingsReadsManyAtOnce(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		us := b.open(t, b.fresh(t)).(UserState)
		for _, s := range []struct{ who, key, value string }{
			{"ann", "roadmap.filter", "status:open"},
			{"ann", "roadmap.order", ""},
			{"ann", "other", "not asked for"},
			{"bob", "roadmap.filter", "bob's"},
			{"bob", "never.asked", "x"},
		} {
			if err := us.SetSetting(ctx, s.who, s.key, s.value); err != nil {
				t.Fatal(err)
			}
		}
		keys := []string{"roadmap.filter", "roadmap.order", "never.set"}
		for _, tc := range []struct {
			who  string
			keys []string
			want map[string]string
		}{
			{"ann", keys, map[string]string{"roadmap.filter": "status:open", "roadmap.order": ""}},
			{"bob", keys, map[string]string{"roadmap.filter": "bob's"}},
			{"cid", keys, map[string]string{}},
			{"ann", []string{"other"}, map[string]string{"other": "not asked for"}},
			{"ann", nil, map[string]string{}},
		} {
			got, err := us.Settings(ctx, tc.who, tc.keys...)
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(got, tc.want) {
				t.Errorf("Settings(%s, %q) = %q; want %q", tc.who, tc.keys, got, tc.want)
			}
			for _, k := range tc.keys { // the same as one at a time
				v, ok, err := us.Setting(ctx, tc.who, k)
				if w, wok := tc.want[k]; err != nil || ok != wok || v != w {
					t.Errorf("Setting(%s, %s) = %q, %v, %v; Settings says %q, %v", tc.who, k, v, ok, err, w, wok)
				}
			}
		}
	})
}
