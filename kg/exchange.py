"""The whole graph with provenance as JSON (lossless, re-importable), CSV or GraphML, streamed."""

import csv
import io
import json
import math
import re
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import escape, quoteattr

from kg import repository
from kg.errors import InvalidQuery
from kg.vocabulary import Label, RelType, allows

FORMAT = "kg-export"
VERSION = 1
SECTIONS = repository.EXPORT_SECTIONS
MEDIA_TYPES = {"json": "application/json", "csv": "text/csv", "graphml": "application/graphml+xml"}


def _rows() -> Iterator[tuple[str, dict]]:
    for section in SECTIONS:
        for row in repository.export_rows(section=section):
            yield section, row


def export_json() -> Iterator[str]:
    """One record per line inside each section's array: streamable, diffable, and still plain JSON."""
    yield json.dumps({"format": FORMAT, "version": VERSION})[:-1]
    for section in SECTIONS:
        yield f',\n"{section}": ['
        separator = "\n"
        for row in repository.export_rows(section=section):
            yield separator + json.dumps(row, ensure_ascii=False, sort_keys=True, allow_nan=False)
            separator = ",\n"
        yield "\n]"
    yield "\n}\n"


_RECORD = {section: section.removesuffix("s") for section in SECTIONS} | {"entities": "entity"}
CSV_COLUMNS = ("record", "key", "label", "name", "subject", "type", "object", "document", "properties")


def _csv_record(section: str, row: dict) -> dict:
    props = row["properties"]
    return {
        "record": _RECORD[section],
        "key": row.get("key") or row.get("from_key") or "",
        "label": row.get("label", ""),
        "name": props.get("name") or props.get("title") or "",
        "subject": row.get("subject") or row.get("entity") or row.get("about") or "",
        "type": row.get("type") or props.get("type") or props.get("kind") or "",
        "object": row.get("object") or row.get("fact") or props.get("to_key") or "",
        "document": row.get("document") or "",
        "properties": json.dumps(props, ensure_ascii=False, sort_keys=True),
    }


def export_csv() -> Iterator[str]:
    """One table, a row per record; `properties` holds every property as JSON."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for section, row in _rows():
        writer.writerow(_csv_record(section, row))
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


# XML 1.0 cannot carry these code points at all, escaped or not.
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str) -> str:
    return escape(_XML_INVALID.sub("\ufffd", text))


def _graphml_items(section: str, row: dict) -> Iterator[str]:
    props = json.dumps(row["properties"], ensure_ascii=False, sort_keys=True)
    name = str(row["properties"].get("name") or row["properties"].get("title") or "")

    def node(node_id: str, kind: str) -> str:
        return (
            f'<node id={quoteattr(_xml(node_id))}><data key="kind">{kind}</data>'
            f'<data key="name">{_xml(name)}</data><data key="props">{_xml(props)}</data></node>\n'
        )

    def edge(source: str, target: str, kind: str, with_props: bool = False) -> str:
        data = f'<data key="props">{_xml(props)}</data>' if with_props else ""
        return (
            f"<edge source={quoteattr(_xml(source))} target={quoteattr(_xml(target))}>"
            f'<data key="type">{kind}</data>{data}</edge>\n'
        )

    if section == "entities":
        yield node(f"entity:{row['key']}", row["label"])
    elif section == "documents":
        yield node(f"document:{row['key']}", "Document")
    elif section == "facts":
        yield node(f"fact:{row['key']}", "Fact")
        yield edge(f"fact:{row['key']}", f"entity:{row['subject']}", "SUBJECT")
        yield edge(f"fact:{row['key']}", f"entity:{row['object']}", "OBJECT")
    elif section == "claims":
        yield node(f"claim:{row['key']}", "Claim")
        if row["fact"]:
            yield edge(f"claim:{row['key']}", f"fact:{row['fact']}", "SUPPORTS")
        if row["about"]:
            yield edge(f"claim:{row['key']}", f"entity:{row['about']}", "ABOUT")
        if row["document"]:
            yield edge(f"claim:{row['key']}", f"document:{row['document']}", "STATED_IN")
        if row.get("cites"):
            yield edge(f"claim:{row['key']}", f"document:{row['cites']}", "CITES")
    elif section == "mentions":
        yield edge(f"entity:{row['entity']}", f"document:{row['document']}", "MENTIONED_IN", True)
    elif section == "relations":
        yield edge(f"entity:{row['subject']}", f"entity:{row['object']}", row["type"], True)
    elif section == "redirects":
        yield node(f"redirect:{row['from_key']}", "Redirect")
        yield edge(f"redirect:{row['from_key']}", f"entity:{row['properties'].get('to_key', '')}", "REDIRECTS_TO")
    elif section == "attribute_decisions":
        yield node(f"attribute-decision:{row['key']}", "AttributeDecision")


_GRAPHML_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
<key id="kind" for="node" attr.name="kind" attr.type="string"/>
<key id="name" for="node" attr.name="name" attr.type="string"/>
<key id="props" for="all" attr.name="properties" attr.type="string"/>
<key id="type" for="edge" attr.name="type" attr.type="string"/>
<graph id="kg" edgedefault="directed">
"""


def export_graphml() -> Iterator[str]:
    """Entities, documents, facts, claims and redirects as nodes; relations and provenance as edges."""
    yield _GRAPHML_HEAD
    for section, row in _rows():
        yield from _graphml_items(section, row)
    yield "</graph>\n</graphml>\n"


EXPORTERS = {"json": export_json, "csv": export_csv, "graphml": export_graphml}


def graph_export(*, fmt: str) -> Iterator[str]:
    if fmt not in EXPORTERS:
        raise InvalidQuery(f"Unknown export format '{fmt}'.", detail={"format": fmt})
    return EXPORTERS[fmt]()


def unexported_content() -> dict[str, list]:
    """Node labels and relationship types in the graph that the exchange format does not carry."""
    return repository.unknown_content()


# --- import -------------------------------------------------------------------------------------


class ImportFileError(ValueError):
    """The file is not a kg-export this version can import; nothing was written."""


_REQUIRED = {
    "entities": ("key", "label"),
    "documents": ("key",),
    "facts": ("key", "subject", "object"),
    "claims": ("key",),
    "mentions": ("entity", "document"),
    "relations": ("subject", "type", "object"),
    "redirects": ("from_key",),
    "attribute_decisions": ("key",),
}


def _scalar(value: object) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, str | int | bool)


def _valid_property(value: object) -> bool:
    if isinstance(value, dict):
        return set(value) == {"$datetime"} and isinstance(value["$datetime"], str)
    if isinstance(value, list):
        return all(_scalar(v) for v in value) and len({type(v) for v in value}) <= 1
    return _scalar(value)


def _check_row(section: str, index: int, row: object) -> None:
    where = f"{section}[{index}]"
    if not isinstance(row, dict) or not isinstance(row.get("properties"), dict):
        raise ImportFileError(f"{where}: expected an object with 'properties'")
    for name in _REQUIRED[section]:
        if not isinstance(row.get(name), str) or not row[name]:
            raise ImportFileError(f"{where}: '{name}' must be a non-empty string")
    if section == "entities" and row["label"] not in {label.value for label in Label}:
        raise ImportFileError(f"{where}: unknown label {row['label']!r}")
    if section == "relations" and row["type"] not in {rel.value for rel in RelType}:
        raise ImportFileError(f"{where}: unknown relation type {row['type']!r}")
    bad = [k for k, v in row["properties"].items() if not _valid_property(v)]
    if bad:
        raise ImportFileError(f"{where}: properties {bad} are not storable values")


def validate_export(data: object) -> dict[str, list]:
    """The sections of a parsed export file, each row checked: the import writes only after this."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportFileError(f"not a {FORMAT} file")
    if data.get("version") != VERSION:
        raise ImportFileError(f"unsupported version {data.get('version')!r}; this app reads version {VERSION}")
    sections = {}
    for section in SECTIONS:
        rows = data.get(section, [])
        if not isinstance(rows, list):
            raise ImportFileError(f"'{section}' must be a list")
        for index, row in enumerate(rows):
            _check_row(section, index, row)
        sections[section] = rows
    _check_endpoints(sections)
    return sections


def _check_endpoints(sections: dict[str, list]) -> None:
    """The loader's allow-list holds for an import too: an edge between two entities of the file
    must join labels the vocabulary allows (kg.vocabulary.ENDPOINTS)."""
    labels = {row["key"]: row["label"] for row in sections.get("entities", ())}
    for index, row in enumerate(sections.get("relations", ())):
        subject, obj = labels.get(row["subject"]), labels.get(row["object"])
        if subject and obj and not allows(row["type"], subject, obj):
            raise ImportFileError(f"relations[{index}]: {row['type']} cannot join a {subject} to a {obj}")


def _chunks(rows: list, size: int) -> Iterable[list]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def graph_import(*, data: object, replace: bool = False) -> dict[str, int]:
    """Write a validated export: --replace empties the graph first; otherwise rows upsert by key."""
    sections = validate_export(data)
    if replace:
        repository.wipe()
    for section in SECTIONS:
        for chunk in _chunks(sections[section], repository.EXPORT_BATCH):
            repository.import_rows(section=section, rows=chunk)
    return {section: len(rows) for section, rows in sections.items()}
