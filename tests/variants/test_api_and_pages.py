"""The ranked vote through the JSON API (API.md's contract) and through the pages, without JavaScript."""
from __future__ import annotations

from datetime import timedelta

import jsonschema_rs
from sqlalchemy import select

from app.db_types import utcnow
from app.extensions import db
from app.votes.models import Vote
from tests.amendments.conftest import charter  # noqa: F401  (fixture)
from tests.support.forms import login, post_form
from tests.variants.conftest import five, rivals  # noqa: F401  (fixtures)
from tests.votes.test_api import auth


def close(vote_id: int) -> None:
    vote = db.session.get(Vote, vote_id)
    vote.closes_at = utcnow() - timedelta(seconds=1)
    db.session.commit()


def test_the_api_opens_takes_rankings_and_gives_the_schulze_result(client, charter, rivals, five):  # noqa: F811
    v, c, t = (f"a{a.id}" for a in rivals)
    url = "/api/v1/documents/charte/variant-votes"
    body = {"amendments": [a.id for a in rivals]}
    assert client.post(url, json=body, headers=auth(client, "delegate@a.example")).status_code == 403
    assert client.post(url, json={"amendments": "1,2"}, headers=auth(client, "facilitator@example.org")).status_code == 422
    opened = client.post(url, json=body, headers=auth(client, "facilitator@example.org"))
    assert opened.status_code == 201, opened.json
    vote = opened.json
    assert vote["method"] == "ranked" and vote["subject"]["kind"] == "variants"
    assert [o["key"] for o in vote["options"]] == [v, c, t, "current"] and "result" not in vote
    assert vote["options"][0]["amendment_id"] == rivals[0].id
    ballot = f"/api/v1/votes/{vote['id']}/ballot"
    rankings = {"a": [[v], [c]], "b": [[v], [c]], "c": [[c], [t, "current"]], "d": [[t], [c]], "e": [[c], [v]]}
    for key, ranking in rankings.items():
        cast = client.put(ballot, json={"ranking": ranking, "justification": ""}, headers=auth(client, five[key].email))
        assert cast.status_code == 200 and cast.json["ranking"] == ranking and cast.json["receipt"]
    refused = client.put(ballot, json={"choice": "for"}, headers=auth(client, five["a"].email))
    assert refused.status_code == 422
    wrong = client.put(ballot, json={"ranking": [["nope"]]}, headers=auth(client, five["a"].email))
    assert wrong.status_code == 422 and wrong.json["error"]["code"] == "invalid_ranking"
    close(vote["id"])
    result = client.get(f"/api/v1/votes/{vote['id']}").json
    assert result["status"] == "closed" and result["outcome"] == "accepted"
    assert result["result"]["winner"] == c and result["result"]["pairwise"][c][v] == 3
    assert result["result"]["ranking"][0] == [c]
    description = client.get("/api/v1/openapi.json").get_json()
    schema = {**description["components"]["schemas"]["FullVote"], "components": description["components"]}
    for ballot_schema in description["paths"]["/votes/{vote_id}/ballot"]["put"]["requestBody"]["content"].values():
        assert jsonschema_rs.Draft202012Validator(ballot_schema["schema"]).is_valid({"ranking": [[c], [v]]})
    assert jsonschema_rs.Draft202012Validator(schema).is_valid(result), "the answer is the one described"
    listed = client.get(f"/api/v1/votes/{vote['id']}/ballots").json["items"]
    assert {item["organisation"]: item["ranking"] for item in listed}["org-cx"] == [[c], [t, "current"]]
    statuses = [client.get(f"/api/v1/amendments/{a.id}").json["status"] for a in rivals]
    assert statuses == ["not_retained", "accepted", "not_retained"]
    listed = client.get("/api/v1/amendments?document=charte&status=not_retained").json["items"]
    assert sorted(a["id"] for a in listed) == [rivals[0].id, rivals[2].id]


def test_the_pages_open_rank_without_javascript_and_draw_the_matrix(client, charter, rivals, five):  # noqa: F811
    v, c, t = (f"a{a.id}" for a in rivals)
    login(client, "facilitator@example.org")
    page = f"/amendments/{rivals[0].id}"
    assert "Decide them together" in client.get(page, headers={"Accept-Language": "en"}).get_data(as_text=True) \
        or "un seul vote par classement" in client.get(page).get_data(as_text=True)
    opened = post_form(client, "/documents/charte/variant-votes",
                       {"amendments": [str(a.id) for a in rivals], "from_amendment": str(rivals[0].id)},
                       token_from=page)
    assert opened.status_code == 302 and "/variants/" in opened.headers["Location"]
    variants_url = opened.headers["Location"].split("#")[0]
    vote_id = db.session.scalar(select(Vote.id).where(Vote.subject_kind == "variants"))
    ranks = {"a": {v: "1", c: "2"}, "b": {v: "1", c: "2"}, "c": {c: "1", t: "2", "current": "2"},
             "d": {t: "1", c: "2"}, "e": {c: "1", v: "2"}}
    for key, chosen in ranks.items():
        other = client.application.test_client()
        login(other, five[key].email)
        form = {f"rank_{option}": rank for option, rank in chosen.items()}
        cast = post_form(other, f"/variants/{variants_url.rsplit('/', 1)[1]}/vote/ballot", form, token_from=variants_url)
        assert cast.status_code == 302, cast.get_data(as_text=True)[:300]
    html = other.get(variants_url).get_data(as_text=True)
    assert "matrix__table" in html and "rank_" in html
    close(vote_id)
    closed = client.application.test_client().get(variants_url).get_data(as_text=True)
    assert "matrix__winner" in closed and "Amendement %d" % rivals[1].id in closed
    minutes = client.application.test_client().get(f"/votes/{vote_id}/minutes").get_data(as_text=True)
    assert "matrix__table--paths" in minutes
    listing = client.application.test_client().get("/documents/charte/amendments?status=not_retained")
    assert listing.status_code == 200 and rivals[0].title in listing.get_data(as_text=True)
