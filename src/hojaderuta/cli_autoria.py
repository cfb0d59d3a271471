"""Commands of hdr: autoria (they register themselves on ``cli_base.app``)."""

from __future__ import annotations
