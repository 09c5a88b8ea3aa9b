"""load → derive → render (→ self-check) for one source; the one place commands call to build."""

from __future__ import annotations

import errno
import io
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from yusuan.derive import derive
from yusuan.model import Publication
from yusuan.model.message import Message
from yusuan.pipeline import check_document
from yusuan.read import read_text
from yusuan.render import FORMATS, render
from yusuan.render.markdown import to_markdown
from yusuan.source import SourceError, load_source
from yusuan.source.errors import error

_WORKBOOKS = (".xlsx", ".xlsm")


def _load(path: str | Path) -> tuple[Any, list[Any]]:
    """The source, loaded as the readers load a published file when it is a workbook: the package
    checked first (zip bombs, entity declarations, members too large), then opened in a child with
    the readers' memory and time budget (a merged range over a whole sheet makes openpyxl build a
    cell object for each of its 17 billion cells)."""
    if Path(path).suffix.lower() not in _WORKBOOKS or not Path(path).is_file():
        return load_source(path)
    import zipfile

    from yusuan.read.errors import UnreadableInput
    from yusuan.read.isolate import isolated
    from yusuan.read.limits import check_regular_file
    from yusuan.read.package import check_package

    name = str(path)
    try:
        check_regular_file(path)
        data = Path(path).read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_package(data, name, archive)
        outcome = isolated(partial(_load_in_child, path), name, "Excel 源文件")
    except UnreadableInput as exc:
        raise SourceError([error(name, str(exc).removeprefix(f"{name}："))]) from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise SourceError([error(name, f"不是有效的 Excel 文件（{exc}）")]) from None
    loaded, errors = outcome
    if errors:
        raise SourceError(errors)
    budget, messages = loaded
    return budget, messages


def _load_in_child(path: str | Path) -> tuple[Any, list[Any]]:
    # the source's errors are returned, not raised: the child passes back only what it returns
    try:
        return load_source(path), []
    except SourceError as exc:
        return None, exc.messages


@dataclass
class BuildResult:
    source: str
    publication: Publication
    messages: list[Message]  # warnings of the source and of the derivation, each at its source place
    outputs: dict[str, bytes] = field(default_factory=dict)  # format → file content
    self_check: list[Message] = field(default_factory=list)  # findings of `check` on the built text


def build_source(
    path: str | Path,
    profile: str | None = None,
    formats: tuple[str, ...] = tuple(FORMATS),
    on_format: Callable[[str], None] | None = None,
) -> BuildResult:
    """Build every format in memory; raises SourceError when the source has errors."""
    budget, messages = _load(path)
    built = derive(budget, profile)
    result = BuildResult(str(path), built.publication, [*messages, *built.messages])
    for fmt in formats:
        result.outputs[fmt] = render(built.publication, fmt)
        if on_format:
            on_format(fmt)
    # The built text must pass the checker: consistent by construction, verified anyway.
    text = result.outputs["md"].decode("utf-8") if "md" in result.outputs else to_markdown(built.publication)
    doc = read_text(text, f"{Path(path).stem}.md")
    result.self_check = check_document(doc, built.publication.profile).findings
    return result


def write_atomically(target: Path, data: bytes) -> None:
    """Write beside the target, then rename: an existing file is replaced only by a complete one. A
    target that is a symbolic link is refused (the rename would replace the link, the permissions
    would be the link target's)."""
    if target.is_symlink():
        raise OSError(errno.EEXIST, "输出文件是符号链接，未覆盖", str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    # a short temporary name: the target's own may already be near the 255-byte limit of a name
    fd, tmp = tempfile.mkstemp(prefix=".yusuan-", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode(target))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode(target: Path) -> int:
    """The existing file's permissions, else what a plain open() would give (mkstemp uses 0600)."""
    if target.exists():
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def output_paths(out_dir: Path, stem: str, formats: tuple[str, ...]) -> dict[str, Path]:
    return {fmt: out_dir / f"{stem}{FORMATS[fmt][1]}" for fmt in formats}
