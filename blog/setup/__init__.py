"""First start: the blog and its author created from the browser, with a one-time code."""
