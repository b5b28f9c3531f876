"""The set-up page's form, and the facilitators' form to change the collective's identity later."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (BooleanField, EmailField, PasswordField, RadioField, SelectMultipleField, StringField,
                     TextAreaField, widgets)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.collective.services import LANGUAGES, MAX_DESCRIPTION

LANGUAGE_NAMES = {"fr": "Français", "en": "English"}


class CheckboxesField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class IdentityForm(FlaskForm):
    name = StringField(_l("Name of the collective"), validators=[DataRequired(), Length(max=200)])
    short_name = StringField(_l("Short name, for the header of the pages (if the name is long)"),
                             validators=[Optional(), Length(max=40)])
    description = TextAreaField(_l("In a sentence or two, what the collective is"),
                                validators=[Optional(), Length(max=MAX_DESCRIPTION)])
    languages = CheckboxesField(_l("Languages the collective writes in"),
                                choices=[(code, LANGUAGE_NAMES[code]) for code in LANGUAGES], default=["fr"])
    main_language = RadioField(_l("Its main language (invitations are written in it)"),
                               choices=[(code, LANGUAGE_NAMES[code]) for code in LANGUAGES], default="fr")
    contact_email = EmailField(_l("Contact address of the collective"), validators=[Optional(), Length(max=254)])
    logo = FileField(_l("Logo (PNG, JPEG or WebP, at most 1 MB)"))

    def validate_languages(self, field) -> None:
        if not field.data:
            raise ValidationError(_l("Choose at least one language."))

    def validate_main_language(self, field) -> None:
        if self.languages.data and field.data not in self.languages.data:
            raise ValidationError(_l("The main language must be one of the languages chosen above."))

    def chosen_languages(self) -> list[str]:
        """The main language first."""
        return [self.main_language.data] + [code for code in self.languages.data if code != self.main_language.data]

    def logo_bytes(self) -> bytes | None:
        upload = self.logo.data
        if not upload or not getattr(upload, "filename", ""):
            return None
        return upload.read(2 * 1024 * 1024)


class EditIdentityForm(IdentityForm):
    remove_logo = BooleanField(_l("Remove the logo"))


class SetupForm(IdentityForm):
    code = StringField(_l("One-time set-up code"), validators=[DataRequired(), Length(max=64)])
    facilitator_name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=200)])
    facilitator_email = EmailField(_l("Your e-mail address"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Your password (at least 8 characters)"), validators=[DataRequired(), Length(max=500)])
    organisations = TextAreaField(_l("First organisations to invite"), validators=[Optional(), Length(max=20_000)])
    text_title_1 = StringField(_l("Title of the first text"), validators=[Optional(), Length(max=200)])
    text_file_1 = FileField(_l("Its file (.md, .txt, .odt or .docx)"))
    text_title_2 = StringField(_l("Title of a second text"), validators=[Optional(), Length(max=200)])
    text_file_2 = FileField(_l("Its file (.md, .txt, .odt or .docx)"))

    TEXT_PAIRS = (("text_title_1", "text_file_1"), ("text_title_2", "text_file_2"))

    def validate_text_title_1(self, field) -> None:
        self._check_pair(field, self.text_file_1)

    def validate_text_title_2(self, field) -> None:
        self._check_pair(field, self.text_file_2)

    @staticmethod
    def _check_pair(title, upload) -> None:
        has_file = bool(upload.data and getattr(upload.data, "filename", ""))
        if has_file and not (title.data or "").strip():
            raise ValidationError(_l("Give this text a title."))
        if (title.data or "").strip() and not has_file:
            raise ValidationError(_l("Choose the file of this text (files cannot be kept between two sendings: "
                                     "choose it again if you had)."))
