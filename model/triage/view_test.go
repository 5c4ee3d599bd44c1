package triage

import (
	"context"
	"testing"

	"dossier/model/review"
)

// TestViewPerPerson: the roadmap's filter and order are kept per person
// in the store; a stored filter this build cannot read is dropped.
func TestViewPerPerson(t *testing.T) {
	ctx := context.Background()
	st, err := review.OpenSQLite(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	us, _ := review.UserStateOf(st)
	if v, bad, err := LoadView(ctx, us, "alice"); err != nil || bad || v != (View{}) {
		t.Fatalf("a view never saved: %+v %v %v", v, bad, err)
	}
	want := View{Filter: "status:at-risk quiet:>365d", Order: OrderQuietest}
	if err := SaveView(ctx, us, "alice", want); err != nil {
		t.Fatal(err)
	}
	if err := SaveView(ctx, us, "bob", View{Filter: "status:late"}); err == nil {
		t.Error("a bad filter was saved")
	}
	if v, bad, err := LoadView(ctx, us, "alice"); err != nil || bad || v != want {
		t.Errorf("alice's view: %+v %v %v", v, bad, err)
	}
	if v, _, _ := LoadView(ctx, us, "bob"); v != (View{}) {
		t.Errorf("bob sees %+v", v)
	}
	if err := us.SetSetting(ctx, "bob", SettingFilter, "colour:red"); err != nil {
		t.Fatal(err)
	}
	if err := us.SetSetting(ctx, "bob", SettingOrder, "alphabetical"); err != nil {
		t.Fatal(err)
	}
	if v, bad, err := LoadView(ctx, us, "bob"); err != nil || !bad || v != (View{}) {
		t.Errorf("an unreadable stored view: %+v %v %v", v, bad, err)
	}
}
