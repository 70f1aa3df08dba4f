"""Stream generated text token by token to a page that POSTs a prompt and can stop the stream."""

import json
import time
import unicodedata

from flask import Flask, Response, abort, render_template, request

app = Flask(__name__)
# Seconds the stand-in model takes to make each token. The tests set less.
app.config["STREAM_INTERVAL"] = 0.1
# Make the stand-in model fail after this many tokens (None: never), to see an
# error in the middle of a stream: FLASK_FAIL_AFTER=3 flask --app ... run
app.config["FAIL_AFTER"] = None
# Werkzeug refuses a larger body with 413 when the view reads it.
app.config["MAX_CONTENT_LENGTH"] = 16 * 1024
# FLASK_FAIL_AFTER=3 (or FLASK_STREAM_INTERVAL=1) in the environment overrides these.
app.config.from_prefixed_env()

MAX_PROMPT_CHARS = 2000
MAX_TOKENS = 500
DEFAULT_MAX_TOKENS = 60


# [start model]
class ModelError(Exception):
    """The model failed while it was generating."""


REPLY = (
    "Streaming sends each token as soon as the model makes it, so the reader "
    "sees the answer grow instead of waiting for the whole of it."
)


def generate_tokens(prompt, max_tokens, interval, fail_after=None):
    """Stand-in for a slow language model: one token every ``interval`` seconds."""
    words = [*prompt.split(), "-", *REPLY.split()]
    made = 0
    try:
        while made < max_tokens:
            if made == fail_after:
                raise ModelError(f"the model failed after {made} tokens")
            time.sleep(interval)  # the model "thinks"
            token = (" " if made else "") + words[made % len(words)]
            made += 1
            yield token
    finally:
        # Runs when the reply is complete, and when the view closes the model
        # early because the client has gone away.
        app.logger.info("model stopped after %d of %d tokens", made, max_tokens)


# [end model]


# [start input]
def reject(status, message):
    """Stop the request with ``status`` and a JSON error, before any of the stream is sent."""
    abort(Response(json.dumps({"error": message}) + "\n", status, mimetype="application/json"))


def refuse_constant(name):
    raise ValueError(f"{name} is not JSON")


def unique_keys(pairs):
    keys = [key for key, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ValueError("a key is given twice")
    return dict(pairs)


def read_request():
    """The prompt and the token limit from the JSON body, checked before the stream starts."""
    if request.mimetype != "application/json":
        reject(415, "Send the request as JSON, with Content-Type: application/json.")
    try:
        # Strict: UTF-8 only, no NaN or Infinity, no key given twice.
        body = json.loads(
            request.get_data().decode("utf-8"), parse_constant=refuse_constant, object_pairs_hook=unique_keys
        )
    except ValueError:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        reject(400, "The body must be one JSON object in UTF-8, with each key once.")
    if not isinstance(body, dict) or not body.keys() <= {"prompt", "max_tokens"}:
        reject(400, 'The body must be a JSON object with "prompt" and, optionally, "max_tokens".')
    prompt = body.get("prompt")
    if not isinstance(prompt, str) or not prompt.strip() or len(prompt) > MAX_PROMPT_CHARS:
        reject(400, f'"prompt" must be a string of 1 to {MAX_PROMPT_CHARS} characters, not only spaces.')
    # Control characters and lone surrogates (JSON allows "\ud800") are not text.
    if any(unicodedata.category(char) in ("Cc", "Cs") and char not in "\r\n\t" for char in prompt):
        reject(400, '"prompt" must be text: no control characters but line breaks and tabs.')
    max_tokens = body.get("max_tokens", DEFAULT_MAX_TOKENS)
    # bool is a subclass of int: true would count as 1.
    if type(max_tokens) is not int or not 1 <= max_tokens <= MAX_TOKENS:
        reject(400, f'"max_tokens" must be a whole number from 1 to {MAX_TOKENS}.')
    return prompt, max_tokens


# [end input]


# [start page]
@app.get("/")
def page():
    return render_template("tokens.html", max_tokens=MAX_TOKENS, max_prompt=MAX_PROMPT_CHARS)


# [end page]


# [start stream]
def record(**fields):
    return json.dumps(fields) + "\n"


@app.post("/generate")
def generate():
    prompt, max_tokens = read_request()  # a 400 or 415 here, before the stream
    tokens = generate_tokens(prompt, max_tokens, app.config["STREAM_INTERVAL"], app.config["FAIL_AFTER"])

    def stream():
        sent = 0
        try:
            # At once, before the first token: the status line and headers
            # leave with it, and the client knows the request was accepted.
            yield record(started=True, max_tokens=max_tokens)
            for token in tokens:
                sent += 1  # counted when handed to the server
                yield record(token=token)
            yield record(done=True, tokens=sent)
        except ModelError:
            # The status line has gone: say so in the stream, in a final record.
            app.logger.exception("generation failed after %d tokens", sent)
            yield record(error="The model failed. Try again.", tokens=sent)
        finally:
            tokens.close()  # stop the model now, not when it is garbage-collected
            app.logger.info("token stream closed after %d of %d tokens sent", sent, max_tokens)

    return Response(stream(), mimetype="application/x-ndjson", headers={"X-Accel-Buffering": "no"})


# [end stream]
