"""Finds markup a browser would execute in an HTML answer: inline scripts, handlers, script URLs."""

import re
from html.parser import HTMLParser

# Tags that run or embed something even without a script attribute.
_ACTIVE_TAGS = {"iframe", "object", "embed", "applet", "base", "frame", "frameset"}
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "poster", "background"}
# Browsers ignore whitespace and control characters inside a URL scheme: "java\tscript:" still runs.
_SCHEME_NOISE = re.compile(r"[\x00-\x20]+")
_DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "data:application")


def _runs(script_type: str | None) -> bool:
    """A <script type="application/json"> is a data block the browser never executes."""
    kind = (script_type or "").strip().lower()
    return not kind or kind == "module" or any(js in kind for js in ("javascript", "ecmascript", "jscript"))


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        if tag == "script" and "src" not in names and _runs(dict(attrs).get("type")):
            self.found.append("inline <script>")
        if tag == "script" and any(n == "src" and v and re.match(r"^(?:[a-z]+:)?//", v) for n, v in attrs):
            self.found.append("<script> from another origin")
        if tag in _ACTIVE_TAGS:
            self.found.append(f"<{tag}>")
        if tag == "meta" and (dict(attrs).get("http-equiv") or "").lower() in {"refresh", "set-cookie"}:
            self.found.append("<meta http-equiv> that navigates or sets cookies")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in _URL_ATTRIBUTES and value:
                url = _SCHEME_NOISE.sub("", value).lower()
                if url.startswith(_DANGEROUS_SCHEMES):
                    self.found.append(f"<{tag} {name}={value[:40]!r}>")
            if name == "style" and value and re.search(r"expression\(|javascript:|url\(", value, re.I):
                self.found.append(f"<{tag} style={value[:40]!r}>")

    handle_startendtag = handle_starttag


def executable_markup(html: str) -> list[str]:
    """Every piece of `html` that would run code or load a foreign document; [] when none."""
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner.found
