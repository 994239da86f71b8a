"""The columns of a member spreadsheet: the fields we read, the headers chapters actually use for them, and
detection of the header row and the column -> field mapping (which the officer can then adjust)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from quanlyhoi.core.text import fold


@dataclass(frozen=True)
class Field:
    key: str
    header: str  # the header written in the template and in exports
    aliases: tuple[str, ...] = ()
    example: str = ""


FIELDS: tuple[Field, ...] = (
    Field("full_name", "Họ và tên", ("ho ten", "ho va ten hoi vien", "ten hoi vien", "ho, ten", "ho va ten"),
          "Nguyễn Văn An"),
    Field("family_name", "Họ", ("ho",)),
    Field("middle_name", "Tên đệm", ("dem", "ten dem", "ten lot")),
    Field("given_name", "Tên", ("ten",)),
    Field("birth", "Ngày sinh", ("ngay thang nam sinh", "ngay, thang, nam sinh", "nam sinh", "sinh ngay", "ns"),
          "05/01/1950"),
    Field("sex", "Giới tính", ("gioi", "nam/nu", "nam nu", "phai", "gioi tinh"), "Nam"),
    Field("id_number", "Số CCCD", ("cccd", "so cccd/cmnd", "cccd/cmnd", "cmnd", "so cmnd", "so dinh danh",
                                   "so dinh danh ca nhan", "can cuoc cong dan", "so can cuoc", "so can cuoc cong dan"),
          "001050001234"),
    Field("phone", "Số điện thoại", ("dien thoai", "sdt", "dt", "so dt", "di dong", "dien thoai lien he"),
          "0912345678"),
    Field("address", "Địa chỉ", ("noi o", "noi o hien nay", "dia chi thuong tru", "cho o hien nay", "dia chi lien he",
                                 "thuong tru"),
          "Số 1 phố Hàng Bài, Phường Hoàn Kiếm, Thành phố Hà Nội"),
    Field("province", "Tỉnh/Thành phố", ("tinh", "tinh/tp", "tinh, thanh pho", "tinh thanh")),
    Field("commune", "Xã/Phường", ("xa", "phuong", "phuong/xa", "xa, phuong", "xa/phuong/dac khu")),
    Field("ethnicity", "Dân tộc", ("dan toc",), "Kinh"),
    Field("religion", "Tôn giáo", ("ton giao",), "Không"),
    Field("occupation", "Nghề nghiệp", ("nghe nghiep hien nay", "nghe"), "Hưu trí"),
    Field("joined_on", "Ngày vào hội", ("ngay ket nap", "ngay gia nhap", "ngay vao", "ngay ket nap hoi"), "15/03/2015"),
    Field("member_number", "Số thẻ hội viên", ("so the", "ma hoi vien", "so hoi vien", "so the hv", "ma hv")),
    Field("type", "Loại hội viên", ("loai hv", "loai")),
    Field("unit", "Mã đơn vị", ("ma chi hoi", "ma don vi", "don vi (ma)")),
    Field("notes", "Ghi chú", ("ghi chu",)),
)  # fmt: skip
BY_KEY = {f.key: f for f in FIELDS}
# The fields of the downloadable template, in its column order.
TEMPLATE_FIELDS = ("full_name", "birth", "sex", "id_number", "phone", "address", "ethnicity", "religion",
                   "occupation", "joined_on", "member_number", "type", "unit", "notes")  # fmt: skip

_PUNCT = re.compile(r"[\s.:*()]+")


def _norm(header) -> str:
    return _PUNCT.sub(" ", fold(str(header or ""))).strip()


_ALIASES: dict[str, str] = {}
for _f in FIELDS:
    for _alias in (_f.header, *_f.aliases):
        _ALIASES.setdefault(_norm(_alias), _f.key)


def field_for(header) -> str | None:
    """The field a header names, or None ("STT", unknown columns)."""
    return _ALIASES.get(_norm(header))


def detect_mapping(header: list) -> dict[str, int]:
    """field -> column index from one header row; the first column naming a field wins."""
    mapping: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = field_for(cell)
        if key and key not in mapping:
            mapping[key] = index
    return mapping


def find_header(rows: list[list]) -> tuple[int, dict[str, int]]:
    """Among the first rows (titles and blank lines often come first), the one naming most fields:
    (0-based row index, mapping). (-1, {}) when no row names a name column."""
    best = (-1, {})
    for index, row in enumerate(rows):
        mapping = detect_mapping(row)
        named = "full_name" in mapping or "given_name" in mapping
        if named and len(mapping) > len(best[1]):
            best = (index, mapping)
    return best


def check_mapping(mapping: dict[str, int], width: int) -> list[str]:
    """Vietnamese problems with a mapping (empty when it can be used)."""
    problems = []
    if "full_name" not in mapping and "given_name" not in mapping:
        problems.append("Cần chỉ ra cột họ và tên (hoặc cột tên).")
    unknown = sorted(set(mapping) - set(BY_KEY))
    if unknown:
        problems.append(f"Trường không tồn tại: {', '.join(unknown)}.")
    bad = [k for k, v in mapping.items() if not isinstance(v, int) or not 0 <= v < max(width, 1)]
    if bad:
        problems.append(f"Cột không tồn tại trong tệp cho: {', '.join(BY_KEY[k].header for k in bad if k in BY_KEY)}.")
    used: dict[int, str] = {}
    for key, col in mapping.items():
        if col in used:
            problems.append(f"Một cột được gán cho hai trường: {BY_KEY[used[col]].header} và {BY_KEY[key].header}.")
        used[col] = key
    return problems
