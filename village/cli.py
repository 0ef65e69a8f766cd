"""The `village` command: run everything on one machine, the worker, migrations, the demo seed,
platform admins, the schema export and the test suite.

With no DATABASE_URL / REDIS_URL in the environment, commands that need them start the embedded
PostgreSQL and Redis (village.embedded) under the data folder, and stop them when they finish.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from api.config import ROOT, settings_from_env, to_asyncpg_url

PWA = ROOT / "pwa"
ALEMBIC_INI = ROOT / "migrations" / "alembic.ini"


def say(message: str) -> None:
    print(f"village: {message}", flush=True)


class Fail(Exception):
    """A problem the person running the command can fix; printed without a traceback."""


# --- database and redis -------------------------------------------------------------------------


@contextmanager
def services_env() -> Iterator[dict[str, str]]:
    """Make sure DATABASE_URL and REDIS_URL are set in os.environ, starting embedded servers for
    whichever is missing; the database itself is created when it does not exist yet."""
    from village import embedded

    settings = settings_from_env()
    need_pg, need_redis = not settings.database_url, not settings.redis_url
    servers = None
    saved = {k: os.environ.get(k) for k in ("DATABASE_URL", "REDIS_URL")}
    if need_pg or need_redis:
        what = " and ".join(n for n, needed in (("PostgreSQL", need_pg), ("Redis", need_redis)) if needed)
        say(f"starting embedded {what} in {settings.data_dir}")
        servers = embedded.start(settings.data_dir, postgres=need_pg, redis=need_redis)
    try:
        if servers is not None and need_pg:
            os.environ["DATABASE_URL"] = servers.database_url("village")
        if servers is not None and need_redis:
            os.environ["REDIS_URL"] = servers.redis_url
        asyncio.run(ensure_database(os.environ["DATABASE_URL"]))
        yield {"DATABASE_URL": os.environ["DATABASE_URL"], "REDIS_URL": os.environ["REDIS_URL"]}
    finally:
        if servers is not None:
            _report_stop(servers.stop())
            for key, value in saved.items():  # the embedded URLs are no use once the servers stop
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def _report_stop(stopped: list[str]) -> None:
    if stopped:
        say(f"stopped embedded {' and '.join(stopped)}")
    else:
        say("embedded servers left running for the other village process using them")


def _plain_url(url: str, database: str | None = None) -> str:
    """The libpq form asyncpg takes (postgresql://), optionally pointing at another database."""
    from sqlalchemy.engine import make_url

    u = make_url(to_asyncpg_url(url)).set(drivername="postgresql")
    if database is not None:
        u = u.set(database=database)
    return u.render_as_string(hide_password=False)


async def ensure_database(url: str) -> None:
    import asyncpg
    from sqlalchemy.engine import make_url

    name = make_url(to_asyncpg_url(url)).database
    try:
        conn = await asyncpg.connect(_plain_url(url), timeout=15)
    except asyncpg.InvalidCatalogNameError:
        pass
    except (OSError, asyncpg.PostgresError) as e:
        raise Fail(f"cannot reach PostgreSQL at DATABASE_URL: {e}") from e
    else:
        await conn.close()
        return
    conn = await asyncpg.connect(_plain_url(url, "postgres"), timeout=15)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
        say(f"created database {name}")
    except asyncpg.DuplicateDatabaseError:
        pass
    finally:
        await conn.close()


def migrate(url: str) -> None:
    say("applying migrations")
    done = subprocess.run(
        [sys.executable, "-m", "alembic", "-c", str(ALEMBIC_INI), "-x", f"url={url}", "upgrade", "head"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
    )
    if done.returncode != 0:
        raise Fail("migrations failed (see above)")


# --- the PWA ----------------------------------------------------------------------------------


def newest_mtime(folder: Path) -> float:
    newest = 0.0
    for path, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d not in ("node_modules", "dist") and not d.startswith(".")]
        for f in files:
            newest = max(newest, os.stat(os.path.join(path, f)).st_mtime)
    return newest


def pwa_stale(dist: Path = PWA / "dist") -> bool:
    """The build in `dist` is missing or older than a PWA source or the schema its operations are typed by."""
    index = dist / "index.html"
    schema = ROOT / "schema" / "schema.graphql"
    return not index.exists() or index.stat().st_mtime < max(newest_mtime(PWA), schema.stat().st_mtime)


def npm_install(folder: Path) -> bool:
    """`npm ci` when node_modules is missing or older than the lock file. False when npm failed."""
    npm = shutil.which("npm")
    if npm is None:
        say(f"npm is not installed: skipping {folder.name}/ (install Node.js 20+ to build it)")
        return False
    lock, marker = folder / "package-lock.json", folder / "node_modules" / ".package-lock.json"
    if marker.exists() and (not lock.exists() or marker.stat().st_mtime >= lock.stat().st_mtime):
        return True
    say(f"installing {folder.name}/ dependencies")
    cmd = [npm, "ci"] if lock.exists() else [npm, "install"]
    return subprocess.run([*cmd, "--no-audit", "--no-fund"], cwd=folder).returncode == 0


def build_pwa() -> None:
    """Build pwa/dist when it is missing or older than the sources. A failed build is reported and
    the API runs anyway, serving the previous build (or a placeholder page)."""
    if not (PWA / "package.json").exists():
        return
    if settings_from_env().pwa_dist.resolve() != (PWA / "dist").resolve():
        return  # VILLAGE_PWA_DIST points at a build made elsewhere
    if not pwa_stale():
        return
    if not npm_install(PWA):
        say("could not install the PWA's dependencies; serving without a fresh build")
        return
    say("building the PWA")
    if subprocess.run([shutil.which("npm") or "npm", "run", "build"], cwd=PWA).returncode != 0:
        say("the PWA build failed (see above); serving the previous build or a placeholder")


# --- village run ------------------------------------------------------------------------------


def _die_with_parent() -> None:
    """In a child: get SIGTERM if `village run` dies without cleaning up (Linux only)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _spawn(cmd: list[str], env: dict[str, str]) -> subprocess.Popen:
    # Own session: a Ctrl-C in the terminal reaches `village run` only, which stops the API and the
    # worker first and the servers they use after them.
    preexec = _die_with_parent if sys.platform == "linux" else None
    return subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True, preexec_fn=preexec)


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def _wait_healthy(url: str, api: subprocess.Popen, timeout: float = 90) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if api.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return True
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    return False


def _stop_children(children: dict[str, subprocess.Popen], timeout: float = 25) -> None:
    for proc in children.values():
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for name, proc in children.items():
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            say(f"{name} did not stop in time; killing it")
            proc.kill()
            proc.wait()


def _raise_interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def proxy_flags(trusted_proxies: str) -> list[str]:
    """uvicorn's flags for VILLAGE_TRUSTED_PROXIES. Left alone, uvicorn believes X-Forwarded-For from
    127.0.0.1 (or $FORWARDED_ALLOW_IPS), so anyone on the same host could choose the IP address its
    rate limits are counted under; empty means no forwarding headers are read at all."""
    if not trusted_proxies:
        return ["--no-proxy-headers"]
    return ["--proxy-headers", "--forwarded-allow-ips", trusted_proxies]


def api_command(host: str, port: int, trusted_proxies: str) -> list[str]:
    """The API process `village run` starts."""
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "village.app:create_app",
        "--factory",
        "--host",
        host,
        "--port",
        str(port),
        "--timeout-graceful-shutdown",
        "10",
        *proxy_flags(trusted_proxies),
    ]


def cmd_run(args: argparse.Namespace) -> int:
    if not _port_free(args.host, args.port):
        raise Fail(f"port {args.port} on {args.host} is in use; stop what uses it or pass --port")
    os.environ.setdefault("VILLAGE_ENV", "development")
    # Ctrl-C and SIGTERM stop everything gracefully. Set both explicitly: a process started in the
    # background by a non-interactive shell inherits SIGINT ignored.
    signal.signal(signal.SIGINT, _raise_interrupt)
    signal.signal(signal.SIGTERM, _raise_interrupt)
    children: dict[str, subprocess.Popen] = {}
    try:
        with services_env():
            try:
                migrate(os.environ["DATABASE_URL"])
                if not args.skip_pwa_build:
                    build_pwa()
                env = dict(os.environ)
                children["api"] = _spawn(
                    api_command(args.host, args.port, settings_from_env().trusted_proxies),
                    env,
                )
                children["worker"] = _spawn([sys.executable, "-m", "village.cli", "worker"], env)
                shown = "127.0.0.1" if args.host in ("0.0.0.0", "::", "") else args.host
                base = f"http://{shown}:{args.port}"
                if not _wait_healthy(f"{base}/healthz", children["api"]):
                    raise Fail("the API did not become healthy (see its output above)")
                print(
                    f"\n  Village is running at {base}/\n"
                    f"  GraphQL endpoint:     {base}/graphql\n"
                    f"  Environment:          {os.environ['VILLAGE_ENV']}\n"
                    "  Press Ctrl-C to stop.\n",
                    flush=True,
                )
                while True:
                    for name, proc in children.items():
                        if proc.poll() is not None:
                            raise Fail(f"the {name} process exited unexpectedly (code {proc.returncode})")
                    time.sleep(0.5)
            except KeyboardInterrupt:
                say("stopping")
            finally:
                # Finish the clean-up even if another Ctrl-C or SIGTERM arrives.
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
                _stop_children(children)
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    return 0


# --- the other commands -------------------------------------------------------------------------


def cmd_worker(args: argparse.Namespace) -> int:
    from workers.logs import configure_logging
    from workers.settings import run_worker

    configure_logging()
    # On the embedded servers nobody else migrates (in production a one-shot `village migrate` does,
    # and `village run` migrates before it starts this worker with DATABASE_URL set).
    embedded_db = not settings_from_env().database_url
    with services_env():
        if embedded_db:
            migrate(os.environ["DATABASE_URL"])
        asyncio.run(run_worker(settings_from_env()))
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    with services_env() as env:
        migrate(env["DATABASE_URL"])
    return 0


def cmd_seed(args: argparse.Namespace) -> int:
    from village import seed

    with services_env() as env:
        migrate(env["DATABASE_URL"])
        asyncio.run(seed.run(settings_from_env(), reset=args.reset))
    return 0


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise Fail("no terminal to ask for a password on; pipe it in with --password-stdin")
    first = getpass.getpass("Password for the new admin (10+ characters): ")
    if getpass.getpass("Repeat it: ") != first:
        raise Fail("the passwords do not match")
    return first


async def create_admin(email: str, name: str, *, password_stdin: bool) -> str:
    """Create a platform admin, or promote the account that has this email. Returns what happened."""
    from sqlalchemy import func, select

    from api.accounts.models import Account
    from api.db import session_scope
    from api.errors import ValidationErrors
    from api.families.models import Family
    from api.security import hash_password
    from api.validation import Checker
    from workers.context import services

    check = Checker()
    email_n = check.email("email", email)
    name_c = check.text("name", name, min_len=1, max_len=80, label="The name")
    try:
        check.done()
    except ValidationErrors as e:
        raise Fail("; ".join(err.message for err in e.errors)) from e
    async with services(settings_from_env(), pool_size=1) as s, session_scope(s.sessions) as db:
        account = await db.scalar(select(Account).where(func.lower(Account.email) == email_n))
        if account is not None:
            if account.is_platform_admin:
                return f"{email_n} is already a platform admin"
            account.is_platform_admin = True
            return f"promoted {email_n} ({account.display_name}) to platform admin"
        password = _read_password(password_stdin)
        check.password("password", password)
        try:
            check.done()
        except ValidationErrors as e:
            raise Fail("; ".join(err.message for err in e.errors)) from e
        family = Family()
        db.add(family)
        await db.flush()
        password_hash = await hash_password(password)
        db.add(
            Account(
                email=email_n,
                display_name=name_c,
                password_hash=password_hash,
                is_platform_admin=True,
                family_id=family.id,
            )
        )
        return f"created platform admin {email_n}"


def cmd_create_admin(args: argparse.Namespace) -> int:
    with services_env() as env:
        migrate(env["DATABASE_URL"])
        say(asyncio.run(create_admin(args.email, args.name, password_stdin=args.password_stdin)))
    return 0


def cmd_export_schema(args: argparse.Namespace) -> int:
    from schema.export import main as export

    return export(["--check"] if args.check else [])


# --- village test -------------------------------------------------------------------------------


def _answers(host: str, port: int, probe: bytes | None = None, expect: bytes = b"") -> bool:
    try:
        with socket.create_connection((host, port), timeout=1.5) as s:
            if probe is None:
                return True
            s.sendall(probe)
            s.settimeout(1.5)
            return s.recv(64).startswith(expect)
    except OSError:
        return False


def cmd_test(pytest_args: Sequence[str]) -> int:
    """Run the test suite against PostgreSQL and Redis on 127.0.0.1 when they answer, else against
    embedded ones under <data dir>/test/. No arguments: the whole suite on two processes, then the
    PWA's tests; with arguments: exactly `pytest <arguments>`."""
    from village import embedded

    settings = settings_from_env()
    env = dict(os.environ)
    pg_port = int(env.get("VILLAGE_TEST_PG_PORT", "5432"))
    redis_port = int(env.get("VILLAGE_TEST_REDIS_PORT", "6379"))
    need_pg = need_redis = False
    if "VILLAGE_TEST_DATABASE_URL" not in env:
        if _answers("127.0.0.1", pg_port):
            env["VILLAGE_TEST_DATABASE_URL"] = f"postgresql://postgres@127.0.0.1:{pg_port}/postgres"
        else:
            need_pg = True
    if "VILLAGE_TEST_REDIS_URL" not in env:
        if _answers("127.0.0.1", redis_port, b"PING\r\n", b"+PONG"):
            env["VILLAGE_TEST_REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
        else:
            need_redis = True
    servers = None
    if need_pg or need_redis:
        root = settings.data_dir / "test"
        what = " and ".join(n for n, needed in (("PostgreSQL", need_pg), ("Redis", need_redis)) if needed)
        say(f"nothing answers on 127.0.0.1 for {what}: starting embedded ones in {root}")
        servers = embedded.start(root, postgres=need_pg, redis=need_redis)
    try:
        if servers is not None and need_pg:
            env["VILLAGE_TEST_DATABASE_URL"] = servers.postgres_url("postgres")
        if servers is not None and need_redis:
            env["VILLAGE_TEST_REDIS_URL"] = servers.redis_url
        say(f"PostgreSQL: {env['VILLAGE_TEST_DATABASE_URL']}")
        say(f"Redis:      {env['VILLAGE_TEST_REDIS_URL']}")
        args = list(pytest_args) or ["-n", "2", "-q", "tests"]
        if not pytest_args:
            ensure_chromium()
            if (PWA / "package.json").exists() and not npm_install(PWA):
                say("could not install the PWA's dependencies: its build and browser tests will fail")
        lint = 0 if pytest_args else _lint()
        audit = 0 if pytest_args else dependency_audit()
        code = run_pytest(args, env)
        if code == 5:
            say("pytest collected no tests: counting that as a failure")
            code = 1
        code = code or lint or audit
        if not pytest_args and (PWA / "package.json").exists():
            code = _pwa_tests() or code
    finally:
        if servers is not None:
            servers.stop()  # quietly: pytest's summary stays the last thing printed
    if code != 0:
        say(f"tests failed (exit code {code})")
    return code


def _lint() -> int:
    """ruff (format and lint, configured in pyproject.toml) over the Python tree; non-zero on any
    violation, so the test command, and CI with it, fails on one."""
    say("ruff: checking format and lint")
    ruff = [sys.executable, "-m", "ruff"]
    fmt = subprocess.call([*ruff, "format", "--check", "--quiet", "."], cwd=ROOT)
    lint = subprocess.call([*ruff, "check", "--quiet", "."], cwd=ROOT)
    if fmt or lint:
        say("ruff found problems (above): `ruff format . && ruff check --fix .` mends most of them")
    return fmt or lint


# --- the dependency audit ---------------------------------------------------------------------

AUDIT_IGNORE = ROOT / "audit-ignore.toml"
AUDIT_TIMEOUT = 90  # seconds per tool: the audit must not hold up the tests


@dataclass(frozen=True)
class Finding:
    """One known vulnerability of one installed package."""

    package: str
    version: str
    ids: tuple[str, ...]  # the advisory's id first, then its aliases (CVE-, GHSA-, PYSEC-)
    fix: str = ""
    title: str = ""

    def line(self) -> str:
        fix = f"; fixed in {self.fix}" if self.fix else ""
        title = f": {self.title}" if self.title else ""
        return f"{self.package} {self.version}  {' / '.join(self.ids)}{fix}{title}"


class AuditUnavailable(Exception):
    """The audit could not run (no service, a timeout, unreadable output): reported, never a failure."""


def audit_ignores(path: Path | None = None) -> dict[str, str]:
    """Advisory id -> the reason it is accepted. Each entry must give a reason."""
    import tomllib

    path = path or AUDIT_IGNORE
    if not path.exists():
        return {}
    entries = tomllib.loads(path.read_text()).get("ignore", [])
    ignores = {}
    for entry in entries:
        if not str(entry.get("reason", "")).strip():
            raise Fail(f"{path.name}: {entry.get('id')} has no reason; every ignored vulnerability needs one")
        ignores[str(entry["id"]).upper()] = str(entry["reason"]).strip()
    return ignores


def _run_tool(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=AUDIT_TIMEOUT)
    except subprocess.TimeoutExpired as e:
        raise AuditUnavailable(f"no answer within {AUDIT_TIMEOUT} s") from e
    except OSError as e:
        raise AuditUnavailable(str(e)) from e


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no output"


def pip_audit_findings(report: dict) -> list[Finding]:
    """Findings in pip-audit's JSON report. Raises AuditUnavailable when the vulnerability service
    answered for none of the packages (pip-audit then still says "No known vulnerabilities")."""
    deps = report.get("dependencies", [])
    audited = [d for d in deps if "skip_reason" not in d]
    if deps and not audited:
        raise AuditUnavailable(
            f"PyPI's vulnerability service answered for none of {len(deps)} packages ({deps[0]['skip_reason']})"
        )
    return [
        Finding(d["name"], d["version"], (v["id"], *v.get("aliases", [])), ", ".join(v.get("fix_versions", [])))
        for d in audited
        for v in d.get("vulns", [])
    ]


def npm_audit_findings(report: dict) -> list[Finding]:
    """Findings in `npm audit --json` (report version 2): one per advisory and package."""
    if "vulnerabilities" not in report:
        detail = report.get("message") or report.get("error", {}).get("summary") or "no report"
        raise AuditUnavailable(f"the registry's audit endpoint did not answer: {detail}")
    findings = []
    for name, vuln in report["vulnerabilities"].items():
        for via in vuln.get("via", []):
            if isinstance(via, dict):  # a string names the dependency the advisory came through
                url = via.get("url", "")
                advisory = url.rstrip("/").rsplit("/", 1)[-1] if url else str(via.get("source"))
                findings.append(Finding(name, via.get("range", ""), (advisory,), title=via.get("title", "")))
    return findings


def _python_audit() -> list[Finding]:
    done = _run_tool(
        [sys.executable, "-m", "pip_audit", "--progress-spinner", "off", "--skip-editable", "-f", "json"], ROOT
    )
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError as e:
        raise AuditUnavailable(_last_line(done.stderr)) from e
    return pip_audit_findings(report)


def _pwa_audit() -> list[Finding]:
    npm = shutil.which("npm")
    if npm is None:
        raise AuditUnavailable("npm is not installed")
    done = _run_tool([npm, "audit", "--omit=dev", "--json"], PWA)
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError as e:
        raise AuditUnavailable(_last_line(done.stderr)) from e
    return npm_audit_findings(report)


def dependency_audit() -> int:
    """Known vulnerabilities in the installed Python packages (pip-audit) and in the PWA's runtime
    packages (npm audit --omit=dev: what ships to phones). Non-zero for any finding that
    audit-ignore.toml does not accept with a reason; an audit service that cannot be reached is
    reported and passes, since that says nothing about the packages."""
    ignores = audit_ignores()
    audits = [("Python packages (pip-audit)", _python_audit)]
    if (PWA / "package-lock.json").exists():
        audits.append(("PWA packages (npm audit --omit=dev)", _pwa_audit))
    failed = 0
    for what, audit in audits:
        try:
            findings = audit()
        except AuditUnavailable as e:
            say(f"audit: {what}: could not run: {e}")
            continue
        accepted = [f for f in findings if any(i.upper() in ignores for i in f.ids)]
        open_ = [f for f in findings if f not in accepted]
        if not findings:
            say(f"audit: {what}: no known vulnerabilities")
        for f in accepted:
            reason = next(ignores[i.upper()] for i in f.ids if i.upper() in ignores)
            say(f"audit: {what}: accepted in {AUDIT_IGNORE.name}: {f.line()} ({reason})")
        if open_:
            say(f"audit: {what}: {len(open_)} known vulnerabilit{'y' if len(open_) == 1 else 'ies'}:")
            for f in open_:
                print(f"    {f.line()}", flush=True)
            failed = 1
    if failed:
        say(f"audit: upgrade the packages above, or accept each in {AUDIT_IGNORE.name} with a reason")
    return failed


def find_chromium() -> str | None:
    """The browser the browser tests and bench/pwa.py drive: VILLAGE_CHROMIUM, else chromium on the PATH."""
    return os.environ.get("VILLAGE_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def ensure_chromium() -> None:
    """The browser tests drive Debian's chromium (no browser download works here): install it with
    apt when it is missing and we may (root); otherwise say how, and let those tests report it."""
    if find_chromium():
        return
    apt = shutil.which("apt-get")
    if apt is None or os.geteuid() != 0:
        say("chromium is missing: install it (Debian: `apt-get install chromium`) for the browser tests")
        return
    say("installing chromium for the browser tests (apt-get)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.call([apt, "update", "-qq"], env=env)
    if subprocess.call([apt, "install", "-y", "-qq", "chromium"], env=env) != 0:
        say("could not install chromium; the browser tests will say so")


def run_pytest(args: Sequence[str], env: dict[str, str]) -> int:
    return subprocess.call([sys.executable, "-m", "pytest", *args], cwd=ROOT, env=env)


def _pwa_tests() -> int:
    scripts = json.loads((PWA / "package.json").read_text()).get("scripts", {})
    if "test" not in scripts:
        return 0
    if not npm_install(PWA):
        say("cannot run the PWA tests without its dependencies")
        return 1
    say("running the PWA tests")
    return subprocess.call([shutil.which("npm") or "npm", "test"], cwd=PWA, env={**os.environ, "CI": "true"})


# --- entry point ------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="village", description="Village: a family-to-family network for school communities."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser(
        "run",
        help="run the API, the PWA and the worker (embedded PostgreSQL/Redis unless DATABASE_URL/REDIS_URL are set)",
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument(
        "--skip-pwa-build", action="store_true", help="serve pwa/dist as it is, even when older than its sources"
    )
    p.set_defaults(func=cmd_run)

    sub.add_parser("worker", help="run the background worker (SAQ)").set_defaults(func=cmd_worker)
    sub.add_parser("migrate", help="apply database migrations (alembic upgrade head)").set_defaults(func=cmd_migrate)

    p = sub.add_parser("seed", help="fill a demo school community (Lincoln Elementary); safe to re-run")
    p.add_argument("--reset", action="store_true", help="delete the demo community and its accounts first")
    p.set_defaults(func=cmd_seed)

    p = sub.add_parser("create-admin", help="create a platform admin, or promote an existing account")
    p.add_argument("--email", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    p.set_defaults(func=cmd_create_admin)

    p = sub.add_parser("export-schema", help="write schema/schema.graphql (or --check that it is current)")
    p.add_argument("--check", action="store_true")
    p.set_defaults(func=cmd_export_schema)

    sub.add_parser("test", help="run the test suite; extra arguments go to pytest", add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv[:1] == ["test"]:
            # Everything after `test` belongs to pytest, flags included.
            return cmd_test(argv[1:])
        args = build_parser().parse_args(argv)
        return args.func(args)
    except Fail as e:
        say(f"error: {e}")
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
