"""The margin beside each clause of the text: its threads, the amendments touching it, actions.

Built around the cached clause HTML (app/documents/fragments.py), once per permission class
(`margin_class`) and per change of what it shows (`margin_inputs`). Everything that
does not depend on the clause (link prefixes, translated labels) is worked out once per page;
each clause then costs a few string formats. The threads themselves are counted here and
loaded when the reader opens them (comments.clause_threads): a text with hundreds of
comments would otherwise weigh megabytes and take a second to build for each reader.
Without JavaScript the same control leads to the clause's discussion page.
"""
from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup, escape

from app import policy
from app.amendments.queries import amendments_by_clause
from app.comments.queries import thread_counts_by_clause

# Each piece below is printed beside every clause: 1,300 in a congress, where the margin weighed 2.2 MB of a
# member's 2.9 MB text page while each clause carried its icons, classes and a second address (1.2 MB now).
# So each holds only what differs from clause to clause: the style sheet draws the icons and sizes the
# targets from where a control stands (.clause__margin > a, … > details > summary), palabre.js finds
# the threads' address from the link beside them, and a clause's number names each control for its
# clause (a spoken name must hold what is seen: WCAG 2.5.3, so the visible words come first).
ACTION = '<a{attrs} href="{url}" aria-label="{label}">{text}</a>'
THREADS = (
    '<details class="margin-threads"><summary>{count}{more}</summary>'
    '<div aria-live="polite"><a href="{discuss}"{data}>{read}</a></div></details>'
)
# One quiet control per clause for what one may do there (issue 21: three links on every clause were
# noise): a <details> disclosure, opened by keyboard or pointer without JavaScript, its name spoken.
MENU = '<details class="clause-menu"><summary aria-label="{label}"></summary><ul>{items}</ul></details>'
AMENDMENT = ' class="amend"'  # an amendment's link, in its colour and with its mark (✎)
COMMENT_LINK = " data-comment"  # the link palabre.js opens the margin's comment form from (a pointer's click)
PLACEHOLDER = "CLAUSEID"


def _link_maker(endpoint: str, **values):
    """A function clause_id -> URL, built from one url_for call."""
    template = url_for(endpoint, **values).replace(PLACEHOLDER, "{}")
    return lambda clause_id: template.format(clause_id)


def _amendment_link():
    """A function id -> the amendment's URL, from one url_for call (a clause may list three)."""
    template = url_for("amendments.show", amendment_id=999999999).replace("999999999", "{}")
    return lambda amendment_id: template.format(int(amendment_id))


def _action(url: str, text: str, label: str, attrs: str = "") -> str:
    return ACTION.format(url=escape(url), text=text, label=escape(label), attrs=attrs)


class MarginLabels:
    """Translated labels, looked up once per page; each clause only fills in its number."""

    def __init__(self):
        self.history, self.history_label = escape(_("history")), _("History of clause %(n)d")
        self.comment, self.comment_label = escape(_("comment")), _("Comment on clause %(n)d")
        self.propose, self.propose_label = escape(_("propose a change")), _("Propose a change to clause %(n)d")
        self.amendment = _("amendment %(id)d")
        # The visible words first: a spoken label must hold what is seen (WCAG 2.5.3).
        self.waiting_label = _("%(waiting)s on clause %(n)d")
        self.read = escape(_("read the threads and reply"))
        self.more = _("resolved or hidden")
        self.menu_label = _("What to do with clause %(n)d")

    def threads(self, open_count: int, total: int) -> tuple[str, str]:
        count = escape(ngettext("%(num)d open thread", "%(num)d open threads", open_count))
        more = Markup(' <span class="muted">(+{} {})</span>').format(total - open_count, self.more)
        return count, more if total > open_count else ""


def margin_class() -> tuple[bool, bool]:
    """What makes one reader's margin differ from another's: what they may do there."""
    return policy.can_comment(current_user), policy.can_propose(current_user)


def margin_inputs(document, version) -> tuple[dict, dict, bool]:
    """What the margin of `version` shows that rows can change: each clause's thread counts, (on the
    current text) the amendments waiting on it as (id, title), and whether it is the current text
    (one may propose changes to that one only). Two light queries."""
    is_head = version.number == document.head_number
    touching = amendments_by_clause(document) if is_head else {}
    return thread_counts_by_clause(version), {clause_id: [(row.id, row.title) for row in rows]
                                              for clause_id, rows in touching.items()}, is_head


def reading_margin(document, version, inputs: tuple[dict, dict, bool]):
    """A function (clause row, number) -> the margin's HTML, for the text page of `version`, from
    `margin_inputs(document, version)`; the actions are those of the reader's permission class."""
    counts, touching, is_head = inputs
    can_comment = policy.can_comment(current_user)
    can_propose = policy.can_propose(current_user) and is_head
    labels = MarginLabels()
    history_url = _link_maker("documents.clause_history", slug=document.slug, clause_id=PLACEHOLDER)
    comment_url = _link_maker("comments.clause_discussion", slug=document.slug, number=version.number,
                              clause_id=PLACEHOLDER)
    propose_url = _link_maker("amendments.new", slug=document.slug, clause=PLACEHOLDER)
    amendment_url = _amendment_link()
    waiting_url = _link_maker("amendments.for_document", slug=document.slug, clause=PLACEHOLDER)

    def margin(row, number: int) -> str:
        clause_id = row.clause_id
        parts = []
        if clause_id in counts:
            count, more = labels.threads(*counts[clause_id])
            parts.append(THREADS.format(count=count, more=more, discuss=escape(comment_url(clause_id)),
                                        data=COMMENT_LINK if can_comment else "", read=labels.read))
        for amendment_id, title in touching.get(clause_id, [])[:3]:
            name = labels.amendment % {"id": amendment_id}
            parts.append(_action(amendment_url(amendment_id), escape(name), f"{name} : {title}", AMENDMENT))
        if clause_id in touching:  # how many wait, linked to the list of this clause's amendments
            waiting = ngettext("%(num)d amendment waiting", "%(num)d amendments waiting", len(touching[clause_id]))
            parts.append(_action(waiting_url(clause_id), escape(waiting),
                                 labels.waiting_label % {"waiting": waiting, "n": number}))
        items = []
        if can_comment:
            items.append(_action(comment_url(clause_id), labels.comment, labels.comment_label % {"n": number},
                                 COMMENT_LINK))
        if can_propose:
            items.append(_action(propose_url(clause_id), labels.propose, labels.propose_label % {"n": number}))
        items.append(_action(history_url(clause_id), labels.history, labels.history_label % {"n": number}))
        parts.append(MENU.format(label=escape(labels.menu_label % {"n": number}),
                                 items="".join(f"<li>{item}" for item in items)))
        return Markup("".join(parts))
    return margin
