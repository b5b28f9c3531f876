"""Amendments: proposing a change, its lifecycle, and merging it into the next version."""
