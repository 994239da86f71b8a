"""Whole-database commands in a subprocess with their own QUANLYHOI_DATA_DIR: demo (and serve), migrate,
backup and restore, check. PostgreSQL backup/restore runs when QUANLYHOI_DATABASE_URL and pg_dump are there."""

import hashlib
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def qlh(data_dir: Path, *argv: str, database_url: str | None = None, timeout: int = 180):
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUANLYHOI_")}
    env.update(QUANLYHOI_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="quanlyhoi.settings")
    if database_url:
        env["QUANLYHOI_DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-m", "quanlyhoi.cli", *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def ok(result):
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def sqlite_tables(path: Path) -> dict[str, tuple[int, str]]:
    """{table: (row count, checksum of all rows)}."""
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        tables = conn.execute("SELECT name, sql FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
        out = {}
        for name, sql in tables.fetchall():
            if (sql or "").upper().startswith("CREATE VIRTUAL TABLE"):
                continue  # the search index and its vocabulary: views of the shadow tables compared below
            # The search index's shadow tables have no rowid.
            order = "1" if "WITHOUT ROWID" in (sql or "").upper() else "rowid"
            rows = conn.execute(f'SELECT * FROM "{name}" ORDER BY {order}').fetchall()  # noqa: S608
            out[name] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
        return out
    finally:
        conn.close()


def audit_rows(path: Path) -> list[tuple]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT id, action, source, actor_name FROM core_auditrecord ORDER BY id").fetchall()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def sqlite_dir(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("qlh-sqlite")
    ok(qlh(data_dir, "migrate", "--load-reference"))
    ok(qlh(data_dir, "units", "restructure", "create", "--association", "NCT", "--level", "central", "--name",
           "Trung ương Hội Người cao tuổi Việt Nam", "--date", "01/01/2020"))  # fmt: skip
    ok(qlh(data_dir, "units", "restructure", "create", "--parent", "NCT", "--level", "province", "--name",
           "Hội NCT thành phố Hà Nội", "--area", "01", "--date", "01/07/2025"))  # fmt: skip
    return data_dir


def test_check_on_a_fresh_installation(sqlite_dir):
    result = ok(qlh(sqlite_dir, "check", "--json"))
    data = json.loads(result.stdout)
    assert data["ok"] is True
    statuses = {c["name"]: c["status"] for c in data["checks"]}
    assert statuses["sqlite"] == statuses["migrations"] == statuses["reference"] == "ok"
    assert statuses["secret_key"] == "ok"


def test_check_and_backup_fail_on_an_empty_data_dir(tmp_path):
    result = qlh(tmp_path, "check")
    assert result.returncode == 1
    assert "chưa áp dụng" in result.stdout
    refused = qlh(tmp_path, "backup", str(tmp_path / "b.sqlite3"))
    assert refused.returncode == 1 and "chưa được khởi tạo" in refused.stderr
    assert not (tmp_path / "b.sqlite3").exists()


def test_backup_then_restore_gives_the_same_database(sqlite_dir, tmp_path):
    live = sqlite_dir / "quanlyhoi.sqlite3"
    backup = tmp_path / "backup.sqlite3"
    data = json.loads(ok(qlh(sqlite_dir, "backup", str(backup), "--json")).stdout)
    assert data["sha256"] == hashlib.sha256(backup.read_bytes()).hexdigest()
    assert not Path(f"{backup}-wal").exists()
    assert audit_rows(live)[-1][1:] == ("backup", "cli", audit_rows(live)[-1][3])
    saved = sqlite_tables(backup)
    saved_audit = audit_rows(backup)

    refused = qlh(sqlite_dir, "backup", str(backup))
    assert refused.returncode == 1 and "dùng --force" in refused.stderr

    # Change the live database, then restore.
    ok(qlh(sqlite_dir, "units", "restructure", "rename", "NCT.01", "--name", "Tên khác", "--date", "01/09/2025"))
    assert sqlite_tables(live)["orgs_unit"] != saved["orgs_unit"]

    unconfirmed = qlh(sqlite_dir, "restore", str(backup))
    assert unconfirmed.returncode == 1 and "--yes" in unconfirmed.stderr
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"not a database" * 100)
    bad = qlh(sqlite_dir, "restore", str(garbage), "--yes")
    assert bad.returncode == 1 and "không phải tệp SQLite" in bad.stderr
    assert sqlite_tables(live)["orgs_unit"] != saved["orgs_unit"]

    ok(qlh(sqlite_dir, "restore", str(backup), "--yes"))
    restored = sqlite_tables(live)
    audit = audit_rows(live)
    assert {k: v for k, v in restored.items() if k != "core_auditrecord"} == {
        k: v for k, v in saved.items() if k != "core_auditrecord"
    }
    # The audit trail is the backup's, plus the record of the restore itself.
    assert audit[:-1] == saved_audit
    assert audit[-1][1:3] == ("restore", "cli")
    ok(qlh(sqlite_dir, "check"))
    ok(qlh(sqlite_dir, "backup", str(backup), "--force"))


def test_restore_refuses_a_database_of_another_application(sqlite_dir, tmp_path):
    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE django_migrations (id integer primary key, app text, name text, applied text)")
    conn.commit()
    conn.close()
    result = qlh(sqlite_dir, "restore", str(other), "--yes")
    assert result.returncode == 1 and "thiếu bảng core_auditrecord" in result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_demo_is_idempotent_and_serves(tmp_path):
    first = ok(qlh(tmp_path, "demo", "--no-serve"))
    assert "Mật khẩu của mọi tài khoản mẫu: demo-quanlyhoi-2026" in first.stdout
    assert "xa_nct_badinh" in first.stdout and "NCT.01.00004" in first.stdout
    db = tmp_path / "quanlyhoi.sqlite3"
    counts = {k: v[0] for k, v in sqlite_tables(db).items()}
    assert counts["orgs_unit"] > 29 * 35 and counts["auth_user"] == 7

    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUANLYHOI_")}
    env.update(QUANLYHOI_DATA_DIR=str(tmp_path))
    started = time.monotonic()
    server = subprocess.Popen(
        [sys.executable, "-m", "quanlyhoi.cli", "demo", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        status = None
        while time.monotonic() - started < 45 and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2) as response:  # noqa: S310
                    status = response.status
                    break
            except OSError:
                time.sleep(0.3)
        assert status == 200, "the second demo run did not serve within 45 s"
        assert time.monotonic() - started < 30  # typically 2-3 s; generous for loaded CI machines
        assert {k: v[0] for k, v in sqlite_tables(db).items()} == counts
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=10)
    assert f"Địa chỉ: http://127.0.0.1:{port}/" in out


def test_console_script():
    script = Path(sys.executable).parent / "quanlyhoi"
    if not script.exists():
        pytest.skip("console script not installed")
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("quanlyhoi ")


# ---------------------------------------------------------------------------------------------------------
# PostgreSQL

PG_URL = os.environ.get("QUANLYHOI_DATABASE_URL", "")


def _pg_checksums(conn) -> dict[str, tuple[int, str]]:
    tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
    out = {}
    for name in tables:
        row = conn.execute(
            f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"{name}\" t"  # noqa: S608
        ).fetchone()
        out[name] = (row[0], row[1])
    return out


@pytest.mark.skipif(not PG_URL.startswith("postgres"), reason="needs QUANLYHOI_DATABASE_URL (PostgreSQL)")
@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="needs pg_dump")
def test_postgresql_backup_then_restore(tmp_path):
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(PG_URL)
    name = f"qlh_cli_{uuid.uuid4().hex[:10]}"
    admin = dict(host=cfg["HOST"] or None, port=cfg["PORT"] or None, user=cfg["USER"] or None,
                 password=cfg["PASSWORD"] or None, dbname=cfg["NAME"], autocommit=True)  # fmt: skip
    with psycopg.connect(**admin) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = PG_URL.rsplit("/", 1)[0] + "/" + name
    try:
        ok(qlh(tmp_path, "migrate", "--load-reference", database_url=url))
        ok(qlh(tmp_path, "units", "restructure", "create", "--association", "NCT", "--level", "central", "--name",
               "Trung ương Hội NCT", "--date", "01/01/2020", database_url=url))  # fmt: skip
        dump = tmp_path / "backup.dump"
        ok(qlh(tmp_path, "backup", str(dump), database_url=url))
        with psycopg.connect(**{**admin, "dbname": name}) as conn:
            # The backup record is written after the dump, so it is not in it.
            saved = _pg_checksums(conn)
            saved["core_auditrecord"] = (saved["core_auditrecord"][0] - 1, None)
        ok(qlh(tmp_path, "units", "restructure", "rename", "NCT", "--name", "Tên khác", "--date", "01/09/2025",
               database_url=url))  # fmt: skip
        garbage = tmp_path / "garbage.dump"
        garbage.write_text("nope")
        bad = qlh(tmp_path, "restore", str(garbage), "--yes", database_url=url)
        assert bad.returncode == 1 and "không phải bản sao lưu PostgreSQL" in bad.stderr
        ok(qlh(tmp_path, "restore", str(dump), "--yes", database_url=url))
        with psycopg.connect(**{**admin, "dbname": name}) as conn:
            restored = _pg_checksums(conn)
            last = conn.execute("SELECT action, source FROM core_auditrecord ORDER BY id DESC LIMIT 1").fetchone()
        assert last == ("restore", "cli")
        assert restored["core_auditrecord"][0] == saved["core_auditrecord"][0] + 1
        assert {k: v for k, v in restored.items() if k != "core_auditrecord"} == {
            k: v for k, v in saved.items() if k != "core_auditrecord"
        }
        ok(qlh(tmp_path, "check", database_url=url))
    finally:
        with psycopg.connect(**admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
