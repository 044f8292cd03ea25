"""The activity report: the applications made in a date range, to prove a job search."""
