"""Pinyin put in brackets after Chinese characters: 鎮(zhèn), 經(jīng)濟(jì), 经济(jing1 ji4).

An annotation goes when its syllables are pinyin (pypinyin's syllables, with or without
tone marks or tone digits) and either they are readings of the characters before it or
every syllable carries a tone.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_PINYIN_GROUP = re.compile(
    r"(?P<han>[\u3400-\u9fff]+)[ ]?[(\[]"
    r"(?P<py>[a-zA-Z\u00c0-\u024f\u0300-\u036f:'’ 1-5-]+)[)\]]"
)
_TONE_MARKS = re.compile(r"[\u0300-\u0304\u030c]")


@lru_cache(maxsize=1)
def _syllables() -> frozenset[str]:
    """Every toneless pinyin syllable (ü written v), from pypinyin's dictionary."""
    from pypinyin.pinyin_dict import pinyin_dict

    found: set[str] = set()
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            plain, _ = _plain_syllable(reading)
            if plain:
                found.add(plain)
    return frozenset(found)


def _plain_syllable(token: str) -> tuple[str, bool]:
    """'zhèn' -> ('zhen', True); 'lü4' -> ('lv', True); 'ping' -> ('ping', False)."""
    decomposed = unicodedata.normalize("NFD", token.lower())
    toned = bool(_TONE_MARKS.search(decomposed)) or token[-1:].isdigit()
    plain = _TONE_MARKS.sub("", decomposed)
    plain = unicodedata.normalize("NFC", plain).replace("ü", "v").replace("u:", "v")
    return plain.rstrip("12345"), toned


def _split_syllables(token: str) -> list[tuple[str, bool]] | None:
    """Split one token ('jīngjì', 'jing1ji4', 'kaiping') into syllables, or None."""
    syllables = _syllables()
    plain = unicodedata.normalize("NFD", token.lower())
    # keep tone marks attached to letters: work on NFC units, strip per candidate
    units = unicodedata.normalize("NFC", plain)
    n = len(units)
    best: list[list[tuple[str, bool]] | None] = [None] * (n + 1)
    best[0] = []
    for i in range(n):
        if best[i] is None:
            continue
        for j in range(min(n, i + 7), i, -1):
            piece = units[i:j]
            if piece[:1].isdigit():
                continue
            plain_piece, toned = _plain_syllable(piece)
            if plain_piece in syllables and not any(c.isdigit() for c in piece[:-1]):
                candidate = [*best[i], (plain_piece, toned)]
                if best[j] is None or len(candidate) < len(best[j]):
                    best[j] = candidate
    return best[n]


def _readings(ch: str) -> set[str]:
    from pypinyin import Style, pinyin

    out = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")
    return {r.replace("ü", "v") for r in out[0]} if out else set()


def strip_pinyin(text: str) -> tuple[str, int]:
    """Remove pinyin put in brackets after Chinese characters; returns (text, count)."""
    count = 0

    def repl(match: re.Match[str]) -> str:
        nonlocal count
        han, py = match.group("han"), match.group("py").strip()
        if not py or not any(c.isalpha() for c in py):
            return match.group(0)
        syllables: list[tuple[str, bool]] = []
        for token in re.split(r"[ '’-]+", py):
            if not token:
                continue
            split = _split_syllables(token)
            if split is None:
                return match.group(0)
            syllables.extend(split)
        if not syllables or len(syllables) > len(han):
            return match.group(0)
        tail = han[-len(syllables) :]
        matches_reading = all(
            s in _readings(ch) for (s, _), ch in zip(syllables, tail, strict=True)
        )
        if not matches_reading and not all(toned for _, toned in syllables):
            return match.group(0)
        count += 1
        return han

    return _PINYIN_GROUP.sub(repl, text), count
