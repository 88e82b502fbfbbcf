"""Records in and out: the plain dataclasses of the public API."""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from matching.normalise import detect_script, given_name, is_initial, patronymic

_SEX = {"m": "M", "м": "M", "ч": "M", "male": "M", "man": "M", "чол": "M", "муж": "M",
        "f": "F", "ж": "F", "female": "F", "woman": "F", "жін": "F", "жен": "F"}
_PACKED_INITIALS = re.compile(r"^(\w\.)(\w\.?)$", re.UNICODE)


@dataclass(frozen=True)
class Record:
    """One row of one list, in canonical values (unknown = None)."""

    file: str
    record_id: str
    surname: str | None = None
    given_name: str | None = None
    patronymic: str | None = None
    sex: str | None = None
    date_of_birth: str | None = None
    place_of_birth: str | None = None
    region: str | None = None
    source: str | None = None  # the list: member organisation and month ("CHRG|2024-10")

    @property
    def key(self) -> tuple[str, str]:
        return (self.file, self.record_id)

    @property
    def list_key(self) -> str:
        """The list the record comes from: its member and month when known, else its file."""
        return self.source or self.file

    @classmethod
    def from_canonical(cls, file: str, values: Mapping[str, str | None]) -> Record:
        """Build a record from canonical column values (splits `full_name` when needed)."""
        get = values.get

        surname, given, patron = (_clean(get("surname")), _clean(get("given_name")),
                                  _clean(get("patronymic")))
        full = _clean(get("full_name"))
        if full and not (surname and given):
            s, g, p = split_full_name(full)
            surname, given, patron = surname or s, given or g, patron or p
        elif surname and not given and len(surname.split()) > 1:
            surname, given, patron = split_full_name(surname)
        return cls(
            file=file,
            record_id=str(_clean(get("record_id")) or ""),
            surname=surname,
            given_name=given,
            patronymic=patron,
            sex=normalise_sex(_clean(get("sex"))),
            date_of_birth=_clean(get("date_of_birth")),
            place_of_birth=_clean(get("place_of_birth")),
            region=_clean(get("residence_region")) or _clean(get("region")),
            source=_source(_clean(get("source_org")), _clean(get("list_month"))),
        )


def _clean(value: object) -> str | None:
    """The value with its spaces tidied; None when empty."""
    if value is None or value == "":
        return None
    text = (value if isinstance(value, str) else str(value)).strip()
    if "  " in text or "\t" in text or "\n" in text:
        text = " ".join(text.split())
    return sys.intern(text) if text else None  # lists repeat names: keep one copy


def _source(org: str | None, month: str | None) -> str | None:
    return f"{org or ''}|{month or ''}" if org or month else None


def normalise_sex(value: str | None) -> str | None:
    """Map `M`/`F`, `ч`/`ж`, `male`/`female` (any case) to `M` / `F`."""
    if not value:
        return None
    return _SEX.get(value.strip().lower().rstrip("."))


def tokens_of(text: str) -> list[str]:
    """The words of a name, packed initials unpacked (`В.О.` -> `В.`, `О.`)."""
    out: list[str] = []
    for token in text.replace(",", " ").split():
        if m := _PACKED_INITIALS.match(token):
            out.extend([m[1], m[2]])
        else:
            out.append(token)
    return out


@lru_cache(maxsize=100_000)
def split_full_name(text: str) -> tuple[str | None, str | None, str | None]:
    """Split a one-cell name into (surname, given name, patronymic), in either order."""
    tokens = tokens_of(text)
    if not tokens:
        return None, None, None
    if len(tokens) == 1:
        return tokens[0], None, None
    latin = detect_script(text) == "latin"
    candidates = [(tokens[0], tokens[1], " ".join(tokens[2:]) or None, not latin)]
    if len(tokens) == 2:
        candidates.append((tokens[1], tokens[0], None, latin))
    else:
        candidates.append((" ".join(tokens[2:]), tokens[0], tokens[1], latin))
    best = max(candidates, key=_order_score)
    return best[0], best[1], best[2]


def _order_score(candidate: tuple[str, str, str | None, bool]) -> int:
    surname, given, patron, usual_order = candidate
    score = 1 if usual_order else 0
    g = given_name(given)
    if g and (g.is_initial or not g.name_class.startswith("~")):
        score += 3
    s = given_name(surname)
    if s and not s.is_initial and not s.name_class.startswith("~"):
        score -= 3
    if is_initial(surname):
        score -= 4
    if patron:
        p = patronymic(patron)
        if p and (p.is_initial or p.sex):
            score += 3
    return score


@dataclass(frozen=True)
class Person:
    """An existing person of the registry with the records already linked to it."""

    person_id: str
    records: tuple[Record, ...] = field(default_factory=tuple)
