"""The text engine: clauses, rendering, diffs, merges and anchors. Pure Python, no Flask."""
