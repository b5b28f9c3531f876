"""The facilitator's form to start a new document."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Regexp, ValidationError

MAX_MARKDOWN_CHARS = 1_000_000


class DocumentForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    slug = StringField(_l("Short name (used in addresses)"), validators=[
        DataRequired(), Length(max=64),
        Regexp(r"^[a-z0-9][a-z0-9-]*$", message=_l("Use lower-case letters, digits and hyphens.")),
    ])
    # Declared before the text so its extension is checked before validate_markdown reads it.
    upload = FileField(_l("…or upload a Markdown file"), validators=[
        FileAllowed(["md", "markdown", "txt"], _l("Upload a .md file.")),
    ])
    markdown = TextAreaField(_l("Text (Markdown)"), validators=[Length(max=MAX_MARKDOWN_CHARS)])

    def validate_markdown(self, field) -> None:
        """The text may come from the text area or from the file; one of them is needed."""
        if self.upload.data and not self.upload.errors:
            field.data = self._uploaded_text()
        if not (field.data or "").strip():
            raise ValidationError(_l("Type the text or upload a Markdown file."))

    def _uploaded_text(self) -> str:
        raw = self.upload.data.read(MAX_MARKDOWN_CHARS * 4 + 1)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationError(_l("The file is not UTF-8 text.")) from None
        if len(text) > MAX_MARKDOWN_CHARS:
            raise ValidationError(_l("The file is too long."))
        return text
