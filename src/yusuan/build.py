"""load → derive → render (→ self-check) for one source; the one place commands call to build."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from yusuan.derive import derive
from yusuan.model import Publication
from yusuan.model.message import Message
from yusuan.pipeline import check_document
from yusuan.read import read_text
from yusuan.render import FORMATS, render
from yusuan.render.markdown import to_markdown
from yusuan.source import load_source


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
    budget, messages = load_source(path)
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
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
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
