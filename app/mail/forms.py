"""Which e-mails a person gets: one checkbox per e-mail choice the notice kinds declared, and the digest."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField

from app.notifications import kinds


class MailPreferencesForm(FlaskForm):
    """Built with the choices registered by the notice kinds (`notifications/kinds.py`)."""

    digest = BooleanField(_l("One digest a day instead of one e-mail each time"))

    @classmethod
    def with_choices(cls, **kwargs) -> "MailPreferencesForm":
        form_class = type("MailChoicesForm", (cls,), {
            choice.name: BooleanField(choice.label()) for choice in kinds.choices()})
        return form_class(**kwargs)

    @property
    def choice_fields(self) -> list:
        return [self[choice.name] for choice in kinds.choices()]
