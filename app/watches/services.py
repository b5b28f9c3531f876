"""Following and unfollowing, and who follows what an event is about (each person once)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, or_, select

from app.amendments.models import Amendment
from app.documents.models import Document
from app.extensions import db
from app.members.models import Person
from app.watches.models import Watch

TARGETS_PER_LIST = 500  # well below the bound parameters SQLite and PostgreSQL take in one statement


def target_of(document: Document, *, clause_id: str | None = None, amendment: Amendment | None = None) -> dict:
    """The columns of a watch on a document, one of its clauses, or an amendment of it."""
    if amendment is not None:
        return {"target": f"amendment:{amendment.id}", "document_id": amendment.document_id,
                "clause_id": None, "amendment_id": amendment.id}
    if clause_id:
        return {"target": f"clause:{document.id}:{clause_id}", "document_id": document.id, "clause_id": clause_id,
                "amendment_id": None}
    return {"target": f"document:{document.id}", "document_id": document.id, "clause_id": None, "amendment_id": None}


def target_of_application(application) -> dict:
    """The columns of a watch on an application to join (it belongs to no text)."""
    return {"target": f"application:{application.id}", "document_id": None, "clause_id": None,
            "amendment_id": None, "application_id": application.id}


def is_following(person: Person | None, target: dict) -> bool:
    if person is None or not getattr(person, "id", None):
        return False
    return db.session.scalar(select(Watch.id).where(Watch.person_id == person.id,
                                                    Watch.target == target["target"])) is not None


def follow(person: Person, target: dict, *, now: datetime) -> Watch:
    """Follow `target` (no second row if already followed)."""
    found = db.session.scalar(select(Watch).where(Watch.person_id == person.id, Watch.target == target["target"]))
    if found is not None:
        return found
    watch = Watch(person_id=person.id, created_at=now, **target)
    db.session.add(watch)
    db.session.flush()
    return watch


def unfollow(person: Person, target: dict) -> None:
    db.session.execute(delete(Watch).where(Watch.person_id == person.id, Watch.target == target["target"]))


def watches_of(person: Person):
    """A select of what `person` follows, newest first."""
    return select(Watch).where(Watch.person_id == person.id).order_by(Watch.created_at.desc(), Watch.id.desc())


def followers(*, document_id: int | None, clause_ids: list[str] = (), amendment_id: int | None = None,
              application_id: int | None = None) -> list[Person]:
    """Everyone following the document, any of these clauses, the amendment or the application: one entry
    per person."""
    targets = []
    if document_id is not None:
        targets.append(f"document:{document_id}")
        targets += [f"clause:{document_id}:{clause_id}" for clause_id in clause_ids]
    if amendment_id is not None:
        targets.append(f"amendment:{amendment_id}")
    if application_id is not None:
        targets.append(f"application:{application_id}")
    if not targets:
        return []
    # IN lists of at most TARGETS_PER_LIST: a version rewriting 1,000 clauses is one short OR, not 1,000
    # comparisons (SQLite refuses an expression tree that deep) nor more bound parameters than it takes.
    lists = [Watch.target.in_(targets[k:k + TARGETS_PER_LIST]) for k in range(0, len(targets), TARGETS_PER_LIST)]
    return list(db.session.scalars(select(Person).where(
        Person.id.in_(select(Watch.person_id).where(or_(*lists)))).order_by(Person.id)))


def clauses_of_amendment(amendment: Amendment) -> list[str]:
    return sorted({*amendment.changed_clauses, *([amendment.target_clause_id] if amendment.target_clause_id else [])})
