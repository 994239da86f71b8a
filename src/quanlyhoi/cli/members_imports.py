"""`quanlyhoi members import` and `quanlyhoi members template`: the member import from the command line.

The import runs here, in this process (no worker), through the same services as the web page and the API: the
file is stored, its header row and columns detected, then checked or imported in one pass with a progress bar
on stderr. Nothing is written while any row is invalid unless --skip-invalid; a run killed part way leaves
nothing and can simply be run again."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from quanlyhoi.cli.common import add_json, command, emit_json, get_unit, say, table, warn
from quanlyhoi.cli.parsing import positive_int
from quanlyhoi.core.errors import DomainError

EXIT_INVALID = 3  # some rows are invalid: nothing written (or, with --skip-invalid, only the valid rows)
EXIT_DUPLICATES = 4  # no invalid row, but possible duplicates were held back (see --accept-duplicates)
SHOWN_ERRORS = 20
COUNT_NAMES = (
    ("rows", "dòng đọc"),
    ("new", "thêm mới"),
    ("updated", "cập nhật"),
    ("unchanged", "không đổi"),
    ("invalid", "dòng lỗi"),
    ("duplicates", "có thể trùng"),
    ("held", "giữ lại (có thể trùng)"),
    ("written", "đã ghi"),
)
IMPORT_EPILOG = f"""mã thoát:
  0  mọi dòng của tệp đã được nhập (hoặc đã có, không đổi); với --dry-run: tệp nhập được trọn vẹn
  1  bị từ chối (đơn vị không có hoặc ngoài quyền, tệp không đọc được, không thấy dòng tiêu đề...)
  2  sai cú pháp lệnh
  {EXIT_INVALID}  có dòng lỗi: không ghi dòng nào (với --skip-invalid: đã ghi các dòng hợp lệ)
  {EXIT_DUPLICATES}  không có dòng lỗi nhưng có dòng có thể trùng bị giữ lại (nhập cả chúng: --accept-duplicates)

ví dụ:
  quanlyhoi members import hoi-vien.xlsx --unit NCT.01.00004 --dry-run --errors loi.xlsx
  quanlyhoi members import hoi-vien.xlsx --unit NCT.01.00004
  quanlyhoi members import hoi-vien.csv --unit NCT.01 --skip-invalid --errors loi.xlsx --only-invalid
  quanlyhoi members template -o mau-nhap-hoi-vien.xlsx"""


def register_into(actions, common) -> None:
    """Adds `import` and `template` to the `members` group."""
    p = command(
        actions,
        "import",
        import_file,
        help="nhập hội viên từ tệp Excel (.xlsx) hoặc CSV",
        description=(
            "Nhập hội viên từ tệp Excel (.xlsx) hoặc CSV vào một đơn vị. Cột được nhận theo tiêu đề tiếng Việt\n"
            "thường dùng (xem tệp mẫu: quanlyhoi members template). Hội viên đã có được nhận ra theo số CCCD, rồi\n"
            "số thẻ: nhập lại cùng tệp không tạo thêm gì. Mặc định còn một dòng lỗi thì không ghi dòng nào."
        ),
        epilog=IMPORT_EPILOG,
        parents=[common],
    )
    p.add_argument("file", metavar="FILE", help="tệp .xlsx hoặc .csv")
    p.add_argument("--unit", required=True, metavar="CODE", help="mã đơn vị nhận hội viên, ví dụ NCT.01.00004")
    p.add_argument("--dry-run", action="store_true", help="chạy thử: kiểm tra và báo lỗi, không ghi gì")
    p.add_argument("--skip-invalid", action="store_true", help="ghi các dòng hợp lệ, bỏ qua và báo các dòng lỗi")
    p.add_argument("--accept-duplicates", action="store_true", help="nhập cả các dòng có thể trùng")
    p.add_argument("--header-row", type=positive_int, metavar="N", help="dòng tiêu đề là dòng N (mặc định tự nhận)")
    p.add_argument(
        "--errors", metavar="OUT", help="ghi tệp lỗi: chính tệp đã nhập thêm cột Lỗi (.xlsx, hoặc .csv theo đuôi)"
    )
    p.add_argument("--only-invalid", action="store_true", help="tệp lỗi chỉ gồm các dòng có lỗi (mặc định mọi dòng)")
    p.add_argument("--progress", action="store_true", help="luôn in thanh tiến độ (mặc định: khi stderr là terminal)")
    add_json(p)

    p = command(
        actions,
        "template",
        template_file,
        help="ghi tệp mẫu nhập hội viên (.xlsx có trang hướng dẫn, hoặc .csv)",
        parents=[common],
        epilog="ví dụ:\n  quanlyhoi members template -o mau-nhap-hoi-vien.xlsx",
    )
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="tệp kết quả, đuôi .xlsx hoặc .csv")


class ProgressBar:
    """A one-line bar on stderr, redrawn at most a few times a second."""

    WIDTH = 30

    def __init__(self, label: str):
        self.label, self.last = label, 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < 0.2 and done < total:
            return
        self.last = now
        share = min(1.0, done / total) if total else 0.0
        filled = int(share * self.WIDTH)
        sys.stderr.write(
            f"\r{self.label}: [{'#' * filled}{'.' * (self.WIDTH - filled)}] {share:4.0%} {_n(done)}/{_n(total)} dòng"
        )
        sys.stderr.flush()

    def close(self) -> None:
        if self.last:
            sys.stderr.write("\n")


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _chunks(handle):
    while block := handle.read(1 << 20):
        yield block


def import_file(args) -> int:
    from quanlyhoi.members.services import imports

    actor = args.actor
    unit = get_unit(actor, args.unit)
    source = Path(args.file)
    errors_file = Path(args.errors) if args.errors else None
    if errors_file and not errors_file.resolve().parent.is_dir():  # say so before a long run, not after
        raise DomainError("bad_output", f"Không có thư mục {errors_file.resolve().parent} để ghi tệp lỗi.")
    try:
        handle = source.open("rb")
    except OSError as exc:
        raise DomainError("file_unreadable", f"Không mở được tệp {source}: {exc.strerror}.") from exc
    with handle:
        job = imports.import_upload(actor=actor, unit=unit, file_name=source.name, chunks=_chunks(handle))
    if args.header_row:
        imports.import_set_mapping(actor=actor, job=job, mapping=None, header_row=args.header_row)
    bar = None
    if args.progress or sys.stderr.isatty():
        bar = ProgressBar("Đang kiểm tra" if args.dry_run else "Đang nhập")
    try:
        counts = imports.import_run(
            actor=actor,
            job=job,
            dry_run=args.dry_run,
            skip_invalid=args.skip_invalid,
            accept_duplicates=args.accept_duplicates,
            progress=bar,
        )
    finally:
        if bar:
            bar.close()
    job.refresh_from_db()
    if errors_file:
        file_format = "csv" if errors_file.suffix.lower() == ".csv" else "xlsx"
        imports.import_errors_file(
            actor=actor, job=job, target=errors_file, only_invalid=args.only_invalid, file_format=file_format
        )
    code = EXIT_INVALID if counts["invalid"] else EXIT_DUPLICATES if counts["held"] else 0
    errors = imports.import_row_errors(actor=actor, job=job)
    if args.json:
        emit_json(
            {
                "job": job.pk,
                "unit": unit.code,
                "file": str(source),
                "checksum": job.checksum,
                "dry_run": args.dry_run,
                "state": job.state,
                "counts": dict(counts),
                "errors": [
                    {"row": e.row, "column": e.column, "message": e.message, "is_duplicate": e.is_duplicate}
                    for e in errors.iterator()
                ],
                "errors_file": str(errors_file) if errors_file else None,
                "exit_code": code,
            }
        )
        return code
    _report(job, counts, errors, args, errors_file)
    return code


def _report(job, counts, errors, args, errors_file: Path | None) -> None:
    say(f"Tệp {job.file_name} → {job.unit.code} (lần nhập số {job.pk}, dòng tiêu đề {job.header_row})")
    say(", ".join(f"{name}: {_n(counts[key])}" for key, name in COUNT_NAMES))
    if args.dry_run:
        say("Chạy thử: chưa ghi gì.")
    elif job.state == "refused":
        say("Không ghi dòng nào vì có dòng lỗi (sửa tệp rồi nhập lại, hoặc dùng --skip-invalid).")
    else:
        say(f"Đã ghi {_n(counts['written'])} hội viên.")
    if counts["held"]:
        say(f"{_n(counts['held'])} dòng có thể trùng bị giữ lại; nhập cả chúng bằng --accept-duplicates.")
    shown = list(errors[:SHOWN_ERRORS])
    if shown:
        say()
        rows = [[e.row, e.column, ("(có thể trùng) " if e.is_duplicate else "") + e.message] for e in shown]
        table(rows, ["Dòng", "Cột", "Lý do"])
        total = errors.count()
        if total > SHOWN_ERRORS:
            more = "xem đủ trong tệp lỗi" if errors_file else "ghi tệp lỗi bằng --errors OUT.xlsx"
            say(f"… và {_n(total - SHOWN_ERRORS)} lỗi nữa ({more}, hoặc dùng --json).")
    if errors_file:
        say(f"Tệp lỗi: {errors_file}")


def template_file(args) -> int:
    from quanlyhoi.members.imports import template

    target = Path(args.output)
    body = template.template_csv() if target.suffix.lower() == ".csv" else template.template_xlsx()
    try:
        target.write_bytes(body)
    except OSError as exc:
        warn(f"Lỗi: không ghi được {target}: {exc.strerror}.")
        return 1
    say(f"Đã ghi tệp mẫu {target}.")
    return 0
