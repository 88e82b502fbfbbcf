"""The rule engine: try the rules of the table in order on one record and explain the result."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from exchange.classification.articles import ArticleTable, article_table
from exchange.classification.eligibility import FIELDS_READ as ELIGIBILITY_FIELDS
from exchange.classification.eligibility import assess_eligibility
from exchange.classification.facts import RecordFacts, read_facts
from exchange.classification.observed import Doubt, Seen
from exchange.classification.result import Check, Classification, RuleTrial, UnknownField
from exchange.classification.rules import (
    ChargeTest,
    ConditionRef,
    FactTest,
    Group,
    Rule,
    RuleSet,
    UnclassifiedReason,
    ruleset,
)
from exchange.models.enums import Category

__all__ = ["classify", "decide", "fields_read"]


def classify(
    values: Mapping[str, str | None],
    *,
    rules: RuleSet | None = None,
    table: ArticleTable | None = None,
) -> Classification:
    """Classify one canonical record (column -> value) and explain why."""
    rules = rules or ruleset()
    table = table or article_table()
    facts = read_facts(values, table, rules.fact_values, rules.charge_implications)
    trials = [_trial(rule, facts, rules) for rule in rules.rules]
    fired = next((trial for trial in trials if trial.holds), None)
    eligibility = assess_eligibility(values)
    common = {
        "unknown_fields": _unknown_fields(values, facts, rules, table),
        "notes": facts.notes,
        "conflicts": _conflicts(values, facts, rules, table),
        "eligibility": eligibility,
        "ruleset_version": rules.version,
    }
    if fired is None:
        reason, used = _unclassified_reason(facts, rules)
        return Classification(
            category=Category.UNCLASSIFIED,
            rule=reason.key,
            rule_order=None,
            measure=None,
            rule_title=reason.title,
            reason=reason.reason,
            used=used,
            tried=tuple(trials),
            also_held=(),
            **common,
        )
    rule = next(rule for rule in rules.rules if rule.key == fired.key)
    position = trials.index(fired)
    return Classification(
        category=Category(rule.key),
        rule=rule.key,
        rule_order=rule.order,
        measure=rule.measure,
        rule_title={},
        reason=rule.holds_when,
        used=fired.checks,
        tried=tuple(trials[:position]),
        also_held=tuple(trial for trial in trials[position + 1 :] if trial.holds),
        **common,
    )


def fields_read(rules: RuleSet | None = None) -> frozenset[str]:
    """Every record field the rules and the eligibility read."""
    return (rules or ruleset()).fields_read() | ELIGIBILITY_FIELDS


def decide(values: Mapping[str, str | None], rules: RuleSet, table: ArticleTable) -> Category:
    """Only the category: the first rule that holds."""
    facts = read_facts(values, table, rules.fact_values, rules.charge_implications)
    for rule in rules.rules:
        if _holds(rule.when, facts, rules):
            return Category(rule.key)
    return Category.UNCLASSIFIED


def _holds(group: Group, facts: RecordFacts, rules: RuleSet) -> bool:
    """Whether a group holds, without building its explanation (the same logic as `_group`)."""
    results = (_condition_holds(condition, facts, rules) for condition in group.conditions)
    return all(results) if group.mode == "all" else any(results)


def _condition_holds(condition, facts: RecordFacts, rules: RuleSet) -> bool:
    if isinstance(condition, FactTest):
        return _fact_holds(condition, facts)
    if isinstance(condition, ChargeTest):
        if condition.mode == "any":
            return bool(facts.charges)
        return all(
            article is not None and article.nature in condition.natures
            for _, article in facts.charges
        )
    if isinstance(condition, ConditionRef):
        return _holds(rules.conditions[condition.name], facts, rules) != condition.negate
    raise TypeError(f"unknown condition {condition!r}")


def _trial(rule: Rule, facts: RecordFacts, rules: RuleSet) -> RuleTrial:
    check = _group(rule.when, facts, rules)
    return RuleTrial(rule.order, rule.key, rule.measure, check.holds, check.checks)


def _unclassified_reason(
    facts: RecordFacts, rules: RuleSet
) -> tuple[UnclassifiedReason, tuple[Check, ...]]:
    for reason in rules.unclassified:
        if reason.when is None:
            return reason, ()
        check = _group(reason.when, facts, rules)
        if check.holds:
            return reason, tuple(c for c in check.checks if c.holds)
    raise AssertionError("the rule table's last unclassified reason always holds")


def _group(group: Group, facts: RecordFacts, rules: RuleSet) -> Check:
    checks = tuple(_condition(condition, facts, rules) for condition in group.conditions)
    if group.mode == "all":
        holds = all(check.holds for check in checks)
    else:
        holds = any(check.holds for check in checks)
    if holds and group.mode == "any" or not holds and group.mode == "all":
        # keep what decided it: the conditions that held for `any`, that failed for `all`
        checks = tuple(check for check in checks if check.holds == holds)
    return Check({}, holds, (), checks)


def _condition(condition, facts: RecordFacts, rules: RuleSet) -> Check:
    if isinstance(condition, FactTest):
        holds = _fact_holds(condition, facts)
        return Check(condition.label, holds, (facts.seen(condition.fact),))
    if isinstance(condition, ChargeTest):
        return _charge_check(condition, facts)
    if isinstance(condition, ConditionRef):
        inner = _group(rules.conditions[condition.name], facts, rules)
        return Check(condition.label, inner.holds != condition.negate, (), inner.checks)
    raise TypeError(f"unknown condition {condition!r}")


def _fact_holds(test: FactTest, facts: RecordFacts) -> bool:
    value = facts.value(test.fact)
    items = set(value.split(";")) if value else set()
    match test.operator:
        case "is":
            return value == test.values[0]
        case "is_not":
            return value != test.values[0]
        case "in":
            return value in test.values
        case "has":
            return test.values[0] in items
        case "lacks":
            return bool(items) and test.values[0] not in items
    raise ValueError(f"unknown operator {test.operator}")


def _charge_check(test: ChargeTest, facts: RecordFacts) -> Check:
    if test.mode == "any" or not facts.charges:
        holds = bool(facts.charges) or test.mode == "all"
        return Check(test.label, holds, (facts.seen_charges(),))
    seen = [
        Seen("charges", charge=str(charge), article=article.label if article else None,
             nature=str(article.nature) if article else "", value=charge.article)
        for charge, article in facts.charges
    ]
    outside = tuple(s for s in seen if s.nature not in test.natures)
    if outside:
        return Check(test.label, False, outside)
    return Check(test.label, True, tuple(seen))


def _conflicts(
    values: Mapping[str, str | None], facts: RecordFacts, rules: RuleSet, table: ArticleTable
) -> tuple[Doubt, ...]:
    """The recorded values the article table contradicts, with what its value would give."""
    if not facts.conflicts:
        return ()
    current = decide(values, rules, table)
    found = []
    for conflict in facts.conflicts:
        category = decide({**values, conflict.fact: "yes"}, rules, table)
        found.append(replace(conflict, would_give=str(category) if category != current else ""))
    return tuple(found)


def _unknown_fields(
    values: Mapping[str, str | None],
    facts: RecordFacts,
    rules: RuleSet,
    table: ArticleTable,
) -> tuple[UnknownField, ...]:
    """Try each empty field the rules read with every value; keep those that change the result."""
    current = decide(values, rules, table)
    skipped = set()
    for rule in rules.not_applicable:
        if facts.recorded(rule.fact) == rule.value:
            skipped |= rule.fields
    unknown = []
    for name in sorted(rules.fields_read() - skipped):
        if facts.recorded(name):
            continue
        trials = rules.trial_charges if name == "charges" else rules.fact_values.get(name, ())
        alternatives = []
        for value in trials:
            category = decide({**values, name: value}, rules, table)
            if category != current:
                alternatives.append((value, str(category)))
        if alternatives:
            unknown.append(UnknownField(name, tuple(alternatives)))
    # Facts the article table implies may rest on each other (murder implies violence and
    # victims): try them all recorded as `no` at once.
    implied_yes = [fact for fact, (value, _) in facts.implied.items() if value == "yes"]
    implied = sorted(set(implied_yes) - skipped - {u.field for u in unknown})
    if implied:
        category = decide({**values, **dict.fromkeys(implied_yes, "no")}, rules, table)
        if category != current:
            unknown += [UnknownField(name, (("no", str(category)),)) for name in implied]
    return tuple(sorted(unknown, key=lambda u: u.field))
