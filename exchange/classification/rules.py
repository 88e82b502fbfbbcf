"""Load the rule table (`data/rules.toml`) into plain objects the engine evaluates."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from functools import cache

from exchange.classification.articles import DATA_FILE as ARTICLES_FILE
from exchange.classification.articles import Nature, data_text
from exchange.classification.measures import measures
from exchange.labels import Text, bilingual
from exchange.models.enums import Category

__all__ = [
    "ChargeTest",
    "ConditionRef",
    "FactTest",
    "Group",
    "Rule",
    "RuleSet",
    "UnclassifiedReason",
    "parse_ruleset",
    "ruleset",
]

RULES_FILE = "rules.toml"
FACT_OPERATORS = ("is", "is_not", "in", "has", "lacks")


@dataclass(frozen=True)
class FactTest:
    """Compare one field of the record with a value or a list of values."""

    fact: str
    operator: str
    values: tuple[str, ...]
    label: Text


@dataclass(frozen=True)
class ChargeTest:
    """`any`: at least one charge; `all`: every charge is under an article of these natures."""

    mode: str
    natures: tuple[Nature, ...]
    label: Text


@dataclass(frozen=True)
class ConditionRef:
    """A named condition of the table, possibly negated."""

    name: str
    negate: bool
    label: Text


Condition = FactTest | ChargeTest | ConditionRef


@dataclass(frozen=True)
class Group:
    """`all` of the conditions hold, or `any` of them does."""

    mode: str
    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class Rule:
    order: int
    key: str
    measure: int  # its title and text: exchange.classification.measures
    holds_when: Text
    when: Group


@dataclass(frozen=True)
class UnclassifiedReason:
    key: str
    title: Text
    reason: Text
    when: Group | None


@dataclass(frozen=True)
class NotApplicable:
    """Empty `fields` do not count as unknown when `fact` has the value `value`."""

    fact: str
    value: str
    fields: frozenset[str]


@dataclass(frozen=True)
class RuleSet:
    version: str
    title: Text
    rules: tuple[Rule, ...]
    conditions: dict[str, Group]
    unclassified: tuple[UnclassifiedReason, ...]
    fact_values: dict[str, tuple[str, ...]]
    trial_charges: tuple[str, ...]
    not_applicable: tuple[NotApplicable, ...]
    charge_implications: dict[str, str]

    def fields_read(self) -> frozenset[str]:
        """Every record field some rule, condition or unclassified reason reads."""
        groups = [r.when for r in self.rules] + list(self.conditions.values())
        groups += [u.when for u in self.unclassified if u.when]
        fields: set[str] = set()
        for group in groups:
            for condition in group.conditions:
                if isinstance(condition, FactTest):
                    fields.add(condition.fact)
                elif isinstance(condition, ChargeTest):
                    fields.add("charges")
        return frozenset(fields)


def parse_ruleset(text: str, version_suffix: str = "") -> RuleSet:
    """Read and check the rule table; raise ValueError naming what is wrong."""
    data = tomllib.loads(text)
    names = set(data.get("condition", {}))
    conditions = {
        name: _group(body, f"condition {name}", names) for name, body in data["condition"].items()
    }
    rules = tuple(
        sorted((_rule(body, names) for body in data["rule"]), key=lambda rule: rule.order)
    )
    unknown = [rule.key for rule in rules if rule.key not in {c.value for c in Category}]
    if unknown:
        raise ValueError(f"{RULES_FILE}: rule keys must be categories, not {unknown}")
    orders = [rule.order for rule in rules]
    if len(set(orders)) != len(orders) or len({rule.key for rule in rules}) != len(rules):
        raise ValueError(f"{RULES_FILE}: rule orders and keys must be unique")
    unclassified = tuple(_unclassified(body, names) for body in data["unclassified"])
    if not unclassified or unclassified[-1].when is not None:
        raise ValueError(f"{RULES_FILE}: the last unclassified reason must have no conditions")
    unknowns = data["unknowns"]
    ruleset = data["ruleset"]
    return RuleSet(
        version=f"{ruleset['version']}{version_suffix}",
        title=bilingual(ruleset, "title", f"{RULES_FILE}: [ruleset]"),
        rules=rules,
        conditions=conditions,
        unclassified=unclassified,
        fact_values={key: tuple(values) for key, values in data["facts"].items()},
        trial_charges=tuple(unknowns["charges"]),
        not_applicable=tuple(
            NotApplicable(item["fact"], item["is"], frozenset(item["fields"]))
            for item in unknowns.get("not_applicable", [])
        ),
        charge_implications=_implications(data.get("implied_by_charges", {}), data["facts"]),
    )


def _implications(table: dict[str, str], facts: dict[str, list[str]]) -> dict[str, str]:
    for fact, value in table.items():
        if value not in facts.get(fact, ()):
            raise ValueError(f"{RULES_FILE}: implied_by_charges: {fact} = {value!r} is not a value")
    return dict(table)


def _has_group(body: dict) -> bool:
    return "all" in body or "any" in body


def _rule(body: dict, names: set[str]) -> Rule:
    where = f"rule {body.get('key')}"
    measure = int(body["measure"])
    if measure not in measures():
        raise ValueError(f"{RULES_FILE}: {where}: no measure {measure} in measures.toml")
    return Rule(
        order=int(body["order"]),
        key=body["key"],
        measure=measure,
        holds_when=bilingual(body, "holds_when", f"{RULES_FILE}: {where}"),
        when=_group(body, where, names),
    )


def _unclassified(body: dict, names: set[str]) -> UnclassifiedReason:
    where = f"{RULES_FILE}: unclassified {body.get('key')}"
    return UnclassifiedReason(
        body["key"],
        bilingual(body, "title", where),
        bilingual(body, "reason", where),
        _group(body, f"unclassified {body['key']}", names) if _has_group(body) else None,
    )


def _group(body: dict, where: str, names: set[str]) -> Group:
    modes = [mode for mode in ("all", "any") if mode in body]
    if len(modes) != 1:
        raise ValueError(f"{RULES_FILE}: {where} needs exactly one of `all` or `any`")
    items = body[modes[0]]
    return Group(modes[0], tuple(_condition(item, where, names) for item in items))


def _condition(item: dict, where: str, names: set[str]) -> Condition:
    if not item.get("label"):
        raise ValueError(f"{RULES_FILE}: {where}: every condition needs a label: {item}")
    label = bilingual(item, "label", f"{RULES_FILE}: {where}")
    if "fact" in item:
        operators = [op for op in FACT_OPERATORS if op in item]
        if len(operators) != 1:
            raise ValueError(f"{RULES_FILE}: {where}: one of {FACT_OPERATORS} needed: {item}")
        value = item[operators[0]]
        values = tuple(value) if isinstance(value, list) else (value,)
        return FactTest(item["fact"], operators[0], values, label)
    if "charges" in item:
        if item["charges"] not in ("any", "all"):
            raise ValueError(f"{RULES_FILE}: {where}: charges must be `any` or `all`")
        natures = tuple(Nature(nature) for nature in item.get("nature", ()))
        return ChargeTest(item["charges"], natures, label)
    if "condition" in item:
        if item["condition"] not in names:
            raise ValueError(f"{RULES_FILE}: {where}: no condition named {item['condition']!r}")
        return ConditionRef(item["condition"], bool(item.get("negate", False)), label)
    raise ValueError(f"{RULES_FILE}: {where}: unknown condition {item}")


@cache
def ruleset() -> RuleSet:
    """The project's rule table; its version includes a hash of both data files."""
    rules_text = data_text(RULES_FILE)
    digest = hashlib.sha256()
    for text in (rules_text, data_text(ARTICLES_FILE)):
        digest.update(text.encode("utf-8"))
    return parse_ruleset(rules_text, version_suffix=f"+{digest.hexdigest()[:12]}")
