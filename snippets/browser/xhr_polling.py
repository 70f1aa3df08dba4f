"""The older way: XMLHttpRequest, with responseText checked on a timer."""

from flask import Flask, Response, render_template

# The same job and the same check of `count` as the fetch() example.
from snippets.browser.fetch_stream import read_count, run_job

app = Flask(__name__)
# Seconds between lines, so that you can watch them arrive. The tests set 0.
app.config["STREAM_INTERVAL"] = 0.5


@app.get("/")
def page():
    return render_template("xhr_polling.html")


# [start stream]
@app.get("/lines")
def lines():
    count = read_count()
    interval = app.config["STREAM_INTERVAL"]
    # One message per line: the client splits the text at the newlines.
    body = (f"{message}\n" for message in run_job(count, interval))
    # Without "nosniff", Chromium holds back the first 1024 bytes of a text/plain
    # response to XMLHttpRequest while it checks that the text is not binary.
    headers = {"X-Content-Type-Options": "nosniff"}
    return Response(body, mimetype="text/plain", headers=headers)


# [end stream]
