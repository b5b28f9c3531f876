"""An amendment as the subject of a vote: voted under its document's rules; adopted means merged."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import defer, joinedload

from app import policy
from app.amendments import lifecycle, merging
from app.amendments.models import Amendment
from app.amendments.views import show_page
from app.errors import Conflict
from app.extensions import db
from app.urls import app_path
from app.votes.subjects import Concerns, VoteSubject, document_panel_words, register


def outcome_words(outcome: str) -> str:
    return {"accepted": _("adopted"), "rejected": _("rejected"), "no_quorum": _("no quorum")}.get(outcome, outcome)


class AmendmentSubject(VoteSubject):
    kind = "amendment"
    url_prefix = "amendments"
    notification_kind = "vote_opened"

    def load(self, subject_id: int) -> Amendment | None:
        # Without its rationale (its text is in a row of its own, read only if needed): lists of votes load many.
        return db.session.get(Amendment, subject_id, options=[defer(Amendment.rationale)])

    def load_many(self, subject_ids: list[int]) -> dict[int, Amendment]:
        found = db.session.scalars(select(Amendment).where(Amendment.id.in_(subject_ids)).options(
            defer(Amendment.rationale), joinedload(Amendment.document)))
        return {amendment.id: amendment for amendment in found}

    def title(self, subject: Amendment) -> str:
        return subject.title

    def label(self, subject: Amendment) -> str:
        return _("amendment %(n)d: %(title)s", n=subject.id, title=subject.title)

    def page(self, subject: Amendment) -> str:
        return app_path("amendments.show", amendment_id=subject.id)

    def concerns(self, subject: Amendment) -> Concerns:
        clauses = {*subject.changed_clauses, *([subject.target_clause_id] if subject.target_clause_id else [])}
        return Concerns(subject.document_id, tuple(sorted(clauses)), subject.id)

    def render(self, subject: Amendment, **forms):
        return show_page(subject, **forms)

    def panel_words(self, subject: Amendment) -> dict:
        return document_panel_words(subject.document, title=_("The vote"),
                                    cancel_confirm=_("Cancel this vote and return the amendment to discussion?"))

    def can_request(self, user, subject: Amendment) -> bool:
        return policy.can_request_vote(user, subject)

    def requested_at(self, subject: Amendment) -> datetime | None:
        return subject.vote_requested_at

    def requested(self, subject: Amendment, *, now: datetime) -> None:
        subject.vote_requested_at = now

    def rules(self, subject: Amendment):
        return subject.document

    def scope(self, subject: Amendment) -> str:
        return _("the rules of “%(title)s”", title=subject.document.title)

    def announcement(self, subject: Amendment) -> dict:
        return {"title": subject.title}

    def can_be_opened(self, subject: Amendment) -> bool:
        return subject.status == "discussion"

    def discussion_ends_at(self, subject: Amendment) -> datetime:
        return subject.status_changed_at + timedelta(days=subject.document.discussion_days)

    def check_open(self, subject: Amendment, *, now: datetime) -> None:
        if subject.status != "discussion":
            raise Conflict(_("Only an amendment in discussion can be put to the vote."), code="not_in_discussion")
        if now < self.discussion_ends_at(subject):
            raise Conflict(_("The minimum discussion period has not passed yet."), code="discussion_period")

    def opened(self, subject: Amendment, vote, *, by, now: datetime) -> None:
        lifecycle.move(subject, "voting", by=by, now=now)

    def decided(self, subject: Amendment, vote, outcome: str, *, now: datetime) -> None:
        note = _("Vote closed: %(outcome)s.", outcome=outcome_words(outcome))
        if outcome == "accepted":
            merging.accept_amendment(subject, by=None, now=now, note=note)
        else:
            lifecycle.move(subject, "rejected", by=None, now=now, note=note)

    def cancelled(self, subject: Amendment, vote, *, by, now: datetime) -> None:
        lifecycle.move(subject, "discussion", by=by, now=now, note=_("Vote cancelled."))

    def vote_name(self, subject_id: int) -> str:
        return _("vote on amendment %(n)d", n=subject_id)

    def produced(self, subject: Amendment) -> str | None:
        version = subject.merged_version
        if version is None:
            return None
        return _("version %(n)d of “%(title)s”", n=version.number, title=subject.document.title)

    def context(self, subject) -> str:
        return subject.document.title

    def can_see(self, user, subject: Amendment) -> bool:
        return policy.can_see_amendment(user, subject)

    def can_open(self, user, subject: Amendment) -> bool:
        return policy.can_open_vote(user, subject)

    def document_id(self, subject: Amendment) -> int | None:
        return subject.document_id


SUBJECT = register(AmendmentSubject())
