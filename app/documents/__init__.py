"""Versioned documents: reading, history, comparison, clause history and blame."""
