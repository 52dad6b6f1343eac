"""Report bytes to text: byte-order marks, UTF-16 without one, UTF-8, the CJK codecs.

GBK/GB18030 and Big5/CP950 are told apart by scoring the text each decoding gives as real
Chinese text (`text_score`): common Han characters and CJK punctuation count, kana, private
use and other symbols that bytes of the other codec turn into do not, and a mix of
Simplified-only and Traditional-only characters counts against it (a report is written in one
script). Short texts, where both decodings give only Han characters, are decided this way too.
charset-normalizer is the last resort. Binary files are refused with a KgError.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache

from kg_build.errors import KgError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_CJK_ENCODINGS = ("gbk", "gb18030", "big5", "cp950", "big5hkscs")
_SCORED_CHARS = 50_000  # the start of a decoding that is scored (the whole must decode)


def decode_bytes(data: bytes, name: str = "", html: bool = False) -> tuple[str, str]:
    """Decode report bytes; returns (text, encoding name). Raises KgError when impossible."""
    label = name or "input"
    for bom, codec, reported in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), reported
            except UnicodeDecodeError as exc:
                raise KgError(
                    f"{label} starts with a {reported} byte-order mark but is not valid "
                    f"{reported} ({exc.reason} at byte {exc.start + len(bom)}); "
                    "re-save it as UTF-8"
                ) from None
    if b"\x00" in data:
        text = _decode_utf16_without_bom(data)
        if text is not None:
            return text
        raise KgError(
            f"{label} looks like a binary file (it contains NUL bytes), not a text report; "
            "give a .txt or .html file"
        )
    if html:
        declared = _declared_charset(data)
        if declared:
            try:
                return data.decode(declared), codecs.lookup(declared).name
            except (LookupError, UnicodeDecodeError):
                pass
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _check_not_binary(text, label)
        return text, "utf-8"
    best = _best_cjk_decoding(data)
    if best is None:
        raise KgError(
            f"{label} could not be decoded as UTF-8, UTF-16, GB18030/GBK or Big5; "
            "re-save it as UTF-8"
        )
    _check_not_binary(best[0], label)
    return best


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:8192])
    if not match:
        return None
    declared = match.group(1).decode("ascii", "replace").lower()
    # GB2312 and GBK pages routinely use characters beyond them: decode as the superset.
    return "gb18030" if declared in {"gb2312", "gbk", "x-gbk", "gb_2312-80"} else declared


def _decode_utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    if len(data) % 2:
        return None
    best: tuple[float, str, str] | None = None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = _plausibility(text)
        if score >= 0.95 and (best is None or score > best[0]):
            best = (score, text, codec)
    return (best[1], best[2]) if best else None


def _plausibility(text: str) -> float:
    """Share of characters that ordinary report text consists of."""
    if not text:
        return 0.0
    good = sum(1 for ch in text if _is_plausible(ch))
    return good / len(text)


def _is_plausible(ch: str) -> bool:
    code = ord(ch)
    return (
        ch in "\n\r\t"
        or 0x20 <= code < 0x7F
        or 0xA0 <= code <= 0x24F  # Latin letters with tone marks (pinyin)
        or 0x300 <= code <= 0x36F
        or 0x4E00 <= code <= 0x9FFF
        or 0x3000 <= code <= 0x303F
        or 0xFF00 <= code <= 0xFFEF
        or 0x2000 <= code <= 0x27BF
        or ch in "\u00b7\u00d7\u00b0\ufeff"
    )


def _best_cjk_decoding(data: bytes) -> tuple[str, str] | None:
    """Decode strictly with each CJK codec; keep the one that scores best as real text (on a
    tie the earlier codec of _CJK_ENCODINGS: GBK before Big5)."""
    candidates: list[tuple[float, int, str, str]] = []
    for rank, codec in enumerate(_CJK_ENCODINGS):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        candidates.append((text_score(text[:_SCORED_CHARS]), -rank, text, codec))
    if candidates:
        score, _, text, codec = max(candidates, key=lambda c: (c[0], c[1]))
        if score >= 0.6:
            return text, codec
    guess = _charset_normalizer_guess(data)
    return guess


def _charset_normalizer_guess(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    match = from_bytes(data).best()
    if match is None or match.encoding is None:
        return None
    try:
        text = data.decode(match.encoding)
    except (LookupError, UnicodeDecodeError):
        return None
    if _plausibility(text) < 0.9:
        return None
    return text, codecs.lookup(match.encoding).name


# CJK symbols and punctuation (U+3000-U+301F), full-width forms, and the dashes, quotes,
# ellipsis, middle dot, bullets and marks that reports use.
_PUNCTUATION = re.compile(
    "[\u3000-\u301f\uff01-\uff5e\u00b7\u2014\u2018\u2019\u201c\u201d\u2026"
    "\u2160-\u216b\u2460-\u2473\u25a0\u25a1\u25b2\u25b3\u25c6\u25cb\u25cf\u2605\u203b]"
)


def text_score(text: str) -> float:
    """How much the non-ASCII characters of `text` look like a Chinese report, at most 1.

    Per character: a common Han character (GB2312 level 1 or Big5 level 1) or CJK punctuation
    scores 1, a rarer Han character 0.5, a pinyin letter 1, anything else 0 (kana, private
    use, box drawing: what the other codec's bytes decode to). Then the smaller of the counts
    of Simplified-only and Traditional-only characters is taken off: real text keeps to one
    script, mojibake mixes them. Text without non-ASCII characters scores 1 if plausible.
    """
    chars = [ch for ch in text if ord(ch) > 0x7F and not ch.isspace()]
    if not chars:
        return 1.0 if _plausibility(text) > 0.95 else 0.0
    good = 0.0
    simplified = traditional = 0
    for ch in chars:
        if 0x4E00 <= ord(ch) <= 0x9FFF or 0x3400 <= ord(ch) <= 0x4DBF:
            common, script = _han_class(ch)
            good += 1.0 if common else 0.5
            simplified += script == "s"
            traditional += script == "t"
        elif _PUNCTUATION.match(ch) or 0xA0 <= ord(ch) <= 0x24F or 0x300 <= ord(ch) <= 0x36F:
            good += 1.0
    return (good - min(simplified, traditional)) / len(chars)


@lru_cache(maxsize=65536)
def _han_class(ch: str) -> tuple[bool, str]:
    """(common?, script): script "s" when only GB2312 has the character (Simplified), "t"
    when only Big5 has it (Traditional), "" when both or neither do."""
    in_gb = _encodes(ch, "gb2312")
    in_big5 = _encodes(ch, "big5")
    script = "s" if in_gb and not in_big5 else "t" if in_big5 and not in_gb else ""
    return _is_common_han(ch), script


def _encodes(ch: str, codec: str) -> bool:
    try:
        ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


@lru_cache(maxsize=65536)
def _is_common_han(ch: str) -> bool:
    try:
        gb = ch.encode("gb2312")
        if 0xB0 <= gb[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        b5 = ch.encode("big5")
        return 0xA440 <= int.from_bytes(b5[:2], "big") <= 0xC67E
    except UnicodeEncodeError:
        return False


def _check_not_binary(text: str, label: str) -> None:
    controls = sum(1 for ch in text if ord(ch) < 0x20 and ch not in "\n\r\t\f\v")
    if controls > max(2, len(text) // 1000):
        raise KgError(
            f"{label} looks like a binary file ({controls} control characters), not a text "
            "report; give a .txt or .html file"
        )
