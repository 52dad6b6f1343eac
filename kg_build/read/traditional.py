"""Traditional Chinese to Simplified (OpenCC t2s), only when the text is Traditional.

OpenCC is the `opencc` package (the C++ library's own binding, with wheels), which gives the
same conversions as the pure Python reimplementation the project used before.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=2)
def _opencc(config: str):  # noqa: ANN202 - opencc has no type hints
    import opencc

    return opencc.OpenCC(f"{config}.json")  # every opencc release takes the file name


_SAMPLE_HAN = 20000  # Han characters looked at to tell Traditional from Simplified


def _changed(chunks: list[str], config: str) -> int:
    converter = _opencc(config)
    total = 0
    for chunk in chunks:
        converted = converter.convert(chunk)
        if len(converted) != len(chunk):
            total += abs(len(converted) - len(chunk)) + 1
        else:
            total += sum(1 for a, b in zip(chunk, converted, strict=True) if a != b)
    return total


def is_traditional(text: str) -> bool:
    """True when the Han text is Traditional: t2s changes more characters than s2t does
    (judged on the first 20,000 Han characters, line by line). Han text that GB 2312 (the
    Simplified character set) encodes whole is not: it has no character only Traditional
    writing uses, and OpenCC is not even loaded for it."""
    chunks: list[str] = []
    seen = 0
    for line in text.split("\n"):
        han = "".join(ch for ch in line if 0x3400 <= ord(ch) <= 0x9FFF)
        if han:
            chunks.append(han)
            seen += len(han)
            if seen >= _SAMPLE_HAN:
                break
    if not chunks or _simplified_set("".join(chunks)):
        return False
    t2s = _changed(chunks, "t2s")
    return t2s > 0 and t2s > _changed(chunks, "s2t")


def _simplified_set(han: str) -> bool:
    try:
        han.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def to_simplified(text: str) -> str:
    """Traditional -> Simplified Chinese with OpenCC (t2s), line by line."""
    converter = _opencc("t2s")
    return "\n".join(converter.convert(line) for line in text.split("\n"))
