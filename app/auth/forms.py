"""Log-in, account and invitation forms."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from flask_wtf import FlaskForm

LANGUAGE_CHOICES = [("fr", "Français"), ("en", "English")]


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=500)])
    remember = BooleanField(_l("Keep me logged in on this device"))
    next = HiddenField()


class AccountForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)


class PasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = PasswordField(
        _l("New password"), validators=[DataRequired(), Length(min=8, max=500)]
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The two passwords differ."))],
    )


class AcceptInvitationForm(FlaskForm):
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=200)])
    password = PasswordField(
        _l("Choose a password"), validators=[DataRequired(), Length(min=8, max=500)]
    )
    confirm = PasswordField(
        _l("Password again"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
    )


class InviteForm(FlaskForm):
    email = EmailField(_l("E-mail address of the person to invite"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)])
    organisation = SelectField(_l("Organisation"), coerce=int)
    as_delegate = BooleanField(_l("As a delegate of the organisation"))


class ResumeForm(FlaskForm):
    """Logging in again from the expired-session page, with what was typed carried along (prefix "resume").

    Its token has its own name: once logged in, the same POST goes back to the form it came from,
    where no token must pass for that form's own (so the form comes back instead of being saved).
    """

    class Meta:
        csrf_field_name = "resume_token"

    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=500)])
    code = StringField(_l("Code of your two-factor app (if you turned it on)"), validators=[Length(max=40)])
    next = HiddenField()


class ResetRequestForm(FlaskForm):
    email = EmailField(_l("E-mail address of your account"), validators=[DataRequired(), Length(max=254)])


class ResetPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(min=8, max=500)])
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
    )


class ReauthenticateForm(FlaskForm):
    """A change to how one logs in asks for the password again (ASVS 5.0, V7.5)."""

    current_password = PasswordField(_l("Your current password"), validators=[DataRequired(), Length(max=500)])


class TwoFactorCodeForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=40)])


class TwoFactorOffForm(FlaskForm):
    current_password = PasswordField(_l("Your current password"), validators=[DataRequired(), Length(max=500)])
    code = StringField(_l("A code of your app, or a recovery code"), validators=[DataRequired(), Length(max=40)])
