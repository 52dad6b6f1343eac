"""Saved web pages to their visible text, one line per block element.

Dropped: script, style, nav, header, footer, aside, ruby pinyin (rt, rp), hidden elements
and elements whose class or id names page chrome ("breadcrumb", "menu", "share" …).
White space runs become one space; a line break between two CJK characters vanishes.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

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

    # an explicit stack, not recursion: pages nest a thousand elements deep
    stack: list[tuple[Tag, bool] | str] = [(soup, False)]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
            continue
        node, pre = item
        todo: list[tuple[Tag, bool] | str] = []
        for child in node.children:
            if isinstance(child, Tag):
                name = child.name.lower()
                if name == "br":
                    todo.append("\n")
                elif name in _BLOCK_TAGS:
                    todo += ["\n", (child, pre or name == "pre"), "\n"]
                elif name in _CELL_TAGS:
                    todo += [" ", (child, pre), " "]
                else:
                    todo.append((child, pre))
            elif not isinstance(child, skipped):
                todo.append(str(child) if pre else _collapse_html_space(str(child)))
        stack.extend(reversed(todo))
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
