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


def test_compare_shows_changes_on_the_rendered_text_and_unfolds_in_place(client, make_document):
    v1 = ("# Charte\n\n## Engagements\n\n1. Publier **tout** le code.\n2. Ne jamais revendre.\n\n"
          "| Service | Prix |\n|---|---|\n| Mail | 2 € |\n\nUn paragraphe qui ne change pas.\n\nNous hébergeons, partageons.\n")
    v2 = (v1.replace("Ne jamais revendre.", "Ne jamais revendre, ni louer.").replace("2 €", "1 €")
          .replace("hébergeons,", "hébergeons"))
    make_document("rendu", v1, v2)
    html = client.get("/documents/rendu/compare?from=1&to=2").get_data(as_text=True)
    changes = html[html.index('<section class="diff'):html.index("</section>")]
    assert "<table>" in changes and "<ol start=\"2\"><li>" in changes  # a table and a list item, rendered
    assert "| Service" not in changes and "**" not in changes and "## " not in changes
    assert '<ins><span class="visually-hidden">[ajouté : </span>, ni louer' in changes
    assert '<del class="diff-punct"><span class="visually-hidden">[supprimé : </span>,' in changes
    # Unchanged clauses unfold in place, without JavaScript: a <details> holding their rendered text.
    fold = changes[changes.index('<details class="diff-fold">'):]
    assert "<strong>tout</strong>" in fold[:fold.index("</details>")]
    source = client.get("/documents/rendu/compare?from=1&to=2&view=source").get_data(as_text=True)
    assert "| Mail | " in source and "2. Ne jamais revendre" in source

