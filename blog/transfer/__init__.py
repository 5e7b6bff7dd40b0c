"""Moving a blog in and out: importers for Blogger and WordPress, JSON export, backup."""
