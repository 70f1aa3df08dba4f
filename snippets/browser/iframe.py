"""No JavaScript: an <iframe> shows a streamed HTML document as it arrives."""

from flask import Flask, render_template, stream_template

# The same job and the same check of `count` as the fetch() example.
from snippets.browser.fetch_stream import read_count, run_job

app = Flask(__name__)
# Seconds between items, so that you can watch them arrive. The tests set 0.
app.config["STREAM_INTERVAL"] = 0.5


@app.get("/")
def page():
    return render_template("iframe.html")


# [start stream]
@app.get("/frame")
def frame():
    count = read_count()
    messages = run_job(count, app.config["STREAM_INTERVAL"])
    # The template is rendered while the response is sent: each message is
    # escaped (autoescaping) and written out as soon as the loop reaches it.
    return stream_template("iframe_frame.html", messages=messages)


# [end stream]
