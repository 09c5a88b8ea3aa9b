"""The series drawn with matplotlib (PNG or SVG), CJK labels in Noto Sans CJK."""

from __future__ import annotations

from pathlib import Path

from yusuan.yoy.series import Line

_FONT_NAMES = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
)


class ChartError(Exception):
    """The chart cannot be written (Chinese message)."""


def cjk_font() -> str | None:
    """The path of an installed font with Chinese glyphs (Noto Sans CJK first), found through
    matplotlib's font manager; None when there is none."""
    from matplotlib import font_manager

    by_name = {f.name: f.fname for f in font_manager.fontManager.ttflist}
    for name in _FONT_NAMES:
        if name in by_name:
            return by_name[name]
    for f in font_manager.findSystemFonts():
        if "NotoSansCJK" in Path(f).name or "NotoSansSC" in Path(f).name:
            return f
    return None


def draw(department: str, kind: str, series: list[Line], out: Path) -> None:
    """Two panels: 收入/支出/基本/项目 (large figures) above, 三公 and 机关运行经费 below."""
    suffix = out.suffix.lower()
    if suffix not in (".png", ".svg"):
        raise ChartError(f"{out}：图表只能写成 .png 或 .svg")
    font = cjk_font()
    if font is None:
        raise ChartError("没有找到中文字体（Noto Sans CJK），无法画图；请安装 fonts-noto-cjk")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    font_manager.fontManager.addfont(font)
    family = font_manager.FontProperties(fname=font).get_name()
    plt.rcParams["font.family"] = [family]
    plt.rcParams["axes.unicode_minus"] = False
    plt.rcParams["svg.fonttype"] = "path"  # the SVG shows the glyphs without the font installed

    big = [
        ln
        for ln in series
        if ln.subject in ("income_total", "expense_total", "expense.basic", "expense.project")
    ]
    sangong = [ln for ln in series if ln.subject.startswith("sangong.")]
    running = [ln for ln in series if ln.subject == "admin_running"]
    years = sorted({p.year for ln in series for p in ln.points})
    fig, axes = plt.subplots(3, 1, figsize=(9, 11), constrained_layout=True)
    styles = ("-", "--", "-.", ":")
    panels = (
        (axes[0], big, "收入与支出"),
        (axes[1], sangong, "“三公”经费"),
        (axes[2], running, "机关运行经费"),
    )
    for ax, group, title in panels:
        drawn = 0
        for i, ln in enumerate(group):
            pts = [(p.year, float(p.wan)) for p in ln.points if p.wan is not None]  # float for drawing only
            if not pts:
                continue
            xs, ys = zip(*pts, strict=True)
            # equal lines (收入总计 = 支出总计) stay visible: each its own dash and marker size
            ax.plot(
                xs, ys, linestyle=styles[i % len(styles)], marker="o", markersize=7 - i % 3 * 2, label=ln.name
            )
            drawn += 1
        ax.set_title(title)
        ax.set_ylabel("万元")
        ax.set_xticks(years)
        ax.set_xticklabels([f"{y}年" for y in years])
        ax.grid(True, alpha=0.3)
        if drawn:
            ax.legend(fontsize=9, loc="best")
        else:
            ax.text(0.5, 0.5, "无数据", ha="center", va="center", transform=ax.transAxes)
    fig.suptitle(f"{department}（{kind}）各年度数据", fontsize=13)
    try:
        fig.savefig(out, format=suffix[1:], dpi=120)
    except OSError as exc:
        raise ChartError(f"{out}：无法写入图表（{exc.strerror or exc}）") from exc
    finally:
        plt.close(fig)
