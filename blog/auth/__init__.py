"""The author's log-in."""
