"""The one loader of the genre's rules: `kg_build/data/*.yaml`, checked against `schema.yaml`.

Every rule is an entry with a one-line `about`, exactly one value (`words`, `chars`,
`pattern`, `patterns`, `map` or `value`, as `schema.yaml` declares it) and `examples`:
report text and the records it must (`yields`) and must not (`never`) give. The test suite
runs every example (tests/test_rule_examples.py); see docs/extraction.md for the format.

A file with a rule that `schema.yaml` does not declare, or without one it declares, is an
error; each `Lexicon` records which rules were read, so a test can prove none is dead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kg_build.errors import KgError
from kg_build.paths import data_dir
from kg_build.user_cache import memo

SCHEMA_FILE = "schema.yaml"
KINDS = ("words", "chars", "pattern", "patterns", "map", "value")
ENTRY_KEYS = frozenset({"about", "examples", *KINDS})
EXAMPLE_KEYS = frozenset(
    {"text", "report", "part", "region", "province", "year", "yields", "never", "exact"}
)
RECORD_KINDS = ("observation", "entity", "relation", "section", "statement", "meta")
_SLOT = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class Example:
    """Report text and what reading it must give (see docs/extraction.md)."""

    rule: str
    text: str | None  # body lines, put under a part heading of a small report
    report: str | None  # or a whole report
    part: str = "review"
    region: str | None = None
    province: str | None = None
    year: int = 2024  # the reviewed year; the planned year is the next
    yields: tuple[dict[str, Any], ...] = ()
    never: tuple[dict[str, Any], ...] = ()
    exact: bool = False  # the records of the kinds in `yields` are exactly those


@dataclass(frozen=True)
class Entry:
    name: str
    about: str
    kind: str
    value: Any
    examples: tuple[Example, ...]


@dataclass
class Lexicon:
    """The rules of one data file; every accessor records that its rule was read."""

    name: str
    path: Path
    entries: dict[str, Entry]
    _read: set[str] = field(default_factory=set)
    _compiled: dict[tuple[str, tuple[tuple[str, str], ...]], Any] = field(default_factory=dict)
    _sorted: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def _get(self, key: str, *kinds: str) -> Any:
        entry = self.entries.get(key)
        if entry is None:
            raise KgError(f"{self.path.name} has no rule {key!r}; declare it in {SCHEMA_FILE}")
        if entry.kind not in kinds:
            raise KgError(f"rule {key!r} of {self.path.name} is {entry.kind}, not {kinds[0]}")
        self._read.add(key)
        return entry.value

    def words(self, key: str) -> tuple[str, ...]:
        """A word list as written."""
        return self._get(key, "words")

    def longest_first(self, key: str) -> tuple[str, ...]:
        """A word list (or the keys of a map), longest first, then as written (sorted once)."""
        value = self._get(key, "words", "map")
        if key not in self._sorted:
            self._sorted[key] = tuple(sorted(value, key=len, reverse=True))
        return self._sorted[key]

    def chars(self, key: str) -> str:
        return self._get(key, "chars")

    def map(self, key: str) -> dict[str, Any]:
        return self._get(key, "map")

    def value(self, key: str) -> Any:
        return self._get(key, "value")

    def pattern(self, key: str, **slots: str) -> re.Pattern[str]:
        """A compiled pattern; `{name}` slots are filled with the given sub-patterns."""
        return self._compile(key, self._get(key, "pattern"), slots)

    def patterns(self, key: str, **slots: str) -> tuple[re.Pattern[str], ...]:
        return tuple(self._compile(key, p, slots) for p in self._get(key, "patterns"))

    def _compile(self, key: str, source: str, slots: dict[str, str]) -> re.Pattern[str]:
        cache_key = (source, tuple(sorted(slots.items())))
        if cache_key not in self._compiled:
            filled = _SLOT.sub(lambda m: slots.get(m.group(1), m.group(0)), source)
            self._compiled[cache_key] = _compile(self.path, key, filled)
        return self._compiled[cache_key]

    def reads(self) -> frozenset[str]:
        return frozenset(self._read)


def _compile(path: Path, key: str, source: str) -> re.Pattern[str]:
    try:
        return re.compile(source)
    except re.error as exc:
        raise KgError(f"rule {key!r} of {path.name} is not a valid pattern: {exc}") from exc


def _read_yaml(path: Path) -> Any:
    """A YAML file parsed, or its parse from the user's cache (keyed by its bytes)."""
    try:
        return memo(
            "yaml",
            [path, yaml.__version__],
            lambda: yaml.safe_load(path.read_text(encoding="utf-8")),
        )
    except (OSError, yaml.YAMLError) as exc:
        raise KgError(f"cannot read rules {path}: {exc}; restore the file") from exc


def schema(directory: Path | None = None) -> dict[str, dict[str, str]]:
    """File name (without .yaml) → rule → kind, from schema.yaml."""
    return _schema(_folder(directory))


@cache
def _schema(folder: Path) -> dict[str, dict[str, str]]:
    path = folder / SCHEMA_FILE
    raw = _read_yaml(path)
    if not isinstance(raw, dict):
        raise KgError(f"{path} must map each rules file to its rules")
    out: dict[str, dict[str, str]] = {}
    for name, rules in raw.items():
        if rules is None:  # a section not filled in yet
            continue
        if not isinstance(rules, dict) or any(k not in KINDS for k in rules.values()):
            raise KgError(f"{path}: {name} must map each rule to one of {', '.join(KINDS)}")
        out[str(name)] = {str(k): str(v) for k, v in rules.items()}
    return out


def _example(path: Path, rule: str, raw: Any) -> Example:
    where = f"{path.name}: an example of {rule!r}"
    if not isinstance(raw, dict) or set(raw) - EXAMPLE_KEYS:
        extra = sorted(set(raw) - EXAMPLE_KEYS) if isinstance(raw, dict) else raw
        raise KgError(f"{where} has unknown keys {extra}; allowed: {sorted(EXAMPLE_KEYS)}")
    if ("text" in raw) == ("report" in raw):
        raise KgError(f"{where} needs exactly one of text and report")
    records = []
    for group in ("yields", "never"):
        items = raw.get(group, [])
        if not isinstance(items, list):
            raise KgError(f"{where}: {group} must be a list of records")
        for item in items:
            kinds = [k for k in RECORD_KINDS if isinstance(item, dict) and k in item]
            if len(kinds) != 1:
                raise KgError(f"{where}: each record names one of {', '.join(RECORD_KINDS)}")
        records.append(tuple(items))
    if not records[0] and not records[1]:
        raise KgError(f"{where} says neither what it yields nor what it never yields")
    return Example(
        rule=rule,
        text=raw.get("text"),
        report=raw.get("report"),
        part=raw.get("part", "review"),
        region=raw.get("region"),
        province=raw.get("province"),
        year=int(raw.get("year", 2024)),
        yields=records[0],
        never=records[1],
        exact=bool(raw.get("exact", False)),
    )


def _entry(path: Path, name: str, kind: str, raw: Any) -> Entry:
    if not isinstance(raw, dict) or set(raw) - ENTRY_KEYS:
        extra = sorted(set(raw) - ENTRY_KEYS) if isinstance(raw, dict) else raw
        raise KgError(f"{path.name}: rule {name!r} has unknown keys {extra}")
    given = [k for k in KINDS if k in raw]
    if given != [kind]:
        raise KgError(f"{path.name}: rule {name!r} must give `{kind}` (schema.yaml), not {given}")
    if not isinstance(raw.get("about"), str) or not raw["about"].strip():
        raise KgError(f"{path.name}: rule {name!r} needs an `about` line")
    examples = raw.get("examples")
    if not isinstance(examples, list) or not examples:
        raise KgError(f"{path.name}: rule {name!r} needs examples")
    value = raw[kind]
    if kind == "words":
        if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
            raise KgError(f"{path.name}: rule {name!r}: words must be a list of strings")
        value = tuple(value)
    elif kind in ("chars", "pattern") and not isinstance(value, str):
        raise KgError(f"{path.name}: rule {name!r}: {kind} must be a string")
    elif kind == "patterns":
        if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
            raise KgError(f"{path.name}: rule {name!r}: patterns must be a list of strings")
        value = tuple(value)
    elif kind == "map" and not isinstance(value, dict):
        raise KgError(f"{path.name}: rule {name!r}: map must be a mapping")
    for source in (value,) if kind == "pattern" else value if kind == "patterns" else ():
        _compile(path, name, _SLOT.sub("x", source))
    return Entry(
        name, raw["about"].strip(), kind, value, tuple(_example(path, name, e) for e in examples)
    )


def load(name: str, directory: Path | None = None) -> Lexicon:
    """The rules of `data/NAME.yaml`, checked against schema.yaml (read once per process)."""
    return _load(name, _folder(directory))


@cache
def _folder(directory: Path | None) -> Path:
    """The folder resolved once (extractors ask for their rules once per statement)."""
    return (directory or data_dir()).resolve()


@cache
def _load(name: str, folder: Path) -> Lexicon:
    declared = schema(folder)
    if name not in declared:
        raise KgError(f"{SCHEMA_FILE} declares no rules file {name!r}")
    path = folder / f"{name}.yaml"
    try:  # checked once per content: from the user's cache while file and code are unchanged
        inputs = [Path(__file__).resolve(), folder / SCHEMA_FILE, path]
        entries = memo("rules", inputs, lambda: _entries(path, declared[name]))
    except OSError as exc:
        raise KgError(f"cannot read rules {path}: {exc.strerror or exc}; restore the file") from exc
    return Lexicon(name, path, entries)


def _entries(path: Path, rules: dict[str, str]) -> dict[str, Entry]:
    """The entries of a rules file, each checked against the kinds schema.yaml declares."""
    raw = _read_yaml(path)
    if not isinstance(raw, dict):
        raise KgError(f"{path} must map each rule name to its entry")
    unknown = sorted(set(raw) - set(rules))
    missing = sorted(set(rules) - set(raw))
    if unknown:
        raise KgError(f"{path.name}: unknown rules {unknown}; declare them in {SCHEMA_FILE}")
    if missing:
        raise KgError(f"{path.name}: rules declared in {SCHEMA_FILE} are missing: {missing}")
    return {key: _entry(path, key, rules[key], raw[key]) for key in rules}


def all_lexicons(directory: Path | None = None) -> list[Lexicon]:
    return [load(name, directory) for name in schema(directory)]
