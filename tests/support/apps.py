"""The application of a test on a fresh schema: made, context pushed, engine closed after."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask

from app import create_app
from app.extensions import db
from config import TestConfig
from tests.support.client import FreshContextClient


@contextmanager
def fresh_app(database_url: str, **config) -> Iterator[Flask]:
    """The app on `database_url` with every table created and its context pushed for the test.

    Its test client gives each request a context of its own (FreshContextClient), as a server would."""
    application = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url, **config)
    application.test_client_class = FreshContextClient
    with application.app_context():
        db.create_all()
        yield application
        db.session.remove()
        db.engine.dispose()
