"""A live Palabre served from a thread, for the browser tests."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from werkzeug.serving import make_server


def buffered(app):
    """Read each response whole and close it before Werkzeug writes it.

    When Chromium drops a connection, Werkzeug's development server can skip
    closing the response (its clean-up reads the dropped socket first), which
    leaves a static file open and, with warnings turned into errors, fails
    whichever test runs next. A buffered body owns no file.
    """
    def serve(environ, start_response):
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()
    return serve


@contextmanager
def served(app) -> Iterator[str]:
    """Serve ``app`` on a free port of 127.0.0.1; yields its base URL."""
    server = make_server("127.0.0.1", 0, buffered(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
