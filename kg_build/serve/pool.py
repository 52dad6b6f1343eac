"""Queries run in worker processes, one query at a time each; an overrunning worker is killed.

pyoxigraph cannot cancel a query from another thread, so a timeout that really stops the work
must end the process doing it. Each worker opens the store read-only (many readers may share
it), answers jobs sent over a pipe and is replaced when it is killed or dies.
"""

from __future__ import annotations

import contextlib
import os
import queue
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox


class QueryTimeout(Exception):
    """The query ran past the limit; its worker was killed."""


class PoolBusy(Exception):
    """No worker became free within the limit."""


class WorkerFailed(Exception):
    """The worker died or failed to start (e.g. out of memory)."""


@dataclass(frozen=True)
class Job:
    """One query: text, substitutions (variable name → term) and a row cap. The store's
    default graph is the merge of all its graphs (kg_build/store.py)."""

    text: str
    substitutions: dict[str, Any] = field(default_factory=dict)
    max_rows: int = 10_000


@dataclass(frozen=True)
class Answer:
    """A query's answer: `form` is select, ask or graph.

    select: `variables` and `rows` (tuples of pyoxigraph terms or None);
    ask: `boolean`; graph: `triples`. `truncated` says the row cap cut the answer.
    """

    form: str
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Any, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[Any, ...] = ()
    truncated: bool = False


def run_job(store: ox.Store, job: Job) -> Answer:
    """Run one job on a store, stopping after `max_rows` rows (the pure part of a worker)."""
    subs = {ox.Variable(k): v for k, v in job.substitutions.items()}
    result = store.query(job.text, substitutions=subs or None)
    if isinstance(result, ox.QueryBoolean):
        return Answer("ask", boolean=bool(result))
    rows: list[Any] = []
    truncated = False
    for item in result:
        if len(rows) >= job.max_rows:
            truncated = True
            break
        rows.append(item)
    if isinstance(result, ox.QuerySolutions):
        variables = tuple(v.value for v in result.variables)
        return Answer(
            "select",
            variables=variables,
            rows=tuple(tuple(sol[v] for v in variables) for sol in rows),
            truncated=truncated,
        )
    return Answer("graph", triples=tuple(rows), truncated=truncated)


def worker_main(store_path: str, conn: Connection) -> None:
    """The worker's loop: open the store, then answer jobs until the pipe closes."""
    try:
        store = ox.Store.read_only(store_path)
    except OSError as exc:
        conn.send(("error", 500, f"cannot open the store: {exc}"))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple = ("ok", run_job(store, job))
        except SyntaxError as exc:
            reply = ("error", 400, str(exc))
        except Exception as exc:  # reported to the client as a 500, the worker lives on
            reply = ("error", 500, f"{type(exc).__name__}: {exc}")
        conn.send(reply)


def _import_path() -> str:
    """PYTHONPATH for workers: this package's parent first, so a checkout works too."""
    here = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    rest = os.environ.get("PYTHONPATH", "")
    return here + (os.pathsep + rest if rest else "")


class _Worker:
    def __init__(self, store_path: str, start_timeout: float) -> None:
        # A fresh interpreter (not fork: the server has threads; not multiprocessing's spawn:
        # it re-imports the caller's __main__). The job pipe is a socket pair.
        ours, theirs = socket.socketpair()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kg_build.serve.worker", store_path, str(theirs.fileno())],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": _import_path()},
        )
        theirs.close()
        self.conn = Connection(ours.detach())
        hello: tuple = ("error", 500, "the worker exited at start")
        try:
            if not self.conn.poll(start_timeout):
                self.kill()
                raise WorkerFailed(f"a query worker did not start within {start_timeout:g} s")
            hello = self.conn.recv()
        except (EOFError, OSError):
            pass
        if hello[0] != "ready":
            self.kill()
            raise WorkerFailed(hello[2])
        self.pid: int = hello[1]

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(5)
        self.conn.close()


class WorkerPool:
    """A fixed number of query workers; `run` blocks until an answer or the timeout."""

    def __init__(self, store_path: str, size: int = 2, timeout: float = 10.0) -> None:
        self.store_path = store_path
        self.size = max(1, size)
        self.timeout = timeout
        self.killed = 0  # workers killed for overrunning (for tests and the logs)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        for _ in range(self.size):
            self._add(_Worker(store_path, start_timeout=60))

    def _add(self, worker: _Worker) -> None:
        with self._lock:
            self._all.add(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.kill()

        def start() -> None:
            if not self._closed:
                with contextlib.suppress(WorkerFailed):
                    self._add(_Worker(self.store_path, start_timeout=60))

        threading.Thread(target=start, daemon=True).start()

    def pids(self) -> list[int]:
        with self._lock:
            return sorted(w.pid for w in self._all)

    def run(self, job: Job, timeout: float | None = None) -> Answer:
        """Answer a job; raise QueryTimeout, PoolBusy, WorkerFailed or SyntaxError."""
        limit = self.timeout if timeout is None else timeout
        try:
            worker = self._idle.get(timeout=limit)
        except queue.Empty:
            raise PoolBusy(f"all {self.size} query workers stayed busy for {limit:g} s") from None
        try:
            worker.conn.send(job)
            if not worker.conn.poll(limit):
                self.killed += 1
                self._replace(worker)
                raise QueryTimeout(f"the query ran longer than {limit:g} s and was stopped")
            reply = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as exc:
            self._replace(worker)
            raise WorkerFailed(f"the query worker died ({exc or 'no reply'})") from None
        self._idle.put(worker)
        if reply[0] == "ok":
            return reply[1]
        if reply[1] == 400:
            raise SyntaxError(reply[2])
        raise WorkerFailed(reply[2])

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.kill()
