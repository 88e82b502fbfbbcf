"""Per-record features in arrays: every record folded once, compared many times."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rapidfuzz.distance import JaroWinkler
from rapidfuzz.process import cpdist

from matching.dates import parse_date
from matching.normalise import fold, given_name, patronymic, surname_key
from matching.records import Record
from matching.regions import region_code

SEX_CODES = {"M": 1, "F": 2}


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


class Features:
    """Arrays of folded name ids, name classes, initials, dates, sex, region, place of birth."""

    def __init__(self, records: Sequence[Record]) -> None:
        self.records = records
        self.names = Vocabulary()  # folded names: surnames, given names, patronymics share ids
        self.classes = Vocabulary()  # given-name classes (also of patronymics), surname keys
        self.places = Vocabulary()
        self.regions = Vocabulary()
        n = len(records)
        cols = {k: np.full(n, -1, dtype=np.int32) for k in (
            "sn", "sn_key", "gn", "gn_cls", "pt", "pt_cls", "region", "pob")}
        masks = {k: np.zeros(n, dtype=np.int32) for k in ("gn_init", "pt_init")}
        dob = np.zeros((n, 3), dtype=np.int16)
        sex = np.zeros(n, dtype=np.int8)
        for i, rec in enumerate(records):
            self._fill(i, rec, cols, masks, dob, sex)
        for k, v in {**cols, **masks}.items():
            setattr(self, k, v)
        self.year, self.month, self.day = dob[:, 0], dob[:, 1], dob[:, 2]
        self.sex = sex
        self.full_dob = (self.year > 0) & (self.month > 0) & (self.day > 0)

    def _fill(self, i, rec, cols, masks, dob, sex) -> None:
        sn = fold(rec.surname or "")
        cols["sn"][i] = self.names.id(sn)
        cols["sn_key"][i] = self.classes.id("s:" + surname_key(sn) if sn else "")
        implied_sex = None
        g = given_name(rec.given_name or "")
        if g:
            masks["gn_init"][i] = _initial_mask(g.initials)
            if not g.is_initial:
                cols["gn"][i] = self.names.id(g.folded)
                cols["gn_cls"][i] = self.classes.id("g:" + g.name_class)
            implied_sex = g.sex
        p = patronymic(rec.patronymic or "")
        if p:
            masks["pt_init"][i] = _initial_mask(p.initials)
            if not p.is_initial:
                cols["pt"][i] = self.names.id(p.folded)
                cols["pt_cls"][i] = self.classes.id("g:" + p.name_class)
            implied_sex = p.sex or implied_sex
        date = parse_date(rec.date_of_birth)
        dob[i] = (date.year, date.month, date.day)
        sex[i] = SEX_CODES.get(rec.sex or implied_sex or "", 0)
        cols["region"][i] = self.regions.id(region_code(rec.region))
        cols["pob"][i] = self.places.id(fold(rec.place_of_birth or ""))

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
