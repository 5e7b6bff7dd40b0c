"""Two-factor log-in: setting it up in the dashboard, and the codes it checks."""
