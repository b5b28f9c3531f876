"""Forms for an organisation's own entry, signing the charter and leaving."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, EmailField, HiddenField, IntegerField, PasswordField, StringField, TextAreaField,
                     URLField)
from wtforms.validators import URL, DataRequired, Email, Length, Optional, Regexp

# A website is a web address: URL() alone lets "javascript://host/%0aalert(1)" through.
WEB_ADDRESS = Regexp(r"^https?://", message=_l("The website must start with https:// or http://."))


class EntryForm(FlaskForm):
    """What a delegate (or a facilitator) edits of an organisation's public entry."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    website = URLField(_l("Website"), validators=[Optional(), URL(), WEB_ADDRESS, Length(max=500)])
    city = StringField(_l("Where"), validators=[Optional(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    services = TextAreaField(_l("Services offered"), validators=[Optional(), Length(max=20000)])


class SignForm(FlaskForm):
    """Sign the charter version shown on the page (a newer one in the meantime is a conflict)."""

    # Hidden, so not `required` in the HTML (a hidden input cannot be): the validator still refuses it missing.
    version = IntegerField(validators=[DataRequired()], widget=HiddenField.widget, render_kw={"required": False})


class LeaveForm(FlaskForm):
    reason = TextAreaField(_l("Reason (public)"), validators=[Optional(), Length(max=2000)])


class ApplicationForm(FlaskForm):
    """The public application of a candidate organisation."""

    name = StringField(_l("Name of the organisation"), validators=[DataRequired(), Length(max=200)])
    website = URLField(_l("Website"), validators=[Optional(), URL(), WEB_ADDRESS, Length(max=500)])
    city = StringField(_l("Where"), validators=[Optional(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[DataRequired(), Length(max=5000)])
    services = TextAreaField(_l("Services offered"), validators=[Optional(), Length(max=20000)])
    motivation = TextAreaField(_l("Why join the collective?"), validators=[Optional(), Length(max=5000)])
    contact_name = StringField(_l("Contact name"), validators=[DataRequired(), Length(max=200)])
    contact_email = EmailField(_l("Contact e-mail address"),
                               validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)])
    password = PasswordField(_l("Password (to follow the application)"), validators=[DataRequired(), Length(min=8, max=500)])
    has_read_charter = BooleanField(_l("Our organisation has read the charter and means to sign it"),
                                    validators=[DataRequired()])


class SendLinkAgainForm(FlaskForm):
    """“Send the link again”: the expired link's token rides along when the person is not logged in."""

    token = HiddenField()
