"""Track: follow every job application from applied to offer."""
