"""A kept page goes to the socket in few writes: the small chunks between its holes joined, its large
parts sent as they are (gunicorn writes every chunk of a response by itself)."""
from __future__ import annotations

from app.caching.shells import LARGE_CHUNK, coalesced


def test_small_chunks_between_holes_are_joined_in_order():
    chunks = [b"<p>", b"token", b"</p><form>", b"token", b"</form>"]
    assert coalesced(chunks) == [b"".join(chunks)]


def test_a_large_part_goes_as_it_is_between_two_joined_runs():
    text = b"x" * LARGE_CHUNK
    chunks = [b"<head>", b"token", text, b"<form>", b"token", b"</form>"]
    out = coalesced(chunks)
    assert out == [b"<head>token", text, b"<form>token</form>"]
    assert out[1] is text  # not copied
    assert b"".join(out) == b"".join(chunks)


def test_fifty_tokens_make_one_write_not_a_hundred():
    chunks = [piece for n in range(50) for piece in (f"<form {n}>".encode(), b"token")]
    assert len(coalesced(chunks)) == 1
    assert coalesced([]) == []
