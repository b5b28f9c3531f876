"""Forms shared across capabilities."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, HiddenField

from app.moments import UnshowableTime, from_local


class EmptyForm(FlaskForm):
    """A POST-only button (withdraw, resolve, log out…): just the CSRF token."""


class LanguageForm(FlaskForm):
    """The language switch in the header."""

    language = HiddenField()
    next = HiddenField()


class LocalDateTimeField(DateTimeLocalField):
    """A date and time typed in the collective's time zone, as pages show them; `data` is in UTC.

    The browser's field has no zone: reading it as UTC shifted a typed 18:00 to 19:00 or 20:00 on the page.
    """

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None:
            try:
                self.data = from_local(self.data)
            except UnshowableTime as refusal:
                self.data = None
                raise ValueError(str(refusal)) from None
