"""tests.apps.compressed with Flask-Compress's ``COMPRESS_STREAMS = False``."""

from tests.apps.compressed import create_app

app = create_app(compress_streams=False)
