package feeds

import (
	"net/url"
	"slices"
	"strings"
)

// trackingParams are query parameters that say where a reader came from,
// not which article: they are dropped from the URLs dossier keeps.
var trackingParams = []string{"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "yclid", "_ga", "igshid"}

// CleanURL returns an entry's link as dossier keeps it: absolute (resolved
// against base), http or https, without its fragment and without tracking
// parameters (utm_…, fbclid, …); "" when it is none of these.
func CleanURL(raw, base string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	if !u.IsAbs() && base != "" {
		b, err := url.Parse(base)
		if err != nil {
			return ""
		}
		u = b.ResolveReference(u)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" || u.Hostname() == "" || u.User != nil {
		return ""
	}
	u.Host = strings.ToLower(u.Host)
	if p := u.Port(); p == "80" && u.Scheme == "http" || p == "443" && u.Scheme == "https" {
		u.Host = u.Hostname()
		if strings.Contains(u.Host, ":") {
			u.Host = "[" + u.Host + "]"
		}
	}
	u.Fragment, u.RawFragment = "", ""
	if u.RawQuery != "" {
		q := u.Query()
		for k := range q {
			lk := strings.ToLower(k)
			if strings.HasPrefix(lk, "utm_") || slices.Contains(trackingParams, lk) {
				q.Del(k)
			}
		}
		if len(q) == 0 {
			u.RawQuery = ""
		} else if len(q) != len(u.Query()) {
			u.RawQuery = q.Encode()
		}
	}
	if u.Path == "" {
		u.Path = "/"
	}
	return u.String()
}

// URLKey is what two links to one article have in common: the clean URL
// without its scheme (a site that serves both http and https serves one
// article) and without a trailing slash. "" for what is not a web link.
func URLKey(raw string) string {
	c := CleanURL(raw, "")
	if c == "" {
		return ""
	}
	_, rest, _ := strings.Cut(c, "://")
	if i := strings.IndexAny(rest, "?"); i < 0 {
		rest = strings.TrimSuffix(rest, "/")
	}
	return rest
}
