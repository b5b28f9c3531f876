"""A membership application as the subject of a vote: voted under the membership rules; accepted means admitted."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app import policy
from app.applications import lifecycle
from app.applications.models import Application
from app.applications.services import membership_rules, settle_application
from app.applications.views import show_page
from app.errors import Conflict
from app.extensions import db
from app.urls import app_path
from app.votes.subjects import Concerns, VoteSubject, register, rule_figures


class ApplicationSubject(VoteSubject):
    kind = "application"
    url_prefix = "applications"
    notification_kind = "membership_vote_opened"

    def load(self, subject_id: int) -> Application | None:
        return db.session.get(Application, subject_id)

    def load_many(self, subject_ids: list[int]) -> dict[int, Application]:
        found = db.session.scalars(select(Application).where(Application.id.in_(subject_ids))
                                   .options(joinedload(Application.organisation)))
        return {application.id: application for application in found}

    def title(self, subject: Application) -> str:
        return subject.organisation.name

    def label(self, subject: Application) -> str:
        return _("membership of %(name)s", name=subject.organisation.name)

    def page(self, subject: Application) -> str:
        return app_path("applications.show", application_id=subject.id)

    def concerns(self, subject: Application) -> Concerns:
        return Concerns(None, application_id=subject.id)

    def render(self, subject: Application, **forms):
        return show_page(subject, **forms)

    def panel_words(self, subject: Application) -> dict:
        return {"title": _("Membership vote"),
                "rules_sentence": _("Membership rules: quorum %(q)d %%, threshold %(t)d %%, voting for %(d)s days.",
                                    **rule_figures(membership_rules())),
                "open_hint": _("Leave empty to close after the voting period of the membership rules."),
                "cancel_confirm": _("Cancel this vote and return the application to discussion?")}

    def rules(self, subject: Application):
        return membership_rules()

    def scope(self, subject: Application) -> str:
        return _("the membership rules")

    def announcement(self, subject: Application) -> dict:
        return {"name": subject.organisation.name}

    def can_be_opened(self, subject: Application) -> bool:
        return subject.status == "pending"

    def discussion_ends_at(self, subject: Application) -> datetime:
        return subject.submitted_at + timedelta(days=membership_rules().discussion_days)

    def check_open(self, subject: Application, *, now: datetime) -> None:
        if subject.status != "pending":
            raise Conflict(_("Only a pending application can be put to the vote."), code="not_pending")
        if subject.contact_confirmed_at is None:
            raise Conflict(_("The contact of this application has not confirmed their e-mail address yet: the vote "
                             "can open once they have followed the link e-mailed to them."),
                           code="contact_not_confirmed")
        if now < self.discussion_ends_at(subject):
            raise Conflict(_("The minimum discussion period has not passed yet."), code="discussion_period")

    def opened(self, subject: Application, vote, *, by, now: datetime) -> None:
        lifecycle.move(subject, "voting", now=now)

    def decided(self, subject: Application, vote, outcome: str, *, now: datetime) -> None:
        settle_application(subject, outcome, now=now)

    def cancelled(self, subject: Application, vote, *, by, now: datetime) -> None:
        lifecycle.move(subject, "pending", now=now)

    def vote_name(self, subject_id: int) -> str:
        return _("membership vote")

    def produced(self, subject: Application) -> str | None:
        if subject.status == "accepted":
            return _("%(name)s is a member organisation", name=subject.organisation.name)
        return None

    def context(self, subject) -> str:
        return _("Membership")

    def can_see(self, user, subject: Application) -> bool:
        return policy.can_read(user)

    def can_open(self, user, subject: Application) -> bool:
        return policy.can_open_membership_vote(user, subject)


SUBJECT = register(ApplicationSubject())
