"""Opening a .docx safely: every check happens before anything is inflated or parsed.

A .docx is a zip archive of XML parts. A file that is not one, is damaged or truncated, is
password-protected (Office then stores it as an OLE compound file), is far larger than any CIA,
or is a zip bomb (parts that inflate to gigabytes) is refused with :class:`DocxImportError`,
whose message names the problem. Only the few parts the importer reads are ever inflated,
each read in chunks against a hard limit; the XML parser resolves no entities, loads no DTD
and touches no network.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

MAX_FILE_BYTES = 40 * 1024 * 1024
"""A long CIA is about 100 KB; with pictures a few MB. Anything over this is refused unread."""
MAX_MEMBERS = 5_000
MAX_PART_BYTES = 64 * 1024 * 1024
"""Largest inflated size of one part the importer reads (document.xml of a 300-page CIA is ~5 MB)."""
MAX_TOTAL_DECLARED = 512 * 1024 * 1024
"""Largest total inflated size the archive may declare (pictures included)."""
MAX_RATIO = 200
"""Largest compression ratio of a sizeable part; XML compresses ~10:1, a zip bomb 1000:1 and more."""
RATIO_FLOOR = 4 * 1024 * 1024
"""Parts smaller than this inflated are not ratio-checked (tiny parts can compress very well)."""
CHUNK = 256 * 1024

OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RT_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
RT_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
RT_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
RT_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
RT_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
RT_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"

WORD_MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
OTHER_OFFICE = {
    "spreadsheetml": "an Excel workbook",
    "presentationml": "a PowerPoint presentation",
    "opendocument.text": "an OpenDocument text file (.odt); save it from Word or LibreOffice as .docx",
    "opendocument": "an OpenDocument file",
}


class DocxImportError(Exception):
    """A Word document could not be imported; the message says why, fit to show a person."""


@dataclass
class Package:
    """The parts of a .docx the importer needs, parsed."""

    name: str
    document: object
    """lxml root of the main document part (w:document)."""
    links: dict[str, str] = field(default_factory=dict)
    """Relationship id -> external hyperlink target, for the main document part."""
    numbering: object | None = None
    styles: object | None = None
    custom: dict[str, str] = field(default_factory=dict)
    """Custom document properties (name -> text value)."""
    core: dict[str, str] = field(default_factory=dict)
    """Core properties (title, subject, …) by local name."""


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    return f"{max(1, n // 1024)} KB"


def _sniff(head: bytes) -> str:
    """What a file that is not a zip archive probably is, for the message."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"{\\rtf"):
        return "an RTF file, not a .docx; open it in Word and save it as a Word Document (.docx)"
    if text.startswith(b"%pdf"):
        return "a PDF, not a Word document"
    if text.startswith((b"<!doctype html", b"<html")):
        return "a web page (HTML), not a Word document"
    if text.startswith(b"<?xml") or text.startswith(b"<"):
        return "an XML file, not a Word .docx (a .docx is a zip archive of XML parts)"
    if text.startswith((b"{", b"[")):
        return "a JSON file, not a Word document (use it with 'cia import' as a .json file)"
    return "not a Word .docx file (it is not a zip archive)"


def _refuse(name: str, problem: str) -> DocxImportError:
    return DocxImportError(f"{name}: {problem}")


def _ole_problem(path: Path) -> str:
    """An OLE compound file: an encrypted (password-protected) OOXML document or an old binary .doc."""
    try:
        with path.open("rb") as fh:
            data = fh.read(min(MAX_FILE_BYTES, 8 * 1024 * 1024))
    except OSError:
        data = b""
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        return ("the document is password-protected (encrypted); open it in Word, remove the password "
                "(File › Info › Protect Document › Encrypt with Password) and save it again as .docx")
    return ("this is an old Word 97–2003 document (.doc) or another Office binary file, not a .docx; "
            "open it in Word and save it as a Word Document (.docx)")


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bytes:
    """Inflate one member in chunks, never past its declared size or the part limit."""
    if info.flag_bits & 0x1:
        raise _refuse(name, f"the part {info.filename} is encrypted; remove the document's password and "
                      "save it again")
    limit = min(info.file_size, MAX_PART_BYTES)
    chunks: list[bytes] = []
    total = 0
    try:
        with zf.open(info) as fh:
            while True:
                chunk = fh.read(CHUNK)
                if not chunk:
                    break
                total += len(chunk)
                if total > limit:
                    raise _refuse(name, f"the part {info.filename} inflates to more than its declared or "
                                  "allowed size (a damaged file or a zip bomb)")
                chunks.append(chunk)
    except DocxImportError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, OSError) as exc:
        raise _refuse(name, f"the document is damaged: the part {info.filename} cannot be read ({exc})") from None
    return b"".join(chunks)


def _parser():  # type: ignore[no-untyped-def]
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           remove_comments=True, remove_pis=True)


def parse_xml(data: bytes, part: str, name: str):  # type: ignore[no-untyped-def]
    """Parse one part with the safe parser; a DTD (never legitimate in a .docx) is refused."""
    from lxml import etree

    head = data[:2048].lower()
    if b"<!doctype" in head or b"<!entity" in head:
        raise _refuse(name, f"the part {part} declares a DTD or entities, which a Word document never does")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise _refuse(name, f"the document is damaged: {part} is not valid XML ({exc})") from None
    if root is None:
        raise _refuse(name, f"the document is damaged: {part} is empty")
    return root


def _rels_path(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def _relationships(zf: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo], part: str,
                   name: str) -> list[tuple[str, str, str, bool]]:
    """(id, type, target, external) of a part's relationships; targets of internal ones resolved."""
    rels_name = _rels_path(part) if part else "_rels/.rels"
    info = infos.get(rels_name)
    if info is None:
        return []
    root = parse_xml(_read_member(zf, info, name), rels_name, name)
    out = []
    base = posixpath.dirname(part)
    for rel in root.iter(f"{{{PKG_REL_NS}}}Relationship"):
        target = rel.get("Target", "")
        external = rel.get("TargetMode") == "External"
        if not external:
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(base, target))
        out.append((rel.get("Id", ""), rel.get("Type", ""), target, external))
    return out


def _content_types(zf: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo], name: str) -> dict[str, str]:
    info = infos.get("[Content_Types].xml")
    if info is None:
        raise _refuse(name, "not a Word document: the archive has no [Content_Types].xml part "
                      "(it is a zip file, but not an Office document)")
    root = parse_xml(_read_member(zf, info, name), "[Content_Types].xml", name)
    types: dict[str, str] = {}
    for el in root:
        tag = el.tag.split("}")[-1] if isinstance(el.tag, str) else ""
        if tag == "Default":
            types["*." + el.get("Extension", "").lower()] = el.get("ContentType", "")
        elif tag == "Override":
            types[el.get("PartName", "").lstrip("/")] = el.get("ContentType", "")
    return types


def _check_sizes(infos: list[zipfile.ZipInfo], archive_size: int, name: str) -> None:
    if len(infos) > MAX_MEMBERS:
        raise _refuse(name, f"the archive holds {len(infos):,} parts (a Word document has a few dozen); "
                      "refused as a possible zip bomb")
    total = 0
    for info in infos:
        total += info.file_size
        compressed = max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and info.file_size / compressed > MAX_RATIO:
            raise _refuse(name, f"the part {info.filename} would inflate from {_size(info.compress_size)} "
                          f"to {_size(info.file_size)} (more than {MAX_RATIO}:1); refused as a zip bomb")
        if info.file_size > MAX_PART_BYTES and info.filename.lower().endswith((".xml", ".rels")):
            raise _refuse(name, f"the part {info.filename} is {_size(info.file_size)} inflated, more than "
                          f"any CIA needs (the limit is {_size(MAX_PART_BYTES)})")
    if total > MAX_TOTAL_DECLARED:
        raise _refuse(name, f"the archive would inflate to {_size(total)} (the limit is "
                      f"{_size(MAX_TOTAL_DECLARED)}); refused as over-large or a zip bomb")
    if archive_size and total > RATIO_FLOOR and total / archive_size > MAX_RATIO:
        raise _refuse(name, f"the archive would inflate from {_size(archive_size)} to {_size(total)}; "
                      "refused as a zip bomb")


def open_package(path: Path) -> Package:
    """Open ``path`` as a Word document, or raise :class:`DocxImportError` naming what is wrong."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise _refuse(name, f"there is no file at {path}") from None
    except OSError as exc:
        raise _refuse(name, f"cannot be read ({exc.strerror or exc})") from None
    if not path.is_file():
        raise _refuse(name, "is not a file")
    if size == 0:
        raise _refuse(name, "the file is empty (0 bytes)")
    if size > MAX_FILE_BYTES:
        raise _refuse(name, f"the file is {_size(size)}, larger than any CIA (the limit is "
                      f"{_size(MAX_FILE_BYTES)}); refused unread")
    try:
        with path.open("rb") as fh:
            head = fh.read(2048)
    except OSError as exc:
        raise _refuse(name, f"cannot be read ({exc.strerror or exc})") from None
    if head.startswith(OLE_SIGNATURE):
        raise _refuse(name, _ole_problem(path))
    if not head.startswith(ZIP_SIGNATURES):
        raise _refuse(name, _sniff(head))

    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise _refuse(name, "the document is damaged or truncated: it starts like a .docx but its zip "
                      "directory is missing or broken (was the download or copy cut short?)") from None
    except (OSError, ValueError, EOFError) as exc:
        raise _refuse(name, f"the document is damaged or truncated ({exc})") from None
    with zf:
        all_infos = zf.infolist()
        _check_sizes(all_infos, size, name)
        infos = {i.filename: i for i in all_infos}
        types = _content_types(zf, infos, name)
        rels = _relationships(zf, infos, "", name)
        main = next((t for _id, rt, t, ext in rels if rt == RT_OFFICE_DOCUMENT and not ext), None)
        if main is None:
            kinds = " ".join(types.values())
            for marker, what in OTHER_OFFICE.items():
                if marker in kinds:
                    raise _refuse(name, f"this is {what}, not a Word document")
            raise _refuse(name, "not a Word document: the archive names no main document part")
        main_type = types.get(main) or types.get("*." + main.rsplit(".", 1)[-1].lower(), "")
        if main_type not in WORD_MAIN_TYPES:
            for marker, what in OTHER_OFFICE.items():
                if marker in main_type:
                    raise _refuse(name, f"this is {what}, not a Word document")
            raise _refuse(name, f"not a Word document (its main part is of type {main_type or 'unknown'})")
        info = infos.get(main)
        if info is None:
            raise _refuse(name, f"the document is damaged: its main part {main} is missing")
        document = parse_xml(_read_member(zf, info, name), main, name)
        if document.tag != f"{{{W_NS}}}document":
            raise _refuse(name, f"not a Word document: {main} is not a WordprocessingML document")

        package = Package(name=name, document=document)
        for rel_id, rel_type, target, external in _relationships(zf, infos, main, name):
            if rel_type == RT_HYPERLINK:
                package.links[rel_id] = target if external else "#" + target
            elif rel_type in (RT_NUMBERING, RT_STYLES) and target in infos:
                root = parse_xml(_read_member(zf, infos[target], name), target, name)
                setattr(package, "numbering" if rel_type == RT_NUMBERING else "styles", root)
        for _id, rel_type, target, external in rels:
            if external or target not in infos:
                continue
            if rel_type == RT_CUSTOM:
                package.custom = _custom_properties(parse_xml(_read_member(zf, infos[target], name), target, name))
            elif rel_type == RT_CORE:
                root = parse_xml(_read_member(zf, infos[target], name), target, name)
                package.core = {el.tag.split("}")[-1]: (el.text or "") for el in root if isinstance(el.tag, str)}
    return package


def _custom_properties(root) -> dict[str, str]:  # type: ignore[no-untyped-def]
    out: dict[str, str] = {}
    for prop in root:
        key = prop.get("name")
        if not key:
            continue
        value = next((child.text or "" for child in prop if isinstance(child.tag, str)), "")
        out[key] = value
    return out
