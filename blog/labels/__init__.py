"""Label pages."""
