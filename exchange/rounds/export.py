"""Roster and round workbooks: a summary sheet, then one numbered sheet per category.

`export_roster` and `export_round` take a Session and a path and need no Flask view (an
app context for the translations), so the command line, the pages and a future API share
them. Every sheet goes through `exchange.workbooks.write_sheet` (formula-safe cells,
frozen filtered header, landscape pages fit to width, title, page number, "confidential").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from openpyxl import Workbook
from sqlalchemy.orm import Session

from exchange.labels import label, region_name
from exchange.models import Round, RoundVersion
from exchange.rounds.counterpart import balance
from exchange.rounds.roster import Filters, iter_rows, roster
from exchange.rounds.sheet import ExportOptions, columns, record_cells
from exchange.rounds.snapshot import row_record
from exchange.rounds.submission import current_records
from exchange.rounds.tables import mechanism, priority_groups, round_types
from exchange.workbooks import PrintTitle, saved_workbook, write_sheet

__all__ = ["Summary", "export_roster", "export_round", "round_records", "write_workbook"]

_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


@dataclass
class Summary:
    """What the summary sheet says about a list: title, facts, and the persons' counts."""

    title: str
    facts: list[tuple[str, str]]
    categories: list[str]
    regions: Counter
    groups: Counter
    per_category: Counter
    extra: list[tuple[str, str, object]]

    def rows(self, language: str) -> Iterator[tuple[object, ...]]:
        yield (_("List"), self.title, "")
        yield from ((_("List"), item, value) for item, value in self.facts)
        for category in self.categories:
            yield (_("Category"), label("category", category, language),
                   self.per_category.get(category, 0))
            found = mechanism(category)
            if found.measure is not None:
                yield (_("Measure %(n)d of the Concept", n=found.measure),
                       found.measure_title.get(language, ""), found.measure_text.get(language, ""))
        for key, count in sorted(self.regions.items(), key=lambda kv: (-kv[1], kv[0] or "")):
            yield (_("Region"), region_name(key, language) or _("not recorded"), count)
        for group in priority_groups():
            if self.groups.get(group.key):
                yield (_("Priority group"),
                       f"{group.rank}. {label('priority_group', group.key, language)}",
                       self.groups[group.key])
        yield from self.extra


def sheet_title(category: str, language: str) -> str:
    """Return a sheet name for a category: its measure and label, as Excel allows."""
    found = mechanism(category)
    prefix = f"{found.measure}. " if found.measure else ""
    title = " ".join((prefix + label("category", category, language)).translate(_FORBIDDEN).split())
    if len(title) <= 31:
        return title
    return title[:30].rsplit(" ", 1)[0].rstrip(" ,;(«") + "…"


def write_workbook(
    out: str | Path,
    summary: Summary,
    sheets: Iterable[tuple[str, Iterable[Mapping[str, Any]]]],
    options: ExportOptions,
    *,
    for_round: bool,
) -> dict[str, int]:
    """Write the summary, then one sheet per (category, records); return rows per category."""
    cols = columns(options, for_round=for_round)
    written: dict[str, int] = {}
    with force_locale(options.language), saved_workbook(out) as wb:
        header = [_("Section"), _("Item"), _("Value")]
        write_sheet(wb, _("Summary"), header, summary.rows(options.language), widths=[26, 60, 90],
                    print_title=PrintTitle(summary.title, options.language), wrap=True)
        for category, records in sheets:
            title = f"{summary.title} · {label('category', category, options.language)}"
            written[category] = _category_sheet(wb, category, records, cols, options, title)
    return written


def _category_sheet(wb: Workbook, category: str, records: Iterable[Mapping[str, Any]],
                    cols: Sequence, options: ExportOptions, title: str) -> int:
    rows = (record_cells(r, n, cols, options) for n, r in enumerate(records, start=1))
    return write_sheet(wb, sheet_title(category, options.language), [c.header for c in cols],
                       rows, widths=[c.width for c in cols],
                       print_title=PrintTitle(title, options.language))


def _stamp(options: ExportOptions) -> list[tuple[str, str]]:
    now = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    facts = [(_("Exported at"), now), (_("Exported by"), options.exported_by or "—")]
    if not options.sensitive:
        facts.append((_("Columns left out"), _("health, charges and the rule (wider audience)")))
    return facts


def export_roster(session: Session, categories: Sequence[str], out: str | Path, *,
                  options: ExportOptions, today: date, region: str | None = None,
                  member: int | None = None, user: Any = None) -> dict[str, int]:
    """Write the rosters of these categories (persons still held, in priority order)."""
    ranked = {
        c: roster(session, c, today, Filters(region=region, member=member), user)
        for c in categories
    }
    everyone = [r for rows in ranked.values() for r in rows]
    with force_locale(options.language):
        title = _("Roster of persons still held, %(date)s", date=today.isoformat())
        summary = Summary(
            title, _stamp(options), list(categories), Counter(r.region for r in everyone),
            Counter(r.priority.group for r in everyone),
            Counter({c: len(rows) for c, rows in ranked.items()}), [],
        )
    sheets = ((c, (row_record(row) for row in iter_rows(session, rows)))
              for c, rows in ranked.items())
    return write_workbook(out, summary, sheets, options, for_round=False)


def _round_facts(found: Round, version: RoundVersion | None,
                 options: ExportOptions) -> list[tuple[str, str]]:
    lang = options.language
    facts = [(_("Round type"), label("round_type", found.round_type, lang)),
             (_("State"), label("round_state", found.state, lang))]
    if found.planned_on:
        facts.append((_("Planned for"), found.planned_on))
    if found.executed_on:
        facts.append((_("Carried out on"), found.executed_on))
    if version is None:
        facts.append((_("Version"), _("the list as it stands now, not yet sent")
                      if found.list_changed else _("the list as it stands now")))
    else:
        facts.append((_("Version"), _("version %(n)d, sent %(at)s by %(who)s", n=version.number,
                                      at=version.submitted_at.strftime("%Y-%m-%d %H:%M"),
                                      who=version.submitted_by_label)))
    return facts + _stamp(options)


def _answers(records: list[dict], options: ExportOptions) -> list[tuple]:
    """Return summary rows counting the reply statuses and the outcomes."""
    lang = options.language
    rows: list[tuple] = []
    for key, title in (("reply_status", _("Reply")), ("outcome", _("Outcome"))):
        for value, count in sorted(Counter(r.get(key) for r in records if r.get(key)).items()):
            rows.append((title, label(key, value, lang), count))
    return rows


def _balance_rows(session: Session, found: Round, options: ExportOptions) -> list[tuple]:
    if round_types()[found.round_type].sides != 2:
        return []
    counted = balance(session, found)
    return [(_("Balance"), label("category", c, options.language),
             _("ours %(ours)d, theirs %(theirs)d, difference %(diff)+d",
               ours=counted.ours.get(c, 0), theirs=counted.theirs.get(c, 0),
               diff=counted.difference(c)))
            for c in counted.categories]


def round_records(session: Session, found: Round, version: RoundVersion | None,
                  today: date) -> list[dict]:
    """Return the round's records (a version as sent, or now) with reply and outcome."""
    if version is not None:
        records = [dict(r) for r in version.rows]
    else:
        records = current_records(session, found, today)
    entries = {e.person_id: e for e in found.entries}
    for record in records:
        entry = entries.get(record["person_id"])
        if entry is not None:
            record["reply_status"] = _plain(entry.reply_status)
            record["outcome"] = _plain(entry.outcome)
            record["outcome_reason"] = entry.outcome_reason
    return records


def _plain(value: object) -> object:
    return getattr(value, "value", value)


def export_round(session: Session, found: Round, out: str | Path, *, options: ExportOptions,
                 today: date, version: RoundVersion | None = None) -> dict[str, int]:
    """Write a round (a version as sent, or the list now) with replies and outcomes."""
    records = round_records(session, found, version, today)
    others = sorted({r["category"] for r in records} - set(found.categories))
    order = list(found.categories) + others
    with force_locale(options.language):
        state = label("round_state", found.state, options.language)
        sent = _("version %(n)d", n=version.number) if version is not None else ""
        summary = Summary(
            " · ".join(filter(None, (_("Round %(name)s", name=found.name), state, sent))),
            _round_facts(found, version, options),
            order, Counter(r.get("residence_region") for r in records),
            Counter(r.get("priority_group") for r in records),
            Counter(r["category"] for r in records),
            _answers(records, options) + _balance_rows(session, found, options),
        )
    sheets = ((c, [r for r in records if r["category"] == c]) for c in order)
    return write_workbook(out, summary, sheets, options, for_round=True)
