"""The record as a hash chain: each entry's hash covers the previous one; GET /api/v1/audit exposes them."""
from __future__ import annotations

import threading

from sqlalchemy import select

from app.audit.models import AuditEntry
from app.audit.services import record, record_apart
from app.extensions import db
from app.record.chain import fields_of
from app.record.hashing import GENESIS, entry_hash
from app.record.verify import verify_audit


def entries() -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))


def test_each_entry_covers_the_previous_one(people):
    record("test.first", by=people["facilitator"], value=1)
    record("test.second", by=people["delegate_a"], value="é")
    db.session.commit()
    record_apart("test.apart", actor_id=None, organisation_id=None, public=False, size=3)
    record("test.third", public=False)
    db.session.commit()
    chain = entries()
    assert [e.seq for e in chain] == list(range(1, len(chain) + 1))
    previous = GENESIS
    for entry in chain:
        assert entry.prev == previous
        assert entry.hash == entry_hash(previous, fields_of(entry))
        previous = entry.hash


def test_a_rolled_back_entry_leaves_no_link(people):
    record("test.kept")
    db.session.commit()
    record("test.lost")
    db.session.rollback()
    record("test.after")
    db.session.commit()
    assert [e.kind for e in entries()] == ["test.kept", "test.after"]
    assert entries()[1].prev == entries()[0].hash


def test_the_api_gives_the_chain_and_hides_only_the_content_of_private_entries(client, people):
    record("test.public", by=people["delegate_a"], note="visible")
    record("test.private", public=False, note="secret")
    record("test.public_again")
    db.session.commit()
    items = client.get("/api/v1/audit?per_page=100").get_json()["items"]
    kinds = [item["action"] for item in items]
    assert kinds[-3:] == ["test.public", None, "test.public_again"]
    public, private, last = items[-3:]
    assert private["redacted"] and private["details"] is None and private["hash"]
    assert last["prev"] == private["hash"] and private["prev"] == public["hash"]
    # Anyone can recompute a public entry's hash from what the API gives.
    fields = {"at": public["at"], "action": public["action"], "actor_id": public["actor"]["id"],
              "organisation_id": public["organisation_id"], "object_type": public["object"]["type"],
              "object_id": public["object"]["id"], "document_id": public["document_id"], "public": True,
              "details": public["details"]}
    assert entry_hash(public["prev"], fields) == public["hash"]


def test_after_lists_what_follows_an_entry_and_bad_values_are_4xx(client, people):
    first = record("test.one")
    record("test.two")
    db.session.commit()
    items = client.get(f"/api/v1/audit?after={first.id}").get_json()["items"]
    assert [item["action"] for item in items] == ["test.two"]
    unknown = client.get("/api/v1/audit?after=999999")
    assert unknown.status_code == 404
    beyond_a_column = client.get("/api/v1/audit?after=999999999999")  # overflowed PostgreSQL's INTEGER: a 500
    assert beyond_a_column.status_code == 404 and beyond_a_column.get_json()["error"]["code"] == "entry_not_found"
    bad = client.get("/api/v1/audit?after=deux")
    assert bad.status_code == 400 and "deux" in bad.get_json()["error"]["message"]
    superscript = client.get("/api/v1/audit?after=%C2%B3")  # "³" is a digit to str.isdigit, not to int()
    assert superscript.status_code == 400 and "³" in superscript.get_json()["error"]["message"]


def test_writers_committing_at_the_same_time_do_not_fork_the_chain(app, people):
    errors = []

    def write(n: int) -> None:
        with app.app_context():
            try:
                for i in range(5):
                    record("test.concurrent", n=n, i=i)
                    db.session.commit()
            except Exception as error:  # noqa: BLE001 - reported by the assertion below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    report = verify_audit()
    assert report["broken"] == []
    assert len([e for e in entries() if e.kind == "test.concurrent"]) == 20
