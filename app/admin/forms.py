"""Facilitator forms for organisations and people."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, TextAreaField, URLField
from wtforms.validators import URL, DataRequired, Email, Length, Optional

from app.members.forms import WEB_ADDRESS

STATUS_CHOICES = [("member", _l("Member")), ("candidate", _l("Candidate")), ("former", _l("Former member"))]


class OrganisationForm(FlaskForm):
    slug = StringField(_l("Short name (used in addresses)"), validators=[Optional(), Length(max=64)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    status = SelectField(_l("Status"), choices=STATUS_CHOICES)
    website = URLField(_l("Website"), validators=[Optional(), URL(), WEB_ADDRESS, Length(max=500)])
    city = StringField(_l("Where"), validators=[Optional(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])


class PersonForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    organisation = SelectField(_l("Organisation"), coerce=int)
    is_delegate = BooleanField(_l("Delegate of the organisation (casts its ballots)"))
    is_facilitator = BooleanField(_l("Facilitator"))
    is_active = BooleanField(_l("Account active"), default=True)
    password = PasswordField(_l("Initial password (leave empty to invite by link instead)"), validators=[Optional(), Length(min=8, max=500)])
