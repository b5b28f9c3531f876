"""Entries of the collective's and a document's feeds: new versions, new amendments, votes."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from app.amendments.models import Amendment
from app.collective import identity
from app.documents.models import Document, Version
from app.extensions import db
from app.feeds.atom import Entry
from app.mail.services import external_url
from app.text.render import render_markdown
from app.feeds.record_heads import record_head_entries
from app.votes.models import Vote
from app.votes.services import outcome_label

LIMIT = 50


def byline(person, organisation) -> str:
    """“Name (organisation)”, as the pages credit people."""
    if person is None:
        return identity.site_name()
    return f"{person.name} ({organisation.name})" if organisation else person.name


def amendment_url(amendment_id: int) -> str:
    """On the configured base URL: an entry's id must not change with the Host or the scheme of a request."""
    return external_url("amendments.show", amendment_id=amendment_id)


def latest(query: Select, order, document: Document | None, document_column) -> list:
    """The newest LIMIT rows, of one document or of all of them."""
    if document is not None:
        query = query.where(document_column == document.id)
    return list(db.session.scalars(query.order_by(order.desc()).limit(LIMIT)).unique())


def latest_pairs(query: Select, document: Document | None) -> list:
    """The newest LIMIT votes on amendments with their amendment, of one document or of all of them."""
    if document is not None:
        query = query.where(Amendment.document_id == document.id)
    return list(db.session.execute(query.order_by(Vote.opens_at.desc()).limit(LIMIT)).tuples())


def version_entries(document: Document | None) -> list[Entry]:
    query = select(Version).options(joinedload(Version.document), joinedload(Version.author),
                                    joinedload(Version.organisation))
    return [Entry(
        id=external_url("documents.version", slug=v.document.slug, number=v.number),
        title=_("%(title)s: version %(n)d", title=v.document.title, n=v.number),
        link=external_url("documents.version", slug=v.document.slug, number=v.number),
        updated=v.created_at, author=byline(v.author, v.organisation), summary=v.summary,
    ) for v in latest(query, Version.created_at, document, Version.document_id)]


def amendment_entries(document: Document | None) -> list[Entry]:
    """Proposed amendments; drafts are their author's only, so never in a feed."""
    query = (select(Amendment).where(Amendment.status != "draft")
             .options(joinedload(Amendment.author), joinedload(Amendment.organisation)))
    return [Entry(
        id=amendment_url(a.id), title=_("New amendment: %(title)s", title=a.title), link=amendment_url(a.id),
        updated=a.created_at, author=byline(a.author, a.organisation), summary_html=render_markdown(a.rationale),
    ) for a in latest(query, Amendment.created_at, document, Amendment.document_id)]


def vote_entries(document: Document | None) -> list[Entry]:
    """A vote opened, and, once it is over, its outcome."""
    query = select(Vote, Amendment).join(Amendment, (Vote.subject_kind == "amendment")
                                         & (Vote.subject_id == Amendment.id))
    entries = []
    for vote, amendment in latest_pairs(query, document):
        link = amendment_url(amendment.id) + "#vote"
        entries.append(Entry(id=f"{link}-{vote.id}-opened", link=link, updated=vote.opens_at, author=identity.site_name(),
                             title=_("Vote opened: %(title)s", title=amendment.title)))
        if vote.status == "closed" and vote.closed_at is not None:
            entries.append(Entry(
                id=f"{link}-{vote.id}-closed", link=link, updated=vote.closed_at, author=identity.site_name(),
                title=_("Vote closed: %(title)s", title=amendment.title),
                summary=_("For %(f)d, against %(a)d, abstention %(s)d: %(outcome)s.", f=vote.count_for,
                          a=vote.count_against, s=vote.count_abstain, outcome=outcome_label(vote.outcome))))
    return entries


def activity_entries(document: Document | None = None) -> list[Entry]:
    """Everything that happened, newest first, at most LIMIT entries; the collective's with the record's heads."""
    entries = version_entries(document) + amendment_entries(document) + vote_entries(document)
    if document is None:
        entries += record_head_entries()
    return sorted(entries, key=lambda e: (e.updated, e.id), reverse=True)[:LIMIT]
