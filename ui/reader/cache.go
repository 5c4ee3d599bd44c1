package reader

// cache keeps the most recent renderings, evicting the oldest.
type cache struct {
	max   int
	items map[renderKey]*rendered
	order []renderKey
}

func newCache(n int) *cache { return &cache{max: n, items: map[renderKey]*rendered{}} }

func (c *cache) get(k renderKey) (*rendered, bool) {
	r, ok := c.items[k]
	return r, ok
}

func (c *cache) put(r *rendered) {
	if _, ok := c.items[r.key]; ok {
		return
	}
	if len(c.order) >= c.max {
		delete(c.items, c.order[0])
		c.order = c.order[1:]
	}
	c.items[r.key] = r
	c.order = append(c.order, r.key)
}
