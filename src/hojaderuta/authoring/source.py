"""Where the running hdr came from, so the CI files ``hdr iniciar`` writes install the same one.

hdr is not on PyPI yet: a generated workflow that ran ``pip install hojaderuta`` failed
on its first push. pip records how a package was installed in ``direct_url.json``
(PEP 610): a git URL and the exact commit, a local folder, an archive, or nothing when
it came from an index. That record becomes the pip requirement (``HDR_PAQUETE``), the
pre-commit ``repo``/``rev`` and the ``uses:`` of the GitHub Action.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import metadata
from typing import Any

from hojaderuta import __version__
from hojaderuta.text.i18n import _

DISTRIBUTION = "hojaderuta"
HOME_REPO = "hojaderuta/hdr"
HOME_URL = f"https://github.com/{HOME_REPO}"
_GITHUB = re.compile(r"^https://github\.com/([\w.-]+/[\w.-]+?)(?:\.git)?/?$")


@dataclass(frozen=True)
class Origen:
    """What the generated CI files install, and why it may need a change by hand."""

    paquete: str  # pip requirement: HDR_PAQUETE of the workflow and .gitlab-ci.yml
    repo: str  # git repository for pre-commit
    rev: str  # tag or commit for pre-commit
    accion: str  # owner/name@ref for «uses:» in the GitHub workflow
    aviso: str | None = None  # set when CI cannot reach ``paquete``


def running_source() -> Origen:
    """The source of the hdr that is running now (see ``source_from``)."""
    try:
        dist = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # run from a bare source tree
        return source_from(None, __version__)
    return source_from(dist.read_text("direct_url.json"), dist.version)


def source_from(direct_url: str | None, version: str) -> Origen:
    """The CI source for an install recorded as ``direct_url`` (PEP 610 JSON, or None)."""
    released = Origen(
        paquete=f"{DISTRIBUTION}=={version}",
        repo=HOME_URL,
        rev=f"v{version}",
        accion=f"{HOME_REPO}@v{version}",
    )
    try:
        info: Any = json.loads(direct_url) if direct_url else {}
    except ValueError:
        info = {}
    if not isinstance(info, dict) or not isinstance(info.get("url"), str):
        return released  # from an index (PyPI): the version is the whole story
    url: str = info["url"]
    vcs = info.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git" and isinstance(vcs.get("commit_id"), str):
        return _from_git(url, vcs["commit_id"], info.get("subdirectory"), released)
    if url.startswith("file:") or "dir_info" in info:
        return _unreachable(released, url)
    # An archive (wheel or sdist) on a web server: CI downloads the same file.
    return Origen(url, released.repo, released.rev, released.accion)


def _from_git(url: str, commit: str, subdirectory: object, released: Origen) -> Origen:
    paquete = f"git+{url}@{commit}"
    if isinstance(subdirectory, str) and subdirectory:
        paquete += f"#subdirectory={subdirectory}"
    found = _GITHUB.match(url)
    # The Action lives in the same repository: same commit as the hdr it installs.
    accion = f"{found.group(1)}@{commit}" if found else released.accion
    aviso = _warning(url, released) if url.startswith("file:") else None
    return Origen(paquete, url, commit, accion, aviso)


def _unreachable(released: Origen, url: str) -> Origen:
    return Origen(
        released.paquete, released.repo, released.rev, released.accion, _warning(url, released)
    )


def _warning(url: str, released: Origen) -> str:
    return _(
        "hdr se está ejecutando desde una copia local ({url}) que el CI no puede instalar. "
        "Antes del primer push, cambie HDR_PAQUETE al principio de .github/workflows/hdr.yml "
        "y de .gitlab-ci.yml por una fuente pública, por ejemplo «{fuente}» (y «repo»/«rev» "
        "en .pre-commit-config.yaml)."
    ).format(url=url, fuente=f"git+{HOME_URL}@{released.rev}")
