"""The account: what a user keeps here, and "delete my data"."""
