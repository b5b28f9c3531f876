"""The facilitator's form to start a new document, typed or imported from a file."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Regexp, ValidationError

from app.errors import PalabreError
from app.printing.office import IMPORTABLE, MAX_IMPORT_BYTES, import_text

MAX_MARKDOWN_CHARS = 1_000_000


class DocumentForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    slug = StringField(_l("Short name (used in addresses)"), validators=[
        DataRequired(), Length(max=64),
        Regexp(r"^[a-z0-9][a-z0-9-]*$", message=_l("Use lower-case letters, digits and hyphens.")),
    ])
    # Declared before the text so its extension is checked before validate_markdown reads it.
    upload = FileField(_l("…or import a file"), validators=[
        FileAllowed(list(IMPORTABLE), _l("Send a .md, .txt, .odt or .docx file.")),
    ])
    markdown = TextAreaField(_l("Text (Markdown)"), validators=[Length(max=MAX_MARKDOWN_CHARS)])
    imported_from: str | None = None  # the file whose text is shown for review, not yet saved

    def validate_markdown(self, field) -> None:
        """The text may come from the text area or from a file; one of them is needed."""
        if self.upload.data and not self.upload.errors:
            field.data = self._uploaded_text()
            self.imported_from = self.upload.data.filename
        if not (field.data or "").strip():
            raise ValidationError(_l("Type the text or import a file."))

    def _uploaded_text(self) -> str:
        upload = self.upload.data
        try:
            text = import_text(upload.read(MAX_IMPORT_BYTES + 1), upload.filename or "")
        except PalabreError as error:
            raise ValidationError(error.message) from None
        if len(text) > MAX_MARKDOWN_CHARS:
            raise ValidationError(_l("The file is too long."))
        return text
