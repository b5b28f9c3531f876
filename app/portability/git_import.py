"""flask import-git: every commit that changed a file becomes a version of a new document."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import click

from app.auth.services import find_person
from app.documents.queries import find_document
from app.documents.services import create_document, create_version
from app.portability.git import run_git

# Unit and record separators cannot appear in names, e-mails or dates, so they split git's output safely.
LOG_FORMAT = "%H%x1f%ae%x1f%aI%x1f%B%x1e"
TRAILER = re.compile(r"(\n*Palabre-[A-Za-z0-9]+: \w+)+\s*$")


@dataclass(frozen=True)
class Commit:
    sha: str
    email: str
    date: datetime
    message: str


def commits_touching(repository: Path, path: str) -> list[Commit]:
    """The commits that changed `path`, oldest first."""
    output = run_git(repository, "log", "--reverse", f"--format={LOG_FORMAT}", "--", path).decode("utf-8", "replace")
    commits = []
    for record in filter(str.strip, output.split("\x1e")):
        sha, email, date, message = record.strip("\n").split("\x1f", 3)
        commits.append(Commit(sha, email, datetime.fromisoformat(date), TRAILER.sub("", message).strip()))
    return commits


def text_at(repository: Path, commit: Commit, path: str) -> str | None:
    """The file as of `commit`; None when the commit deleted it."""
    listed = run_git(repository, "ls-tree", "--name-only", commit.sha, "--", path)
    if not listed.strip():
        return None
    raw = run_git(repository, "show", f"{commit.sha}:{path}")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise click.ClickException(f"{path} is not UTF-8 text in commit {commit.sha[:12]}.") from None


def title_of(markdown: str, default: str) -> str:
    """The first heading of the text, else `default`."""
    match = re.search(r"^#{1,6}\s+(.+?)\s*#*\s*$", markdown, re.MULTILINE)
    return (match.group(1) if match else default)[:200]


def import_history(slug: str, repository: Path, path: str, title: str | None = None) -> int:
    """Create document `slug` from the history of `path`; the number of versions."""
    if find_document(slug) is not None:
        raise click.ClickException(f"A document “{slug}” already exists.")
    document = None
    for commit in commits_touching(repository, path):
        markdown = text_at(repository, commit, path)
        if markdown is None or not markdown.strip():
            continue
        author = find_person(commit.email) if commit.email else None
        if document is None:
            document = create_document(slug, title or title_of(markdown, slug), markdown, author=author,
                                       now=commit.date, summary=commit.message)
        else:
            create_version(document, markdown, author=author, now=commit.date, summary=commit.message)
    if document is None:
        raise click.ClickException(f"No commit of {repository} holds a text at {path}.")
    return document.head_number
