"""Per-record features in arrays: every record folded once, compared many times."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rapidfuzz.distance import JaroWinkler
from rapidfuzz.process import cpdist

from matching.dates import parse_date
from matching.normalise import fold, given_name, patronymic, surname_key
from matching.records import Record, normalise_sex
from matching.regions import region_code

SEX_CODES = {"M": 1, "F": 2}


def _read_each(values: list[str | None], read, missing: tuple[int, ...],
               dtype=np.int32) -> np.ndarray:
    """Read every distinct value once; one row of numbers per value (missing: the default)."""
    seen: dict[str | None, tuple[int, ...]] = {}
    rows = []
    for value in values:
        row = seen.get(value)
        if row is None:
            text = " ".join(str(value).split()) if value is not None else ""
            row = seen[value] = read(text) if text else missing
        rows.append(row)
    if not rows:
        return np.zeros((0, len(missing)), dtype=dtype)
    return np.array(rows, dtype=dtype)


def _date(text: str) -> tuple[int, int, int]:
    date = parse_date(text)
    return (date.year, date.month, date.day)


class Vocabulary:
    """Strings to dense ids (0..n-1); -1 stands for a missing value."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.strings: list[str] = []

    def id(self, text: str | None) -> int:
        if not text:
            return -1
        found = self.ids.get(text)
        if found is None:
            found = self.ids[text] = len(self.strings)
            self.strings.append(text)
        return found


def _initial_mask(letters: frozenset[str]) -> int:
    mask = 0
    for letter in letters:
        if "a" <= letter <= "z":
            mask |= 1 << (ord(letter) - 97)
    return mask


_ARRAYS = ("sn", "sn_key", "gn", "gn_cls", "pt", "pt_cls", "region", "pob", "gn_init",
           "pt_init", "year", "month", "day", "sex", "full_dob")


class Features:
    """Arrays of folded name ids, name classes, initials, dates, sex, region, place of birth."""

    def __init__(self, records: Sequence[Record], *, like: Features | None = None) -> None:
        self.records = records
        # folded names (surnames, given names, patronymics share ids); given-name classes
        # (also of patronymics) and surname keys; places; regions. With `like`, that
        # Features' vocabularies, so the ids of the two can be compared.
        self.names = like.names if like else Vocabulary()
        self.classes = like.classes if like else Vocabulary()
        self.places = like.places if like else Vocabulary()
        self.regions = like.regions if like else Vocabulary()
        # every distinct value is read once: lists repeat the same names month after month
        sn = _read_each([r.surname for r in records], self._surname, (-1, -1))
        gn = _read_each([r.given_name for r in records], self._given, (0, -1, -1, 0))
        pt = _read_each([r.patronymic for r in records], self._patronymic, (0, -1, -1, 0))
        dob = _read_each([r.date_of_birth for r in records], _date, (0, 0, 0), np.int16)
        self.sn, self.sn_key = sn[:, 0], sn[:, 1]
        self.gn_init, self.gn, self.gn_cls = gn[:, 0], gn[:, 1], gn[:, 2]
        self.pt_init, self.pt, self.pt_cls = pt[:, 0], pt[:, 1], pt[:, 2]
        self.year, self.month, self.day = dob[:, 0], dob[:, 1], dob[:, 2]
        self.region = _read_each([r.region for r in records],
                                 lambda v: (self.regions.id(region_code(v)),), (-1,))[:, 0]
        self.pob = _read_each([r.place_of_birth for r in records],
                              lambda v: (self.places.id(fold(v)),), (-1,))[:, 0]
        stated = _read_each([r.sex for r in records],
                            lambda v: (SEX_CODES.get(normalise_sex(v) or "", 0),), (0,))[:, 0]
        implied = np.where(pt[:, 3] > 0, pt[:, 3], gn[:, 3])
        self.sex = np.where(stated > 0, stated, implied).astype(np.int8)
        self.full_dob = (self.year > 0) & (self.month > 0) & (self.day > 0)

    def _surname(self, text: str) -> tuple[int, ...]:
        sn = fold(text)
        return (self.names.id(sn), self.classes.id("s:" + surname_key(sn) if sn else ""))

    def _given(self, text: str) -> tuple[int, ...]:
        return self._name_part(given_name(text))

    def _patronymic(self, text: str) -> tuple[int, ...]:
        return self._name_part(patronymic(text))

    def _name_part(self, name) -> tuple[int, ...]:
        """(initials mask, folded id, class id, implied sex code) of a given name or patronymic."""
        if not name:
            return (0, -1, -1, 0)
        sex = SEX_CODES.get(name.sex or "", 0)
        if name.is_initial:
            return (_initial_mask(name.initials), -1, -1, sex)
        return (_initial_mask(name.initials), self.names.id(name.folded),
                self.classes.id("g:" + name.name_class), sex)

    def extended(self, records: Sequence[Record]) -> Features:
        """These features followed by those of more records (read once, ids comparable)."""
        more = Features(records, like=self)
        out = self._sharing([*self.records, *records])
        for name in _ARRAYS:
            setattr(out, name, np.concatenate([getattr(self, name), getattr(more, name)]))
        return out

    def take(self, idx: np.ndarray) -> Features:
        """The features of some records only (same vocabularies, so ids stay comparable)."""
        out = self._sharing([self.records[k] for k in np.asarray(idx).tolist()])
        for name in _ARRAYS:
            setattr(out, name, getattr(self, name)[idx])
        return out

    def _sharing(self, records: Sequence[Record]) -> Features:
        """An empty Features over these records with this one's vocabularies."""
        out = object.__new__(Features)
        out.records = records
        out.names, out.classes, out.places, out.regions = (
            self.names, self.classes, self.places, self.regions)
        return out

    def similarity(self, vocab: Vocabulary, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Jaro-Winkler similarity of vocabulary ids a[k], b[k] (0 where either is missing)."""
        out = np.zeros(len(a), dtype=np.float32)
        ok = (a >= 0) & (b >= 0)
        if not ok.any():
            return out
        lo = np.minimum(a[ok], b[ok]).astype(np.int64)
        hi = np.maximum(a[ok], b[ok]).astype(np.int64)
        codes = lo * (len(vocab.strings) + 1) + hi
        uniq, inverse = np.unique(codes, return_inverse=True)
        ua, ub = uniq // (len(vocab.strings) + 1), uniq % (len(vocab.strings) + 1)
        strings = vocab.strings
        sims = cpdist([strings[x] for x in ua], [strings[x] for x in ub],
                      scorer=JaroWinkler.normalized_similarity, dtype=np.float32, workers=-1)
        out[ok] = sims[inverse]
        return out
