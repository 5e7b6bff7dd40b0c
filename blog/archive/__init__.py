"""The blog archive: posts by year and month."""
