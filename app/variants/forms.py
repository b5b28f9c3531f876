"""Opening a ranked vote over competing amendments from an amendment's page."""
from __future__ import annotations

from datetime import timezone

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.widgets import HiddenInput
from wtforms.validators import NumberRange, Optional

from app.forms import LocalDateTimeField
from app.urls import LARGEST_ID


class VariantVoteForm(FlaskForm):
    """The amendments ticked (`amendments`, several checkboxes read by the view) and an optional closing time."""

    from_amendment = IntegerField(widget=HiddenInput(), validators=[Optional(), NumberRange(1, LARGEST_ID)])
    closes_at = LocalDateTimeField(_l("Closes at (optional, later than the rules give)"),
                                   format="%Y-%m-%dT%H:%M", validators=[Optional()])

    def closes_at_utc(self):
        return self.closes_at.data.replace(tzinfo=timezone.utc) if self.closes_at.data else None
