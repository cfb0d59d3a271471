"""hdr: hojas de ruta de planes de acción de gobierno abierto, como archivos YAML en git."""

__version__ = "0.1.0"
