"""The compare of two stored versions (reading.comparison, from light rows) shows exactly what the
clause-by-clause comparison of their whole clauses shows, while diffing only the clauses that changed."""
from __future__ import annotations

import pytest
from flask import render_template, render_template_string

from app.documents import compare, reading
from app.documents.clauses import CHUNK
from app.documents.queries import get_version
from app.text import htmldiff
from tests.documents.helpers import paragraphs

BASE = [
    "# Charte\n\n",
    "Intro avec un [lien][site] et une note[^1].\n\n",
    "## Principes\n\n",
    "1. Premier point.\n2. Deuxième point.\n\n",
    'Paragraphe A, avec id="x" dans ses mots.\n\n',
    "Paragraphe B.\n\n",
    "#motdiese en tête de paragraphe.\n\n",
    "Titre souligné\n--------------\n\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n\n",
    "Paragraphe C **gras** et `code`.\n\n",
    "## Fin\n\n",
    "Dernier paragraphe.\n\n",
    "[site]: https://example.org\n\n",
    "[^1]: La note.\n",
]


def history() -> list[str]:
    """Versions of one text with every kind of change: edits, insertions and removals (first, middle,
    last clause), a move, a footnote definition edited (every rendering changes), blank lines only,
    a heading renamed, bold written another way (the same rendering)."""
    steps = [
        lambda t: t.__setitem__(5, "Paragraphe B modifié.\n\n"),
        lambda t: t.insert(0, "Préambule ajouté.\n\n"),
        lambda t: t.pop(len(t) - 3),
        lambda t: t.insert(4, t.pop(9)),
        lambda t: t.__setitem__(1, "Intro avec un [lien][site] et une note[^1]. Ajout.\n\n"),
        lambda t: t.__setitem__(len(t) - 1, "[^1]: La note, revue.\n"),
        lambda t: t.__setitem__(3, "## Principes\n\n\n"),
        lambda t: (t.pop(0), t.append("Ajout à la fin.\n")),
        lambda t: t.__setitem__(2, "## Principes révisés\n\n"),
        lambda t: (t.insert(6, "Nouveau A.\n\n"), t.pop(8)),
        lambda t: t.__setitem__(t.index("Paragraphe C **gras** et `code`.\n\n"),
                                "Paragraphe C __gras__ et `code`.\n\n"),
    ]
    texts = [list(BASE)]
    for step in steps:
        text = list(texts[-1])
        step(text)
        texts.append(text)
    return ["".join(text) for text in texts]


def shown(document, old, new, rows, summary, *, mode: str, context: str, view: str) -> str:
    return render_template("documents/_comparison.html", document=document, old=old, new=new, rows=rows,
                           summary=summary, mode=mode, context=context, view=view)


def by_whole_clauses(old, new, *, full: bool):
    rows = compare.compare_clauses(old.clauses, new.clauses)
    return (compare.reading_order(rows) if full else compare.fold_unchanged(rows)), compare.summarise(rows)


# What the fold printed before it joined stored strings: one template block per clause.
PER_CLAUSE_FOLD = """
  {%- for same in row.rows %}
    {%- if view == "source" %}<div class="diff-text diff-fold__clause">{{ same.source }}</div>
    {%- else %}<div class="diff-prose prose diff-fold__clause">{{ same.rendered.inline }}</div>{% endif %}
  {%- endfor %}"""


@pytest.fixture
def versions(app, make_document):
    texts = history()
    document = make_document("cas", *texts)
    return document, [get_version(document, n, with_clauses=True) for n in range(1, len(texts) + 1)]


def test_every_pair_reads_the_same_as_the_whole_clause_comparison(app, versions):
    document, all_versions = versions
    pairs = [(a, b) for a in all_versions for b in all_versions if a.number != b.number]
    seen = set()
    with app.test_request_context():
        for old, new in pairs:
            for full in (False, True):
                expected_rows, expected_summary = by_whole_clauses(old, new, full=full)
                for view in ("text", "source"):
                    rows, summary = reading.comparison(old, new, full=full, view=view)
                    assert summary == expected_summary, (old.number, new.number)
                    for mode in ("inline", "side"):
                        how = dict(mode=mode, context="full" if full else "changes", view=view)
                        assert shown(document, old, new, rows, summary, **how) == \
                            shown(document, old, new, expected_rows, expected_summary, **how), \
                            (old.number, new.number, how)
                    seen.update(row.status for row in rows)
                    seen.update("moved" for row in rows if row.moved)
            assert reading.document_diff(old, new) == compare.document_ops(old.clauses, new.clauses), \
                (old.number, new.number)
    assert seen >= {"same", "fold", "changed", "added", "removed", "moved"}


def test_a_fold_joins_what_each_clause_used_to_print(app, versions):
    _document, all_versions = versions
    with app.test_request_context():
        for old, new in zip(all_versions, all_versions[1:]):
            for view in ("text", "source"):
                stored, _summary = reading.comparison(old, new, full=False, view=view)
                whole, _summary = by_whole_clauses(old, new, full=False)
                folds = [row for row in whole if row.status == "fold"]
                assert folds
                assert [row.body(view) for row in stored if row.status == "fold"] == \
                    [row.body(view) for row in folds] == \
                    [render_template_string(PER_CLAUSE_FOLD, row=row, view=view) for row in folds]


def test_the_changes_on_headings_say_which_section_they_fall_under(app, versions):
    _document, all_versions = versions
    with app.test_request_context():
        rows, _summary = reading.comparison(all_versions[0], all_versions[1], full=False)
    changed = [row for row in rows if row.status == "changed"]
    assert [row.section for row in changed] == ["Principes"]


def test_only_the_changed_clauses_are_diffed(app, make_document, monkeypatch):
    text = paragraphs(300)
    backend = app.config["SQLALCHEMY_DATABASE_URI"].split(":")[0]  # renderings met before are kept per process
    later = text.replace("Paragraphe 7.", f"Paragraphe 7 ({backend}).").replace("Paragraphe 250.",
                                                                              f"Paragraphe 250 {backend}.")
    document = make_document("long", text, later)
    diffed, rendered = [], []
    real_word_diff, real_diff_html = compare.word_diff, htmldiff.diff_html
    monkeypatch.setattr(compare, "word_diff", lambda old, new: diffed.append(old) or real_word_diff(old, new))
    monkeypatch.setattr(htmldiff, "diff_html",
                        lambda old, new, labels: rendered.append(old) or real_diff_html(old, new, labels))
    with app.test_request_context():
        rows, summary = reading.comparison(get_version(document, 1), get_version(document, 2), full=False)
        html = render_template("documents/_comparison.html", document=document, old=get_version(document, 1),
                               new=get_version(document, 2), rows=rows, summary=summary, mode="inline",
                               context="changes", view="text")
    assert summary == {"added": 0, "changed": 2, "removed": 0, "moved": 0}
    assert len(diffed) == len(rendered) == 2
    assert [row.status for row in rows] == ["fold", "changed", "fold", "changed", "fold"]
    assert [row.count for row in rows if row.status == "fold"] == [7, 242, 49]
    assert html.count('class="diff-prose prose diff-fold__clause"') == 298


def test_a_change_of_more_clauses_than_one_query_reads_shows_them_all(app, make_document):
    """Every clause rewritten (both renderings of each read, in several IN (...) of CHUNK ids): the same page."""
    text = paragraphs(CHUNK // 2 + 10)
    document = make_document("refonte", text, text.replace("Les membres", "Les organisations"))
    old, new = get_version(document, 1, with_clauses=True), get_version(document, 2, with_clauses=True)
    with app.test_request_context():
        rows, summary = reading.comparison(old, new, full=False)
        expected_rows, expected_summary = by_whole_clauses(old, new, full=False)
        how = dict(mode="inline", context="changes", view="text")
        assert shown(document, old, new, rows, summary, **how) == \
            shown(document, old, new, expected_rows, expected_summary, **how)
    assert summary["changed"] == CHUNK // 2 + 10
    assert reading.document_diff(old, new) == compare.document_ops(old.clauses, new.clauses)
