"""Benchmark: the app under gunicorn (4 workers) with 20 simulated users while a 5,000-row
list is imported; on SQLite, or on PostgreSQL under `scripts/with-postgres.sh`.

Run from the project's root (loopback only, bounded in time):
    .venv/bin/python bench/load_bench.py [--seconds 60]                     # SQLite
    scripts/with-postgres.sh .venv/bin/python bench/load_bench.py --postgres  # PostgreSQL
Each user signs in (password, then the TOTP code), then loops: search by name, open
persons, edit one (coordinators), download the joint list, reading each page for about
`--think` seconds (0 makes it a saturation test). Targets (issue 15): no 5xx,
page p95 < 1 s, export p95 < 5 s, the database's integrity check clean afterwards, and the
import all or nothing. CSRF protection stays on, as in production.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyotp

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "a long load-test password"
USERS, CODERS = 20, 8  # 8 coordinators edit; the others read
_TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
_VERSION = re.compile(r'name="version" type="hidden" value="(\d+)"')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _flask(env: dict, *args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flask", "--app", "exchange", *args],
                          env=env, cwd=ROOT, check=True, capture_output=True, text=True, **kw)


def _prepare(env: dict, folder: Path, secret: str) -> None:
    """Migrate, load 1,000 fictional persons, add the load-test accounts, write the big list."""
    _flask(env, "db", "upgrade")
    _flask(env, "demo-data", "--persons", "1000")
    _flask(env, "reconcile", "--month", "2025-02")
    script = f"""
from exchange import create_app
from exchange.audit import Actor, acting_as
from exchange.extensions import db
from exchange.models import Role, User
from exchange.passwords import hash_password
app = create_app()
hashed = hash_password({PASSWORD!r})
with app.app_context(), acting_as(db.session, Actor("bench")):
    for n in range({USERS}):
        coder = n < {CODERS}
        db.session.add(User(email=f"load{{n}}@example.org", password_hash=hashed,
                            role=Role.COORDINATOR if coder else Role.VIEWER,
                            totp_secret={secret!r} if coder else None))
    db.session.commit()
"""
    subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, check=True)
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Список")
    ws.append(["Код", "Прізвище", "Ім'я", "Дата народження", "Дата затримання", "Регіон"])
    rng = random.Random(15)
    for n in range(5000):
        ws.append([f"L-{n}", rng.choice(["Коваленко", "Шевчук", "Бондар", "Мельник"]) + str(n),
                   rng.choice(["Олег", "Ірина", "Тарас"]), f"{rng.randint(1940, 2004)}-05-0"
                   f"{rng.randint(1, 9)}", "2023-03-01", "Херсонська обл."])
    wb.save(folder / "big.xlsx")


class User(threading.Thread):
    """One simulated person at a browser: sign in, then loop until the time is up."""

    def __init__(self, base: str, n: int, secret: str, until: float, log: list,
                 think: float) -> None:
        super().__init__(daemon=True)
        self.base, self.n, self.secret, self.until, self.log = base, n, secret, until, log
        self.think = think
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.rng = random.Random(n)

    def call(self, kind: str, path: str, data: dict | None = None) -> str:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        started = time.perf_counter()
        try:
            with self.opener.open(self.base + path, data=body, timeout=60) as response:
                text = response.read().decode(errors="replace")
                status = response.status
        except urllib.error.HTTPError as exc:
            text, status = "", exc.code
        self.log.append((kind, status, time.perf_counter() - started))
        return text

    def token(self, page: str) -> str:
        found = _TOKEN.search(page)
        return found.group(1) if found else ""

    def run(self) -> None:
        time.sleep(self.rng.uniform(0, 10) if self.think else 0)  # people arrive over time
        page = self.call("sign_in", "/login")
        page = self.call("sign_in", "/login", {"csrf_token": self.token(page),
                                               "password": PASSWORD,
                                               "email": f"load{self.n}@example.org"})
        if self.n < CODERS:
            self.call("sign_in", "/login/code", {"csrf_token": self.token(page),
                                                 "code": pyotp.TOTP(self.secret).now()})
        while time.time() < self.until:
            self.step()
            time.sleep(self.rng.uniform(0.5, 1.5) * self.think)  # reading the page

    def step(self) -> None:
        choice = self.rng.random()
        person = self.rng.randint(1, 1000)
        if choice < 0.3:
            index = self.call("page", "/")
            self.call("search", "/", {"csrf_token": self.token(index),
                                      "q": self.rng.choice(["Коваленко", "Шевчук", "Бойко"])})
        elif choice < 0.7 or self.n >= CODERS and choice < 0.9:
            self.call("page", f"/persons/{person}")
        elif choice < 0.9:
            form = self.call("page", f"/persons/{person}/edit")
            version = _VERSION.search(form)
            if version:
                self.call("edit", f"/persons/{person}/edit", {
                    "csrf_token": self.token(form), "version": version.group(1),
                    "surname": "Навантаження", "given_name": f"Користувач {self.n}",
                    "reason": "load benchmark"})
        else:
            self.call("export", "/reports/joint-list.xlsx?month=2025-02")


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values, default=0)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean seconds a user reads a page before the next click (0: "
                             "a saturation test)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="load-bench-"))
    if args.postgres:
        url = os.environ.get("TEST_DATABASE_URL")
        if not url:
            sys.exit("--postgres runs under scripts/with-postgres.sh (TEST_DATABASE_URL)")
    else:
        url = f"sqlite:///{folder / 'registry.db'}"
    secret = pyotp.random_base32()
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "load-bench-secret-key-0123456789ab",
           "PYTHONPATH": str(ROOT)}
    _prepare(env, folder, secret)
    port = _free_port()
    server = subprocess.Popen([str(Path(sys.executable).with_name("gunicorn")), "-w", "4",
                               "-b", f"127.0.0.1:{port}", "--timeout", "120",
                               "exchange:create_app()"], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/login", timeout=2).close()
            break
        except OSError:
            time.sleep(0.2)
    log: list = []
    until = time.time() + args.seconds
    users = [User(base, n, secret, until, log, args.think) for n in range(USERS)]
    load = os.getloadavg()[0]
    started = time.time()
    for user in users:
        user.start()
    time.sleep(5)  # the first users are in; then the import starts
    import_started = time.time()
    imported = subprocess.run([sys.executable, "-m", "flask", "--app", "exchange", "import-list",
                               str(folder / "big.xlsx"), "--org", "CHRG", "--month", "2025-03"],
                              env=env, cwd=ROOT, capture_output=True, text=True)
    import_seconds = time.time() - import_started
    for user in users:
        user.join(timeout=args.seconds + 120)
    server.terminate()
    server.wait(timeout=30)
    errors = [line for line in server.stderr.read().splitlines() if "Traceback" in line]
    return _report(args, url, log, imported, import_seconds, time.time() - started, load, errors)


def _integrity(url: str) -> str:
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            return conn.execute("PRAGMA integrity_check").fetchone()[0]
    return "n/a (PostgreSQL: see the batch check)"


def _batch(url: str) -> tuple[int, int]:
    script = ("from exchange import create_app\nfrom exchange.extensions import db\n"
              "from sqlalchemy import text\napp = create_app()\nwith app.app_context():\n"
              "    b = db.session.execute(text(\"select count(*), coalesce(sum(row_count),0) from "
              "import_batch where list_month='2025-03'\")).one()\n"
              "    r = db.session.execute(text(\"select count(*) from source_record where "
              "list_month='2025-03'\")).scalar()\n    print(b[0], b[1], r)\n")
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT),
                              "SECRET_KEY": "load-bench-secret-key-0123456789ab"}, check=True)
    batches, rows, records = map(int, out.stdout.split())
    return batches, records if rows == records else -1


def _report(args, url, log, imported, import_seconds, wall, load, errors) -> int:
    pages = [s for k, st, s in log if k in ("page", "search", "edit")]
    exports = [s for k, st, s in log if k == "export"]
    server_errors = [(k, st) for k, st, _ in log if st >= 500]
    integrity, (batches, records) = _integrity(url), _batch(url)
    print(f"database: {'PostgreSQL' if args.postgres else 'SQLite'}; gunicorn 4 workers; "
          f"{USERS} users for {args.seconds} s, think time {args.think} s; load average at "
          f"start {load:.1f} ({os.cpu_count()} cores)")
    print(f"requests: {len(log)} ({len(log) / wall:.1f}/s); 5xx: {len(server_errors)}; "
          f"tracebacks in the server log: {len(errors)}")
    print(f"pages: {len(pages)}, p50 {statistics.median(pages):.3f} s, p95 {_p95(pages):.3f} s")
    for kind in ("sign_in", "page", "search", "edit"):
        times = [s for k, _, s in log if k == kind]
        if times:
            print(f"  {kind}: {len(times)}, p50 {statistics.median(times):.3f} s, "
                  f"p95 {_p95(times):.3f} s, max {max(times):.3f} s")
    if exports:
        print(f"exports: {len(exports)}, p50 {statistics.median(exports):.3f} s, "
              f"p95 {_p95(exports):.3f} s")
    print(f"import of 5,000 rows: exit {imported.returncode} in {import_seconds:.1f} s; "
          f"batches {batches}, records {records}; integrity: {integrity}")
    ok = (not server_errors and _p95(pages) < 1.0 and (not exports or _p95(exports) < 5.0)
          and imported.returncode == 0 and (batches, records) == (1, 5000)
          and integrity in ("ok", "n/a (PostgreSQL: see the batch check)"))
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
