"""The charter of the amendments tests (slug `charte`) and a helper to adopt a new version of it."""
from __future__ import annotations

from app.db_types import utcnow
from app.documents.services import create_version
from app.extensions import db
from tests.amendments.conftest import CHARTER, charter  # noqa: F401  (fixture)


def adopt_new_version(document, author) -> int:
    """Adopt the next charter version directly (as a merged amendment would)."""
    version = create_version(document, CHARTER + "\nUne clause de plus.\n", author=author, now=utcnow(),
                             summary="Nouvelle version")
    db.session.commit()
    return version.number
