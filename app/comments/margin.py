"""The margin beside each clause of the text: its threads, the amendments touching it, actions.

Built per request around the cached clause HTML (app/documents/fragments.py). Everything that
does not depend on the clause (link prefixes, translated labels) is worked out once per page;
each clause then costs a few string formats, and a template is rendered only for the few
clauses that have threads.
"""
from __future__ import annotations

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup, escape

from app import policy
from app.amendments.queries import amendments_by_clause
from app.comments.queries import threads_by_clause

ACTION = '<a class="clause__action{extra}" href="{url}" aria-label="{label}"{data}>{text}</a>'
PLACEHOLDER = "CLAUSEID"


def _link_maker(endpoint: str, **values):
    """A function clause_id -> URL, built from one url_for call."""
    template = url_for(endpoint, **values).replace(PLACEHOLDER, "{}")
    return lambda clause_id: template.format(clause_id)


def _action(url: str, text: str, label: str, extra: str = "", data: str = "") -> str:
    return ACTION.format(url=escape(url), text=text, label=escape(label), extra=extra, data=data)


class MarginLabels:
    """Translated labels, looked up once per page; each clause only fills in its number."""

    def __init__(self):
        self.history, self.history_label = escape(_("history")), _("History of clause %(n)d")
        self.comment, self.comment_label = escape(_("comment")), _("Comment on clause %(n)d")
        self.propose, self.propose_label = escape(_("propose a change")), _("Propose a change to clause %(n)d")
        self.amendment = _("amendment %(id)d")


def reading_margin(document, version):
    """A function (clause row, number) -> the margin's HTML, for the text page of `version`."""
    threads = threads_by_clause(version)
    is_head = version.number == document.head_number
    touching = amendments_by_clause(document) if is_head else {}
    can_comment = policy.can_comment(current_user)
    can_propose = policy.can_propose(current_user) and is_head
    labels = MarginLabels()
    history_url = _link_maker("documents.clause_history", slug=document.slug, clause_id=PLACEHOLDER)
    comment_url = _link_maker("comments.clause_discussion", slug=document.slug, number=version.number,
                              clause_id=PLACEHOLDER)
    propose_url = _link_maker("amendments.new", slug=document.slug, clause=PLACEHOLDER)

    def margin(row, number: int) -> str:
        clause_id = row.clause_id
        parts = [_action(history_url(clause_id), labels.history, labels.history_label % {"n": number})]
        for amendment in touching.get(clause_id, [])[:3]:
            name = labels.amendment % {"id": amendment.id}
            parts.append(_action(url_for("amendments.show", amendment_id=amendment.id),
                                 Markup('<span aria-hidden="true">✎ </span>{}').format(name),
                                 f"{name} : {amendment.title}", " clause__action--amendment"))
        placed = threads.get(clause_id)
        if placed:
            parts.append(render_template("comments/_clause_threads.html", placed=placed, document=document,
                                         version=version, clause_id=clause_id, number=number))
        elif can_comment:
            parts.append(_action(comment_url(clause_id), labels.comment, labels.comment_label % {"n": number},
                                 data=f' data-comment-clause="{escape(clause_id)}"'))
        if can_propose:
            parts.append(_action(propose_url(clause_id), labels.propose, labels.propose_label % {"n": number}))
        return Markup("".join(parts))
    return margin
