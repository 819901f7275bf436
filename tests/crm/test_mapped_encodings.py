"""CSV files of a mapping in the encodings and with the delimiters people's programs save them in:
the encoding is set per file (a byte-order mark speaks for itself), the delimiter is detected
when not given, and the summary says what was used."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from uplift.crm.importers.errors import MalformedInputError
from uplift.crm.importers.mapped import stage_mapped_export
from uplift.crm.importers.mapping import MappingError, mapping_read
from uplift.crm.importers.runner import import_export
from uplift.crm.importers.summary import ImportSummary

MAPPING = """
[reps]
file = "users.csv"
{options}
columns = {{ rep_id = "User", name = "Name" }}
"""
ROWS = [["User", "Name"], ["U1", "Jürgen Müller"], ["U2", "Zoë Ørsted, Jr."], ["U3", "Ann Lee"]]


def write_export(folder: Path, data: bytes, options: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "users.csv").write_bytes(data)
    (folder / "mapping.toml").write_text(MAPPING.format(options=options), encoding="utf-8")
    return folder / "mapping.toml"


def csv_text(delimiter: str = ",", rows: list[list[str]] = ROWS) -> str:
    def field(value: str) -> str:
        return f'"{value}"' if delimiter in value else value

    return "".join(delimiter.join(field(v) for v in row) + "\r\n" for row in rows)


def run_import(mapping: Path, store: Path) -> ImportSummary:
    return import_export(
        stager=stage_mapped_export, location=mapping, analytics_url=f"duckdb://{store}"
    )


def names(store: Path) -> list[str]:
    with duckdb.connect(str(store), read_only=True) as con:
        return [r[0] for r in con.execute("SELECT name FROM crm_reps ORDER BY rep_id").fetchall()]


@pytest.mark.parametrize(
    ("data", "options", "read_as"),
    [
        (csv_text().encode("utf-8"), "", "utf-8"),
        (csv_text().encode("utf-8"), 'encoding = "UTF8"', "utf-8"),  # read by DuckDB directly
        (b"\xef\xbb\xbf" + csv_text().encode("utf-8"), "", "utf-8-sig"),
        (csv_text(";").encode("cp1252"), 'encoding = "cp1252"', "cp1252"),
        (csv_text().encode("latin-1"), 'encoding = "latin-1"', "latin-1"),
        # Excel's "Unicode Text": UTF-16 with a byte-order mark, tabs between fields. The mark
        # is enough; saying so is allowed too.
        (csv_text("\t").encode("utf-16"), "", "utf-16"),
        (csv_text("\t").encode("utf-16"), 'encoding = "utf-16"', "utf-16"),
        # A UTF-8 byte-order mark is unambiguous: it wins over the encoding given.
        (b"\xef\xbb\xbf" + csv_text().encode("utf-8"), 'encoding = "cp1252"', "utf-8-sig"),
    ],
)
def test_files_are_read_in_their_encoding(
    tmp_path: Path, data: bytes, options: str, read_as: str
) -> None:
    store = tmp_path / "analytics.duckdb"
    summary = run_import(write_export(tmp_path, data, options), store)
    assert names(store) == ["Jürgen Müller", "Zoë Ørsted, Jr.", "Ann Lee"]
    assert [f.encoding for f in summary.files] == [read_as]


@pytest.mark.parametrize(
    ("delimiter", "shown"), [(",", "','"), (";", "';'"), ("\t", "tab"), ("|", "'|'")]
)
def test_the_delimiter_is_detected_and_reported(tmp_path: Path, delimiter: str, shown: str) -> None:
    store = tmp_path / "analytics.duckdb"
    summary = run_import(write_export(tmp_path, csv_text(delimiter).encode()), store)
    assert names(store) == ["Jürgen Müller", "Zoë Ørsted, Jr.", "Ann Lee"]
    assert [f.describe() for f in summary.files] == [
        f"users.csv: {shown} between fields (detected), utf-8"
    ]
    assert summary.as_dict()["files"][0]["delimiter"] == delimiter


def test_a_delimiter_given_is_used_and_said_to_be_given(tmp_path: Path) -> None:
    data = csv_text(";").encode()
    summary = run_import(write_export(tmp_path, data, 'delimiter = ";"'), tmp_path / "a.duckdb")
    assert [f.describe() for f in summary.files] == [
        "users.csv: ';' between fields (from the mapping), utf-8"
    ]


def test_a_file_of_one_column_is_read_with_a_comma(tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.toml"
    write_export(tmp_path, b"User\r\nU1\r\n")
    mapping.write_text('[reps]\nfile = "users.csv"\ncolumns = { rep_id = "User" }\n')
    summary = run_import(mapping, tmp_path / "analytics.duckdb")
    assert (summary.files[0].delimiter, summary.entities[0].read) == (",", 1)


@pytest.mark.parametrize(
    ("data", "options", "expected"),
    [
        (
            csv_text(";").encode("cp1252"),
            "",
            (
                "users.csv, row 2: byte 0xfc is not UTF-8 text (near 'U1;J\ufffdrgen M\ufffdller', "
                "which reads 'U1;Jürgen Müller' as cp1252): set encoding = \"cp1252\" in [reps] "
                "(Excel on Windows saves such files), or save the file as UTF-8"
            ),
        ),
        (
            # A quoted line break: the bad byte is in the third row, on the file's fourth line.
            'User,Name\r\nU1,"two\r\nlines"\r\nU2,Gr\xfcn\r\n'.encode("latin-1"),
            "",
            "users.csv, row 3: byte 0xfc is not UTF-8 text",
        ),
        (
            b"User,Name\r\nU1,Ann\r\nU2,Bad \x81 byte\r\n",
            'encoding = "cp1252"',
            (
                "users.csv, row 3: byte 0x81 is not cp1252 text (near 'U2,Bad \ufffd byte'): set "
                'the file\'s real encoding in [reps]: encoding = "utf-8", "latin-1", …'
            ),
        ),
        (
            csv_text().encode("utf-16-le"),
            'encoding = "utf-16"',
            (
                'users.csv: has no byte-order mark, which UTF-16 needs (encoding = "utf-16" in '
                "[reps]): save it as UTF-8, or as UTF-16 with a byte-order mark (Excel's Unicode "
                "Text)"
            ),
        ),
    ],
)
def test_a_wrong_encoding_names_the_file_the_row_and_the_option(
    tmp_path: Path, data: bytes, options: str, expected: str
) -> None:
    with pytest.raises(MalformedInputError) as error:
        run_import(write_export(tmp_path, data, options), tmp_path / "analytics.duckdb")
    assert str(error.value).startswith(expected)


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ('encoding = "klingon"', "[reps] encoding: 'klingon' is not an encoding (use "),
        ('encoding = "utf-32"', "[reps] encoding: 'utf-32' is not an encoding (use "),
        ('encoding = "rot13"', "[reps] encoding: 'rot13' is not an encoding (use "),
    ],
)
def test_an_unknown_encoding_is_a_mapping_mistake(
    tmp_path: Path, options: str, expected: str
) -> None:
    mapping = write_export(tmp_path, csv_text().encode(), options)
    with pytest.raises(MappingError) as error:
        mapping_read(mapping)
    assert str(error.value).startswith(f"mapping.toml: {expected}")


def test_the_encoding_may_be_given_once_for_every_file(tmp_path: Path) -> None:
    mapping = write_export(tmp_path, csv_text().encode("cp1252"))
    mapping.write_text('encoding = "cp1252"\n' + mapping.read_text(encoding="utf-8"))
    store = tmp_path / "analytics.duckdb"
    run_import(mapping, store)
    assert names(store) == ["Jürgen Müller", "Zoë Ørsted, Jr.", "Ann Lee"]
