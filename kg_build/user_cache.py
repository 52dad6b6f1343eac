"""What is derived from the package's own files, compiled once and kept in the user's cache.

Reading the reference data (`ontology/*.ttl`, 60k triples) and the rules (`data/*.yaml`)
costs seconds per process; what they compile to loads in milliseconds. Each compiled thing
is kept under a key made of the bytes and names of everything it is computed from (the
files read and the source of the code that reads them), this module's FORMAT and the
Python and pyoxigraph versions: a changed file gives a new key, so a result is never stale.

The folder is `$KAIPING_KG_CACHE` if set (`off` compiles in memory every time), else
`$XDG_CACHE_HOME/kaiping-kg`, else `~/.cache/kaiping-kg`. Every entry is written under a
temporary name in that folder and renamed into place, so two processes compiling at once
both end with a whole entry, and a folder that cannot be written only costs time. Writing an
entry removes the entries of its kind unused for KEEP_DAYS days (older contents).
Entries are pickles and Oxigraph databases written by this package; the folder is the
user's own, like the store.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import re
import secrets
import shutil
import sys
import time
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

FORMAT = 1
CACHE_ENV = "KAIPING_KG_CACHE"
KEY_CHARS = 40
KEEP_DAYS = 30  # an entry of a kind unused this long is removed when a new one is written
T = TypeVar("T")


def cache_root() -> Path | None:
    """The user's cache folder for kaiping-kg, or None when caching is off."""
    value = os.environ.get(CACHE_ENV)
    if value is not None:
        return None if value.strip().lower() in ("", "off", "0", "no") else Path(value)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "kaiping-kg"


@lru_cache(maxsize=1024)
def _file_digest(path: Path, size: int, mtime_ns: int) -> bytes:
    return hashlib.sha256(path.read_bytes()).digest()


def file_digest(path: Path) -> bytes:
    """SHA-256 of a file's bytes, computed once per process while it is unchanged."""
    stat = path.stat()
    return _file_digest(path.resolve(), stat.st_size, stat.st_mtime_ns)


def content_key(kind: str, inputs: Iterable[Path | str | bytes]) -> str:
    """A key for `kind` computed from `inputs`: files (name and bytes), strings, bytes."""
    import pyoxigraph

    h = hashlib.sha256(f"{kind}\0{FORMAT}\0{sys.version}\0{pyoxigraph.__version__}".encode())
    for item in inputs:
        if isinstance(item, Path):
            h.update(b"\0file\0" + item.name.encode())
            try:
                stat = item.stat()
            except FileNotFoundError:  # what computes the value says what is missing
                h.update(b"\0missing\0")
                continue
            h.update(_file_digest(item.resolve(), stat.st_size, stat.st_mtime_ns))  # as file_digest
        else:
            h.update(b"\0str\0" + (item if isinstance(item, bytes) else item.encode()))
    return h.hexdigest()[:KEY_CHARS]


def _touch(path: Path) -> None:
    """Mark an entry used (its mtime): entries unused for KEEP_DAYS are removed."""
    with contextlib.suppress(OSError):
        os.utime(path)


def _prune(root: Path, kind: str, keep: str) -> None:
    """Remove the entries of `kind` other than `keep` unused for KEEP_DAYS (old contents)."""
    limit = time.time() - KEEP_DAYS * 86400
    ours = re.compile(rf"{re.escape(kind)}-[0-9a-f]{{{KEY_CHARS}}}(\.pickle)?")
    for old in root.glob(f"{kind}-*"):
        if not ours.fullmatch(old.name):  # another kind whose name starts the same
            continue
        try:
            stale = old.name != keep and old.stat().st_mtime < limit
        except OSError:
            continue
        if stale:
            _remove(old)


def _place(root: Path, kind: str, name: str, write: Callable[[Path], None]) -> Path | None:
    """Write an entry under a temporary name and rename it to `root/name`; if another
    process got there first, keep its entry. None if the folder cannot be written."""
    final = root / name
    tmp = root / f".{name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        root.mkdir(parents=True, exist_ok=True)
        write(tmp)
        os.rename(tmp, final)  # a folder onto an existing one fails: the other process won
    except OSError:
        _remove(tmp)
        return final if final.exists() else None
    except BaseException:
        _remove(tmp)
        raise
    _prune(root, kind, name)
    return final


def _remove(path: Path) -> None:
    try:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    except OSError:
        pass


def memo(kind: str, inputs: Iterable[Path | str | bytes], compute: Callable[[], T]) -> T:
    """`compute()`, or what it gave before for the same inputs (a pickle in the cache)."""
    root = cache_root()
    if root is None:
        return compute()
    path = root / f"{kind}-{content_key(kind, inputs)}.pickle"
    try:
        with open(path, "rb") as fh:
            value = pickle.load(fh)
        _touch(path)
        return value
    except OSError:
        pass  # absent, or no cache folder: compute it
    except Exception:  # noqa: BLE001 - a truncated or foreign entry: compute it again
        _remove(path)
    value = compute()
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    _place(root, kind, path.name, lambda tmp: tmp.write_bytes(data))
    return value


def cached_folder(
    kind: str, inputs: Iterable[Path | str | bytes], fill: Callable[[Path], None]
) -> Path | None:
    """A folder `fill(folder)` made once for these inputs; None when caching is off or the
    cache cannot be written (the caller then works without it)."""
    root = cache_root()
    if root is None:
        return None
    final = root / f"{kind}-{content_key(kind, inputs)}"
    if (final / "complete").is_file():
        _touch(final)
        return final

    def write(tmp: Path) -> None:
        tmp.mkdir()
        fill(tmp)
        (tmp / "complete").write_text("")

    if final.exists():  # an entry without its mark: left by a crash, never renamed so
        _remove(final)
    return _place(root, kind, final.name, write)
