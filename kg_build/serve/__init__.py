"""`kaiping-kg serve`: a read-only SPARQL 1.1 endpoint, a query page and dereferenceable IRIs.

app.py builds the ASGI app; safety.py inspects every query before it runs; pool.py runs queries
in worker processes that are killed when they overrun; results.py writes the result formats;
pages.py renders HTML.
"""
