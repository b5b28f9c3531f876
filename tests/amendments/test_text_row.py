"""An amendment's text lives in a row of its own (amendment_text): read and written as `amendment.markdown`,
left alone by what changes the amendment's row (a state change, a merge marking or moving amendments), and
not read by the list of amendments."""
from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event, select

from app.amendments import lifecycle, merging
from app.amendments.models import Amendment, AmendmentText
from app.db_types import utcnow
from app.documents.services import create_document
from app.extensions import db
from tests.amendments.test_merge_cost import edit, propose
from tests.documents.helpers import paragraphs


@contextmanager
def statements():
    """The SQL statements the block sent, in order."""
    sent: list[str] = []

    def keep(_conn, _cursor, statement, *_args):
        sent.append(" ".join(statement.split()).lower())

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        yield sent
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)


def touching_texts(sent: list[str]) -> list[str]:
    return [statement for statement in sent if "amendment_text" in statement]


def test_the_text_is_read_and_written_as_before(app, people):
    text = paragraphs(4)
    document = create_document("doc", "Doc", text, author=None, now=utcnow())
    amendment = propose(document, people["delegate_a"], edit(text, 2))
    db.session.commit()
    stored = db.session.scalar(select(AmendmentText).where(AmendmentText.amendment_id == amendment.id))
    assert stored.markdown == amendment.markdown == edit(text, 2)
    db.session.expunge_all()
    again = db.session.get(Amendment, amendment.id)
    assert again.markdown == edit(text, 2)
    again.markdown = edit(text, 3)
    db.session.commit()
    db.session.expunge_all()
    assert db.session.get(Amendment, amendment.id).markdown == edit(text, 3)


def test_a_state_change_and_a_merge_write_no_text(app, people):
    text = paragraphs(8)
    document = create_document("doc", "Doc", text, author=None, now=utcnow())
    merged = propose(document, people["delegate_a"], edit(text, 2))
    rival = propose(document, people["delegate_b"], edit(text, 2, " (autrement)"), "Rival")  # needs update after
    elsewhere = propose(document, people["delegate_b"], edit(text, 6), "Ailleurs")
    db.session.commit()
    with statements() as sent:
        lifecycle.move(merged, "voting", by=None, now=utcnow())
        db.session.commit()
        assert merging.accept_amendment(merged, by=None, now=utcnow()) is not None
        db.session.commit()
    assert (rival.status, elsewhere.status) == ("needs_update", "discussion")
    writes = [s for s in touching_texts(sent) if not s.startswith("select")]
    assert writes == []
    # The amendments' rows were written (the merged one, the rival moved), without any text in them.
    assert [s for s in sent if s.startswith("update amendment ")]
    assert not [s for s in sent if s.startswith("update amendment ") and "markdown" in s]


def test_the_list_of_amendments_reads_no_text(client, app, people):
    text = paragraphs(4)
    document = create_document("doc", "Doc", text, author=None, now=utcnow())
    for n in (1, 2, 3):
        propose(document, people["delegate_a"], edit(text, n), f"Amendement {n}")
    db.session.commit()
    slug = document.slug
    db.session.expunge_all()
    with statements() as sent:
        assert client.get(f"/documents/{slug}/amendments").status_code == 200
        assert client.get(f"/api/v1/amendments?document={slug}").status_code == 200
    assert touching_texts(sent) == []
