"""Reading reports: any report file into one clean outline of sections and statements.

    read_report(path, overrides=None) -> Report   # a file, with its <file>.meta.yaml sidecar
    read_bytes(data, name, overrides=None) -> Report

Bad input raises KgError: a missing or unreadable file, an empty file, a binary file,
undecodable bytes, a file over MAX_BYTES (20 MiB). Text without a recognisable outline is
kept as statements of part "other", with a warning in Report.warnings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kg_build.errors import KgError
from kg_build.model import Report
from kg_build.read.metadata import (
    apply_overrides,
    check_fields,
    extract_meta,
    load_sidecar,
    slug_from_name,
)
from kg_build.read.normalize import MAX_BYTES, normalize, normalize_report
from kg_build.read.segment import segment

__all__ = ["MAX_BYTES", "normalize", "read_bytes", "read_report", "segment"]


def read_report(path: str | Path, overrides: dict[str, Any] | None = None) -> Report:
    """Read a report file; metadata from its text < its sidecar YAML < `overrides`."""
    path = Path(path)
    if not path.exists():
        raise KgError(f"report file not found: {path}; check the path")
    if not path.is_file():
        raise KgError(f"{path} is not a file; give a report text or HTML file")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise KgError(_too_large(path.name, size))
        data = path.read_bytes()
    except OSError as exc:
        raise KgError(f"cannot read {path}: {exc.strerror or exc}; check its permissions") from None
    return _read(data, path.name, load_sidecar(path), overrides)


def read_bytes(data: bytes, name: str, overrides: dict[str, Any] | None = None) -> Report:
    """Read a report given as bytes; `name` is its file name (for the slug and messages)."""
    return _read(data, name, None, overrides)


def _too_large(name: str, size: int) -> str:
    return (
        f"{name} is {size / 1024 / 1024:.1f} MiB, over the {MAX_BYTES // 1024 // 1024} MiB "
        "limit for one report; split it or give the report text only"
    )


def _read(
    data: bytes,
    name: str,
    sidecar: dict[str, Any] | None,
    overrides: dict[str, Any] | None,
) -> Report:
    if len(data) > MAX_BYTES:
        raise KgError(_too_large(name or "input", len(data)))
    cli = check_fields(overrides, "the options") if overrides else None
    normalized = normalize_report(data, name)
    if not normalized.text.strip():
        raise KgError(f"{name or 'input'} has no text; give a report with content")
    meta = apply_overrides(extract_meta(normalized.text, slug_from_name(name)), sidecar, cli)
    outline = segment(normalized.text, meta)
    return Report(
        meta=meta,
        text=normalized.text,
        raw=data,
        encoding=normalized.encoding,
        source_name=name,
        sections=outline.sections,
        statements=outline.statements,
        warnings=outline.warnings,
    )
