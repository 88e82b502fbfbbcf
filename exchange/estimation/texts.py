"""What the estimate's parts are called in the reader's language (labels, reasons, models)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from exchange.estimation.loglinear import Terms
from exchange.estimation.refusals import Refusal
from exchange.labels import label

STRATUM_NAMES = {"region": _l("region"), "category": _l("treatment category"), "sex": _l("sex")}
SEXES = {"M": _l("men"), "F": _l("women")}
REASONS = {
    "few_lists": _l("fewer than three lists hold anyone here (%(lists)s)"),
    "no_overlap": _l("fewer than three lists share persons with another list (%(lists)s)"),
    "few_persons": _l("too few persons to estimate from (%(persons)s; at least %(minimum)s "
                      "needed)"),
    "small_overlap": _l("too few persons are on two lists or more (%(persons)s; at least "
                        "%(minimum)s needed)"),
    "contained": _l("every person %(inner)s lists is also on the list of %(outer)s: one list "
                    "inside another says nothing about who both missed"),
    "no_model": _l("no log-linear model has a finite fit on these lists"),
    "unbounded": _l("the lists' overlap puts no upper bound on the number missed"),
}
VARIANTS = {
    "reconciled": _l("As reconciled (the estimate above)"),
    "review_merged": _l("Every pair waiting in match review counted as one person"),
    "engine_strict": _l("Re-linked by the matching engine, stricter threshold"),
    "engine_default": _l("Re-linked by the matching engine, its usual threshold"),
    "engine_loose": _l("Re-linked by the matching engine, looser threshold"),
}


def stratum_label(by: str | None, key: str | None) -> str:
    """Return the name of a stratum in the reader's language, never its stored code."""
    if by is None:
        return _("All persons held")
    if key is None:
        return _("not recorded")
    if by == "sex":
        return str(SEXES.get(key, key))
    return label(by, key)


def reason_text(refusal: Refusal) -> str:
    """Return why no estimate is given, in the reader's language."""
    return str(REASONS[refusal.code]) % refusal.params


def model_label(terms: Terms, lists: tuple[str, ...]) -> str:
    """Return a model's terms in words: the interacting lists, and heterogeneity."""
    parts = [f"{lists[a]} × {lists[b]}" for a, b in terms.interactions]
    if terms.heterogeneity:
        parts.append(_("heterogeneity (Darroch)"))
    return ", ".join(parts) if parts else _("independent lists")
