"""Ballot receipts: a random code per cast ballot, given once to its delegate, listed publicly.

Kept beside the ballot events rather than in the vote engine's tables: a receipt is issued for
one ballot event (one cast or change); the counted receipt of an organisation is the one of its
latest event, so an organisation that changed its ballot finds only its last receipt counted.
The code says nothing about who cast it nor how: the public list proves inclusion, not the choice.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db_types import UTCDateTime, utcnow
from app.extensions import db


class BallotReceipt(db.Model):
    __tablename__ = "ballot_receipt"

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("vote.id"), index=True)
    ballot_event_id: Mapped[int] = mapped_column(ForeignKey("ballot_event.id"), unique=True)
    receipt: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
