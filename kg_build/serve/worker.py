"""Entry point of a query worker process: `python -m kg_build.serve.worker STORE FD`."""

from __future__ import annotations

import sys
from multiprocessing.connection import Connection

from kg_build.serve.pool import worker_main

if __name__ == "__main__":
    worker_main(sys.argv[1], Connection(int(sys.argv[2])))
