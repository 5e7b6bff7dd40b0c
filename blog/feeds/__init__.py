"""Feeds: Atom for feed readers."""
