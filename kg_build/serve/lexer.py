"""The bare words of a SPARQL query, lexed as Oxigraph lexes it (the engine that runs it).

Only what hides text matters for safety: comments, strings and IRIs. Oxigraph (spargebra's
grammar) ends a `#` comment at a line feed *or* a carriage return, reads `\\u` escapes only
inside strings and IRIs (elsewhere they are a syntax error), and takes `<` as an IRI only
when an IRIREF follows, otherwise as "less than". tests/security/test_lexer_differential.py
checks every rule here against the engine itself.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\r\n]*)
  | (?P<long>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\")
  | (?P<string>'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<lang>@[A-Za-z]+(?:-+[A-Za-z0-9]+)*)
  | (?P<pname>(?:[A-Za-z][\w.\-]*)?:(?:[\w.\-:%]|\\.)*)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<other>\s+|.)
    """,
    re.VERBOSE | re.DOTALL,
)


def words(text: str) -> list[str]:
    """The keywords (upper-cased bare words) of `text`, outside comments, strings and IRIs.

    Prefixed names (`ex:service`) and variables are not keywords; an unterminated string
    ends the scan (the engine refuses such a query anyway)."""
    found = []
    for m in _TOKEN.finditer(text):
        if m.lastgroup == "word":
            found.append(m.group().upper())
    return found


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def unescape(text: str) -> str:
    """SPARQL's \\u and \\U escapes decoded everywhere (a stricter second reading)."""

    def char(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code < 0x110000 and not 0xD800 <= code < 0xE000 else "\ufffd"

    return _ESCAPE.sub(char, text)


UPDATE_WORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)


def reaches(text: str) -> tuple[bool, bool, bool]:
    """(has SERVICE, has FROM, is an update) in either reading of `text` (escapes kept or
    decoded), so that neither a comment, a string nor an escape can hide one."""
    seen = set(words(text)) | set(words(unescape(text)))
    return "SERVICE" in seen, "FROM" in seen, bool(seen & UPDATE_WORDS)
