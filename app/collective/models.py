"""One row: who the collective is. Made by the set-up page (or `flask setup`, or the demo seed).

Before set-up the row may exist only to hold the hash of the one-time set-up code; `set_up_at` says whether
the collective has been set up.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db_types import UTCDateTime
from app.extensions import db

THE_ROW = 1


class Collective(db.Model):
    __tablename__ = "collective"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # Shown in the header when the name is long ("CHLS"); empty: the name.
    short_name: Mapped[str] = mapped_column(String(40), default="", server_default="")
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Language codes separated by commas, the collective's main language first ("fr,en").
    languages: Mapped[str] = mapped_column(String(64), default="fr", server_default="fr")
    contact_email: Mapped[str] = mapped_column(String(254), default="", server_default="")
    # The logo re-encoded as PNG by app/collective/logo.py; its version (a hash) names its URL, cached for a year.
    logo_png: Mapped[bytes | None] = mapped_column(LargeBinary)
    logo_version: Mapped[str | None] = mapped_column(String(16))
    setup_code_hash: Mapped[str | None] = mapped_column(String(64))
    setup_code_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    set_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
