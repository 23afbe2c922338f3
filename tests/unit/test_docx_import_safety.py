"""Refusing Word files that cannot be imported: every one with a message naming the problem, never a traceback,
and nothing in the store touched."""

from __future__ import annotations

import struct
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document

from cia.cli import main
from cia.docx_import import DocxImportError, read_docx
from cia.docx_import import package as pkg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from docx_fixtures import CX2024, build, load  # noqa: E402


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(load(CX2024), tmp_path_factory.mktemp("good") / "cx.docx")


def refused(path: Path, *words: str) -> str:
    with pytest.raises(DocxImportError) as info:
        read_docx(path)
    message = str(info.value)
    assert message.startswith(path.name + ": ")
    for word in words:
        assert word.lower() in message.lower(), message
    return message


def _rezip(source: Path, target: Path, replace: dict[str, bytes] | None = None,
           add: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = (replace or {}).get(info.filename, zin.read(info))
            zout.writestr(info.filename, data)
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return target


def test_a_good_document_opens(good: Path) -> None:
    assert read_docx(good).report.areas_placed == 11


def test_empty_missing_and_folder(tmp_path: Path) -> None:
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    refused(empty, "empty")
    refused(tmp_path / "nowhere.docx", "no file")
    folder = tmp_path / "folder.docx"
    folder.mkdir()
    refused(folder, "not a file")


@pytest.mark.parametrize("content, words", [
    (b"just some text\n", ("not a zip archive",)),
    (b"{\\rtf1\\ansi hello}", ("RTF",)),
    (b"%PDF-1.7\n", ("PDF",)),
    (b'{"schema_version": 2}', ("JSON",)),
    (b"<html><body>x</body></html>", ("HTML",)),
])
def test_not_a_docx(tmp_path: Path, content: bytes, words: tuple[str, ...]) -> None:
    path = tmp_path / "thing.docx"
    path.write_bytes(content)
    refused(path, *words)


def test_a_word_document_that_is_not_a_cia(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("Minutes of the meeting")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Item"
    path = tmp_path / "minutes.docx"
    doc.save(str(path))
    refused(path, "does not look like a Community Impact Assessment", "Benefits, Risks and Mitigations")


def test_other_office_files_and_plain_zips(tmp_path: Path, good: Path) -> None:
    plain = tmp_path / "plain.docx"
    with zipfile.ZipFile(plain, "w") as zf:
        zf.writestr("hello.txt", "hi")
    refused(plain, "not a Word document", "Content_Types")

    xlsx = tmp_path / "book.docx"
    with zipfile.ZipFile(xlsx, "w") as zf:
        zf.writestr("[Content_Types].xml",
                    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                    'content-types"><Override PartName="/xl/workbook.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
        zf.writestr("_rels/.rels",
                    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                    'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                    '</Relationships>')
        zf.writestr("xl/workbook.xml", "<workbook/>")
    refused(xlsx, "Excel workbook")


def test_truncated(tmp_path: Path, good: Path) -> None:
    data = good.read_bytes()
    for cut in (len(data) // 2, len(data) - 30, 100):
        path = tmp_path / f"cut{cut}.docx"
        path.write_bytes(data[:cut])
        refused(path, "damaged or truncated")


def test_damaged_part(tmp_path: Path, good: Path) -> None:
    """Bytes flipped inside the compressed document part: the checksum or inflation fails."""
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as zf:
        info = zf.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for i in range(start + 20, start + 60):
        data[i] ^= 0x5A
    path = tmp_path / "damaged.docx"
    path.write_bytes(bytes(data))
    refused(path, "damaged")


def test_not_xml(tmp_path: Path, good: Path) -> None:
    refused(_rezip(good, tmp_path / "broken.docx", {"word/document.xml": b"<w:document>unclosed"}),
            "damaged", "not valid XML")


def test_entities_are_refused(tmp_path: Path, good: Path) -> None:
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
              b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
              b"<w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>")
    refused(_rezip(good, tmp_path / "laughs.docx", {"word/document.xml": laughs}), "DTD")


def _ole(extra: bytes) -> bytes:
    header = pkg.OLE_SIGNATURE + b"\x00" * 16 + struct.pack("<HH", 0x3E, 3) + b"\xfe\xff" + b"\x00" * 470
    return header + extra + b"\x00" * 1024


def test_password_protected(tmp_path: Path) -> None:
    """Word stores an encrypted .docx as an OLE compound file holding EncryptionInfo and EncryptedPackage."""
    path = tmp_path / "secret.docx"
    path.write_bytes(_ole("EncryptionInfo".encode("utf-16-le") + b"\x00" * 64
                          + "EncryptedPackage".encode("utf-16-le")))
    refused(path, "password-protected", "remove the password")


def test_old_binary_doc(tmp_path: Path) -> None:
    path = tmp_path / "old.doc"
    path.write_bytes(_ole("WordDocument".encode("utf-16-le")))
    refused(path, "97–2003", "save it as a Word Document (.docx)")


def test_over_large_is_refused_unread(tmp_path: Path, good: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pkg, "MAX_FILE_BYTES", good.stat().st_size - 1)
    refused(good, "larger than any CIA", "refused unread")


def test_zip_bomb_by_ratio(tmp_path: Path, good: Path) -> None:
    """A part that inflates 1000:1 is refused from the sizes the archive declares, before inflating anything."""
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info))
        with zout.open("word/media/padding.bin", "w", force_zip64=True) as fh:
            block = b"\0" * (1024 * 1024)
            for _ in range(64):
                fh.write(block)
    assert bomb.stat().st_size < 1024 * 1024
    refused(bomb, "zip bomb")


def test_zip_bomb_lying_about_its_size(tmp_path: Path, good: Path) -> None:
    """A part that declares a small size but inflates to more is never read past what it declared."""
    big = (b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
           b'main">' + b" " * (8 * 1024 * 1024) + b"</w:document>")
    path = _rezip(good, tmp_path / "liar.docx", {"word/document.xml": big})
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("word/document.xml")
    lie = struct.pack("<I", 4000)
    # the uncompressed size in the local header (offset 22) and in the central directory entry (offset 24)
    data[info.header_offset + 22: info.header_offset + 26] = lie
    pos = bytes(data).find(b"PK\x01\x02")
    while pos >= 0:
        name_len = struct.unpack("<H", data[pos + 28: pos + 30])[0]
        if bytes(data[pos + 46: pos + 46 + name_len]) == b"word/document.xml":
            data[pos + 24: pos + 28] = lie
        pos = bytes(data).find(b"PK\x01\x02", pos + 4)
    path.write_bytes(bytes(data))
    refused(path, "damaged")


def test_too_many_parts(tmp_path: Path, good: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pkg, "MAX_MEMBERS", 30)
    refused(_rezip(good, tmp_path / "many.docx", add={f"word/x{i}.xml": b"<x/>" for i in range(40)}),
            "parts", "zip bomb")


def test_cli_refuses_with_exit_code_4_and_no_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "store"
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really")
    assert main(["--store", str(store), "import", str(path)]) == 4
    captured = capsys.readouterr()
    assert "broken.docx: the document is damaged or truncated" in captured.err
    assert "Traceback" not in captured.err + captured.out
    assert not store.exists() or not list(store.glob("*.json"))
