"""Web plumbing every page shares: error pages, security headers, the request log,
static file versioning, session cookies, input guards, the form base, saving with a
fallback when the database refuses, redirect and link checks, pagination and the
template helpers. Nothing here knows about a particular feature's pages."""
