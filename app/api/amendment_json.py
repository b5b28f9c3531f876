"""Amendments as the JSON of API.md."""
from __future__ import annotations

from app.amendments.changes import base_pieces, proposed_pieces
from app.amendments.models import Amendment
from app.documents.compare import document_ops


def amendment_summary_json(amendment: Amendment) -> dict:
    return {
        "id": amendment.id,
        "document": amendment.document.slug,
        "title": amendment.title,
        "status": amendment.status,
        "base_version": amendment.base_version.number,
        "author": amendment.author.name,
        "organisation": amendment.organisation.slug if amendment.organisation else None,
        "created_at": amendment.created_at.isoformat(),
    }


def amendment_diff(amendment: Amendment) -> list[list]:
    """Base → proposed as [[op, text], …], computed clause by clause."""
    base = base_pieces(amendment.base_version)
    return [[op, text] for op, text in document_ops(base, proposed_pieces(base, amendment.markdown))]


def amendment_json(amendment: Amendment, vote: dict | None = None) -> dict:
    return {
        **amendment_summary_json(amendment),
        "rationale": amendment.rationale,
        "markdown": amendment.markdown,
        "diff": amendment_diff(amendment),
        "vote": vote,
        "merged_version": amendment.merged_version.number if amendment.merged_version else None,
        "target_clause_id": amendment.target_clause_id,
        "changed_clauses": amendment.changed_clauses,
    }
