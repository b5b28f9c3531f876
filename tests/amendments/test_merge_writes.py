"""A merge writes the amendments it moves or checks in full, not every amendment still known to apply.

On SQLite an UPDATE goes through the whole row (the proposed text was in it until 0028, 330 KB in a
congress): marking 2,000 amendments after each merge read about 650 MB. What is known without a write
must still be true: a text whose head moved while it was being written is checked in full.
"""
from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.orm.attributes import set_committed_value

from app.amendments import checks, lifecycle, merging, services
from app.db_types import utcnow
from app.documents.queries import get_version
from app.documents.services import create_document
from app.extensions import db
from tests.amendments.test_merge_cost import adopt, edit, propose
from tests.documents.helpers import paragraphs


@contextmanager
def amendment_rows_written():
    """The number of `amendment` rows the statements inside the block updated."""
    written = [0]

    def count(_conn, cursor, statement, *_args):
        if statement.lstrip().upper().startswith("UPDATE AMENDMENT "):
            written[0] += cursor.rowcount

    event.listen(db.engine, "after_cursor_execute", count)
    try:
        yield written
    finally:
        event.remove(db.engine, "after_cursor_execute", count)


def rows_of_a_merge(people, slug: str, elsewhere: int) -> int:
    text = paragraphs(4 + 2 * elsewhere)
    document = create_document(slug, slug, text, author=None, now=utcnow())
    for n in range(elsewhere):
        propose(document, people["delegate_b"], edit(text, 4 + n * 2), f"Ailleurs {n}")
    merged = propose(document, people["delegate_a"], edit(text, 1))
    lifecycle.move(merged, "voting", by=None, now=utcnow())
    db.session.commit()
    with amendment_rows_written() as written:
        assert merging.accept_amendment(merged, by=None, now=utcnow()) is not None
        db.session.commit()
    assert all(a.status == "discussion" for a in document_amendments(document) if a.id != merged.id)
    return written[0]


def document_amendments(document):
    return db.session.query(services.Amendment).filter_by(document_id=document.id).all()


def test_a_merge_writes_the_same_amendment_rows_with_one_or_forty_amendments_elsewhere(app, people):
    few, many = rows_of_a_merge(people, "peu", 1), rows_of_a_merge(people, "beaucoup", 40)
    assert few == many
    assert many <= 2  # the merged amendment only (its state, then the version it made)


def test_amendments_elsewhere_stay_known_to_apply_through_the_merges(app, people):
    text = paragraphs(10)
    document = create_document("doc", "Doc", text, author=None, now=utcnow())
    waiting = propose(document, people["member_a"], edit(text, 8), "attend")
    for n in (2, 4, 6):
        adopt(propose(document, people["delegate_b"], edit(get_version(document, document.head_number).markdown, n)))
    assert waiting.checked_number == 1  # never written again…
    assert checks.known_to_apply(waiting, document.head_number)  # …and known to apply to the head, truly:
    assert merging.merged_text(waiting, get_version(document, document.head_number)) is not None


def test_a_text_written_while_a_merge_moved_the_head_is_checked_in_full(app, people):
    text = paragraphs(8)
    document = create_document("doc", "Doc", text, author=None, now=utcnow())
    adopt(propose(document, people["delegate_b"], edit(text, 2, " (adopté)")))
    # A request that read the head before that merge was committed, and writes now.
    set_committed_value(document, "head_number", 1)
    late = services.create_amendment(document, author=people["member_a"], title="tard", rationale="r",
                                     markdown=edit(text, 2, " (tardif)"), base_number=1, now=utcnow())
    assert late.checked_number is None
    db.session.expire(document)
    adopt(propose(document, people["delegate_a"], edit(get_version(document, 2).markdown, 6)))
    assert late.status == "needs_update"  # its clause changed in version 2: the full check caught it


def test_leaving_discussion_forgets_what_was_known(app, people):
    text = paragraphs(6)
    document = create_document("doc", "Doc", text, author=None, now=utcnow())
    voted = propose(document, people["member_a"], edit(text, 3))
    assert checks.known_to_apply(voted, 1)
    lifecycle.move(voted, "voting", by=None, now=utcnow())
    lifecycle.move(voted, "discussion", by=None, now=utcnow())
    assert voted.checked_number is None and not checks.known_to_apply(voted, 1)
