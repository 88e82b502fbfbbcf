"""Checks made before a parser touches a file: size, zip bombs, XML entities, encryption."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from exchange.importing.problems import ImportRefused

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
MB = 1024 * 1024
_PROLOG_BYTES = 1 * MB
_COMMENT = re.compile(rb"<!--.*?-->", re.DOTALL)
_ROOT = re.compile(rb"<[A-Za-z_]")


@dataclass(frozen=True)
class Limits:
    """How large an uploaded list may be; the app config can change each of these."""

    max_file_bytes: int = 100 * MB
    max_rows: int = 200_000
    max_zip_entries: int = 500
    max_uncompressed_bytes: int = 512 * MB
    max_shared_strings_bytes: int = 64 * MB  # openpyxl loads this part whole, even read-only
    max_compression_ratio: int = 100
    ratio_applies_above: int = 4 * MB


def check_size(path: Path, shown: str, limits: Limits) -> None:
    """Refuse an empty file or one larger than the limit."""
    size = path.stat().st_size
    if size == 0:
        raise ImportRefused(shown, "the file is empty (0 bytes)")
    if size > limits.max_file_bytes:
        raise ImportRefused(shown, f"the file is {size // MB} MB; the limit is "
                                   f"{limits.max_file_bytes // MB} MB")


def sniff_container(path: Path) -> str:
    """Return `zip`, `ole2` or `other` from the file's first bytes."""
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head == OLE2_MAGIC:
        return "ole2"
    return "other"


def refuse_ole2(path: Path, shown: str) -> None:
    """Explain an OLE2 container: a password-protected workbook or an old `.xls`."""
    with path.open("rb") as fh:
        data = fh.read(4 * MB)
    if "EncryptedPackage".encode("utf-16-le") in data or \
            "EncryptionInfo".encode("utf-16-le") in data:
        raise ImportRefused(shown, "the workbook is password-protected (encrypted): save a copy "
                                   "without a password and import that")
    raise ImportRefused(shown, "this is an old Excel 97-2003 (.xls) or other OLE2 file: "
                               "save it as .xlsx and import that")


def check_zip(path: Path, shown: str, limits: Limits) -> None:
    """Refuse a damaged zip, a zip bomb or XML parts that declare a DTD (entity bombs)."""
    try:
        with zipfile.ZipFile(path) as zf:
            entries = zf.infolist()
            _check_entries(entries, shown, limits)
            for info in entries:
                if info.filename.endswith((".xml", ".rels")):
                    _check_prolog(zf, info, shown)
    except zipfile.BadZipFile as exc:
        raise ImportRefused(shown, f"not a readable XLSX file: the zip archive is damaged or "
                                   f"truncated ({exc})") from exc
    except (OSError, EOFError, zipfile.LargeZipFile, NotImplementedError) as exc:
        raise ImportRefused(shown, "not a readable XLSX file: the zip archive is damaged, "
                                   "truncated or uses an unsupported compression") from exc


def _check_entries(entries: list[zipfile.ZipInfo], shown: str, limits: Limits) -> None:
    """Refuse archives with too many entries or too much uncompressed data."""
    if len(entries) > limits.max_zip_entries:
        raise ImportRefused(shown, f"the archive has {len(entries)} entries; a workbook has far "
                                   "fewer: refused as a possible zip bomb")
    total = 0
    for info in entries:
        if info.flag_bits & 0x1:
            raise ImportRefused(shown, "the workbook is password-protected (encrypted zip entry)")
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ratio_applies_above and ratio > limits.max_compression_ratio:
            raise ImportRefused(shown, f"part {info.filename} expands {ratio:.0f} times "
                                       f"({info.file_size // MB} MB): refused as a zip bomb")
        if info.filename.endswith("sharedStrings.xml") and \
                info.file_size > limits.max_shared_strings_bytes:
            raise ImportRefused(shown, f"the shared strings part is {info.file_size // MB} MB "
                                       "uncompressed: refused as too large to read safely")
    if total > limits.max_uncompressed_bytes:
        raise ImportRefused(shown, f"the workbook expands to {total // MB} MB: refused as a zip "
                                   f"bomb (limit {limits.max_uncompressed_bytes // MB} MB)")


def _check_prolog(zf: zipfile.ZipFile, info: zipfile.ZipInfo, shown: str) -> None:
    """Refuse an XML part with a DOCTYPE or ENTITY declaration (billion laughs and XXE).

    openpyxl parses sheets and shared strings with the standard library's parser, so the
    prolog (everything before the root element, where a DTD must stand) is checked here.
    """
    with zf.open(info) as fh:
        head = fh.read(_PROLOG_BYTES)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    bare = _COMMENT.sub(b"", head)
    root = _ROOT.search(bare)
    if root is None or b"<!--" in bare[:root.start()]:
        if info.file_size > len(head):
            raise ImportRefused(shown, f"part {info.filename} has no content in its first "
                                       f"{_PROLOG_BYTES // MB} MB: refused as suspicious")
        return  # a short part without a root element: the parser reports it as damaged
    if _DOCTYPE.search(bare[:root.start()]):
        raise ImportRefused(shown, f"part {info.filename} declares a DTD or XML entities, which "
                                   "workbooks never need: refused as an XML entity bomb")
