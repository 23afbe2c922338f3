"""The .docx package: the zip of XML parts around a document body, written directly.

Everything that does not depend on the assessment (styles, numbering, settings, content
types) is read and encoded once per process; building a document is then joining its body,
headers, footers and properties into a zip. No python-docx or lxml on this path.

Parts written: ``[Content_Types].xml``, ``_rels/.rels``, ``docProps/core.xml``,
``docProps/app.xml``, ``docProps/custom.xml``, ``word/document.xml``,
``word/_rels/document.xml.rels``, ``word/styles.xml``, ``word/numbering.xml``,
``word/settings.xml``, and one ``word/headerN.xml`` / ``word/footerN.xml`` per kind of page.

The settings declare Word 2013+ compatibility (``compatibilityMode`` 15), so Word opens the
files normally rather than in Compatibility Mode.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from ..resources import templates_dir
from ..text import strip_illegal

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OD_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RT_HYPERLINK = f"{OD_RELS}/hyperlink"
RT_HEADER = f"{OD_RELS}/header"
RT_FOOTER = f"{OD_RELS}/footer"

XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
CT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"

COMPAT_MODE = 15
"""Word 2013 and later: no Compatibility Mode banner."""


class PackageError(Exception):
    """A part of the package could not be prepared (a style template missing or not valid XML)."""


def _xml_attr(text: str) -> str:
    return (strip_illegal(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


@lru_cache(maxsize=None)
def template_part(name: str) -> bytes:
    """A part from ``templates/docx/`` (read and checked once per process)."""
    path = Path(templates_dir()) / "docx" / name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PackageError(
            f"the document style template {path} cannot be read ({exc.strerror or exc})") from None
    from xml.parsers import expat

    parser = expat.ParserCreate()
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise PackageError(f"the document style template {name} is not valid XML ({exc})") from None
    return data


@lru_cache(maxsize=None)
def check_styles(ids: tuple[str, ...]) -> None:
    """Raise PackageError unless every style id is defined in styles.xml."""
    styles = template_part("styles.xml")
    missing = [sid for sid in ids if f'w:styleId="{sid}"'.encode() not in styles]
    if missing:
        raise PackageError(f"the document styles template lacks the style(s) {', '.join(missing)}")


SETTINGS = (
    XML_DECL
    + f'<w:settings xmlns:w="{W_NS}">'
    '<w:zoom w:percent="100"/>'
    '<w:defaultTabStop w:val="720"/>'
    '<w:characterSpacingControl w:val="doNotCompress"/>'
    "<w:compat>"
    f'<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
    f'w:val="{COMPAT_MODE}"/>'
    '<w:compatSetting w:name="overrideTableStyleFontSizeAndJustification" '
    'w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>'
    '<w:compatSetting w:name="enableOpenTypeFeatures" w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>'
    '<w:compatSetting w:name="doNotFlipMirrorIndents" w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>'
    '<w:compatSetting w:name="differentiateMultirowTableHeaders" '
    'w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>'
    "</w:compat>"
    '<w:themeFontLang w:val="en-GB"/>'
    '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>'
    "</w:settings>"
)


@dataclass
class Package:
    """What goes into one .docx besides the fixed parts."""

    body: str
    """The content of ``<w:body>``, section properties included."""
    headers: list[str] = field(default_factory=list)
    """Content of each header part (paragraphs); referenced as rIdH1, rIdH2 … in section properties."""
    footers: list[str] = field(default_factory=list)
    """Content of each footer part; referenced as rIdF1, rIdF2 …"""
    links: dict[str, str] = field(default_factory=dict)
    """Hyperlink target -> relationship id."""
    core: dict[str, str] = field(default_factory=dict)
    """title, subject, creator, keywords, description, category, contentStatus, lastModifiedBy."""
    custom: dict[str, str | int] = field(default_factory=dict)
    """Custom document properties (name -> text or whole number)."""


def header_rel(n: int) -> str:
    return f"rIdH{n}"


def footer_rel(n: int) -> str:
    return f"rIdF{n}"


def _content_types(n_headers: int, n_footers: int) -> str:
    parts = [
        ("/word/document.xml", f"{CT_MAIN}.document.main+xml"),
        ("/word/styles.xml", f"{CT_MAIN}.styles+xml"),
        ("/word/numbering.xml", f"{CT_MAIN}.numbering+xml"),
        ("/word/settings.xml", f"{CT_MAIN}.settings+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"),
        ("/docProps/custom.xml", "application/vnd.openxmlformats-officedocument.custom-properties+xml"),
    ]
    parts += [(f"/word/header{i}.xml", f"{CT_MAIN}.header+xml") for i in range(1, n_headers + 1)]
    parts += [(f"/word/footer{i}.xml", f"{CT_MAIN}.footer+xml") for i in range(1, n_footers + 1)]
    return (
        XML_DECL
        + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{name}" ContentType="{ct}"/>' for name, ct in parts)
        + "</Types>"
    )


ROOT_RELS = (
    XML_DECL
    + f'<Relationships xmlns="{PKG_RELS}">'
    f'<Relationship Id="rId1" Type="{OD_RELS}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
    'core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{OD_RELS}/extended-properties" Target="docProps/app.xml"/>'
    f'<Relationship Id="rId4" Type="{OD_RELS}/custom-properties" Target="docProps/custom.xml"/>'
    "</Relationships>"
)


def _document_rels(p: Package) -> str:
    rels = [
        ("rIdS", f"{OD_RELS}/styles", "styles.xml", False),
        ("rIdN", f"{OD_RELS}/numbering", "numbering.xml", False),
        ("rIdT", f"{OD_RELS}/settings", "settings.xml", False),
    ]
    rels += [(header_rel(i), RT_HEADER, f"header{i}.xml", False) for i in range(1, len(p.headers) + 1)]
    rels += [(footer_rel(i), RT_FOOTER, f"footer{i}.xml", False) for i in range(1, len(p.footers) + 1)]
    rels += [(rid, RT_HYPERLINK, url, True) for url, rid in p.links.items()]
    out = [XML_DECL, f'<Relationships xmlns="{PKG_RELS}">']
    for rid, rtype, target, external in rels:
        mode = ' TargetMode="External"' if external else ""
        out.append(f'<Relationship Id="{rid}" Type="{rtype}" Target="{_xml_attr(target)}"{mode}/>')
    out.append("</Relationships>")
    return "".join(out)


def _core(core: dict[str, str], when: str) -> str:
    def el(tag: str, key: str) -> str:
        value = core.get(key, "")
        return f"<{tag}>{_xml_attr(value)}</{tag}>" if value else ""

    return (
        XML_DECL
        + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        + el("dc:title", "title")
        + el("dc:subject", "subject")
        + el("dc:creator", "creator")
        + el("cp:keywords", "keywords")
        + el("dc:description", "description")
        + el("cp:lastModifiedBy", "lastModifiedBy")
        + "<cp:revision>1</cp:revision>"
        + f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
        + f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
        + el("cp:category", "category")
        + el("cp:contentStatus", "contentStatus")
        + "<dc:language>en-GB</dc:language>"
        + "</cp:coreProperties>"
    )


def _app() -> str:
    from .. import __version__

    return (
        XML_DECL
        + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"<Application>cia {_xml_attr(str(__version__))}</Application>"
        "<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
        "<Company>Staffordshire County Council</Company>"
        "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        "<HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0000</AppVersion>"
        "</Properties>"
    )


def _custom(props: dict[str, str | int]) -> str:
    out = [
        XML_DECL,
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">',
    ]
    for pid, (name, value) in enumerate(props.items(), start=2):
        if isinstance(value, int) and not isinstance(value, bool):
            typed = f"<vt:i4>{value}</vt:i4>"
        else:
            typed = f"<vt:lpwstr>{_xml_attr(str(value))}</vt:lpwstr>"
        out.append(f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" '
                   f'name="{_xml_attr(name)}">{typed}</property>')
    out.append("</Properties>")
    return "".join(out)


def _part(root: str, content: str) -> str:
    return f'{XML_DECL}<w:{root} xmlns:w="{W_NS}" xmlns:r="{R_NS}">{content}</w:{root}>'


def build(p: Package) -> bytes:
    """The .docx file's bytes."""
    styles = template_part("styles.xml")
    numbering = template_part("numbering.xml")
    when = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    files: list[tuple[str, bytes | str]] = [
        ("[Content_Types].xml", _content_types(len(p.headers), len(p.footers))),
        ("_rels/.rels", ROOT_RELS),
        ("docProps/core.xml", _core(p.core, when)),
        ("docProps/app.xml", _app()),
        ("docProps/custom.xml", _custom(p.custom)),
        ("word/document.xml", _part("document", f"<w:body>{p.body}</w:body>")),
        ("word/_rels/document.xml.rels", _document_rels(p)),
        ("word/styles.xml", styles),
        ("word/numbering.xml", numbering),
        ("word/settings.xml", SETTINGS),
    ]
    files += [(f"word/header{i}.xml", _part("hdr", xml)) for i, xml in enumerate(p.headers, start=1)]
    files += [(f"word/footer{i}.xml", _part("ftr", xml)) for i, xml in enumerate(p.footers, start=1)]
    out = io.BytesIO()
    stamp = datetime.now().timetuple()[:6]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=stamp)  # type: ignore[arg-type]
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)
    return out.getvalue()
