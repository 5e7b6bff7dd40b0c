"""Standing pages (About, Contact, a timeline) at /p/<slug>, and the navigation bar."""
