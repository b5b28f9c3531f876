#!/usr/bin/env python3
"""Verify a Palabre export offline, with nothing but Python's standard library (3.8 or later).

    python3 verify_archive.py palabre-export-2026-12-03.zip     (or the directory it was unzipped into)

This file is shipped inside every export. It checks, and prints what is broken (exit status 1):

1. SHA256SUMS: every file of the archive has the SHA-256 listed there, none is missing or added;
2. every version: the SHA-256 of documents/<slug>/v<n>.md is its `sha256` in versions.json, and its
   `chain` is SHA-256("<previous chain>\\n<sha256>\\n<amendment id>\\n<vote id>"), the previous chain of
   version 1 being 64 zeros and a missing id the empty string;
3. the record (audit_log.json), in the order of `seq` (1, 2, 3…): each entry's `prev` is the previous
   entry's `hash` (64 zeros for the first) and its `hash` is SHA-256(prev + the canonical JSON of
   {"at", "action", "actor_id", "organisation_id", "object_type", "object_id", "document_id", "public",
   "details"}), keys sorted, no spaces, UTF-8 unescaped, `at` in UTC with microseconds. An entry marked
   "sealed" (a ballot of a secret vote still open when the archive was made: exported without the person
   and the organisation) is only checked to be linked into the chain, and counted.

Whoever rewrites the whole history can recompute every hash: compare the heads printed at the end
with those the instance published in its activity feed (one a day) or that you kept from earlier.
"""
import hashlib
import json
import sys
import zipfile
from datetime import datetime
from pathlib import Path

GENESIS = "0" * 64
MANIFEST = "SHA256SUMS"


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


def read_files(path):
    path = Path(path)
    if path.is_dir():
        return {str(p.relative_to(path)).replace("\\", "/"): p.read_bytes() for p in path.rglob("*") if p.is_file()}
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist() if not name.endswith("/")}


def check_manifest(files):
    if MANIFEST not in files:
        return ["no SHA256SUMS file: not a Palabre export, or made before version hashes existed"]
    problems, listed = [], {}
    for line in files[MANIFEST].decode("utf-8").splitlines():
        digest, _sep, name = line.partition("  ")
        listed[name] = digest
    for name in sorted(set(listed) | set(files) - {MANIFEST}):
        if name not in files:
            problems.append("%s: listed in SHA256SUMS but missing" % name)
        elif name not in listed:
            problems.append("%s: not listed in SHA256SUMS (added)" % name)
        elif sha256_hex(files[name]) != listed[name]:
            problems.append("%s: its SHA-256 is not the one in SHA256SUMS (changed)" % name)
    return problems


def version_chain(previous, sha256, amendment_id, vote_id):
    parts = [previous, sha256, "" if amendment_id is None else str(amendment_id), "" if vote_id is None else str(vote_id)]
    return sha256_hex("\n".join(parts).encode("utf-8"))


def check_versions(files, heads):
    problems, chains = [], {}
    entries = json.loads(files["versions.json"])
    for entry in sorted(entries, key=lambda e: (e["document"], e["number"])):
        slug, number = entry["document"], entry["number"]
        previous, expected_number = chains.get(slug, (GENESIS, 0))
        if number != expected_number + 1:
            problems.append("%s version %d: version %d is missing before it" % (slug, number, expected_number + 1))
        text = files.get("documents/%s/v%d.md" % (slug, number))
        if text is None or sha256_hex(text) != entry.get("sha256"):
            problems.append("%s version %d: its text does not match its SHA-256" % (slug, number))
        chain = version_chain(previous, entry.get("sha256") or "", entry.get("amendment_id"), entry.get("vote_id"))
        if chain != entry.get("chain"):
            problems.append("%s version %d: its chain does not follow from the previous version" % (slug, number))
        chains[slug] = (entry.get("chain") or "", number)
    for slug, (chain, number) in sorted(chains.items()):
        heads.append("%s version %d: chain %s" % (slug, number, chain))
    return problems, len(entries)


def entry_hash(prev, row):
    at = datetime.fromisoformat(row["at"]).isoformat(timespec="microseconds")
    fields = {"at": at, "action": row["kind"], "actor_id": row["actor_id"], "organisation_id": row["organisation_id"],
              "object_type": row["object_type"] or "", "object_id": row["object_id"],
              "document_id": row["document_id"], "public": bool(row["public"]),
              "details": json.loads(row["detail_json"] or "{}")}
    canonical = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return sha256_hex((prev + canonical).encode("utf-8"))


def check_record(files, heads):
    problems, previous, expected, sealed = [], GENESIS, 1, 0
    rows = json.loads(files["audit_log.json"])
    for row in rows:
        if row.get("seq") is None:
            problems.append("record entry %s: not linked into the chain" % row["id"])
    for row in sorted((r for r in rows if r.get("seq") is not None), key=lambda r: r["seq"]):
        where = "record entry %s (seq %s)" % (row["id"], row["seq"])
        if row["seq"] != expected:
            problems.append("%s: entries %d to %d are missing before it" % (where, expected, row["seq"] - 1))
        if row["prev"] != previous:
            problems.append("%s: it does not follow the previous entry" % where)
        if row.get("sealed"):
            sealed += 1
        elif entry_hash(row["prev"] or "", row) != row["hash"]:
            problems.append("%s: its content does not match its hash" % where)
        previous, expected = row["hash"], row["seq"] + 1
    heads.append("the record: entry %d, hash %s" % (expected - 1, previous))
    if sealed:
        heads.append("%d entries sealed by a secret vote still open: linked into the chain, content not "
                     "checkable until the vote closes" % sealed)
    return problems, len(rows)


def verify(path):
    """The problems found, and the heads to compare with those published."""
    files = read_files(path)
    heads = []
    problems = check_manifest(files)
    for check in (check_versions, check_record):
        try:
            found, _count = check(files, heads)
        except (KeyError, ValueError, TypeError) as error:
            found = ["%s: unreadable (%r)" % (check.__name__, error)]
        problems += found
    return problems, heads


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    problems, heads = verify(argv[1])
    for problem in problems:
        print("BROKEN: " + problem)
    for head in heads:
        print("head of " + head)
    print("%s: %s" % (argv[1], "broken" if problems else "every file, version and record entry verified"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
