"""Three amendments rewriting one clause of the charter, and five member organisations to rank them."""
from __future__ import annotations

from datetime import timedelta

import pytest

from app.amendments import services as amendments
from app.db_types import utcnow
from app.extensions import db
from tests.amendments.conftest import CHARTER, amended, charter  # noqa: F401  (fixture)

CLAUSE = "Ne jamais revendre les données."
WORDINGS = {"Vendre": "Ne jamais vendre les données.", "Céder": "Ne jamais céder les données.",
            "Transmettre": "Ne jamais transmettre les données."}


@pytest.fixture
def rivals(charter, people):  # noqa: F811
    """Three amendments to clause 2, their discussion periods over (the charter's rules: 7 days)."""
    made = [amendments.create_amendment(charter, author=people["member_a"], title=title, rationale="Plus clair.",
                                        markdown=amended(CHARTER, CLAUSE, text), base_number=1,
                                        now=utcnow() - timedelta(days=20))
            for title, text in WORDINGS.items()]
    db.session.commit()
    return made


@pytest.fixture
def five(people, make_organisation, make_person):
    """Five member organisations' delegates: A and B of `people`, and C, D, E."""
    extra = {}
    for slug in ("c", "d", "e"):
        organisation = make_organisation(f"org-{slug}x", name=f"Organisation {slug.upper()}")
        extra[slug] = make_person(f"delegate@{slug}x.example", organisation, delegate=True)
    return {"a": people["delegate_a"], "b": people["delegate_b"], **extra}
