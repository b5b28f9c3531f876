"""A ranked vote's count in words: a ballot's ranking on one line, and why the winner won, in one sentence."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from app.votes import schulze
from app.votes.ranked import CURRENT, RankedTally
from app.votes.subjects import Option


def names_of(options: list[Option]) -> dict[str, str]:
    return {option.key: option.short for option in options}


def ranking_line(tiers: schulze.Ranking, options: list[Option]) -> str:
    """"Amendment 12 > Amendment 13 = Current text; not ranked: Amendment 14"."""
    names = names_of(options)
    line = " > ".join(" = ".join(names[key] for key in tier) for tier in tiers) or _("nothing ranked")
    left = [option.short for option in options if not any(option.key in tier for tier in tiers)]
    if not (left and tiers):
        return line
    return _("%(ranking)s; not ranked: %(names)s", ranking=line, names=", ".join(left))  # French: " ; "


def support(value) -> int:
    """A head-to-head count, or the support of a strongest path's weakest link."""
    return value[0] if isinstance(value, list) else value


def against(count: schulze.Count, table: dict, winner: str, names: dict[str, str]) -> str:
    return ", ".join(_("%(a)d to %(b)d against %(other)s", a=support(table[winner][other]),
                       b=support(table[other][winner]), other=names[other]) for other in count.options if other != winner)


def why_sentence(count: schulze.Count, options: list[Option]) -> str:
    """One sentence: why the winner won (head to head, by the strongest paths, or by the tie-break)."""
    names = names_of(options)
    if count.winner is None:
        return ""
    winner = names[count.winner]
    if count.ballots == 0:
        return _("No ballot yet: every option is tied, and a tie goes to the current text.")
    if count.tied_winners:
        return _("%(names)s are tied at the top; as the rules say, a tie goes to the current text, then to the "
                 "amendment proposed first: %(winner)s.", names=" = ".join(names[k] for k in count.tied_winners),
                 winner=winner)
    if count.condorcet_winner == count.winner:
        return _("%(winner)s comes first: it beats every other option head to head (%(details)s).", winner=winner,
                 details=against(count, count.pairwise, count.winner, names))
    return _("No option beats every other head to head; %(winner)s comes first because its strongest chains of "
             "head-to-head wins beat those of every other option (%(details)s).", winner=winner,
             details=against(count, count.strongest, count.winner, names))


def decision_sentence(tally: RankedTally, options: list[Option]) -> str:
    """The final question: the winner against the current text, under the quorum and the threshold."""
    names = names_of(options)
    if not tally.quorum_reached:
        return _("The quorum is not reached: nothing is adopted.")
    if tally.count.winner == CURRENT:
        return _("The current text comes first: it is kept, and no amendment is adopted.")
    share = round(100 * (tally.share_for or 0))
    said = ngettext("Against the current text, %(winner)s is preferred by %(num)d organisation",
                    "Against the current text, %(winner)s is preferred by %(num)d organisations",
                    tally.count_for, winner=names[tally.challenger]) + ", " + \
        ngettext("the current text by %(num)d", "the current text by %(num)d", tally.count_against) + \
        " " + _("(%(pct)d %%; threshold %(t)d %%):", pct=share, t=round(100 * tally.threshold))
    return said + " " + (_("adopted.") if tally.outcome == "accepted" else _("not adopted."))
