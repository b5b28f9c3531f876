"""What a vote is about: the one protocol every subject of a vote implements, and their registry.

The engine (services, closing, panel, views, API) asks a vote's subject for what differs between
subjects — its title and page, the rules it is voted under, whether it can be put to the vote, and
what happens when the vote opens, is decided or is cancelled — and never names a subject itself.
Amendments, membership applications and versions to ratify each register one `VoteSubject` at
start-up (app/__init__.py: register_subjects_and_notices).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from app.errors import NotFound


@dataclass(frozen=True)
class Concerns:
    """The part of the texts a subject touches: who follows any of it hears that a vote opens on it."""

    document_id: int | None
    clause_ids: tuple[str, ...] = ()
    amendment_id: int | None = None
    application_id: int | None = None


@dataclass(frozen=True)
class Option:
    """One option of a ranked vote: its key in ballots and the API ("a12", "current"), what it is called."""

    key: str
    title: str
    short: str  # a few words for the matrix and a ballot's line ("Amendment 12", "Current text")
    amendment_id: int | None = None
    url: str | None = None


class VoteSubject:
    """The protocol: one instance per kind of subject. Subclasses override what they need."""

    kind: str = ""
    # "approval": for / against / abstain; "ranked": the subject's options ranked (app/votes/ranked.py).
    method: str = "approval"
    # The first part of the subject's address: its vote's forms post to /<url_prefix>/<id>/vote/<action>.
    url_prefix: str = ""
    notification_kind: str = "vote_opened"

    def load(self, subject_id: int) -> Any | None:
        """The subject with this id, or None."""
        raise NotImplementedError

    def load_many(self, subject_ids: list[int]) -> dict[int, Any]:
        """The subjects with these ids, by id, in one query with what their titles name (a list of votes)."""
        return {subject_id: subject for subject_id in subject_ids if (subject := self.load(subject_id)) is not None}

    def title(self, subject) -> str:
        """What was voted on, in a few words ("Vendre plutôt que revendre", "Kër Libre")."""
        raise NotImplementedError

    def label(self, subject) -> str:
        """What was voted on, named for a list or the record ("amendment 10: …")."""
        return self.title(subject)

    def page(self, subject) -> str:
        """The address of the subject's page, whose vote section has the id "vote"."""
        raise NotImplementedError

    def announcement(self, subject) -> dict:
        """The parameters of the notification telling the delegates that the vote is open."""
        return {"title": self.title(subject)}

    def render(self, subject, **forms):
        """The subject's page, with a ballot form sent back with its mistakes (`ballot_form`)."""
        raise NotImplementedError

    def panel_words(self, subject) -> dict:
        """The sentences of the vote section: title, rules_sentence, open_hint, cancel_confirm."""
        raise NotImplementedError

    def can_request(self, user, subject) -> bool:
        """Whether this reader may ask for a vote on it (an amendment's author)."""
        return False

    def requested_at(self, subject) -> datetime | None:
        return None

    def requested(self, subject, *, now: datetime) -> None:
        """Note that a vote was asked for."""
        raise NotImplementedError

    def rules(self, subject):
        """The rules (a RulesMixin) copied onto a vote when it opens."""
        raise NotImplementedError

    def scope(self, subject) -> str:
        """A words-only description of where the rules come from, for the minutes."""
        return ""

    def can_be_opened(self, subject) -> bool:
        """Whether the subject is in the state where a vote may open on it."""
        raise NotImplementedError

    def discussion_ends_at(self, subject) -> datetime | None:
        """When its minimum discussion period ends (None: no such period)."""
        return None

    def check_open(self, subject, *, now: datetime) -> None:
        """Raise a PalabreError when a vote cannot open on it now."""

    def opened(self, subject, vote, *, by, now: datetime) -> None:
        """The subject moves to its voting state."""

    def decided(self, subject, vote, outcome: str, *, now: datetime) -> None:
        """What the outcome does (merge, admit, ratify, reject)."""

    def cancelled(self, subject, vote, *, by, now: datetime) -> None:
        """The subject returns to discussion."""

    def can_see(self, user, subject) -> bool:
        """Whether this reader may see the subject (and so its votes)."""
        raise NotImplementedError

    def can_open(self, user, subject) -> bool:
        """Whether this reader may open a vote on it (asked of app/policy.py)."""
        raise NotImplementedError

    def vote_name(self, subject_id: int) -> str:
        """The vote named by what it decides, for the record ("vote on amendment 10")."""
        raise NotImplementedError

    def produced(self, subject) -> str | None:
        """What the outcome produced, in words, for the minutes ("version 4 of the charter")."""
        return None

    def context(self, subject) -> str:
        """Where the subject belongs, for a list of votes (the document's title, "Membership")."""
        return ""

    def document_id(self, subject) -> int | None:
        """The document the subject belongs to, if any."""
        return None

    def concerns(self, subject) -> Concerns | None:
        """The part of the texts (or the application) it touches, whose followers hear it open (None: none)."""
        return None
    def options(self, subject) -> list[Option]:
        """A ranked vote's options, in their order on the ballot (none for an approval vote)."""
        return []

    def tie_break(self, subject) -> list[str]:
        """A ranked vote's option keys in the order that breaks a tie at the top (first wins)."""
        return [option.key for option in self.options(subject)]


def rule_figures(rules) -> dict:
    """Quorum and threshold in whole per cent, the voting period in days, for a sentence."""
    return {"q": round(rules.quorum * 100), "t": round(rules.threshold * 100), "d": "%g" % rules.voting_days}


def document_panel_words(document, *, title: str, cancel_confirm: str) -> dict:
    """The vote section's sentences for a subject voted under a document's rules."""
    return {"title": title,
            "rules_sentence": _("Rules of “%(title)s”: quorum %(q)d %%, threshold %(t)d %%, voting for %(d)s days.",
                                title=document.title, **rule_figures(document)),
            "open_hint": _("Leave empty to close after the voting period of the rules."),
            "cancel_confirm": cancel_confirm}


SUBJECTS: dict[str, VoteSubject] = {}


def register(subject: VoteSubject) -> VoteSubject:
    """Make a kind of subject known to the engine (idempotent: one instance per kind)."""
    SUBJECTS[subject.kind] = subject
    return subject


def kind_of(kind: str) -> VoteSubject:
    try:
        return SUBJECTS[kind]
    except KeyError:
        raise NotFound(_("This page does not exist.")) from None


def subject_of(vote):
    """The object a vote is about (an Amendment, an Application, a Version)."""
    return kind_of(vote.subject_kind).load(vote.subject_id)


def by_prefix(url_prefix: str) -> VoteSubject:
    """The kind of subject whose pages live under /<url_prefix>/ (404 for any other)."""
    for subject in SUBJECTS.values():
        if subject.url_prefix == url_prefix:
            return subject
    raise NotFound(_("This page does not exist."))


def handler_of(vote) -> VoteSubject:
    return kind_of(vote.subject_kind)


@dataclass(frozen=True)
class About:
    """What a vote is about, as a page or a list shows it."""

    kind: str
    subject: Any
    title: str
    label: str
    url: str
    context: str


def about(vote) -> About | None:
    """The subject of a vote in words and as a link (None if it is gone)."""
    handler = kind_of(vote.subject_kind)
    return _about(handler, handler.load(vote.subject_id))


def abouts(votes) -> dict[int, About | None]:
    """`about` of each vote, by vote id: one query per kind of subject, however many votes."""
    ids_by_kind: dict[str, list[int]] = {}
    for vote in votes:
        ids_by_kind.setdefault(vote.subject_kind, []).append(vote.subject_id)
    loaded = {kind: kind_of(kind).load_many(ids) for kind, ids in ids_by_kind.items()}
    return {vote.id: _about(kind_of(vote.subject_kind), loaded[vote.subject_kind].get(vote.subject_id))
            for vote in votes}


def _about(handler: VoteSubject, subject) -> About | None:
    if subject is None:
        return None
    return About(handler.kind, subject, handler.title(subject), handler.label(subject), handler.page(subject),
                 handler.context(subject))


def vote_name(vote) -> str:
    return kind_of(vote.subject_kind).vote_name(vote.subject_id)
