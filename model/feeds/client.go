package feeds

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	"dossier/model"
)

// UserAgent names dossier to the servers it fetches from.
const UserAgent = "dossier-fetch/1 (news feed reader of the dossier dashboard; one request at a time per host)"

// Defaults of a Client.
const (
	DefaultDelay       = time.Second      // between two requests to one host
	DefaultTimeout     = 30 * time.Second // one request, body included
	DefaultMaxFeed     = 16 << 20         // bytes of one feed, after decompression
	DefaultMaxPage     = 32 << 20         // bytes of one page or PDF, after decompression (the importer's own cap)
	MaxRedirects       = 5
	dialTimeout        = 10 * time.Second
	tlsTimeout         = 10 * time.Second
	responseHeaderWait = 20 * time.Second
)

// ClientOptions tune a Client; zero values take the defaults.
type ClientOptions struct {
	Delay   time.Duration // pause between two requests to one host; negative: none
	Timeout time.Duration // for one request, from sending it to the body's last byte
	MaxFeed int64         // largest feed read
	MaxPage int64         // largest page read
	// Dial, when set, decides whether an address may be connected to: it
	// is called with the IP and port each connection goes to (after DNS),
	// and an error refuses it. Tests use it to allow loopback only.
	Dial func(ip net.IP, port int) error
}

// Client fetches feeds and pages politely: one request at a time per host
// with Delay between them, redirects followed by hand (each hop waits its
// turn at its own host) up to MaxRedirects, http and https only, a
// User-Agent naming dossier, and every body capped after decompression.
// It is safe for concurrent use.
type Client struct {
	opt  ClientOptions
	http *http.Client
	gate *hostGate
}

// NewClient makes a client.
func NewClient(o ClientOptions) *Client {
	if o.Delay == 0 {
		o.Delay = DefaultDelay
	}
	if o.Delay < 0 {
		o.Delay = 0
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxFeed <= 0 {
		o.MaxFeed = DefaultMaxFeed
	}
	if o.MaxPage <= 0 {
		o.MaxPage = DefaultMaxPage
	}
	d := &net.Dialer{Timeout: dialTimeout, KeepAlive: 30 * time.Second}
	if o.Dial != nil {
		check := o.Dial
		d.Control = func(network, address string, _ syscall.RawConn) error {
			host, port, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			var p int
			fmt.Sscan(port, &p)
			return check(net.ParseIP(host), p)
		}
	}
	tr := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           d.DialContext,
		TLSHandshakeTimeout:   tlsTimeout,
		ResponseHeaderTimeout: responseHeaderWait,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       30 * time.Second,
		ForceAttemptHTTP2:     true,
		// Compression stays on: the transport asks for gzip and inflates
		// as the body is read, so the caps below count inflated bytes.
	}
	return &Client{
		opt: o,
		http: &http.Client{
			Transport:     tr,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		gate: newHostGate(o.Delay),
	}
}

// Validators make a GET conditional.
type Validators struct {
	ETag         string
	LastModified string
}

// Response is a fetched body.
type Response struct {
	URL         string // where it came from, after redirects
	Status      int
	ContentType string
	Body        []byte
	NotModified bool       // 304: Body is empty
	Validators  Validators // what the server gave for the next conditional GET
}

// FetchError says why a fetch failed; Permanent ones will fail again
// (a 404, a page over the size cap, a scheme dossier does not fetch), the
// others may not (a timeout, a 503, a connection refused).
type FetchError struct {
	URL       string
	Reason    string // short: "timeout", "HTTP 500 Internal Server Error"
	Permanent bool
}

// Error gives the reason.
func (e *FetchError) Error() string { return e.Reason }

func failf(u string, permanent bool, format string, args ...any) *FetchError {
	return &FetchError{URL: u, Reason: fmt.Sprintf(format, args...), Permanent: permanent}
}

// Feed fetches a feed, conditionally when v holds validators.
func (c *Client) Feed(ctx context.Context, u string, v Validators) (*Response, error) {
	return c.get(ctx, u, v, c.opt.MaxFeed, "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5", "feed")
}

// Page fetches an entry's page (HTML, PDF or text).
func (c *Client) Page(ctx context.Context, u string) (*Response, error) {
	return c.get(ctx, u, Validators{}, c.opt.MaxPage, "text/html, application/xhtml+xml, application/pdf;q=0.9, text/plain;q=0.8, */*;q=0.5", "page")
}

// get fetches u, following redirects by hand.
func (c *Client) get(ctx context.Context, raw string, v Validators, limit int64, accept, what string) (*Response, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, failf(raw, true, "not a URL")
	}
	for hop := 0; ; hop++ {
		if u.Scheme != "http" && u.Scheme != "https" {
			return nil, failf(u.String(), true, "refused: only http and https are fetched, not %s:", model.Escape(u.Scheme))
		}
		if u.Host == "" {
			return nil, failf(u.String(), true, "refused: no host in %s", model.Escape(u.String()))
		}
		res, next, err := c.once(ctx, u, v, limit, accept, what)
		if err != nil || next == nil {
			return res, err
		}
		if hop >= MaxRedirects {
			return nil, failf(raw, true, "more than %d redirects (a redirect loop?)", MaxRedirects)
		}
		u = next
		v = Validators{} // validators belong to the first URL
	}
}

// once sends one request, waiting for its host's turn, and reads the
// answer; next is set when the answer is a redirect.
func (c *Client) once(ctx context.Context, u *url.URL, v Validators, limit int64, accept, what string) (*Response, *url.URL, error) {
	release, err := c.gate.acquire(ctx, u.Host)
	if err != nil {
		return nil, nil, err
	}
	defer release()
	rctx, cancel := context.WithTimeout(ctx, c.opt.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, nil, failf(u.String(), true, "bad request: %v", err)
	}
	req.Header.Set("User-Agent", UserAgent)
	req.Header.Set("Accept", accept)
	if v.ETag != "" {
		req.Header.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		req.Header.Set("If-Modified-Since", v.LastModified)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, nil, c.netError(ctx, u.String(), err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotModified:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return &Response{URL: u.String(), Status: resp.StatusCode, NotModified: true, Validators: v}, nil, nil
	case resp.StatusCode >= 300 && resp.StatusCode < 400 && resp.Header.Get("Location") != "":
		next, err := u.Parse(resp.Header.Get("Location"))
		if err != nil {
			return nil, nil, failf(u.String(), true, "a redirect to a bad address")
		}
		next.Fragment = ""
		return nil, next, nil
	case resp.StatusCode != http.StatusOK:
		permanent := resp.StatusCode >= 400 && resp.StatusCode < 500 && resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusRequestTimeout
		return nil, nil, failf(u.String(), permanent, "HTTP %s", model.SanitizeLine(resp.Status))
	}
	if resp.ContentLength > limit {
		return nil, nil, failf(u.String(), true, "the %s is %s, over the %s dossier reads", what, model.HumanBytes(resp.ContentLength), model.HumanBytes(limit))
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, nil, c.netError(ctx, u.String(), err)
	}
	if int64(len(body)) > limit {
		return nil, nil, failf(u.String(), true, "the %s is over the %s dossier reads (uncompressed)", what, model.HumanBytes(limit))
	}
	return &Response{
		URL: u.String(), Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Body: body,
		Validators: Validators{ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")},
	}, nil, nil
}

// netError turns a transport error into a short reason.
func (c *Client) netError(ctx context.Context, u string, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var ne net.Error
	var dnsErr *net.DNSError
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return failf(u, false, "timeout after %s", c.opt.Timeout)
	case errors.As(err, &dnsErr):
		return failf(u, false, "cannot find the host %s", model.Escape(dnsErr.Name))
	case errors.Is(err, syscall.ECONNREFUSED):
		return failf(u, false, "connection refused")
	case strings.Contains(err.Error(), "refused by dossier"):
		return failf(u, true, "refused: %s", model.SanitizeLine(lastPart(err.Error())))
	}
	return failf(u, false, "%s", model.SanitizeLine(lastPart(err.Error())))
}

// lastPart drops the "Get "URL": " and "dial tcp …:" prefixes of a net error.
func lastPart(s string) string {
	if i := strings.LastIndex(s, ": "); i >= 0 && i+2 < len(s) {
		return s[i+2:]
	}
	return s
}

// LoopbackOnly is a ClientOptions.Dial that allows loopback addresses only
// (127.0.0.0/8, ::1): tests use it, so that nothing leaves the machine.
func LoopbackOnly(ip net.IP, _ int) error {
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("refused by dossier: %v is not a loopback address", ip)
	}
	return nil
}
