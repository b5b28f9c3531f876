"""Facilitators' pages: organisations and people."""
