"""Facilitators download the export from the admin pages; nobody else can."""
from __future__ import annotations

import io
import json
import zipfile

from sqlalchemy import select

from app.audit.models import AuditEntry
from app.db_types import utcnow
from app.extensions import db
from app.portability.export import archive_bytes, archive_files, write_archive


def test_a_facilitator_downloads_the_same_archive_as_flask_export(client, login_as, people, tmp_path):
    login_as("facilitator")
    assert "/admin/export" in client.get("/admin/").get_data(as_text=True)
    expected = archive_bytes(archive_files())  # (the download itself then goes to the record)
    runner_path = tmp_path / "cli.zip"
    write_archive(runner_path, archive_files())
    db.session.rollback()
    response = client.get("/admin/export")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=palabre-export-{utcnow():%Y-%m-%d}.zip")
    assert response.data == expected == runner_path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        people_rows = json.loads(archive.read("people.json"))
    assert {row["email"] for row in people_rows} >= {"facilitator@example.org", "delegate@a.example"}
    assert all("password_hash" not in row for row in people_rows)
    db.session.rollback()
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.kind == "export.downloaded"))
    assert entry.actor_id == people["facilitator"].id and entry.public is False


def test_visitors_and_members_cannot_download_it(client, login_as, people):
    response = client.get("/admin/export")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    login_as("delegate_a")
    assert client.get("/admin/export").status_code == 403
