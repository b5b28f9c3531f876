"""What the reading pages show, built from stored clauses: nothing is rendered per request."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable
from urllib.parse import quote

from flask import url_for
from markupsafe import Markup
from sqlalchemy import select

from app.documents import compare, diffhtml, layouts, queries
from app.documents.models import Document, Version
from app.extensions import db
from app.members.models import Organisation
from app.variants.models import CURRENT, VariantSet, option_key
from app.votes import ranked
from app.votes.models import Ballot, Vote
from app.templating import reader_date
from app.text.diff import word_diff

HEADING_TAG = re.compile(r"<h([1-6])\b")


@dataclass
class TocEntry:
    clause_id: str
    level: int
    text: str


@dataclass
class ClauseChange:
    version: Version
    ops: list

    @property
    def inline_html(self) -> Markup:
        return diffhtml.inline_html(self.ops)


def clause_url_builder(document: Document) -> Callable[[str], str]:
    """clause_id -> the address of that clause's history, without a url_for per clause."""
    prefix = url_for("documents.clause_history", slug=document.slug, clause_id="-")[:-1]
    return lambda clause_id: prefix + quote(clause_id, safe="")


@dataclass
class Support:
    """How the vote that adopted an amendment went: the organisations for it, when ballots are public."""

    count_for: int = 0
    count_against: int = 0
    count_abstain: int = 0
    names_for: list[str] | None = None  # None: secret ballots


@dataclass
class Origin:
    """A version as the blame margin shows it beside every clause it last changed."""

    version: Version
    url: str
    date: str
    support: Support | None = None


def blame_origins(document: Document, versions: list[Version]) -> dict[int, Origin]:
    """Each version by number, its address, date and vote formatted once (not once per clause)."""
    support = supports([v.amendment_id for v in versions if v.amendment_id])
    return {
        v.number: Origin(v, url_for("documents.version", slug=document.slug, number=v.number),
                         reader_date(v.created_at), support.get(v.amendment_id))
        for v in versions
    }


def supports(amendment_ids: list[int]) -> dict[int, Support]:
    """Amendment id -> how its closed vote went (one query for every version of a text)."""
    found: dict[int, Support] = {}
    if not amendment_ids:
        return found
    rows = db.session.execute(
        select(Vote.subject_id, Vote.secret_ballots, Ballot.choice, Organisation.name)
        .join(Ballot, Ballot.vote_id == Vote.id).join(Organisation, Ballot.organisation_id == Organisation.id)
        .where(Vote.subject_kind == "amendment", Vote.subject_id.in_(amendment_ids), Vote.status == "closed")
        .order_by(Organisation.name))
    rows = list(rows) + ranked_supports(amendment_ids)
    for amendment_id, secret, choice, name in rows:
        support = found.setdefault(amendment_id, Support(names_for=None if secret else []))
        setattr(support, f"count_{choice}", getattr(support, f"count_{choice}") + 1)
        if choice == "for" and support.names_for is not None:
            support.names_for.append(name)
    return found


def ranked_supports(amendment_ids: list[int]) -> list[tuple]:
    """(amendment id, secret, choice, organisation) of the ranked votes that adopted these amendments: "for" is
    a ballot ranking the amendment above the current text, "against" the reverse (the vote's final question)."""
    rows = db.session.execute(
        select(VariantSet.adopted_amendment_id, Vote.secret_ballots, Ballot.ranking, Organisation.name)
        .join(Vote, (Vote.subject_kind == "variants") & (Vote.subject_id == VariantSet.id))
        .join(Ballot, Ballot.vote_id == Vote.id).join(Organisation, Ballot.organisation_id == Organisation.id)
        .where(VariantSet.adopted_amendment_id.in_(amendment_ids), Vote.status == "closed",
               Vote.outcome == "accepted").order_by(Organisation.name))
    return [(amendment_id, secret, ranked.preference(ranking, option_key(amendment_id), CURRENT), name)
            for amendment_id, secret, ranking, name in rows]


def toc_entries(clauses: list) -> list[TocEntry]:
    """The headings of a version, from their stored HTML."""
    entries = []
    for clause in clauses:
        match = HEADING_TAG.match(clause.html.lstrip())
        if match:
            entries.append(TocEntry(clause.clause_id, int(match.group(1)), Markup(clause.html).striptags()))
    return entries


def clause_history(document: Document, clause_id: str) -> tuple[list[ClauseChange], int | None]:
    """Each version in which the clause appeared or changed, as a word diff; and where it ended."""
    changes = queries.clause_changes(document, clause_id)
    if not changes:
        return [], None
    entries, before = [], ""
    for version, clause in changes:
        entries.append(ClauseChange(version, word_diff(before, clause.text) if before else diffhtml.whole(0, clause.text)))
        before = clause.text
    last = queries.last_version_with(document, clause_id)
    return entries, (last + 1 if last < document.head_number else None)


def comparison(old: Version, new: Version, *, full: bool,
               view: str = "text") -> tuple[list[compare.Row], dict[str, int]]:
    """The rows of a comparison (folded unless `full`) and its summary.

    Folded (the default), from the two versions' layouts kept per worker: the clauses kept in place
    are neither read nor diffed, a fold shows them as slices of the new version's folded text, and
    only the others' renderings are read (one query). The whole text reads one light row per clause."""
    if not full:
        rows = compare.compare_layouts(*layouts.layouts(old, new), queries.renderings)
        return compare.fold_unchanged(rows), compare.summarise(rows)
    alignment = compare.Alignment(*queries.aligned_clauses(old, new, html=True))
    rows = compare.compare_stored(alignment, queries.renderings(alignment.wanted()))
    return compare.reading_order(rows), compare.summarise(rows)


def document_diff(old: Version, new: Version) -> list[tuple[int, str]]:
    """The diff of two whole versions (compare.document_ops), its unchanged clauses never diffed."""
    alignment = compare.Alignment(*queries.aligned_clauses(old, new, html=False))
    return compare.stored_ops(alignment, queries.renderings(alignment.wanted()))
