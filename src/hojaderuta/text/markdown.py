"""User text inside Markdown (reports, ``hdr avance --formato markdown``): inert, one cell.

User text never becomes markup a reader could follow: raw HTML is neutralised and the
link syntax escaped, so ``[x](javascript:alert(5))`` in a name is shown as written,
never as a link (nor ``![x](…)`` as an image that loads on opening the report).
"""

from __future__ import annotations

import re
from typing import Any

# A link or an image needs a «]» right before «(», «[» or «:» (inline, reference and
# definition): escape those, and double a backslash that would escape what follows (so a
# user's «\](» cannot undo the escape). Other brackets and backslashes (the «\u202e» of
# ``visible``) are shown as they are anyway, so they stay untouched.
_LINK_SYNTAX = re.compile(r"\\(?=[!-/:-@\[-`{-~])|\](?=[(\[:])")
# The only schemes a report links to; anything else (javascript:, data:…) stays text.
_LINKABLE = re.compile(r"(?i)(?:https?://|mailto:)")


def markdown_text(value: Any) -> str:
    """User text inside Markdown: raw HTML would pass through GFM, and a link would be
    followed, so neutralise both."""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _LINK_SYNTAX.sub(lambda m: "\\" + m.group(), text)


def markdown_cell(value: Any) -> str:
    """Text for a GFM table cell: one line, pipes escaped, HTML and links neutralised."""
    return markdown_text(" ".join(str(value).split())).replace("|", "\\|")


def markdown_link(url: str) -> str:
    """A Markdown autolink when the URL is a plain web or mail address; otherwise inert
    text (CommonMark would autolink ``<javascript:…>`` too)."""
    plain = not (any(ch in url for ch in '<>"`\\') or any(ch.isspace() for ch in url))
    if plain and _LINKABLE.match(url):
        return f"<{url}>"
    return markdown_text(url).replace("`", "'")
