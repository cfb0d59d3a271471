"""Genera un plan sintético grande para medir el rendimiento de hdr.

Uso:

    python benchmarks/generar_corpus.py DESTINO --compromisos 2000 [--semilla 1]

Escribe DESTINO/plan.yaml y DESTINO/compromisos/NNNN-<nombre>.yaml: N hojas de
ruta del tamaño y la forma del compromiso 13 del 4PA (ejemplos/4pa-compromiso-13):
3 a 5 hitos cuyas ponderaciones suman exactamente 100, 3 a 6 actividades por
hito, varias personas responsables y corresponsables, textos de varios párrafos
(bloques ``|-`` y ``>-``), alineación con metas reales de la Agenda 2030, hitos
cumplidos con fecha de cumplimiento, evidencia (URL https) y verificación, y en
algunos compromisos una persona con ancla y alias (``&responsable`` /
``*responsable``).

La salida es determinista: la misma semilla da los mismos archivos, byte a
byte, y el compromiso k es el mismo con cualquier N (cada uno usa su propia
semilla derivada). Todas las fechas caen entre 2019 y 2022, así que
``hdr validar DESTINO --al 2030-01-01`` no da errores; sí da advertencias
``hito-vencido`` por los hitos no cumplidos, que son esperadas.

Con ``--variante una-institucion`` todos los compromisos tienen la misma y única
institución responsable y solo uno de cada tres tiene cumplido su primer hito (con
evidencia); los demás no tienen hitos cumplidos. Es la forma del corpus que propone el
issue 16 para probar que ni la página de una institución enorme ni las tablas por
institución crecen más que en línea recta.

Solo usa la biblioteca estándar: el YAML se escribe a mano, con plantillas.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from random import Random

VERSION = 1  # súbala si cambia la salida: medir.py la usa en el nombre del corpus

PLAN_INICIO = date(2019, 12, 10)
PLAN_FIN = date(2021, 8, 31)
ULTIMA_FECHA = date(2022, 6, 30)  # ninguna fecha generada pasa de aquí


# --------------------------------------------------------------------------
# Vocabulario
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Institucion:
    nombre: str
    corto: str
    dominio: str


@dataclass(frozen=True)
class Tema:
    nombre: str  # «gasto en programas sociales»
    ods: tuple[tuple[int, tuple[str, ...]], ...]  # metas reales de la Agenda 2030


PUBLICAS: tuple[Institucion, ...] = tuple(
    Institucion(*t)
    for t in (
        (
            "Instituto Nacional de Transparencia, Acceso a la Información y Protección "
            "de Datos Personales (INAI)",
            "INAI",
            "inai.org.mx",
        ),
        ("Secretaría de la Función Pública (SFP)", "SFP", "funcionpublica.gob.mx"),
        ("Secretaría de Hacienda y Crédito Público (SHCP)", "SHCP", "hacienda.gob.mx"),
        ("Instituto Nacional de Estadística y Geografía (INEGI)", "INEGI", "inegi.org.mx"),
        ("Secretaría de Gobernación (SEGOB)", "SEGOB", "segob.gob.mx"),
        ("Secretaría de Salud (SSA)", "SSA", "salud.gob.mx"),
        ("Secretaría de Educación Pública (SEP)", "SEP", "nube.sep.gob.mx"),
        (
            "Secretaría de Medio Ambiente y Recursos Naturales (SEMARNAT)",
            "SEMARNAT",
            "semarnat.gob.mx",
        ),
        ("Comisión Nacional del Agua (CONAGUA)", "CONAGUA", "conagua.gob.mx"),
        ("Instituto Mexicano del Seguro Social (IMSS)", "IMSS", "imss.gob.mx"),
        ("Secretaría de Bienestar", "Bienestar", "bienestar.gob.mx"),
        ("Secretaría de Economía (SE)", "SE", "economia.gob.mx"),
        (
            "Secretaría Ejecutiva del Sistema Nacional Anticorrupción (SESNA)",
            "SESNA",
            "sesna.gob.mx",
        ),
        (
            "Consejo Nacional de Evaluación de la Política de Desarrollo Social (CONEVAL)",
            "CONEVAL",
            "coneval.org.mx",
        ),
        ("Instituto Nacional de las Mujeres (INMUJERES)", "INMUJERES", "inmujeres.gob.mx"),
        ("Secretaría de Energía (SENER)", "SENER", "energia.gob.mx"),
        ("Comisión Nacional Forestal (CONAFOR)", "CONAFOR", "conafor.gob.mx"),
        ("Comisión Nacional de Acuacultura y Pesca (CONAPESCA)", "CONAPESCA", "conapesca.gob.mx"),
        ("Secretaría del Trabajo y Previsión Social (STPS)", "STPS", "stps.gob.mx"),
        ("Comisión Nacional de Búsqueda de Personas (CNB)", "CNB", "cnb.gob.mx"),
        ("Secretaría de Agricultura y Desarrollo Rural (SADER)", "SADER", "agricultura.gob.mx"),
        (
            "Agencia Mexicana de Cooperación Internacional para el Desarrollo (AMEXCID)",
            "AMEXCID",
            "sre.gob.mx",
        ),
        (
            "Cámara de Diputados del H. Congreso de la Unión",
            "Cámara de Diputados",
            "diputados.gob.mx",
        ),
    )
)

ORGANIZACIONES: tuple[Institucion, ...] = tuple(
    Institucion(*t)
    for t in (
        ("Gesoc, Agencia para el Desarrollo, A.C. (GESOC)", "GESOC", "gesoc.org.mx"),
        ("Fundar, Centro de Análisis e Investigación, A.C.", "Fundar", "fundar.org.mx"),
        ("Artículo 19, Oficina para México y Centroamérica", "Artículo 19", "article19.org"),
        ("Transparencia Mexicana, A.C.", "Transparencia Mexicana", "tm.org.mx"),
        (
            "México Evalúa, Centro de Análisis de Políticas Públicas, A.C.",
            "México Evalúa",
            "mexicoevalua.org",
        ),
        ("Instituto Mexicano para la Competitividad, A.C. (IMCO)", "IMCO", "imco.org.mx"),
        ("SocialTIC, A.C.", "SocialTIC", "socialtic.org"),
        (
            "Contraloría Ciudadana para la Rendición de Cuentas, A.C.",
            "Contraloría Ciudadana",
            "contraloriaciudadana.org.mx",
        ),
        ("Causa Natura, A.C.", "Causa Natura", "causanatura.org"),
        ("Equis Justicia para las Mujeres, A.C.", "Equis", "equis.org.mx"),
        (
            "CartoCrítica, Investigación, Mapas y Datos para la Sociedad Civil, A.C.",
            "CartoCrítica",
            "cartocritica.org.mx",
        ),
        ("Reforestamos México, A.C.", "Reforestamos México", "reforestamosmexico.org"),
        ("Nosotr@s por la democracia A.C", "Nosotrxs", "nosotrxs.org"),
        ("Red por la Rendición de Cuentas (RRC)", "RRC", "rendiciondecuentas.org.mx"),
        ("Borde Político, A.C.", "Borde Político", "borde.mx"),
        (
            "Instituto de Liderazgo Simone de Beauvoir, A.C. (ILSB)",
            "ILSB",
            "ilsb.org.mx",
        ),
        (
            "PODER, Proyecto sobre Organización, Desarrollo, Educación e Investigación",
            "PODER",
            "projectpoder.org",
        ),
        ("Ethos, Laboratorio de Políticas Públicas", "Ethos", "ethos.org.mx"),
        ("Cultura Ecológica, A.C.", "Cultura Ecológica", "culturaecologica.org"),
        ("Centro de Investigación y Docencia Económicas (CIDE)", "CIDE", "cide.edu"),
        ("Controla tu Gobierno, A.C.", "Controla tu Gobierno", "controlatugobierno.com"),
    )
)

TEMAS: tuple[Tema, ...] = (
    Tema("gasto en programas sociales", ((1, ("1.3", "1.4", "1.b")), (10, ("10.2", "10.4")))),
    Tema("contrataciones públicas", ((12, ("12.7",)), (16, ("16.5", "16.6")))),
    Tema("gestión comunitaria del agua", ((6, ("6.1", "6.4", "6.5", "6.b")),)),
    Tema("servicios de salud", ((3, ("3.7", "3.8", "3.c")),)),
    Tema("educación básica", ((4, ("4.1", "4.5", "4.a")),)),
    Tema("violencia contra las mujeres", ((5, ("5.1", "5.2", "5.5", "5.c")),)),
    Tema("acceso a la justicia", ((16, ("16.3", "16.10")),)),
    Tema("industrias extractivas", ((8, ("8.4",)), (12, ("12.2", "12.6")))),
    Tema(
        "protección de bosques y selvas", ((13, ("13.2", "13.3")), (15, ("15.1", "15.2", "15.b")))
    ),
    Tema("pesca sustentable", ((14, ("14.4", "14.b", "14.c")),)),
    Tema("transición energética", ((7, ("7.1", "7.2", "7.3", "7.b")),)),
    Tema("movilidad urbana", ((11, ("11.2", "11.3", "11.6", "11.b")),)),
    Tema("empleo y trabajo digno", ((8, ("8.5", "8.7", "8.8")),)),
    Tema("sistema nacional de cuidados", ((5, ("5.4",)), (10, ("10.4",)))),
    Tema("infraestructura pública", ((9, ("9.1", "9.c")),)),
    Tema("seguridad alimentaria", ((2, ("2.1", "2.3", "2.c")),)),
    Tema("beneficiarios finales de empresas", ((16, ("16.4", "16.5")), (17, ("17.1",)))),
    Tema("fideicomisos públicos", ((16, ("16.6",)), (17, ("17.1", "17.13")))),
    Tema("cooperación internacional para el desarrollo", ((17, ("17.2", "17.9", "17.18")),)),
    Tema("derechos sexuales y reproductivos", ((3, ("3.7",)), (5, ("5.6",)))),
    Tema("búsqueda de personas desaparecidas", ((16, ("16.1", "16.3", "16.a")),)),
    Tema("parlamento abierto", ((16, ("16.6", "16.7")),)),
)

METAS_GOBIERNO_ABIERTO = ("16.5", "16.6", "16.7", "16.10", "16.b")

NOMBRES = (
    "María", "José", "Guadalupe", "Juan", "Ana", "Luis", "Fernanda", "Alejandro", "Verónica",
    "Carlos", "Gabriela", "Jorge", "Mariana", "Ricardo", "Adriana", "Miguel Ángel", "Claudia",
    "Francisco", "Patricia", "Eduardo", "Lucía", "Roberto", "Daniela", "Sergio", "Itzel",
    "Héctor", "Ximena", "Raúl", "Paola", "Óscar", "Citlali", "Andrés", "Sofía", "Tonatiuh",
    "Rocío", "Emilio", "Natalia", "Gerardo", "Beatriz", "Iván", "Renata", "Édgar",
)  # fmt: skip
APELLIDOS = (
    "Hernández", "García", "Martínez", "López", "González", "Pérez", "Rodríguez", "Sánchez",
    "Ramírez", "Cruz", "Flores", "Gómez", "Morales", "Vázquez", "Reyes", "Jiménez", "Torres",
    "Díaz", "Gutiérrez", "Ruiz", "Mendoza", "Aguilar", "Ortiz", "Castillo", "Moreno", "Romero",
    "Álvarez", "Chávez", "Rivera", "Juárez", "Domínguez", "Herrera", "Medina", "Castro",
    "Vargas", "Guzmán", "Velázquez", "Rojas", "Núñez", "Córdoba", "Elizondo", "Peña", "Ibarra",
)  # fmt: skip
CARGOS_PUBLICOS = (
    "Director General de Gobierno Abierto y Transparencia",
    "Titular de la Unidad de Transparencia",
    "Directora de Datos Abiertos",
    "Subdirector de Políticas de Acceso a la Información",
    "Jefa del Departamento de Participación Ciudadana",
    "Coordinadora de Estrategia Digital Nacional",
    "Director General Adjunto de Evaluación y Seguimiento",
    "Titular de la Unidad de Ética Pública y Prevención de Conflictos de Intereses",
    "Directora General de Vinculación Interinstitucional",
    "Subdirectora de Planeación y Gestión de Proyectos",
    "Director de Información Presupuestaria",
)
CARGOS_OSC = (
    "Coordinador General",
    "Directora Ejecutiva",
    "Investigadora",
    "Coordinadora de Proyectos",
    "Director de Incidencia",
    "Oficial de Programa de Transparencia",
    "Presidenta del Consejo Directivo",
)
GRUPOS = (
    "las mujeres indígenas",
    "las personas con discapacidad",
    "las juventudes",
    "las personas adultas mayores",
    "las comunidades rurales",
    "las personas migrantes",
    "los pueblos y comunidades afromexicanas",
    "las personas trabajadoras del hogar",
)
TERRITORIOS = (
    "Chiapas", "Oaxaca", "Nuevo León", "Jalisco", "la Ciudad de México", "Sonora", "Yucatán",
    "Guerrero", "Zacatecas", "Chihuahua", "Veracruz", "Michoacán", "Hidalgo", "Tabasco",
)  # fmt: skip
HERRAMIENTAS = (
    "un tablero público de seguimiento",
    "una plataforma de datos abiertos",
    "un micrositio con información en lenguaje ciudadano",
    "un mecanismo de quejas y denuncias con respuesta pública",
    "un padrón único en formato abierto",
    "un sistema de alertas tempranas",
    "un repositorio de documentos con búsqueda por texto completo",
)
EJES = (
    "Eje I. Política y Gobierno. Erradicar la corrupción, el dispendio y la frivolidad.",
    "Eje I. Política y Gobierno. Recuperar el estado de derecho.",
    "Eje II. Política Social. Construir un país con bienestar.",
    "Eje II. Política Social. Desarrollo sostenible.",
    "Eje III. Economía. Detonar el crecimiento.",
    "Eje III. Economía. Autosuficiencia alimentaria y rescate del campo.",
)

PREFIJOS_NOMBRE = (
    "Transparencia y rendición de cuentas en",
    "Participación ciudadana en la vigilancia de",
    "Datos abiertos sobre",
    "Fortalecimiento del control ciudadano de",
    "Información pública útil sobre",
    "Mecanismo de seguimiento ciudadano a",
    "Apertura y uso de la información de",
    "Estrategia de gobierno abierto en",
)

ORACIONES = (
    "La información sobre {tema} se encuentra dispersa entre distintas instituciones, "
    "se publica en formatos que no permiten su reutilización y rara vez se actualiza.",
    "De acuerdo con {inst}, solo {pct}% de los registros sobre {tema} cuentan con datos "
    "completos y verificables.",
    "Las personas usuarias señalan que no existen canales efectivos para dar seguimiento a "
    "las decisiones sobre {tema} ni para conocer sus resultados.",
    "En {territorio}, {grupo} enfrentan barreras adicionales para acceder a la información y "
    "participar en las decisiones que les afectan.",
    "La falta de estándares comunes impide comparar la información entre entidades "
    "federativas y dar seguimiento a su evolución en el tiempo.",
    "Entre {anio} y {anio2} se documentaron {n} solicitudes de acceso a la información "
    "relacionadas con {tema}, muchas de ellas con respuestas incompletas.",
    "El compromiso propone que {inst} y {osc} construyan de manera conjunta {herr}, con "
    "criterios acordados en mesas de trabajo abiertas.",
    "La publicación proactiva de información permitirá que la ciudadanía identifique "
    "riesgos de corrupción y exija cuentas a las autoridades responsables.",
    "Las organizaciones de la sociedad civil aportarán su experiencia en el análisis de "
    "datos y en el acompañamiento a comunidades.",
    "Con ello se espera reducir la discrecionalidad en la asignación de recursos y "
    "mejorar la calidad del gasto público.",
    "El diseño del mecanismo incorporará la perspectiva de género y de derechos humanos, "
    "así como ajustes razonables para {grupo}.",
    "Los resultados se publicarán en formatos abiertos, con metadatos y diccionarios de "
    "datos, bajo una licencia que permita su libre uso.",
    "La experiencia de {territorio} muestra que la participación informada de la "
    "ciudadanía mejora la pertinencia de las políticas públicas.",
    "El seguimiento se realizará mediante sesiones periódicas del grupo de trabajo, cuyas "
    "minutas serán públicas.",
    "Se aprovecharán las capacidades instaladas de {inst} y la red de aliados de {osc} en "
    "las entidades federativas.",
    "La Métrica de Gobierno Abierto {anio} otorgó una calificación de 0.{dec} a las "
    "instituciones vinculadas con {tema}.",
    "Además, se promoverá que los gobiernos locales adopten los mismos estándares, de "
    "modo que la información sea comparable en todo el país.",
    "El compromiso responde a demandas expresadas en las mesas de cocreación del plan de "
    "acción, en las que participaron {n} personas.",
    "Persisten asimetrías de información entre las autoridades y la población, lo que "
    "limita la vigilancia ciudadana sobre {tema}.",
    "Esta situación genera desconfianza en las instituciones y debilita la legitimidad "
    "de las decisiones públicas.",
)

ENTREGABLES = (
    ("Diagnóstico participativo sobre", "Diagnóstico publicado", "Documento de diagnóstico"),
    ("Plataforma de datos abiertos de", "Plataforma en operación", "Sitio web en operación"),
    ("Mesa de trabajo multiactor sobre", "Mesa instalada", "Minutas de las sesiones"),
    ("Protocolo de publicación proactiva de", "Protocolo aprobado", "Protocolo publicado"),
    ("Informe público de resultados en materia de", "Informe publicado", "Informe en línea"),
    ("Estrategia de difusión en lenguaje ciudadano sobre", "Estrategia implementada", "Materiales"),
    ("Lineamientos de transparencia para", "Lineamientos emitidos", "Publicación en el DOF"),
    ("Mecanismo de seguimiento ciudadano de", "Mecanismo en operación", "Reportes trimestrales"),
    ("Programa de capacitación sobre", "Personas capacitadas", "Listas de asistencia"),
)

VERBOS = (
    "Integrar",
    "Elaborar",
    "Realizar",
    "Publicar",
    "Diseñar",
    "Sistematizar",
    "Convocar a",
    "Capacitar a",
    "Documentar",
    "Desarrollar",
)
OBJETOS = (
    "un grupo de trabajo multidisciplinario con participación de {osc}",
    "una metodología para identificar áreas de mejora en {tema}",
    "los criterios de calidad de la información sobre {tema}",
    "las personas servidoras públicas de {inst} responsables de {tema}",
    "foros regionales de consulta en {territorio}",
    "un inventario de las bases de datos existentes sobre {tema}",
    "la versión preliminar del entregable para comentarios públicos",
    "las lecciones aprendidas y recomendaciones del proceso",
)
MEDIOS = (
    "Minuta de instalación",
    "Documento integrado",
    "Relatoría de los foros",
    "Listas de asistencia y materiales",
    "Publicación en el sitio web de {inst}",
    "Conjunto de datos publicado en datos.gob.mx",
    "Informe de comentarios recibidos y su atención",
)


# --------------------------------------------------------------------------
# Datos de un compromiso
# --------------------------------------------------------------------------


@dataclass
class Persona:
    nombre: str
    cargo: str
    institucion: str
    correo: str
    telefono: str | None


@dataclass
class Actividad:
    actividad: str
    descripcion: str | None
    medio_verificacion: str | None
    cumplida: bool | None


@dataclass
class Hito:
    nombre: str
    ponderacion: int
    responsable: Persona
    descripcion: str
    indicador: str
    medio_verificacion: str
    inicio: date
    termino: date
    actividades: list[Actividad]
    cumplido: bool | None = None
    fecha_cumplimiento: date | None = None
    evidencia: list[str] = field(default_factory=list)
    verificado: tuple[str, date] | None = None
    notas: str | None = None


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return plain.lower()


def slug(text: str, largo: int = 48) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", _ascii(text)).strip("-")
    return s[:largo].rstrip("-") or "compromiso"


class Generador:
    """Genera el compromiso ``numero`` con su propia semilla derivada."""

    def __init__(self, semilla: int, numero: int, variante: str = "mixto") -> None:
        self.rng = Random(f"hdr-corpus-{semilla}-{numero}")
        self.numero = numero
        self.variante = variante
        self.tema = self.rng.choice(TEMAS)
        self.instituciones = self.rng.sample(PUBLICAS, self.rng.randint(1, 3))
        if variante == "una-institucion":
            self.instituciones = [PUBLICAS[0]]
        self.organizaciones = self.rng.sample(ORGANIZACIONES, self.rng.randint(1, 3))

    # --- piezas ---------------------------------------------------------

    def persona(self, inst: Institucion, publica: bool) -> Persona:
        r = self.rng
        nombre = f"{r.choice(NOMBRES)} {r.choice(APELLIDOS)} {r.choice(APELLIDOS)}"
        partes = nombre.split()
        usuario = _ascii(f"{partes[0]}.{partes[-2]}").replace(" ", ".")
        telefono: str | None = None
        if r.random() < 0.85:
            telefono = f"55 {r.randint(1000, 9999)} {r.randint(1000, 9999)}"
            if r.random() < 0.4:
                telefono += f", ext. {r.randint(100, 9999)}"
        cargo = r.choice(CARGOS_PUBLICOS if publica else CARGOS_OSC)
        return Persona(nombre, cargo, inst.nombre, f"{usuario}@{inst.dominio}", telefono)

    def relleno(self) -> dict[str, str]:
        r = self.rng
        anio = r.randint(2015, 2019)
        return {
            "tema": self.tema.nombre,
            "inst": r.choice(self.instituciones).corto,
            "osc": r.choice(self.organizaciones).corto,
            "grupo": r.choice(GRUPOS),
            "territorio": r.choice(TERRITORIOS),
            "herr": r.choice(HERRAMIENTAS),
            "anio": str(anio),
            "anio2": str(anio + r.randint(1, 3)),
            "n": f"{r.randint(120, 48000):,}",
            "pct": str(r.randint(8, 64)),
            "dec": str(r.randint(20, 69)),
        }

    def parrafo(self, minimo: int = 3, maximo: int = 5) -> str:
        n = self.rng.randint(minimo, maximo)
        return " ".join(o.format(**self.relleno()) for o in self.rng.sample(ORACIONES, n))

    def parrafos(self, minimo: int, maximo: int) -> str:
        return "\n\n".join(self.parrafo() for _ in range(self.rng.randint(minimo, maximo)))

    def ponderaciones(self, k: int) -> list[int]:
        pesos = [10] * k
        for _ in range((100 - 10 * k) // 5):
            pesos[self.rng.randrange(k)] += 5
        assert sum(pesos) == 100
        return pesos

    def actividad(self, cumplido: bool) -> Actividad:
        r = self.rng
        relleno = self.relleno()
        texto = f"{r.choice(VERBOS)} {r.choice(OBJETOS).format(**relleno)}."
        if r.random() < 0.3:
            texto += " " + r.choice(ORACIONES).format(**relleno)
        descripcion = self.parrafo(1, 3) if r.random() < 0.85 else None
        medio = r.choice(MEDIOS).format(**relleno) if r.random() < 0.9 else None
        cumplida = (r.random() < 0.8) if cumplido else (True if r.random() < 0.15 else None)
        return Actividad(texto, descripcion, medio, cumplida)

    # --- el compromiso --------------------------------------------------

    def compromiso(self) -> Compromiso:
        r = self.rng
        responsables = [self.persona(i, True) for i in self.instituciones]
        corresponsables = [self.persona(o, False) for o in self.organizaciones]
        if r.random() < 0.3:  # a veces dos personas de la misma institución
            responsables.append(self.persona(self.instituciones[0], True))

        periodo: tuple[date, date] | None = None
        inicio, fin = PLAN_INICIO, PLAN_FIN
        if r.random() < 0.3:
            inicio = r.choice((PLAN_INICIO, date(2020, 1, 6), date(2020, 3, 2)))
            fin = r.choice((PLAN_FIN, date(2021, 6, 30)))
            periodo = (inicio, fin)

        k = r.randint(3, 5)
        pesos = self.ponderaciones(k)
        ancla = responsables[0] if r.random() < 0.35 else None
        dias = (fin - inicio).days
        hitos: list[Hito] = []
        entregables = r.sample(ENTREGABLES, k)
        for i in range(k):
            h_inicio = inicio + timedelta(days=max(0, i * dias // k - r.randint(0, 40)))
            h_termino = min(fin, h_inicio + timedelta(days=r.randint(90, 150 + dias // k)))
            cumplido = r.random() < (0.7 - 0.12 * i)
            if self.variante == "una-institucion":
                cumplido = i == 0 and self.numero % 3 == 0
            if ancla is not None and (i == 0 or r.random() < 0.6):
                responsable = ancla
            else:
                inst = r.choice(self.instituciones)
                responsable = self.persona(inst, True)
            entregable, indicador, medio = entregables[i]
            relleno = self.relleno()
            hito = Hito(
                nombre=f"{entregable} {self.tema.nombre}",
                ponderacion=pesos[i],
                responsable=responsable,
                descripcion=self.parrafo(1, 3),
                indicador=indicador,
                medio_verificacion=f"{medio}. Publicación en el sitio de {relleno['inst']}.",
                inicio=h_inicio,
                termino=h_termino,
                actividades=[self.actividad(cumplido) for _ in range(r.randint(3, 6))],
            )
            if cumplido:
                hito.cumplido = True
                fecha = h_termino + timedelta(days=r.randint(-60, 45))
                fecha = max(h_inicio + timedelta(days=7), min(fecha, ULTIMA_FECHA))
                hito.fecha_cumplimiento = fecha
                dominio = self.instituciones[0].dominio
                hito.evidencia = [
                    f"https://{dominio}/gobierno-abierto/compromiso-{self.numero}/"
                    f"hito-{i + 1}/{slug(indicador)}-{j + 1}.pdf"
                    for j in range(r.randint(1, 3))
                ]
                if r.random() < 0.65:
                    por = r.choice(corresponsables).nombre
                    hito.verificado = (por, fecha + timedelta(days=r.randint(2, 45)))
                if r.random() < 0.25:
                    hito.notas = self.parrafo(1, 2)
            elif r.random() < 0.2:
                hito.cumplido = False
            hitos.append(hito)

        nombre = f"{r.choice(PREFIJOS_NOMBRE)} {self.tema.nombre}"
        metas: dict[int, list[str]] = {}
        for ods, candidatas in self.tema.ods:
            elegidas = r.sample(candidatas, r.randint(1, len(candidatas)))
            metas.setdefault(ods, []).extend(m for m in elegidas if m not in metas.get(ods, []))
        extra = r.sample(METAS_GOBIERNO_ABIERTO, r.randint(1, 4))
        metas.setdefault(16, []).extend(m for m in extra if m not in metas[16])
        if r.random() < 0.4:
            metas.setdefault(17, []).extend(m for m in ("17.17",) if m not in metas.get(17, []))

        verificacion = (
            f"El compromiso se desarrollará mediante {k} acciones clave:\n\n"
            + "\n".join(f"- {h.nombre}." for h in hitos)
        )
        valores = r.sample(
            ["transparencia", "rendicion_de_cuentas", "participacion_ciudadana", "innovacion"],
            r.randint(1, 4),
        )
        return Compromiso(
            numero=self.numero,
            nombre=nombre,
            ogp_id=f"MX{self.numero % 10000:04d}" if r.random() < 0.5 else None,
            periodo=periodo,
            responsables=responsables,
            corresponsables=corresponsables,
            objetivo_corto_plazo=self.parrafo(2, 3),
            objetivo_mediano_plazo=self.parrafo(3, 5),
            problematica=self.parrafos(2, 4),
            contribucion=self.parrafos(2, 4),
            supuestos=[self.parrafo(1, 2) for _ in range(r.randint(1, 4))],
            verificacion=verificacion,
            valores=valores,
            justificacion=self.parrafos(1, 2),
            agenda_2030=sorted(metas.items()),
            perspectiva_genero=self.parrafos(1, 2),
            eje_pnd=r.choice(EJES),
            informacion_adicional=self.parrafos(1, 5) if r.random() < 0.7 else None,
            otros_actores=self.parrafo(1, 3) if r.random() < 0.5 else None,
            modificaciones=[
                (
                    date(2020, r.randint(3, 12), r.randint(1, 28)),
                    self.parrafo(1, 2),
                    f"https://gobabiertomx.org/minutas/{self.numero}-{j + 1}.pdf",
                )
                for j in range(r.randint(1, 2) if r.random() < 0.15 else 0)
            ],
            irm=(
                (
                    r.choice(("no_iniciado", "limitado", "sustancial", "completo")),
                    r.choice(("modesto", "moderado", "sustancial", "transformador")),
                    r.random() < 0.2,
                    f"https://www.opengovpartnership.org/documents/mexico-irm-{self.numero}/",
                )
                if r.random() < 0.2
                else None
            ),
            hitos=hitos,
            ancla=ancla,
            plegar=r.random() < 0.6,
        )


@dataclass
class Compromiso:
    numero: int
    nombre: str
    ogp_id: str | None
    periodo: tuple[date, date] | None
    responsables: list[Persona]
    corresponsables: list[Persona]
    objetivo_corto_plazo: str
    objetivo_mediano_plazo: str
    problematica: str
    contribucion: str
    supuestos: list[str]
    verificacion: str
    valores: list[str]
    justificacion: str
    agenda_2030: list[tuple[int, list[str]]]
    perspectiva_genero: str
    eje_pnd: str
    informacion_adicional: str | None
    otros_actores: str | None
    modificaciones: list[tuple[date, str, str]]
    irm: tuple[str, str, bool, str] | None
    hitos: list[Hito]
    ancla: Persona | None
    plegar: bool  # párrafos únicos como bloques «>-» (si no, en una sola línea)


# --------------------------------------------------------------------------
# Escritura del YAML (a mano, como lo escribiría una persona)
# --------------------------------------------------------------------------

_PLANO = re.compile(r"[A-Za-zÁÉÍÓÚÑáéíóúñ¿¡(][^\n]*")
_RESERVADAS = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}


def en_linea(text: str) -> str:
    """Escalar de una línea: plano si es seguro, si no entre comillas dobles."""
    plano = (
        _PLANO.fullmatch(text) is not None
        and ": " not in text
        and " #" not in text
        and not text.endswith((":", " "))
        and text.lower() not in _RESERVADAS
    )
    return text if plano else json.dumps(text, ensure_ascii=False)


def texto(primera: str, clave: str | None, valor: str, plegar: bool) -> list[str]:
    """Líneas de ``clave: valor`` (o de ``- valor`` si clave es None).

    ``primera`` es lo que va antes en la primera línea (sangría y quizá «- »);
    el contenido de un bloque se sangra dos espacios más que la clave.
    """
    cabeza = f"{primera}{clave}: " if clave is not None else primera
    sangria = " " * (len(primera) + (2 if clave is not None else 0))
    if "\n" in valor:
        cuerpo = [f"{sangria}{linea}" if linea else "" for linea in valor.split("\n")]
        return [f"{cabeza}|-", *cuerpo]
    if plegar and len(valor) > 80:
        lineas = textwrap.wrap(valor, 76, break_long_words=False, break_on_hyphens=False)
        return [f"{cabeza}>-", *(f"{sangria}{linea}" for linea in lineas)]
    return [f"{cabeza}{en_linea(valor)}"]


def persona_yaml(primera: str, p: Persona) -> list[str]:
    """Una persona como mapeo; ``primera`` es «  - » (en lista) o la sangría (bajo una clave)."""
    sangria = " " * len(primera)
    out = [f"{primera}nombre: {en_linea(p.nombre)}"]
    out.append(f"{sangria}cargo: {en_linea(p.cargo)}")
    out.append(f"{sangria}institucion: {en_linea(p.institucion)}")
    out.append(f"{sangria}correo: {p.correo}")
    if p.telefono is not None:
        out.append(f'{sangria}telefono: "{p.telefono}"')
    return out


def compromiso_yaml(c: Compromiso, semilla: int) -> str:
    pl = c.plegar
    out: list[str] = [
        "# yaml-language-server: $schema=../../schemas/compromiso.schema.json",
        f"# Compromiso sintético generado por benchmarks/generar_corpus.py (semilla {semilla}).",
        f"numero: {c.numero}",
        f"nombre: {en_linea(c.nombre)}",
    ]
    if c.ogp_id is not None:
        out.append(f"ogp_id: {c.ogp_id}")
    if c.periodo is not None:
        out += ["periodo:", f"  inicio: {c.periodo[0]}", f"  fin: {c.periodo[1]}"]
    out += ["", "# --- Instituciones responsables de la implementación ---", "responsables:"]
    for p in c.responsables:
        out += persona_yaml("  - ", p)
    out += ["", "# --- Organizaciones corresponsables de la implementación ---", "corresponsables:"]
    for p in c.corresponsables:
        out += persona_yaml("  - ", p)
    out += ["", "# --- El compromiso de un vistazo ---"]
    out += texto("", "objetivo_corto_plazo", c.objetivo_corto_plazo, pl)
    out.append("")
    out += texto("", "objetivo_mediano_plazo", c.objetivo_mediano_plazo, pl)
    out.append("")
    out += texto("", "problematica", c.problematica, pl)
    out.append("")
    out += texto("", "contribucion", c.contribucion, pl)
    out += ["", "# Supuestos (análisis de riesgo)", "supuestos:"]
    for s in c.supuestos:
        out += texto("  - ", None, s, pl)
    out.append("")
    out += texto("", "verificacion", c.verificacion, pl)
    out += [
        "",
        "# --- ¿Por qué es relevante para los valores de OGP? ---",
        "valores_ogp:",
        f"  valores: [{', '.join(c.valores)}]",
    ]
    out += texto("  ", "justificacion", c.justificacion, pl)
    out += ["", "# --- Alineación con Agenda 2030 ---", "agenda_2030:"]
    for ods, metas in c.agenda_2030:
        out.append(f"  - ods: {ods}")
        out.append(f"    metas: [{', '.join(json.dumps(m) for m in metas)}]")
    out.append("")
    out += texto("", "perspectiva_genero", c.perspectiva_genero, pl)
    out.append("")
    out += texto("", "eje_pnd", c.eje_pnd, pl)
    if c.informacion_adicional is not None:
        out.append("")
        out += texto("", "informacion_adicional", c.informacion_adicional, pl)
    if c.otros_actores is not None:
        out.append("")
        out += texto("", "otros_actores", c.otros_actores, pl)
    if c.modificaciones:
        out += ["", "modificaciones:"]
        for fecha, descripcion, acuerdo in c.modificaciones:
            out.append(f"  - fecha: {fecha}")
            out += texto("    ", "descripcion", descripcion, pl)
            out.append(f"    acuerdo: {acuerdo}")

    out += ["", "# --- Hitos con entregables comprobables (acciones clave) ---", "hitos:"]
    ancla_escrita = False
    for i, h in enumerate(c.hitos):
        out.append(f"  # Acción clave {i + 1} ({h.ponderacion}% de ponderación del compromiso)")
        out += texto("  - ", "nombre", h.nombre, pl)
        out.append(f"    ponderacion: {h.ponderacion}")
        if h.responsable is c.ancla and ancla_escrita:
            out.append("    responsable: *responsable")
        elif h.responsable is c.ancla:
            out.append("    responsable: &responsable")
            out += persona_yaml("      ", h.responsable)
            ancla_escrita = True
        else:
            out.append("    responsable:")
            out += persona_yaml("      ", h.responsable)
        out += texto("    ", "descripcion", h.descripcion, pl)
        out.append(f"    indicador: {en_linea(h.indicador)}")
        out += texto("    ", "medio_verificacion", h.medio_verificacion, pl)
        out.append(f"    inicio: {h.inicio}")
        out.append(f"    termino: {h.termino}")
        out.append("    actividades:")
        for a in h.actividades:
            out += texto("      - ", "actividad", a.actividad, pl)
            if a.descripcion is not None:
                out += texto("        ", "descripcion", a.descripcion, pl)
            if a.medio_verificacion is not None:
                out += texto("        ", "medio_verificacion", a.medio_verificacion, pl)
            if a.cumplida is not None:
                out.append(f"        cumplida: {'true' if a.cumplida else 'false'}")
        if h.cumplido is not None:
            out.append(f"    cumplido: {'true' if h.cumplido else 'false'}")
        if h.fecha_cumplimiento is not None:
            out.append(f"    fecha_cumplimiento: {h.fecha_cumplimiento}")
        if h.evidencia:
            out.append("    evidencia:")
            out += [f"      - {url}" for url in h.evidencia]
        if h.verificado is not None:
            por, fecha = h.verificado
            out += ["    verificado:", f"      por: {en_linea(por)}", f"      fecha: {fecha}"]
        if h.notas is not None:
            out += texto("    ", "notas", h.notas, pl)
        out.append("")

    if c.irm is not None:
        cumplimiento, potencial, estelar, informe = c.irm
        out += [
            "irm:",
            f"  cumplimiento: {cumplimiento}",
            f"  potencial: {potencial}",
            f"  estelar: {'true' if estelar else 'false'}",
            f"  informe: {informe}",
        ]
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


PLAN_YAML = """\
# yaml-language-server: $schema=../schemas/plan.schema.json
# Plan sintético para medir el rendimiento de hdr (benchmarks/generar_corpus.py).
formato: 1
id: corpus-rendimiento
nombre: Plan de Acción sintético con {n} compromisos
ambito: nacional
entidad: México
coordinacion: Comité Coordinador de la Alianza para el Gobierno Abierto en México
periodo:
  inicio: {inicio}
  fin: {fin}
sitio: https://gobabiertomx.org
"""


VARIANTES = ("mixto", "una-institucion")


def generar(destino: Path, compromisos: int, semilla: int, variante: str = "mixto") -> int:
    """Escribe el plan; devuelve el total de bytes escritos.

    plan.yaml se escribe al final: si existe, el corpus está completo.
    """
    carpeta = destino / "compromisos"
    carpeta.mkdir(parents=True, exist_ok=True)
    ancho = max(4, len(str(compromisos)))
    total = 0
    for numero in range(1, compromisos + 1):
        c = Generador(semilla, numero, variante).compromiso()
        datos = compromiso_yaml(c, semilla).encode("utf-8")
        (carpeta / f"{numero:0{ancho}d}-{slug(c.nombre)}.yaml").write_bytes(datos)
        total += len(datos)
    plan = PLAN_YAML.format(n=compromisos, inicio=PLAN_INICIO, fin=PLAN_FIN).encode("utf-8")
    (destino / "plan.yaml").write_bytes(plan)
    return total + len(plan)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Genera un plan sintético de N compromisos para medir hdr."
    )
    parser.add_argument("destino", type=Path, help="carpeta del plan a crear")
    parser.add_argument("--compromisos", type=int, default=2000, help="cuántos (2000)")
    parser.add_argument("--semilla", type=int, default=1, help="semilla (1)")
    parser.add_argument(
        "--sobrescribir",
        action="store_true",
        help="borra los compromisos/*.yaml que ya haya en DESTINO",
    )
    parser.add_argument(
        "--variante",
        choices=VARIANTES,
        default="mixto",
        help="mixto (1 a 3 instituciones, hitos cumplidos al azar) o una-institucion",
    )
    args = parser.parse_args(argv)
    destino: Path = args.destino
    if args.compromisos < 1:
        parser.error("--compromisos debe ser al menos 1")
    previos = sorted((destino / "compromisos").glob("*.y*ml"))
    if (destino / "plan.yaml").exists() or previos:
        if not args.sobrescribir:
            print(
                f"{destino} ya tiene un plan; use --sobrescribir para reemplazarlo.",
                file=sys.stderr,
            )
            return 2
        (destino / "plan.yaml").unlink(missing_ok=True)
        for viejo in previos:
            viejo.unlink()
    total = generar(destino, args.compromisos, args.semilla, args.variante)
    print(f"{args.compromisos} compromisos en {destino} ({total / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
