"""The margin beside each clause of the text: its threads, the amendments touching it, actions.

Built per request around the cached clause HTML (app/documents/fragments.py): a format string
for every clause, and a rendered template only for the few clauses that have threads.
"""
from __future__ import annotations

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup, escape

from app import policy
from app.amendments.queries import amendments_by_clause
from app.comments.queries import threads_by_clause

ACTION = '<a class="clause__action{extra}" href="{url}" aria-label="{label}"{data}>{text}</a>'


def _action(url: str, text: str, label: str, extra: str = "", clause_id: str | None = None) -> str:
    data = Markup(' data-comment-clause="{}"').format(clause_id) if clause_id else ""
    return ACTION.format(url=escape(url), text=escape(text), label=escape(label), extra=extra, data=data)


def reading_margin(document, version):
    """A function (clause row, number) -> the margin's HTML, for the text page of `version`."""
    threads = threads_by_clause(version)
    touching = amendments_by_clause(document) if version.number == document.head_number else {}
    can_comment, can_propose = policy.can_comment(current_user), policy.can_propose(current_user)
    is_head = version.number == document.head_number
    history_text = _("history")

    def margin(row, number: int) -> str:
        clause_id = row.clause_id
        parts = [_action(url_for("documents.clause_history", slug=document.slug, clause_id=clause_id),
                         history_text, _("History of clause %(n)d", n=number))]
        for amendment in touching.get(clause_id, [])[:3]:
            parts.append(_action(url_for("amendments.show", amendment_id=amendment.id),
                                 "✎ " + _("amendment %(id)d", id=amendment.id),
                                 _("Open amendment %(id)d touches clause %(n)d: %(title)s",
                                   id=amendment.id, n=number, title=amendment.title), " clause__action--amendment"))
        placed = threads.get(clause_id)
        if placed:
            parts.append(render_template("comments/_clause_threads.html", placed=placed, document=document,
                                         version=version, clause_id=clause_id, number=number))
        elif can_comment:
            parts.append(_action(url_for("comments.clause_discussion", slug=document.slug, number=version.number,
                                         clause_id=clause_id), _("comment"), _("Comment on clause %(n)d", n=number),
                                 clause_id=clause_id))
        if can_propose and is_head:
            parts.append(_action(url_for("amendments.new", slug=document.slug, clause=clause_id),
                                 _("propose a change"), _("Propose a change to clause %(n)d", n=number)))
        return Markup("".join(parts))
    return margin


def open_count_label(count: int) -> str:
    return ngettext("%(num)d open thread", "%(num)d open threads", count)
