"""Comment anchors travel as they always did, one row per thread per version, though kept as ranges."""
from __future__ import annotations

import json
import zipfile

import pytest
from sqlalchemy import func, select

from app import create_app
from app.comments import queries
from app.comments.models import CommentAnchor
from app.db_types import utcnow
from app.demo.seed import seed
from app.documents.models import Document, Version
from app.extensions import db
from config import TestConfig
from tests.portability.test_archive import contents, imported_on_the_other_engine

COLUMNS = ["clause_id", "comment_id", "id", "is_outdated", "quote_offset", "version_id"]


@pytest.fixture
def seeded(database_url):
    """The demo collective, whose texts have threads standing over several versions."""
    application = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    with application.app_context():
        db.create_all()
        seed(now=utcnow(), log=lambda _message: None)
        db.session.commit()
    yield application
    with application.app_context():
        db.engine.dispose()


def threads_per_version(application) -> dict[str, list[tuple]]:
    """“slug/number” -> where each of its threads stands, as the pages and the API read it."""
    found = {}
    with application.app_context():
        versions = select(Version).join(Document).order_by(Document.slug, Version.number)
        for version in db.session.scalars(versions):
            found[f"{version.document.slug}/{version.number}"] = sorted(
                (t.comment.id, t.clause_id, t.is_outdated) for t in queries.threads_in_version(version))
    return found


def test_the_archive_has_a_row_per_thread_per_version_and_the_import_makes_ranges(request, tmp_path,
                                                                                  database_url, seeded):
    archive = tmp_path / "new.zip"
    assert seeded.test_cli_runner().invoke(args=["export", str(archive)]).exit_code == 0
    rows = json.loads(contents(archive)["comment_anchors.json"])
    assert rows and all(sorted(row) == COLUMNS for row in rows)
    shown = threads_per_version(seeded)
    assert sorted((row["version_id"], row["comment_id"]) for row in rows) == sorted(
        (ref, comment_id) for ref, threads in shown.items() for comment_id, _c, _o in threads)
    with seeded.app_context():
        stored = db.session.scalar(select(func.count()).select_from(CommentAnchor))
    assert stored < len(rows)  # threads that stood still over several versions are one row
    # An older Palabre numbered its rows as it wrote them (not in this order): the import does not mind.
    older = tmp_path / "older.zip"
    shuffled = [{**row, "id": n} for n, row in enumerate(reversed(rows), start=1)]
    with zipfile.ZipFile(older, "w") as target:
        for name, data in contents(archive).items():
            target.writestr(name, json.dumps(shuffled).encode() if name == "comment_anchors.json" else data)
    with imported_on_the_other_engine(request, tmp_path, database_url, older) as target:
        assert threads_per_version(target) == shown
        with target.app_context():
            assert db.session.scalar(select(func.count()).select_from(CommentAnchor)) == stored
        again = tmp_path / "again.zip"
        assert target.test_cli_runner().invoke(args=["export", str(again)]).exit_code == 0
        assert contents(again)["comment_anchors.json"] == contents(archive)["comment_anchors.json"]
