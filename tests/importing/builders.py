"""Write real member-list files (good and bad) for the tests."""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Sequence
from pathlib import Path

import openpyxl

HEADER = ["Код", "Прізвище", "Ім'я", "Дата народження", "Дата затримання", "Регіон"]
ROW = ["A-1", "Коваленко", "Олександр", "01.02.1980", "03.04.2022", "Херсонська обл."]


def xlsx(path: Path, rows: Sequence[Sequence[object]], *, title: str = "Список",
         extra: dict[str, Sequence[Sequence[object]]] | None = None) -> Path:
    """Write a workbook with one list sheet (and optional extra sheets)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(list(row))
    for name, extra_rows in (extra or {}).items():
        other = wb.create_sheet(name)
        for row in extra_rows:
            other.append(list(row))
    wb.save(path)
    return path


def csv_file(path: Path, rows: Sequence[Sequence[str]], *, encoding: str = "utf-8",
             delimiter: str = ",") -> Path:
    """Write a CSV file in the given encoding and delimiter."""
    text = "\r\n".join(delimiter.join(cells) for cells in rows) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


def replace_part(src: Path, dest: Path, part: str, data: bytes) -> Path:
    """Copy a workbook, replacing (or adding) one part of its zip."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename != part:
                zout.writestr(info, zin.read(info.filename))
        zout.writestr(part, data)
    return dest


def merged_rows(path: Path) -> Path:
    """A list whose surname cell is merged over two data rows (the second row reads empty)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (HEADER, ROW, ["A-2", None, "Тарас", "1990", "2023-01-05", "Крим"]):
        ws.append(list(row))
    ws.merge_cells("B2:B3")
    wb.save(path)
    return path


def not_a_zip(path: Path) -> Path:
    path.write_bytes(b"This is a note, not a workbook.\n" * 10)
    return path


def truncated(path: Path) -> Path:
    good = xlsx(path.with_name("whole.xlsx"), [HEADER, ROW])
    data = good.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def zip_bomb(path: Path) -> Path:
    """A workbook whose sheet part expands to 16 MB of blanks from a few dozen KB."""
    good = xlsx(path.with_name("whole.xlsx"), [HEADER, ROW])
    with zipfile.ZipFile(good) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    padded = sheet.replace(b"<sheetData>", b"<sheetData>" + b" " * (16 * 1024 * 1024), 1)
    return replace_part(good, path, "xl/worksheets/sheet1.xml", padded)


def many_entries(path: Path) -> Path:
    """A zip with thousands of tiny entries."""
    good = xlsx(path.with_name("whole.xlsx"), [HEADER, ROW])
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(path, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info.filename))
        for i in range(2000):
            zout.writestr(f"xl/media/pad{i}.xml", b"<a/>")
    return path


def entity_bomb(path: Path, *, padding: int = 0, encoding: str = "utf-8") -> Path:
    """A workbook whose shared strings declare the billion-laughs entities."""
    good = xlsx(path.with_name("whole.xlsx"), [HEADER, ROW])
    lol = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    comment = f"<!--{' ' * padding}-->" if padding else ""
    bomb = (f'<?xml version="1.0" encoding="{encoding}"?>{comment}<!DOCTYPE sst ['
            + "".join(lol) + ']>'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
            'uniqueCount="1"><si><t>&lol9;</t></si></sst>')
    return replace_part(good, path, "xl/sharedStrings.xml", bomb.encode(encoding))


def password_protected(path: Path) -> Path:
    """An OLE2 compound file holding EncryptionInfo/EncryptedPackage, as Excel saves one."""
    sector = 512
    header = bytearray(sector)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHH", header, 24, 0x3E, 3, 0xFFFE, 9)  # minor, major, byte order, shift
    struct.pack_into("<H", header, 32, 6)  # mini sector shift
    struct.pack_into("<IIII", header, 44, 1, 1, 0, 0x1000)  # FAT sectors, first dir sector
    struct.pack_into("<IIII", header, 60, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    struct.pack_into("<I", header, 76, 0)  # the FAT is sector 0
    for i in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * i, 0xFFFFFFFF)
    fat = bytearray(b"\xff" * sector)
    struct.pack_into("<III", fat, 0, 0xFFFFFFFD, 0xFFFFFFFE, 0xFFFFFFFE)
    directory = b"".join(_dir_entry(n, t) for n, t in
                         [("Root Entry", 5), ("EncryptionInfo", 2), ("EncryptedPackage", 2),
                          ("", 0)])
    package = bytes(range(256)) * 2
    path.write_bytes(bytes(header) + bytes(fat) + directory + package)
    return path


def _dir_entry(name: str, kind: int) -> bytes:
    entry = bytearray(128)
    encoded = name.encode("utf-16-le")
    entry[0:len(encoded)] = encoded
    struct.pack_into("<HB", entry, 64, len(encoded) + 2 if name else 0, kind)
    struct.pack_into("<III", entry, 68, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF)
    return bytes(entry)


def million_rows(path: Path, rows: int = 1_000_000, *, dimension: bool = True) -> Path:
    """A real sheet with `rows` data rows, written straight into the zip (fast)."""
    good = xlsx(path.with_name("whole.xlsx"), [HEADER[:2]])
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED,
                                                       compresslevel=1) as zout:
        for info in zin.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                zout.writestr(info, zin.read(info.filename))
        with zout.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            dim = f'<dimension ref="A1:B{rows + 1}"/>' if dimension else ""
            fh.write(f'<worksheet xmlns="{ns}">{dim}<sheetData>'.encode())
            fh.write(b'<row r="1"><c r="A1" t="inlineStr"><is><t>ID</t></is></c>'
                     b'<c r="B1" t="inlineStr"><is><t>Surname</t></is></c></row>')
            for start in range(2, rows + 2, 10_000):
                chunk = "".join(
                    f'<row r="{n}"><c r="A{n}"><v>{n}</v></c>'
                    f'<c r="B{n}" t="inlineStr"><is><t>S{n % 977}</t></is></c></row>'
                    for n in range(start, min(start + 10_000, rows + 2)))
                fh.write(chunk.encode())
            fh.write(b"</sheetData></worksheet>")
    return path
