"""The organisation's ballot on a vote page, kept once per organisation (app/votes/own_part.py, issue 20.2):
every delegate of one organisation shares it, built once, each with their own name and CSRF token; a
delegate of another organisation, a member or a delegate of a candidate organisation never gets it; a
ballot cast shows at once to the next reader of the organisation; a refused ballot sent back still shows
what was typed, to its sender only; a secret vote shows an organisation nothing of another's ballot."""
from __future__ import annotations

import pytest

from app.db_types import utcnow
from app.extensions import db
from app.votes import own_part
from app.votes import services as vote_services
from tests.amendments import conftest as amendment_fixtures
from tests.caching import test_pieces
from tests.caching.conftest import FR, page
from tests.caching.test_amendment_shell import signed_in
from tests.caching.test_pieces import TOKEN, proposed
from tests.caching.test_shells import MARKS

charter, voting = amendment_fixtures.charter, test_pieces.voting  # fixtures of this module too

BALLOT_OF_A, BALLOT_OF_B = "Bulletin de Organisation A", "Bulletin de Organisation B"


@pytest.fixture
def builds(monkeypatch):
    """The organisations whose ballot part was built (a kept one builds nothing)."""
    built = []
    fill_own = own_part.fill_own

    def counting(panel, user):
        built.append(user.organisation_id)
        return fill_own(panel, user)
    monkeypatch.setattr(own_part, "fill_own", counting)
    return built


def ballot_form(html: str) -> str:
    return html.split('class="stack panel ballot-form"')[1].split("</form>")[0]


def test_two_delegates_of_one_organisation_share_its_part_not_their_tokens_or_names(voting, reader, people,
                                                                                    builds):
    amendment, vote = voting
    people["delegate_a"].name, people["delegate_a2"].name = "Déléguée Alpha", "Délégué Alpha Deux"
    db.session.commit()
    url = f"/amendments/{amendment.id}"
    first, second_browser = page(reader("delegate_a"), url), reader("delegate_a2")
    second = page(second_browser, url)
    assert builds == [people["org_a"].id]  # built for the first delegate, served to the second
    assert BALLOT_OF_A in first and BALLOT_OF_A in second
    assert signed_in(first) == "Déléguée Alpha" and signed_in(second) == "Délégué Alpha Deux"
    assert "Délégué Alpha Deux" not in first and "Déléguée Alpha" not in second
    mine, theirs = TOKEN.search(ballot_form(first)).group(1), TOKEN.search(ballot_form(second)).group(1)
    assert mine != theirs and mine not in second and theirs not in first
    assert not MARKS.search(first + second) and "csrf:" not in first + second
    answer = second_browser.post(f"/amendments/{amendment.id}/vote/ballot", headers=FR,
                                 data={"csrf_token": theirs, "choice": "for", "justification": ""})
    assert answer.status_code == 302  # the token spliced into the shared part is the reader's own


def test_a_delegate_of_another_organisation_a_member_and_a_candidates_delegate_never_get_it(voting, reader,
                                                                                             people, builds):
    amendment, vote = voting
    vote_services.cast_ballot(vote, by=people["delegate_a"], choice="against", justification="Motif A.",
                              now=utcnow())
    db.session.commit()
    url = f"/amendments/{amendment.id}"
    of_a = page(reader("delegate_a"), url)
    of_b, member = page(reader("delegate_b"), url), page(reader("member_a"), url)
    candidate = page(reader("candidate"), url)
    assert "Votre organisation a voté « contre »" in of_a
    assert BALLOT_OF_B in of_b and BALLOT_OF_A not in of_b and "Votre organisation a voté" not in of_b
    assert BALLOT_OF_A not in member and "ballot-form" not in member  # of A, but casts no ballot
    assert "ballot-form" not in candidate and "Votre organisation a voté" not in candidate
    # A built its own, B its own, the candidate's asked and found nothing; the member's asked for nothing.
    assert builds == [people["org_a"].id, people["org_b"].id, people["candidate_org"].id]


def test_a_ballot_cast_shows_at_once_to_the_next_reader_of_the_organisation(voting, reader, people, builds):
    amendment, vote = voting
    url = f"/amendments/{amendment.id}"
    first, caster = reader("delegate_a"), reader("delegate_a2")
    assert "Votre organisation a voté" not in page(first, url)
    token = TOKEN.search(ballot_form(page(caster, url))).group(1)
    assert builds == [people["org_a"].id]
    answer = caster.post(f"/amendments/{amendment.id}/vote/ballot", headers=FR,
                         data={"csrf_token": token, "choice": "abstain", "justification": "Mandat."})
    assert answer.status_code == 302
    again = page(first, url)
    assert "Votre organisation a voté « abstention »" in again and people["delegate_a2"].name in again
    assert "Modifier le bulletin" in again and builds == [people["org_a"].id] * 2


def test_a_refused_ballot_sent_back_shows_what_was_typed_to_its_sender_only(voting, reader, people, builds):
    amendment, vote = voting
    url = f"/amendments/{amendment.id}"
    other, sender = reader("delegate_a"), reader("delegate_a2")
    page(other, url)  # the organisation's part kept
    token = TOKEN.search(ballot_form(page(sender, url))).group(1)
    answer = sender.post(f"/amendments/{amendment.id}/vote/ballot", headers=FR,
                         data={"csrf_token": token, "justification": "Texte tapé sans choix."})
    assert answer.status_code == 422
    sent_back = answer.get_data(as_text=True)
    assert "Texte tapé sans choix." in ballot_form(sent_back) and 'id="ballot-choice-error"' in sent_back
    assert "Texte tapé sans choix." not in page(other, url) + page(sender, url)  # nothing was saved or kept


def test_a_secret_vote_shows_an_organisation_nothing_of_anothers(charter, reader, people, builds):
    charter.secret_ballots = True
    amendment = proposed(charter, people["member_a"], days=20)
    vote = vote_services.open_vote(amendment, by=people["facilitator"], now=utcnow())
    vote_services.cast_ballot(vote, by=people["delegate_a"], choice="against",
                              justification="Motif secret A.", now=utcnow())
    db.session.commit()
    url = f"/amendments/{amendment.id}"
    of_b, of_a = page(reader("delegate_b"), url), page(reader("delegate_a2"), url)
    assert "Motif secret A." not in of_b and "« contre »" not in of_b and BALLOT_OF_B in of_b
    assert "Votre organisation a voté « contre »" in of_a and "Motif secret A." in ballot_form(of_a)
    assert "Motif secret A." not in page(reader("member_a"), url)
