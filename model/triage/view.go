package triage

import (
	"context"

	"dossier/model/review"
)

// Keys of the per-person settings (review.UserState) that keep the
// roadmap as a person left it.
const (
	SettingFilter = "roadmap.filter"
	SettingOrder  = "roadmap.order"
)

// View is the roadmap's filter and order as a person left them.
type View struct {
	Filter string // as typed; "" for none
	Order  Order
}

// LoadView reads who's roadmap view. A view never saved is the catalogue
// unfiltered; a stored filter or order this build cannot read (a newer
// dossier's) is dropped rather than refused, and bad says so.
func LoadView(ctx context.Context, us review.UserState, who string) (v View, bad bool, err error) {
	set, err := us.Settings(ctx, who, SettingFilter, SettingOrder)
	if err != nil {
		return View{}, false, err
	}
	if f, ok := set[SettingFilter]; ok {
		if _, perr := ParseFilter(f); perr != nil {
			bad = true
		} else {
			v.Filter = f
		}
	}
	if o, ok := set[SettingOrder]; ok {
		if v.Order, err = ParseOrder(o); err != nil {
			v.Order, bad, err = OrderCatalogue, true, nil
		}
	}
	return v, bad, nil
}

// SaveView keeps who's roadmap view. The filter must parse (ParseFilter).
func SaveView(ctx context.Context, us review.UserState, who string, v View) error {
	if _, err := ParseFilter(v.Filter); err != nil {
		return err
	}
	if err := us.SetSetting(ctx, who, SettingFilter, v.Filter); err != nil {
		return err
	}
	return us.SetSetting(ctx, who, SettingOrder, v.Order.String())
}
