"""Issue 22.13: flask import makes comments' HTML again from their Markdown; it never trusts the archive's."""
from __future__ import annotations

import json
import zipfile

from sqlalchemy import select

from app.comments.models import Comment
from app.extensions import db
from tests.portability.test_archive import contents, demo_app, imported_on_the_other_engine  # noqa: F401

EVIL = '<meta http-equiv="refresh" content="0;url=https://attacker.example/"><p>Bonjour</p>'


def test_an_edited_archive_cannot_slip_html_into_a_comment(request, tmp_path, database_url, demo_app):  # noqa: F811
    archive = tmp_path / "export.zip"
    assert demo_app.test_cli_runner().invoke(args=["export", str(archive)]).exit_code == 0
    files = contents(archive)
    comments = json.loads(files["comments.json"])
    comments[0]["body_html"] = EVIL
    files["comments.json"] = json.dumps(comments).encode()
    edited = tmp_path / "edited.zip"
    with zipfile.ZipFile(edited, "w") as target:
        for name, data in files.items():
            target.writestr(name, data)
    with imported_on_the_other_engine(request, tmp_path, database_url, edited) as target:
        with target.app_context():
            comment = db.session.scalar(select(Comment).where(Comment.id == comments[0]["id"]))
            assert "http-equiv" not in comment.body_html and "attacker" not in comment.body_html
            assert comment.body_html.strip()
