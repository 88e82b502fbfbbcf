"""A classification in words, in the reader's language: pages, exports and the command line.

Everything here reads the stored form of a result (`Classification.to_dict()`): codes are
shown as labels (`exchange.labels`), texts from the rule tables in the language asked for,
and the joining words come from the message catalog. A result stored before its texts had
a translation (plain strings) is shown as it was stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _

from exchange.classification.eligibility import eligibility_table
from exchange.classification.measures import measures
from exchange.labels import current_language, in_language, label, value_label

__all__ = [
    "alternative_value",
    "check_text",
    "doubt_key_text",
    "doubt_text",
    "eligibility_text",
    "explanation_lines",
    "measure_lines",
    "observed_text",
    "reason_text",
    "review_reason_text",
    "rule_text",
    "seen_text",
    "trial_text",
    "unknown_text",
]

Data = Mapping[str, Any]
_DOUBT_KEY = re.compile(r"^[a-z_]+:[a-z_0-9]+$")


@contextmanager
def _language(language: str | None) -> Iterator[str]:
    """Say the words in `language` (the page's language when None)."""
    current = current_language()
    chosen = language or current
    with nullcontext() if chosen == current else force_locale(chosen):
        yield chosen


def _field(fact: str, language: str) -> str:
    return label("field", fact, language)


def seen_text(seen: Data | str, language: str | None = None) -> str:
    """What the record says about one fact (`Legal status: Suspect`)."""
    if isinstance(seen, str):
        return seen
    with _language(language) as lang:
        if seen.get("charge"):
            if seen.get("article") is None:
                return _("%(charge)s: art. %(article)s is not in the article table",
                         charge=seen["charge"], article=seen.get("value", ""))
            return _("%(charge)s: %(article)s is %(nature)s", charge=seen["charge"],
                     article=in_language(seen["article"], lang),
                     nature=label("article_nature", seen.get("nature"), lang))
        if seen["fact"] == "charges":
            if not seen.get("value"):
                return _("no charge recorded")
            return _("charges: %(charges)s", charges=seen["value"])
        field = _field(seen["fact"], lang)
        if seen.get("value"):
            return f"{field}: {value_label(seen['fact'], seen['value'], lang)}"
        if seen.get("implied"):
            return _("%(field)s: not recorded; %(value)s implied by %(sources)s", field=field,
                     value=value_label(seen["fact"], seen["implied"], lang),
                     sources=_sources(seen.get("by", ()), lang))
        return _("%(field)s: not recorded", field=field)


def _sources(sources: Sequence[Data], language: str) -> str:
    """Say what implies a value: charges with their article, or the charge list."""
    said = []
    for source in sources:
        if source.get("charge"):
            said.append(f"{source['charge']}: {in_language(source.get('article'), language)}")
        else:
            said.append(_("the charges (%(charges)s)", charges=source.get("value", "")))
    return ", ".join(said)


def observed_text(check: Data, language: str | None = None) -> str:
    """What a check saw: its facts, or the checks of the named condition it stands for."""
    observed = check.get("observed") or ()
    if isinstance(observed, str):
        return observed
    if observed:
        return "; ".join(seen_text(seen, language) for seen in observed)
    return "; ".join(check_text(inner, language) for inner in check.get("checks") or ())


def check_text(check: Data, language: str | None = None) -> str:
    """`a civilian: holds (Civilian or military: Civilian)`."""
    with _language(language) as lang:
        name = in_language(check.get("label"), lang)
        observed = observed_text(check, lang)
        if check.get("holds"):
            text = _("%(condition)s: holds", condition=name)
        else:
            text = _("%(condition)s: does not hold", condition=name)
        return f"{text} ({observed})" if observed else text


def trial_text(trial: Data, language: str | None = None) -> str:
    """A rule tried on the record, and the checks that decided it."""
    with _language(language) as lang:
        values = {"order": trial["order"], "measure": trial["measure"],
                  "category": label("category", trial["key"], lang),
                  "reasons": "; ".join(check_text(c, lang) for c in trial.get("checks", ()))}
        if trial.get("holds"):
            return _("rule %(order)d %(category)s (measure %(measure)d) held: %(reasons)s",
                     **values)
        return _("rule %(order)d %(category)s (measure %(measure)d) did not hold: %(reasons)s",
                 **values)


def alternative_value(fact: str, value: str, language: str | None = None) -> str:
    """A value the engine tried for an empty field, as a reader would say it."""
    if fact == "citizenship" and value not in ("UA", "stateless"):
        with _language(language):
            return _("a third country")  # the code tried stands for any other country
    if fact == "charges":
        return value
    return value_label(fact, value, language)


def unknown_text(unknown: Data, language: str | None = None) -> str:
    """`Violent offence not recorded (Yes → Transfer to Ukraine (violent offences))`."""
    with _language(language) as lang:
        ifs = ", ".join(f"{alternative_value(unknown['field'], value, lang)} → "
                        f"{label('category', category, lang)}"
                        for value, category in unknown.get("alternatives", ()))
        return _("%(field)s not recorded (%(alternatives)s)",
                 field=_field(unknown["field"], lang), alternatives=ifs)


def doubt_text(doubt: Data | str, language: str | None = None) -> str:
    """A value the rules could not use as recorded, or one the article table contradicts."""
    if isinstance(doubt, str):
        return doubt
    with _language(language) as lang:
        kind, value = doubt["kind"], doubt.get("value", "")
        field = _field(doubt.get("fact", ""), lang)
        if kind == "unknown_value":
            return _("%(field)s: “%(value)s” is not a known value; read as not recorded",
                     field=field, value=value)
        if kind == "not_a_country":
            return _("Citizenship: “%(value)s” is not an ISO country code; ignored", value=value)
        if kind == "charges_unreadable":
            return _("Charges could not be read (“%(value)s”: %(detail)s); read as not recorded",
                     value=value, detail=doubt.get("detail", ""))
        if kind == "article_not_in_table":
            return _("art. %(article)s is not in the article table: its nature is unknown",
                     article=value)
        if kind == "recorded_against_article":
            return _conflict_text(doubt, field, lang)
        if kind == "unknown_exclusion":
            return _("exclusion “%(value)s” is not one of the memorandum's; it is kept as "
                     "recorded and needs review", value=value)
        if kind == "unknown_criterion":
            return _("PACE criterion “%(value)s” is not one of a-e; ignored", value=value)
        return f"{field}: {value}"


def _conflict_text(doubt: Data, field: str, language: str) -> str:
    text = _("%(field)s: %(value)s is recorded although %(sources)s implies yes; the recorded "
             "value is used", field=field,
             value=value_label(doubt.get("fact", ""), doubt.get("value"), language),
             sources=_sources(doubt.get("by", ()), language))
    if doubt.get("would_give"):
        text += " " + _("(yes would give: %(category)s)",
                        category=label("category", doubt["would_give"], language))
    return text


def eligibility_text(eligibility: Data, language: str | None = None) -> str:
    """Why a person is eligible, excluded or not assessed, quoting the memorandum."""
    if "status" not in eligibility:
        return str(eligibility.get("reason", ""))
    table = eligibility_table()
    with _language(language) as lang:
        if eligibility["status"] == "excluded":
            exclusion = eligibility.get("exclusion") or ""
            named = label("exclusion", exclusion, lang)
            if exclusion not in table.exclusions:
                return _("excluded (%(exclusion)s): an exclusion the memorandum does not name",
                         exclusion=named)
            return _("excluded (%(exclusion)s): the Coalition holds reliable evidence that "
                     "“%(text)s”", exclusion=named,
                     text=in_language(table.exclusions[exclusion], lang))
        criteria = [c for c in eligibility.get("criteria", ()) if c in table.criteria]
        if eligibility["status"] == "eligible" and criteria:
            quoted = "; ".join(f"({c}) “{in_language(table.criteria[c], lang)}”"
                               for c in criteria)
            return _("eligible: PACE 1900 (2012) criteria recorded and no exclusion: "
                     "%(criteria)s", criteria=quoted)
        return _("not assessed: no PACE criterion and no exclusion recorded")


def reason_text(data: Data, language: str | None = None) -> str:
    """Why the category: the rule that holds, or why none does."""
    with _language(language) as lang:
        reason = in_language(data.get("reason"), lang)
        if data.get("rule_order") is None or isinstance(data.get("reason"), str):
            return reason
        return _("rule %(order)d holds: %(reason)s", order=data["rule_order"], reason=reason)


def rule_text(data: Data, language: str | None = None) -> str:
    """`4. Amnesty for non-violent offences (measure 3)`, or why no rule holds."""
    with _language(language) as lang:
        if "rule_title" not in data:
            return str(data.get("rule_label", ""))
        if data.get("rule_order") is None:
            return _("Not classified: %(reason)s",
                     reason=in_language(data.get("rule_title"), lang))
        return _("%(order)d. %(category)s (measure %(measure)d)", order=data["rule_order"],
                 category=label("category", data.get("rule"), lang), measure=data["measure"])


def measure_lines(number: int | None, language: str | None = None) -> list[str]:
    """The measure of the Concept behind a category, quoted."""
    if number is None or number not in measures():
        return []
    found = measures()[number]
    with _language(language) as lang:
        return [_("Measure %(n)d of the Concept, “%(title)s”: “%(text)s”", n=number,
                  title=in_language(found.title, lang), text=in_language(found.text, lang))]


def explanation_lines(data: Data, language: str | None = None) -> list[str]:
    """The full explanation of a stored result, one statement per line."""
    with _language(language) as lang:
        lines = [_("Category: %(category)s — %(reason)s",
                   category=label("category", data.get("category"), lang),
                   reason=reason_text(data, lang))]
        lines += measure_lines(data.get("measure"), lang)
        if data.get("used"):
            lines.append(_("Facts used: %(facts)s",
                           facts="; ".join(check_text(c, lang) for c in data["used"])))
        lines += [_("Tried before: %(rule)s", rule=trial_text(t, lang))
                  for t in data.get("tried", ())]
        lines += [_("Would also hold (settled by the order of the rules): %(rule)s",
                    rule=trial_text(t, lang)) for t in data.get("also_held", ())]
        if data.get("unknown_fields"):
            lines.append(_("Provisional: could change if filled: %(fields)s", fields="; ".join(
                unknown_text(u, lang) for u in data["unknown_fields"])))
        else:
            lines.append(_("Not provisional: no empty field could change the category"))
        lines += [_("Conflict: %(text)s", text=doubt_text(c, lang))
                  for c in data.get("conflicts", ())]
        lines += [_("Note: %(text)s", text=doubt_text(n, lang)) for n in data.get("notes", ())]
        eligibility = data.get("eligibility") or {}
        lines.append(_("Coalition eligibility: %(reason)s",
                       reason=eligibility_text(eligibility, lang)))
        lines += [_("Note: %(text)s", text=doubt_text(n, lang))
                  for n in eligibility.get("notes", ())]
        lines.append(_("Rule set %(version)s", version=data.get("ruleset_version", "")))
        return lines


_CHANGED = re.compile(r"^(?P<before>.+?) → (?P<after>.+)$")


def _state_text(state: str, language: str) -> str:
    """`transfer / eligible (provisional)` -> labels."""
    provisional = state.endswith(" (provisional)")
    category, _sep, eligibility = state.removesuffix(" (provisional)").partition(" / ")
    text = " / ".join((label("category", category, language),
                       label("eligibility", eligibility, language)))
    return f"{text} ({_('provisional')})" if provisional else text


def review_reason_text(reason: str, language: str | None = None) -> str:
    """Say why a result waits for review (the reasons are stored as codes)."""
    prefix, _sep, rest = reason.partition(": ")
    with _language(language) as lang:
        if prefix == "provisional":
            fields = ", ".join(_field(f.strip(), lang) for f in rest.split(",") if f.strip())
            return _("Provisional: %(fields)s could change the category", fields=fields)
        if prefix == "computed result changed" and (found := _CHANGED.match(rest)):
            return _("Result changed: %(before)s → %(after)s",
                     before=_state_text(found["before"], lang),
                     after=_state_text(found["after"], lang))
        if prefix == "overridden record":
            return _("Overridden, and the computed result changed since the override")
        if prefix == "could not be recomputed":
            return _("Could not be recomputed (%(error)s); the result shown may be out of date",
                     error=rest.partition(";")[0])
        if prefix in ("conflict", "note") and _DOUBT_KEY.match(rest):
            kind, _sep, fact = rest.partition(":")
            return doubt_key_text(kind, fact, lang)
        return reason


def doubt_key_text(kind: str, fact: str, language: str | None = None) -> str:
    """Say a kind of doubt about a field in a few words (a review queue's group)."""
    with _language(language) as lang:
        field = _field(fact, lang)
        if kind == "recorded_against_article":
            return _("%(field)s: the recorded value contradicts the article table", field=field)
        if kind == "article_not_in_table":
            return _("%(field)s: an article not in the article table", field=field)
        return _("%(field)s: a value that could not be read", field=field)
