"""gunicorn settings for the live-server tests: the chapter's recommended worker."""

import logging

workers = 1
worker_class = "gthread"
threads = 8
# The tests read what the snippets log (a stream's cleanup, say) from this log.
accesslog = "-"
loglevel = "info"
# Many servers run at once (one per test module and xdist worker), and by default
# each would open the same control socket in ~/.gunicorn/; the tests do not use it.
control_socket_disable = True


def post_worker_init(worker):
    # Flask's app.logger follows the root level; INFO makes app.logger.info() visible.
    logging.getLogger().setLevel(logging.INFO)
    # A test sets an app's config with gunicorn's --env: FLASK_STREAM_INTERVAL=0.2
    # becomes app.config["STREAM_INTERVAL"] = 0.2, as in Flask's own from_prefixed_env().
    worker.wsgi.config.from_prefixed_env()
