"""The minutes of a closed vote as Markdown, to file with the association's records.

Written line by line here rather than in a template: Markdown's meaning is in its line breaks,
which the page templates' whitespace control would eat.
"""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from app.templating import readable_time
from app.votes import ranked
from app.votes.minutes import Minutes
from app.votes.ranked_words import decision_sentence, names_of, ranking_line, why_sentence
from app.votes.services import outcome_label


def choice_words(choice: str) -> str:
    return {"for": _("for"), "against": _("against"), "abstain": _("abstain")}.get(choice, choice)


def rules_sentence(minutes: Minutes) -> str:
    vote = minutes.vote
    return _("%(scope)s when the vote opened: quorum %(q)s %%, threshold %(t)s %% of “for” among for and against, "
             "ballots %(kind)s.", scope=minutes.scope, q="%g" % round(vote.quorum * 100, 2),
             t="%g" % round(vote.threshold * 100, 2), kind=_("secret") if vote.secret_ballots else _("public")) + " " + \
        ngettext("At most %(num)d proxy per organisation.", "At most %(num)d proxies per organisation.",
                 vote.proxies_per_holder)


def head_lines(minutes: Minutes) -> list[str]:
    vote = minutes.vote
    opened = readable_time(vote.opens_at)
    if minutes.opened_by:
        opened += " (" + _("by %(name)s", name=minutes.opened_by.name) + ")"
    lines = [f"# {_('Minutes of the vote on %(what)s', what=minutes.subject.label)}", "",
             f"- {_('Opened')}: {opened}", f"- {_('Closed')}: {readable_time(vote.closes_at)}",
             f"- {_('Rules in force')}: {rules_sentence(minutes)}"]
    for change in minutes.changes:
        label = _("Closed before its deadline") if change.kind == "vote.closed_early" else _("Extended")
        lines.append(f"- {label}: {readable_time(change.at)}")
    return lines


def ballot_lines(minutes: Minutes) -> list[str]:
    if minutes.vote.secret_ballots:
        return [_("Secret ballot: only the counts are published.")]
    if not minutes.ballots:
        return [_("No ballot was cast.")]
    lines = []
    for ballot in minutes.ballots:
        who = ballot.cast_by.name
        if ballot.proxy_holder:
            who += " (" + _("by proxy, for %(holder)s", holder=ballot.proxy_holder.name) + ")"
        said = ranking_line(ranked.decode(ballot.ranking), minutes.options) if ballot.ranking is not None \
            else choice_words(ballot.choice)
        lines.append(f"- **{ballot.organisation.name}**: {said} — {who}, "
                     f"{readable_time(ballot.cast_at)}")
        if ballot.justification:
            lines += ["  > " + line for line in ballot.justification.splitlines()]
    return lines


def cell(value) -> str:
    """A head-to-head count, or a strongest path as its weakest link's figures for – against."""
    return f"{value[0]} – {value[1]}" if isinstance(value, list) else str(value)


def matrix_lines(title: str, table: dict, minutes: Minutes) -> list[str]:
    names = names_of(minutes.options)
    keys = list(minutes.tally.count.options)
    lines = [f"| {title} | " + " | ".join(names[key] for key in keys) + " |", "|---" * (len(keys) + 1) + "|"]
    for x in keys:
        lines.append(f"| **{names[x]}** | " + " | ".join("—" if x == y else cell(table[x][y]) for y in keys) + " |")
    return lines


def count_lines(minutes: Minutes) -> list[str]:
    """A ranked vote's whole count: options, head-to-head matrix, strongest paths, ranking, and why."""
    count, names = minutes.tally.count, names_of(minutes.options)
    lines = [f"- **{option.short}**" + (f": {option.title}" if option.amendment_id else "") for option in minutes.options]
    lines += ["", _("Head to head (organisations preferring the row to the column):"), ""]
    lines += matrix_lines(_("Option"), count.pairwise, minutes)
    lines += ["", _("Strongest paths (a chain of head-to-head wins is as strong as its weakest win):"), ""]
    lines += matrix_lines(_("Option"), count.strongest, minutes)
    ranking = " > ".join(" = ".join(names[key] for key in tier) for tier in count.ranking)
    return lines + ["", f"{_('Schulze ranking:')} {ranking}", "", why_sentence(count, minutes.options), "",
                    decision_sentence(minutes.tally, minutes.options)]


def as_markdown(minutes: Minutes) -> str:
    """The whole minutes, in the reader's language."""
    vote = minutes.vote
    names = ", ".join(organisation.name for organisation in minutes.electorate)
    lines = head_lines(minutes) + ["", f"## {_('Electorate')}", "",
                                   ngettext("%(num)d member organisation when the vote opened:",
                                            "%(num)d member organisations when the vote opened:",
                                            len(minutes.electorate)) + " " + names,
                                   "", f"## {_('Ballots')}", ""] + ballot_lines(minutes)
    if minutes.did_not_vote:
        lines += ["", _("Did not vote:") + " " + ", ".join(o.name for o in minutes.did_not_vote)]
    lines += ["", f"## {_('Proxies')}", ""]
    lines += ["- " + _("%(giver)s gave its proxy to %(holder)s", giver=giver, holder=holder)
              for giver, holder in minutes.proxies]
    if minutes.proxies:
        lines.append("")
    lines.append(ngettext("%(num)d ballot came by proxy.", "%(num)d ballots came by proxy.", minutes.proxies_used))
    cast = vote.count_for + vote.count_against + vote.count_abstain
    outcome = f"**{_('Outcome:')} {outcome_label(vote.outcome)}**"
    if minutes.produced:
        outcome += f" — {minutes.produced}"
    lines += ["", f"## {_('Tally and outcome')}", ""]
    if vote.method == "ranked":
        lines += count_lines(minutes)
    else:
        lines.append(_("%(f)d for, %(a)d against, %(b)d abstaining; %(cast)d of %(eligible)d organisations voted.",
                       f=vote.count_for, a=vote.count_against, b=vote.count_abstain, cast=cast,
                       eligible=vote.eligible_count))
    lines += ["", outcome]
    return "\n".join(lines) + "\n"
