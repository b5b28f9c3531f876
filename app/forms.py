"""Forms shared across capabilities."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField


class EmptyForm(FlaskForm):
    """A POST-only button (withdraw, resolve, log out…): just the CSRF token."""


class LanguageForm(FlaskForm):
    """The language switch in the header."""

    language = HiddenField()
    next = HiddenField()
