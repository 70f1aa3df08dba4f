"""Small apps that the live tests serve with gunicorn (``tests.apps.<name>:app``).

Each reuses a snippet's view or generator in a setting the snippet avoids: a body
read in a hook, a source that fails, a stream of fillers.
"""
