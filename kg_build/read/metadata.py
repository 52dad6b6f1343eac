"""ReportMeta from a report's own words, a sidecar YAML file and explicit overrides.

Precedence (later wins): what the text says < ``<report file>.meta.yaml`` < overrides.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kg_build.errors import KgError
from kg_build.model import ReportMeta
from kg_build.read.headings import is_heading_like
from kg_build.read.rules import earliest, meta, outline, pattern, patterns
from kg_build.read.years import first_year, years_named

SIDECAR_SUFFIX = ".meta.yaml"
_FIELDS = {f.name: f for f in dataclasses.fields(ReportMeta)}
_INT_FIELDS = {"year_reviewed", "year_planned"}
LATE_SESSION_MONTH = 10  # a session from October on plans for the next year


def extract_meta(text: str, slug: str) -> ReportMeta:
    """ReportMeta from the normalised text; `slug` is used as given."""
    rules = meta()
    lines = [line.strip() for line in text.split("\n")]
    region, province = find_region(text)
    reviewed = first_year(text, patterns(rules, "reviewed_year"))
    planned = first_year(text, patterns(rules, "planned_year"))
    date = None
    for line in lines[:20]:
        if m := pattern(rules, "date_line").match(line):
            year, month, day = (int(m.group(g)) for g in ("year", "month", "day"))
            date = f"{year:04d}-{month:02d}-{day:02d}"
            # delivered early in the year it plans for, or in the last quarter of the year before
            planned = year + 1 if month >= LATE_SESSION_MONTH else year
            break
    title = find_title(lines, region)
    if planned is None and title and (written := years_named(title).written):
        planned = written[0]
    if reviewed is not None and planned is not None and planned <= reviewed:
        planned = reviewed + 1  # a report plans for a year after the one it reviews
    if reviewed is None and planned is not None:
        reviewed = planned - 1
    if planned is None and reviewed is not None:
        planned = reviewed + 1
    meeting = m.group(0) if (m := earliest(text, patterns(rules, "meeting"))) else None
    return ReportMeta(
        slug=slug,
        title=title,
        region=region,
        province=province,
        meeting=meeting,
        year_reviewed=reviewed,
        year_planned=planned,
        editor=find_editor(lines),
        date=date,
    )


@cache
def _alternatives(key: str) -> str:
    """A word list of meta.yaml as a regex alternation, in the order written."""
    return "|".join(re.escape(w) for w in meta().words(key))


def find_region(text: str) -> tuple[str | None, str | None]:
    """(region, province) named right before a congress, a government or a report title."""
    rules = meta()
    single = "".join(re.escape(w) for w in rules.words("admin_suffixes") if len(w) == 1)
    # a unit does not end right before a one-character suffix: 赣州市 is one name, not 赣州 + 市
    unit = re.compile(f".+?(?:{_alternatives('admin_suffixes')})(?![{single}])")
    stop = re.compile(f".*(?:{_alternatives('region_stops')})")
    year_before = re.compile(pattern(outline(), "year_phrase").pattern + r"\s*$")
    generic = set(rules.words("generic_regions"))
    provinces = tuple(rules.words("province_suffixes"))
    for anchor in patterns(rules, "region_anchors"):
        for m in anchor.finditer(text):
            before = year_before.sub("", text[max(0, m.start() - 30) : m.start()])
            head = re.search(r"[\u4e00-\u9fff]{1,24}$", before)
            if not head:
                continue
            name = stop.sub("", head.group(0))
            units = unit.findall(name)
            if not units or "".join(units) != name:
                continue
            region = units[-1]
            if len(region) < 2 or region in generic:
                continue
            province = next((u for u in units[:-1] if u.endswith(provinces)), None)
            return region, province
    return None, None


def find_title(lines: list[str], region: str | None) -> str | None:
    """The title line at the top, else '<region>政府工作报告' where the text says so."""
    rules = meta()
    title_line = rules.pattern("title_line")
    for line in lines[:5]:
        if line and len(line) <= 40 and title_line.search(line) and is_heading_like(line, 40):
            return line
    if region:
        text = "\n".join(lines)
        if m := pattern(rules, "title_in_text", region=re.escape(region)).search(text):
            return m.group(0)
    return None


def find_editor(lines: list[str]) -> str | None:
    """The editor named in a byline such as '整理 严建广'."""
    editor = patterns(meta(), "editor_lines")
    for line in lines[:10] + lines[-5:]:
        for p in editor:
            if m := p.match(line):
                return m.group("name")
    return None


def slug_from_name(name: str) -> str:
    """A file name's stem as an IRI segment of [a-z0-9-]; Chinese names become pinyin."""
    stem = Path(name).name
    for suffix in (".meta.yaml", ".txt", ".html", ".htm", ".md"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    else:
        stem = Path(stem).stem
    if re.search(r"[\u3400-\u9fff]", stem):
        from pypinyin import lazy_pinyin

        stem = "-".join(lazy_pinyin(stem))
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    slug = re.sub(r"-{2,}", "-", slug)[:80].strip("-")
    return slug or "report"


def sidecar_path(report: Path) -> Path:
    """Where the sidecar of a report file lives: '<file>.meta.yaml'."""
    return report.with_name(report.name + SIDECAR_SUFFIX)


def load_sidecar(report: Path) -> dict[str, Any]:
    """The sidecar's fields, or {} when there is none."""
    path = sidecar_path(report)
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise KgError(f"cannot read metadata file {path}: {exc}; fix or remove it") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise KgError(f"metadata file {path} must be a mapping of ReportMeta fields")
    return check_fields(data, str(path))


def check_fields(data: dict[str, Any], origin: str) -> dict[str, Any]:
    """Validate override fields: known names, years as integers, strings otherwise."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in _FIELDS:
            known = ", ".join(sorted(_FIELDS))
            raise KgError(f"unknown metadata field {key!r} in {origin}; known fields: {known}")
        if value is None:
            continue
        if key in _INT_FIELDS:
            try:
                value = int(str(value).strip())
            except ValueError:
                raise KgError(
                    f"{key} in {origin} must be a year like 2024, not {value!r}"
                ) from None
        else:
            value = str(value).strip()
            if key == "slug" and not re.fullmatch(r"[a-z0-9][a-z0-9-]*", value):
                raise KgError(f"slug in {origin} must use only a-z, 0-9 and '-', not {value!r}")
        out[key] = value
    return out


def apply_overrides(meta: ReportMeta, *layers: dict[str, Any] | None) -> ReportMeta:
    """Meta with the fields of each layer (sidecar, then CLI options) put over it."""
    changes: dict[str, Any] = {}
    for layer in layers:
        if layer:
            changes.update(layer)
    return dataclasses.replace(meta, **changes) if changes else meta
