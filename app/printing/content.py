"""What a printed version or amendment shows, gathered from the stored clauses and the existing helpers.

A version prints from the HTML stored for each clause, as its page does, with one change
paper needs: a footnote's text moves to where it is called, so that the PDF sets it at the
bottom of that page (CSS `float: footnote`), under the number the page shows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import Markup

from app.amendments.changes import clause_changes
from app.amendments.models import Amendment
from app.amendments.queries import get_amendment
from app.documents import queries, reading
from app.documents.compare import Row, fold_unchanged
from app.documents.models import Version
from app.votes.panel import VotePanel, vote_panel
from app.votes.queries import deciding_votes

NOTE_ITEM = re.compile(r'<li id="fn:([^"]+)">\s*(.*?)\s*</li>', re.S)
BACK_LINK = re.compile(r'(?:&nbsp;|\u00a0)?<a class="footnote-backref"[^>]*>.*?</a>', re.S)
NOTE_CALL = re.compile(r'<sup id="fnref\d*:([^"]+)"><a class="footnote-ref" href="#fn:[^"]+">(\d+)</a></sup>')
PARAGRAPH_BREAK = re.compile(r"</p>\s*<p>")


@dataclass
class PrintedClause:
    number: int
    clause_id: str
    kind: str
    depth: int
    html: Markup


@dataclass
class PrintedVersion:
    version: Version
    clauses: list[PrintedClause]
    toc: list[reading.TocEntry]
    amendment: Amendment | None = None
    vote: object | None = None
    unplaced_notes: list[Markup] = field(default_factory=list)  # defined but never called


def printed_version(version: Version) -> PrintedVersion:
    """The clauses of `version` numbered as on its page, footnotes set where they are called."""
    rows = queries.clause_rows(version)
    notes = {label: body for row in rows if row.kind == "footnote" for label, body in note_bodies(row.html)}
    placed: set[str] = set()
    clauses = [PrintedClause(number, row.clause_id, row.kind, int(row.depth or 0),
                             place_notes(row.html, notes, placed))
               for number, row in enumerate(rows, start=1) if row.kind != "footnote"]
    printed = PrintedVersion(version, clauses, reading.toc_entries(rows),
                             unplaced_notes=[body for label, body in notes.items() if label not in placed])
    if version.amendment_id:
        printed.amendment = get_amendment(version.amendment_id)
        printed.vote = deciding_votes([version.amendment_id]).get(version.amendment_id)
    return printed


def note_bodies(html: str) -> list[tuple[str, Markup]]:
    """(label, text) of each footnote defined in a footnote clause's stored HTML."""
    found = []
    for label, body in NOTE_ITEM.findall(html):
        body = PARAGRAPH_BREAK.sub("<br>", BACK_LINK.sub("", body)).strip()
        found.append((label, Markup(body.removeprefix("<p>").removesuffix("</p>"))))
    return found


def place_notes(html: str, notes: dict[str, Markup], placed: set[str]) -> Markup:
    """Each note call keeps its number; the first call of a note carries its text, for the page's foot."""
    def call(match: re.Match) -> str:
        label, number = match.group(1), match.group(2)
        mark = f'<sup class="note-call">{number}</sup>'
        if label in placed or label not in notes:
            return mark
        placed.add(label)
        note = f'<span class="footnote"><sup class="note-mark">{number}</sup>\u00a0{notes[label]}</span>'
        return mark + note
    return Markup(NOTE_CALL.sub(call, html))


@dataclass
class PrintedAmendment:
    amendment: Amendment
    rows: list[Row]
    numbers: dict[str, int]  # clause id -> its number in the base version
    panel: VotePanel

    @property
    def first_clause(self) -> int:
        """Where the amendment starts in its base text: the dossier's order."""
        changed = [self.numbers[row.clause_id] for row in self.rows
                   if row.status not in ("same", "fold") and row.clause_id in self.numbers]
        return min(changed, default=len(self.numbers) + 1)


def printed_amendment(amendment: Amendment, reader) -> PrintedAmendment:
    """Its changed clauses with a little context, their numbers, and its vote as `reader` may see it."""
    base = amendment.base_version
    numbers = {row.clause_id: n for n, row in enumerate(queries.clause_rows(base), start=1)}
    rows = fold_unchanged(clause_changes(base, amendment.markdown))
    return PrintedAmendment(amendment, rows, numbers, vote_panel("amendment", amendment, reader, record=True))


def dossier(head: Version, amendments: list[Amendment], reader) -> list[PrintedAmendment]:
    """Every amendment printed, in the order of the current text's clauses they change (then by number)."""
    position = {row.clause_id: n for n, row in enumerate(queries.clause_rows(head), start=1)}

    def order(printed: PrintedAmendment) -> tuple[int, int]:
        touched = [position[c] for c in printed.amendment.changed_clauses if c in position]
        return min(touched, default=len(position) + 1), printed.amendment.id
    return sorted((printed_amendment(amendment, reader) for amendment in amendments), key=order)
