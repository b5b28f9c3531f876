"""Whole pages kept for visitors, valid until anything in the database changes.

Visitors are most readers, and they all see the same page; rebuilding a 400-clause
document with its margins for each of them is the slowest thing Palabre does. A page
built for a visitor is kept by the worker under (address, language, generation); the
generation is one number in the database, bumped by every transaction that writes, so a
kept page is never older than the last change, whichever worker or command made it.
"""
