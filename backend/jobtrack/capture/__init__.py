"""Capturing a posting: reading it out of a page the browser sends, and the jobs it duplicates."""
