"""check (in-process against the test database; the subprocess tests check a real data directory)."""

from quanlyhoi.cli.check import EXPECTED_AREAS


def test_check_json(cli):
    result = cli("check", "--json")
    data = result.json()
    by_name = {c["name"]: c for c in data["checks"]}
    assert by_name["database"]["status"] == "ok"
    assert by_name["migrations"]["status"] == "ok"
    assert by_name["reference"]["status"] == "ok"
    assert by_name["data_dir"]["status"] == "ok"
    assert data["errors"] == sum(c["status"] == "error" for c in data["checks"])
    assert result.code == (1 if data["errors"] else 0)
    assert {"2025", "legacy"} == {g for g, _level in EXPECTED_AREAS}


def test_check_text(cli):
    result = cli("check")
    assert "[ OK ]     Đã áp dụng đủ migration." in result.out
    assert result.out.splitlines()[-1].startswith("Kết quả: ")


def test_check_reports_missing_reference_data(cli, monkeypatch):
    monkeypatch.setitem(EXPECTED_AREAS, ("2025", "province"), (35, "tỉnh"))
    result = cli("check", "--json")
    assert result.code == 1
    reference = next(c for c in result.json()["checks"] if c["name"] == "reference")
    assert reference["status"] == "error" and "34/35 tỉnh" in reference["message"]


def test_check_weak_secret_key(cli, settings):
    settings.DEBUG = False
    settings.SECRET_KEY = "django-insecure-abc"
    result = cli("check", "--json")
    assert result.code == 1
    secret = next(c for c in result.json()["checks"] if c["name"] == "secret_key")
    assert secret["status"] == "error"
