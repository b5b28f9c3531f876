"""Comments: threads, replies, edits, moderation, and carrying them across versions."""
from __future__ import annotations

import pytest

from app.comments import queries, services
from app.comments.models import CommentEdit
from app.db_types import utcnow
from app.documents.clauses import clauses_of
from app.documents.queries import get_version
from app.documents.services import create_version
from app.errors import Invalid
from app.extensions import db
from tests.amendments.conftest import CHARTER, amended, charter  # noqa: F401  (fixture)


def clause_with(document, number: int, text: str) -> str:
    return next(c.clause_id for c in clauses_of(document.id, number) if text in c.source)


def placed(document, number: int, comment):
    version = get_version(document, number)
    return next(p for p in queries.threads_in_version(version) if p.comment.id == comment.id)


def test_thread_on_a_passage_with_a_reply(charter, people):  # noqa: F811
    version = get_version(charter, 1)
    clause_id = clause_with(charter, 1, "revendre")
    thread = services.comment_on_version(version, author=people["member_a"], body="Et *louer* ?", now=utcnow(),
                                         clause_id=clause_id, quote="revendre les données")
    reply = services.comment_on_version(version, author=people["delegate_b"], body="D'accord.", now=utcnow(),
                                        parent=thread)
    assert thread.quote_offset is not None and "<em>louer</em>" in thread.body_html
    assert reply.parent_id == thread.id and reply.clause_id == clause_id
    assert placed(charter, 1, thread).clause_id == clause_id


def test_a_quote_of_the_rendered_words_is_kept_at_clause_level(charter, people):  # noqa: F811
    version = create_version(charter, amended(CHARTER, "Ne jamais revendre", "Ne **jamais** revendre"),
                             author=None, now=utcnow(), summary="v2")
    thread = services.comment_on_version(version, author=people["member_a"], body="?", now=utcnow(),
                                         clause_id=clause_with(charter, 2, "revendre"), quote="Ne jamais  revendre")
    assert thread.quote == "Ne jamais  revendre" and thread.quote_offset is None


def test_words_that_are_not_in_the_clause_are_not_published_as_a_quote(charter, people):  # noqa: F811
    """Issue 21, point 7: a typed "quoted passage" not in the clause was shown as a quote of the text."""
    with pytest.raises(Invalid) as refused:
        services.comment_on_version(get_version(charter, 1), author=people["member_a"], body="?", now=utcnow(),
                                    clause_id=clause_with(charter, 1, "revendre"), quote="texte inventé")
    assert refused.value.code == "quote_not_found"


def test_limits_and_unknown_clause(charter, people):  # noqa: F811
    version = get_version(charter, 1)
    with pytest.raises(Invalid) as too_long:
        services.comment_on_version(version, author=people["member_a"], body="x" * 10_001, now=utcnow(),
                                    clause_id=clause_with(charter, 1, "revendre"))
    assert too_long.value.code == "too_long" and "10000" in too_long.value.message
    with pytest.raises(Invalid):
        services.comment_on_version(version, author=people["member_a"], body="x", now=utcnow(), clause_id="nope")


def test_edits_are_kept_and_hidden_comments_keep_their_text(charter, people):  # noqa: F811
    version = get_version(charter, 1)
    comment = services.comment_on_version(version, author=people["member_a"], body="Premier jet", now=utcnow(),
                                          clause_id=clause_with(charter, 1, "revendre"))
    services.edit_comment(comment, body="Mieux dit", now=utcnow())
    assert [e.body for e in db.session.query(CommentEdit).all()] == ["Premier jet"]
    services.hide_comment(comment, by=people["facilitator"], reason="Hors sujet", now=utcnow())
    assert comment.is_hidden and comment.body == "Mieux dit" and comment.hidden_reason == "Hors sujet"


def test_a_passage_follows_its_clause_through_versions(charter, people):  # noqa: F811
    clause_id = clause_with(charter, 1, "revendre")
    thread = services.comment_on_version(get_version(charter, 1), author=people["member_a"], body="!",
                                         now=utcnow(), clause_id=clause_id, quote="revendre les données")
    text = CHARTER
    edits = [("Publier", "Rendre publiques"), ("une voix", "une voix et une seule"), ("propres", "propres et sûrs"),
             ("Ne jamais revendre les données.", "Ne jamais, sous aucun prétexte, revendre les données.")]
    for number, (old, new) in enumerate(edits, start=2):
        text = amended(text, old, new)
        create_version(charter, text, author=None, now=utcnow(), summary=f"v{number}")
    final = placed(charter, 5, thread)
    assert final.clause_id == clause_id and not final.is_outdated


def test_a_deleted_passage_becomes_outdated_and_stays_listed(charter, people):  # noqa: F811
    thread = services.comment_on_version(get_version(charter, 1), author=people["member_a"], body="!",
                                         now=utcnow(), clause_id=clause_with(charter, 1, "propres serveurs"),
                                         quote="nos propres serveurs")
    create_version(charter, amended(CHARTER, "3. Héberger les données sur nos propres serveurs.\n\n", ""),
                   author=None, now=utcnow(), summary="v2")
    assert placed(charter, 2, thread).status == "outdated"


def test_a_resolved_thread_is_carried_to_the_next_version_and_shown_resolved(client, charter, people):  # noqa: F811
    """Issue 21, point 4: resolved threads vanished from their clause in the next version."""
    kept = clause_with(charter, 1, "revendre")
    edited = clause_with(charter, 1, "propres serveurs")
    on_kept = services.comment_on_version(get_version(charter, 1), author=people["member_a"], body="Réglé.",
                                          now=utcnow(), clause_id=kept)
    on_edited = services.comment_on_version(get_version(charter, 1), author=people["member_a"], body="Aussi.",
                                            now=utcnow(), clause_id=edited, quote="nos propres serveurs")
    for thread in (on_kept, on_edited):
        services.set_thread_status(thread, "resolved")
    create_version(charter, amended(CHARTER, "Héberger les données", "Héberger toutes les données"),
                   author=None, now=utcnow(), summary="v2")
    db.session.commit()
    assert placed(charter, 2, on_kept).clause_id == kept
    assert placed(charter, 2, on_edited).clause_id == edited and not placed(charter, 2, on_edited).is_outdated
    page = client.get(f"/documents/charte/versions/2/clauses/{kept}/comments").get_data(as_text=True)
    assert "Réglé." in page and "résolu" in page
