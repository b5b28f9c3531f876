"""Atom feeds: follow the collective, a document or an amendment without logging in."""
