"""Who may do what. Views, templates and the API all ask here; one test matrix covers it.

Every function takes the person (or None / an anonymous user for a visitor) and the object,
and answers True or False. Anything not granted here is denied.
"""
from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import false, select, true

from app.auth.second_factor import missing_for
from app.votes.subjects import kind_of


def _person(user: Any):
    """The logged-in, active person, or None for a visitor or a deactivated account."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if not getattr(user, "is_active", False):
        return None
    return user


def is_facilitator(user: Any) -> bool:
    """A facilitator, with a second factor when the instance requires one of facilitators (until then, their
    facilitator's rights wait)."""
    person = _person(user)
    return bool(person and person.is_facilitator and not needs_second_factor(person))


def needs_second_factor(user: Any) -> bool:
    """This person must turn two-factor authentication on before some of their rights count."""
    person = _person(user)
    return bool(person and missing_for(person))


def is_member(user: Any) -> bool:
    """A person of a member organisation (facilitators count: they run the collective)."""
    person = _person(user)
    return bool(person and (person.is_member or person.is_facilitator))


def is_delegate_of(user: Any, organisation: Any) -> bool:
    person = _person(user)
    return bool(
        person
        and organisation is not None
        and person.is_delegate
        and person.organisation_id == organisation.id
        and organisation.is_member
    )


def can_read(user: Any) -> bool:
    """Public instances are readable by anyone; private ones by logged-in people."""
    return bool(current_app.config["PALABRE_PUBLIC"] or _person(user))


def can_follow(user: Any) -> bool:
    """Anyone with an active account may follow what they can read (participation, issue 19)."""
    return _person(user) is not None and can_read(user)


def can_administer(user: Any) -> bool:
    """Manage organisations, people, documents and rules."""
    return is_facilitator(user)


def can_set_up(user: Any, *, already_set_up: bool) -> bool:
    """The set-up page of a first start: open (to whoever has the one-time code printed on the server's console,
    which the page checks) until the collective is set up, then to nobody, for ever."""
    return not already_set_up


def can_see_collective_identity(user: Any) -> bool:
    """The collective's name and logo: on every page, the log-in page of a private instance included."""
    return True


def can_edit_collective(user: Any) -> bool:
    """Change the collective's name, description, languages, contact address and logo."""
    return is_facilitator(user)


def can_invite(user: Any, organisation: Any) -> bool:
    """Facilitators invite into any organisation; delegates into their own."""
    return is_facilitator(user) or is_delegate_of(user, organisation)


def can_invite_delegate(user: Any) -> bool:
    """Only a facilitator makes someone a delegate directly through an invitation."""
    return is_facilitator(user)


def can_edit_organisation(user: Any, organisation: Any) -> bool:
    """Delegates edit their own organisation's entry; facilitators any."""
    return is_facilitator(user) or is_delegate_of(user, organisation)


def can_create_document(user: Any) -> bool:
    """Only facilitators start a new document; after version 1 texts change by amendment."""
    return is_facilitator(user)


# Amendments ---------------------------------------------------------------------------

AMENDMENT_EDITABLE = ("draft", "discussion", "needs_update")


def can_propose(user: Any) -> bool:
    """Any person of a member organisation (and facilitators) may propose a change."""
    return is_member(user)


def is_author(user: Any, amendment: Any) -> bool:
    person = _person(user)
    return bool(person and amendment.author_id == person.id)


def can_see_amendment(user: Any, amendment: Any) -> bool:
    """Drafts are their author's (and facilitators'); everything else is public."""
    if amendment.status != "draft":
        return can_read(user)
    return is_author(user, amendment) or is_facilitator(user)


def amendment_visibility(user: Any, amendment_model: Any):
    """can_see_amendment as an SQL condition on `amendment_model` (Amendment), for listings: the same rule,
    written beside it so that both change together (tests/hardening/test_policy_filters.py checks they agree)."""
    if not can_read(user):
        return false()
    if is_facilitator(user):
        return true()
    person = _person(user)
    return (amendment_model.status != "draft") | (amendment_model.author_id == (person.id if person else -1))


def can_edit_amendment(user: Any, amendment: Any) -> bool:
    """Only the author, and only before voting opens (voters see exactly what they vote on)."""
    return is_author(user, amendment) and is_member(user) and amendment.status in AMENDMENT_EDITABLE


def can_withdraw_amendment(user: Any, amendment: Any) -> bool:
    return is_author(user, amendment) and amendment.status in AMENDMENT_EDITABLE


# Votes --------------------------------------------------------------------------------


def can_manage_votes(user: Any) -> bool:
    """Facilitators open, cancel, close early and extend votes (whether the vote's state allows it is the service's)."""
    return is_facilitator(user)


def can_open_vote(user: Any, amendment: Any) -> bool:
    return can_manage_votes(user) and amendment.status == "discussion"


def can_open_vote_on(user: Any, kind: str, subject: Any) -> bool:
    """Facilitators open votes, on a subject in the state where it can be put to the vote."""
    return kind_of(kind).can_open(user, subject)


def can_open_variant_vote(user: Any) -> bool:
    """Facilitators put competing amendments to one ranked vote (app/variants/)."""
    return can_manage_votes(user)


def can_request_vote(user: Any, amendment: Any) -> bool:
    """The author asks for a vote; a facilitator confirms by opening it."""
    return is_author(user, amendment) and amendment.status == "discussion" and amendment.vote_requested_at is None


def can_cancel_vote(user: Any, vote: Any) -> bool:
    return can_manage_votes(user) and vote is not None and vote.status == "open"


def can_remind_voters(user: Any, vote: Any) -> bool:
    """A facilitator reminds the delegates of the organisations that have not voted yet (how often: the service)."""
    return can_manage_votes(user) and vote is not None and vote.status == "open"


def can_close_vote_now(user: Any, vote: Any) -> bool:
    """A facilitator closes an open vote before its deadline (the assembly decided to vote now)."""
    return can_manage_votes(user) and vote is not None and vote.status == "open"


def can_extend_vote(user: Any, vote: Any) -> bool:
    """A facilitator gives an open vote more time."""
    return can_manage_votes(user) and vote is not None and vote.status == "open"


def in_electorate(vote: Any, organisation: Any) -> bool:
    """A member organisation of the electorate frozen when the vote opened (joined later or left: no).

    A vote opened before electorates were kept has none: any member organisation then.
    """
    if organisation is None or not organisation.is_member:
        return False
    electors = vote.elector_ids
    return electors is None or organisation.id in electors


def electorate_condition(vote: Any, organisation_model: Any, elector_model: Any):
    """in_electorate as an SQL condition on `organisation_model` (Organisation), for lists of who may vote
    (reminders, announcements): the same rule, beside it."""
    member = organisation_model.status == "member"
    if vote.elector_ids is None:
        return member
    return member & organisation_model.id.in_(
        select(elector_model.organisation_id).where(elector_model.vote_id == vote.id))


def ballot_organisation_id(user: Any) -> int | None:
    """The organisation whose ballots this person would cast (an active delegate's), else None: all that
    `can_cast_ballot` and `can_give_proxy` ask of the person, the rest is of the vote and the organisation."""
    person = _person(user)
    return person.organisation_id if person and person.is_delegate else None


def can_cast_ballot(user: Any, vote: Any) -> bool:
    """A delegate of an organisation of the vote's electorate, while the vote is open."""
    return bool(
        ballot_organisation_id(user) is not None and vote is not None and vote.status == "open"
        and in_electorate(vote, user.organisation)
    )


def can_cast_by_proxy(user: Any, vote: Any, proxy: Any) -> bool:
    """A delegate of the organisation holding that proxy casts the giver's ballot, while the vote is open."""
    return can_cast_ballot(user, vote) and proxy is not None and proxy.holder_id == user.organisation_id


def can_give_proxy(user: Any, vote: Any) -> bool:
    """A delegate of an organisation of the electorate, while the vote is open and its rules allow proxies."""
    return can_cast_ballot(user, vote) and vote.proxies_per_holder > 0


def can_see_ballots(user: Any, vote: Any) -> bool:
    """Ballots are public as cast, unless the rules keep them secret until the close."""
    return can_read(user) and (not vote.secret_ballots or vote.status == "closed")


def can_see_tally(user: Any, vote: Any) -> bool:
    """A secret vote's running tally would tell each ballot as it comes in: only how many voted, until the close."""
    return can_read(user) and (not vote.secret_ballots or vote.status != "open")


def can_set_rules(user: Any) -> bool:
    return is_facilitator(user)


# Comments -----------------------------------------------------------------------------


def can_comment(user: Any) -> bool:
    """People of member organisations (and facilitators) write comments and replies."""
    return is_member(user)


def can_comment_on_application(user: Any, application: Any) -> bool:
    """Its discussion is the members' (as for an amendment) and the candidate's contact's, who answers."""
    person = _person(user)
    return bool(person and (is_member(person) or person.id == application.contact_id))


def can_see_comment(user: Any, comment: Any) -> bool:
    """A comment is read where what it is on is read: a comment on a draft is its author's and facilitators'."""
    if comment.amendment is not None:
        return can_see_amendment(user, comment.amendment)
    return can_read(user)


def can_edit_comment(user: Any, comment: Any) -> bool:
    """Only its author, while it is neither withdrawn nor hidden."""
    person = _person(user)
    return bool(person and comment.author_id == person.id and not comment.withdrawn_at and not comment.hidden_at
                and can_see_comment(person, comment))


def can_withdraw_comment(user: Any, comment: Any) -> bool:
    return can_edit_comment(user, comment)


def can_resolve_thread(user: Any, comment: Any) -> bool:
    """Anyone in a member organisation resolves or reopens a thread, on something they can read."""
    return is_member(user) and comment.parent_id is None and can_see_comment(user, comment)


def can_hide_comment(user: Any, comment: Any) -> bool:
    return is_facilitator(user) and comment.hidden_at is None and can_see_comment(user, comment)


def can_read_hidden_comment(user: Any, comment: Any) -> bool:
    """A hidden comment's text stays readable to facilitators (the reason shows to everyone)."""
    return is_facilitator(user)


# Membership ---------------------------------------------------------------------------


def can_sign_charter(user: Any, organisation: Any) -> bool:
    """A delegate signs the charter for their own member organisation."""
    return is_delegate_of(user, organisation)


def can_leave(user: Any, organisation: Any) -> bool:
    """A delegate takes their organisation out; a facilitator moves any to former, with a public reason."""
    return organisation.status != "former" and (is_delegate_of(user, organisation) or is_facilitator(user))


def can_apply(user: Any) -> bool:
    """Visitors apply for a new organisation; people already in one do not."""
    return _person(user) is None


def can_open_membership_vote(user: Any, application: Any) -> bool:
    return can_manage_votes(user) and application.status == "pending"


def can_send_confirmation_again(user: Any, application: Any, *, holds_link: bool = False) -> bool:
    """The contact, a facilitator, or whoever followed a genuine (even expired) link e-mailed to the contact."""
    person = _person(user)
    return holds_link or is_facilitator(person) or bool(person and person.id == application.contact_id)
