"""Comments as the JSON of API.md."""
from __future__ import annotations

from app.comments.models import Comment


def comment_json(comment: Comment, *, status: str | None = None, clause_id: str | None = None,
                 show_hidden: bool = False) -> dict:
    """A comment; a hidden one shows its reason instead of its text (to all but facilitators).

    Its quote goes with its text, as on the page: the words someone chose to quote are part of what was hidden.
    """
    hidden = comment.is_hidden and not show_hidden
    gone = hidden or comment.is_withdrawn
    return {
        "id": comment.id,
        "clause_id": clause_id if clause_id is not None else comment.clause_id,
        "quote": None if gone else comment.quote,
        "body_html": "" if gone else comment.body_html,
        "status": status or ("hidden" if comment.is_hidden else comment.status),
        "author": comment.author.name,
        "organisation": comment.organisation.slug if comment.organisation else None,
        "parent_id": comment.parent_id,
        "created_at": comment.created_at.isoformat(),
        "edited_at": comment.edited_at.isoformat() if comment.edited_at else None,
        "withdrawn": comment.is_withdrawn,
        "hidden_reason": comment.hidden_reason,
        "first_version": comment.version.number if comment.version else None,
        "amendment_id": comment.amendment_id,
        "application_id": comment.application_id,
    }
