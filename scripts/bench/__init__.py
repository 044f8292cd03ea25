"""`make bench`: what users and operators pay for, each figure a ratio against a floor measured
in the same run (cold init, warm latency, SQL per request, load, scale, page weight, artifact).

Run it as `PYTHONPATH=scripts:backend python -m bench` (what `make bench` does); see
docs/performance.md for the figures and what each one compares.
"""
