"""Issuing bodies and the document register: the letterhead a body prints, and the numbers it gives out, one
sequence per body and year (Nghị định 30/2020: numbered in the order issued within the year). A registered
document keeps the DOCX and XLSX issued under its number in DATA_DIR/documents, so a reprint is the document
as issued, not today's figures."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max

from quanlyhoi.core import audit
from quanlyhoi.core.dates import today
from quanlyhoi.core.errors import DomainError, Forbidden, NotFound
from quanlyhoi.core.roles import Action
from quanlyhoi.core.scoping import has_system_scope
from quanlyhoi.documents import defaults, docx, xlsx
from quanlyhoi.documents.content import Issuer, OfficialDocument
from quanlyhoi.documents.layout import reference
from quanlyhoi.documents.models import IssuingBody, RegisteredDocument, Style
from quanlyhoi.orgs.models import Overseer, Unit, valid_on_q

EDITABLE = ("style", "parent_name", "name", "abbreviation", "place", "signer_authority", "signer_title",
            "signer_name", "recipients")  # fmt: skip
FORMATS = {"docx": docx.render, "xlsx": xlsx.render}
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def overseer_on(day) -> Overseer:
    overseer = Overseer.objects.filter(valid_on_q(day)).first()
    if overseer is None:
        raise DomainError("no_overseer", f"Không có cơ quan theo dõi nào vào ngày {day:%d/%m/%Y}.", status=422)
    return overseer


def body_of(*, unit: Unit | None = None, overseer: Overseer | None = None) -> IssuingBody:
    """The body's saved letterhead, or the shipped default (unsaved until the body edits it or issues)."""
    owner = {"unit": unit} if unit is not None else {"overseer": overseer}
    found = IssuingBody.objects.filter(**owner).first()
    if found:
        return found
    return defaults.for_unit(unit) if unit is not None else defaults.for_overseer(overseer)


def issuer(body: IssuingBody) -> Issuer:
    return Issuer(
        style=body.style, parent_name=body.parent_name, name=body.name, abbreviation=body.abbreviation,
        place=body.place, signer_authority=body.signer_authority, signer_title=body.signer_title,
        signer_name=body.signer_name, recipients=[r for r in body.recipients.splitlines() if r.strip()],
    )  # fmt: skip


def may_issue(actor, body: IssuingBody) -> bool:
    """The overseer's register is kept by the overseer (and the system administrator); a unit's by those who
    may issue on the unit."""
    if body.unit_id is None:
        return has_system_scope(actor, Action.ISSUE_OVERSEER_DOCUMENTS)
    return Unit.objects.restrict(actor, Action.ISSUE_DOCUMENTS).filter(pk=body.unit_id).exists()


def _check(actor, body: IssuingBody) -> None:
    if not may_issue(actor, body):
        raise Forbidden("Bạn không có quyền ban hành văn bản hoặc sửa thông tin của cơ quan ban hành này.")


def _audit_scope(body: IssuingBody) -> dict:
    unit = body.unit
    return {"association_id": unit.association_id, "unit_path": unit.path} if unit else {}


def update_body(*, actor, body: IssuingBody, **fields) -> IssuingBody:
    """Change the letterhead (format, names, abbreviation, place, signer, recipients); audited."""
    _check(actor, body)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise DomainError("bad_field", f"Không sửa được trường: {', '.join(sorted(unknown))}.", status=422)
    values = {k: (v or "").strip() if isinstance(v, str) else v for k, v in fields.items()}
    if "style" in values and values["style"] not in Style.values:
        raise DomainError("bad_style", "Thể thức phải là 'state' (Nghị định 30/2020) hoặc 'party' (Hướng dẫn 36).",
                          status=422, field="style")  # fmt: skip
    for name, label in (("name", "Tên cơ quan ban hành"), ("abbreviation", "Chữ viết tắt"), ("place", "Địa danh")):
        if name in values and not values[name]:
            raise DomainError("required", f"{label} không được để trống.", status=422, field=name)
    if "abbreviation" in values and any(ch in values["abbreviation"] for ch in " /,"):
        raise DomainError("bad_abbreviation", "Chữ viết tắt không có dấu cách, dấu '/' hay dấu phẩy (ví dụ: TWH).",
                          status=422, field="abbreviation")  # fmt: skip
    before = audit.snapshot(body, EDITABLE) if body.pk else {}
    with transaction.atomic():
        for name, value in values.items():
            setattr(body, name, value)
        body.save()
        audit.record(actor=actor, action="document.body_change", obj=body,
                     changes=audit.diff(before, audit.snapshot(body, EDITABLE)), **_audit_scope(body))  # fmt: skip
    return body


def _folder(body: IssuingBody, year: int) -> Path:
    return Path(settings.DATA_DIR) / "documents" / str(body.pk) / str(year)


def issue(*, actor, body: IssuingBody, build: Callable[[int | None], OfficialDocument], subject: str):
    """Give the document the body's next number for the year of its date, render it with that number (DOCX
    and the tables as XLSX), keep both files and register it; audited. Returns (registered, {fmt: bytes})."""
    _check(actor, body)
    for _attempt in range(3):  # two people issuing at once on PostgreSQL: the unique number decides, retry
        try:
            with transaction.atomic():
                if body.pk is None:
                    body.save()
                year = today().year
                last = body.documents.filter(year=year).aggregate(n=Max("number"))["n"] or 0
                doc = build(last + 1)
                files = {fmt: render(doc) for fmt, render in FORMATS.items()}
                registered = RegisteredDocument.objects.create(
                    body=body, year=year, number=last + 1, doc_type=doc.doc_type,
                    reference=reference(body.style, last + 1, doc.doc_type, body.abbreviation),
                    summary=doc.summary[:300], subject=subject[:120], issued_on=doc.issued_on,
                    issued_by=actor if getattr(actor, "pk", None) else None, issued_by_name=str(actor),
                    file_name=f"{last + 1:02d}-{doc.doc_type}-{year}.docx",
                    sha256=hashlib.sha256(files["docx"]).hexdigest(),
                )  # fmt: skip
                folder = _folder(body, year)
                folder.mkdir(parents=True, exist_ok=True)
                for fmt, data in files.items():
                    (folder / Path(registered.file_name).with_suffix(f".{fmt}").name).write_bytes(data)
                changes = {"reference": registered.reference, "summary": registered.summary, "subject": subject,
                           "sha256": registered.sha256}  # fmt: skip
                audit.record(actor=actor, action="document.issue", obj=registered, changes=changes,
                             **_audit_scope(body))  # fmt: skip
                return registered, files
        except IntegrityError:
            continue
    raise DomainError("number_taken", "Số văn bản vừa được cấp cho văn bản khác; hãy thử lại.", status=409)


@dataclass
class Produced:
    file_name: str
    data: bytes
    content_type: str
    registered: RegisteredDocument | None = None


def check_format(fmt: str) -> str:
    fmt = (fmt or "docx").strip().lower()
    if fmt not in FORMATS:
        raise DomainError("bad_format", f"Định dạng '{fmt}' không hỗ trợ: dùng docx hoặc xlsx.", status=422,
                          field="format")  # fmt: skip
    return fmt


def produce(
    *, actor, body: IssuingBody, document: Callable[[Issuer, int | None], OfficialDocument], fmt: str,
    numbered: bool, stem: str, subject: str,
) -> Produced:  # fmt: skip
    """A document of `body` as a draft (the number left blank, nothing written) or, `numbered`, issued under the
    register's next number; `document(issuer, number)` lays out content already gathered. The file in `fmt`."""
    if numbered and not may_issue(actor, body):
        raise Forbidden("Bạn không có quyền cấp số văn bản của cơ quan ban hành này.")
    if not numbered:
        data = FORMATS[fmt](document(issuer(body), None))
        return Produced(f"{stem}-du-thao.{fmt}", data, CONTENT_TYPES[fmt])
    registered, files = issue(actor=actor, body=body, subject=subject,
                              build=lambda number: document(issuer(body), number))  # fmt: skip
    return Produced(f"{registered.number:02d}-{stem}.{fmt}", files[fmt], CONTENT_TYPES[fmt], registered)


def stored(registered: RegisteredDocument, fmt: str = "docx") -> bytes:
    """The file as issued; NotFound if it has gone from DATA_DIR (restored from an older backup, say)."""
    path = _folder(registered.body, registered.year) / Path(registered.file_name).with_suffix(f".{fmt}").name
    if fmt not in FORMATS or not path.exists():
        raise NotFound(f"Không còn tệp {fmt.upper()} của văn bản {registered.reference}.")
    return path.read_bytes()
