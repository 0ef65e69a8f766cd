"""Typed settings, read once from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw else default


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    return raw in ("1", "true", "yes", "on") if raw else default


def _ports(name: str, default: frozenset[int] | None) -> frozenset[int] | None:
    """Comma-separated port numbers; `*` for any port (None)."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    return None if raw == "*" else frozenset(int(p) for p in raw.split(",") if p.strip())


@dataclass(frozen=True)
class RateLimit:
    """At most `limit` attempts per `window` seconds."""

    limit: int
    window: int


@dataclass(frozen=True)
class Settings:
    environment: str = "development"  # development | test | production
    database_url: str = ""
    # A streaming replica (optional): queries read there, unless the person asking wrote something
    # in the last `replica_stick_seconds` (they read the primary, and always see their own writes),
    # or the query itself writes. Mutations and subscriptions always use the primary.
    database_replica_url: str = ""
    replica_stick_seconds: float = 10.0
    # A single Redis, or a Redis Cluster (`redis+cluster://host:port`, api/redis_client.py).
    redis_url: str = ""
    # The job queue's Redis when it is not REDIS_URL: SAQ needs a single Redis (not a cluster).
    queue_redis_url: str = ""
    data_dir: Path = ROOT / ".data"
    # Prefix for every Redis key this process writes; tests give each test its own.
    redis_prefix: str = "village:"
    pwa_dist: Path = ROOT / "pwa" / "dist"
    # Rate limits (Redis fixed windows).
    login_per_ip: RateLimit = field(default_factory=lambda: RateLimit(30, 300))
    login_per_account: RateLimit = field(default_factory=lambda: RateLimit(8, 900))
    signup_per_ip: RateLimit = field(default_factory=lambda: RateLimit(10, 3600))
    sensitive_per_account: RateLimit = field(default_factory=lambda: RateLimit(10, 900))
    # Messages (api/messages): new conversations per hour and messages per minute, per sender.
    conversations_per_account: RateLimit = field(default_factory=lambda: RateLimit(20, 3600))
    messages_per_account: RateLimit = field(default_factory=lambda: RateLimit(30, 60))
    # GraphQL hardening.
    max_query_depth: int = 15  # GraphiQL's introspection query needs 15
    max_aliases: int = 30
    max_tokens: int = 3000
    # Fields per operation, each fragment counted once per spread (the PWA's largest operation has
    # 45; GraphiQL's introspection query 220), and the same response key in one selection set.
    max_selections: int = 300
    max_field_repeats: int = 5
    # Proxies whose X-Forwarded-For / X-Forwarded-Proto uvicorn believes (comma-separated addresses
    # or networks). Empty: none, so no client can pick the IP address its rate limits are kept under.
    trusted_proxies: str = ""
    max_page_size: int = 100
    # Run only the documents in schema/operations.json (the PWA's persisted operations).
    persisted_only: bool = False
    session_days: int = 60
    # Web Push (DESIGN.md §6). The VAPID private key lives in the database (created once, backed up
    # with it); VAPID_PRIVATE_KEY, when set, wins. The contact is the VAPID `sub` push services see.
    vapid_private_key: str = field(default="", repr=False)
    vapid_contact: str = "mailto:push@village.invalid"
    push_ttl: int = 24 * 3600  # how long a push service keeps a message for an offline device
    push_max_attempts: int = 8  # then the delivery is given up (status failed)
    # A job claims the pushes it sends for this long; if its worker dies, they are sent again after.
    push_lease: int = 60
    # Push endpoints come from browsers, so push goes only to public addresses on port 443
    # (api/notifications/endpoints.py). A local push service (the tests) needs both opened.
    push_allow_private_hosts: bool = False
    push_allowed_ports: frozenset[int] | None = frozenset({443})  # None: any port
    # The outbox sweeper runs every `outbox_sweep_every` seconds and enqueues what has been pending
    # longer than `outbox_sweep_after` seconds (the after-commit enqueue is the fast path).
    outbox_sweep_every: int = 5
    outbox_sweep_after: float = 3.0
    # Retention (nightly jobs, in slices): read notifications, dispatched outbox events, and push
    # delivery records older than this many days are deleted. Unread notifications are kept.
    notification_retention_days: int = 180
    outbox_retention_days: int = 14
    push_delivery_retention_days: int = 30
    # Database connections per API process: each request holds one for its whole life (checked out
    # once). A request waiting longer than `db_pool_timeout` seconds for one gets 503 UNAVAILABLE.
    # No overflow by default: an overflow connection is opened for a burst and closed after it, and
    # a new PostgreSQL backend costs more than the queries it serves (bench/api.py at 32 concurrent
    # requests: 590 req/s with 10 + 10 against 980 with 10 + 0). Waiting for a pooled one is cheaper.
    db_pool_size: int = 10
    db_max_overflow: int = 0
    db_pool_timeout: float = 5.0
    # Prometheus (api/metrics.py): /metrics answers only `Authorization: Bearer <metrics_token>`,
    # and 404 when no token is set. The worker serves its own metrics on worker_metrics_port (0: off).
    metrics_token: str = field(default="", repr=False)
    worker_metrics_port: int = 0
    worker_metrics_host: str = "0.0.0.0"

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    @property
    def is_development(self) -> bool:
        return self.environment == "development"

    @property
    def async_database_url(self) -> str:
        return to_asyncpg_url(self.database_url)

    @property
    def async_replica_url(self) -> str:
        return to_asyncpg_url(self.database_replica_url)


def to_asyncpg_url(url: str) -> str:
    """Accept postgres://, postgresql:// or postgresql+asyncpg:// and return the asyncpg form."""
    for prefix in ("postgresql+asyncpg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    return url


def settings_from_env() -> Settings:
    env = os.environ
    return Settings(
        environment=env.get("VILLAGE_ENV", "development"),
        database_url=env.get("DATABASE_URL", ""),
        database_replica_url=env.get("DATABASE_REPLICA_URL", ""),
        replica_stick_seconds=float(env.get("VILLAGE_REPLICA_STICK_SECONDS") or 10.0),
        redis_url=env.get("REDIS_URL", ""),
        queue_redis_url=env.get("VILLAGE_QUEUE_REDIS_URL", ""),
        data_dir=Path(env.get("VILLAGE_DATA_DIR", str(ROOT / ".data"))),
        redis_prefix=env.get("VILLAGE_REDIS_PREFIX", "village:"),
        pwa_dist=Path(env.get("VILLAGE_PWA_DIST", str(ROOT / "pwa" / "dist"))),
        login_per_ip=RateLimit(_int("VILLAGE_LOGIN_PER_IP", 30), 300),
        login_per_account=RateLimit(_int("VILLAGE_LOGIN_PER_ACCOUNT", 8), 900),
        signup_per_ip=RateLimit(_int("VILLAGE_SIGNUP_PER_IP", 10), 3600),
        conversations_per_account=RateLimit(_int("VILLAGE_CONVERSATIONS_PER_HOUR", 20), 3600),
        messages_per_account=RateLimit(_int("VILLAGE_MESSAGES_PER_MINUTE", 30), 60),
        persisted_only=_bool("VILLAGE_PERSISTED_ONLY", False),
        max_selections=_int("VILLAGE_MAX_SELECTIONS", 300),
        max_field_repeats=_int("VILLAGE_MAX_FIELD_REPEATS", 5),
        trusted_proxies=env.get("VILLAGE_TRUSTED_PROXIES", "").strip(),
        vapid_private_key=env.get("VAPID_PRIVATE_KEY", "").strip(),
        vapid_contact=env.get("VILLAGE_VAPID_CONTACT", "mailto:push@village.invalid"),
        push_lease=_int("VILLAGE_PUSH_LEASE", 60),
        push_max_attempts=_int("VILLAGE_PUSH_MAX_ATTEMPTS", 8),
        # The test environment talks to a local push service (on 127.0.0.1, at a random port).
        push_allow_private_hosts=_bool("VILLAGE_PUSH_ALLOW_PRIVATE_HOSTS", env.get("VILLAGE_ENV") == "test"),
        push_allowed_ports=_ports(
            "VILLAGE_PUSH_ALLOWED_PORTS", None if env.get("VILLAGE_ENV") == "test" else frozenset({443})
        ),
        outbox_sweep_every=_int("VILLAGE_OUTBOX_SWEEP_EVERY", 5),
        outbox_sweep_after=float(env.get("VILLAGE_OUTBOX_SWEEP_AFTER") or 3.0),
        notification_retention_days=_int("VILLAGE_NOTIFICATION_RETENTION_DAYS", 180),
        outbox_retention_days=_int("VILLAGE_OUTBOX_RETENTION_DAYS", 14),
        push_delivery_retention_days=_int("VILLAGE_PUSH_DELIVERY_RETENTION_DAYS", 30),
        db_pool_size=_int("VILLAGE_DB_POOL_SIZE", 10),
        db_max_overflow=_int("VILLAGE_DB_MAX_OVERFLOW", 0),
        db_pool_timeout=float(env.get("VILLAGE_DB_POOL_TIMEOUT") or 5.0),
        metrics_token=env.get("VILLAGE_METRICS_TOKEN", "").strip(),
        worker_metrics_port=_int("VILLAGE_WORKER_METRICS_PORT", 0),
        worker_metrics_host=env.get("VILLAGE_WORKER_METRICS_HOST", "0.0.0.0"),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return settings_from_env()
