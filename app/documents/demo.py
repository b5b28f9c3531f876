"""The demo charter and manifesto: every version of each, with the dates and authors of demo.json."""
from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from app.documents import services
from app.documents.models import Document

CONTENT = Path(__file__).resolve().parent.parent / "demo" / "content"
TITLES = {"charte": "Charte", "manifeste": "Manifeste"}
RULE_FIELDS = ("quorum", "threshold", "discussion_days", "voting_days", "secret_ballots")


def seed_documents(data: dict, context: dict, now: datetime) -> None:
    """Create each demo document version by version, and set its voting rules."""
    documents = context.setdefault("documents", {})
    for slug, versions in data["versions"].items():
        documents[slug] = seed_document(slug, versions, context["people"], now)
        apply_rules(documents[slug], data.get("rules", {}).get(slug, {}))


def seed_document(slug: str, versions: list[dict], people: dict, now: datetime) -> Document:
    """Version 1 creates the document; each later entry adds the next version."""
    document = None
    for entry in sorted(versions, key=lambda entry: entry["number"]):
        markdown = (CONTENT / f"{slug}_v{entry['number']}.md").read_text(encoding="utf-8")
        author = people.get(entry.get("author") or "")
        when = now - timedelta(days=entry["days_ago"])
        if document is None:
            document = services.create_document(slug, TITLES.get(slug, slug.title()), markdown,
                                                author=author, now=when, summary=entry.get("summary", ""))
        else:
            services.create_version(document, markdown, author=author, now=when, summary=entry.get("summary", ""))
    return document


def apply_rules(document: Document, rules: dict) -> None:
    """The voting rules of demo.json (unknown keys are ignored)."""
    for name in RULE_FIELDS:
        if name in rules:
            setattr(document, name, rules[name])
