"""An amendment ready to be put to the vote."""
from __future__ import annotations

from datetime import timedelta

import pytest

from app.amendments import services as amendments
from app.db_types import utcnow
from app.extensions import db
from tests.amendments.conftest import CHARTER, amended, charter  # noqa: F401  (fixture)


@pytest.fixture
def amendment(charter, people):  # noqa: F811
    """An amendment whose discussion period is over (the charter's rules: 0.5 / 0.5 / 7 d / 7 d)."""
    made = amendments.create_amendment(
        charter, author=people["member_a"], title="Vendre", rationale="Plus clair.",
        markdown=amended(CHARTER, "revendre", "vendre"), base_number=1, now=utcnow() - timedelta(days=20))
    db.session.commit()
    return made
