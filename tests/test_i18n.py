"""The Vietnamese catalogue: complete, consistent with the code, compiled, and used by the pages.

The interface is Vietnamese first (LANGUAGE_CODE "vi") with English msgids; English stays available through
the language switch (a browser's Accept-Language does not switch it)."""

import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

import quanlyhoi

SOURCE = Path(quanlyhoi.__file__).resolve().parent
PO_FILE = SOURCE / "locale" / "vi" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")
# %(name)s / %(name)d, bare %s / %d, and {name} (str.format) placeholders.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


def catalogue() -> polib.POFile:
    return polib.pofile(str(PO_FILE))


def entries(po: polib.POFile) -> list[polib.POEntry]:
    return [e for e in po if not e.obsolete]


def translations(entry: polib.POEntry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def key(entry: polib.POEntry) -> tuple[str, str, str]:
    return entry.msgctxt or "", entry.msgid, entry.msgid_plural or ""


def test_catalogue_header_is_vietnamese_with_one_plural_form():
    po = catalogue()
    assert po.metadata["Language"] == "vi"
    assert "charset=UTF-8" in po.metadata["Content-Type"]
    assert po.metadata["Plural-Forms"].replace(" ", "") == "nplurals=1;plural=0;"
    assert not po.metadata_is_fuzzy


def test_every_entry_is_translated_and_none_is_fuzzy():
    po = catalogue()
    assert len(entries(po)) > 300  # the whole interface, not a sample
    untranslated = [e.msgid for e in entries(po) if not all(s.strip() for s in translations(e))]
    fuzzy = [e.msgid for e in entries(po) if "fuzzy" in e.flags]
    one_form = [e.msgid for e in entries(po) if e.msgid_plural and sorted(e.msgstr_plural) != [0]]
    assert not untranslated, untranslated
    assert not fuzzy, fuzzy
    assert not one_form, f"Vietnamese has exactly one plural form: {one_form}"


def test_placeholders_are_kept():
    for entry in entries(catalogue()):
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        if entry.msgid_plural:
            # the singular may leave the number out ("one row"); the one Vietnamese form follows the plural
            expected = sorted(PLACEHOLDER.findall(entry.msgid_plural))
        for text in translations(entry):
            assert sorted(PLACEHOLDER.findall(text)) == expected, (entry.msgid, text)


def test_compiled_catalogue_matches_the_po_file():
    """The .mo file is committed (so that `make demo` needs no gettext): it must be rebuilt with the .po."""
    assert MO_FILE.exists(), f"compile it: msgfmt --check-format -o {MO_FILE} {PO_FILE}"
    compiled = {key(e): translations(e) for e in polib.mofile(str(MO_FILE)) if e.msgid}
    source = {key(e): translations(e) for e in entries(catalogue())}
    assert compiled == source, "django.mo is stale: run `make messages` (or msgfmt) after editing django.po"


@pytest.mark.skipif(
    not (shutil.which("xgettext") and shutil.which("msguniq")), reason="GNU gettext (xgettext) is not installed"
)
def test_catalogue_has_every_string_of_the_code(tmp_path, monkeypatch):
    """makemessages over a copy of the sources (templates and Python) finds no msgid the catalogue lacks."""
    tree = tmp_path / "quanlyhoi"
    shutil.copytree(SOURCE, tree, ignore=shutil.ignore_patterns("static", "locale", "__pycache__", "migrations"))
    monkeypatch.chdir(tree)
    with override_settings(LOCALE_PATHS=[str(tree / "locale")]):
        call_command("makemessages", locale=["vi"], verbosity=0)
    extracted = {key(e) for e in entries(polib.pofile(str(tree / "locale" / "vi" / "LC_MESSAGES" / "django.po")))}
    present = {key(e) for e in entries(catalogue())}
    missing = sorted(extracted - present)
    assert not missing, (
        "strings in the code but not in the vi catalogue; from src/quanlyhoi run "
        f"`django-admin makemessages -l vi --ignore='static/vendor/*'` and translate: {missing}"
    )
    assert ("", "Effective date", "") in extracted  # `_l(...)` (gettext_lazy) strings are extracted too


@pytest.mark.django_db
def test_pages_are_vietnamese_by_default_and_english_on_request(login_client, personas):
    vi = login_client("assoc_admin")
    page = vi.get(reverse("core:home")).content.decode()
    assert '<html lang="vi">' in page
    assert "Tổng quan" in page and "Cây tổ chức" in page and "Nhật ký hệ thống" in page
    assert "Dashboard" not in page and "Chapter tree" not in page
    # each language is offered under its own name
    assert ">Tiếng Việt</option>" in page and ">English</option>" in page

    # A browser set to English still gets Vietnamese: only the user's own choice (the switch's cookie) counts.
    browser_en = Client(headers={"accept-language": "en-US,en;q=0.9"})
    browser_en.force_login(personas["assoc_admin"])
    assert '<html lang="vi">' in browser_en.get(reverse("core:home")).content.decode()

    en = Client()
    en.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    en.force_login(personas["assoc_admin"])
    page = en.get(reverse("core:home")).content.decode()
    assert '<html lang="en">' in page
    assert "Dashboard" in page and "Chapter tree" in page and "Tổng quan" not in page


@pytest.mark.django_db
def test_model_choices_and_form_labels_are_translated(login_client):
    client = login_client("assoc_admin")
    events = client.get(reverse("orgs:event_list")).content.decode()
    assert "Thành lập" in events and "Chia tách" in events and "Giải thể" in events  # event kinds
    rename = client.get(reverse("orgs:unit_rename", args=["NCT.01.00004"])).content.decode()
    assert "Ngày hiệu lực" in rename and "Số quyết định" in rename and "Tên mới" in rename  # lazy form labels
    users = login_client("sysadmin").get(reverse("accounts:user_list")).content.decode()
    assert "Quản trị hội" in users and "Cán bộ đơn vị" in users  # Role choices


@pytest.mark.django_db
def test_language_switch_keeps_english(login_client):
    client = login_client("assoc_admin")
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("orgs:unit_tree")})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get(reverse("orgs:unit_tree")).content.decode()
    assert "Chapter tree" in page and "Cây tổ chức" not in page
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert "Cây tổ chức" in client.get(reverse("orgs:unit_tree")).content.decode()


def test_anonymous_login_page_is_vietnamese():
    page = Client().get(reverse("accounts:login")).content.decode()
    assert "Đăng nhập" in page and "Tên đăng nhập" in page and "Mật khẩu" in page
