"""The downloadable member template: the TEMPLATE_FIELDS columns under their Vietnamese headers, one example
row, and a second sheet "Hướng dẫn" that explains each column and the formats accepted (also as CSV)."""

from __future__ import annotations

import csv
import io

from quanlyhoi.members.imports.columns import BY_KEY, TEMPLATE_FIELDS

# Columns formatted as text in the XLSX, so that Excel keeps what is typed: the leading zeros of a CCCD or a
# phone number, a member number of digits, and dates as typed (dd/mm/yyyy, whatever the computer's locale).
TEXT_FIELDS = frozenset({"id_number", "phone", "member_number", "unit", "birth", "joined_on"})
REQUIRED = frozenset({"full_name"})
EXAMPLE = {"type": "Hội viên chính thức"}
WIDTHS = {"full_name": 26, "address": 48, "notes": 30, "occupation": 18, "type": 20, "unit": 18}

GUIDE = {
    "full_name": "Họ, tên đệm và tên cách nhau bằng dấu cách. Hệ thống viết hoa chữ đầu mỗi từ.",
    "birth": "Ngày sinh dạng ngày/tháng/năm (05/01/1950 hoặc 5/1/1950), năm-tháng-ngày (1950-01-05), ô ngày "
    "của Excel, hoặc chỉ năm sinh (1950) khi không rõ ngày.",
    "sex": "Nam hoặc Nữ (cũng nhận: nam giới, nữ giới, M, F; số 1 là nam, 0 là nữ).",
    "id_number": "Số CCCD 12 chữ số, hoặc số CMND cũ 9 chữ số. Nếu Excel làm mất các số 0 ở đầu, hệ thống tự "
    "thêm lại. Mã tỉnh, chữ số thế kỷ/giới tính và năm sinh trong số phải khớp với ngày sinh và giới tính.",
    "phone": "Số di động 10 chữ số (đầu 03, 05, 07, 08, 09) hoặc số cố định 11 chữ số (đầu 02); nhận cả +84, "
    "dấu cách, dấu chấm. Số di động 11 chữ số cũ được đổi sang đầu số mới.",
    "address": "Nơi ở. Ghi rõ xã/phường và tỉnh/thành phố để hệ thống gắn địa bàn; tên tỉnh trước 01/7/2025 "
    "được chuyển sang tỉnh mới.",
    "ethnicity": "Tên một trong 54 dân tộc Việt Nam (Kinh, Tày, Thái, Mường, Khmer, Mông, ...).",
    "religion": "Ghi tự do (Không, Phật giáo, Công giáo, ...).",
    "occupation": "Ghi tự do (Hưu trí, Nông dân, ...).",
    "joined_on": "Ngày vào hội dạng ngày/tháng/năm; không ở tương lai, không trước năm sinh. Để trống nếu không rõ.",
    "member_number": "Số thẻ hội viên nếu đã có (tối đa 30 ký tự); để trống thì hệ thống cấp số mới.",
    "type": "Loại hội viên: {types}. Để trống là hội viên chính thức.",
    "unit": "Mã chi hội, tổ hội thuộc đơn vị nhận tệp (ví dụ NCT.01.00004.001); để trống là chính đơn vị nhận tệp.",
    "notes": "Ghi chú tự do.",
}
RULES = (
    "Dòng đầu của trang Danh sách là tiêu đề; mỗi dòng sau là một hội viên. Xoá dòng ví dụ trước khi nhập.",
    "Chỉ cột Họ và tên là bắt buộc. Có thể bỏ cột không dùng, đổi thứ tự cột, thêm cột STT; tên cột thường gặp "
    '("Họ tên", "Số CMND", "SĐT", "Ngày kết nạp", ...) cũng được nhận ra, và có thể chỉnh lại khi nhập.',
    "Nhập lại cùng một tệp không tạo thêm hội viên: hội viên đã có được nhận ra theo số CCCD, rồi theo số thẻ, "
    "và chỉ được cập nhật những ô có ghi.",
    "Dòng không có CCCD và số thẻ mà trùng họ tên và năm sinh với một hội viên cùng đơn vị được báo là có thể "
    "trùng, và chỉ được nhập khi người nhập đồng ý.",
    "Hãy chạy thử trước: hệ thống báo mọi dòng sai (dòng, cột, lý do) và cho tải về chính tệp này có thêm cột "
    "Lỗi. Mặc định, còn một dòng sai thì không dòng nào được ghi.",
)


def _type_names() -> list[str]:
    from quanlyhoi.members.models import MembershipType

    return list(MembershipType.objects.filter(association__isnull=True).values_list("name", flat=True))


def example_row() -> list[str]:
    return [EXAMPLE.get(key, BY_KEY[key].example) for key in TEMPLATE_FIELDS]


def headers() -> list[str]:
    return [BY_KEY[key].header for key in TEMPLATE_FIELDS]


def template_xlsx() -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"})
    text = book.add_format({"num_format": "@"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    sheet = book.add_worksheet("Danh sách")
    for col, key in enumerate(TEMPLATE_FIELDS):
        sheet.set_column(col, col, WIDTHS.get(key, 14), text if key in TEXT_FIELDS else None)
        sheet.write_string(0, col, BY_KEY[key].header, bold)
        if value := example_row()[col]:
            sheet.write_string(1, col, value, text if key in TEXT_FIELDS else None)
    sheet.freeze_panes(1, 0)
    guide = book.add_worksheet("Hướng dẫn")
    guide.set_column(0, 0, 18)
    guide.set_column(1, 1, 10)
    guide.set_column(2, 2, 100)
    for row, rule in enumerate(RULES):
        guide.set_row(row, 30)  # merged cells do not grow with their wrapped text
        guide.merge_range(row, 0, row, 2, rule, wrap)
    top = len(RULES) + 1
    for col, title in enumerate(("Cột", "Bắt buộc", "Cách ghi")):
        guide.write_string(top, col, title, bold)
    types = ", ".join(_type_names())
    for offset, key in enumerate(TEMPLATE_FIELDS, start=1):
        guide.write_string(top + offset, 0, BY_KEY[key].header, wrap)
        guide.write_string(top + offset, 1, "Có" if key in REQUIRED else "Không", wrap)
        guide.write_string(top + offset, 2, GUIDE[key].format(types=types), wrap)
    book.close()
    return out.getvalue()


def template_csv() -> bytes:
    """UTF-8 with a byte order mark, so that Excel shows the Vietnamese headers correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers())
    writer.writerow(example_row())
    return ("\ufeff" + out.getvalue()).encode("utf-8")
