"""Full-text search over published posts."""
