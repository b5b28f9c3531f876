"""The parts of an amendment's page that are the same for every reader who may do the same things.

In a congress an amendment in vote is read by hundreds of delegates; most of its page — who
proposed it and why, the amendments competing with it, its history — is the same for all of them,
and building it (half a dozen queries, the rationale's Markdown, every date in the reader's
language) cost more than the rest of the page. Those parts are kept as checked pieces
(app/caching/pieces.py) once per amendment, language and permission class — whether the reader may
edit it, withdraw it, put its competitors to one ranked vote: nothing else on them differs from one
reader to another — and built again only when the rows they show changed (`facts`, a few light
queries, asked only once the generation moved). The whole page is kept too, as a shell
(app/caching/shells.py) per class of readers (`readers_alike`); the reader's own bits (follow state,
their organisation's ballot and proxies, CSRF tokens) are its holes, filled per request.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import g, render_template
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import Row, bindparam, exists, select
from sqlalchemy.orm import aliased

from app import policy
from app.amendments import queries
from app.amendments.models import Amendment
from app.caching import pieces
from app.comments.discussion import class_of_reader
from app.comments.models import Comment
from app.db_types import utcnow
from app.documents.models import Document, Version
from app.extensions import db
from app.members.models import Organisation, Person
from app.variants.forms import VariantVoteForm
from app.variants.services import set_ids_of
from app.votes.subjects import kind_of

PARTS = ("meta", "body", "related", "history")


@dataclass(frozen=True)
class Facts:
    """Everything the kept parts show, as light rows (their repr is what is compared)."""

    amendment: Row  # of `amendment_row`
    competing: tuple[Row, ...]  # queries.competing
    variant_sets: tuple[int, ...]
    revisions: tuple[Row, ...]
    events: tuple[Row, ...]


@dataclass(frozen=True)
class ReaderClass:
    """What the reader may do that changes the parts: two readers alike here see the same parts."""

    edit: bool
    withdraw: bool
    open_variant_vote: bool


def amendment_row(amendment_id: int):
    """The amendment with the names and numbers its page prints, in one query."""
    base, merged = aliased(Version), aliased(Version)
    return db.session.execute(
        select(Amendment.id, Amendment.title, Amendment.status, Amendment.rationale, Amendment.created_at,
               Amendment.document_id, Amendment.changed_clauses_json, base.number.label("base_number"),
               merged.number.label("merged_number"), Person.name.label("author_name"),
               Organisation.name.label("organisation_name"), Document.title.label("document_title"),
               Document.slug.label("document_slug"), Document.head_number)
        .join(base, base.id == Amendment.base_version_id).outerjoin(merged, merged.id == Amendment.merged_version_id)
        .join(Person, Person.id == Amendment.author_id)
        .outerjoin(Organisation, Organisation.id == Amendment.organisation_id)
        .join(Document, Document.id == Amendment.document_id).where(Amendment.id == amendment_id)).one()


def facts_of(amendment_id: int) -> Facts:
    """The rows of the parts, read once per request (every part is checked against the same)."""
    memo = g.setdefault("amendment_facts", {})
    if amendment_id not in memo:
        row = amendment_row(amendment_id)
        memo[amendment_id] = Facts(row, tuple(queries.competing(row)), tuple(set_ids_of(amendment_id)),
                                   tuple(queries.revision_lines(amendment_id)), tuple(queries.events_of(amendment_id)))
    return memo[amendment_id]


def reader_class(amendment) -> ReaderClass:
    return ReaderClass(edit=policy.can_edit_amendment(current_user, amendment),
                       withdraw=policy.can_withdraw_amendment(current_user, amendment),
                       open_variant_vote=policy.can_open_variant_vote(current_user))


# What the page asks of its reader beyond the person-level questions, in one light statement (asked at every
# request for its shell: `readers_alike`).
READER_FACTS = (
    select(Amendment.id, Amendment.author_id, Amendment.status, Amendment.vote_requested_at,
           exists().where(Comment.amendment_id == Amendment.id, Comment.author_id == bindparam("person_id"))
           .label("commented"))
    .where(Amendment.id == bindparam("amendment_id")))


def readers_alike(amendment_id: int) -> tuple | None:
    """What the amendment's page shows of its reader beyond the person-level questions (shells.reader_class)
    and their own parts (follow button, organisation's ballot): two readers who answer alike share its
    shell. Asked at every request, from one row: whether they may edit or withdraw it, ask for its vote,
    open it, which of the discussion's comments are theirs. A facilitator's vote forms (open, extend) print
    their real token: their page with one is theirs, never kept (nor, then, the time of the next reminder)."""
    row = db.session.execute(READER_FACTS, {"amendment_id": amendment_id, "person_id": current_user.id}).first()
    if row is None or not policy.can_see_amendment(current_user, row):
        return None  # the view answers (a 404, never kept)
    subject = kind_of("amendment")
    # Whether the vote may be opened yet changes when the discussion period ends, without a write:
    opens_now = subject.can_open(current_user, row) and utcnow() >= subject.discussion_ends_at(
        queries.get_amendment(amendment_id, light=True))
    return reader_class(row), subject.can_request(current_user, row), opens_now, class_of_reader(row.commented)


def page_parts(amendment) -> dict[str, Markup]:
    """The marker of each kept part of `amendment`'s page, by name (PARTS)."""
    may = reader_class(amendment)
    return {part: pieces.checked(("amendment page", part, amendment.id, str(get_locale()), may),
                                 lambda: facts_of(amendment.id),
                                 lambda found, part=part: _render(part, found, may)) for part in PARTS}


def _render(part: str, found: Facts, may: ReaderClass) -> str:
    """A part from the rows alone: nothing of the reader's goes in but what `may` says."""
    return render_template(f"amendments/_part_{part}.html", facts=found.amendment, competing=found.competing,
                           variant_sets=found.variant_sets, revisions=found.revisions, events=found.events,
                           may=may, variant_form=_variant_form(found, may))


def _variant_form(found: Facts, may: ReaderClass) -> VariantVoteForm | None:
    """The form putting this amendment and its competitors in discussion to one ranked vote (facilitators);
    never filled from what the request posted (a part is everyone's)."""
    amendment = found.amendment
    if not may.open_variant_vote or amendment.status != "discussion":
        return None
    if not any(other.status == "discussion" for other in found.competing):
        return None
    return VariantVoteForm(formdata=None, from_amendment=amendment.id)
