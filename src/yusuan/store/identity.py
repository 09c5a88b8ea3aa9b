"""Identity of what is stored: a file by its content, a department across years by its name."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

_CHUNK = 1 << 20


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


# words that vary between years for one department without changing who it is
_NOISE = re.compile(r"[\s\u3000·•．.、,，:：;；\"'“”‘’《》〈〉<>()（）\[\]【】{}〔〕]")
_TRAILERS = ("（本级）", "(本级)", "本级", "（汇总）", "(汇总)")

# The province-level name before a lower division ("上海市普陀区…", "江苏省无锡市…"): printed in one
# year, left out in another. Dropped only when a city, district or county follows, so that
# 上海市财政局 (municipal) stays apart from 上海市普陀区财政局 (district) and from 北京市财政局.
_PROVINCES = (
    "北京市",
    "天津市",
    "上海市",
    "重庆市",
    "河北省",
    "山西省",
    "辽宁省",
    "吉林省",
    "黑龙江省",
    "江苏省",
    "浙江省",
    "安徽省",
    "福建省",
    "江西省",
    "山东省",
    "河南省",
    "湖北省",
    "湖南省",
    "广东省",
    "海南省",
    "四川省",
    "贵州省",
    "云南省",
    "陕西省",
    "甘肃省",
    "青海省",
    "台湾省",
    "内蒙古自治区",
    "广西壮族自治区",
    "西藏自治区",
    "宁夏回族自治区",
    "新疆维吾尔自治区",
    "香港特别行政区",
    "澳门特别行政区",
)
# a place name of two to four characters and its level: 普陀区, 无锡市, 浦东新区, 延边朝鲜族自治州; not
# 城市管理…, 社区…, 农产品批发市场 (a word, not a place, ends in 市 / 区)
_DIVISION = re.compile(
    r"^[\u4e00-\u9fff]{2,4}?(?:自治州|自治县|新区|地区|市(?!场)|区|县|旗|盟)(?=[\u4e00-\u9fff]{2})"
)
# a 街道 or 镇 is the same office whether its name carries the government it belongs to
# ("普陀区人民政府万里街道办事处" / "普陀区万里街道办事处") and whether 办事处 is printed
_GOVERNMENT_OF_TOWN = re.compile(r"人民政府(?=[\u4e00-\u9fff]{1,10}?(?:街道|镇|乡))")
_OFFICE = re.compile(r"(街道)办事处$")
_TOWN_GOVERNMENT = re.compile(r"((?:镇|乡))人民政府$")


def department_key(name: str | None) -> str | None:
    """The same department's name printed in different years reduced to one key; None when there
    is no name. What varies without changing who it is: white space, full- or half-width brackets,
    本级/汇总 trailers, a 中共 prefix, the province-level prefix before a city or district, and a
    街道/镇's 人民政府 and 办事处. Departments stay apart when a word tells them apart: 上海市财政局 ≠
    上海市普陀区财政局 ≠ 北京市财政局, and the kind (部门 / 单位) is kept beside the key, not in it."""
    if not name:
        return None
    text = unicodedata.normalize("NFKC", name).strip()
    for t in _TRAILERS:
        text = text.removesuffix(unicodedata.normalize("NFKC", t))
    text = _NOISE.sub("", text)
    text = text.removeprefix("中国共产党").removeprefix("中共")
    for p in _PROVINCES:
        rest = text.removeprefix(p)
        if rest != text and _DIVISION.match(rest):
            text = rest
            break
    text = _GOVERNMENT_OF_TOWN.sub("", text)
    text = _OFFICE.sub(r"\1", text)
    text = _TOWN_GOVERNMENT.sub(r"\1", text)
    return text or None
