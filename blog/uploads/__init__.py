"""Image uploads."""
