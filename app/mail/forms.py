"""Which e-mails a person gets."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField


class MailPreferencesForm(FlaskForm):
    vote_opened = BooleanField(_l("A vote opens for my organisation"))
    vote_closing = BooleanField(_l("A vote closes within 24 hours and my organisation has not voted"))
    reply = BooleanField(_l("Someone replies to my comment"))
    amendment_outcome = BooleanField(_l("My amendment is adopted, rejected or needs an update"))
    followed = BooleanField(_l("Something new on a text, clause or amendment I follow"))
    digest = BooleanField(_l("One digest a day instead of one e-mail each time"))
