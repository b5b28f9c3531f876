"""A version as the subject of a vote: ratified as the text in force under its document's rules.

Nothing moves when the vote opens or closes (versions are immutable): once adopted, the version is
the one organisations are asked to sign (app/documents/ratification.py).
"""
from __future__ import annotations

from datetime import datetime

from flask import render_template
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import defer, joinedload

from app import policy
from app.audit.services import record as audit
from app.documents.models import Version
from app.errors import Conflict
from app.extensions import db
from app.urls import app_path
from app.votes.models import Vote
from app.votes.panel import vote_panel
from app.votes.subjects import Concerns, VoteSubject, document_panel_words, register
from app.watches.notify import tell_ratification_outcome as tell_followers_of_ratification


def has_open_ratification(version: Version) -> bool:
    return db.session.scalar(select(Vote.id).where(Vote.subject_kind == "version", Vote.subject_id == version.id,
                                                   Vote.status == "open").limit(1)) is not None


class VersionSubject(VoteSubject):
    kind = "version"
    url_prefix = "versions"
    notification_kind = "vote_opened"

    def load(self, subject_id: int) -> Version | None:
        return db.session.scalar(select(Version).where(Version.id == subject_id)
                                 .options(joinedload(Version.document)))

    def load_many(self, subject_ids: list[int]) -> dict[int, Version]:
        # Without their texts: a list names the versions, it does not show them.
        found = db.session.scalars(select(Version).where(Version.id.in_(subject_ids))
                                   .options(defer(Version.markdown), joinedload(Version.document)))
        return {version.id: version for version in found}

    def title(self, subject: Version) -> str:
        return _("Ratify version %(n)d of “%(title)s”", n=subject.number, title=subject.document.title)

    def label(self, subject: Version) -> str:
        return _("the ratification of version %(n)d of “%(title)s”", n=subject.number, title=subject.document.title)

    def page(self, subject: Version) -> str:
        return app_path("documents.ratification", slug=subject.document.slug, number=subject.number)

    def render(self, subject: Version, **forms):
        panel = vote_panel("version", subject, current_user, sent_back=forms.get("ballot_form"))
        return render_template("documents/ratification.html", version=subject, document=subject.document,
                               panel=panel)

    def panel_words(self, subject: Version) -> dict:
        return document_panel_words(subject.document, title=_("Ratification vote"),
                                    cancel_confirm=_("Cancel this ratification vote?"))

    def rules(self, subject: Version):
        return subject.document

    def scope(self, subject: Version) -> str:
        return _("the rules of “%(title)s”", title=subject.document.title)

    def announcement(self, subject: Version) -> dict:
        return {"title": self.title(subject)}

    def can_be_opened(self, subject: Version) -> bool:
        return not has_open_ratification(subject)

    def check_open(self, subject: Version, *, now: datetime) -> None:
        if has_open_ratification(subject):
            raise Conflict(_("A ratification vote on this version is already open."), code="vote_open")

    def decided(self, subject: Version, vote, outcome: str, *, now: datetime) -> None:
        if outcome == "accepted":
            audit("version.ratified", subject, now=now, document_id=subject.document_id, number=subject.number)
        tell_followers_of_ratification(subject, outcome, now=now)

    def produced(self, subject: Version) -> str | None:
        return _("version %(n)d of “%(title)s” is the text in force", n=subject.number, title=subject.document.title)

    def vote_name(self, subject_id: int) -> str:
        return _("ratification vote")

    def context(self, subject: Version) -> str:
        return subject.document.title

    def can_see(self, user, subject: Version) -> bool:
        return policy.can_read(user)

    def can_open(self, user, subject: Version) -> bool:
        return policy.can_manage_votes(user) and not has_open_ratification(subject)

    def concerns(self, subject: Version) -> Concerns:
        return Concerns(subject.document_id)

    def document_id(self, subject: Version) -> int | None:
        return subject.document_id


SUBJECT = register(VersionSubject())
