"""Diffs for people who are not programmers (issue 21): a deleted punctuation mark must be seen."""
from __future__ import annotations

from app.documents.diffhtml import inline_html, is_punctuation


def test_a_lone_punctuation_mark_changed_is_boxed_words_are_not(app):
    html = inline_html([(0, "Nous hébergeons"), (-1, ","), (0, " partageons"), (1, " ;"), (0, " et "),
                        (-1, "vendons"), (1, "louons")])
    assert html.count('<del class="diff-punct">') == 1 and html.count('<ins class="diff-punct">') == 1
    assert "<del><span" in html and "<ins><span" in html  # the words stay as they were
    assert is_punctuation("« ") and not is_punctuation("a.") and not is_punctuation(" ")
