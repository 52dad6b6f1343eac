"""The one set of result writers, for the CLI and the endpoint alike.

`kaiping-kg query --format` (and `sparql`, `reports`) offers:

- `table`: aligned columns for people; an IRI as it is, a literal as its lexical form, a blank
  node as `_:label`, nothing for an unbound variable; Chinese (wide) characters count two.
- `csv`: SPARQL 1.1 Query Results CSV (W3C): a header of the variable names (no `?`), cells
  as plain values (IRIs bare, literals without quotes, language or datatype, blank nodes as
  `_:label`), RFC 4180 quoting and CRLF line ends.
- `tsv`: SPARQL 1.1 Query Results TSV (W3C): a header of `?var`, cells as terms in N-Triples
  syntax (`<iri>`, `"text"@zh`, `"1.5"^^<…#decimal>`, `_:b`), LF line ends.
- `json`: an array of objects, one per row, `{"var": value}` (as Datasette gives): every
  variable is a key, an unbound one is null; xsd numbers are JSON numbers (their lexical
  form, never rounded), xsd:boolean is true/false, everything else a string (an IRI, a
  literal's lexical form, `_:label`). An ASK gives `[{"boolean": true}]`.
- `jsonl`: JSON Lines, the same objects one per line (nothing for no rows).
- `sparql-json`, `sparql-xml`: the W3C SPARQL 1.1 Query Results JSON and XML formats, which
  keep every term's kind, datatype and language (the endpoint's `json` and `xml`).

`write_atomic` is how every file the project writes reaches the disk: a temporary file in the
same folder, renamed into place, so a failed or killed write leaves the previous file whole.
"""

from __future__ import annotations

import contextlib
import csv
import decimal
import io
import json
import os
import re
import tempfile
import unicodedata
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox
from wcwidth import wcswidth, wcwidth

from kg_build.answers import Result, Term

FORMATS = ("table", "csv", "tsv", "json", "jsonl", "sparql-json", "sparql-xml")
FORMAT_HELP = (
    "table (default), csv (W3C SPARQL CSV), tsv (W3C SPARQL TSV: ?var header, N-Triples "
    "terms), json (an array of {var: value} objects), jsonl (one such object a line), "
    "sparql-json or sparql-xml (the W3C SPARQL results formats)"
)
NUMERIC = {
    "http://www.w3.org/2001/XMLSchema#" + t
    for t in ("integer", "decimal", "double", "float", "long", "int", "nonNegativeInteger")
}
BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_JSON_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?")


def write_atomic(path: Path | str, data: bytes | str) -> Path:
    """Write `data` to `path` atomically (tmp file in the same folder + os.replace).

    A device or pipe (/dev/stdout, /dev/full) is written in place. The folder is created if
    missing. OS errors (a full disk, a read-only folder, a path
    under a file, a folder where the file should be) become a KgError naming the path and
    the cause; the previous file, if any, is left as it was.
    """
    from kg_build.errors import KgError

    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if path.is_dir():
        raise KgError(f"cannot write {path}: it is a folder; give a file name")
    if path.exists() and not path.is_file():  # a device or a pipe: no rename onto it
        try:
            with open(path, "wb") as fh:
                fh.write(payload)
        except OSError as exc:
            raise KgError(f"cannot write {path}: {exc.strerror or exc}") from exc
        return path
    blocker = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        raise KgError(f"cannot write {path}: {blocker} is a file, not a folder")
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise KgError(f"cannot write {path}: {exc.strerror or exc}") from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return path


def plain(term: Term | None) -> str:
    if term is None:
        return ""
    return f"_:{term.value}" if term.kind == "bnode" else term.value


def width(text: str) -> int:
    """Terminal columns taken by `text` (wide CJK characters count two)."""
    w = wcswidth(text)
    if w >= 0:
        return w
    return sum(max(wcwidth(c), 0) for c in text)  # control characters count zero


def one_line(text: str) -> str:
    """Tabs, newlines and other controls as single spaces, so a cell keeps to its row."""
    return "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)


def rows_of(result: Result) -> tuple[tuple[str, ...], list[list[Term | None]]]:
    if result.kind == "ask":
        return ("boolean",), [[Term("literal", "true" if result.boolean else "false", BOOLEAN)]]
    return result.variables, [list(row) for row in result.rows]


def render_table(result: Result) -> str:
    """Columns padded to the widest cell; numbers aligned right; a rule under the header."""
    header, rows = rows_of(result)
    cells = [[one_line(plain(t)) for t in row] for row in rows]
    widths = [width(h) for h in header]
    for row in cells:
        widths = [max(w, width(c)) for w, c in zip(widths, row, strict=True)]
    numeric = [
        bool(rows) and all(r[i] is None or r[i].datatype in NUMERIC for r in rows)
        for i in range(len(header))
    ]

    def line(values: list[str]) -> str:
        parts = []
        for value, w, right in zip(values, widths, numeric, strict=True):
            pad = " " * (w - width(value))
            parts.append(pad + value if right else value + pad)
        return "  ".join(parts).rstrip()

    out = [line(list(header)), "  ".join("-" * w for w in widths)]
    out.extend(line(row) for row in cells)
    return "\n".join(out) + "\n"


def render_csv(result: Result, delimiter: str = ",") -> str:
    """SPARQL 1.1 Query Results CSV: plain values, blank nodes as `_:label`, CRLF line ends."""
    header, rows = rows_of(result)
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([plain(t) for t in row])
    return buf.getvalue()


def json_value(term: Term | None) -> str:
    """A cell as a JSON value (already written out): null, a number, true/false or a string."""
    if term is None:
        return "null"
    if term.kind == "literal" and term.datatype in NUMERIC:
        text = term.value.strip()
        if not _JSON_NUMBER.fullmatch(text):  # e.g. "+1.5", ".5", "5.": write the same number
            try:
                text = str(decimal.Decimal(text))
            except decimal.InvalidOperation:
                text = ""
        if _JSON_NUMBER.fullmatch(text):
            return text
    if term.kind == "literal" and term.datatype == BOOLEAN and term.value in ("true", "false"):
        return term.value
    return json.dumps(plain(term), ensure_ascii=False)


def json_objects(result: Result) -> list[str]:
    """Each row as one compact JSON object `{"var": value, …}` (every variable a key)."""
    header, rows = rows_of(result)
    keys = [json.dumps(h, ensure_ascii=False) for h in header]
    return [
        "{" + ", ".join(f"{k}: {json_value(t)}" for k, t in zip(keys, row, strict=True)) + "}"
        for row in rows
    ]


def render_objects(result: Result) -> str:
    """`json`: an array of row objects, one a line."""
    objects = json_objects(result)
    if not objects:
        return "[]\n"
    return "[\n" + ",\n".join(objects) + "\n]\n"


def render_jsonl(result: Result) -> str:
    """`jsonl`: JSON Lines, one row object a line."""
    return "".join(o + "\n" for o in json_objects(result))


def json_term(term: Term) -> dict[str, str]:
    cell = {"type": term.kind, "value": term.value}
    if term.lang:
        cell["xml:lang"] = term.lang
    elif term.datatype:
        cell["datatype"] = term.datatype
    return cell


def render_json(result: Result) -> str:
    """`sparql-json`: SPARQL 1.1 Query Results JSON, indented, for terminals and files."""
    return sparql_json(result, indent=1) + "\n"


def sparql_json(result: Result, *, indent: int | None = None, truncated: bool = False) -> str:
    """SPARQL 1.1 Query Results JSON; `truncated` adds a member saying a row cap cut it (an
    extra member clients ignore)."""
    if result.kind == "ask":
        data: dict = {"head": {}, "boolean": bool(result.boolean)}
    else:
        bindings = [
            {var: json_term(t) for var, t in zip(result.variables, row, strict=True) if t}
            for row in result.rows
        ]
        data = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
        if truncated:
            data["truncated"] = True
    return json.dumps(data, ensure_ascii=False, indent=indent)


def _xml_term(term: Term) -> str:
    value = escape(term.value)
    if term.kind == "uri":
        return f"<uri>{value}</uri>"
    if term.kind == "bnode":
        return f"<bnode>{value}</bnode>"
    if term.lang:
        return f"<literal xml:lang={quoteattr(term.lang)}>{value}</literal>"
    if term.datatype:
        return f"<literal datatype={quoteattr(term.datatype)}>{value}</literal>"
    return f"<literal>{value}</literal>"


def sparql_xml(result: Result) -> str:
    """SPARQL Query Results XML Format."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
        "<head>",
    ]
    out += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
    out.append("</head>")
    if result.kind == "ask":
        out.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in result.rows:
            out.append("<result>")
            for v, t in zip(result.variables, row, strict=True):
                if t is not None:
                    out.append(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>")
            out.append("</result>")
        out.append("</results>")
    out.append("</sparql>")
    return "\n".join(out)


def nt_term(term: Term) -> str:
    """A cell in N-Triples syntax, escaped by pyoxigraph: <iri>, _:b, "text"@zh, "1"^^<…>."""
    if term.kind == "uri":
        return str(ox.NamedNode(term.value))
    if term.kind == "bnode":
        return str(ox.BlankNode(term.value))
    if term.lang:
        return str(ox.Literal(term.value, language=term.lang))
    if term.datatype:
        return str(ox.Literal(term.value, datatype=ox.NamedNode(term.datatype)))
    return str(ox.Literal(term.value))


def sparql_tsv(result: Result) -> str:
    """SPARQL 1.1 TSV: `?var` headers, cells as N-Triples terms (tabs and newlines escaped)."""
    if result.kind == "ask":
        return "?boolean\n" + ("true\n" if result.boolean else "false\n")

    def cell(term: Term | None) -> str:
        text = "" if term is None else nt_term(term)
        return text.replace("\t", "\\t").replace("\n", "\\n")

    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join(cell(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def render(result: Result, fmt: str) -> str:
    """The result in one of FORMATS."""
    writers = {
        "table": render_table,
        "csv": render_csv,
        "tsv": sparql_tsv,
        "json": render_objects,
        "jsonl": render_jsonl,
        "sparql-json": render_json,
        "sparql-xml": lambda r: sparql_xml(r) + "\n",
    }
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r}; one of {FORMATS}")
    return writers[fmt](result)
