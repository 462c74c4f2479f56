"""Publication dates as real pages write them -> :class:`datetime.date`, never guessed."""

from __future__ import annotations

import datetime as dt
import math
import re

import dateutil.parser

__all__ = ["parse_date"]

_ISO_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T ]\S*.*$)")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})(?:$| .*$)")
_EPOCH = re.compile(r"^\d{9,13}(?:\.\d+)?$")
_DEFAULTS = (dt.datetime(2001, 1, 1), dt.datetime(2002, 2, 2))


def parse_date(value: object) -> dt.date | None:
    """Read a publication date, or return ``None`` when there is none or it is ambiguous.

    Parameters
    ----------
    value : str, datetime.date, datetime.datetime, pandas.Timestamp, int, float or None
        Accepted spellings include ISO ("2015-09-22", "2015-09-22T14:47:00Z", "2015/09/22"),
        "Tue Sep 22, 2015 2:47PM", "September 22, 2015", "22 September 2015", RFC 2822
        ("Tue, 22 Sep 2015 14:47:00 +0000"), numeric day/month forms where one part is > 12
        ("09/22/2015" US, "22/09/2015"), "20150922", and Unix epoch seconds or milliseconds.

    Returns
    -------
    datetime.date or None
        The calendar date as written (no time-zone conversion). ``None`` for missing values,
        text that is not a date, text lacking a year, month or day ("September 2015"),
        numeric forms whose day and month are both <= 12 and differ ("03/04/2015"), and
        numeric forms with a two-digit year ("09/22/15"): a date is never guessed.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):  # includes pandas.Timestamp
        if value != value:  # pandas.NaT is the only datetime unequal to itself
            return None
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)):
        return _from_epoch(float(value))
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if not text or len(text) > 80:
        return None
    iso = _ISO_DATE.match(text)
    if iso:
        return _make_date(int(iso[1]), int(iso[2]), int(iso[3]))
    numeric = _NUMERIC_DATE.match(text)
    if numeric:
        first, second, year = int(numeric[1]), int(numeric[2]), numeric[3]
        if len(year) == 2:
            return None
        if first > 12 >= second:
            return _make_date(int(year), second, first)
        if second > 12 >= first or first == second:
            return _make_date(int(year), first, second)
        return None
    if _EPOCH.match(text):
        return _from_epoch(float(text))
    results = []
    for default in _DEFAULTS:
        try:
            results.append(dateutil.parser.parse(text, default=default))
        except (ValueError, OverflowError):
            return None
    first_try, second_try = results
    if (first_try.year, first_try.month, first_try.day) != (
        second_try.year, second_try.month, second_try.day
    ):
        return None  # year, month or day came from the default, not the text
    return first_try.date()


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _from_epoch(seconds: float) -> dt.date | None:
    if math.isnan(seconds):
        return None
    if seconds >= 1e11:  # milliseconds
        seconds /= 1000.0
    if not 1e8 <= seconds < 1e10:
        return None
    return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc).date()
