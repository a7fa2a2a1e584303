"""Showing untrusted text safely: secrets in URLs, control characters, XML-illegal characters, Markdown.

Column names, group labels, file paths and database URLs come from the user's data or command line and
are shown in terminals, CI logs, XML, JSON-LD and Markdown posted as PR comments. Every display path goes
through one of these functions:

- :func:`redact_url` hides credentials in every URL form found in a text (``user:password@``, ``password=``
  / ``sslpassword=`` and similar query parameters); the one redaction function used everywhere.
- :func:`term` escapes control characters (C0, DEL, C1, bidi and line/paragraph separators) ``repr``-style
  (``\\n``, ``\\x1b``, ``\\u202e``), so a name can neither start a new log line (GitHub workflow commands such
  as ``::error::``) nor move the cursor or open a hyperlink; it also redacts URLs.
- :func:`shown_name` is :func:`term` with the length capped (a 100k-character name is shown by its first
  characters and its length).
- :func:`xml_text` makes a string legal in XML 1.0 (and tidy in JSON-LD): the same escapes as :func:`term`
  for C0 controls, C1 controls, U+FFFE/U+FFFF, noncharacters and lone surrogates.
- :func:`md_code` wraps a name in a Markdown code span (backticks in it handled by a longer fence), so a
  bare URL or an ``@mention`` in a name never becomes a link or a ping.

Every regular expression here is linear in its input (no nested or adjacent unbounded quantifiers over
overlapping classes).
"""

from __future__ import annotations

import re
from typing import Any

__all__ = [
    "MAX_NAME",
    "MAX_MESSAGE",
    "shown_message",
    "json_escape_unsafe",
    "redact_url",
    "term",
    "shown_name",
    "xml_text",
    "xml_clean",
    "md_code",
    "cap",
]

#: characters of a name shown in any display (the scorecard keeps the name; displays cap it)
MAX_NAME = 120
#: characters of a check message shown in a terminal, CI log or report (a message quotes column names)
MAX_MESSAGE = 1000

# C0 (incl. TAB/LF/CR), DEL, C1, Arabic letter mark, zero-width and bidi marks/overrides/isolates,
# line/paragraph separators, BOM, interlinear annotations, U+FFFE/U+FFFF, lone surrogates.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb\ufffe\uffff\ud800-\udfff]"
)
_UNSAFE_JSON = re.compile(
    "[\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb\ufffe\uffff\ud800-\udfff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

# characters XML 1.0 forbids (TAB/LF/CR are allowed) plus the C1 block and noncharacters it discourages
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]")

_SECRET_KEYS = (
    r"(?:ssl)?(?:password|passwd|pwd|pass|passphrase)|secret|token|api[_-]?key|access[_-]?key|sslkey"
)
# key=value in a URL query (or a libpq key=value string): the value runs to the next & or ; or whitespace
_QUERY_SECRET = re.compile(rf"(?i)((?:^|[?&;\s])(?:{_SECRET_KEYS})=)[^&;\s]*")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]{0,30}://")
_MASK = "***"


def _escape_char(m: re.Match[str]) -> str:
    ch = m.group(0)
    if ch in _NAMED:
        return _NAMED[ch]
    o = ord(ch)
    return f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}"


def _redact_authority(token: str) -> str:
    """``scheme://user:secret@host/...`` -> ``scheme://user:***@host/...`` for one URL token (no whitespace)."""
    head, _, rest = token.partition("://")
    at = rest.rfind("@")
    if at < 0:
        return token
    userinfo = rest[:at]
    if ":" not in userinfo:
        return token  # a user name only: nothing secret
    user = userinfo.split(":", 1)[0]
    return f"{head}://{user}:{_MASK}@{rest[at + 1 :]}"


def redact_url(text: object) -> str:
    """``text`` with credentials in every URL it contains replaced by ``***``.

    Userinfo passwords (``postgresql://u:SECRET@h/db``; everything up to the last ``@`` of the URL is taken as
    userinfo, so an unencoded ``#``, ``/`` or ``?`` in the password is hidden too) and secret query or
    key=value parameters (``password=``, ``sslpassword=``, ``passwd=``, ``pwd=``, ``token=``, ``secret=``,
    ``api_key=``...). When in doubt it hides more, never less."""
    s = str(text)
    if "://" in s:
        out: list[str] = []
        pos = 0
        for m in _SCHEME.finditer(s):
            if m.start() < pos:
                continue
            end = m.end()
            while end < len(s) and not s[end].isspace():
                end += 1
            out.append(s[pos : m.start()])
            out.append(_redact_authority(s[m.start() : end]))
            pos = end
        out.append(s[pos:])
        s = "".join(out)
    if "=" in s:
        s = _QUERY_SECRET.sub(lambda m: m.group(1) + _MASK, s)
    return s


def json_escape_unsafe(text: str) -> str:
    """JSON text with every character :func:`term` would escape written as a ``\\uXXXX`` escape (same JSON value)."""
    # C0 inside strings is escaped by json.dumps already; the newlines left are the layout's own
    return _UNSAFE_JSON.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def cap(text: object, limit: int = MAX_NAME) -> str:
    """``text`` cut to ``limit`` characters, saying how long it was."""
    s = str(text)
    if len(s) <= limit:
        return s
    return f"{s[:limit]}...({len(s):,} chars)"


def term(text: object) -> str:
    """Text safe for a terminal or CI log: URLs redacted, control characters escaped ``repr``-style."""
    return _UNSAFE.sub(_escape_char, redact_url(text))


def shown_message(message: object) -> str:
    """A check message for a terminal or report: capped at ``MAX_MESSAGE`` characters, then escaped."""
    return term(cap(message, MAX_MESSAGE))


def shown_name(name: object, limit: int = MAX_NAME) -> str:
    """A column name or label for a display: capped, then escaped (one line, no control sequences)."""
    return term(cap(name, limit))


def shown_key(key: object, limit: int = 300) -> str:
    """A check key for a display: escaped; a long one (a huge column name) is cut and made unique again by a
    digest of the whole key, so keys stay distinct in JUnit names and SARIF properties."""
    s = str(key)
    if len(s) > limit:
        import hashlib

        s = f"{s[:limit]}...#{hashlib.sha256(s.encode('utf-8', 'surrogatepass')).hexdigest()[:16]}"
    return term(s)


def xml_text(text: object) -> str:
    """A string legal in XML 1.0: forbidden characters become ``\\xNN`` / ``\\uNNNN`` escapes."""
    return _XML_BAD.sub(_escape_char, str(text))


def xml_clean(obj: Any) -> Any:
    """:func:`xml_text` applied to every string (keys too) of a JSON-like structure."""
    if isinstance(obj, str):
        return xml_text(obj)
    if isinstance(obj, dict):
        return {xml_text(k) if isinstance(k, str) else k: xml_clean(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [xml_clean(v) for v in obj]
    return obj


def md_code(name: object, limit: int = MAX_NAME) -> str:
    """A name as a Markdown code span: nothing inside is a link, mention, emphasis or HTML.

    Control characters are escaped and the length capped; ``|`` is escaped for GFM tables (GFM removes that
    backslash before parsing the span); a backtick run in the name gets a longer fence."""
    s = shown_name(name, limit).replace("|", "\\|")
    longest = max((len(r) for r in re.findall(r"`+", s)), default=0)
    fence = "`" * (longest + 1)
    pad = (
        " "
        if s.startswith("`") or s.endswith("`") or (s.startswith(" ") and s.endswith(" ") and s.strip())
        else ""
    )
    return f"{fence}{pad}{s}{pad}{fence}"
