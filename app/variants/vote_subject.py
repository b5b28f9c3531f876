"""A set of competing amendments as the subject of one ranked vote, under its document's rules.

Its options are its amendments (in the order they were proposed) and *keep the current text*; a tie at
the top of the Schulze count goes to the current text, then to the amendment proposed first.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _

from app import policy
from app.amendments import lifecycle
from app.errors import Conflict
from app.extensions import db
from app.urls import app_path
from app.variants import services
from app.variants.models import CURRENT, VariantSet, option_key
from app.variants.views import show_page
from app.votes.subjects import Option, VoteSubject, document_panel_words, register


class VariantsSubject(VoteSubject):
    kind = "variants"
    url_prefix = "variants"
    notification_kind = "vote_opened"
    method = "ranked"

    def load(self, subject_id: int) -> VariantSet | None:
        return db.session.get(VariantSet, subject_id)

    def title(self, subject: VariantSet) -> str:
        return _("Competing amendments: %(titles)s", titles=" / ".join(a.title for a in subject.amendments))

    def label(self, subject: VariantSet) -> str:
        return _("the competing amendments %(ids)s", ids=", ".join(str(a.id) for a in subject.amendments))

    def page(self, subject: VariantSet) -> str:
        return app_path("variants.show", set_id=subject.id)

    def render(self, subject: VariantSet, **forms):
        return show_page(subject, **forms)

    def panel_words(self, subject: VariantSet) -> dict:
        return document_panel_words(subject.document, title=_("The ranked vote"),
                                    cancel_confirm=_("Cancel this vote and return the amendments to discussion?"))

    def rules(self, subject: VariantSet):
        return subject.document

    def scope(self, subject: VariantSet) -> str:
        return _("the rules of “%(title)s”", title=subject.document.title)

    def can_be_opened(self, subject: VariantSet) -> bool:
        return all(amendment.status == "discussion" for amendment in subject.amendments)

    def discussion_ends_at(self, subject: VariantSet) -> datetime | None:
        return max(a.status_changed_at + timedelta(days=subject.document.discussion_days) for a in subject.amendments)

    def check_open(self, subject: VariantSet, *, now: datetime) -> None:
        if not subject.amendments:
            raise Conflict(_("This set has no amendment."), code="not_in_discussion")
        services.check_amendments(subject.amendments, now=now)

    def opened(self, subject: VariantSet, vote, *, by, now: datetime) -> None:
        for amendment in subject.amendments:
            lifecycle.move(amendment, "voting", by=by, now=now, note=_("In a ranked vote with its competitors."))

    def decided(self, subject: VariantSet, vote, outcome: str, *, now: datetime) -> None:
        services.decide(subject, vote, outcome, now=now)

    def cancelled(self, subject: VariantSet, vote, *, by, now: datetime) -> None:
        for amendment in subject.amendments:
            lifecycle.move(amendment, "discussion", by=by, now=now, note=_("Vote cancelled."))

    def vote_name(self, subject_id: int) -> str:
        return _("ranked vote on competing amendments")

    def produced(self, subject: VariantSet) -> str | None:
        adopted = next((a for a in subject.amendments if a.id == subject.adopted_amendment_id), None)
        if adopted is None or adopted.merged_version is None:
            return None
        return _("amendment %(id)d adopted: version %(n)d of “%(title)s”", id=adopted.id,
                 n=adopted.merged_version.number, title=subject.document.title)

    def context(self, subject: VariantSet) -> str:
        return subject.document.title

    def can_see(self, user, subject: VariantSet) -> bool:
        return policy.can_read(user)

    def can_open(self, user, subject: VariantSet) -> bool:
        return policy.can_open_variant_vote(user) and self.can_be_opened(subject)

    def document_id(self, subject: VariantSet) -> int | None:
        return subject.document_id

    def options(self, subject: VariantSet) -> list[Option]:
        return [Option(option_key(a.id), a.title, _("Amendment %(n)d", n=a.id), a.id,
                       app_path("amendments.show", amendment_id=a.id))
                for a in subject.amendments] + [Option(CURRENT, _("Keep the current text"), _("Current text"))]

    def tie_break(self, subject: VariantSet) -> list[str]:
        return [CURRENT] + [option_key(a.id) for a in subject.amendments]


SUBJECT = register(VariantsSubject())
