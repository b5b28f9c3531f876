"""Creating documents and versions: stable ids, blame, change sizes, the head's compare-and-set."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.documents import clauses as clause_store
from app.documents import services
from app.documents.models import Document, RenderedClause, Version, VersionClause
from app.documents.queries import get_document, get_version
from app.errors import Conflict, Invalid, NotFound
from app.extensions import db
from app.text import identity
from tests.documents.conftest import T0
from tests.documents.helpers import charter, count_queries, paragraphs


def ids_and_texts(version: Version) -> list[tuple[str, str]]:
    return [(c.clause_id, c.text) for c in version.clauses]


def test_version_1_is_created_with_the_document(make_document):
    document = make_document("charte", charter())
    version = get_version(document, 1)
    assert document.head_number == 1 and version.markdown == charter()
    assert [c.position for c in version.clauses] == list(range(len(version.clauses)))
    assert "".join(c.source for c in version.clauses) == charter()
    assert version.clauses_added == len(version.clauses) and version.clauses_removed == 0


def test_unchanged_and_edited_clauses_keep_their_ids(make_document):
    v1 = charter()
    v2 = v1.replace("(article 2)", "(article 2, chaque année)")
    document = make_document("charte", v1, v2)
    before, after = ids_and_texts(get_version(document, 1)), ids_and_texts(get_version(document, 2))
    assert [cid for cid, _ in before] == [cid for cid, _ in after]
    changed = [(a, b) for a, b in zip(before, after) if a[1] != b[1]]
    assert len(changed) == 1 and "chaque année" in changed[0][1][1]


def test_changed_in_says_which_version_last_changed_each_clause(make_document):
    v1 = charter()
    v2 = v1.replace("(article 1)", "(article 1, révisé)")
    v3 = v2.replace("(article 3)", "(article 3, révisé)")
    document = make_document("charte", v1, v2, v3)
    blame = {c.text: c.changed_in for c in get_version(document, 3).clauses}
    assert blame["Chaque membre publie ses comptes (article 1, révisé)."] == 2
    assert blame["Chaque membre publie ses comptes (article 3, révisé)."] == 3
    assert blame["Chaque membre publie ses comptes (article 2)."] == 1
    assert blame["# Charte"] == 1


def test_change_sizes_count_added_changed_and_removed_clauses(make_document):
    v1 = charter(3)
    v2 = charter(3).replace("(article 1)", "(article 1 bis)").replace("## Article 3\n\nChaque membre publie ses comptes (article 3).\n\n", "")
    v2 += "\nUn paragraphe nouveau.\n"
    document = make_document("charte", v1, v2)
    version = get_version(document, 2)
    assert (version.clauses_added, version.clauses_changed, version.clauses_removed) == (1, 1, 2)


def test_a_new_version_renders_only_the_clauses_it_changed(make_document, monkeypatch):
    document = make_document("charte", charter(5))
    rendered = []
    real = clause_store.render.render_clause
    monkeypatch.setattr(clause_store.render, "render_clause",
                        lambda clause, context="": rendered.append(clause.source) or real(clause, context))
    services.create_version(document, charter(5).replace("(article 4)", "(article 4, modifié)"),
                            author=None, now=T0, summary="un mot")
    assert len(rendered) == 1 and "(article 4, modifié)" in rendered[0]
    assert db.session.scalar(select(func.count()).select_from(RenderedClause)) == len(get_version(document, 1).clauses) + 1


def test_a_stale_head_is_a_conflict_and_creates_nothing(make_document):
    document = make_document("charte", charter(), charter(4))
    with pytest.raises(Conflict) as raised:
        services.create_version(document, charter(5), author=None, now=T0, summary="late", expected_head=1)
    assert raised.value.code == "stale_head" and raised.value.status == 409
    db.session.rollback()
    assert get_document("charte").head_number == 2
    assert db.session.scalar(select(func.count()).select_from(Version)) == 2


def test_a_head_moved_by_someone_else_is_a_conflict(make_document):
    document = make_document("charte", charter())
    assert document.head_number == 1
    # Another writer moved the head after this session loaded the document.
    db.session.execute(Document.__table__.update().values(head_number=2))
    with pytest.raises(Conflict):
        services.create_version(document, charter(4), author=None, now=T0, summary="late")
    db.session.rollback()


def test_the_head_follows_the_versions(make_document):
    document = make_document("charte", charter(1), charter(2), charter(3))
    assert services.current_head(document) == 3 == document.head_number
    assert [v.number for v in document.versions] == [1, 2, 3]


@pytest.mark.parametrize("text", ["", "   \n\n", "a\x00b", "x" * (services.MAX_MARKDOWN_CHARS + 1)])
def test_invalid_texts_are_refused(app, text):
    with pytest.raises(Invalid):
        services.create_document("charte", "Charte", text, author=None, now=T0)


def test_slugs_and_titles_are_checked(make_document):
    make_document("charte", charter())
    with pytest.raises(Conflict):
        services.create_document("charte", "Encore", charter(), author=None, now=T0)
    with pytest.raises(Invalid):
        services.create_document("Pas un slug!", "Titre", charter(), author=None, now=T0)
    with pytest.raises(Invalid):
        services.create_document("autre", "  ", charter(), author=None, now=T0)


def test_loaders_answer_not_found(make_document):
    document = make_document("charte", charter())
    with pytest.raises(NotFound):
        get_document("nope")
    with pytest.raises(NotFound):
        get_version(document, 2)


def test_author_and_organisation_are_recorded(make_document, people):
    document = make_document("charte", charter(), author=people["delegate_a"])
    version = get_version(document, 1)
    assert version.author.email == "delegate@a.example" and version.organisation.slug == "org-a"


def clause_rows(document: Document) -> list[list[tuple]]:
    """Each version's clause rows, in id order, without their ids (the two documents' ids differ)."""
    versions = db.session.scalars(select(Version).where(Version.document_id == document.id)
                                  .order_by(Version.number)).all()
    table = VersionClause.__table__
    found = []
    for version in versions:
        rows = db.session.execute(select(table).where(table.c.version_id == version.id).order_by(table.c.id)).all()
        assert [row.id for row in rows] == list(range(rows[0].id, rows[0].id + len(rows)))  # written in one go
        found.append([(row.position, row.clause_id, row.kind, row.depth, row.rendered_id, row.changed_in)
                      for row in rows])
    return found


def test_clause_rows_copied_by_the_database_are_those_written_one_by_one(make_document, monkeypatch):
    """A version repeating most of its predecessor's rows has them copied (INSERT … SELECT): the same
    rows, in the same order, as when every row is written from Python."""
    v1 = paragraphs(80)
    v2 = v1.replace("numéro 40,", "numéro quarante,")  # one clause edited
    v3 = v2.replace("Paragraphe 10.", "Un ajout.\n\nParagraphe 10.")  # one inserted
    v4 = v3.replace("Paragraphe 70. " + v3.split("Paragraphe 70. ")[1].split("\n")[0] + "\n\n", "")  # one removed
    v5 = v4.replace("Paragraphe 0.", "Paragraphe zéro.").replace("Paragraphe 79.", "Paragraphe final.")  # both ends
    texts = (v1, v2, v3, v4, v5)
    made, copies = [], []
    for slug, copied_runs in (("copie", clause_store.COPIED_RUNS), ("ecrit", 0)):
        counter = iter(range(10**6))
        monkeypatch.setattr(identity, "new_clause_id", lambda: f"c{next(counter):07d}")
        monkeypatch.setattr(clause_store, "COPIED_RUNS", copied_runs)
        with count_queries() as seen:
            document = make_document(slug, *texts)
        copies.append(sum("INSERT INTO version_clause" in q and "SELECT" in q for q in seen))
        made.append(clause_rows(document))
    assert copies[0] >= 4 and copies[1] == 0  # the first way copied, the other wrote every row
    assert made[0] == made[1]
    assert [len(rows) for rows in made[0]] == [80, 80, 81, 80, 80]
