"""Ballot, opening a vote, and the voting rules."""
from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DecimalField, RadioField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from app.forms import LocalDateTimeField


class BallotForm(FlaskForm):
    choice = RadioField(_l("Your organisation’s ballot"), validators=[InputRequired()],
                        choices=[("for", _l("For")), ("against", _l("Against")), ("abstain", _l("Abstain"))])
    justification = TextAreaField(_l("Justification (optional, public unless ballots are secret)"),
                                  validators=[Optional(), Length(max=5000)])


class OpenVoteForm(FlaskForm):
    closes_at = LocalDateTimeField(_l("Closes at (optional, later than the rules give)"),
                                   format="%Y-%m-%dT%H:%M", validators=[Optional()])


class LocalDecimalField(DecimalField):
    """A number typed the French way ("66,67", "1 000") as well as the English one; never NaN or infinite
    ("sNaN" used to crash the range check)."""

    def process_formdata(self, valuelist):
        if valuelist:
            valuelist = [value.replace(",", ".").replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
                         for value in valuelist]
        super().process_formdata(valuelist)
        if isinstance(self.data, Decimal) and not self.data.is_finite():
            self.data = None
            raise ValueError(self.gettext("Not a valid decimal value."))


class RulesForm(FlaskForm):
    quorum = LocalDecimalField(_l("Quorum: share of member organisations that must cast a ballot (%)"),
                               places=1, validators=[InputRequired(), NumberRange(min=0, max=100)])
    threshold = LocalDecimalField(_l("Threshold: share of “for” among for and against needed to adopt (%)"),
                                  places=2, validators=[InputRequired(), NumberRange(min=50, max=100)])
    discussion_days = LocalDecimalField(_l("Minimum discussion period (days)"), places=2,
                                        validators=[InputRequired(), NumberRange(min=0, max=365)])
    voting_days = LocalDecimalField(_l("Voting period (days)"), places=2,
                               validators=[InputRequired(), NumberRange(min=0.01, max=365)])
    secret_ballots = BooleanField(_l("Keep ballots secret until the vote closes"))
