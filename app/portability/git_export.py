"""flask export-git: a document's versions as a git history, one commit per version."""
from __future__ import annotations

from pathlib import Path

import click
from flask_babel import gettext as _

from app.amendments.models import Amendment
from app.collective import identity
from app.documents.models import Document, Version
from app.extensions import db
from app.feeds.activity import byline
from app.portability.git import run_git
from app.votes.services import current_vote, outcome_label

# People's e-mail addresses are not public in Palabre: the history must not publish them.
NO_EMAIL = "noreply@palabre.invalid"


def amendment_of(version: Version) -> Amendment | None:
    return db.session.get(Amendment, version.amendment_id) if version.amendment_id else None


def credit(version: Version) -> str:
    """“Name (Organisation)” of the amendment's author, else of the version's."""
    amendment = amendment_of(version)
    if amendment is not None:
        return byline(amendment.author, amendment.organisation)
    return byline(version.author, version.organisation)


def vote_result(amendment) -> str:
    vote = current_vote(amendment)
    if vote is None or vote.status != "closed":
        return ""
    return _("Vote: %(f)d for, %(a)d against, %(s)d abstaining — %(outcome)s", f=vote.count_for,
             a=vote.count_against, s=vote.count_abstain, outcome=outcome_label(vote.outcome))


def commit_message(version: Version) -> str:
    """The amendment's title, rationale and vote result; the summary for other versions."""
    amendment = amendment_of(version)
    if amendment is None:
        return version.summary or f"Version {version.number}"
    parts = [amendment.title, amendment.rationale.strip(), vote_result(amendment)]
    return "\n\n".join(part for part in parts if part)


def commit_version(directory: Path, filename: str, version: Version) -> None:
    (directory / filename).write_bytes(version.markdown.encode("utf-8"))
    date = version.created_at.isoformat()
    env = {"GIT_AUTHOR_NAME": credit(version), "GIT_AUTHOR_EMAIL": NO_EMAIL, "GIT_AUTHOR_DATE": date,
           "GIT_COMMITTER_NAME": identity.site_name(), "GIT_COMMITTER_EMAIL": NO_EMAIL, "GIT_COMMITTER_DATE": date}
    run_git(directory, "add", "--", filename)
    run_git(directory, "commit", "--quiet", "--allow-empty", "--cleanup=verbatim",
            "-m", commit_message(version) + "\n\n" + trailers(version), env=env)


def trailers(version: Version) -> str:
    """Git trailers: the version's number, the SHA-256 of its text (that of the file) and its chain."""
    lines = [f"Palabre-Version: {version.number}", f"Palabre-SHA256: {version.sha256}", f"Palabre-Chain: {version.chain}"]
    return "\n".join(lines) + "\n"


def export_history(document: Document, directory: Path) -> int:
    """Write `directory` as a new repository holding `<slug>.md`; the number of commits."""
    if directory.exists() and any(directory.iterdir()):
        raise click.ClickException(f"{directory} is not empty: give a new directory.")
    directory.mkdir(parents=True, exist_ok=True)
    run_git(directory, "init", "--quiet", "--initial-branch=main")
    for version in document.versions:
        commit_version(directory, f"{document.slug}.md", version)
    return len(document.versions)
