"""Queries run in worker processes, one query at a time each; an overrunning worker is killed.

pyoxigraph cannot cancel a query from another thread, so a timeout that really stops the work
must end the process doing it. Each worker (worker.py) opens the store read-only (many readers
may share it) and answers jobs sent over a pipe. While a job runs the pool watches the clock
and the worker's resident memory; past either limit the worker is killed. A worker that is
killed, dies or belongs to an older store generation is replaced by one on the current
generation (`locate` says which that is, each time a worker starts).
"""

from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any


class QueryTimeout(Exception):
    """The query ran past the limit; its worker was killed."""


class PoolBusy(Exception):
    """No worker became free within the limit."""


class WorkerFailed(Exception):
    """The worker died or failed to start (e.g. out of memory)."""


class OverMemory(Exception):
    """The query's worker grew past the memory limit and was killed."""


@dataclass(frozen=True)
class Job:
    """One query: text, substitutions (variable name → term) and a row cap. The store's
    default graph is the merge of all its graphs (kg_build/store.py)."""

    text: str
    substitutions: dict[str, Any] = field(default_factory=dict)
    max_rows: int = 10_000
    max_bytes: int = 16 * 1024 * 1024
    allow: frozenset[str] = frozenset()  # SERVICE / FROM IRIs allowed (--allow-service)
    local_graphs: frozenset[str] = frozenset()  # graphs FROM may name
    accept: tuple[str | None, str | None] | None = None  # (Accept, ?format=): write it out


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


@dataclass(frozen=True)
class Rendered:
    """An answer already written out by the worker: bytes in the format `name`."""

    body: bytes
    name: str
    truncated: bool = False


def _import_path() -> str:
    """PYTHONPATH for workers: this package's parent first, so a checkout works too."""
    here = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    rest = os.environ.get("PYTHONPATH", "")
    return here + (os.pathsep + rest if rest else "")


def rss_bytes(pid: int) -> int:
    """Resident memory of a process (Linux /proc; 0 where unknown)."""
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


class _Worker:
    def __init__(self, store_path: str, start_timeout: float, network: bool = False) -> None:
        # A fresh interpreter (not fork: the server has threads; not multiprocessing's spawn:
        # it re-imports the caller's __main__). The job pipe is a socket pair.
        self.path = store_path
        ours, theirs = socket.socketpair()
        command = [sys.executable, "-m", "kg_build.serve.worker", store_path, str(theirs.fileno())]
        self.process = subprocess.Popen(
            command + (["--network"] if network else []),
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

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(5)
        self.conn.close()


class WorkerPool:
    """A fixed number of query workers; `run` blocks until an answer or the timeout.

    `locate` gives the store generation a new worker opens (default: `store_path`, always);
    `max_memory` (bytes) is each worker's resident-memory limit while it runs a query;
    `network` lets workers open Internet sockets (only for --allow-service)."""

    def __init__(
        self,
        store_path: str,
        size: int = 2,
        timeout: float = 10.0,
        *,
        locate: Callable[[], str] | None = None,
        max_memory: int = 0,
        network: bool = False,
    ) -> None:
        self.locate = locate or (lambda: store_path)
        self.store_path = store_path
        self.size = max(1, size)
        self.timeout = timeout
        self.max_memory = max_memory
        self.network = network
        self.killed = 0  # workers killed for overrunning (for tests and the logs)
        self.replaced = 0  # workers started to replace one that was killed, died or retired
        self.jobs = 0  # jobs sent to a worker (a cached answer sends none)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        for _ in range(self.size):
            self._add(_Worker(store_path, start_timeout=60, network=network))

    def _add(self, worker: _Worker) -> None:
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._all.add(worker)
        self._idle.put(worker)
        self._retire_idle()

    def _retire_idle(self) -> None:
        """Stop the idle workers of an older generation (busy ones stop when they finish)."""
        keep = []
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                break
            if worker.path == self.store_path:
                keep.append(worker)
            else:
                self._drop(worker, replace=False)
        for worker in keep:
            self._idle.put(worker)

    def _start_one(self) -> None:
        """Start a worker on the current generation in the background (retrying on failure)."""

        def start() -> None:
            for attempt in range(30):
                if self._closed:
                    return
                try:
                    path = self.locate()
                    self._add(_Worker(path, start_timeout=60, network=self.network))
                    return
                except (WorkerFailed, OSError, Exception):
                    time.sleep(min(2.0, 0.1 * (attempt + 1)))

        self.replaced += 1
        threading.Thread(target=start, daemon=True).start()

    def _drop(self, worker: _Worker, replace: bool = True) -> None:
        with self._lock:
            known = worker in self._all
            self._all.discard(worker)
        worker.kill()
        if known and replace and worker.path == self.store_path:
            self._start_one()

    def refresh(self) -> bool:
        """Follow the store to its current generation: new workers start there, and the old
        ones are retired as they come free. True if the generation changed."""
        try:
            path = self.locate()
        except Exception:
            return False
        if path == self.store_path:
            return False
        self.store_path = path
        for _ in range(self.size):
            self._start_one()
        return True

    def pids(self) -> list[int]:
        with self._lock:
            return sorted(w.pid for w in self._all)

    def _take(self, deadline: float) -> _Worker:
        """A live, current worker, waiting until `deadline` for one to be free."""
        while True:
            try:
                worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise PoolBusy(
                    f"all {self.size} query workers stayed busy for {self.timeout:g} s"
                ) from None
            if worker.path != self.store_path:
                self._drop(worker, replace=False)  # retired: its generation is no longer current
            elif not worker.alive():
                self._drop(worker)  # died while idle (killed from outside, out of memory …)
            else:
                return worker

    def _wait(self, worker: _Worker, limit: float) -> tuple:
        """The worker's reply, watching the clock and its memory."""
        deadline = time.monotonic() + limit
        while not worker.conn.poll(min(0.05, max(0.0, deadline - time.monotonic()))):
            if time.monotonic() >= deadline:
                self.killed += 1
                self._drop(worker)
                raise QueryTimeout(f"the query ran longer than {limit:g} s and was stopped")
            if self.max_memory and rss_bytes(worker.pid) > self.max_memory:
                self.killed += 1
                self._drop(worker)
                raise OverMemory(
                    f"the query needed more than {self.max_memory // 2**20} MiB of memory "
                    "(the server's --max-worker-memory) and was stopped"
                )
        return worker.conn.recv()

    def run(self, job: Job, timeout: float | None = None) -> Answer | Rendered:
        """Answer a job; raise QueryTimeout, OverMemory, PoolBusy, WorkerFailed or Refused."""
        return self.run_tagged(job, timeout)[0]

    def run_tagged(self, job: Job, timeout: float | None = None) -> tuple[Answer | Rendered, str]:
        """`run`, also saying which store generation (path) the answering worker read."""
        from kg_build.serve.safety import Refused

        limit = self.timeout if timeout is None else timeout
        for attempt in (1, 2):  # a worker that died while idle costs one retry, not an error
            worker = self._take(time.monotonic() + limit)
            try:
                self.jobs += 1
                worker.conn.send(job)
                reply = self._wait(worker, limit)
            except (EOFError, OSError, BrokenPipeError) as exc:
                self._drop(worker)
                if attempt == 1:
                    continue
                raise WorkerFailed(f"the query worker died ({exc or 'no reply'})") from None
            if reply[0] == "error" and reply[1] == 413:
                self._drop(worker)  # it may hold on to the memory of what it collected
            elif worker.path != self.store_path:
                self._drop(worker, replace=False)  # a newer generation is being served
            else:
                self._idle.put(worker)
            if reply[0] == "ok":
                return reply[1], worker.path
            if reply[1] == 500:
                raise WorkerFailed(reply[2])
            raise Refused(reply[1], reply[2])
        raise AssertionError("unreachable")

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.kill()
