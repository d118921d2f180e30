"""Dates as people give them: durations, relative dates and dates in words, against
the interview date.

Durations are read here: "over 14 maanden", "anderhalf jaar geleden", "sinds drie
jaar", "drie en een half jaar geleden", "volgende maand", "in 6 weeks", "2 years ago"
become a date counted from the interview date. A duration without direction ("14
maanden") is read as ahead. Months are calendar months (clamped to the month's last
day), a year twelve of them. This is what the maintained parser below lacks: number
words ("drie", "anderhalf", "een") and "sinds".

Everything else goes to dateparser (imported only then, since loading it and its
language data takes a few tenths of a second): dates in words and other forms such as
"31 december 2026", "1 maart", "maart 2027" (its first day), "15-3-2027" (day first),
"gisteren". A year alone, or a part of one, is read here too ("2020", "sinds 2020",
"medio 2020", "begin 2020", "eind 2027", "najaar 2025"; a year alone as its middle, 1 July),
which dateparser reads as today's day in that year. The interview shows every date read this
way back for confirmation.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import cache

_NUMBERS = {
    "een": 1, "één": 1, "a": 1, "an": 1, "one": 1, "twee": 2, "two": 2, "drie": 3, "three": 3,
    "vier": 4, "four": 4, "vijf": 5, "five": 5, "zes": 6, "six": 6, "zeven": 7, "seven": 7,
    "acht": 8, "eight": 8, "negen": 9, "nine": 9, "tien": 10, "ten": 10, "elf": 11, "eleven": 11,
    "twaalf": 12, "twelve": 12, "anderhalf": 1.5, "anderhalve": 1.5, "half": 0.5, "een half": 0.5,
    "halve": 0.5,
}


# "about twelve": the number is the answer (a count of parties is rarely exact)
_ABOUT = re.compile(r"^(?:ongeveer|circa|ca\.?|zo'n|zo een|rond de|rond|ruim|bijna|about|around|roughly|some|~)\s*")


def whole_number(text: str) -> int | None:
    """A whole number as typed ("11") or said ("elf", "eleven", "twaalf"), also as an
    estimate ("ongeveer 12", "zo'n twaalf", "about 12"); None when it is none of these."""
    text = _ABOUT.sub("", text.strip().casefold()).strip()
    try:
        return int(text)
    except ValueError:
        pass
    value = _NUMBERS.get(text)
    return value if isinstance(value, int) and text not in ("a", "an") else None


_UNITS = {
    "dag": "d", "dagen": "d", "day": "d", "days": "d",
    "week": "w", "weken": "w", "weeks": "w",
    "maand": "m", "maanden": "m", "month": "m", "months": "m",
    "jaar": "y", "jaren": "y", "year": "y", "years": "y",
}
_AMOUNT = r"(?P<n>\d+(?:[.,]\d+)?|" + "|".join(sorted((re.escape(k) for k in _NUMBERS), key=len, reverse=True)) + ")"
_UNIT = r"(?P<unit>" + "|".join(sorted(_UNITS, key=len, reverse=True)) + ")"


@cache  # compiled on first use: most cases hold no relative date, and compiling costs a start ~2 ms
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    """The regular expressions for a duration and for "next/last <unit>"."""
    duration = re.compile(
        r"^(?P<pre>over|in|sinds|since|na|after)?\s*" + _AMOUNT + r"?\s*" + _UNIT +
        r"\s*(?P<post>geleden|ago|terug|vanaf nu|from now)?$")
    next_prev = re.compile(r"^(?P<dir>volgende|volgend|komende|next|vorige|vorig|afgelopen|last)\s+" + _UNIT + "$")
    return duration, next_prev


def add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, _days_in_month(year, month)))


def _days_in_month(year: int, month: int) -> int:
    """calendar.monthrange's count of days, without importing calendar (and locale) at start."""
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def shift(ref: dt.date, amount: float, unit: str) -> dt.date:
    if unit == "d":
        return ref + dt.timedelta(days=round(amount))
    if unit == "w":
        return ref + dt.timedelta(days=round(amount * 7))
    months = amount * (12 if unit == "y" else 1)
    whole = int(months)
    out = add_months(ref, whole)
    frac = months - whole
    return out + dt.timedelta(days=round(frac * 30.4)) if frac else out


def parse_relative(text: str, ref: dt.date) -> dt.date | None:
    """The date a relative expression names, or None when it is not one."""
    t = " ".join(str(text).lower().replace("’", "'").split())
    half = re.match(r"^(.*?)(\S+) en een half (.*)$", t)  # "drie en een half jaar geleden"
    if half and (half[2] in _NUMBERS or half[2].isdigit()):
        base = float(half[2]) if half[2].isdigit() else float(_NUMBERS[half[2]])
        t = f"{half[1]}{base + 0.5} {half[3]}"
    duration, next_prev = _patterns()
    m = next_prev.match(t)
    if m:
        sign = 1 if m["dir"] in ("volgende", "volgend", "komende", "next") else -1
        return shift(ref, sign, _UNITS[m["unit"]])
    m = duration.match(t)
    if not m or (m["n"] is None and m["unit"] not in ("jaar", "maand", "week", "year", "month")):
        return None
    raw = m["n"]
    amount = 1.0 if raw is None else float(raw.replace(",", ".")) if raw[0].isdigit() else float(_NUMBERS[raw])
    past = m["pre"] in ("sinds", "since") or m["post"] in ("geleden", "ago", "terug")
    return shift(ref, -amount if past else amount, _UNITS[m["unit"]])


_CLOCK = re.compile(r"\b(uur|uren|minuut|minuten|seconde|seconden|hours?|minutes?|seconds?)\b")

# Part of a year, as (month, day) it is read as: a year alone, or "in"/"sinds" one, is its
# middle (the nearest guess for a date known only by its year, half a year off at most).
_PART_OF_YEAR = {
    None: (7, 1), "midden": (7, 1), "medio": (7, 1), "half": (7, 1), "halverwege": (7, 1), "mid": (7, 1),
    "middle": (7, 1),
    "begin": (1, 1), "start": (1, 1), "early": (1, 1),
    "eind": (12, 31), "einde": (12, 31), "end": (12, 31), "late": (12, 31),
    "voorjaar": (4, 1), "lente": (4, 1), "spring": (4, 1), "zomer": (7, 1), "summer": (7, 1),
    "najaar": (10, 1), "herfst": (10, 1), "autumn": (10, 1), "fall": (10, 1),
}
_YEAR = re.compile(r"^(?:(?:sinds|vanaf|since|from)\s+)?(?:in\s+)?(?:(?:het|de|the)\s+)?"
                   r"(?:(?P<part>[a-z]+)(?:\s+(?:van|of))?[\s-]+)?(?P<year>(?:19|20)\d\d)$")


def parse_year(text: str) -> dt.date | None:
    """A date known by its year ("2020", "in 2020", "sinds 2020", "medio 2020", "mid-2020",
    "sinds begin 2020", "eind 2027", "(in) het najaar van 2025"), read as the day
    ``_PART_OF_YEAR`` gives; None when it is not one."""
    m = _YEAR.match(" ".join(str(text).lower().split()))
    if m is None or m["part"] not in _PART_OF_YEAR:
        return None
    month, day = _PART_OF_YEAR[m["part"]]
    return dt.date(int(m["year"]), month, day)


def parse_date_text(text: str, ref: dt.date, future: bool = False) -> dt.date | None:
    """The date ``text`` names, counted from ``ref`` where it is relative; None when it
    names none. Durations first (``parse_relative``), then dateparser for Dutch and
    English dates in words. ``future``: a date without its year is the next one from
    ``ref`` on (a plan on "1 januari" in June is next January), not the one in ``ref``'s year."""
    found = parse_relative(text, ref) or parse_year(text)
    text = str(text).strip()
    if found is not None or not text or text.isdigit() or _CLOCK.search(text.lower()):
        return found  # a bare number is no date (dateparser would take it for a day of this month), nor "2 uur"
    try:
        import dateparser
    except ImportError:  # an install without it still reads ISO dates and durations
        return None
    when = dateparser.parse(text, languages=["nl", "en"],
                            settings={"RELATIVE_BASE": dt.datetime.combine(ref, dt.time()), "DATE_ORDER": "DMY",
                                      "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False,
                                      # a month must be named: not a weekday ("ma"), a time ("10:00") or a letter
                                      "REQUIRE_PARTS": ["month"],
                                      **({"PREFER_DATES_FROM": "future"} if future else {})})
    return when.date() if when is not None else None
