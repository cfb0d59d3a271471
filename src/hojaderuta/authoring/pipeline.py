"""The round-trip edit of one commitment file, shared by ``hdr marcar``/``verificar``
(``editing``) and ``hdr importar`` (``sheets.apply``).

decode → edit the data → dump → splice only the changed lines into the file →
check that the spliced file still holds the dump's data. The caller then
validates the whole plan with the new bytes in place (``validate_plan`` with
``overrides``) and writes them only when that is clean. Importing this module
imports ruamel.yaml (through ``yamledit``): callers in the CLI import it lazily.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from hojaderuta.authoring import yamledit as rt
from hojaderuta.authoring.shared import plain, shared_snapshot
from hojaderuta.core.loading import load_text
from hojaderuta.errors import UsageError
from hojaderuta.text.i18n import _

T = TypeVar("T")


def round_trip(
    raw: bytes, path: Path, archivo: str, edit: Callable[[Any], T]
) -> tuple[T, bytes | None]:
    """What ``edit`` returned, and the file's bytes after it changed the loaded data.

    The bytes are ``raw`` itself when the edit changed nothing, and None when the
    change cannot be made without altering other lines of the file.
    """
    source = rt.Source.decode(raw)
    yaml, data, before = rt.best_yaml(source.text)
    shared = shared_snapshot(data)
    outcome = edit(data)
    if any(plain(node) != was for node, was in shared):
        # The edit reached a node that «*alias» or «<<» shares: it would change elsewhere too.
        raise UsageError(
            _(
                "El cambio en {archivo} toca un bloque que se repite con un alias YAML («&ancla» "
                "y «*ancla» o «<<»); hdr no lo cambia para no cambiar también los otros lugares "
                "que lo usan. Escriba ese bloque completo en su lugar (sin «*» ni «<<») y repita "
                "el comando."
            ).format(archivo=archivo)
        )
    after = rt.dump(yaml, data)
    if after == before:
        return outcome, raw
    text = rt.splice(source.text, before, after)
    if text is None:
        return outcome, None
    new = source.encode(text)
    # Where the splice merged around re-formatted lines, the data must still be the dump's.
    if text != after and (
        load_text(new, path, archivo).data != load_text(source.encode(after), path, archivo).data
    ):
        return outcome, None
    return outcome, new
