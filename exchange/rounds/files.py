"""Read a file of the other side through the importer, and its answer column by vocabulary.

Any layout the importer reads is accepted: names in any script, full names or split. The
answer column (a reply status or an outcome) is the one whose cells the vocabulary of
`data/answer_words.csv` reads best, unless the user names it; every cell it cannot read is
a problem naming the file, row, column and value, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from exchange.importing import ImportRefused, load_canonical
from exchange.importing.messages import NAME_PROBLEMS
from exchange.importing.parsed import ParsedFile
from exchange.importing.problems import Problem
from exchange.rounds.errors import FileRefused
from exchange.rounds.tables import VOCABULARIES, Words, words

__all__ = ["DEFAULTS", "FileOptions", "OtherSideFile", "parse_words", "read_other_side"]

MIN_SHARE = 0.6  # of a column's filled cells the vocabulary must read to take it as answers


@dataclass(frozen=True)
class FileOptions:
    """How to read a file: header mappings, the answer column, extra answer words."""

    explicit_map: Sequence[str] = ()
    ignore: Sequence[str] = ()
    column: str | None = None
    extra_words: Sequence[str] = ()
    display_name: str | None = None


DEFAULTS = FileOptions()


@dataclass
class OtherSideFile:
    """The rows read, the answer column and each row's answer (value, the cell as written)."""

    parsed: ParsedFile
    answer_column: str | None = None
    answers: dict[int, tuple[str, str]] = field(default_factory=dict)

    @property
    def file(self) -> str:
        return self.parsed.file


def parse_words(pairs: Iterable[str], vocabulary: str) -> list[tuple[str, str]]:
    """Read `TEXT=value` pairs a user adds to the vocabulary; raise FileRefused when wrong."""
    allowed = VOCABULARIES[vocabulary]
    found = []
    for pair in pairs:
        text, sep, value = pair.rpartition("=")
        if not sep or not text.strip() or value.strip() not in allowed:
            raise FileRefused([Problem("--word", None, None, pair,
                                       f"expected TEXT=VALUE with a value of {sorted(allowed)}")])
        found.append((text.strip(), value.strip()))
    return found


def _load(path: Path, explicit_map: Sequence[str], ignore: Sequence[str],
          display_name: str | None, names_optional: bool) -> ParsedFile:
    try:
        parsed = load_canonical(path, explicit_map=list(explicit_map), ignore=tuple(ignore),
                                ignore_unknown=True, display_name=display_name)
    except ImportRefused as exc:
        raise FileRefused([exc.problem]) from None
    if names_optional:
        # an outcomes file may give persons' ids only
        parsed.problems = [p for p in parsed.problems if p.message not in NAME_PROBLEMS]
    return parsed


def _cells(parsed: ParsedFile, header: str) -> list[tuple[int, object]]:
    return [(r.row_number, r.raw[header]) for r in parsed.records
            if r.raw.get(header) not in (None, "")]


def find_answer_column(parsed: ParsedFile, vocabulary: Words) -> str | None:
    """Return the header whose filled cells the vocabulary reads best (None: no such column)."""
    best, best_share = None, 0.0
    for header in parsed.headers:
        cells = _cells(parsed, header)
        if not cells:
            continue
        share = sum(vocabulary.lookup(v) is not None for _, v in cells) / len(cells)
        if share > best_share:
            best, best_share = header, share
    return best if best_share >= MIN_SHARE else None


def read_other_side(path: str | Path, *, vocabulary: str | None,
                    options: FileOptions = DEFAULTS,
                    names_optional: bool = False) -> OtherSideFile:
    """Read the file and, with a vocabulary, its answers; raise FileRefused on any problem.

    `names_optional`: rows without a name are accepted (the caller identifies them else).
    """
    path = Path(path)
    explicit_map, ignore = options.explicit_map, options.ignore
    display_name, answer_column = options.display_name, options.column
    parsed = _load(path, explicit_map, ignore, display_name, names_optional)
    if vocabulary is None:
        _refuse_errors(parsed)
        return OtherSideFile(parsed)
    known = words(vocabulary).extended(parse_words(options.extra_words, vocabulary))
    header = answer_column or find_answer_column(parsed, known)
    if header is None or header not in parsed.headers:
        raise FileRefused([Problem(parsed.file, parsed.header_row, answer_column, None,
                                   f"no column of {vocabulary.replace('_', ' ')} words found; "
                                   "name it with --column")])
    if header in parsed.mapping:  # the importer took it for one of its own columns
        parsed = _load(path, explicit_map, (*ignore, header), display_name, names_optional)
    _refuse_errors(parsed)
    read = OtherSideFile(parsed, header)
    problems = []
    for row in parsed.records:
        cell = row.raw.get(header)
        value = known.lookup(cell) if cell not in (None, "") else None
        if value is None:
            problems.append(Problem(parsed.file, row.row_number, header,
                                    None if cell is None else str(cell),
                                    f"not a known {vocabulary.replace('_', ' ')}; add it with "
                                    "--word 'TEXT=VALUE'"))
        else:
            read.answers[row.row_number] = (value, str(cell)[:300])
    if problems:
        raise FileRefused(problems)
    return read


def _refuse_errors(parsed: ParsedFile) -> None:
    if parsed.errors:
        raise FileRefused(parsed.errors)
