"""Readers' comments: posting, spam signals and the author's moderation."""
