"""Shared fixtures: the bundled report built once per test session."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# The compiled reference data and rules (kg_build/user_cache.py) go to a cache of the test
# session's own, never the user's; commands the tests start inherit it.
os.environ["KAIPING_KG_CACHE"] = tempfile.mkdtemp(prefix="kaiping-kg-test-cache-")

BUNDLED = Path(__file__).resolve().parents[1] / "reports" / "kaiping-2025-gwr.txt"


@pytest.fixture(scope="session")
def bundled_build(tmp_path_factory: pytest.TempPathFactory):
    """The bundled report built, validated and stored in a temporary store (a BuildResult)."""
    from kg_build.build import run_build  # imported here so unit tests need no full pipeline
    from kg_build.paths import bundled_reports
    from kg_build.rdf.namespaces import DEFAULT_BASE

    root = tmp_path_factory.mktemp("bundled")
    return run_build(
        bundled_reports(), store=root / "store", out=root / "out.ttl", base=DEFAULT_BASE
    )


@pytest.fixture(scope="session")
def bundled_store(bundled_build) -> Path:
    """The folder of a built store (open it with kg_build.store.open_store)."""
    assert bundled_build.store is not None
    return bundled_build.store
