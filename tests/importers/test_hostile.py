"""Hostile and damaged files: zip bombs, XML entities, over-long fields, fuzzed bytes.

Whatever a file holds, reading it either returns a RawTable or raises ImportFileError,
never anything else, never a secret from the local disk, and never after unpacking a bomb.
"""

from __future__ import annotations

import random
import struct
import time as clock
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.importers.fixtures import (
    HEADER,
    csv_text,
    docx_with_body,
    replace_zip_member,
    sample_rows,
    w_table,
    write_docx,
    write_ods,
    write_raw_xlsx,
    write_xls,
    write_xlsx,
)
from workbench.importers.errors import ImportFileError
from workbench.importers.readers import RawTable, read_table
from workbench.importers.safety import Limits, check_zip

SECRET = "TOPSECRET-7f3a9"


def _base_xlsx(path: Path) -> Path:
    return write_xlsx(path, {"Chronology": [HEADER, *sample_rows()]})


# ---------------------------------------------------------------------------------------
# Zip bombs and oversized archives
# ---------------------------------------------------------------------------------------


def test_zip_bomb_entry_refused_by_ratio(tmp_path: Path) -> None:
    path = _base_xlsx(tmp_path / "bomb.xlsx")
    zeros = bytes(50 * 1024 * 1024)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/media/image1.bin", zeros)
    start = clock.perf_counter()
    with pytest.raises(ImportFileError) as info:
        read_table(path)
    assert clock.perf_counter() - start < 1.0  # refused from the directory, nothing inflated
    assert "zip bomb" in info.value.reason
    assert "xl/media/image1.bin" in info.value.reason


def test_archive_understating_its_sizes_is_refused(tmp_path: Path) -> None:
    """A part whose real size is larger than the archive declares (a bomb that hides its
    ratio) is caught while inflating, before any parser runs."""
    path = _base_xlsx(tmp_path / "liar.xlsx")
    payload = b"<row/>" * 400_000  # 2.4 MB, compresses about 1000 times
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/extra.xml", payload)
    data = bytearray(path.read_bytes())
    declared = 1_500_000
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("xl/extra.xml")
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(b"xl/extra.xml"))
    struct.pack_into("<L", data, central + 24, declared)  # uncompressed size in the directory
    struct.pack_into("<L", data, info.header_offset + 22, declared)  # and in the local header
    path.write_bytes(bytes(data))
    with pytest.raises(ImportFileError) as raised:
        check_zip(path, Limits(max_compression_ratio=10_000))
    assert raised.value.reason == "the file is damaged (the part 'xl/extra.xml' is corrupt)"
    with pytest.raises(ImportFileError):
        read_table(path)


def test_too_many_entries(tmp_path: Path) -> None:
    path = _base_xlsx(tmp_path / "many.xlsx")
    with zipfile.ZipFile(path, "a") as zf:
        for n in range(30):
            zf.writestr(f"customXml/item{n}.xml", "<a/>")
    with pytest.raises(ImportFileError, match=r"too many parts \(\d+; the limit is 20\)"):
        read_table(path, limits=Limits(max_zip_entries=20))
    assert isinstance(read_table(path), RawTable)  # fine under the default limit


def test_total_unpacked_size_limit(tmp_path: Path) -> None:
    path = _base_xlsx(tmp_path / "big.xlsx")
    with pytest.raises(ImportFileError, match="would unpack to more than"):
        read_table(path, limits=Limits(max_uncompressed_bytes=5_000))


def test_file_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(csv_text([["Date", "Event"]] + [["1/1/2015", "x" * 100]] * 50))
    with pytest.raises(ImportFileError, match=r"too large \(5 KB; the limit is 1 KB\)"):
        read_table(path, limits=Limits(max_file_bytes=1024))


def test_encrypted_zip_entry(tmp_path: Path) -> None:
    path = _base_xlsx(tmp_path / "enc.xlsx")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        offset = zf.getinfo("xl/workbook.xml").header_offset
    flags = struct.unpack_from("<H", data, offset + 6)[0]
    struct.pack_into("<H", data, offset + 6, flags | 1)
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(b"xl/workbook.xml"))
    struct.pack_into("<H", data, central + 8, flags | 1)
    path.write_bytes(bytes(data))
    with pytest.raises(ImportFileError, match="password-protected"):
        read_table(path)


def test_stray_value_in_the_last_cell_is_refused_not_fatal(tmp_path: Path) -> None:
    """One value in XFD1048576 would make the parser allocate 17 billion cells, which
    aborts the process; the reader refuses the file first."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [HEADER, *sample_rows()]:
        sheet.append(row)
    sheet["XFD1048576"] = "x"
    book.save(tmp_path / "far.xlsx")
    with pytest.raises(ImportFileError) as info:
        read_table(tmp_path / "far.xlsx")
    assert "as far as row 1,048,576 and column XFD" in info.value.reason
    assert "Ctrl+End" in info.value.reason


def test_xlsx_cells_without_references_are_counted(tmp_path: Path) -> None:
    path = _base_xlsx(tmp_path / "norefs.xlsx")
    with zipfile.ZipFile(path) as zf:
        xml = zf.read("xl/worksheets/sheet1.xml").decode()
    wide_row = '<row r="1">' + "<c><v>1</v></c>" * 300 + "</row>"
    xml = xml.replace("<sheetData>", "<sheetData>" + wide_row, 1)
    replace_zip_member(path, "xl/worksheets/sheet1.xml", xml.encode())
    with pytest.raises(ImportFileError, match="column KN"):
        read_table(path, limits=Limits(max_cells=1000))


def test_absurd_shared_string_count_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "sst.xlsx", {"Chronology": [HEADER, *sample_rows()]})
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        ct = zf.read("[Content_Types].xml").decode()
        rels = zf.read("xl/_rels/workbook.xml.rels").decode()
    assert "xl/sharedStrings.xml" not in names
    ct = ct.replace(
        "</Types>",
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    rels = rels.replace(
        "</Relationships>",
        '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    )
    replace_zip_member(path, "[Content_Types].xml", ct.encode())
    replace_zip_member(path, "xl/_rels/workbook.xml.rels", rels.encode())
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr(
            "xl/sharedStrings.xml",
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'count="4000000000" uniqueCount="4000000000"><si><t>a</t></si></sst>',
        )
    with pytest.raises(ImportFileError, match="table of text values is corrupt"):
        read_table(path)


def _xls(tmp_path: Path, name: str = "old.xls") -> tuple[Path, bytearray]:
    path = write_xls(tmp_path / name, {"Chronology": [HEADER, *sample_rows()]})
    return path, bytearray(path.read_bytes())


def test_xls_absurd_dimensions_record_is_refused(tmp_path: Path) -> None:
    path, data = _xls(tmp_path)
    record = data.find(b"\x00\x02\x0e\x00")  # DIMENSIONS, 14 bytes
    assert record > 0
    struct.pack_into("<II", data, record + 4, 0, 4_000_000_000)
    path.write_bytes(bytes(data))
    with pytest.raises(ImportFileError, match="more than can be read"):
        read_table(path)


def test_xls_wrapped_dimensions_are_refused(tmp_path: Path) -> None:
    path, data = _xls(tmp_path)
    record = data.find(b"\x00\x02\x0e\x00")
    struct.pack_into("<II", data, record + 4, 5, 1)  # last row before the first one
    path.write_bytes(bytes(data))
    with pytest.raises(ImportFileError, match="more than can be read"):
        read_table(path)


def test_xls_cell_extent_is_checked(tmp_path: Path) -> None:
    import xlwt

    path = tmp_path / "far.xls"
    book = xlwt.Workbook()
    sheet = book.add_sheet("S")
    sheet.write(0, 0, "Date")
    sheet.write(0, 1, "Event")
    sheet.write(3_000, 200, "far")
    book.save(str(path))
    assert read_table(path).rows[0][:2] == ["Date", "Event"]
    with pytest.raises(ImportFileError, match="row 3,001 and column GS"):
        read_table(path, limits=Limits(max_cells=100_000))


@pytest.mark.parametrize(
    ("offset", "value"),
    [
        (44, 0x7FFFFFFF),  # number of FAT sectors
        (48, 0xFFFFFFF0),  # first directory sector outside the file
        (64, 0x7FFFFFFF),  # number of mini FAT sectors
        (76, 0xFFFFFFFE),  # first FAT sector outside the file
    ],
)
def test_xls_broken_compound_file_is_refused(tmp_path: Path, offset: int, value: int) -> None:
    path, data = _xls(tmp_path)
    struct.pack_into("<I", data, offset, value)
    path.write_bytes(bytes(data))
    with pytest.raises(ImportFileError) as info:
        read_table(path)
    assert info.value.reason == "the file is damaged (its Excel 97-2003 structure is broken)"


def test_xls_fat_loop_is_refused(tmp_path: Path) -> None:
    path, data = _xls(tmp_path)
    sector_size = 512
    fat_sector = struct.unpack_from("<I", data, 76)[0]
    directory = struct.unpack_from("<I", data, 48)[0]
    fat = (fat_sector + 1) * sector_size
    struct.pack_into("<I", data, fat + 4 * directory, directory)  # the chain points to itself
    path.write_bytes(bytes(data))
    with pytest.raises(ImportFileError, match="structure is broken"):
        read_table(path)


# ---------------------------------------------------------------------------------------
# XML entities
# ---------------------------------------------------------------------------------------


def _secret_file(tmp_path: Path) -> Path:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    return secret


def _assert_no_secret(path: Path) -> None:
    try:
        table = read_table(path)
    except ImportFileError as exc:
        assert SECRET not in str(exc)
        return
    flat = repr(table.rows) + repr(table.notes)
    assert SECRET not in flat


def test_docx_external_entity_is_not_resolved(tmp_path: Path) -> None:
    secret = _secret_file(tmp_path)
    doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
    body = w_table([["Date", "Event"], ["1/2/2015", "&xxe;"]])
    path = docx_with_body(tmp_path / "xxe.docx", body, doctype=doctype)
    _assert_no_secret(path)
    table = read_table(path)
    assert table.rows[0] == ["Date", "Event"]  # the document is still read


def test_docx_external_dtd_is_not_loaded(tmp_path: Path) -> None:
    secret = _secret_file(tmp_path)
    dtd = tmp_path / "evil.dtd"
    dtd.write_text(f'<!ENTITY leak SYSTEM "{secret.as_uri()}">')
    doctype = f'<!DOCTYPE w:document SYSTEM "{dtd.as_uri()}">'
    body = w_table([["Date", "Event"], ["1/2/2015", "&leak;"]])
    _assert_no_secret(docx_with_body(tmp_path / "dtd.docx", body, doctype=doctype))


def test_docx_billion_laughs_does_not_expand(tmp_path: Path) -> None:
    entities = ['<!ENTITY lol0 "lol">']
    entities += [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
    doctype = "<!DOCTYPE w:document [" + "".join(entities) + "]>"
    body = w_table([["Date", "Event"], ["1/2/2015", "&lol9;"]])
    path = docx_with_body(tmp_path / "laughs.docx", body, doctype=doctype)
    start = clock.perf_counter()
    try:
        table = read_table(path)
    except ImportFileError:
        pass
    else:
        assert len(repr(table.rows)) < 10_000
    assert clock.perf_counter() - start < 5.0


def test_xlsx_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = _secret_file(tmp_path)
    prolog = (
        f'<!DOCTYPE sst [<!ENTITY xxe SYSTEM "{secret.as_uri()}">'
        '<!ENTITY lol0 "lol">'
        + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
        + "]>"
    )
    strings = ["Date", "Event", "1/2/2015", "before &xxe; after", "&lol9;"]
    plain = write_raw_xlsx(tmp_path / "plain.xlsx", [*strings[:3], "Visit", "x"], [[0, 1], [2, 3]])
    assert read_table(plain).rows == [["Date", "Event"], ["1/2/2015", "Visit"]]

    path = write_raw_xlsx(tmp_path / "xxe.xlsx", strings, [[0, 1], [2, 3], [2, 4]], prolog=prolog)
    start = clock.perf_counter()
    _assert_no_secret(path)
    assert clock.perf_counter() - start < 5.0
    try:
        table = read_table(path)
    except ImportFileError:
        return
    assert len(repr(table.rows)) < 10_000


# ---------------------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------------------


def test_unclosed_quote_makes_an_over_long_field(tmp_path: Path) -> None:
    path = tmp_path / "quote.csv"
    filler = "\n".join(f"{n}/1/2015,visit {n}" for n in range(1, 60_000))
    path.write_text(f'Date,Event\n1/1/2015,"never closed\n{filler}\n', encoding="utf-8")
    with pytest.raises(ImportFileError) as info:
        read_table(path)
    assert info.value.reason.startswith("row 2: a cell is longer than 1,000,000 characters")


def test_binary_junk_named_csv(tmp_path: Path) -> None:
    path = tmp_path / "junk.csv"
    path.write_bytes(random.Random(3).randbytes(5000))
    with pytest.raises(ImportFileError, match="not a CSV"):
        read_table(path)


# ---------------------------------------------------------------------------------------
# Fuzzing: damaged copies of small valid files
# ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for the fuzzed files, with one small valid file of each kind."""
    folder = tmp_path_factory.mktemp("fuzz")
    rows = [["Police chronology"], HEADER, *sample_rows()]
    (folder / "valid.csv").write_text(csv_text(rows), encoding="utf-8")
    write_xlsx(folder / "valid.xlsx", {"Chronology": rows}, merges={"Chronology": ["A1:C1"]})
    write_xls(folder / "valid.xls", {"Chronology": rows})
    write_ods(folder / "valid.ods", {"Chronology": rows})
    write_docx(folder / "valid.docx", [[HEADER, *sample_rows()]])
    for kind in ("csv", "xlsx", "xls", "ods", "docx"):
        assert isinstance(read_table(folder / f"valid.{kind}"), RawTable)
    return folder


def _mutate(data: bytes, ops: list[tuple[int, int, int, bytes]]) -> bytes:
    out = bytearray(data)
    for op, position, amount, blob in ops:
        if not out:
            break
        at = position % len(out)
        if op == 0:
            out[at] ^= 1 << (amount % 8)
        elif op == 1:
            out[at:at] = blob
        elif op == 2:
            del out[at : at + 1 + amount % 64]
        else:
            del out[at:]
    return bytes(out)


_OPS = st.lists(
    st.tuples(
        st.integers(0, 3),
        st.integers(0, 1 << 24),
        st.integers(0, 255),
        st.binary(min_size=1, max_size=16),
    ),
    min_size=1,
    max_size=6,
)


def _read_is_clean(path: Path) -> None:
    try:
        result = read_table(path)
    except ImportFileError as exc:
        assert str(exc).startswith(f"{path.name}: ")
        assert "\n" not in str(exc)
    else:
        assert isinstance(result, RawTable)
        assert len(result.rows) == len(result.row_numbers)


@pytest.mark.parametrize("kind", ["csv", "xlsx", "xls", "ods", "docx"])
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=_OPS)
def test_fuzzed_bytes_read_or_fail_cleanly(
    work: Path, kind: str, ops: list[tuple[int, int, int, bytes]]
) -> None:
    path = work / f"fuzz.{kind}"
    path.write_bytes(_mutate((work / f"valid.{kind}").read_bytes(), ops))
    _read_is_clean(path)


@pytest.mark.parametrize("kind", ["xlsx", "ods", "docx"])
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(member=st.integers(0, 1000), ops=_OPS)
def test_fuzzed_xml_parts_read_or_fail_cleanly(
    work: Path, kind: str, member: int, ops: list[tuple[int, int, int, bytes]]
) -> None:
    """Damage one part inside a well-formed archive, so that the parsers see it."""
    source = work / f"valid.{kind}"
    with zipfile.ZipFile(source) as zf:
        names = [n for n in zf.namelist() if n.endswith(".xml")]
        name = names[member % len(names)]
        original = zf.read(name)
    path = work / f"fuzz-part.{kind}"
    path.write_bytes(source.read_bytes())
    replace_zip_member(path, name, _mutate(original, ops))
    _read_is_clean(path)
