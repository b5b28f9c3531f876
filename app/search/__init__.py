"""Search: the current texts by clause, amendments, comments and organisations, with each engine's full-text search."""
