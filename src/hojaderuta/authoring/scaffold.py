"""Starting a plan repository (``hdr iniciar``) and a commitment from the template (``hdr nuevo``).

Both only ever create files: one that already exists is left as it is and
reported. Templates are plain text with ``{{campo}}`` fields (see plantillas/),
so neither command needs a template engine.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from hojaderuta import __version__
from hojaderuta.authoring.source import Origen, running_source
from hojaderuta.authoring.templates import placeholder, render, slug, template, write_new, yaml_text
from hojaderuta.core.dates import parse_date
from hojaderuta.core.discovery import COMMITMENTS_DIR, PLAN_FILE, commitment_files, find_repo_root
from hojaderuta.core.loading import load_file
from hojaderuta.errors import UsageError
from hojaderuta.git.commands import init_repository
from hojaderuta.locking import plan_lock
from hojaderuta.resources import data_dir, schema_path
from hojaderuta.text.i18n import _

SCHEMAS_DIR = "esquemas"
KINDS = ("plan", "compromiso")
# Where the schema lives for a plan that has no esquemas/ folder and no modeline to copy.
SCHEMA_URL = "https://raw.githubusercontent.com/hojaderuta/hdr/main/schemas/{kind}.schema.json"
# Files of a new repository: those beside plan.yaml, and those CI and editors read at the root.
PLAN_TEMPLATES = ("plan.yaml", "README.md")
ROOT_TEMPLATES = (
    ".github/workflows/hdr.yml",
    ".github/zizmor.yml",
    ".gitlab-ci.yml",
    ".pre-commit-config.yaml",
    ".gitignore",
    ".vscode/settings.json",
    ".vscode/extensions.json",
)
# «hdr iniciar --sin-accion»: the workflow with plain steps instead of hdr's own Action.
WORKFLOW = ".github/workflows/hdr.yml"
PLAIN_WORKFLOW = "variantes/hdr-sin-accion.yml"
# A template named .gitignore would act as one inside hdr's own repository.
_TEMPLATE_OF = {".gitignore": "variantes/gitignore"}
_ID = re.compile(r"^[a-z0-9-]+$")
_MODELINE = re.compile(r"^#\s*yaml-language-server:\s*\$schema=(\S+)")
_NUMERO = re.compile(r"^numero:\s*(\d+)\s*(?:#.*)?$", re.MULTILINE)


def schema_text(kind: str) -> str:
    """The bundled JSON Schema for ``plan`` or ``compromiso``."""
    if kind not in KINDS:
        raise UsageError(_("No hay esquema «{tipo}»: use plan o compromiso.").format(tipo=kind))
    return schema_path(kind).read_text(encoding="utf-8")


# --- hdr iniciar ------------------------------------------------------------------


@dataclass
class Iniciado:
    plan_dir: Path
    repo_root: Path
    creados: list[Path] = field(default_factory=list)
    existentes: list[Path] = field(default_factory=list)  # left untouched
    plan_id: str = ""
    origen: Origen | None = None  # where the generated CI installs hdr from
    git_iniciado: bool = False
    pendientes: list[str] = field(default_factory=list)  # plan.yaml keys left as COMPLETAR
    avisos: list[str] = field(default_factory=list)


def _plan_fields(
    folder: Path,
    nombre: str | None,
    plan_id: str | None,
    ambito: str | None,
    entidad: str | None,
    inicio: date | None,
    fin: date | None,
) -> tuple[dict[str, str], list[str]]:
    if plan_id is not None and not _ID.match(plan_id):
        raise UsageError(
            _(
                "El identificador «{id}» no sirve: use solo minúsculas sin acentos, números y "
                "guiones (por ejemplo 5pa-mexico)."
            ).format(id=plan_id)
        )
    if ambito is not None and ambito not in ("nacional", "local"):
        raise UsageError(
            _("El ámbito «{ambito}» no existe: use nacional o local.").format(ambito=ambito)
        )
    if inicio and fin and inicio > fin:
        raise UsageError(
            _("El inicio ({inicio}) es posterior al fin ({fin}) del periodo.").format(
                inicio=inicio, fin=fin
            )
        )
    pending = []
    for key, value in (("nombre", nombre), ("ambito", ambito), ("inicio", inicio), ("fin", fin)):
        if value is None:
            pending.append(key)
    fields = {
        "id": plan_id or default_id(ambito, entidad, inicio, fin, nombre, folder),
        "nombre": yaml_text(nombre) if nombre else placeholder(_("nombre del plan de acción")),
        "ambito": ambito or placeholder(_("nacional o local")),
        "entidad": f"entidad: {yaml_text(entidad)}"
        if entidad
        else "# " + _("País, estado o ciudad (opcional):") + "\n# entidad: México",
        "inicio": inicio.isoformat() if inicio else placeholder(_("AAAA-MM-DD")),
        "fin": fin.isoformat() if fin else placeholder(_("AAAA-MM-DD")),
    }
    return fields, pending


def default_id(
    ambito: str | None,
    entidad: str | None,
    inicio: date | None,
    fin: date | None,
    nombre: str | None,
    folder: Path,
) -> str:
    """``pal-guanajuato-2025-2027``: «pal» for a local plan, the place and the period's years.

    A national plan without an entity is «mx». Without a place or the period, the
    name or the folder decide, so the id is never empty.
    """
    place = slug(entidad or "") or ("mx" if ambito == "nacional" else "")
    if place and inicio and fin:
        years = str(inicio.year) if inicio.year == fin.year else f"{inicio.year}-{fin.year}"
        return f"{'pal-' if ambito == 'local' else ''}{place}-{years}"
    return slug(nombre or "") or slug(folder.name) or "mi-plan"


def _source_fields(origen: Origen) -> dict[str, str]:
    # JSON strings are YAML double-quoted scalars: a URL with «#» or «@» stays one value.
    return {
        "paquete": json.dumps(origen.paquete, ensure_ascii=False),
        "accion": origen.accion,
        "precommit_repo": json.dumps(origen.repo, ensure_ascii=False),
        "precommit_rev": json.dumps(origen.rev, ensure_ascii=False),
    }


def iniciar(
    destino: Path,
    *,
    nombre: str | None = None,
    plan_id: str | None = None,
    ambito: str | None = None,
    entidad: str | None = None,
    inicio: date | None = None,
    fin: date | None = None,
    git: bool = True,
    accion: bool = True,
    origen: Origen | None = None,
) -> Iniciado:
    """Create a ready plan repository in ``destino``; never overwrites a file.

    ``origen`` is where the generated CI installs hdr from (by default, where the
    running hdr came from); ``accion=False`` writes the workflow with plain steps
    instead of hdr's GitHub Action.
    """
    folder = destino.resolve()
    if folder.exists() and not folder.is_dir():
        raise UsageError(_("«{ruta}» es un archivo, no una carpeta.").format(ruta=destino))
    fields, pending = _plan_fields(folder, nombre, plan_id, ambito, entidad, inicio, fin)
    folder.mkdir(parents=True, exist_ok=True)
    repo = find_repo_root(folder)
    started = False
    avisos: list[str] = []
    if repo is None and git:
        started = init_repository(folder)
        if started:
            repo = folder
        else:
            avisos.append(
                _("No se pudo ejecutar «git init» (¿está instalado git?); hágalo después.")
            )
    root = repo or folder
    rel = folder.relative_to(root).as_posix()
    carpeta = "" if rel == "." else rel + "/"
    if carpeta:
        avisos.append(
            _(
                "El plan está en la subcarpeta {carpeta} del repositorio {repositorio}: los "
                "archivos de CI, pre-commit y VS Code se escribieron en la raíz del repositorio."
            ).format(carpeta=rel, repositorio=root)
        )
    origen = origen or running_source()
    fields |= _source_fields(origen) | {
        "plan": json.dumps(rel, ensure_ascii=False),
        "carpeta": carpeta,
        "version": __version__,
        "titulo": " ".join(nombre.split()) if nombre else _("Plan de acción de gobierno abierto"),
    }
    result = Iniciado(folder, root, plan_id=fields["id"], origen=origen, git_iniciado=started)
    result.avisos = avisos
    _write_files(result, fields, accion)
    if folder / PLAN_FILE in result.creados:
        result.pendientes = pending
    installs = {root / name for name in (WORKFLOW, ".gitlab-ci.yml", ".pre-commit-config.yaml")}
    if origen.aviso and installs & set(result.creados):
        result.avisos.append(origen.aviso)
    return result


def _write_files(result: Iniciado, fields: dict[str, str], accion: bool) -> None:
    """Every file of a new repository, each only when it does not exist yet."""
    folder, root = result.plan_dir, result.repo_root
    templates = data_dir("plantillas") / "iniciar"

    def create(path: Path, content: str | bytes) -> None:
        (result.creados if write_new(path, content) else result.existentes).append(path)

    for name in PLAN_TEMPLATES:
        text = template(templates, name).read_text(encoding="utf-8")
        create(folder / name, render(text, fields))
    for kind in KINDS:
        create(folder / SCHEMAS_DIR / f"{kind}.schema.json", schema_path(kind).read_bytes())
    commitments = folder / COMMITMENTS_DIR
    commitments.mkdir(exist_ok=True)
    if not any(commitments.iterdir()):
        create(commitments / ".gitkeep", b"")  # git keeps no empty folders
    for name in ROOT_TEMPLATES:
        source = PLAIN_WORKFLOW if name == WORKFLOW and not accion else _TEMPLATE_OF.get(name, name)
        text = template(templates, source).read_text(encoding="utf-8")
        create(root / name, render(text, fields))


# --- hdr nuevo --------------------------------------------------------------------


@dataclass
class Nuevo:
    path: Path
    archivo: str  # relative to the plan directory
    numero: int


def numbered_files(plan_dir: Path, *, loose: bool) -> Iterator[tuple[Path, str, int | None]]:
    """Each commitment file, its name relative to the plan, and its ``numero`` (or None).

    ``loose`` also takes the number of a file that does not load from its ``numero:``
    line: a broken file still holds its number against a new one.
    """
    for path in commitment_files(plan_dir):
        archivo = path.relative_to(plan_dir).as_posix()
        doc = load_file(path, archivo)
        value = doc.data.get("numero") if doc.loaded and isinstance(doc.data, dict) else None
        if not (isinstance(value, int) and not isinstance(value, bool)):
            found = _NUMERO.search(doc.text) if loose else None
            value = int(found.group(1)) if found else None
        doc.release()
        yield path, archivo, value


def taken_numbers(plan_dir: Path) -> dict[int, str]:
    """numero → file, for every commitment file (read loosely: a broken file still counts)."""
    taken: dict[int, str] = {}
    for _path, archivo, value in numbered_files(plan_dir, loose=True):
        if value is not None:
            taken.setdefault(value, archivo)
    return taken


def schema_modeline(plan_dir: Path) -> str:
    """The schema for the new file's modeline: the plan's esquemas/, a sibling's, or the URL."""
    if (plan_dir / SCHEMAS_DIR / "compromiso.schema.json").is_file():
        return f"../{SCHEMAS_DIR}/compromiso.schema.json"
    for path in commitment_files(plan_dir):
        try:
            with path.open(encoding="utf-8-sig") as fh:
                first = fh.readline()
        except (OSError, UnicodeDecodeError):
            continue
        found = _MODELINE.match(first)
        if found:
            return found.group(1)
    return SCHEMA_URL.format(kind="compromiso")


def _plan_period(plan_dir: Path) -> tuple[str, str]:
    doc = load_file(plan_dir / PLAN_FILE, PLAN_FILE)
    data = doc.data if doc.loaded and isinstance(doc.data, dict) else {}
    period = data.get("periodo")
    dates = [period.get(k) for k in ("inicio", "fin")] if isinstance(period, dict) else []
    if len(dates) == 2 and all(parse_date(d) for d in dates):
        return str(dates[0]), str(dates[1])
    return placeholder(_("AAAA-MM-DD")), placeholder(_("AAAA-MM-DD"))


def nuevo(plan_dir: Path, *, numero: int | None = None, nombre: str | None = None) -> Nuevo:
    """Create compromisos/NN-nombre.yaml from the Anexo 1 template (next free numero by default)."""
    # Under the plan's lock: two «hdr nuevo» at once would both take the same free numero.
    with plan_lock(plan_dir):
        return _nuevo_locked(plan_dir, numero, nombre)


def _nuevo_locked(plan_dir: Path, numero: int | None, nombre: str | None) -> Nuevo:
    taken = taken_numbers(plan_dir)
    following = max(taken, default=0) + 1
    if numero is None:
        numero = following
    elif numero < 1:
        raise UsageError(
            _("El número de compromiso empieza en 1 (recibí {numero}).").format(numero=numero)
        )
    elif numero in taken:
        raise UsageError(
            _("El número {numero} ya lo usa {archivo}; el siguiente libre es {siguiente}.").format(
                numero=numero, archivo=taken[numero], siguiente=following
            )
        )
    archivo = f"{COMMITMENTS_DIR}/{numero:02d}-{slug(nombre or '') or 'compromiso'}.yaml"
    inicio, fin = _plan_period(plan_dir)
    fields = {
        "esquema": schema_modeline(plan_dir),
        "numero": str(numero),
        "nombre": yaml_text(nombre) if nombre else placeholder(_("nombre del compromiso")),
        "inicio": inicio,
        "fin": fin,
    }
    text = template(data_dir("plantillas"), "compromiso.yaml").read_text(encoding="utf-8")
    path = plan_dir / archivo
    if not write_new(path, render(text, fields)):
        raise UsageError(
            _("Ya existe {archivo}; no se sobrescribe. Indique otro --nombre.").format(
                archivo=archivo
            )
        )
    return Nuevo(path, archivo, numero)
