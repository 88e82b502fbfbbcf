"""A person's history said in words: who changed what, from which value to which, and why.

The audit trail stores codes (`update person`, `legal_status: unknown -> convicted`,
`person_id: ∅ -> 297`); a reader needs sentences in their language. Each kind of entry
(object and action) has a sentence; each changed fact is said with its field's label and
its values' labels; ids and bookkeeping columns are never shown. What the reader may not
see is left out first (`exchange.auth.access.visible_changes`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from exchange.auth.access import shows_staff, staff_label, visible_changes
from exchange.labels import label, value_label, vocabularies
from exchange.models import AuditEntry, Role, User

__all__ = ["HistoryLine", "history_lines"]

# Fields whose values are labelled by another field's vocabulary.
_SAME_AS = {"override_category": "category", "computed_category": "category",
            "override_eligibility": "eligibility", "computed_eligibility": "eligibility",
            "status": "release_status"}
_VOCABULARY = {"stage": "repatriation_stage", "kind": "flag_kind", "outcome": "outcome",
               "reply_status": "reply_status", "item": "checklist_item",
               "decision": "review_decision", "source_kind": "event_source"}


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    who: str  # the role and, for a reader who may see staff, the account
    sentences: list[str]
    reason: str | None


def _value(field: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    field = _SAME_AS.get(field, field)
    if field in _VOCABULARY:
        return label(_VOCABULARY[field], value)
    if isinstance(value, bool):
        return label("yes_no", "yes" if value else "no")
    return value_label(field, value)


def _field_name(field: str) -> str | None:
    """Return a field's label, or None for an id or bookkeeping column (never shown)."""
    field = _SAME_AS.get(field, field)
    if field in vocabularies()["field"]:
        return label("field", field)
    return None


def _fact_changes(changes: Mapping[str, list[Any]]) -> list[str]:
    said = []
    for field, (old, new) in changes.items():
        name = _field_name(field)
        if name is None:
            continue
        before, after = _value(field, old), _value(field, new)
        if not before:
            said.append(_("set %(field)s to “%(new)s”", field=name, new=after))
        elif not after:
            said.append(_("cleared %(field)s (was “%(old)s”)", field=name, old=before))
        else:
            said.append(_("changed %(field)s from “%(old)s” to “%(new)s”", field=name,
                          old=before, new=after))
    return said


def _new(changes: Mapping[str, list[Any]], field: str) -> Any:
    return (changes.get(field) or [None, None])[1]


def _old(changes: Mapping[str, list[Any]], field: str) -> Any:
    return (changes.get(field) or [None, None])[0]


def _details(changes: Mapping[str, list[Any]]) -> str:
    """Say the labelled facts of a new row (a detention), `field: value; ...`."""
    parts = [f"{name}: {_value(f, new)}" for f, (_old_value, new) in changes.items()
             if (name := _field_name(f)) and new not in (None, "")]
    return "; ".join(parts)


def _detention(action: str, changes: Mapping[str, list[Any]]) -> list[str]:
    if action == "create":
        details = _details(changes)
        return [_("recorded a detention: %(details)s", details=details) if details
                else _("recorded a detention")]
    if action == "delete":
        return [_("removed a detention")]
    return [_("detention: %(change)s", change=c) for c in _fact_changes(changes)]


def _charge(action: str, changes: Mapping[str, list[Any]]) -> list[str]:
    article = _new(changes, "article") or _old(changes, "article") or ""
    part = _new(changes, "part") or _old(changes, "part")
    written = _("art. %(article)s part %(part)s", article=article, part=part) if part else \
        _("art. %(article)s", article=article)
    if action == "delete":
        return [_("removed a charge: %(charge)s", charge=written)]
    return [_("added a charge: %(charge)s", charge=written)]


def _name_variant(action: str, changes: Mapping[str, list[Any]]) -> list[str]:
    pick = _old if action == "delete" else _new
    name = " ".join(str(v) for f in ("surname", "given_name", "patronymic")
                    if (v := pick(changes, f)))
    if action == "delete":
        return [_("removed a spelling of the name: %(name)s", name=name)]
    return [_("added a spelling of the name: %(name)s", name=name)]


def _status_event(action: str, changes: Mapping[str, list[Any]]) -> list[str]:
    if action == "create":
        stage = _value("stage", _new(changes, "stage")) or _value("status", _new(changes, "status"))
        when = _new(changes, "occurred_on")
        return [_("recorded a step on the road home: %(stage)s (%(date)s)", stage=stage,
                  date=when) if when else
                _("recorded a step on the road home: %(stage)s", stage=stage)]
    if _new(changes, "voided_by_id"):
        return [_("voided a step on the road home (corrected by a later one)")]
    return [_("changed a step on the road home")]


def _source_record(_action: str, changes: Mapping[str, list[Any]]) -> list[str]:
    if "person_id" not in changes:
        return [_("changed a member's record")]
    if _new(changes, "person_id") is None:
        return [_("unlinked a member's record from this person")]
    return [_("linked a member's record to this person")]


def _classification(action: str, changes: Mapping[str, list[Any]]) -> list[str]:
    if action == "classify":
        category = _value("category", _new(changes, "category"))
        eligibility = _value("eligibility", _new(changes, "eligibility"))
        if category or eligibility:
            return [_("the rules set the category: %(category)s; eligibility: %(eligibility)s",
                      category=category or "—", eligibility=eligibility or "—")]
        return [_("the rules checked the category again")]
    if action == "override":
        return [_("set the category by hand: %(category)s; eligibility: %(eligibility)s",
                  category=_value("category", _new(changes, "override_category")) or "—",
                  eligibility=_value("eligibility", _new(changes, "override_eligibility")) or "—")]
    if action == "override_cleared":
        return [_("removed the category set by hand")]
    return [_("reviewed the category")]


def _person(action: str, changes: Mapping[str, list[Any]]) -> list[str]:
    if action == "create":
        return [_("added the person to the registry")]
    if action == "merge":
        return [_("merged another entry of the same person into this one")]
    if action == "split":
        return [_("split records off into a new person")]
    if action == "delete":
        return [_("removed the person from the registry")]
    if _new(changes, "merged_into_id"):
        return [_("merged this entry into another entry of the same person")]
    return _fact_changes(changes)


def _round_entry(action: str, changes: Mapping[str, list[Any]]) -> list[str]:
    if action == "create":
        return [_("put the person on an exchange round")]
    if action == "delete":
        return [_("took the person off an exchange round")]
    said = []
    if answer := _new(changes, "reply_status"):
        said.append(_("the other side answered: %(answer)s", answer=_value("reply_status", answer)))
    if outcome := _new(changes, "outcome"):
        said.append(_("the round's outcome: %(outcome)s", outcome=_value("outcome", outcome)))
    return said or [_("updated the person's place on an exchange round")]


def _flag(action: str, changes: Mapping[str, list[Any]]) -> list[str]:
    if action == "create":
        return [_("raised a doubt to check: %(kind)s", kind=_value("kind", _new(changes, "kind")))]
    if _new(changes, "resolved_at"):
        return [_("resolved a doubt about the road home")]
    return [_("updated a doubt about the road home")]


def _rehabilitation(_action: str, changes: Mapping[str, list[Any]]) -> list[str]:
    item = _new(changes, "item") or _old(changes, "item")
    return [_("updated the rehabilitation checklist: %(item)s", item=_value("item", item))
            if item else _("updated the rehabilitation checklist")]


def _pair(_action: str, changes: Mapping[str, list[Any]]) -> list[str]:
    return [_("decided on a pair of records: %(decision)s",
              decision=_value("decision", _new(changes, "decision")))]


def _link_change(action: str, _changes: Mapping[str, list[Any]]) -> list[str]:
    return [_("undid a merge") if action == "undo_merge" else _("undid a split")]


_SAY: dict[str, Callable[[str, Mapping[str, list[Any]]], list[str]]] = {
    "person": _person, "detention": _detention, "charge": _charge,
    "name_variant": _name_variant, "status_event": _status_event,
    "source_record": _source_record, "person_classification": _classification,
    "round_entry": _round_entry, "repatriation_flag": _flag,
    "rehabilitation_item": _rehabilitation, "pair_decision": _pair,
    "link_change": _link_change,
}


def _who(user: User | None, entry: AuditEntry, role: Role | None) -> str:
    if role is None:
        return staff_label(user, entry.actor)  # a command, or the system
    if shows_staff(user):
        return f"{label('role', role)} {entry.actor}"
    return label("role", role)


def history_lines(entries: Iterable[AuditEntry], user: User | None,
                  roles: Mapping[int, Role]) -> list[HistoryLine]:
    """Return the entries the user may see as lines of words, newest first as given."""
    lines = []
    for entry in entries:
        changes = visible_changes(user, entry)
        if changes is None:
            continue  # nothing of it is for this reader
        say = _SAY.get(entry.object_type)
        sentences = say(entry.action, changes) if say else [_("made a change")]
        if not sentences:
            continue  # only bookkeeping changed
        lines.append(HistoryLine(entry.at, _who(user, entry, roles.get(entry.user_id or 0)),
                                 sentences, entry.reason))
    return lines
