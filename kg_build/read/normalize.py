"""Bytes in, clean text out: encoding, HTML, Traditional Chinese, full width, pinyin, lines.

What the normalised text is (offsets of statements refer to it):

- decoded from UTF-8 (BOM or not), UTF-16/32 (BOM or NUL-pattern heuristics), GBK/GB18030,
  Big5/CP950; HTML honours its ``<meta charset>`` first;
- HTML reduced to its visible text (script, style, nav, header, footer, aside, ruby pinyin,
  hidden elements and elements whose class or id names page chrome such as "breadcrumb",
  "menu", "share", "footer" dropped); block elements become lines, blank lines are dropped;
- Unicode NFC; CRLF, CR, U+2028/U+2029 become LF; other control and zero-width characters
  are removed; tabs become spaces;
- full-width ASCII (U+FF01-U+FF5E) folded to ASCII and the ideographic space U+3000 to a
  space (so ``，：；（）％１２`` become ``,:;()%12``); CJK punctuation outside that block
  (、。“”‘’《》【】—…●· etc.) is kept as is;
- pinyin annotations after Chinese characters removed: ``鎮(zhèn)`` -> ``镇``,
  ``經(jīng)濟(jì)``, ``经济(jing1 ji4)``, ``开平(kaiping)``, also in ``[]``;
- Traditional Chinese converted to Simplified (OpenCC t2s) only when the text is
  Traditional, i.e. t2s would change more characters than s2t;
- per line: leading and trailing spaces stripped, inner runs of spaces collapsed to one.

For plain text, line ``n`` of the normalised text is line ``n`` of the source file (blank
lines are kept as empty lines), so line numbers quoted from the source file stay valid.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from kg_build.errors import KgError

MAX_BYTES = 20 * 1024 * 1024  # larger inputs are refused (see kg_build.read.read_bytes)

_HTML_EXTS = (".html", ".htm", ".xhtml", ".shtml", ".mht")
_DROP_TAGS = (
    "script", "style", "nav", "header", "footer", "aside", "noscript", "template",
    "iframe", "rt", "rp", "head", "button", "select", "svg", "canvas", "object", "embed",
)  # fmt: skip
_DROP_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search"}
# class or id words of page chrome (matched as whole words of the attribute)
_DROP_CLASS_WORDS = {
    "nav", "navbar", "menu", "breadcrumb", "breadcrumbs", "crumb", "footer", "sidebar",
    "share", "copyright", "toolbar", "skip", "print", "qrcode",
}  # fmt: skip
_BLOCK_TAGS = {
    "address", "article", "blockquote", "body", "caption", "center", "dd", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "html", "li", "main", "ol", "p", "pre", "section", "table", "tbody", "thead",
    "tfoot", "tr", "ul",
}  # fmt: skip
_CELL_TAGS = {"td", "th"}


@dataclass(frozen=True)
class Normalized:
    """The result of normalisation, with notes on what was done."""

    text: str
    encoding: str
    html: bool = False
    traditional: bool = False  # converted from Traditional Chinese
    pinyin_removed: int = 0  # number of pinyin annotations removed


def normalize(data: bytes, name: str = "") -> tuple[str, str]:
    """Bytes of a report -> (normalised text, detected source encoding name)."""
    result = normalize_report(data, name)
    return result.text, result.encoding


def normalize_report(data: bytes, name: str = "") -> Normalized:
    """Bytes of a report -> `Normalized` (text, encoding and what was changed)."""
    if not data:
        raise KgError(f"{name or 'input'} is empty; give a report text file")
    is_html = looks_like_html(data, name)
    text, encoding = decode_bytes(data, name, html=is_html)
    if is_html:
        text = html_to_text(text)
    return normalize_text(text, encoding=encoding, html=is_html)


def normalize_text(text: str, encoding: str = "utf-8", html: bool = False) -> Normalized:
    """Normalise already decoded text (see the module doc for what is done)."""
    text = text.lstrip("\ufeff")
    text = unicodedata.normalize("NFC", text)
    text = normalize_newlines(text)
    text = remove_controls(text)
    text = fold_width(text)
    traditional = is_traditional(text)
    if traditional:
        text = to_simplified(text)
    text, removed = strip_pinyin(text)
    text = clean_lines(text, drop_blank=html)
    return Normalized(text, encoding, html, traditional, removed)


# --- decoding ---------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_CJK_ENCODINGS = ("gbk", "gb18030", "big5", "cp950", "big5hkscs")


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
    """Decode strictly with each CJK codec; keep the one whose Han characters are common."""
    candidates: list[tuple[float, int, str, str]] = []
    for rank, codec in enumerate(_CJK_ENCODINGS):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        candidates.append((_commonness(text), -rank, text, codec))
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


def _commonness(text: str) -> float:
    """Share of Han characters that are common (GB2312 level 1 or Big5 level 1)."""
    han = [ch for ch in text if 0x4E00 <= ord(ch) <= 0x9FFF]
    if not han:
        return 1.0 if _plausibility(text) > 0.95 else 0.0
    return sum(1 for ch in han if _is_common_han(ch)) / len(han)


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


# --- HTML -------------------------------------------------------------------------------

_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta)\b",
    re.I | re.S,
)
_HTML_TAGS = re.compile(r"</(?:p|div|br|li|td|span|h\d)\s*>|<br\s*/?>", re.I)


def looks_like_html(data: bytes, name: str = "") -> bool:
    """True for saved web pages: by file extension or by the markup at the start."""
    if name.lower().endswith(_HTML_EXTS):
        return True
    head = data[:4096]
    codec = "utf-16" if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8"
    sample = head.decode(codec, "ignore").lstrip("\ufeff")
    if _HTML_START.match(sample):
        return True
    return sample.lstrip().startswith("<") and len(_HTML_TAGS.findall(sample)) >= 3


def html_to_text(html: str) -> str:
    """Visible text of an HTML page, one line per block element (see module doc)."""
    from bs4 import BeautifulSoup, Comment, Declaration, Doctype, ProcessingInstruction, Tag

    soup = BeautifulSoup(html, "lxml")
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(_is_hidden):
        tag.decompose()
    skipped = (Comment, Declaration, Doctype, ProcessingInstruction)
    parts: list[str] = []

    def walk(node: Tag, pre: bool) -> None:
        for child in node.children:
            if isinstance(child, Tag):
                name = child.name.lower()
                if name == "br":
                    parts.append("\n")
                elif name in _BLOCK_TAGS:
                    parts.append("\n")
                    walk(child, pre or name == "pre")
                    parts.append("\n")
                elif name in _CELL_TAGS:
                    parts.append(" ")
                    walk(child, pre)
                    parts.append(" ")
                else:
                    walk(child, pre)
            elif not isinstance(child, skipped):
                parts.append(str(child) if pre else _collapse_html_space(str(child)))

    walk(soup, False)
    return "".join(parts)


def _is_hidden(tag: object) -> bool:
    attrs = getattr(tag, "attrs", None) or {}
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    if str(attrs.get("role", "")).lower() in _DROP_ROLES:
        return True
    classes = attrs.get("class") or []
    words = " ".join([*(classes if isinstance(classes, list) else [classes]), attrs.get("id", "")])
    if _DROP_CLASS_WORDS & set(re.split(r"[\s_-]+", str(words).lower())):
        return True
    style = str(attrs.get("style", "")).replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


_HTML_SPACE = re.compile(r"[ \t\r\n\f]+")


def _collapse_html_space(text: str) -> str:
    """HTML white space: runs become one space; a line break between two CJK chars vanishes."""

    def repl(match: re.Match[str]) -> str:
        run = match.group(0)
        if "\n" in run or "\r" in run:
            before = text[match.start() - 1] if match.start() > 0 else ""
            after = text[match.end()] if match.end() < len(text) else ""
            if _is_wide(before) and _is_wide(after):
                return ""
        return " "

    return _HTML_SPACE.sub(repl, text)


def _is_wide(ch: str) -> bool:
    return bool(ch) and unicodedata.east_asian_width(ch) in ("W", "F")


# --- text clean-up ----------------------------------------------------------------------


def normalize_newlines(text: str) -> str:
    """CRLF, CR, U+2028 and U+2029 become LF."""
    return re.sub(r"\r\n?|[\u2028\u2029\u0085]", "\n", text)


_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200d\u2060\ufeff]")


def remove_controls(text: str) -> str:
    """Drop control and zero-width characters; tabs become spaces."""
    return _CONTROLS.sub("", text.replace("\t", " "))


_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20, 0xA0: 0x20}


def fold_width(text: str) -> str:
    """Full-width ASCII (U+FF01-U+FF5E) to ASCII; ideographic and no-break spaces to spaces."""
    return text.translate(_FOLD)


def clean_lines(text: str, drop_blank: bool = False) -> str:
    """Strip each line, collapse inner runs of spaces; keep blank lines unless asked."""
    lines = [re.sub(r" {2,}", " ", line.strip(" ")) for line in text.split("\n")]
    if drop_blank:
        lines = [line for line in lines if line]
    return "\n".join(lines)


# --- Traditional Chinese ----------------------------------------------------------------


@lru_cache(maxsize=2)
def _opencc(config: str):  # noqa: ANN202 - opencc has no type hints
    import opencc

    return opencc.OpenCC(config)


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
    (judged on the first 20,000 Han characters, line by line)."""
    chunks: list[str] = []
    seen = 0
    for line in text.split("\n"):
        han = "".join(ch for ch in line if 0x3400 <= ord(ch) <= 0x9FFF)
        if han:
            chunks.append(han)
            seen += len(han)
            if seen >= _SAMPLE_HAN:
                break
    if not chunks:
        return False
    t2s = _changed(chunks, "t2s")
    return t2s > 0 and t2s > _changed(chunks, "s2t")


def to_simplified(text: str) -> str:
    """Traditional -> Simplified Chinese with OpenCC (t2s), line by line."""
    converter = _opencc("t2s")
    return "\n".join(converter.convert(line) for line in text.split("\n"))


# --- pinyin annotations -----------------------------------------------------------------

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
