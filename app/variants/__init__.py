"""Competing amendments decided in one ranked vote (issue 15): the set of variants, its vote, its pages."""
