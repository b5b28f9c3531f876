"""flask verify: the whole record recomputed; the report as JSON, each problem in words, exit 1 if broken."""
from __future__ import annotations

import json
import sys

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from app.record.verify import verify_all


def describe(part: str, item: dict) -> str:
    """One broken item in a sentence."""
    problem = item["problem"]
    if part == "versions":
        where = _("%(document)s version %(n)d", document=item["document"], n=item["number"])
        words = {"text_changed": _("its text does not match its SHA-256 (changed after it was written)"),
                 "chain_broken": _("its chain does not follow from the previous version"),
                 "missing": _("is missing from the history"),
                 "signature_mismatch": _("the text signed by an organisation had another SHA-256")}
    elif part == "audit":
        where = _("record entry %(id)s", id=item["id"])
        words = {"entry_changed": _("its content does not match its hash"),
                 "chain_broken": _("does not follow the previous entry (an entry was removed or moved)"),
                 "missing": _("entries are missing before it"), "unlinked": _("is not linked into the chain")}
    else:
        where = _("vote %(vote)s", vote=item["vote"]) + (f" ({item['organisation']})" if item.get("organisation") else "")
        words = {"ballot_changed": _("the ballot differs from its last recorded cast"),
                 "ballot_missing": _("a recorded cast has no ballot any more"),
                 "ballot_without_event": _("a ballot has no recorded cast"),
                 "counts_changed": _("the stored counts differ from the recorded ballots"),
                 "receipt_misplaced": _("a receipt belongs to another vote's ballot")}
    return f"{where}: {words.get(problem, problem)}"


@click.command("verify")
@with_appcontext
def verify() -> None:
    """Recompute every hash and chain (versions, the record, ballots); exit 1 when anything is broken."""
    report = verify_all()
    click.echo(json.dumps(report, indent=1, sort_keys=True))
    for part in ("versions", "audit", "ballots"):
        for item in report[part]["broken"]:
            click.echo(describe(part, item), err=True)
    if not report["ok"]:
        sys.exit(1)
    click.echo(_("Everything verified: %(v)d versions, %(a)d record entries, %(b)d ballots.",
                 v=report["versions"]["checked"], a=report["audit"]["checked"], b=report["ballots"]["checked"]),
               err=True)


commands = [verify]
