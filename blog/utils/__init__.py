"""Helpers with no web or feature knowledge: the database's time type and SQLite
set-up, the blog's calendar (time zone, dates), the instance folder's secret key, and
starting a web process's background threads once."""
