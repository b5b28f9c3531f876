"""Diffs for people who are not programmers (issue 21): a deleted punctuation mark must be seen."""
from __future__ import annotations

from app.documents.diffhtml import inline_html, is_punctuation


def test_a_lone_punctuation_mark_changed_is_boxed_words_are_not(app):
    html = inline_html([(0, "Nous hébergeons"), (-1, ","), (0, " partageons"), (1, " ;"), (0, " et "),
                        (-1, "vendons"), (1, "louons")])
    assert html.count('<del class="diff-punct">') == 1 and html.count('<ins class="diff-punct">') == 1
    assert "<del><span" in html and "<ins><span" in html  # the words stay as they were
    assert is_punctuation("« ") and not is_punctuation("a.") and not is_punctuation(" ")


def test_a_changed_clause_says_the_heading_it_falls_under(app):
    from app.documents.compare import Row, fold_unchanged

    rows = [Row("same", "h1", ops=[(0, "# Charte")]), Row("same", "h2", ops=[(0, "## Engagements")]),
            Row("same", "p1", ops=[(0, "1. Publier.")]), Row("changed", "p2", ops=[(0, "2. Ne jamais "), (-1, "re"),
                                                                                   (0, "vendre.")]),
            Row("changed", "h3", ops=[(-1, "## Vie"), (1, "## Vie du collectif")]), Row("added", "p3", ops=[(1, "Un ajout.")])]
    folded = fold_unchanged(rows)
    changed = {row.clause_id: row.section for row in folded if row.status != "fold"}
    assert changed == {"p2": "Engagements", "h3": "", "p3": "Vie du collectif"}
