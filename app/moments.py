"""Times that people type (a vote's closing time): within the years the app can store and show.

Python's calendar ends at 9999-12-31; a time near either end cannot be moved to another zone, so a vote
typed to close at 9999-12-31T23:59 used to break every page that showed it. Nothing a collective decides
needs a date outside these bounds, so a typed time outside them is refused where it is read.
"""
from __future__ import annotations

from datetime import datetime, timezone

from flask_babel import gettext as _
from flask_babel import to_utc

EARLIEST = datetime(2000, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(3000, 1, 1, tzinfo=timezone.utc)


class UnshowableTime(ValueError):
    """A time the app refuses: outside EARLIEST–LATEST, or beyond the calendar once moved to UTC."""


def in_utc(moment: datetime) -> datetime:
    """`moment` (with an offset) in UTC, if it lies between EARLIEST and LATEST."""
    try:
        moved = moment.astimezone(timezone.utc)
    except OverflowError:
        raise UnshowableTime(_("This date is beyond the calendar.")) from None
    if not EARLIEST <= moved < LATEST:
        raise UnshowableTime(_("Give a date between the years %(first)d and %(last)d.",
                               first=EARLIEST.year, last=LATEST.year - 1))
    return moved


def from_local(moment: datetime) -> datetime:
    """A time typed without an offset, read in the collective's time zone (the one pages show), in UTC."""
    try:
        return in_utc(to_utc(moment).replace(tzinfo=timezone.utc))
    except OverflowError:
        raise UnshowableTime(_("This date is beyond the calendar.")) from None
