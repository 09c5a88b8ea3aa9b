"""Renderers: a Publication → the bytes of one file format. One module per format; they import the
model only (never audit, extract or read), so every format shows the same blocks."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from yusuan.model import Publication

#: format name → (module, file suffix); the order is the order `yusuan build` writes them.
FORMATS: dict[str, tuple[str, str]] = {
    "md": ("yusuan.render.markdown", ".md"),
    "html": ("yusuan.render.html", ".html"),
    "xlsx": ("yusuan.render.xlsx", ".xlsx"),
    "docx": ("yusuan.render.docx", ".docx"),
    "pdf": ("yusuan.render.pdf", ".pdf"),
}


def renderer(fmt: str) -> Callable[[Publication], bytes]:
    """The ``render(pub) -> bytes`` function of a format (imported lazily: typst is heavy)."""
    module, _ = FORMATS[fmt]
    fn: Callable[[Publication], bytes] = import_module(module).render
    return fn


def render(pub: Publication, fmt: str) -> bytes:
    return renderer(fmt)(pub)
