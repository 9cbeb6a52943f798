"""The app's way of writing dates, in one place: the timeline, sheets, exports and the CLI
all say "Thu 9 Jul 2026", never a second format."""

from __future__ import annotations

import datetime as dt


def long_date(day: dt.date) -> str:
    """ "Thu 9 Jul 2026"."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def day_month(day: dt.date) -> str:
    """ "9 Jul"."""
    return f"{day.day} {day:%b}"


def day_month_year(day: dt.date) -> str:
    """ "9 Jul 2026"."""
    return f"{day.day} {day:%b %Y}"


def date_range(first: dt.date, last: dt.date) -> str:
    """ "9 Jul – 14 Nov 2026"; the year twice only when it changes."""
    if first == last:
        return day_month_year(first)
    if first.year == last.year:
        return f"{day_month(first)} – {day_month_year(last)}"
    return f"{day_month_year(first)} – {day_month_year(last)}"


def arrow_range(first: dt.date, last: dt.date) -> str:
    """ "9 Jul → 31 Oct 2026": from a before to an after."""
    if first.year == last.year:
        return f"{day_month(first)} → {day_month_year(last)}"
    return f"{day_month_year(first)} → {day_month_year(last)}"
