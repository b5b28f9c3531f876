"""Fixtures of the document tests: documents with a history, made in one call."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from app.documents import services
from app.extensions import db

T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)


@pytest.fixture
def make_document(app):
    """make_document(slug, text_v1, text_v2, …): a committed document with one version per text."""
    def make(slug: str, *texts: str, title: str | None = None, author=None):
        document = services.create_document(slug, title or slug.title(), texts[0], author=author, now=T0,
                                            summary="Première version")
        for n, text in enumerate(texts[1:], start=2):
            services.create_version(document, text, author=author, now=T0 + timedelta(days=n), summary=f"v{n}")
        db.session.commit()
        return document
    return make
