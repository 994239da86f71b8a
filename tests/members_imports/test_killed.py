"""A command-line import killed part way (SIGKILL, as a power cut would) leaves no row behind, and running it
again imports the whole file; `quanlyhoi worker` runs queued imports and marks killed ones. Runs `quanlyhoi` in
subprocesses with their own QUANLYHOI_DATA_DIR."""

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.cli.test_system import ok, qlh

pytestmark = pytest.mark.slow

ROWS = 60_000
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLE = {"M": ["Văn", "Đức", "Quang", "Minh"], "F": ["Thị", "Ngọc", "Thu", "Thanh"]}
GIVEN = {"M": ["An", "Bình", "Cường", "Dũng", "Hùng", "Long"], "F": ["Anh", "Bích", "Cúc", "Dung", "Hoa", "Lan"]}


def write_members(path, count: int) -> None:
    """Valid, distinct members: CCCD consistent with sex and birth year, mobile numbers."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["STT", "Họ và tên", "Năm sinh", "Giới tính", "Số CCCD", "Số điện thoại"])
        for i in range(count):
            sex = "M" if i % 2 else "F"
            year = 1930 + i % 36
            name = f"{FAMILY[i % 10]} {MIDDLE[sex][i % 4]} {GIVEN[sex][i % 6]}"
            cccd = f"001{0 if sex == 'M' else 1}{year % 100:02d}{i:06d}"
            out.writerow([i + 1, name, year, "Nam" if sex == "M" else "Nữ", cccd, f"09{i:08d}"])


def count_people(data_dir) -> int:
    conn = sqlite3.connect(data_dir / "quanlyhoi.sqlite3")  # read-write: lets SQLite recover the killed WAL
    try:
        return conn.execute("SELECT COUNT(*) FROM members_person").fetchone()[0]
    finally:
        conn.close()


def progress_done(data_dir) -> int:
    done = 0
    for path in (data_dir / "imports").glob("*.progress.json"):
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        if data.get("phase") == "import":
            done = max(done, data.get("done", 0))
    return done


@pytest.fixture
def data_dir(tmp_path):
    """A fresh installation with NCT and its Hà Nội chapter (NCT.01)."""
    data_dir = tmp_path / "data"
    ok(qlh(data_dir, "migrate", "--load-reference"))
    ok(qlh(data_dir, "units", "restructure", "create", "--association", "NCT", "--level", "central", "--name",
           "Trung ương Hội Người cao tuổi Việt Nam", "--date", "01/01/2020"))  # fmt: skip
    ok(qlh(data_dir, "units", "restructure", "create", "--parent", "NCT", "--level", "province", "--name",
           "Hội NCT thành phố Hà Nội", "--area", "01", "--date", "01/07/2025"))  # fmt: skip
    return data_dir


def environment(data_dir) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUANLYHOI_")}
    env.update(QUANLYHOI_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="quanlyhoi.settings")
    return env


def test_a_killed_import_leaves_nothing_and_runs_again(data_dir, tmp_path):
    sheet = tmp_path / "hoi_vien.csv"
    write_members(sheet, ROWS)

    command = [sys.executable, "-m", "quanlyhoi.cli", "members", "import", str(sheet), "--unit", "NCT.01"]
    process = subprocess.Popen(command, env=environment(data_dir), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while progress_done(data_dir) == 0 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert process.poll() is None, "the import ended before it could be killed"
        assert 0 < progress_done(data_dir) < ROWS
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.kill()
        process.wait()

    assert count_people(data_dir) == 0
    again = ok(qlh(data_dir, "members", "import", str(sheet), "--unit", "NCT.01", "--json", timeout=300))
    assert json.loads(again.stdout)["counts"]["written"] == ROWS
    assert count_people(data_dir) == ROWS


QUEUE = """
import json, sys, time
import django
django.setup()
from quanlyhoi.core.scoping import SystemOperator
from quanlyhoi.members.imports import files
from quanlyhoi.members.models import ImportJob
from quanlyhoi.members.services import imports
from quanlyhoi.orgs.models import Unit

actor, unit = SystemOperator("test"), Unit.objects.get(code="NCT.01")
content = open(sys.argv[1], "rb").read()
queued = imports.import_start(actor=actor, job=imports.import_upload(actor=actor, unit=unit, file_name="a.csv",
                              chunks=[content]), dry_run=False)
killed = imports.import_upload(actor=actor, unit=unit, file_name="b.csv", chunks=[content])
ImportJob.objects.filter(pk=killed.pk).update(state="running")
silent = {"done": 5000, "total": 9, "phase": "import", "at": time.time() - 600}  # no progress for ten minutes
files.progress_path(killed).write_text(json.dumps(silent))
print(json.dumps([queued.pk, queued.state, killed.pk]))
"""


def test_the_worker_runs_queued_imports_and_marks_killed_ones(data_dir, tmp_path):
    sheet = tmp_path / "hoi_vien.csv"
    write_members(sheet, 20)
    env = environment(data_dir)
    queued = subprocess.run([sys.executable, "-c", QUEUE, str(sheet)], env=env, capture_output=True, text=True,
                            timeout=120)  # fmt: skip
    assert queued.returncode == 0, queued.stderr
    queued_id, state, killed_id = json.loads(queued.stdout)
    assert state == "queued"
    worker = ok(qlh(data_dir, "worker", "--batch"))
    assert "1 lần nhập bị dừng giữa chừng" in worker.stdout
    conn = sqlite3.connect(data_dir / "quanlyhoi.sqlite3")
    try:
        states = dict(conn.execute("SELECT id, state FROM members_importjob").fetchall())
    finally:
        conn.close()
    assert states == {queued_id: "done", killed_id: "failed"}
    assert count_people(data_dir) == 20
