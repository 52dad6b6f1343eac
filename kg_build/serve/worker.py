"""A query worker process: `python -m kg_build.serve.worker STORE FD [--network]`.

Everything a query costs happens here, under the server's timeout and memory watch: the
check (lexer.py, then safety.py only where IRIs must be resolved), the run (pyoxigraph, the
engine whose parser decides what the query is), the row and byte caps, and the writing of
the answer in the negotiated format. Unless started with --network (for --allow-service),
the process first takes the network away from itself (sandbox.py), so even a SERVICE no
check saw cannot leave the machine.
"""

from __future__ import annotations

import os
import re
import sys
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

from kg_build.serve.lexer import reaches
from kg_build.serve.pool import Answer, Job, Rendered
from kg_build.serve.safety import Refused

_AT = re.compile(r"^error at (\d+):(\d+): ")


def engine_message(exc: Exception) -> str:
    """Oxigraph's parse error on one line: `line L, column C: expected …` (cut short)."""
    text = " ".join(str(exc).split())
    text = _AT.sub(lambda m: f"line {m.group(1)}, column {m.group(2)}: ", text)
    return text if len(text) <= 300 else text[:300] + " …"


def vet(job: Job) -> None:
    """Refuse an update, a SERVICE outside the allow-list or a FROM outside the store."""
    service, from_, update = reaches(job.text)
    if update:
        raise Refused(
            403, "this endpoint is read-only: updates (INSERT, DELETE, LOAD, CLEAR …) are refused"
        )
    if service and not job.allow:
        raise Refused(
            403,
            "SERVICE is refused: this endpoint does not call other endpoints unless started "
            "with --allow-service IRI",
        )
    if service or from_:  # the IRIs matter: resolve them with a full parse
        from kg_build.serve.safety import check_query

        try:
            # rdflib ends a comment only at LF, Oxigraph also at CR: make rdflib read as it does
            text = job.text.replace("\r\n", "\n").replace("\r", "\n")
            found = check_query(text, allow=job.allow, local_graphs=job.local_graphs)
        except Refused as exc:
            if exc.status != 400 or service:  # SERVICE that cannot be resolved is refused
                why = f"SERVICE is refused: the query could not be checked ({exc.message})"
                raise Refused(403, why if exc.status == 400 else exc.message) from None
            return  # rdflib cannot read it (e.g. LATERAL): FROM never fetches; the engine decides
        if service and not found.services:  # the lexer saw one that the parse did not
            raise Refused(403, "SERVICE is refused: the query could not be checked safely")


def _size(term: Any) -> int:
    if term is None:
        return 4
    if isinstance(term, ox.Triple):
        return _size(term.subject) + _size(term.predicate) + _size(term.object)
    return len(term.value) + 48


def run_job(store: ox.Store, job: Job) -> Answer:
    """Run one job on a store, stopping after `max_rows` rows; Refused(413) past the byte cap."""
    vet(job)
    subs = {ox.Variable(k): v for k, v in job.substitutions.items()}
    try:
        result = store.query(job.text, substitutions=subs or None)
    except SyntaxError as exc:
        raise Refused(400, f"malformed query: {engine_message(exc)}") from None
    if isinstance(result, ox.QueryBoolean):
        return Answer("ask", boolean=bool(result))
    rows: list[Any] = []
    truncated = False
    size = 0
    select = isinstance(result, ox.QuerySolutions)
    variables = tuple(v.value for v in result.variables) if select else ()
    for item in result:
        if len(rows) >= job.max_rows:
            truncated = True
            break
        row = tuple(item[v] for v in variables) if select else item
        size += sum(_size(t) for t in row) if select else _size(row)
        if size > job.max_bytes:
            raise too_big(job.max_bytes)
        rows.append(row)
    if select:
        return Answer("select", variables=variables, rows=tuple(rows), truncated=truncated)
    return Answer("graph", triples=tuple(rows), truncated=truncated)


def too_big(limit: int) -> Refused:
    return Refused(
        413,
        f"the answer is larger than the server's limit of {limit} bytes "
        "(--max-response-bytes); add LIMIT or ask for fewer columns",
    )


def answer_job(store: ox.Store, job: Job) -> Answer | Rendered:
    """The job's answer, written out when the job says in which format."""
    answer = run_job(store, job)
    if job.accept is None:
        return answer
    from kg_build.serve.results import GRAPH_TYPES, RESULT_TYPES, negotiate, render

    offered = list(GRAPH_TYPES if answer.form == "graph" else RESULT_TYPES)
    name = negotiate(job.accept[0], job.accept[1], offered)
    if not name:
        asked = f"format {job.accept[1]!r}" if job.accept[1] else f"Accept: {job.accept[0]}"
        raise Refused(
            406, f"{asked} is not offered for this answer; use one of {', '.join(offered)}"
        )
    body = render(answer, name)
    if len(body) > job.max_bytes:
        raise too_big(job.max_bytes)
    return Rendered(body, name, answer.truncated)


def worker_main(store_path: str, conn: Connection, network: bool = False) -> None:
    """The worker's loop: open the store, then answer jobs until the pipe closes."""
    if not network:
        from kg_build.serve.sandbox import deny_network

        deny_network()
    import kg_build.serve.results  # noqa: F401  (loaded before "ready", not per query)

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
            reply: tuple = ("ok", answer_job(store, job))
        except Refused as exc:
            reply = ("error", exc.status, exc.message)
        except Exception as exc:  # reported to the client as a 500, the worker lives on
            reply = ("error", 500, f"{type(exc).__name__}: {exc}")
        conn.send(reply)


if __name__ == "__main__":
    worker_main(sys.argv[1], Connection(int(sys.argv[2])), "--network" in sys.argv[3:])
