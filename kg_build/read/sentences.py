"""A line into the pieces that become statements: sentences, headline targets, bullets.

The marks are rules of data/outline.yaml: `terminators` end a sentence (with any `closers`
after them), `full_stop` ends a run of targets in prose, `targets_leadin` opens one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg_build.read.rules import outline

MAX_TARGET_LINE = 120  # characters; a longer line is a paragraph, not a line of targets


@dataclass(frozen=True)
class Piece:
    """One statement of a line: its span within the line and its kind."""

    start: int
    end: int
    kind: str


def split_sentences(line: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a line; terminators and closing quotes stay inside."""
    rules = outline()
    terminators, closers = rules.chars("terminators"), rules.chars("closers")
    pieces: list[tuple[int, int]] = []
    start = 0
    i = 0
    n = len(line)
    while i < n:
        if line[i] in terminators:
            j = i + 1
            while j < n and (line[j] in terminators or line[j] in closers):
                j += 1
            pieces.append((start, j))
            start = j
            i = j
        else:
            i += 1
    if start < n:
        pieces.append((start, n))
    return [p for p in (_trim(line, s, e) for s, e in pieces) if p[0] < p[1]]


def _trim(line: str, start: int, end: int) -> tuple[int, int]:
    while start < end and line[start] == " ":
        start += 1
    while end > start and line[end - 1] == " ":
        end -= 1
    return start, end


def _has_han(text: str) -> bool:
    return any(0x4E00 <= ord(ch) <= 0x9FFF for ch in text)


def split_targets(line: str) -> list[tuple[int, int]]:
    """Split a headline-target line at runs of spaces; pieces without Han characters are
    joined to the piece before them."""
    pieces: list[list[int]] = []
    for m in re.finditer(r"\S+", line):
        if pieces and not _has_han(m.group(0)):
            pieces[-1][1] = m.end()
        else:
            pieces.append([m.start(), m.end()])
    return [(s, e) for s, e in pieces]


def has_full_stop(text: str) -> bool:
    return outline().value("full_stop") in text


def bullet_mark(line: str) -> bool:
    """Whether a line opens with a bullet mark."""
    return line[:1] != "" and line[0] in outline().chars("bullets")


def bullet(line: str, in_targets: bool) -> Piece:
    """The piece of a bulleted line: the text after the mark and the spaces after it."""
    start = 1
    while start < len(line) and line[start] == " ":
        start += 1
    if start >= len(line):
        return Piece(0, len(line), "text")
    return Piece(start, len(line), "target" if in_targets else "bullet")


def target_line(line: str) -> list[Piece] | None:
    """A line of headline targets separated by spaces or terminators, or None if it is prose."""
    if has_full_stop(line) or len(line) > MAX_TARGET_LINE:
        return None
    return [
        Piece(s + ts, s + te, "target")
        for s, e in split_sentences(line)
        for ts, te in split_targets(line[s:e])
    ]


def paragraph(line: str) -> list[Piece]:
    """The sentences of a paragraph; after a targets lead-in (主要预期目标是:) each sentence
    is a target until one ends with a full stop."""
    rules = outline()
    terminators, closers = rules.chars("terminators"), rules.chars("closers")
    full_stop, leadin = rules.value("full_stop"), rules.pattern("targets_leadin")
    spans = split_sentences(line)
    if not any(ch in terminators for ch in line):
        return [Piece(s, e, "text") for s, e in spans]
    pieces: list[Piece] = []
    in_list = False
    for s, e in spans:
        sentence = line[s:e]
        lead = leadin.search(sentence) if not in_list else None
        if lead:
            cut = s + lead.end()
            pieces.append(Piece(s, cut, "sentence"))
            s = cut
            while s < e and line[s] == " ":
                s += 1
            in_list = True
            if s >= e:
                continue
        if in_list:
            pieces.append(Piece(s, e, "target"))
            if sentence.rstrip(closers).endswith(full_stop):
                in_list = False
        else:
            pieces.append(Piece(s, e, "sentence"))
    return pieces
