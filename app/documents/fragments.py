"""The clauses of a version as HTML, built once per version and language, then reused.

A version never changes, so the HTML of its clauses (stored renderings, ids, numbers,
permalinks) never does either: each worker keeps the latest ones in a small cache (a pure
cache: no other worker needs it, a miss only costs one query and a few milliseconds).
Building it with a format string rather than a Jinja loop matters too: hundreds of
clauses a page. Every value is stored sanitised HTML or is escaped here. The margin of
each clause is left open, so that later capabilities (comment counts, actions) fill it
per request, for the price of one join.
"""
from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Callable

from flask import current_app, render_template
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape

from app.caching import pieces
from app.documents import queries, reading
from app.documents.models import Version

BEFORE_MARGIN = (
    '<div id="clause-{id}" class="clause clause--{kind}{depth}">'
    '<a class="clause__link" href="#clause-{id}" aria-label="{label} {n}">{n}</a>\n'
    '<div class="clause__body">{html}</div>\n<aside class="clause__margin">'
)
AFTER_MARGIN = "</aside></div>\n"
CACHED_VERSIONS = 32
FRAGMENTS = "document_fragments"  # where each worker keeps them (app.extensions)

Margin = Callable[[object, int], str]  # (clause row, its number) -> safe HTML for the margin


@dataclass
class TextFragment:
    """The clauses of one version, each split around its (empty) margin, and the contents."""

    rows: list
    toc: list
    before: list[str] = field(default_factory=list)
    plain: Markup = Markup("")

    def html(self, margin: Margin | None = None) -> Markup:
        """Every clause, with `margin(row, number)` in its margin."""
        if margin is None:
            return self.plain
        # str.join, not "+": Markup.__radd__ would escape the stored (already safe) HTML.
        return Markup("".join(
            "".join((before, str(margin(row, number)), AFTER_MARGIN))
            for number, (row, before) in enumerate(zip(self.rows, self.before), start=1)
        ))


def text_fragment(version: Version) -> TextFragment:
    """The fragment of `version`, from this worker's cache or built now."""
    cache = current_app.extensions.setdefault(FRAGMENTS, OrderedDict())
    key = (version.id, version.created_at, str(get_locale()))
    fragment = cache.get(key)
    if fragment is None:
        fragment = build(queries.clause_rows(version))
        cache[key] = fragment
        while len(cache) > CACHED_VERSIONS:
            cache.popitem(last=False)
    cache.move_to_end(key)
    return fragment


def text_with_margin(version: Version, permission_class: tuple, inputs: Callable[[], object],
                     make_margin: Callable[[object], Margin]) -> Markup:
    """The marker of the clauses of `version` with their margins, as everyone of one permission class sees them.

    The margin (thread counts, the amendments waiting, the actions one may take) is the same for
    everyone who may do the same things: it is kept per version, language and `permission_class`,
    and rebuilt only when `inputs()` (what the margin shows: counts and amendments) changed, so that
    a logged-in member's text page (1.9 MB and a second to build in a congress) costs what the
    person's own bits cost, and a ballot cast elsewhere does not make it be built again.
    """
    key = ("text", version.id, version.created_at, str(get_locale()), permission_class)
    return pieces.checked(key, inputs, lambda found: text_fragment(version).html(make_margin(found)))


def toc_piece(version: Version) -> Markup:
    """The marker of the contents of `version` (immutable: kept whatever is written)."""
    return pieces.fixed(("toc", version.id, version.created_at, str(get_locale())),
                        lambda: render_template("documents/_toc.html", toc=text_fragment(version).toc))


def build(rows: list) -> TextFragment:
    """Format every clause once: its numbered permalink and its stored HTML."""
    label = escape(_("Permalink to clause"))
    fragment = TextFragment(rows, reading.toc_entries(rows))
    heading_ids: set[str] = set()
    for number, row in enumerate(rows, start=1):
        fragment.before.append(BEFORE_MARGIN.format(
            id=escape(row.clause_id), kind=escape(row.kind), depth=f" clause--depth-{int(row.depth)}" if row.depth else "",
            label=label, n=number, html=unique_heading_id(row.html, heading_ids),
        ))
    fragment.plain = Markup("".join(before + AFTER_MARGIN for before in fragment.before))
    return fragment


HEADING_ID = re.compile(r'^(\s*<h[1-6] id=")([^"]*)(")')


def unique_heading_id(html: str, seen: set[str]) -> str:
    """Each clause is rendered alone, so two headings titled alike got the same id: number the later ones."""
    match = HEADING_ID.match(html)
    if not match:
        return html
    base = candidate = match.group(2)
    n = 1
    while candidate in seen:
        n += 1
        candidate = f"{base}_{n}"
    seen.add(candidate)
    return html if candidate == base else f"{match.group(1)}{candidate}{match.group(3)}{html[match.end():]}"


def blame_margin(origins: dict[int, reading.Origin], clause_url: Callable[[str], str]) -> Margin:
    """Beside each clause: the version that last changed it, when, by whom, why, who voted for it.

    A run of clauses changed by the same version is one group: its first clause says it all, the
    next ones only "same change, version N" (thirty identical notes in a row read as noise).
    """
    notes = {number: _origin_note(origin) for number, origin in origins.items()}
    same = {number: escape(_("same change · version %(n)d", n=number)) for number in origins}
    label, text = escape(_("History of clause")), escape(_("history"))
    previous: list[int | None] = [None]

    def margin(row, number: int) -> str:
        origin, clause_id = origins[row.changed_in], escape(row.clause_id)
        continued = previous[0] == row.changed_in
        previous[0] = row.changed_in
        template = BLAME_CONTINUED if continued else BLAME
        return template.format(url=escape(origin.url), id=clause_id,
                               note=same[row.changed_in] if continued else notes[row.changed_in],
                               history=escape(clause_url(row.clause_id)), label=label, n=number, text=text)
    return margin


BLAME = ('<a class="blame" href="{url}#clause-{id}">{note}</a><br>'
         '<a class="clause__action" href="{history}" aria-label="{label} {n}">{text}</a>')
BLAME_CONTINUED = ('<a class="blame blame--continued" href="{url}#clause-{id}">{note}</a> '
                   '<a class="clause__action" href="{history}" aria-label="{label} {n}">{text}</a>')


def _origin_note(origin: reading.Origin) -> Markup:
    """"version 3 · 12/03/2026 · amendment #7 · Ana — summary", escaped once per version."""
    version = origin.version
    parts = [_("version %(n)d", n=version.number), origin.date]
    if version.amendment_id:
        parts.append(_("amendment #%(id)d", id=version.amendment_id))
    if version.author:
        parts.append(version.author.name)
    note = escape(" · ".join(parts))
    summary = version.summary if len(version.summary) <= 80 else version.summary[:79].rstrip() + "…"
    if summary:
        note += Markup('<span class="blame__summary"> — {}</span>').format(summary)
    return note + _support_note(origin.support) if origin.support else note


def _support_note(support: reading.Support) -> Markup:
    """Who voted for the change: the organisations by name, or the figures when ballots were secret."""
    if support.names_for is not None:
        words = _("voted for by %(names)s", names=", ".join(support.names_for)) if support.names_for \
            else _("no organisation voted for it")
    else:
        words = _("%(for)d for, %(against)d against, %(abstain)d abstaining (secret ballots)",
                  **{"for": support.count_for, "against": support.count_against, "abstain": support.count_abstain})
    return Markup('<span class="blame__votes">{}</span>').format(words)
