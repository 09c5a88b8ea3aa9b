"""The characters and drawn rules of one page, from PDFium, in the page's upright view."""

from __future__ import annotations

import ctypes
import itertools
import math
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]

from yusuan.read.limits import LIMITS, over


class _Budget:
    """What one page may cost (yusuan.read.limits): characters, objects walked, seconds."""

    __slots__ = ("deadline", "name", "number", "objects")

    def __init__(self, name: str, number: int) -> None:
        self.name, self.number, self.objects = name, number, 0
        self.deadline = time.monotonic() + LIMITS.pdf_page_seconds

    def chars(self, count: int) -> None:
        if count > LIMITS.pdf_page_chars:
            raise over(self.name, f"第 {self.number} 页的字符数（{count:,}）", LIMITS.pdf_page_chars, " 个")

    def object(self) -> None:
        self.objects += 1
        if self.objects > LIMITS.pdf_page_objects:
            raise over(
                self.name,
                f"第 {self.number} 页绘制的对象数（含嵌套的表单对象）",
                LIMITS.pdf_page_objects,
                " 个",
            )
        if self.objects % 4096 == 0:
            self.time()

    def time(self) -> None:
        if time.monotonic() > self.deadline:
            raise over(self.name, f"第 {self.number} 页的读取时间", LIMITS.pdf_page_seconds, " 秒")


_THIN = 2.5  # pt: a filled rectangle this thin is a rule
Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(slots=True)
class _Char:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class _Rule:
    pos: float  # y of a horizontal rule, x of a vertical one (page coordinates, top-left origin)
    start: float
    end: float


class _View:
    """PDF user space (origin bottom-left) → the page turned so that its text is upright (origin
    top-left). ``rotation`` is the turn clockwise, in degrees: the direction of most characters
    (text drawn at 90° on a page shown with /Rotate 90 is upright either way)."""

    def __init__(self, page: pdfium.PdfPage, rotation: int) -> None:
        self.left, self.bottom, self.right, self.top = page.get_bbox()
        self.rotation = rotation % 360

    @property
    def size(self) -> tuple[float, float]:
        w, h = self.right - self.left, self.top - self.bottom
        return (h, w) if self.rotation in (90, 270) else (w, h)

    def point(self, x: float, y: float) -> tuple[float, float]:
        if self.rotation == 90:
            return y - self.bottom, x - self.left
        if self.rotation == 180:
            return self.right - x, y - self.bottom
        if self.rotation == 270:
            return self.top - y, self.right - x
        return x - self.left, self.top - y

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        ax, ay = self.point(left, bottom)
        bx, by = self.point(right, top)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def _fast(function: Any, restype: Any, *argtypes: Any) -> Any:
    """A PDFium function called with and returning plain addresses and ints: pypdfium2's typed
    wrappers convert handles on every call, which costs as much as the call itself."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(function, ctypes.c_void_p).value or 0)


_VOID, _INT = ctypes.c_void_p, ctypes.c_int
_text_object = _fast(pdfium_c.FPDFText_GetTextObject, _VOID, _VOID, _INT)
_clip_path = _fast(pdfium_c.FPDFPageObj_GetClipPath, _VOID, _VOID)
_count_paths = _fast(pdfium_c.FPDFClipPath_CountPaths, _INT, _VOID)
_count_segments = _fast(pdfium_c.FPDFClipPath_CountPathSegments, _INT, _VOID, _INT)
_segment = _fast(pdfium_c.FPDFClipPath_GetPathSegment, _VOID, _VOID, _INT, _INT)
_point = _fast(pdfium_c.FPDFPathSegment_GetPoint, _INT, _VOID, _VOID, _VOID)
_font_size = _fast(pdfium_c.FPDFText_GetFontSize, ctypes.c_double, _VOID, _INT)
_char_matrix = _fast(pdfium_c.FPDFText_GetMatrix, _INT, _VOID, _INT, _VOID)
_object_font = _fast(pdfium_c.FPDFTextObj_GetFont, _VOID, _VOID)
_render_mode = _fast(pdfium_c.FPDFTextObj_GetTextRenderMode, _INT, _VOID)


_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi|hei|黑|xbs|小标宋", re.IGNORECASE)
_FORCE_BOLD = 1 << 18  # PDF font descriptor flag


def _style(
    textpage: Any, address: int, index: int, obj: int | None, fonts: dict[int | None, bool], matrix: Any
) -> tuple[float, bool, int]:
    """(font size in pt as shown, bold, direction in degrees counter-clockwise: 0, 90, 180 or 270)
    of the text object ``obj`` (its address) a character belongs to; whether a font is bold is
    cached in ``fonts`` (WPS writes one text object per character). ``textpage`` is the text page,
    ``address`` its address, ``matrix`` an FS_MATRIX to fill."""
    size = float(_font_size(address, index))
    direction = 0
    if _char_matrix(address, index, ctypes.addressof(matrix)):
        scale = math.hypot(matrix.c, matrix.d)  # WPS sets 240 pt type scaled down to 12 pt
        if scale > 0:
            size *= scale
        direction = round(math.degrees(math.atan2(matrix.b, matrix.a)) / 90) % 4 * 90
    font = _object_font(obj) if obj else None
    bold = fonts.get(font)
    if bold is None:
        name = ctypes.create_string_buffer(128)
        flags = ctypes.c_int(0)
        pdfium_c.FPDFText_GetFontInfo(textpage, index, name, len(name), ctypes.byref(flags))
        weight = int(pdfium_c.FPDFText_GetFontWeight(textpage, index))
        bold = fonts[font] = (
            weight >= 600
            or bool(flags.value & _FORCE_BOLD)
            or bool(_BOLD_NAME.search(name.value.decode("latin-1")))
        )
    # text drawn filled and stroked is how office programs fake bold type
    fake_bold = bool(obj) and _render_mode(obj) == pdfium_c.FPDF_TEXTRENDERMODE_FILL_STROKE
    return round(size, 1), bold or fake_bold, direction


_TALL = 1.6  # a character's loose box this many times its type size tall is not its line's height
# A loose box this much of its type size tall or less is the glyph's own ink, not its line's
# height: PDFium gives the glyph's box when it cannot apply the font's ascent and descent
# (Chrome/Skia sets 一 支 目 and others in runs of their own, whose boxes are their glyphs: 一 is
# 2 pt of a 14 pt line, 、 sits on the baseline). Such a character stood apart from its line and
# was read after it ("第部分…一"). No character of the real corpus has a loose box this short.
_SHORT = 0.8
_CLIP_TOL = 0.5  # pt: a character whose centre is this far outside its clip is still shown
Box = tuple[float, float, float, float]


class _Clips:
    """The boxes the clipping paths of one page's text objects let show. An object's clip is
    the address PDFium returns of its ``CPDF_ClipPath``, whose one member is the reference to
    the path data that objects drawn under the same clip share (copy on write): the box is read
    once per distinct clip of the page (a few hundred) rather than once per object (one per
    character in WPS files). The addresses are valid while the page is open."""

    def __init__(self, page: Box) -> None:
        self.page_box = page
        self.page = _shown(page, None)
        self.boxes: dict[int, Box] = {}
        self.x, self.y = ctypes.c_float(), ctypes.c_float()
        self.px, self.py = ctypes.addressof(self.x), ctypes.addressof(self.y)

    def shown(self, obj: int | None) -> Box:
        """Where the centre of a character of the object must lie to be seen (page and clip)."""
        handle: int | None = _clip_path(obj) if obj else None
        data = ctypes.c_void_p.from_address(handle).value if handle else None
        if not data or not handle:
            return self.page  # not clipped
        box = self.boxes.get(data)
        if box is None:
            box = self.boxes[data] = _shown(self.page_box, self._read(handle))
        return box

    def _read(self, clip: int) -> Box | None:
        """The intersection of the clip's paths' bounding boxes. A path of four or five points
        (a rectangle, as office programs clip cells and pages) is read by two opposite corners."""
        box = (-math.inf, -math.inf, math.inf, math.inf)
        for p in range(_count_paths(clip)):
            n = _count_segments(clip, p)
            xs: list[float] = []
            ys: list[float] = []
            for s in (0, 2) if n in (4, 5) else range(n):
                seg = _segment(clip, p, s)
                if seg and _point(seg, self.px, self.py):
                    xs.append(self.x.value)
                    ys.append(self.y.value)
            if xs:
                box = (max(box[0], min(xs)), max(box[1], min(ys)), min(box[2], max(xs)), min(box[3], max(ys)))
        return None if box[0] == -math.inf else box


def _shown(page: Box, clip: Box | None) -> Box:
    """Where a character's centre must lie to be seen: on the page and inside its clip, give or
    take _CLIP_TOL."""
    left, bottom, right, top = page
    if clip is not None:
        left, bottom, right, top = (
            max(left, clip[0]),
            max(bottom, clip[1]),
            min(right, clip[2]),
            min(top, clip[3]),
        )
    return left - _CLIP_TOL, bottom - _CLIP_TOL, right + _CLIP_TOL, top + _CLIP_TOL


def _page_chars(page: pdfium.PdfPage, budget: _Budget | None = None) -> tuple[list[_Char], _View]:
    """The characters of a page with their boxes (generated spaces and line breaks left out), in
    the view where most of them are upright. What a clipping path or the page's edge hides is
    left out too: a name too long for its Excel cell is cut at the cell's edge (its hidden rest
    lies over the next cell), Word clips away text set below the page's last line, and a row
    cut by a page break is printed whole on both pages, each showing its part."""
    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        raw_address = ctypes.cast(raw, ctypes.c_void_p).value or 0
        rect = pdfium_c.FS_RECTF()
        rect_ref = ctypes.byref(rect)
        origin, unused = ctypes.c_double(), ctypes.c_double()
        origin_x, origin_y = ctypes.byref(unused), ctypes.byref(origin)
        objects: dict[int | None, tuple[tuple[float, bool, int], Box]] = {}
        clips = _Clips(page.get_bbox())
        matrix = pdfium_c.FS_MATRIX()
        fonts: dict[int | None, bool] = {}
        found: list[tuple[str, float, float, float, float, tuple[float, bool, int]]] = []
        count = pdfium_c.FPDFText_CountChars(raw)
        if budget is not None:
            budget.chars(count)
            budget.time()
        i = 0
        while i < count:
            index, i = i, i + 1
            if pdfium_c.FPDFText_IsGenerated(raw, index):
                continue
            code = pdfium_c.FPDFText_GetUnicode(raw, index)
            if 0xD800 <= code < 0xDC00 and i < count:  # a character outside the BMP: two halves
                low = pdfium_c.FPDFText_GetUnicode(raw, i)
                i += 1
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00) if 0xDC00 <= low < 0xE000 else 0
            if code < 32 or 0xD800 <= code < 0xE000 or code in (0xFFFE, 0xFFFF):
                continue
            if not pdfium_c.FPDFText_GetLooseCharBox(raw, index, rect_ref):
                continue
            key = _text_object(raw_address, index)
            known = objects.get(key)
            if known is None:
                known = objects[key] = (_style(raw, raw_address, index, key, fonts, matrix), clips.shown(key))
            style, (left, bottom, right, top) = known
            cx, cy = (rect.left + rect.right) / 2, (rect.bottom + rect.top) / 2
            if not (left <= cx <= right and bottom <= cy <= top):
                continue
            text = chr(code)
            bottom, top = rect.bottom, rect.top
            # a loose box far taller than the type (digits of a CJK font whose bounding box is
            # twice the em) or far shorter (the glyph's own ink, _SHORT) would stand apart from
            # the line it is set on: the usual CJK extent about the baseline instead
            if (
                not (_SHORT * style[0] < top - bottom <= _TALL * style[0])
                and style[0] > 0
                and style[2] == 0
                and pdfium_c.FPDFText_GetCharOrigin(raw, index, origin_x, origin_y)
            ):
                bottom = origin.value - 0.25 * style[0]
                top = origin.value + 0.875 * style[0]
            found.append((text, rect.left, bottom, rect.right, top, style))
    finally:
        textpage.close()
    directions = Counter(f[5][2] for f in found if not f[0].isspace())
    view = _View(page, directions.most_common(1)[0][0] if directions else page.get_rotation())
    chars = []
    for text, left, bottom, right, top, (size, bold, _) in found:
        x0, y0, x1, y1 = view.box(left, bottom, right, top)
        chars.append(_Char(" " if text.isspace() else text, x0, y0, x1, y1, size, bold))
    return chars, view


def _matrix(obj: Any) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _objects(page: pdfium.PdfPage, budget: _Budget | None = None) -> Iterator[tuple[Any, int, Matrix]]:
    """(object, type, matrix of the form XObjects around it) for every object of the page; a form
    that draws itself (or a fan of forms) is bounded by the budget's count of objects walked."""
    stack: list[tuple[Any, Matrix, int]] = []
    raw = page.raw
    for i in range(pdfium_c.FPDFPage_CountObjects(raw)):
        stack.append((pdfium_c.FPDFPage_GetObject(raw, i), _IDENTITY, 0))
    stack.reverse()
    while stack:
        obj, outer, depth = stack.pop()
        if budget is not None:
            budget.object()
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 8:
            inner = _compose(_matrix(obj), outer)
            children = [
                (pdfium_c.FPDFFormObj_GetObject(obj, j), inner, depth + 1)
                for j in range(pdfium_c.FPDFFormObj_CountObjects(obj))
            ]
            stack.extend(reversed(children))
        else:
            yield obj, kind, outer


def _visible(obj: Any, stroke: bool) -> bool:
    """Whether a path's stroke (or fill) is drawn in a colour that shows on white paper."""
    r, g, b, a = (ctypes.c_uint(0) for _ in range(4))
    get = pdfium_c.FPDFPageObj_GetStrokeColor if stroke else pdfium_c.FPDFPageObj_GetFillColor
    if not get(obj, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)):
        return True
    return a.value > 0 and min(r.value, g.value, b.value) < 235


def _subpaths(obj: Any, matrix: Matrix) -> list[list[tuple[float, float, bool]]]:
    """The path's subpaths as (x, y, straight) points in PDF user space (closed ones repeat the start)."""
    a, b, c, d, e, f = _compose(_matrix(obj), matrix)
    x, y = ctypes.c_float(), ctypes.c_float()
    out: list[list[tuple[float, float, bool]]] = []
    for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        if not seg or not pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y)):
            continue
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not out:
            out.append([(*point, True)])
        else:
            out[-1].append((*point, kind == pdfium_c.FPDF_SEGMENT_LINETO))
        if pdfium_c.FPDFPathSegment_GetClose(seg) and out[-1]:
            out[-1].append((out[-1][0][0], out[-1][0][1], True))
    return out


def _add_rule(
    hs: list[_Rule], vs: list[_Rule], view: _View, x0: float, y0: float, x1: float, y1: float
) -> None:
    """A thin axis-aligned box (PDF user space) as a horizontal or vertical rule, if it is one."""
    left, top, right, bottom = view.box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
    w, h = right - left, bottom - top
    if h <= _THIN and w >= 2:
        hs.append(_Rule((top + bottom) / 2, left, right))
    elif w <= _THIN and h >= 2:
        vs.append(_Rule((left + right) / 2, top, bottom))


def _page_graphics(
    page: pdfium.PdfPage, view: _View, budget: _Budget | None = None
) -> tuple[list[_Rule], list[_Rule], bool]:
    """Horizontal rules, vertical rules, and whether the page shows an image."""
    hs: list[_Rule] = []
    vs: list[_Rule] = []
    has_image = False
    fill, stroke = ctypes.c_int(0), ctypes.c_int(0)
    for obj, kind, matrix in _objects(page, budget):
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            has_image = True
            continue
        if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        if not pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)):
            continue
        stroked = bool(stroke.value) and _visible(obj, stroke=True)
        filled = fill.value != pdfium_c.FPDF_FILLMODE_NONE and _visible(obj, stroke=False)
        if not (stroked or filled):
            continue
        for points in _subpaths(obj, matrix):
            if stroked:  # every straight axis-aligned segment drawn is a rule
                for (xa, ya, _), (xb, yb, straight) in itertools.pairwise(points):
                    if straight and (abs(xa - xb) < 0.5 or abs(ya - yb) < 0.5):
                        _add_rule(hs, vs, view, xa, ya, xb, yb)
            elif all(p[2] for p in points):  # a filled thin rectangle is a rule, a wide one a background
                xs = [p[0] for p in points]
                ys = [p[1] for p in points]
                _add_rule(hs, vs, view, min(xs), min(ys), max(xs), max(ys))
    return hs, vs, has_image
