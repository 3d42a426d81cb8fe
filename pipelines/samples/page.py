"""Web-page furniture around a sample report, as text copied from a government site carries it.

Metadata lines (索引号 / 发布机构 / 发布日期 / 文号 / 浏览次数, one per line, several on a line,
a ``|`` grid or a bullet list with keys and values on separate lines), a breadcrumb, an image
data URI and tool lines (分享 / 打印 / 关闭). Their years (索引号, 发布日期) are the publication
year, never the fiscal year; the publisher is the unit or the finance bureau. Nothing here is
a figure, a title or a section (``parsing.furniture`` reads it and keeps it out).
"""

from __future__ import annotations

import datetime as dt
import random

from .writer import Writer

_BREADCRUMBS = ("政务公开 > 财政信息 > 预算绩效", "首页 > 信息公开 > 法定主动公开内容 > 财政预决算",
                "当前位置：首页 > 政务公开 > 部门预决算", "信息公开 > 预算绩效管理 > 绩效自评")
_TOOLS = ("【打印本页】【关闭窗口】", "分享到：", "打印 关闭", "【字体：大 中 小】", "扫一扫在手机上查看当前页")
_IMAGE = "![](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==)"


def _index_number(rng: random.Random, published: dt.date) -> str:
    org = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(18))
    return f"{org}/{published.year}-{rng.randint(1, 99999):05d}"


def write_page_header(w: Writer, rng: random.Random, publisher: str, published: dt.date) -> None:
    """Metadata lines at the top of the page, in one of the shapes real sites use."""
    index = _index_number(rng, published)
    views = rng.randint(3, 2000)
    shape = rng.randrange(4)
    if rng.random() < 0.5:
        w.line(rng.choice(_BREADCRUMBS))
    if shape == 0:  # one field per line, sometimes as a list
        mark = rng.choice(["", "- "])
        for key, value in (("索引号", index), ("发布机构", publisher), ("文号", ""),
                           ("发布日期", published.isoformat()), ("时效性", "有效")):
            w.line(f"{mark}{key}: {value}".rstrip())
    elif shape == 1:  # several fields on a line
        w.line(f"发布时间：{published.isoformat()} {rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}　"
               f"来源：{publisher}　浏览次数：{views}")
    elif shape == 2:  # a grid copied from a table
        w.line(f"索引号: | {index} | 组配分类: | 预算绩效 |")
        w.line(f"发布机构: | {publisher} | 主题分类: | 财政 |")
        w.line(f"成文日期: | 发布日期: | {published.isoformat()} | |")
    else:  # a bullet list, keys and values on separate lines
        for key, value in (("索引号", index), ("发布机构", publisher), ("发布日期", published.isoformat()),
                           ("文号", None), ("浏览量", str(views))):
            w.line(f"• {key}")
            if value is not None:
                w.line(f"  • {value}")
    if rng.random() < 0.3:
        w.line(_IMAGE)
    if rng.random() < 0.4:
        w.line(rng.choice(_TOOLS))


def write_page_footer(w: Writer, rng: random.Random) -> None:
    """Tool lines after the report (print, close, share)."""
    w.line()
    w.line(rng.choice(_TOOLS))
