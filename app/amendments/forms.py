"""The amendment editor and the facilitator's decision."""
from __future__ import annotations

import secrets

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

# Generous bounds: a whole charter fits; the services check the exact limits with a sentence.
MAX_TEXT = 1_000_000


class AmendmentForm(FlaskForm):
    title = StringField(_l("Title of the amendment"), validators=[DataRequired(), Length(max=200)])
    markdown = TextAreaField(_l("Proposed text"), validators=[DataRequired(), Length(max=MAX_TEXT)])
    rationale = TextAreaField(_l("Why this change?"), validators=[DataRequired(), Length(max=20_000)])
    # Rendered hidden, and a hidden input may not be `required` in HTML: the validator still refuses it missing.
    base_version = IntegerField(validators=[DataRequired()], render_kw={"required": False})
    clause_id = HiddenField(validators=[Optional(), Length(max=16)])
    # Made when the form is first shown, sent back with every preview: the same form sent twice (a double
    # click, a "send again" after a slow answer) proposes one amendment, not two.
    submission_key = HiddenField(default=lambda: secrets.token_urlsafe(24), validators=[Optional(), Length(max=64)])


class DecisionForm(FlaskForm):
    note = StringField(_l("Reason (public)"), validators=[Optional(), Length(max=2000)])


class PreviewForm(FlaskForm):
    """What the live preview needs: the text being typed and what it is written against."""

    markdown = TextAreaField(validators=[Length(max=MAX_TEXT)])
    base_version = IntegerField(validators=[DataRequired()])
    clause_id = HiddenField(validators=[Optional(), Length(max=16)])
