"""Helpers with no web or feature knowledge: the database's time type and SQLite
set-up, the blog's calendar (time zone, dates), and the instance folder's secret key."""
