"""A test client whose every request runs in its own application context, like in production.

The test itself holds an app context (to use the database directly); without this, requests
would share it, and with it `g`, the cached locale and the database session, hiding bugs.
"""
from __future__ import annotations

from flask.globals import _cv_app
from flask.testing import FlaskClient

from app.extensions import db


class FreshContextClient(FlaskClient):
    def open(self, *args, **kwargs):
        # The test's own transaction must not hold SQLite's write lock while the app writes.
        db.session.rollback()
        token = _cv_app.set(None)
        try:
            response = super().open(*args, **kwargs)
        finally:
            _cv_app.reset(token)
        # End the test's own transaction so it sees what the request committed.
        db.session.rollback()
        return response
