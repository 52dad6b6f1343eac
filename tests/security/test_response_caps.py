"""Threat: a small query whose answer (or whose worker) grows without bound.

27 chained `BIND(CONCAT(?x, ?x))` in under 900 bytes make a 268 MB string; before, the
server's own process grew by 560 MiB writing it out. Now the worker counts what it collects
and writes (--max-response-bytes, 16 MiB by default) and the pool watches its resident memory
(--max-worker-memory, 300 MiB in these tests): past either the client gets 413 or 503 with
the limit named, and the worker is replaced.
"""

from __future__ import annotations

import time


def concat_chain(doublings: int) -> str:
    binds = " ".join(f"BIND(CONCAT(?x{i}, ?x{i}) AS ?x{i + 1})" for i in range(doublings))
    return f'SELECT ?x{doublings} WHERE {{ BIND("ab" AS ?x0) {binds} }}'


def rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


def test_the_883_byte_chain_gets_a_short_clear_error(served):
    text = concat_chain(27)
    assert len(text.encode()) < 1000
    before = rss_mib(served.process.pid)
    status, _, body = served.query(text, "post")
    assert status in (413, 503), (status, body[:300])
    assert len(body) < 1000
    assert b"16777216 bytes (--max-response-bytes)" in body or b"300 MiB" in body
    assert rss_mib(served.process.pid) - before < 32  # the server's own process stays small


def test_an_answer_over_the_byte_cap_is_413_and_its_worker_replaced(served):
    workers = served.settled()
    status, _, body = served.query(concat_chain(23), "post")  # one 16.8 MB value
    assert status == 413 and b"limit of 16777216 bytes (--max-response-bytes)" in body
    time.sleep(0.2)
    now = served.settled()
    assert len(now - workers) == 1 and len(now) == 2
    status, _, body = served.query(concat_chain(20), "post")  # 2 MB: within the cap
    assert status == 200 and len(body) > 2**21


def test_a_worker_past_its_memory_limit_is_stopped_with_503(served):
    status, _, body = served.query(concat_chain(28), "post")  # 512 MB in one value
    assert status == 503, body[:300]
    assert b"more than 300 MiB of memory (the server's --max-worker-memory)" in body
    assert served.query("ASK {}")[0] == 200
