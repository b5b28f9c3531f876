"""Word-level diffs with diff-match-patch, bounded so no input can make them slow.

Words are mapped to single characters (dmp's line-mode trick, applied to words), diffed,
given dmp's semantic cleanup, then mapped back. Inputs too big for a word diff are diffed
by lines first, then word by word inside the lines that changed. No diff has a time limit
(the same texts must show the same changes on any machine at any load): bounded.py bounds
each by its counted work.
"""
from __future__ import annotations

import re

from diff_match_patch import diff_match_patch

from app.text import bounded
from app.text.bounded import Op, merge_ops

MAX_WORD_TOKENS = 4000  # both sides; a longer text is diffed by lines first, then words in changed lines
_TOKEN_RE = re.compile(r"\w+|\s+|[^\w\s]")
_WORD_PAIR_RE = re.compile(r"\w\w")
_SAME_TOKEN_PAIR_RE = re.compile(r"\w\w|\s\s")  # two characters of one token (see _TOKEN_RE)
_PRIVATE_USE, _SUPPLEMENTARY_PRIVATE_USE = 0xE000, 0xF0000
_CHARS_PER_TOKEN_MAX = 40  # texts longer than this many characters per allowed token are too long


def make_dmp(timeout: float = 0) -> diff_match_patch:
    """A diff_match_patch configured for Palabre, untimed unless told (one per call: they are cheap,
    not thread-safe)."""
    dmp = diff_match_patch()
    dmp.Diff_Timeout = timeout
    return dmp


def tokens(text: str) -> list[str]:
    """The words, runs of whitespace and single punctuation marks of a text."""
    return _TOKEN_RE.findall(text)


def diff_words(old: str, new: str) -> list[Op]:
    """A word-level diff of two texts: [(op, text)], op -1 deleted, 0 kept, 1 inserted."""
    if old == new:
        return [(0, old)] if old else []
    head, tail = _common_ends(old, new)
    old_middle, new_middle = old[head:len(old) - tail], new[head:len(new) - tail]
    return merge_ops([(0, old[:head])] + _diff_middle(old_middle, new_middle) + [(0, old[len(old) - tail:])])


def _diff_middle(old: str, new: str) -> list[Op]:
    if len(old) + len(new) > _CHARS_PER_TOKEN_MAX * MAX_WORD_TOKENS:
        return _diff_by_lines(old, new)  # surely too many words: skip counting them
    old_tokens, new_tokens = tokens(old), tokens(new)
    if len(old_tokens) + len(new_tokens) > MAX_WORD_TOKENS:
        return _diff_by_lines(old, new)
    return diff_tokens(old_tokens, new_tokens)


def _common_ends(old: str, new: str, within: re.Pattern[str] = _WORD_PAIR_RE) -> tuple[int, int]:
    """The lengths of the common start and end of two texts, cut between words, not inside one."""
    dmp = make_dmp()
    head = dmp.diff_commonPrefix(old, new)
    while head and (_inside(old, head, within) or _inside(new, head, within)):
        head -= 1
    tail = dmp.diff_commonSuffix(old[head:], new[head:])
    while tail and (_inside(old, len(old) - tail, within) or _inside(new, len(new) - tail, within)):
        tail -= 1
    return head, tail


def common_token_ends(old: str, new: str) -> tuple[int, int]:
    """The lengths of the common start and end of two texts made of whole tokens (a run of spaces
    cut in two is two different tokens): what a diff of their token lists keeps at both ends."""
    return _common_ends(old, new, _SAME_TOKEN_PAIR_RE)


def _inside(text: str, at: int, within: re.Pattern[str]) -> bool:
    return 0 < at < len(text) and bool(within.fullmatch(text, at - 1, at + 1))


def equal_ratio(ops: list[Op], total: int) -> float:
    """The share of `total` characters (both sides) that the diff keeps unchanged."""
    kept = sum(len(text) for op, text in ops if op == 0)
    return 2 * kept / total if total else 1.0


def diff_tokens(
    old_tokens: list[str], new_tokens: list[str], dmp: diff_match_patch | None = None, *, cleanup: bool = True
) -> list[Op]:
    """The diff of two token lists, each token mapped to one character for diff-match-patch: the
    bounded diff of bounded.py, or `dmp`'s own diff when one is given (tests compare with it)."""
    old_chars, new_chars, words = encode(old_tokens, new_tokens)
    ops = dmp.diff_main(old_chars, new_chars, False) if dmp else bounded.diff(old_chars, new_chars)
    dmp = dmp or make_dmp()
    if cleanup:
        # Cleaned while each character still stands for a whole word, so no word is cut in two
        # (cleaned after decoding, dmp would factor "organisation" out of "organisations").
        dmp.diff_cleanupSemantic(ops)
    return [(op, "".join(words[c] for c in chars)) for op, chars in ops]


def encode(old_tokens: list[str], new_tokens: list[str]) -> tuple[str, str, dict[str, str]]:
    """Both token lists as strings of one character per token, and the token of each character."""
    vocabulary: dict[str, str] = {}
    old_chars = "".join(vocabulary.setdefault(t, _code(len(vocabulary))) for t in old_tokens)
    new_chars = "".join(vocabulary.setdefault(t, _code(len(vocabulary))) for t in new_tokens)
    return old_chars, new_chars, {char: token for token, char in vocabulary.items()}


def _code(index: int) -> str:
    # Private-use characters: never whitespace nor line breaks to dmp's cleanup heuristics.
    return chr(_PRIVATE_USE + index) if index < 6400 else chr(_SUPPLEMENTARY_PRIVATE_USE + index - 6400)


def _diff_by_lines(old: str, new: str) -> list[Op]:
    dmp = make_dmp()
    old_chars, new_chars, lines = dmp.diff_linesToChars(old, new)
    ops = bounded.diff(old_chars, new_chars)
    dmp.diff_charsToLines(ops, lines)
    refined: list[Op] = []
    index = 0
    while index < len(ops):
        op, text = ops[index]
        following = ops[index + 1] if index + 1 < len(ops) else (0, "")
        if op == -1 and following[0] == 1:
            small = _small(text, following[1])
            refined += diff_words(text, following[1]) if small else [ops[index], following]
            index += 2
            continue
        refined.append((op, text))
        index += 1
    return merge_ops(refined)


def _small(old: str, new: str) -> bool:
    if len(old) + len(new) > _CHARS_PER_TOKEN_MAX * MAX_WORD_TOKENS:
        return False
    return len(tokens(old)) + len(tokens(new)) <= MAX_WORD_TOKENS
