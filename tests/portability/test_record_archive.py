"""The archive's own verifier, run as a stranger would: `python3 -I -S verify_archive.py archive.zip`."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import zipfile

from tests.portability.test_archive import contents, demo_app, imported_on_the_other_engine  # noqa: F401


def run_verifier(script, target) -> subprocess.CompletedProcess:
    # -I -S: no site-packages, no environment, no current directory: the standard library only.
    return subprocess.run([sys.executable, "-I", "-S", str(script), str(target)], capture_output=True, text=True,
                          check=False)


def exported(tmp_path, application):
    archive = tmp_path / "export.zip"
    assert application.test_cli_runner().invoke(args=["export", str(archive)]).exit_code == 0
    script = tmp_path / "verify_archive.py"
    script.write_bytes(contents(archive)["verify_archive.py"])
    return archive, script


def rewritten(tmp_path, archive, name: str, change) -> object:
    """A copy of `archive` with `change` applied to the bytes of one of its files."""
    changed = tmp_path / f"changed-{name.replace('/', '-')}.zip"
    with zipfile.ZipFile(changed, "w") as target:
        for member, data in contents(archive).items():
            target.writestr(member, change(data) if member == name else data)
    return changed


def flip_one_byte(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1:]


def test_a_fresh_export_verifies_offline_and_prints_its_heads(tmp_path, demo_app):  # noqa: F811
    archive, script = exported(tmp_path, demo_app)
    result = run_verifier(script, archive)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "head of charte version" in result.stdout and "head of the record: entry" in result.stdout
    unzipped = tmp_path / "unzipped"
    zipfile.ZipFile(archive).extractall(unzipped)
    assert run_verifier(script, unzipped).returncode == 0


def test_one_byte_changed_anywhere_is_rejected(tmp_path, demo_app):  # noqa: F811
    archive, script = exported(tmp_path, demo_app)
    for name in ("people.json", "documents/charte/v2.md", "audit_log.json"):
        result = run_verifier(script, rewritten(tmp_path, archive, name, flip_one_byte))
        assert result.returncode == 1, name
        assert f"BROKEN: {name}: its SHA-256 is not the one in SHA256SUMS" in result.stdout


def test_a_text_changed_with_its_manifest_redone_is_caught_by_the_chains(tmp_path, demo_app):  # noqa: F811
    archive, script = exported(tmp_path, demo_app)
    files = contents(archive)
    files["documents/charte/v2.md"] += " Ajout clandestin.".encode()
    files["SHA256SUMS"] = "".join(f"{hashlib.sha256(files[n]).hexdigest()}  {n}\n"
                                  for n in sorted(files) if n != "SHA256SUMS").encode()
    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(forged, "w") as target:
        for name, data in files.items():
            target.writestr(name, data)
    result = run_verifier(script, forged)
    assert result.returncode == 1
    assert "BROKEN: charte version 2: its text does not match its SHA-256" in result.stdout


def test_an_entry_of_the_record_rewritten_is_caught(tmp_path, demo_app):  # noqa: F811
    archive, script = exported(tmp_path, demo_app)

    def rewrite(data: bytes) -> bytes:
        rows = json.loads(data)
        rows[3]["detail_json"] = "{}"
        return json.dumps(rows).encode()
    result = run_verifier(script, rewritten(tmp_path, archive, "audit_log.json", rewrite))
    assert result.returncode == 1
    assert "its content does not match its hash" in result.stdout


def test_an_archive_made_before_the_record_was_hashed_imports_and_verifies(request, tmp_path, database_url,
                                                                           demo_app):  # noqa: F811
    archive, _script = exported(tmp_path, demo_app)
    older = tmp_path / "older.zip"
    unhashed = {"versions.json": ("sha256", "chain", "vote_id"), "audit_log.json": ("seq", "prev", "hash"),
                "signatures.json": ("version_sha256",)}
    with zipfile.ZipFile(older, "w") as target:
        for name, data in contents(archive).items():
            if name in ("SHA256SUMS", "verify_archive.py", "ballot_receipts.json"):
                continue
            if name in unhashed:
                rows = [{k: v for k, v in row.items() if k not in unhashed[name]} for row in json.loads(data)]
                data = json.dumps(rows).encode()
            target.writestr(name, data)
    with imported_on_the_other_engine(request, tmp_path, database_url, older) as target:
        result = target.test_cli_runner().invoke(args=["verify"])
        assert result.exit_code == 0, result.output
        organisations = target.test_client().get("/api/v1/organisations?per_page=100").get_json()["items"]
        assert all(o["signed_charter_sha256"] for o in organisations if o["signed_charter_version"])
