"""Shipped defaults: the indicators and the semi-annual / annual report template of a mass association (the
topics of the January 2024 consolidated assessment, DOMAIN.md §1), its checks, and the default deadlines per
level (days after the cut-off of Nghị định 09/2019: lower levels first; the central office by the 25th of the
period's last month). All of it is data an administrator can change; a change to the template makes a new
version."""

from django.db import migrations

SEX = [{"code": "sex", "name": "Giới tính", "choices": [["M", "Nam"], ["F", "Nữ"]]}]
# code, name, unit of measure, kind, aggregation, registry source, breakdowns, group
INDICATORS = [
    ("HV_TONG", "Tổng số hội viên", "người", "integer", "sum", "members", [], "Hội viên và phát triển hội viên"),
    ("HV_MOI", "Hội viên mới kết nạp trong kỳ", "người", "integer", "sum", "joined", [], "Hội viên và phát triển hội viên"),
    ("HV_GIAM", "Hội viên ra khỏi hội, chuyển đi, từ trần trong kỳ", "người", "integer", "sum", "left", [],
     "Hội viên và phát triển hội viên"),
    ("HV_KHOKHAN", "Hội viên có hoàn cảnh khó khăn, cần trợ giúp", "người", "integer", "sum", "in_need", [],
     "Hội viên và phát triển hội viên"),
    ("HV_TYLE_THAMGIA", "Tỷ lệ hội viên tham gia sinh hoạt thường xuyên", "%", "percent", "average", "", [],
     "Hội viên và phát triển hội viên"),
    ("TC_DONVI", "Đơn vị trực thuộc", "đơn vị", "integer", "sum", "units", [], "Tổ chức và cán bộ"),
    ("TC_KIENTOAN", "Chi hội, tổ hội được củng cố, kiện toàn", "đơn vị", "integer", "sum", "", [], "Tổ chức và cán bộ"),
    ("CB_CHUCDANH", "Chức danh lãnh đạo chủ chốt được kiện toàn", "người", "integer", "sum", "", [], "Tổ chức và cán bộ"),
    ("DH_DAHOP", "Đại hội nhiệm kỳ đã tổ chức", "đại hội", "integer", "sum", "", [], "Tổ chức và cán bộ"),
    ("DH_CHUANBI", "Đại hội nhiệm kỳ đang chuẩn bị", "đại hội", "integer", "sum", "", [], "Tổ chức và cán bộ"),
    ("TT_BUOI", "Buổi tuyên truyền, phổ biến chủ trương, chính sách, pháp luật", "buổi", "integer", "sum", "", [],
     "Tuyên truyền, phổ biến"),
    ("TT_LUOT", "Lượt người tham dự tuyên truyền", "lượt người", "integer", "sum", "", SEX, "Tuyên truyền, phổ biến"),
    ("PT_SO", "Phong trào thi đua, cuộc vận động tham gia", "phong trào", "integer", "maximum", "", [],
     "Phong trào, chương trình, dự án"),
    ("CT_DUAN", "Chương trình mục tiêu quốc gia, dự án kinh tế - xã hội tham gia", "chương trình", "integer", "sum", "",
     [], "Phong trào, chương trình, dự án"),
    ("NL_TIEN", "Nguồn lực xã hội hoá vận động được", "đồng", "money", "sum", "", [], "Vận động nguồn lực, an sinh"),
    ("AS_TROGIUP", "Lượt hội viên khó khăn được hỗ trợ", "lượt người", "integer", "sum", "", [],
     "Vận động nguồn lực, an sinh"),
    ("MH_HAY", "Mô hình hay, cách làm hiệu quả", "mô hình", "integer", "sum", "", [], "Vận động nguồn lực, an sinh"),
    ("PH_QUYCHE", "Quy chế, chương trình phối hợp đã ký", "văn bản", "integer", "sum", "", [], "Phối hợp, hợp tác"),
    ("HT_QUOCTE", "Hoạt động hợp tác, đối ngoại nhân dân", "hoạt động", "integer", "sum", "", [], "Phối hợp, hợp tác"),
    ("VP_XULY", "Vụ việc vi phạm của cán bộ, hội viên đã xử lý", "vụ việc", "integer", "sum", "", [],
     "Kiểm tra, khiếu nại, tố cáo"),
    ("KNTC_NHAN", "Đơn khiếu nại, tố cáo, kiến nghị nhận được", "đơn", "integer", "sum", "", [],
     "Kiểm tra, khiếu nại, tố cáo"),
    ("KNTC_GIAIQUYET", "Đơn khiếu nại, tố cáo, kiến nghị đã giải quyết", "đơn", "integer", "sum", "", [],
     "Kiểm tra, khiếu nại, tố cáo"),
]
SECTIONS = [
    ("ket_qua", "Kết quả thực hiện nhiệm vụ", True),
    ("han_che", "Hạn chế, nguyên nhân", True),
    ("nhiem_vu", "Nhiệm vụ trọng tâm kỳ tới", True),
    ("kien_nghi", "Đề xuất, kiến nghị", False),
]
# code, kind, severity, indicator, other, minimum, maximum, message
RULES = [
    ("moi_le_tong", "at_most", "error", "HV_MOI", "HV_TONG", None, None,
     "Số hội viên mới kết nạp không thể nhiều hơn tổng số hội viên."),
    ("kntc_giai_quyet", "at_most", "error", "KNTC_GIAIQUYET", "KNTC_NHAN", None, None,
     "Số đơn đã giải quyết không thể nhiều hơn số đơn nhận được."),
    ("kien_toan_le_don_vi", "at_most", "warning", "TC_KIENTOAN", "TC_DONVI", None, None,
     "Số chi hội, tổ hội được kiện toàn nhiều hơn số đơn vị trực thuộc."),
    ("tong_bien_dong", "change", "warning", "HV_TONG", None, None, "0.2",
     "Tổng số hội viên thay đổi hơn 20% so với kỳ trước."),
    ("nguon_luc_bien_dong", "change", "warning", "NL_TIEN", None, None, "1",
     "Nguồn lực vận động được thay đổi hơn 100% so với kỳ trước."),
]
# Days after the cut-off (14/6 or 14/12): groups and branches first, the central office by the 25th.
DEADLINES = [("group", 2), ("branch", 3), ("commune", 5), ("province", 8), ("central", 11)]


def seed(apps, schema_editor):
    Indicator = apps.get_model("reporting", "Indicator")
    ReportTemplate = apps.get_model("reporting", "ReportTemplate")
    TemplateIndicator = apps.get_model("reporting", "TemplateIndicator")
    TemplateSection = apps.get_model("reporting", "TemplateSection")
    ValidationRule = apps.get_model("reporting", "ValidationRule")
    DeadlineRule = apps.get_model("reporting", "DeadlineRule")
    template = ReportTemplate.objects.create(
        code="BC-HQC", version=1, name="Báo cáo 6 tháng, năm của hội quần chúng", period_kinds=["half", "year"]
    )
    by_code = {}
    for position, (code, name, measure, kind, aggregation, source, breakdowns, group) in enumerate(INDICATORS):
        by_code[code] = Indicator.objects.create(
            code=code, name=name, unit_of_measure=measure, kind=kind, aggregation=aggregation, source=source,
            breakdowns=breakdowns,
        )
        TemplateIndicator.objects.create(template=template, indicator=by_code[code], position=position, group=group)
    for position, (code, title, required) in enumerate(SECTIONS):
        TemplateSection.objects.create(template=template, code=code, title=title, position=position, required=required)
    for code, kind, severity, indicator, other, minimum, maximum, message in RULES:
        ValidationRule.objects.create(
            template=template, code=code, kind=kind, severity=severity, indicator=by_code[indicator],
            other=by_code.get(other), minimum=minimum, maximum=maximum, message=message,
        )
    for kind in ("half", "year", "quarter", "month"):
        for level, days in DEADLINES:
            DeadlineRule.objects.create(period_kind=kind, level_code=level, days_after=days)


def unseed(apps, schema_editor):
    for model in ("ValidationRule", "TemplateSection", "TemplateIndicator", "ReportTemplate", "Indicator", "DeadlineRule"):
        apps.get_model("reporting", model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
