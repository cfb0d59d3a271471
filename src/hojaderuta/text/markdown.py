"""User text inside Markdown (reports, ``hdr avance --formato markdown``): inert, one cell."""

from __future__ import annotations

from typing import Any


def markdown_text(value: Any) -> str:
    """User text inside Markdown: raw HTML would pass through GFM, so neutralise it."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markdown_cell(value: Any) -> str:
    """Text for a GFM table cell: one line, pipes escaped, HTML neutralised."""
    return markdown_text(" ".join(str(value).split())).replace("|", "\\|")


def markdown_link(url: str) -> str:
    """A Markdown autolink when the URL is plain; otherwise inert text."""
    if any(ch in url for ch in '<>"`\\ ') or any(ch.isspace() for ch in url):
        return markdown_text(url).replace("`", "'")
    return f"<{url}>"
