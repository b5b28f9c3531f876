"""flask export-git and import-git, with real git repositories in a temporary directory."""
from __future__ import annotations

import hashlib
import os
import subprocess
from datetime import datetime, timedelta, timezone

from app.amendments import services as amendments
from app.db_types import utcnow
from app.documents.queries import find_document, get_version
from app.extensions import db
from app.portability.git import ISOLATION
from tests.amendments.conftest import CHARTER, adopt, amended, charter  # noqa: F401  (fixture)


def git(repository, *args: str, **env: str) -> str:
    return subprocess.run(["git", "-C", str(repository), *args], check=True, capture_output=True, text=True,
                          env={**os.environ, **ISOLATION, **env}).stdout


def commit_file(repository, text: str, message: str, email: str, date: str) -> None:
    (repository / "charte.md").write_text(text, encoding="utf-8")
    git(repository, "add", "charte.md")
    git(repository, "commit", "-q", "-m", message, GIT_AUTHOR_NAME="Someone", GIT_AUTHOR_EMAIL=email,
        GIT_AUTHOR_DATE=date, GIT_COMMITTER_NAME="Someone", GIT_COMMITTER_EMAIL=email, GIT_COMMITTER_DATE=date)


def test_export_git_writes_one_commit_per_version(runner, charter, people, tmp_path):  # noqa: F811
    amendment = amendments.create_amendment(charter, author=people["delegate_b"], title="Ne pas vendre",
                                            rationale="Vendre est pire.", base_number=1, now=utcnow(),
                                            markdown=amended(CHARTER, "revendre", "vendre"))
    adopt(amendment)
    db.session.commit()
    result = runner.invoke(args=["export-git", "charte", str(tmp_path / "repo")])
    assert result.exit_code == 0, result.output
    log = git(tmp_path / "repo", "log", "--format=%an|%aI|%B%x1e").split("\x1e")
    assert len([entry for entry in log if entry.strip()]) == 2
    newest = log[0]
    assert newest.startswith("Delegate (Organisation B)|") and "Ne pas vendre" in newest
    assert "Vendre est pire." in newest and "Palabre-Version: 2" in newest
    assert (tmp_path / "repo" / "charte.md").read_text(encoding="utf-8") == amended(CHARTER, "revendre", "vendre")
    # The trailers name the text's SHA-256 (that of the file committed) and its chain.
    text_sha256 = hashlib.sha256((tmp_path / "repo" / "charte.md").read_bytes()).hexdigest()
    assert f"Palabre-SHA256: {text_sha256}" in newest and f"Palabre-Chain: {get_version(charter, 2).chain}" in newest
    assert "noreply@palabre.invalid" in git(tmp_path / "repo", "log", "--format=%ae")


def test_export_git_refuses_a_non_empty_directory(runner, charter, tmp_path):  # noqa: F811
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "x").write_text("x")
    result = runner.invoke(args=["export-git", "charte", str(tmp_path / "taken")])
    assert result.exit_code != 0 and "not empty" in result.output


def test_import_git_makes_a_version_of_each_commit(runner, people, tmp_path):
    repository = tmp_path / "src"
    repository.mkdir()
    git(repository, "init", "-q")
    commit_file(repository, "# Ma charte\n\nUn.\n", "Première version", people["member_a"].email,
                "2024-01-02T03:04:05+00:00")
    (repository / "other.md").write_text("ignored")
    git(repository, "add", "other.md")
    git(repository, "commit", "-q", "-m", "unrelated", GIT_AUTHOR_NAME="x", GIT_AUTHOR_EMAIL="x@y",
        GIT_COMMITTER_NAME="x", GIT_COMMITTER_EMAIL="x@y")
    commit_file(repository, "# Ma charte\n\nUn.\n\nDeux.\n", "Ajoute deux\n\nParce que.", "stranger@nowhere",
                "2024-02-03T04:05:06+01:00")
    result = runner.invoke(args=["import-git", "ma-charte", str(repository), "charte.md"])
    assert result.exit_code == 0, result.output
    document = find_document("ma-charte")
    first, second = document.versions
    assert document.title == "Ma charte" and document.head_number == 2
    assert first.author_id == people["member_a"].id and first.summary == "Première version"
    assert first.created_at == datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    assert second.author_id is None and second.summary == "Ajoute deux\n\nParce que."
    assert second.created_at == datetime(2024, 2, 3, 3, 5, 6, tzinfo=timezone.utc)
    assert second.markdown == "# Ma charte\n\nUn.\n\nDeux.\n"


def test_export_then_import_gives_the_same_texts(runner, charter, people, tmp_path):  # noqa: F811
    adopt(amendments.create_amendment(charter, author=people["member_a"], title="T", rationale="R",
                                      base_number=1, now=utcnow() + timedelta(seconds=1),
                                      markdown=amended(CHARTER, "revendre", "vendre")))
    db.session.commit()
    assert runner.invoke(args=["export-git", "charte", str(tmp_path / "repo")]).exit_code == 0
    result = runner.invoke(args=["import-git", "copie", str(tmp_path / "repo"), "charte.md"])
    assert result.exit_code == 0, result.output
    original, copy = find_document("charte"), find_document("copie")
    assert [v.markdown for v in copy.versions] == [v.markdown for v in original.versions]
    assert copy.versions[0].summary == "Version initiale"


def test_import_git_refuses_an_existing_slug(runner, charter, tmp_path):  # noqa: F811
    result = runner.invoke(args=["import-git", "charte", str(tmp_path), "charte.md"])
    assert result.exit_code != 0 and "already exists" in result.output
