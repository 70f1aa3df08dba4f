"""What the demo pages show, and how fast they show it under test."""

# Every demo page shows eight steps of the example job, then "Done.".
STEPS = [f"Step {n} of 8 finished" for n in range(1, 9)]

# gunicorn options for a demo: items 0.2 s apart instead of 0.5 s (tests/gunicorn_conf.py
# reads FLASK_* settings). The seven gaps (1.4 s) still outlast the longest pause (1 s)
# between two polls of Playwright's expect(), so "the first item is shown before the
# last" stays a claim that a buffered stream fails.
QUICK = ("--env", "FLASK_STREAM_INTERVAL=0.2")
