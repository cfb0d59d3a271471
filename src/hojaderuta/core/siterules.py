"""The rules of ``plan.yaml``'s site settings: the address, logo and colour in ``sitio``,
and the data licence in ``licencia_datos``.

``core.rules.plan_sitio`` runs them with the other plan rules. They read what the schema
let through (a value of the wrong type is gone) and judge it as the site does
(``core.sitesettings``), so a value with a finding is one the site leaves out.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from hojaderuta.core.findings import Codigo
from hojaderuta.core.links import Link, classify
from hojaderuta.core.sitesettings import color_problem, judge_logo, licencia_problem
from hojaderuta.text.i18n import _

Parts = tuple[str | int, ...]
# What a rule found: its code, where (keys of plan.yaml) and the message.
SiteHit = tuple[Codigo, Parts, str]


def site_hits(
    plan: Mapping[str, Any],
    plan_dir: Path,
    repo_root: Path | None,
    tracked: frozenset[Path] | None,
) -> Iterator[SiteHit]:
    """Every finding about ``sitio`` and ``licencia_datos`` (see ``RuleContext`` for the
    paths: resolved; ``tracked`` is None outside git)."""
    site = plan.get("sitio")
    block: Mapping[str, Any] = site if isinstance(site, Mapping) else {}
    yield from _address(site, block)
    color = block.get("color")
    problem = color_problem(color) if isinstance(color, str) else None
    if problem is not None:
        yield Codigo.COLOR_INVALIDO, ("sitio", "color"), problem
    logo = block.get("logo")
    if isinstance(logo, str) and logo.strip():
        judged = judge_logo(logo, plan_dir, repo_root, tracked)
        if judged.problem is not None:
            yield Codigo.LOGO_INVALIDO, ("sitio", "logo"), judged.problem
    licence = plan.get("licencia_datos")
    problem = licencia_problem(licence) if isinstance(licence, str) else None
    if problem is not None:
        yield Codigo.LICENCIA_INVALIDA, ("licencia_datos",), problem


def _address(site: Any, block: Mapping[str, Any]) -> Iterator[SiteHit]:
    """``sitio`` as a text, or ``sitio.url``: the web address the site is served at."""
    value, parts = (
        (site, ("sitio",)) if isinstance(site, str) else (block.get("url"), ("sitio", "url"))
    )
    if isinstance(value, str) and classify(value) is not Link.WEB:
        yield (
            Codigo.URL_INVALIDA,
            parts,
            _(
                "El sitio del plan «{valor}» debe ser una dirección web que empiece con "
                "https://: la dirección pública del sitio que escribe «hdr publicar»."
            ).format(valor=value),
        )
