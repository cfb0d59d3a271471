"""Commands of hdr: publicar (they register themselves on ``cli_base.app``)."""

from __future__ import annotations
