"""Membership applications: a candidate organisation applies, members discuss it, then vote on it."""
