"""Stored SPARQL queries: load their headers, bind parameters safely, run them.

A stored query is `queries/NAME.rq`: a header of leading `#` lines holding YAML (title in zh
and en, description, params, columns; see docs/queries-format.md), then one SPARQL query in
which parameter NAME is the variable `?p_NAME`.

API (used by the CLI and by the server):

- `load_queries(directory=None) -> dict[str, StoredQuery]`: every stored query by name (cached).
- `get_query(name) -> StoredQuery`: one of them; an unknown name raises KgError with close names.
- `parse_param_args(query, ["KEY=VALUE", ...]) -> dict[str, str]`: the CLI's `--param` values.
- `bind_params(query, params) -> dict[str, Term]`: typed terms for the given values and the
  defaults; a malformed, unknown or missing parameter raises KgError.
- `bind_values_clause(query, params) -> str`: the query text with a `VALUES` block of
  escaped terms as the first element of its outermost group; what is sent to any endpoint.
- `run_query(store, query, params) -> Result`: a stored query on a pyoxigraph Store (ad-hoc
  queries and the Result type are kg_build/answers.py).

Binding. Values are parsed by type (iri: absolute IRI; integer, decimal, year: numbers;
string: a plain literal) and become RDF terms serialised by pyoxigraph, which escapes them,
so no user text is ever pasted into a query. The embedded store and external endpoints get
the same text (the VALUES block), so they give the same rows. We do not use pyoxigraph's
`substitutions=`: Oxigraph 0.5 folds `BOUND(?p)` on a variable the pattern never binds to
false before substituting, so the usual `FILTER(!BOUND(?p) || …)` of optional parameters
would be wrong, and it insists that substituted variables are projected.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import yaml

from kg_build.answers import Result, execute
from kg_build.errors import KgError
from kg_build.paths import queries_dir

XSD = "http://www.w3.org/2001/XMLSchema#"
VAR_PREFIX = "p_"  # parameter NAME is the variable ?p_NAME in the query text
PARAM_TYPES = ("iri", "string", "integer", "decimal", "year")
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
PARAM_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Characters an IRI reference may not contain (RFC 3987 plus SPARQL's IRIREF exclusions).
# Where a query wants its VALUES block: `#%params` (every parameter) or `#%params a b` (only
# those, so that each parameter is bound once, in the sub-SELECT that uses it).
MARKER = re.compile(r"#%params((?:[ \t]+[A-Za-z_][A-Za-z0-9_]*)*)[ \t]*$", re.MULTILINE)
BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


@dataclass(frozen=True)
class Param:
    name: str
    type: str  # one of PARAM_TYPES
    description: str
    default: str | None = None
    example: str | None = None
    required: bool = False


@dataclass(frozen=True)
class Column:
    name: str
    description: str


@dataclass(frozen=True)
class StoredQuery:
    name: str
    title_zh: str
    title_en: str
    description: str
    params: tuple[Param, ...]
    columns: tuple[Column, ...]
    text: str  # the whole file, header included (a comment to SPARQL)
    path: Path

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


# ---------------------------------------------------------------- loading


def parse_header(text: str, path: Path) -> dict[str, Any]:
    """The YAML held by the leading `#` lines of a query file."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line[2:] if line.startswith("# ") else line[1:])
    try:
        header = yaml.safe_load("\n".join(lines)) if lines else None
    except yaml.YAMLError as exc:
        raise KgError(f"{path}: the header is not valid YAML: {exc}") from exc
    if not isinstance(header, dict):
        raise KgError(f"{path}: no header; start the file with `# title:` … (see docs)")
    return header


def _text(value: Any) -> str | None:
    return None if value is None else str(value).strip()


def parse_query_file(path: Path) -> StoredQuery:
    """Read and check one `.rq` file."""
    text = path.read_text(encoding="utf-8")
    h = parse_header(text, path)
    name = path.stem
    if not NAME_RE.match(name):
        raise KgError(f"{path}: query names are lower-case words joined by '-'")
    title = h.get("title") or {}
    if not isinstance(title, dict) or not title.get("zh") or not title.get("en"):
        raise KgError(f"{path}: the header needs `title: {{zh: …, en: …}}`")
    if not h.get("description"):
        raise KgError(f"{path}: the header needs a description")
    params = []
    for raw in h.get("params") or []:
        p = Param(
            name=str(raw.get("name", "")),
            type=str(raw.get("type", "")),
            description=_text(raw.get("description")) or "",
            default=_text(raw.get("default")),
            example=_text(raw.get("example")),
            required=bool(raw.get("required", False)),
        )
        if not PARAM_RE.match(p.name) or p.type not in PARAM_TYPES:
            raise KgError(f"{path}: parameter {raw!r} needs a name and a type in {PARAM_TYPES}")
        if not re.search(rf"\?{VAR_PREFIX}{p.name}\b", text):
            raise KgError(f"{path}: parameter {p.name} is not used as ?{VAR_PREFIX}{p.name}")
        params.append(p)
    for marker in MARKER.finditer(text):
        unknown = set(marker.group(1).split()) - {p.name for p in params}
        if unknown:
            raise KgError(f"{path}: `#%params` names no parameter {', '.join(sorted(unknown))}")
    columns = tuple(
        Column(str(c["name"]), _text(c.get("description")) or "")
        if isinstance(c, dict)
        else Column(str(c), "")
        for c in h.get("columns") or []
    )
    if not columns:
        raise KgError(f"{path}: the header needs the columns the query returns")
    return StoredQuery(
        name=name,
        title_zh=str(title["zh"]).strip(),
        title_en=str(title["en"]).strip(),
        description=_text(h["description"]) or "",
        params=tuple(params),
        columns=columns,
        text=text,
        path=path,
    )


@lru_cache(maxsize=8)
def _load(directory: Path) -> dict[str, StoredQuery]:
    if not directory.is_dir():
        raise KgError(f"no stored queries at {directory}; reinstall kaiping-kg")
    return {p.stem: parse_query_file(p) for p in sorted(directory.glob("*.rq"))}


def load_queries(directory: Path | None = None) -> dict[str, StoredQuery]:
    """Every stored query by name, in name order (parsed once per folder)."""
    return dict(_load((directory or queries_dir()).resolve()))


def get_query(name: str, directory: Path | None = None) -> StoredQuery:
    queries = load_queries(directory)
    if name in queries:
        return queries[name]
    close = difflib.get_close_matches(name, list(queries), n=3, cutoff=0.5)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    raise KgError(f"no stored query named {name!r}; {hint}`kaiping-kg queries` lists them")


# ---------------------------------------------------------------- parameters


def parse_param_args(query: StoredQuery, pairs: list[str] | None) -> dict[str, str]:
    """`KEY=VALUE` strings → a dict; a pair without '=' or with an unknown key is an error."""
    params: dict[str, str] = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise KgError(f"--param {pair!r} is not KEY=VALUE; e.g. {example_param(query)}")
        if query.param(key) is None:
            raise KgError(unknown_param(query, key))
        params[key] = value
    return params


def example_param(query: StoredQuery) -> str:
    p = next(iter(query.params), None)
    if p is None:
        return "(this query takes no parameters)"
    return f"--param {p.name}={p.example or p.default or '…'}"


def unknown_param(query: StoredQuery, key: str) -> str:
    names = ", ".join(p.name for p in query.params) or "none"
    return f"query {query.name} has no parameter {key!r}; its parameters: {names}"


def to_term(param: Param, value: str) -> ox.NamedNode | ox.Literal:
    """Parse a parameter's string value by its type into an RDF term."""
    value = value.strip() if param.type != "string" else value
    what = f"--param {param.name}={value!r}"
    if param.type == "iri":
        if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value) or BAD_IRI.search(value):
            raise KgError(f"{what}: not an absolute IRI; give e.g. https://w3id.org/kaiping-kg/…")
        try:
            return ox.NamedNode(value)
        except ValueError as exc:
            raise KgError(f"{what}: not a valid IRI ({exc})") from exc
    if param.type == "string":
        if not value:
            raise KgError(f"{what}: empty; give some text or leave the parameter out")
        return ox.Literal(value)
    if param.type in ("integer", "year"):
        if not re.fullmatch(r"[+-]?\d+", value):
            raise KgError(f"{what}: not an integer")
        number = int(value)
        if param.type == "year" and not 1000 <= number <= 9999:
            raise KgError(f"{what}: not a four-digit year such as 2024")
        return ox.Literal(str(number), datatype=ox.NamedNode(XSD + "integer"))
    if param.type == "decimal":
        try:
            number = Decimal(value)
        except InvalidOperation as exc:
            raise KgError(f"{what}: not a decimal number such as 2.5") from exc
        if not number.is_finite() or not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)", value):
            raise KgError(f"{what}: not a decimal number such as 2.5")
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "decimal"))
    raise KgError(f"parameter {param.name} has an unknown type {param.type!r}")  # pragma: no cover


def bind_params(query: StoredQuery, params: dict[str, str]) -> dict[str, ox.NamedNode | ox.Literal]:
    """Typed terms for the given values plus defaults, in header order."""
    for key in params:
        if query.param(key) is None:
            raise KgError(unknown_param(query, key))
    bound: dict[str, ox.NamedNode | ox.Literal] = {}
    for p in query.params:
        value = params.get(p.name, p.default)
        if value is None:
            if p.required:
                raise KgError(
                    f"query {query.name} needs --param {p.name}=… ({p.description}); "
                    f"e.g. --param {p.name}={p.example or '…'}"
                )
            continue
        bound[p.name] = to_term(p, value)
    return bound


def values_block(bound: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """`VALUES (?a ?b) { (term term) }` from terms pyoxigraph serialises (and escapes)."""
    if not bound:
        return ""
    names = " ".join(f"?{VAR_PREFIX}{name}" for name in bound)
    terms = " ".join(str(term) for term in bound.values())
    return f"VALUES ({names}) {{ ({terms}) }}"


def outer_group_start(text: str) -> int:
    """Offset just after the `{` opening the outermost group (the WHERE clause of a SELECT or
    ASK), skipping comments, strings and IRIs."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif c in "\"'":
            quote = text[i : i + 3] if text[i : i + 3] in ('"""', "'''") else c
            i += len(quote)
            while i < n and not text.startswith(quote, i):
                i += 2 if text[i] == "\\" else 1
            i += len(quote)
        elif c == "<" and re.match(r"<[^\s<>\"{}|^`\\]*>", text[i:]):
            i = text.index(">", i) + 1
        elif c == "{":
            return i + 1
        else:
            i += 1
    raise KgError("the query has no { … } group to bind parameters into")


def bind_values_clause(query: StoredQuery, params: dict[str, str]) -> str:
    """The query text with its parameters bound by a VALUES block: at each line `#%params` if
    the query has any (`#%params a b`: only parameters a and b there), else first in its
    outermost group.

    Parameters are used only where that block's bindings reach: the group it opens (its
    triple patterns, FILTERs, BINDs, OPTIONALs and EXISTS), not a sub-SELECT inside it."""
    bound = bind_params(query, params)
    if not bound:
        return query.text
    if MARKER.search(query.text):

        def at_marker(marker: re.Match) -> str:
            names = marker.group(1).split()
            return values_block({k: v for k, v in bound.items() if not names or k in names})

        return MARKER.sub(at_marker, query.text)
    block = values_block(bound)
    at = outer_group_start(query.text)
    return f"{query.text[:at]}\n  {block}\n{query.text[at:]}"


# ---------------------------------------------------------------- running


def run_query(store: ox.Store, query: StoredQuery, params: dict[str, str] | None = None) -> Result:
    """A stored query with its parameters bound, on the embedded store."""
    return execute(store, bind_values_clause(query, params or {}))
