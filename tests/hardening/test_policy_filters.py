"""Each visibility rule of app/policy.py written as SQL for listings agrees with its predicate, for every role."""
from __future__ import annotations

from flask_login import AnonymousUserMixin
from sqlalchemy import select

from app import policy
from app.amendments.models import Amendment
from app.extensions import db
from app.members.models import Person
from tests.hardening.world import EMAILS, ROLES


def user_of(role: str):
    if role == "visitor":
        return AnonymousUserMixin()
    return db.session.scalar(select(Person).where(Person.email == EMAILS[role]))


def test_amendment_visibility_in_sql_agrees_with_can_see_amendment(world):
    with world.app.app_context():
        amendments = list(db.session.scalars(select(Amendment)))
        assert any(amendment.status == "draft" for amendment in amendments)
        for role in ROLES:
            user = user_of(role)
            by_predicate = {a.id for a in amendments if policy.can_see_amendment(user, a)}
            by_sql = set(db.session.scalars(select(Amendment.id).where(policy.amendment_visibility(user, Amendment))))
            assert by_sql == by_predicate, role
