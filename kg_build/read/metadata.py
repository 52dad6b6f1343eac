"""ReportMeta from a report's own words, a sidecar YAML file and explicit overrides.

Precedence (later wins): what the text says < ``<report file>.meta.yaml`` < overrides.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from kg_build.errors import KgError
from kg_build.model import ReportMeta

SIDECAR_SUFFIX = ".meta.yaml"
_FIELDS = {f.name: f for f in dataclasses.fields(ReportMeta)}
_INT_FIELDS = {"year_reviewed", "year_planned"}

_CN = "一二三四五六七八九十"
_MEETING = re.compile(
    rf"第?[{_CN}]+届人民代表大会第?[{_CN}]+次(?:全体)?会议"
    rf"|第?[{_CN}]+届人大(?:常委会)?第?[{_CN}]+次(?:全体)?会议"
)
_ADMIN_UNIT = re.compile(r".+?(?:特别行政区|自治区|自治州|自治县|省|市|县|区|旗|盟|州|镇|乡|街道)")
# Where a region's name is followed by one of these, the name is the report's region.
_REGION_ANCHORS = (
    re.compile(rf"第?[{_CN}]+届(?:人大|人民代表大会)"),
    re.compile(r"(?:人民)?政府工作报告"),
    re.compile(r"人民政府"),
)
# A region name never reaches back across these.
_REGION_STOP = re.compile(r".*(?:的|在|于|了|和|与|及|对|是|为|召开|举行|年|月|日|届|我们|全体)")
_REVIEW_YEAR = (
    re.compile(r"回顾\s*((?:19|20)\d{2})\s*年"),
    re.compile(r"((?:19|20)\d{2})\s*年(?:政府)?工作回顾"),
    re.compile(r"对\s*((?:19|20)\d{2})\s*年[^。,;对\n]{0,40}?(?:进行了|作了|做了)?回顾"),
    re.compile(r"过去的\s*((?:19|20)\d{2})\s*年"),
)
_PLAN_YEAR = (
    re.compile(r"展望\s*((?:19|20)\d{2})\s*年"),
    re.compile(
        r"((?:19|20)\d{2})\s*年(?:政府)?(?:工作安排|工作计划|工作部署|工作任务|重点工作"
        r"|主要(?:预期|发展)?目标|工作总体要求|工作的总体要求)"
    ),
    re.compile(
        r"对\s*((?:19|20)\d{2})\s*年[^。,;对\n]{0,20}?(?:作了|作出|做了|进行了)[^。\n]{0,6}部署"
    ),
)
_DATE_LINE = re.compile(
    r"^(?:[—–-]{1,2}\s*|\(\s*)?((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日(?=.{0,40}会议)"
)
_TITLE_LINE = re.compile(r"政府工作报告|工作报告")
_EDITOR = (
    re.compile(r"^(?:整理|编辑|文字整理|整理者)[:\s]\s*([\u4e00-\u9fff·]{2,5})\s*$"),
    re.compile(r"^([\u4e00-\u9fff·]{2,5})\s*整理\s*$"),
)


def extract_meta(text: str, slug: str) -> ReportMeta:
    """ReportMeta from the normalised text; `slug` is used as given."""
    lines = [line.strip() for line in text.split("\n")]
    region, province = find_region(text)
    reviewed = _first_year(text, _REVIEW_YEAR)
    planned = _first_year(text, _PLAN_YEAR)
    date = None
    for line in lines[:20]:
        if m := _DATE_LINE.match(line):
            date = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
            planned = planned or int(m.group(1))
            break
    title = find_title(lines, region)
    if planned is None and title and (m := re.search(r"((?:19|20)\d{2})\s*年", title)):
        planned = int(m.group(1))
    if reviewed is None and planned is not None:
        reviewed = planned - 1
    if planned is None and reviewed is not None:
        planned = reviewed + 1
    meeting = m.group(0) if (m := _MEETING.search(text)) else None
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


def _first_year(text: str, patterns: tuple[re.Pattern[str], ...]) -> int | None:
    found = [(m.start(), int(m.group(1))) for p in patterns if (m := p.search(text))]
    return min(found)[1] if found else None


def find_region(text: str) -> tuple[str | None, str | None]:
    """(region, province) named right before a congress, a government or a report title."""
    for anchor in _REGION_ANCHORS:
        for m in anchor.finditer(text):
            before = re.sub(
                r"(?:19|20)\d{2}\s*年\s*$", "", text[max(0, m.start() - 30) : m.start()]
            )
            head = re.search(r"[\u4e00-\u9fff]{1,24}$", before)
            if not head:
                continue
            name = _REGION_STOP.sub("", head.group(0))
            units = _ADMIN_UNIT.findall(name)
            if not units or "".join(units) != name:
                continue
            region = units[-1]
            if len(region) < 2 or region in {"市", "县", "区", "本市", "全市", "我市", "全县"}:
                continue
            province = next((u for u in units[:-1] if u.endswith(("省", "自治区"))), None)
            return region, province
    return None, None


def find_title(lines: list[str], region: str | None) -> str | None:
    """The title line at the top, else '<region>政府工作报告' where the text says so."""
    for line in lines[:5]:
        if line and len(line) <= 40 and _TITLE_LINE.search(line) and not re.search("[。,;]", line):
            return line
    if region:
        text = "\n".join(lines)
        if m := re.search(
            rf"(?:(?:19|20)\d{{2}}年)?{re.escape(region)}(?:人民)?政府工作报告", text
        ):
            return m.group(0)
    return None


def find_editor(lines: list[str]) -> str | None:
    """The editor named in a byline such as '整理 严建广'."""
    for line in lines[:10] + lines[-5:]:
        for pattern in _EDITOR:
            if m := pattern.match(line):
                return m.group(1)
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
