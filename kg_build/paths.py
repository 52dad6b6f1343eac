"""Where the project's data folders are, from a checkout or from an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _resource(name: str) -> Path:
    installed = _PACKAGE / "_data" / name  # put there by the wheel build (pyproject.toml)
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name  # a checkout or an editable install


def ontology_dir() -> Path:
    return _resource("ontology")


def shapes_dir() -> Path:
    return _resource("shapes")


def queries_dir() -> Path:
    return _resource("queries")


def reports_dir() -> Path:
    return _resource("reports")


def data_dir() -> Path:
    """Extraction rules (YAML) shipped inside the package."""
    return _PACKAGE / "data"


def bundled_reports() -> list[Path]:
    """The reports that `kaiping-kg build` builds when given none."""
    return sorted(p for p in reports_dir().iterdir() if p.suffix in {".txt", ".html", ".htm"})
