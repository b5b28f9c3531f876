"""A small charter to amend."""
from __future__ import annotations

import pytest

from app.amendments import lifecycle, merging
from app.db_types import utcnow
from app.documents.services import create_document
from app.extensions import db

CHARTER = """# Charte

## Engagements

1. Publier nos conditions d'utilisation.

2. Ne jamais revendre les données.

3. Héberger les données sur nos propres serveurs.

## Vie du collectif

Les décisions sont prises par les organisations membres.

Chaque organisation dispose d'une voix.
"""


@pytest.fixture
def charter(people):
    document = create_document("charte", "Charte", CHARTER, author=people["facilitator"], now=utcnow(),
                               summary="Version initiale")
    db.session.commit()
    return document


def amended(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new)


def adopt(amendment):
    """Accept as a closed vote would (the vote itself is tested with the votes)."""
    lifecycle.move(amendment, "voting", by=None, now=utcnow())
    return merging.accept_amendment(amendment, by=None, now=utcnow())
