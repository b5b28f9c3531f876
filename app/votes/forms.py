"""Ballot, proxy, opening and extending a vote, and the voting rules."""
from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import BooleanField, DecimalField, IntegerField, RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.extensions import db
from app.forms import LocalDateTimeField
from app.members.models import Organisation
from app.votes.models import VoteElector


class BallotForm(FlaskForm):
    choice = RadioField(_l("Your organisation’s ballot"), validators=[InputRequired()],
                        choices=[("for", _l("For")), ("against", _l("Against")), ("abstain", _l("Abstain"))])
    justification = TextAreaField(_l("Justification (optional, public unless ballots are secret)"),
                                  validators=[Optional(), Length(max=5000)])


class RankingForm(FlaskForm):
    """A ranked ballot that works without JavaScript: a select of rank per option (`rank_<key>`).

    The same rank given to two options ties them; an option given no rank ranks last, with the others
    given none. The fields are added per vote by `ranking_form`.
    """

    justification = TextAreaField(_l("Justification (optional, public unless ballots are secret)"),
                                  validators=[Optional(), Length(max=5000)])
    options: list = []

    def rank_fields(self):
        """(option, its select) in the order of the ballot."""
        return [(option, self[f"rank_{option.key}"]) for option in self.options]

    def ranking(self) -> list[list[str]]:
        """The tiers chosen, best first (ranks need not follow each other: 1, 1, 3 is two tied first, then one)."""
        ranks: dict[int, list[str]] = {}
        for option, select in self.rank_fields():
            if select.data:
                ranks.setdefault(int(select.data), []).append(option.key)
        return [ranks[rank] for rank in sorted(ranks)]


def rank_choices(count: int) -> list[tuple[str, str]]:
    return [("", _l("not ranked (last)"))] + [(str(n), str(n)) for n in range(1, count + 1)]


def ranking_form(options, *, ranking=None, justification: str = "", prefix: str = "") -> RankingForm:
    """The ranking form of one vote's options, filled with a ballot's ranking (or what was posted)."""
    fields = {f"rank_{option.key}": SelectField(option.title, choices=rank_choices(len(options)),
                                                validators=[Optional()]) for option in options}
    form_class = type("VoteRankingForm", (RankingForm,), {**fields, "options": list(options)})
    ranks = {key: str(n) for n, tier in enumerate(ranking or [], start=1) for key in tier}
    data = {f"rank_{option.key}": ranks.get(option.key, "") for option in options}
    return form_class(prefix=prefix, data={**data, "justification": justification})


class OpenVoteForm(FlaskForm):
    closes_at = LocalDateTimeField(_l("Closes at (optional, later than the rules give)"),
                                   format="%Y-%m-%dT%H:%M", validators=[Optional()])


class ExtendVoteForm(FlaskForm):
    closes_at = LocalDateTimeField(_l("New closing time (later than the current one)"),
                                   format="%Y-%m-%dT%H:%M", validators=[DataRequired()])


class ProxyForm(FlaskForm):
    """Give the organisation's proxy to another organisation of the electorate."""

    to = SelectField(_l("Give your organisation’s proxy to"), validators=[DataRequired()])

    def __init__(self, vote, organisation_id: int, *args, **kwargs):
        super().__init__(*args, **kwargs)
        query = select(Organisation.slug, Organisation.name).where(Organisation.status == "member",
                                                                   Organisation.id != organisation_id)
        if vote.elector_ids is not None:
            query = query.join(VoteElector, (VoteElector.organisation_id == Organisation.id)
                               & (VoteElector.vote_id == vote.id))
        self.to.choices = [(slug, name) for slug, name in db.session.execute(query.order_by(Organisation.name))]


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
    # Bounds are Decimals: the typed value is one, and Decimal("0.01") < 0.01 (a float a hair above it),
    # which refused the very minimum the message advertised.
    quorum = LocalDecimalField(_l("Quorum: share of member organisations that must cast a ballot (%)"),
                               places=1, validators=[InputRequired(), NumberRange(min=Decimal(0), max=Decimal(100))])
    threshold = LocalDecimalField(_l("Threshold: share of “for” among for and against needed to adopt (%)"),
                                  places=2, validators=[InputRequired(), NumberRange(min=Decimal(50), max=Decimal(100))])
    discussion_days = LocalDecimalField(_l("Minimum discussion period (days)"), places=2,
                                        validators=[InputRequired(), NumberRange(min=Decimal(0), max=Decimal(365))])
    voting_days = LocalDecimalField(_l("Voting period (days)"), places=2,
                                    validators=[InputRequired(), NumberRange(min=Decimal("0.01"), max=Decimal(365))])
    proxies_per_holder = IntegerField(_l("Proxies one organisation may hold on a vote (0: no proxies)"),
                                      validators=[Optional(), NumberRange(min=0, max=100)])
    secret_ballots = BooleanField(_l("Keep ballots secret until the vote closes"))
