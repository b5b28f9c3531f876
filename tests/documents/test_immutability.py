"""Versions, their clauses and their renderings are never updated nor deleted, by any path."""
from __future__ import annotations

import pytest
from sqlalchemy import delete, update

from app.documents.models import ImmutableRowError, RenderedClause, Version, VersionClause
from app.documents.queries import get_version
from app.extensions import db
from tests.documents.helpers import charter


@pytest.fixture
def version(make_document):
    return get_version(make_document("charte", charter()), 1, with_clauses=True)


def test_editing_a_version_is_refused(version):
    version.markdown = "autre chose"
    with pytest.raises(ImmutableRowError):
        db.session.flush()
    db.session.rollback()
    assert get_version(version.document, 1).markdown == charter()


@pytest.mark.parametrize("pick", [lambda v: v, lambda v: v.clauses[0], lambda v: v.clauses[0].rendered])
def test_deleting_a_version_a_clause_or_a_rendering_is_refused(version, pick):
    db.session.delete(pick(version))
    with pytest.raises(ImmutableRowError):
        db.session.flush()
    db.session.rollback()


def test_editing_a_clause_or_its_rendering_is_refused(version):
    version.clauses[0].rendered.html = "<script>alert(1)</script>"
    with pytest.raises(ImmutableRowError):
        db.session.flush()
    db.session.rollback()
    version.clauses[0].changed_in = 7
    with pytest.raises(ImmutableRowError):
        db.session.flush()
    db.session.rollback()


@pytest.mark.parametrize("statement", [
    update(Version).values(summary="rewritten"),
    delete(VersionClause),
    update(RenderedClause).values(html=""),
])
def test_bulk_statements_are_refused(version, statement):
    with pytest.raises(ImmutableRowError):
        db.session.execute(statement)
    db.session.rollback()


def test_touching_without_changing_is_allowed(version):
    version.summary = version.summary  # marks nothing: the guard only refuses real changes
    db.session.flush()

