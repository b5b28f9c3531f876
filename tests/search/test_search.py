"""Search, on both engines: inflections and accents, highlighting, kept up to date in the writing transaction."""
from __future__ import annotations

from app.amendments import services as amendment_services
from app.comments import services as comment_services
from app.db_types import utcnow
from app.documents.clauses import clauses_of
from app.documents.queries import get_version
from app.documents.services import create_version
from app.extensions import db
from app.search.queries import search
from app.search.words import highlight
from tests.amendments.conftest import CHARTER, adopt, amended, charter  # noqa: F401  (fixture)


def first_clause(document) -> str:
    return clauses_of(document.id, 1)[0].clause_id


def found(query: str, kind: str | None = None):
    results, _total = search(query, kind=kind, page=1, per_page=20)
    return results


def test_an_unaccented_singular_finds_the_clause_and_highlights_it(charter):  # noqa: F811
    results = found("donnee", kind="clause")
    snippets = [result.snippet for result in results]
    assert {result.entry.clause_id is not None for result in results} == {True}
    assert any("revendre les <mark>données</mark>" in snippet for snippet in snippets), snippets
    assert len(results) == 2  # clauses 2 and 3 of the list, not the others


def test_french_and_english_inflections(charter, people):  # noqa: F811
    amendment_services.create_amendment(
        charter, author=people["member_a"], title="Hosting our own servers", rationale="We host the members' mail.",
        markdown=amended(CHARTER, "Publier", "Publier clairement"), base_number=1, now=utcnow())
    db.session.commit()
    assert [r.entry.title for r in found("hosted", kind="amendment")] == ["Hosting our own servers"]
    assert [r.entry.number for r in found("héberge", kind="clause")] != []  # Héberger
    assert found("décision", kind="clause")[0].snippet.count("<mark>décisions</mark>") == 1


def test_results_are_ranked_title_first(charter, people):  # noqa: F811
    for title, rationale in (("Autre chose", "On parle aussi de serveurs ici."), ("Serveurs", "Sans rapport.")):
        amendment_services.create_amendment(charter, author=people["member_a"], title=title, rationale=rationale,
                                            markdown=amended(CHARTER, "Publier", title), base_number=1, now=utcnow())
    db.session.commit()
    assert [r.entry.title for r in found("serveur", kind="amendment")] == ["Serveurs", "Autre chose"]


def test_a_new_comment_is_found_in_the_transaction_that_writes_it(charter, people):  # noqa: F811
    comment = comment_services.comment_on_version(get_version(charter, 1), author=people["member_a"],
                                                  body="Et la cryptographie des sauvegardes ?", now=utcnow(),
                                                  clause_id=first_clause(charter))
    # Not committed: the index row was written by the same flush.
    assert [r.entry.number for r in found("sauvegarde")] == [comment.id]
    comment_services.hide_comment(comment, by=people["facilitator"], reason="hors sujet", now=utcnow())
    db.session.flush()
    assert found("sauvegarde") == []


def test_a_draft_is_not_found_until_it_is_submitted(charter, people):  # noqa: F811
    draft = amendment_services.create_amendment(
        charter, author=people["member_a"], title="Brouillon confidentiel", rationale="À relire.",
        markdown=amended(CHARTER, "Publier", "Afficher"), base_number=1, now=utcnow(), draft=True)
    db.session.commit()
    assert found("confidentiel") == []
    amendment_services.submit_draft(draft, by=people["member_a"], now=utcnow())
    db.session.commit()
    assert [r.entry.number for r in found("confidentiel")] == [draft.id]


def test_an_edit_of_the_text_alone_is_found_at_once(charter, people):  # noqa: F811
    amendment = amendment_services.create_amendment(
        charter, author=people["member_a"], title="Vendre", rationale="Plus clair.",
        markdown=amended(CHARTER, "revendre", "troquer"), base_number=1, now=utcnow())
    db.session.commit()
    assert [r.entry.number for r in found("troquer", kind="amendment")] == [amendment.id]
    # Same title, same rationale: only the text (a row of its own, amendment_text) changes.
    amendment_services.edit_amendment(amendment, by=people["member_a"], title="Vendre", rationale="Plus clair.",
                                      markdown=amended(CHARTER, "revendre", "mutualiser"), now=utcnow())
    db.session.commit()
    assert found("troquer", kind="amendment") == []
    assert [r.entry.number for r in found("mutualiser", kind="amendment")] == [amendment.id]


def test_only_the_head_version_is_searched(charter):  # noqa: F811
    create_version(charter, amended(CHARTER, "revendre", "céder"), author=None, now=utcnow(), summary="v2")
    db.session.commit()
    assert found("revendre", kind="clause") == []
    assert len(found("céder", kind="clause")) == 1


def test_an_adopted_amendment_moves_the_clauses_found(charter, people):  # noqa: F811
    amendment = amendment_services.create_amendment(
        charter, author=people["member_a"], title="Louer", rationale="Précision.",
        markdown=amended(CHARTER, "Ne jamais revendre", "Ne jamais louer ni revendre"), base_number=1, now=utcnow())
    db.session.commit()
    adopt(amendment)
    db.session.commit()
    assert "<mark>louer</mark>" in found("louer", kind="clause")[0].snippet


def test_organisations_are_found_by_name_and_description(people):
    people["org_a"].description = "Hébergeur associatif en Bretagne."
    db.session.commit()
    assert [r.entry.title for r in found("hebergeurs", kind="organisation")] == ["Organisation A"]


def test_rebuild_gives_the_same_index(charter, people, runner):  # noqa: F811
    comment_services.comment_on_version(get_version(charter, 1), author=people["member_a"], body="Sauvegardes ?",
                                        now=utcnow(), clause_id=first_clause(charter))
    db.session.commit()
    before = sorted((r.entry.kind, r.entry.key) for r in found("sauvegarde donnees serveur organisation"))
    result = runner.invoke(args=["rebuild-search"])
    assert result.exit_code == 0, result.output
    db.session.remove()
    assert sorted((r.entry.kind, r.entry.key) for r in found("sauvegarde")) == [("comment", "1")]
    assert sorted((r.entry.kind, r.entry.key) for r in found("sauvegarde donnees serveur organisation")) == before


def test_the_snippet_escapes_the_text():
    assert highlight("<script>données</script>", "donnees") == "&lt;script&gt;<mark>données</mark>&lt;/script&gt;"


def test_the_page_and_the_api(charter, client):  # noqa: F811
    page = client.get("/search?q=donnees")
    assert page.status_code == 200
    assert "<mark>données</mark>" in page.get_data(as_text=True)
    assert 'role="search"' in client.get("/").get_data(as_text=True)
    answer = client.get("/api/v1/search?q=donnees&kind=clause&per_page=1").get_json()
    assert answer["total"] == 2 and answer["per_page"] == 1 and len(answer["items"]) == 1
    item = answer["items"][0]
    assert set(item) >= {"kind", "title", "url", "snippet"} and item["kind"] == "clause"
    assert "/documents/charte#clause-" in item["url"] and "<mark>" in item["snippet"]


def test_bad_searches_are_refused_with_a_sentence(client):
    for address in ("/api/v1/search", "/api/v1/search?q=x&kind=nothing", "/api/v1/search?q=" + "a" * 201,
                    "/api/v1/search?q=x&per_page=1000"):
        answer = client.get(address)
        assert answer.status_code in (400, 422), address
        assert answer.get_json()["error"]["message"]
    assert client.get("/search?q=%22%29%28*%3A%20OR").status_code == 200  # FTS syntax is never passed through
