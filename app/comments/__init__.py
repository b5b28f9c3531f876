"""Inline comments: threads anchored to clauses and passages, carried from version to version."""
