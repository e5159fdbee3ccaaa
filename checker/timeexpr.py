"""Resolve time expressions ("next year", "Tuesday", "on Feb. 10") against a reference date."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from checker.records import TimeRef

_MONTHS = {calendar.month_abbr[i].lower(): i for i in range(1, 13)}


def _month(name: str) -> int:
    return _MONTHS[name.lower()[:3]]


_MONTH_RE = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_PART = (
    r"(?:(?P<part>early|earlier|late|later|mid|the end of|the start of|the beginning of)[\s-]+)?"
)

# Most specific first: the first pattern that matches a stretch of text wins it.
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(rx, re.I))
    for name, rx in (
        (
            "full_date",
            rf"\b(?P<month>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,\s*(?P<year>(?:19|20)\d\d)\b",
        ),
        ("iso", r"\b(?P<year>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<day>\d\d)\b"),
        ("month_day", rf"\b(?P<month>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b"),
        (
            "month_year",
            rf"\b{_PART}(?P<month>{_MONTH_RE})\.?(?:\s+of)?,?\s+(?P<year>(?:19|20)\d\d)\b",
        ),
        ("this_month_name", rf"\b(?P<rel>this|next|last)\s+(?P<month>{_MONTH_RE})\b"),
        ("relative_year", rf"\b{_PART}(?P<rel>this|next|last|past|coming)\s+year\b"),
        ("relative_month", rf"\b{_PART}(?P<rel>this|next|last|past|coming)\s+month\b"),
        ("relative_week", rf"\b{_PART}(?P<rel>this|next|last|past|coming)\s+week\b"),
        ("year", rf"\b{_PART}(?:in\s+|of\s+|since\s+)?(?P<year>(?:19|20)\d\d)\b(?!-)"),
        ("in_month", rf"\b(?:in|since|by|until|last|this)\s+(?P<month>{_MONTH_RE})\b(?!\s+\d)"),
        ("weekday", r"\b(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"),
        ("today", r"\b(?P<rel>today|yesterday|tomorrow|tonight)\b"),
    )
)


def _month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _part(start: dt.date, end: dt.date, part: str | None) -> tuple[dt.date, dt.date]:
    """Narrow an interval to its first or last third for 'early'/'late'."""
    if not part:
        return start, end
    third = (end - start) // 3
    part = part.lower()
    if part in ("early", "the start of", "the beginning of"):
        return start, start + third
    if part in ("late", "the end of"):
        return end - third, end
    if part == "mid":
        return start + third, end - third
    return start, end  # "earlier this year" / "later this year": the whole period


def _shift(rel: str) -> int:
    return {"next": 1, "coming": 1, "last": -1, "past": -1}.get(rel.lower(), 0)


def _resolve(
    name: str, m: re.Match[str], ref: dt.date, forward: bool = False
) -> tuple[dt.date, dt.date] | None:
    g = m.groupdict()
    part = g.get("part")
    if name in ("full_date", "iso"):
        month = int(g["m"]) if name == "iso" else _month(g["month"])
        try:
            day = dt.date(int(g["year"]), month, int(g["day"]))
        except ValueError:
            return None
        return day, day
    if name == "month_day":
        month = _month(g["month"])
        try:
            day = dt.date(ref.year, month, int(g["day"]))
        except ValueError:
            return None
        # News reports the past: a date after publication is last year's.
        if day > ref + dt.timedelta(days=31):
            day = day.replace(year=ref.year - 1)
        return day, day
    if name == "month_year":
        return _part(*_month_span(int(g["year"]), _month(g["month"])), part)
    if name in ("this_month_name", "in_month"):
        month = _month(g["month"])
        rel = (g.get("rel") or "").lower()
        # A bare month name means its nearest occurrence; "next"/"last" force a side.
        year = ref.year + (1 if month < ref.month - 6 else -1 if month > ref.month + 6 else 0)
        if rel == "this":
            year = ref.year
        elif rel == "next" and month <= ref.month:
            year = ref.year + 1
        elif rel == "last" and month >= ref.month:
            year = ref.year - 1
        return _month_span(year, month)
    if name == "relative_year":
        year = ref.year + _shift(g["rel"])
        return _part(dt.date(year, 1, 1), dt.date(year, 12, 31), part)
    if name == "relative_month":
        index = ref.year * 12 + ref.month - 1 + _shift(g["rel"])
        return _part(*_month_span(index // 12, index % 12 + 1), part)
    if name == "relative_week":
        monday = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(weeks=_shift(g["rel"]))
        return monday, monday + dt.timedelta(days=6)
    if name == "year":
        year = int(g["year"])
        return _part(dt.date(year, 1, 1), dt.date(year, 12, 31), part)
    if name == "weekday":
        # The most recent such day on or before the reference date, or for a verb that
        # points ahead (future, present perfect) the next one on or after it.
        wanted = DAYS.index(g["wd"].lower())
        if forward:
            day = ref + dt.timedelta(days=(wanted - ref.weekday()) % 7)
        else:
            day = ref - dt.timedelta(days=(ref.weekday() - wanted) % 7)
        return day, day
    if name == "today":
        offset = {"yesterday": -1, "tomorrow": 1}.get(g["rel"].lower(), 0)
        day = ref + dt.timedelta(days=offset)
        return day, day
    return None


def forward_weekdays(sent: Any) -> frozenset[int]:
    """Offsets of weekday names that point ahead: their verb is future, present or present
    perfect (which cannot take a past weekday: "has invited him … on Friday")."""
    out = set()
    for tok in sent:
        if tok.lower_ not in DAYS:
            continue
        verb = tok.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        future = any(a.lower_ in ("will", "'ll", "’ll", "shall", "wo") for a in aux)
        perfect = any(a.lemma_ == "have" and a.tag_ in ("VBZ", "VBP") for a in aux)
        infinitive = verb.tag_ == "VB" and any(a.lower_ == "to" for a in aux)
        present = verb.tag_ in ("VBZ", "VBP") and not aux
        if future or perfect or infinitive or present:
            out.add(tok.idx)
    return frozenset(out)


_EPOCH = dt.date(1970, 1, 1)
# What every pattern needs somewhere in the text (a digit, a month, a day, a unit, "today"…):
# most sentences have none, and one search spares the twelve.
_ANY = re.compile(
    rf"\d|{_MONTH_RE}|year|month|week|{'|'.join(DAYS)}|today|yesterday|tomorrow|tonight", re.I
)


def find(
    text: str, ref: dt.date | None, forward: frozenset[int] = frozenset()
) -> list[tuple[int, int, TimeRef]]:
    """Every time expression in text, resolved against ref, as (start, end, TimeRef).

    forward: offsets of weekday names whose verb points ahead (see forward_weekdays)."""
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, int, TimeRef]] = []
    if not _ANY.search(text):
        return found
    for name, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            if name == "year" and re.match(r"\s*(?:percent|%|people|troops)", text[m.end() :]):
                continue
            absolute = name in ("full_date", "iso", "month_year", "year")
            # Relative expressions cannot be placed without a publication date.
            ahead = m.start("wd") in forward if name == "weekday" else False
            interval = _resolve(name, m, ref or _EPOCH, ahead) if absolute or ref else None
            if interval is None:
                time = TimeRef(None, None, "unknown", m.group(0))
            else:
                time = TimeRef(interval[0], interval[1], "expression", m.group(0))
            found.append((m.start(), m.end(), time))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda item: item[0])


def claim_time(
    text: str, ref: dt.date | None, prefer_after: int = 0, forward: frozenset[int] = frozenset()
) -> TimeRef:
    """The time a claim is about: its first expression at or after prefer_after, then any
    expression, then the publication date, else unknown."""
    found = find(text, ref, forward)
    for start, _end, time in found:
        if start >= prefer_after and time.source == "expression":
            return time
    for _start, _end, time in found:
        if time.source == "expression":
            return time
    if ref is not None:
        return TimeRef(ref, ref, "publication")
    return TimeRef(None, None, "unknown")
