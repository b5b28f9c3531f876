"""The collective's identity in the export (collective.json, collective_logo.png) and back from it.

Older archives have neither file: an instance restored from one keeps the configured name until a facilitator
sets it (the administration page). The set-up code is never exported.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone

from sqlalchemy import select

from app.collective.logo import clean_logo
from app.collective.models import THE_ROW, Collective
from app.collective.services import the_row
from app.errors import PalabreError
from app.extensions import db

IDENTITY_FILE = "collective.json"
LOGO_FILE = "collective_logo.png"


def identity_files(dump) -> dict[str, bytes]:
    row = db.session.scalar(select(Collective).where(Collective.id == THE_ROW, Collective.set_up_at.is_not(None)))
    if row is None:
        return {}
    files = {IDENTITY_FILE: dump({"name": row.name, "short_name": row.short_name, "description": row.description,
                                  "languages": row.languages.split(","), "contact_email": row.contact_email,
                                  "set_up_at": row.set_up_at.isoformat(), "logo": LOGO_FILE if row.logo_png else None})}
    if row.logo_png:
        files[LOGO_FILE] = row.logo_png
    return files


def restore_identity(files: dict[str, bytes]) -> None:
    if IDENTITY_FILE not in files:
        return
    data = json.loads(files[IDENTITY_FILE])
    row = the_row()
    row.name, row.description = data["name"], data.get("description", "")
    row.short_name = data.get("short_name", "")
    row.languages, row.contact_email = ",".join(data.get("languages") or ["fr"]), data.get("contact_email", "")
    set_up_at = datetime.fromisoformat(data["set_up_at"])
    row.set_up_at = set_up_at if set_up_at.tzinfo else set_up_at.replace(tzinfo=timezone.utc)
    row.setup_code_hash = row.setup_code_at = None
    if data.get("logo") and LOGO_FILE in files:  # an archive is a file anyone may have edited: cleaned again
        try:
            row.logo_png, row.logo_version = clean_logo(files[LOGO_FILE])
        except PalabreError:
            row.logo_png = row.logo_version = None  # not an image: the rest of the archive is still good
    db.session.flush()
