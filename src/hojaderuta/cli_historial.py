"""Commands of hdr: historial (they register themselves on ``cli_base.app``)."""

from __future__ import annotations
