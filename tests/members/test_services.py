"""Services offered, signing the charter and leaving, tested without a request."""
from __future__ import annotations

from datetime import date

import pytest

from app.db_types import utcnow
from app.errors import Conflict, Invalid, NotAllowed
from app.extensions import db
from app.members import charter as charter_service
from app.members import queries
from app.members import services
from tests.members.conftest import adopt_new_version


def test_parse_services_reads_one_service_a_line():
    parsed = services.parse_services("Pads | Écriture à plusieurs | https://pad.example\n\nVisio\n")
    assert parsed == [
        {"name": "Pads", "description": "Écriture à plusieurs", "url": "https://pad.example"},
        {"name": "Visio", "description": "", "url": None},
    ]


@pytest.mark.parametrize("text", ["| sans nom", "Pads | x | javascript:alert(1)", "x" * 101,
                                  "\n".join(f"S{n}" for n in range(31))])
def test_parse_services_refuses_bad_lines(text):
    with pytest.raises(Invalid):
        services.parse_services(text)


def test_services_round_trip_and_filter_the_directory(people):
    org_a, org_b = people["org_a"], people["org_b"]
    services.set_services(org_a, services.parse_services("Pads | Écrire | https://pad.a.example\nVisio"))
    services.set_services(org_b, [{"name": "Visio"}])
    db.session.commit()
    assert services.format_services(org_a) == "Pads | Écrire | https://pad.a.example\nVisio"
    assert services.service_names() == ["Pads", "Visio"]
    assert [o.slug for o in queries.directory("Pads")["member"]] == ["org-a"]
    assert [o.slug for o in queries.directory("Visio")["member"]] == ["org-a", "org-b"]
    services.set_services(org_a, [])
    db.session.commit()
    assert queries.directory("Pads")["member"] == []


def test_signing_the_charter_in_force(charter, people):
    org_a = people["org_a"]
    assert charter_service.needs_signature(org_a)
    signature = charter_service.sign_charter(org_a, by=people["delegate_a"], version_number=1, now=utcnow())
    db.session.commit()
    assert (org_a.signed_charter_version, signature.signed_by) == (1, people["delegate_a"])
    assert not charter_service.needs_signature(org_a)
    with pytest.raises(Conflict):
        charter_service.sign_charter(org_a, by=people["delegate_a2"], version_number=1, now=utcnow())


def test_a_new_version_asks_for_a_new_signature(charter, people):
    org_a = people["org_a"]
    charter_service.sign_charter(org_a, by=people["delegate_a"], version_number=1, now=utcnow())
    new = adopt_new_version(charter, people["facilitator"])
    assert charter_service.needs_signature(org_a)
    assert org_a.signed_charter_version == 1  # "signed version 1" until it signs the new one
    with pytest.raises(Conflict):
        charter_service.sign_charter(org_a, by=people["delegate_a"], version_number=1, now=utcnow())
    charter_service.sign_charter(org_a, by=people["delegate_a"], version_number=new, now=utcnow())
    assert org_a.signed_charter_version == new
    assert [s.version_number for s in org_a.signatures] == [new, 1]


@pytest.mark.parametrize("role", ["member_a", "delegate_b", "facilitator", "candidate"])
def test_only_its_own_delegates_sign(charter, people, role):
    with pytest.raises(NotAllowed):
        charter_service.sign_charter(people["org_a"], by=people[role], version_number=1, now=utcnow())


def test_no_charter_means_nothing_to_sign(people):
    assert charter_service.charter_version_in_force() is None
    assert not charter_service.needs_signature(people["org_a"])


def test_leaving_keeps_a_public_reason_once(people):
    org_a = people["org_a"]
    services.leave_collective(org_a, reason="  Fin de l'association.  ", today=date(2026, 11, 1))
    assert (org_a.status, org_a.left_on, org_a.left_reason) == ("former", date(2026, 11, 1), "Fin de l'association.")
    assert not people["delegate_a"].is_member
    with pytest.raises(Conflict):
        services.leave_collective(org_a, reason="", today=date(2026, 11, 2))
