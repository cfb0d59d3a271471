"""Where ``hdr publicar`` may write, and how a new site replaces the previous one.

The rules, the same with or without ``--forzar`` unless said otherwise:

* never the plan's folder, one of its ancestors, a folder inside ``.git`` (or a bare
  repository), nor a folder that holds a ``plan.yaml`` or a ``.git``;
* inside the plan's folder, only a folder that is new, empty or already an hdr site, and
  never under ``compromisos/`` or ``evidencias/`` (``plan/sitio`` is fine);
* elsewhere, a non-empty folder that is not an hdr site only with ``--forzar``.

The marker file (``.hdr-sitio``) lists the files hdr produced. On re-publishing, every
other file of the previous output (a ``CNAME`` the user added) is carried into the new
site; one that would be replaced by a file hdr produces stops the publication unless
``--forzar``. Sites are built in a ``.hdr-sitio-*`` folder next to the output; one left
behind by a killed run (its building file names a process that no longer exists on this
machine) is removed on the next run, and nothing else is.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import tempfile
from pathlib import Path
from typing import Any

from hojaderuta.errors import UsageError
from hojaderuta.text.i18n import _
from hojaderuta.text.safetext import visible

MARKER = ".hdr-sitio"
BUILDING = ".hdr-en-construccion"  # only in a site being built: who builds it
STAGING_PREFIX = ".hdr-sitio-"
PLAN_FOLDERS = ("compromisos", "evidencias")
# What hdr wrote before its marker listed its files: the rest of such a site is kept.
LEGACY_OWN = frozenset(
    {
        "index.html",
        "historial.html",
        "feed.xml",
        "compromisos",
        "instituciones",
        "datos",
        "evidencias",
    }
)


def check_destination(salida: Path, plan_dir: Path, forzar: bool) -> None:
    """Refuse an output that could destroy the plan, a repository or someone's files."""
    target, plan = salida.resolve(), plan_dir.resolve()
    shown = visible(str(salida))
    if target == plan or plan.is_relative_to(target):
        raise UsageError(
            _(
                "La salida «{salida}» contiene el plan; publicar ahí borraría las hojas de "
                "ruta. Elija otra carpeta, por ejemplo «--salida sitio»."
            ).format(salida=shown)
        )
    if any(part.casefold() == ".git" for part in target.parts) or _is_bare_repo(target):
        raise UsageError(
            _(
                "La salida «{salida}» está dentro de un repositorio de git (.git); publicar "
                "ahí lo dañaría. Elija otra carpeta."
            ).format(salida=shown)
        )
    if target.exists() and not target.is_dir():
        raise UsageError(_("«{salida}» existe y no es una carpeta.").format(salida=shown))
    if any((target / name).exists() for name in ("plan.yaml", ".git")):
        raise UsageError(
            _(
                "La carpeta «{salida}» tiene un plan.yaml o un repositorio de git; hdr no "
                "publica encima de ellos, ni con --forzar. Elija otra carpeta."
            ).format(salida=shown)
        )
    is_site = (target / MARKER).is_file()
    empty = not target.exists() or not any(target.iterdir())
    if target.is_relative_to(plan):
        _check_inside_plan(target.relative_to(plan), shown, empty or is_site)
    if not empty and not is_site and not forzar:
        raise UsageError(
            _(
                "La carpeta «{salida}» no está vacía y no es un sitio publicado antes por hdr. "
                "Para no borrar nada por error, hdr no la reemplaza; elija otra carpeta o use "
                "--forzar si de verdad quiere publicar ahí (hdr conserva los archivos que no "
                "produjo, salvo los que tengan el nombre de una página del sitio)."
            ).format(salida=shown)
        )


def _check_inside_plan(relative: Path, shown: str, usable: bool) -> None:
    if relative.parts[0].casefold() in PLAN_FOLDERS:
        raise UsageError(
            _(
                "La salida «{salida}» está dentro de {carpeta}/, que es parte del plan. "
                "Elija otra carpeta, por ejemplo «--salida sitio»."
            ).format(salida=shown, carpeta=relative.parts[0])
        )
    if not usable:
        raise UsageError(
            _(
                "La salida «{salida}» está dentro de la carpeta del plan y ya tiene archivos "
                "que no son de un sitio de hdr; hdr no la reemplaza, ni con --forzar. Elija "
                "una carpeta nueva o vacía."
            ).format(salida=shown)
        )


def _is_bare_repo(target: Path) -> bool:
    return (target / "HEAD").is_file() and (target / "objects").is_dir()


# --- building next to the output -------------------------------------------------------


def new_staging(parent: Path) -> Path:
    """A new, marked folder to build the site in (normal permissions: honours the umask)."""
    parent.mkdir(parents=True, exist_ok=True)
    while True:
        staging = parent / (STAGING_PREFIX + secrets.token_hex(4))
        try:
            staging.mkdir()  # not mkdtemp: its 0700 would make a web server answer 403
            break
        except FileExistsError:
            continue
    (staging / MARKER).write_text(json.dumps({"generador": "hdr"}) + "\n", encoding="utf-8")
    builder = {"pid": os.getpid(), "host": socket.gethostname()}
    (staging / BUILDING).write_text(json.dumps(builder) + "\n", encoding="utf-8")
    return staging


def clean_stale_staging(parent: Path) -> list[Path]:
    """Remove hdr's own build folders left behind by a run that was killed."""
    removed: list[Path] = []
    if not parent.is_dir():
        return removed
    for entry in parent.iterdir():
        if not entry.name.startswith(STAGING_PREFIX) or entry.is_symlink():
            continue
        if not entry.is_dir() or not (entry / MARKER).is_file():
            continue
        if _abandoned(entry / BUILDING):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def _abandoned(building: Path) -> bool:
    """True when the process that was building there is gone (and was on this machine)."""
    try:
        builder = json.loads(building.read_text(encoding="utf-8"))
        pid, host = int(builder["pid"]), str(builder["host"])
    except (OSError, ValueError, KeyError, TypeError):
        return False  # not recognisably hdr's: leave it alone
    if host != socket.gethostname() or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # alive, under another user
    return False


# --- what hdr produced, and what it keeps ----------------------------------------------


def produced_files(staging: Path) -> list[str]:
    """Every file hdr wrote into ``staging`` (relative, with «/»), markers aside."""
    found = []
    for dirpath, _dirs, files in os.walk(staging):
        for name in files:
            relative = (Path(dirpath) / name).relative_to(staging).as_posix()
            if relative not in (MARKER, BUILDING):
                found.append(relative)
    return sorted(found)


def write_marker(staging: Path, meta: dict[str, Any], files: list[str]) -> None:
    payload = {**meta, "archivos": files}
    (staging / MARKER).write_text(
        json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


def _previously_produced(target: Path) -> set[str] | None:
    """What the previous hdr site says it produced; None when it does not say."""
    try:
        listed = json.loads((target / MARKER).read_text(encoding="utf-8")).get("archivos")
    except (OSError, ValueError, AttributeError):
        return None
    return set(listed) if isinstance(listed, list) else None


def _user_entries(target: Path) -> list[str]:
    """Files, links and empty folders of ``target``, relative (hdr's markers aside)."""
    entries: list[str] = []

    def unreadable(err: OSError) -> None:
        # A folder hdr cannot read would be neither kept nor removed: stop instead.
        raise UsageError(
            _(
                "No se puede leer «{ruta}» dentro de la carpeta de salida; hdr no la "
                "publicaría ni la conservaría. Revise sus permisos o muévala."
            ).format(ruta=visible(str(err.filename)))
        ) from err

    for dirpath, dirs, files in os.walk(target, onerror=unreadable):
        here = Path(dirpath)
        links = [d for d in dirs if (here / d).is_symlink()]
        dirs[:] = [d for d in dirs if d not in links]
        names = files + links
        if here != target and not names and not dirs:
            names = ["."]
        entries.extend((here / n).relative_to(target).as_posix() for n in names)
    return [e for e in entries if e not in (MARKER, BUILDING)]


def carry_over(target: Path, staging: Path, forzar: bool) -> list[str]:
    """Put into ``staging`` every file of the previous output that hdr did not produce."""
    if not target.is_dir():
        return []
    before = _previously_produced(target)
    is_site = (target / MARKER).is_file()
    kept, clashes = [], []
    for entry in _user_entries(target):
        if before is not None and entry in before:
            continue
        if before is None and is_site and entry.split("/", 1)[0] in LEGACY_OWN:
            continue
        dest, source = staging / entry, target / entry
        if dest.is_dir() and source.is_dir() and not source.is_symlink():
            continue  # an empty folder where the new site has one
        if dest.exists() or dest.is_symlink() or _blocked(dest, staging) or _special(source):
            clashes.append(entry)  # a pipe or socket cannot be carried over either
        else:
            kept.append(entry)
    if clashes and not forzar:
        raise UsageError(_clash_message(target, clashes))
    for entry in kept:
        _keep(target / entry, staging / entry)
    return sorted(kept)


def _clash_message(target: Path, clashes: list[str]) -> str:
    words = {
        "carpeta": visible(str(target)),
        "lista": ", ".join(visible(c) for c in clashes[:10]),
        "n": len(clashes) - 10,
    }
    if len(clashes) > 10:
        text = _(
            "La carpeta «{carpeta}» tiene archivos que hdr no produjo y que el sitio nuevo "
            "reemplazaría: {lista} y {n} más. Muévalos, o use --forzar para reemplazarlos."
        )
    else:
        text = _(
            "La carpeta «{carpeta}» tiene archivos que hdr no produjo y que el sitio nuevo "
            "reemplazaría: {lista}. Muévalos, o use --forzar para reemplazarlos."
        )
    return text.format(**words)


def _special(source: Path) -> bool:
    """A pipe, socket or device: not a file hdr can keep in the new site."""
    return not source.is_symlink() and source.exists() and not (source.is_file() or source.is_dir())


def _blocked(dest: Path, staging: Path) -> bool:
    """True when a folder on the way to ``dest`` is a file of the new site."""
    return any(p.exists() and not p.is_dir() for p in dest.parents if p.is_relative_to(staging))


def _keep(source: Path, dest: Path) -> None:
    """Carry one entry over: a hard link when possible (no copy, same permissions)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    if source.is_symlink():
        dest.symlink_to(source.readlink())
    elif source.is_dir():
        dest.mkdir(exist_ok=True)
    elif source.is_file():
        try:
            os.link(source, dest, follow_symlinks=False)
        except OSError:
            shutil.copy2(source, dest)


def swap(staging: Path, target: Path) -> None:
    """Put ``staging`` where ``target`` is, keeping the old one until the new one is in."""
    if not target.exists():
        staging.rename(target)
    else:
        old = Path(tempfile.mkdtemp(prefix=".hdr-anterior-", dir=target.parent))
        old.rmdir()
        target.rename(old)
        try:
            staging.rename(target)
        except OSError:
            old.rename(target)  # put the previous site back
            raise
        shutil.rmtree(old, ignore_errors=True)
    (target / BUILDING).unlink(missing_ok=True)
