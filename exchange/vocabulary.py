"""Display labels for stored values (roles, statuses), marked for translation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# Stored values are English keys; pages show these labels in the reader's language.
LABELS = {
    "admin": _l("admin"),
    "coordinator": _l("coordinator"),
    "member_editor": _l("member_editor"),
    "negotiator": _l("negotiator"),
    "viewer": _l("viewer"),
    "detained": _l("detained"),
    "released": _l("released"),
    "exchanged": _l("exchanged"),
    "repatriated": _l("repatriated"),
    "deceased": _l("deceased"),
    "missing": _l("missing"),
    "none": _l("none"),
    "suspect": _l("suspect"),
    "accused": _l("accused"),
    "convicted": _l("convicted"),
    "serving_sentence_before_occupation": _l("serving_sentence_before_occupation"),
    "civilian": _l("civilian"),
    "military": _l("military"),
    "formation_member": _l("formation_member"),
    "M": _l("male"),
    "F": _l("female"),
    "yes": _l("yes"),
    "no": _l("no"),
    "pretrial": _l("pretrial"),
    "colony": _l("colony"),
    "filtration_camp": _l("filtration_camp"),
    "secret_prison": _l("secret_prison"),
    "psychiatric": _l("psychiatric"),
    "unknown_location": _l("unknown_location"),
    "other": _l("other"),
    "war_crimes": _l("war_crimes"),
    "general_crime": _l("general_crime"),
    "collaboration": _l("collaboration"),
}
