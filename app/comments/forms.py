"""Comment forms."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.urls import LARGEST_ID

# The services give the exact limit with a sentence; the form only refuses absurd sizes.
MAX_FORM_BODY = 50_000


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Your comment"), validators=[DataRequired(), Length(max=MAX_FORM_BODY)])
    clause_id = HiddenField(validators=[Optional(), Length(max=16)])
    quote = TextAreaField(_l("Quoted passage (optional)"), validators=[Optional(), Length(max=2000)])
    # Beyond a database integer the lookup of the parent crashed (a 500): no comment has such a number.
    parent_id = IntegerField(validators=[Optional(), NumberRange(min=1, max=LARGEST_ID,
                                                                 message=_l("There is no comment with this number."))])


class EditCommentForm(FlaskForm):
    body = TextAreaField(_l("Your comment"), validators=[DataRequired(), Length(max=MAX_FORM_BODY)])


class HideForm(FlaskForm):
    reason = StringField(_l("Public reason"), validators=[DataRequired(), Length(max=1000)])
