"""Build the page benchmark's registry: 15,000 persons, 24 months of eight members' lists.

Months 1-3 are the scale file's three months (../shared/data/dev/scale/records_100k.csv,
relabelled to the first three of the 24), each row given the facts a real list carries
(status, legal position, charges, place of detention, health), drawn once per true person
so members agree as real lists mostly do. They go through the real path: `import_list`
(reading, mapping, normalising), then `reconcile_month` (the matching engine, review
queue, merged facts, classification, status events).

Months 4-24 are each the month before carried over, as real lists mostly are: about one
held person in a hundred is reported released or exchanged (and gone the month after),
every other row is the same row again under the next month. Importing and reconciling
those 21 months through the engine would take hours on this machine (the reconciliation
reloads every earlier record); their result is known: each row links to the person its
row of the month before linked to, which is what `carried_over` concludes for a member's
own id with the same name and date. So the rows are inserted as the import writes them
and linked to that person, and the rest of a reconciliation runs for real: the persons'
facts (`refresh_person`, classification), the month's status events and flags
(`events_from_month`), the month's status and audit entry. Months 1-23 are published
(their joint list frozen) with `publish_month`; the latest is reconciled, not published.
"""

from __future__ import annotations

import csv
import random
import zlib
from collections import defaultdict
from pathlib import Path

from reconcile_bench import ORG_CODES  # the scale file's member names (bench/ is on the path)

ROOT = Path(__file__).resolve().parents[1]
SCALE = ROOT.parent / "shared" / "data" / "dev" / "scale"
SCALE_MONTHS = ("2024-11", "2024-12", "2025-01")
FACT_COLUMNS = ("sex", "citizenship", "person_status", "legal_status", "charges",
                "detained_on", "held_at", "facility_type", "health_concern", "release_status")
CHARGES = ["205.5 ч.2", "275", "276", "280.3 ч.1", "207.3 ч.2", "222 ч.1", "205.2 ч.2",
           "281 ч.1", "359", "356", "105 ч.2", "228 ч.1", "158 ч.3", "318"]
PLACES = [("СІЗО-1 Сімферополь", "pretrial"), ("ІК-6 Мінусинськ", "colony"),
          ("SIZO-2 Taganrog", "pretrial"), ("Оленівка", "filtration_camp"),
          ("ІК-1 Донецьк", "colony"), (None, "unknown_location")]


def months(count: int, last: str = "2025-01") -> list[str]:
    """Return `count` consecutive months ending with `last`."""
    year, month = map(int, last.split("-"))
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def facts_of(true_person: str) -> dict[str, str]:
    """Draw a true person's facts once (the same for every member that lists them)."""
    rnd = random.Random(zlib.crc32(true_person.encode()))
    place, facility = rnd.choice(PLACES)
    soldier = rnd.random() < 0.25
    return {
        "sex": "M" if rnd.random() < 0.8 else "F",
        "citizenship": "UA",
        "person_status": "military" if soldier else "civilian",
        "legal_status": rnd.choice(["none", "suspect", "accused", "convicted", "convicted"]),
        "charges": "" if soldier and rnd.random() < 0.5 else "; ".join(
            rnd.sample(CHARGES, rnd.randint(1, 2))),
        "detained_on": f"{rnd.randint(2014, 2024)}-{rnd.randint(1, 12):02d}-"
                       f"{rnd.randint(1, 28):02d}",
        "held_at": place or "",
        "facility_type": facility,
        "health_concern": "yes" if rnd.random() < 0.06 else "",
        "release_status": "detained",
    }


def write_scale_lists(work: Path, labels: dict[str, str],
                      sample: int | None = None) -> list[tuple[str, str, Path]]:
    """Write each member's list of the scale months with facts; return (org, month, path).

    `sample` keeps the rows of the first `sample` true persons (a quick trial of the build).
    """
    with (SCALE / "truth_100k.csv").open(encoding="utf-8") as fh:
        truth = {r["record_id"]: r["person_id"] for r in csv.DictReader(fh)}
    rows: dict[tuple[str, str], list[dict]] = defaultdict(list)
    with (SCALE / "records_100k.csv").open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        header = [h for h in reader.fieldnames or [] if h not in ("source_org", "list_month")]
        for row in reader:
            if sample is not None and int(truth[row["record_id"]][1:]) > sample:
                continue
            facts = facts_of(truth[row["record_id"]])
            if random.Random(row["record_id"]).random() < 0.04:  # a member not knowing one
                facts.pop(random.Random(row["record_id"]).choice(FACT_COLUMNS[2:9]))
            rows[ORG_CODES[row["source_org"]], labels[row["list_month"]]].append(
                {**row, **facts})
    files = []
    for (org, month), found in sorted(rows.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        path = work / f"{org}_{month}.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=[*header, *FACT_COLUMNS],
                                    extrasaction="ignore")
            writer.writeheader()
            writer.writerows(found)
        files.append((org, month, path))
    return files


def import_and_reconcile(session, files, actor, log) -> None:
    """Import each list and reconcile each month through the real path."""
    from exchange.importing.operations import import_list
    from exchange.reconciliation.linking import reconcile_month

    for month in sorted({m for _, m, _ in files}):
        for org, _, path in (f for f in files if f[1] == month):
            import_list(session, path, org_code=org, month=month, actor=actor)
        summary = reconcile_month(session, month, actor)
        log(f"{month}: imported and reconciled: {summary.records} records, "
            f"{summary.new_persons} new persons, {summary.review_open} pairs to review")


def _carried_rows(session, previous: str, month: str, rnd: random.Random) -> list[dict]:
    """Return the previous month's rows again under `month`, with this month's releases."""
    from exchange.domain.records import live_records
    from exchange.models import SourceRecord

    rows = session.execute(live_records().with_only_columns(
        SourceRecord.organisation_id, SourceRecord.row_number, SourceRecord.record_id,
        SourceRecord.raw, SourceRecord.values, SourceRecord.problems, SourceRecord.person_id,
    ).where(SourceRecord.list_month == previous)).all()
    gone = {r.person_id for r in rows if (r.values or {}).get("release_status") != "detained"}
    held = sorted({r.person_id for r in rows} - gone)
    freed = {pid: rnd.choice(["released", "exchanged"])
             for pid in rnd.sample(held, len(held) // 100)}
    out = []
    for r in rows:
        if r.person_id in gone:
            continue
        values = {**r.values, "list_month": month}
        raw = dict(r.raw or {})
        if r.person_id in freed:
            values.update(release_status=freed[r.person_id], released_on=f"{month}-10")
            raw["release_status"] = freed[r.person_id]
        out.append({"organisation_id": r.organisation_id, "row_number": r.row_number,
                    "record_id": (r.record_id or "").replace(previous.replace("-", ""),
                                                             month.replace("-", "")),
                    "raw": raw, "values": values, "problems": r.problems,
                    "person_id": r.person_id})
    return out


def carry_month(session, previous: str, month: str, actor, rnd: random.Random) -> int:
    """Write the month's lists carried over, linked as `carried_over` links them; reconcile."""
    from sqlalchemy import insert

    from exchange.audit import acting_as, write_entry
    from exchange.domain.months import ensure_open, next_status
    from exchange.models import BatchStatus, ImportBatch, SourceRecord
    from exchange.models.base import utcnow
    from repatriation.list_events import events_from_month

    rows = _carried_rows(session, previous, month, rnd)
    by_org: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        by_org[row["organisation_id"]].append(row)
    with acting_as(session, actor, reason=f"reconciliation of {month}"):
        for org_id, found in sorted(by_org.items()):
            digest = f"{zlib.crc32(f'{org_id}{month}'.encode()):08x}".ljust(64, "0")
            batch = ImportBatch(organisation_id=org_id, list_month=month,
                                file_name=f"list_{month}.csv", file_hash=digest,
                                status=BatchStatus.COMMITTED, row_count=len(found),
                                mapping={}, summary={}, created_by_label=actor.label)
            session.add(batch)
            session.flush()
            now = utcnow()
            session.execute(insert(SourceRecord), [
                {**r, "batch_id": batch.id, "list_month": month, "file_name": batch.file_name,
                 "file_hash": digest, "created_at": now} for r in found])
            write_entry(session, action="import", object_type="import_batch",
                        object_id=batch.id, changes={"row_count": [None, len(found)]})
        row = ensure_open(session, month)
        changed = {r["person_id"] for r in rows if r["values"].get("release_status") != "detained"}
        refresh(session, sorted(changed), commit=False)
        events_from_month(session, month)
        row.status = next_status(month, row.status, "reconcile")
        row.reconciled_at = utcnow()
        write_entry(session, action="reconcile", object_type="list_month", object_id=month,
                    changes={"records": [None, len(rows)]})
        session.commit()
    return len(rows)


def refresh(session, person_ids: list[int], *, commit: bool = True, chunk: int = 500) -> None:
    """Recompute the persons' facts from all their records, as a reconciliation does."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from exchange.domain.person_facts import refresh_person
    from exchange.domain.records import live_records
    from exchange.models import Person, SourceRecord

    for start in range(0, len(person_ids), chunk):
        ids = person_ids[start:start + chunk]
        records: dict[int, list] = defaultdict(list)
        for record in session.scalars(live_records().where(SourceRecord.person_id.in_(ids))
                                      .options(selectinload(SourceRecord.organisation))):
            records[record.person_id].append(record)
        persons = session.scalars(select(Person).where(Person.id.in_(ids)).options(
            selectinload(Person.name_variants), selectinload(Person.charges),
            selectinload(Person.detentions)))
        with session.no_autoflush:
            for person in persons:
                refresh_person(session, person, records[person.id])
        if commit:
            session.commit()
            session.expunge_all()
