"""A merge costs what it changes: amendments elsewhere are not re-merged, threads elsewhere not re-anchored.

Each shortcut is checked against the long way (a three-way merge of every open amendment,
the text engine for every thread), and the number of SQL statements of a one-clause merge
is the same for a small and a large document.
"""
from __future__ import annotations

from sqlalchemy import select

from app.amendments import checks, lifecycle, merging, services
from app.amendments.models import Amendment
from app.comments import services as comment_services
from app.comments.models import CommentAnchor
from app.db_types import utcnow
from app.documents import clauses as clause_store
from app.documents.clauses import clauses_of
from app.documents.queries import get_version
from app.documents.services import create_document, create_version
from app.extensions import db
from tests.documents.helpers import count_queries, paragraphs


def propose(document, person, text: str, title: str = "Amendement"):
    return services.create_amendment(document, author=person, title=title, rationale="Parce que.",
                                     markdown=text, base_number=document.head_number, now=utcnow())


def adopt(amendment):
    lifecycle.move(amendment, "voting", by=None, now=utcnow())
    return merging.accept_amendment(amendment, by=None, now=utcnow())


def edit(text: str, n: int, words: str = " (modifié)") -> str:
    old = f"Paragraphe {n}. "
    assert old in text
    return text.replace(old, f"Paragraphe {n}{words}. ", 1)


def test_only_amendments_on_the_same_clause_need_update_and_match_a_full_merge(app, people):
    text = paragraphs(12)
    document = create_document("doc", "Doc", text, author=None, now=utcnow())
    a, b = people["member_a"], people["delegate_b"]
    elsewhere = propose(document, a, edit(text, 9), "ailleurs")
    same = propose(document, b, edit(text, 4, " (autrement)"), "même paragraphe")
    neighbour = propose(document, a, edit(text, 5), "voisin")
    inserted_after = propose(document, b, text.replace("Paragraphe 3. ", "Nouveau.\n\nParagraphe 3. ", 1), "insertion")
    at_start = propose(document, a, "Préambule.\n\n" + text, "au début")
    removed = propose(document, b, "\n".join(p for p in text.split("\n") if not p.startswith("Paragraphe 10.")),
                      "suppression")
    merged = propose(document, people["delegate_a"], edit(text, 4))
    db.session.commit()
    head = adopt(merged)
    assert head is not None
    others = [elsewhere, same, neighbour, inserted_after, at_start, removed]
    # The long way: a three-way merge of each into the new head.
    expected = {o.title: "needs_update" if merging.merged_text(o, head) is None else "discussion" for o in others}
    assert {o.title: o.status for o in others} == expected
    assert same.status == "needs_update"
    assert elsewhere.status == "discussion" and removed.status == "discussion"


def test_a_clause_changed_by_a_version_made_outside_a_merge_is_still_caught(app, people):
    text = paragraphs(8)
    document = create_document("doc", "Doc", text, author=None, now=utcnow())
    waiting = propose(document, people["member_a"], edit(text, 2), "attend")
    # A facilitator's import changes the same paragraph: no merge, no check, so far.
    create_version(document, edit(text, 2, " (importé)"), author=None, now=utcnow(), summary="import")
    other = services.create_amendment(document, author=people["delegate_b"], title="autre", rationale="r",
                                      markdown=edit(get_version(document, 2).markdown, 7), base_number=2,
                                      now=utcnow())
    assert waiting.status == "discussion"
    adopt(other)  # touches paragraph 7 only, yet the amendment is checked against the new head
    assert waiting.status == "needs_update"


def test_an_amendment_back_from_a_vote_is_checked_in_full(app, people):
    text = paragraphs(8)
    document = create_document("doc", "Doc", text, author=None, now=utcnow())
    voted = propose(document, people["member_a"], edit(text, 2), "voté")
    first = propose(document, people["delegate_b"], edit(text, 2, " (autre)"), "premier")
    lifecycle.move(voted, "voting", by=None, now=utcnow())
    adopt(first)  # not checked while it is being voted on
    lifecycle.move(voted, "discussion", by=None, now=utcnow())
    second = propose(document, people["delegate_a"], edit(get_version(document, 2).markdown, 6), "second")
    adopt(second)
    assert voted.status == "needs_update"


def test_threads_in_unchanged_clauses_keep_their_anchor_and_the_changed_one_is_reanchored(app, people):
    text = paragraphs(10, size=2)
    document = create_document("doc", "Doc", text, author=None, now=utcnow())
    version = get_version(document, 1)
    ids = [c.clause_id for c in clauses_of(document.id, 1)]
    person = people["member_a"]
    quoted = comment_services.comment_on_version(version, author=person, body="a", now=utcnow(), clause_id=ids[3],
                                                 quote="sans exception")
    clause_level = comment_services.comment_on_version(version, author=person, body="b", now=utcnow(),
                                                       clause_id=ids[6])
    changed = comment_services.comment_on_version(version, author=person, body="c", now=utcnow(), clause_id=ids[4],
                                                  quote="sans exception")
    gone = comment_services.comment_on_version(version, author=person, body="d", now=utcnow(), clause_id=ids[8])
    new_text = text.replace("Paragraphe 4. Les membres", "Paragraphe 4. Désormais, les membres", 1)
    new_text = "\n".join(p for p in new_text.split("\n") if not p.startswith("Paragraphe 8."))  # removed
    stored = db.session.query(CommentAnchor).count()
    head = adopt(propose(document, people["delegate_b"], new_text))
    # Written: the anchors of the two threads whose clause changed; the others hold on from version 1.
    assert db.session.query(CommentAnchor).count() == stored + 2
    anchors = {a.comment_id: a for a in db.session.query(CommentAnchor).filter(CommentAnchor.holds_in(head))}
    old = {a.comment_id: a for a in db.session.query(CommentAnchor).filter(CommentAnchor.holds_in(version))}
    assert (anchors[quoted.id].clause_id, anchors[quoted.id].quote_offset) == (ids[3], old[quoted.id].quote_offset)
    assert not anchors[quoted.id].is_outdated
    assert (anchors[clause_level.id].clause_id, anchors[clause_level.id].quote_offset) == (ids[6], None)
    moved_by = len("Désormais, l") - len("L")
    assert anchors[changed.id].clause_id == ids[4]
    assert anchors[changed.id].quote_offset == old[changed.id].quote_offset + moved_by
    assert anchors[gone.id].is_outdated and anchors[gone.id].clause_id is None
    # Outdated stays outdated in the next version, without the text engine.
    head = adopt(propose(document, people["delegate_a"], edit(head.markdown, 1)))
    # Nothing to write for a clause without threads.
    assert db.session.query(CommentAnchor).count() == stored + 2
    in_head = db.session.query(CommentAnchor).filter(CommentAnchor.holds_in(head))
    assert in_head.filter(CommentAnchor.comment_id == gone.id).one().is_outdated


def merge_statements(people, slug: str, clauses: int, comments: int, amendments: int) -> list[str]:
    """SQL statements of accepting a one-clause amendment, with threads and amendments elsewhere."""
    text = paragraphs(clauses)
    document = create_document(slug, slug, text, author=None, now=utcnow())
    version = get_version(document, 1)
    ids = [c.clause_id for c in clauses_of(document.id, 1)]
    for n in range(comments):
        comment_services.comment_on_version(version, author=people["member_a"], body=f"Remarque {n}", now=utcnow(),
                                            clause_id=ids[4 + n % (clauses - 4)], quote="sans exception")
    comment_services.comment_on_version(version, author=people["member_a"], body="Ici", now=utcnow(),
                                        clause_id=ids[2], quote="sans exception")
    for n in range(amendments):
        propose(document, people["delegate_b"], edit(text, 4 + n * 2), f"Ailleurs {n}")
    merged = propose(document, people["delegate_a"], edit(text, 2, f" ({slug})"))  # a clause never rendered
    lifecycle.move(merged, "voting", by=None, now=utcnow())
    db.session.commit()
    with count_queries() as seen:
        assert merging.accept_amendment(merged, by=None, now=utcnow()) is not None
        db.session.flush()
    db.session.commit()
    return [statement[:60] for statement in seen]  # shown when they differ


def test_the_statements_of_a_one_clause_merge_do_not_grow_with_clauses_comments_or_amendments(app, people):
    small = merge_statements(people, "petit", clauses=8, comments=2, amendments=1)
    large = merge_statements(people, "grand", clauses=300, comments=120, amendments=8)
    assert len(small) == len(large), (small, large)


def test_an_amendment_checked_in_full_once_is_not_merged_again_by_the_next_merges(app, people, monkeypatch):
    text = paragraphs(10)
    document = create_document("doc", "Doc", text, author=None, now=utcnow())
    waiting = propose(document, people["member_a"], edit(text, 2), "attend")
    # An import changes another paragraph: nobody checks the waiting amendment against it.
    create_version(document, edit(text, 8, " (importé)"), author=None, now=utcnow(), summary="import")
    full_merges: list[str] = []
    long_way = merging.merged_text

    def counted(amendment, head, *mergers):
        full_merges.append(amendment.title)
        return long_way(amendment, head, *mergers)

    monkeypatch.setattr(merging, "merged_text", counted)
    for n in (5, 7, 9):
        head = get_version(document, document.head_number)
        adopt(services.create_amendment(document, author=people["delegate_b"], title=f"p{n}", rationale="r",
                                        markdown=edit(head.markdown, n), base_number=head.number, now=utcnow()))
    # Checked in full by the first merge after the import, then known to apply: never again.
    assert full_merges.count("attend") == 1
    assert waiting.status == "discussion" and checks.known_to_apply(waiting, document.head_number)
    assert merging.merged_text(waiting, get_version(document, document.head_number)) is not None


def test_the_database_leaves_out_only_amendments_the_merge_cannot_have_broken(app, people):
    text = paragraphs(14)
    document = create_document("doc", "Doc", text, author=None, now=utcnow())
    proposals = [propose(document, people["member_a"], edit(text, n), f"p{n}") for n in range(14)]
    unknown = propose(document, people["delegate_b"], edit(text, 12, " (revenu)"), "revenu d’un vote")
    unknown.checked_number = None
    empty = propose(document, people["delegate_b"], "Préambule.\n\n" + text, "sans clause nommée")
    empty.changed_clauses_json = "[]"
    db.session.commit()
    head = create_version(document, edit(text, 7, " (adopté)"), author=None, now=utcnow(), summary="v2",
                          expected_head=1)
    changes = clause_store.changes_of(head)
    unmerged = checks.last_unmerged(document.id, head.number - 1)
    everything = select(Amendment.id, Amendment.checked_number, Amendment.changed_clauses_json).where(
        Amendment.document_id == document.id, Amendment.status.in_(checks.CHECKED))
    narrowed = {row.id for row in db.session.execute(everything.where(merging.maybe_stale(unmerged, changes)))}
    needed = {row.id for row in db.session.execute(everything)
              if merging.may_have_become_stale(row, unmerged, changes)}
    assert needed <= narrowed
    assert {unknown.id, empty.id} <= needed
    assert {a.title for a in proposals if a.id in narrowed} == {"p6", "p7", "p8"}
