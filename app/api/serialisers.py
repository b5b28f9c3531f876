"""Objects as the JSON of API.md. Field names here are a promise: keep them."""
from __future__ import annotations

from app.members.models import Organisation, Person


def person_json(person: Person) -> dict:
    organisation = person.organisation
    return {
        "id": person.id,
        "name": person.name,
        "organisation": {"slug": organisation.slug, "name": organisation.name} if organisation else None,
        "roles": person.roles,
    }


def organisation_json(organisation: Organisation) -> dict:
    return {
        "slug": organisation.slug,
        "name": organisation.name,
        "status": organisation.status,
        "website": organisation.website,
        "city": organisation.city,
        "signed_charter_version": organisation.signed_charter_version,
        "signed_charter_sha256": organisation.signed_charter_sha256,
    }


def document_json(document) -> dict:
    return {"slug": document.slug, "title": document.title, "head_version": document.head_number}


def rules_json(document) -> dict:
    return {
        "quorum": document.quorum,
        "threshold": document.threshold,
        "discussion_days": document.discussion_days,
        "voting_days": document.voting_days,
        "secret_ballots": document.secret_ballots,
    }


def document_detail_json(document, head) -> dict:
    return {**document_json(document), "markdown": head.markdown, "rules": rules_json(document)}


def version_summary_json(version) -> dict:
    return {
        "number": version.number,
        "created_at": version.created_at.isoformat(),
        "author": version.author.name if version.author else None,
        "organisation": version.organisation.slug if version.organisation else None,
        "amendment_id": version.amendment_id,
        "summary": version.summary,
        "clauses_added": version.clauses_added,
        "clauses_changed": version.clauses_changed,
        "clauses_removed": version.clauses_removed,
        "sha256": version.sha256,
        "chain": version.chain,
        "vote_id": version.vote_id,
    }


def version_json(version) -> dict:
    clauses = version.clauses
    return {
        **version_summary_json(version),
        "markdown": version.markdown,
        "html": "\n".join(clause.html for clause in clauses),
        "clauses": [{"id": c.clause_id, "kind": c.kind, "text": c.text} for c in clauses],
    }
