"""flask create-document and flask add-version, as an import script would run them."""
from __future__ import annotations

from app.documents.queries import find_document
from app.extensions import db
from tests.documents.helpers import charter


def write(tmp_path, name: str, text: str | bytes):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return str(path)


def test_create_document_from_a_file(runner, tmp_path):
    result = runner.invoke(args=["create-document", "charte", "--title", "Charte", "--file", write(tmp_path, "v1.md", charter())])
    assert result.exit_code == 0, result.output
    assert find_document("charte").head_number == 1


def test_create_document_from_stdin(runner):
    result = runner.invoke(args=["create-document", "charte", "--title", "Charte", "--file", "-"], input=charter())
    assert result.exit_code == 0, result.output
    assert find_document("charte").versions[0].markdown == charter()


def test_add_version_imports_many_files_in_order(runner, tmp_path, people):
    texts = [charter(n) for n in range(1, 8)]
    runner.invoke(args=["create-document", "charte", "--title", "Charte", "--file", write(tmp_path, "1.md", texts[0])])
    files = [arg for n, text in enumerate(texts[1:], 2) for arg in ("--file", write(tmp_path, f"{n}.md", text))]
    result = runner.invoke(args=["add-version", "charte", *files, "--summary", "Import", "--author", "delegate@a.example"])
    assert result.exit_code == 0, result.output
    assert "version 7" in result.output
    db.session.rollback()
    document = find_document("charte")
    assert [v.markdown for v in document.versions] == texts
    assert document.versions[-1].author.email == "delegate@a.example"


def test_every_version_comes_back_byte_for_byte_through_the_api(runner, client, tmp_path):
    texts = ["# Titre\r\n\r\nLigne Windows.\r\n", "# Titre\r\n\r\nLigne Windows, modifiée.\r\n\r\nÉmoji 😀\n",
             "\ufeff# Titre\n\nSans fin de ligne finale"]
    runner.invoke(args=["create-document", "brut", "--title", "Brut", "--file", write(tmp_path, "1.md", texts[0])])
    result = runner.invoke(args=["add-version", "brut", "--file", write(tmp_path, "2.md", texts[1]),
                                 "--file", write(tmp_path, "3.md", texts[2]), "--summary", "s"])
    assert result.exit_code == 0, result.output
    for number, text in enumerate(texts, 1):
        assert client.get(f"/api/v1/documents/brut/versions/{number}.md").data == text.encode("utf-8")
        assert client.get(f"/api/v1/documents/brut/versions/{number}").json["markdown"] == text


def test_clear_errors_and_nothing_half_written(runner, tmp_path):
    result = runner.invoke(args=["add-version", "nope", "--file", "-", "--summary", "s"], input="x")
    assert result.exit_code != 0 and "nope" in result.output
    runner.invoke(args=["create-document", "charte", "--title", "Charte", "--file", "-"], input=charter())
    bad = write(tmp_path, "bad.md", b"\xff\xfe not utf-8")
    result = runner.invoke(args=["add-version", "charte", "--file", write(tmp_path, "ok.md", charter(4)),
                                 "--file", bad, "--summary", "s"])
    assert result.exit_code != 0 and "UTF-8" in result.output
    db.session.rollback()
    assert find_document("charte").head_number == 1  # the bad file is found before anything is written
    result = runner.invoke(args=["create-document", "charte", "--title", "Encore", "--file", "-"], input="x")
    assert result.exit_code != 0 and "charte" in result.output
    result = runner.invoke(args=["add-version", "charte", "--file", "-", "--summary", "s", "--author", "x@y.z"], input="x")
    assert result.exit_code != 0 and "x@y.z" in result.output
