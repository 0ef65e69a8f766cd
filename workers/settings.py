"""SAQ worker settings: the Redis queue, the jobs and cron jobs, the periodic jobs the worker runs
on its own timers (the outbox sweeper), startup/shutdown hooks that give every job its services,
and one structured log line per job (queue time, run time, outcome).

`village worker` runs it. (`saq workers.settings.settings` runs the SAQ jobs but not the periodic
jobs: SAQ's own Worker does not know them.)"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from saq import CronJob, Queue, Worker
from saq.job import Status
from saq.types import SettingsDict
from saq.utils import cancel_tasks, now

from api import metrics, observability
from api.config import Settings, get_settings
from api.domains import parts
from api.jobs import Periodic, functions, make_queue, queue_name
from workers.context import Services

log = logging.getLogger("workers")

_OUTCOMES = {Status.COMPLETE: "complete", Status.FAILED: "failed", Status.ABORTED: "aborted", Status.QUEUED: "retrying"}
# Jobs that run every few seconds: a run that found nothing to do is logged at DEBUG only.
_QUIET_WHEN_IDLE = {"sweep_outbox"}


async def before_process(ctx: dict[str, Any]) -> None:
    job = ctx["job"]
    # SAQ resets job.started when a job is retried, so note both times now.
    ready_ms = max(job.queued, job.scheduled * 1000)
    ctx["_queue_ms"] = max(0, (job.started or now()) - ready_ms) if ready_ms else None
    ctx["_t0"] = time.monotonic()


async def after_process(ctx: dict[str, Any]) -> None:
    job = ctx.get("job")
    if job is None:
        return
    t0 = ctx.get("_t0")
    outcome = _OUTCOMES.get(job.status, job.status.value if isinstance(job.status, Status) else str(job.status))
    exc = ctx.get("exception")
    fields = {
        "event": "job",
        "job": job.function,
        "job_key": job.key,
        "queue": job.queue.name if job.queue else None,
        "attempt": job.attempts,
        "outcome": outcome,
        "queue_ms": ctx.get("_queue_ms"),
        "run_ms": round((time.monotonic() - t0) * 1000, 1) if t0 is not None else None,
    }
    if exc is not None:
        fields["error"] = type(exc).__name__
    if request_id := (job.meta or {}).get("request_id"):
        fields["request_id"] = request_id
    level = logging.INFO if outcome == "complete" else logging.WARNING if outcome == "retrying" else logging.ERROR
    if (
        outcome == "complete"
        and job.function in _QUIET_WHEN_IDLE
        and isinstance(job.result, dict)
        and not any(job.result.values())
    ):
        level = logging.DEBUG
    log.log(level, "job %s %s", job.function, outcome, extra=fields)


async def before_process_observe(ctx: dict[str, Any]) -> None:
    # The request that enqueued the job (if any): its id goes on every log line the job writes.
    ctx["_request_id"] = observability.set_request_id((ctx["job"].meta or {}).get(observability.JOB_META_KEY))
    # Idempotent. Its place is the startup hook (an idle worker may run no job for a long while).
    if (settings := ctx.get("settings")) is not None:
        metrics.start_worker_exporter(
            settings.worker_metrics_port, settings.worker_metrics_host, settings.metrics_token
        )


async def after_process_observe(ctx: dict[str, Any]) -> None:
    job, t0, worker = ctx.get("job"), ctx.get("_t0"), ctx.get("worker")
    if job is not None:
        known = worker is None or job.function in worker.functions  # a label per registered job only
        queue_ms = ctx.get("_queue_ms")
        metrics.job_finished(
            job.function if known else "other",
            _OUTCOMES.get(job.status, "other"),
            queue_ms / 1000 if queue_ms is not None else None,
            time.monotonic() - t0 if t0 is not None else None,
        )
    if (token := ctx.pop("_request_id", None)) is not None:
        observability.reset_request_id(token)


class VillageWorker(Worker):
    """SAQ's Worker, stopping gracefully: jobs already running get `grace` seconds to finish and
    record their outcome; idle pollers (a blocked dequeue, upkeep sleeps) are cancelled at once,
    so an idle worker stops in well under a second instead of waiting out every poll interval."""

    def __init__(self, *args: Any, grace: float = 20.0, periodic: list[Periodic] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.grace = grace
        self.periodic = periodic or []

    async def upkeep(self) -> list[asyncio.Task[None]]:
        # Started after the startup hook, so ctx holds the services; stop() cancels them with SAQ's own.
        tasks = await super().upkeep()
        return [*tasks, *(asyncio.create_task(self._every(p)) for p in self.periodic)]

    async def _every(self, p: Periodic) -> None:
        """Run `p` every `p.every` seconds until the worker stops. A failure (Redis or PostgreSQL
        away) is logged once when it starts and once when it ends, and the next run is simply the
        next tick: no backoff beyond the period, because one run is one cheap indexed query and a
        refused connection fails fast, and the sweeper must notice Redis's return within a period."""
        name = p.function.__name__
        failing_since: float | None = None
        failures = 0
        while not self.event.is_set():
            try:
                await asyncio.wait_for(p.function(self.context), p.timeout)
            except Exception as e:
                failures += 1
                if failing_since is None:
                    failing_since = time.monotonic()
                    log.warning(
                        "periodic job %s failed; retrying every %s s",
                        name,
                        p.every,
                        exc_info=True,
                        extra={"event": "periodic_failed", "job": name, "error": type(e).__name__},
                    )
            else:
                if failing_since is not None:
                    log.warning(
                        "periodic job %s recovered",
                        name,
                        extra={
                            "event": "periodic_recovered",
                            "job": name,
                            "failures": failures,
                            "failing_s": round(time.monotonic() - failing_since, 1),
                        },
                    )
                    failing_since, failures = None, 0
            await asyncio.sleep(p.every)

    async def stop(self) -> None:
        self.event.set()
        deadline = time.monotonic() + self.grace
        # SAQ exposes no event for "all running jobs finished": poll its dict of running jobs.
        while self.job_task_contexts and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.05)
        if self.tasks:
            await cancel_tasks(list(self.tasks), timeout=self._cancellation_hard_deadline_s)
        await super().stop()


def cron_jobs(app_settings: Settings) -> list[CronJob]:
    """Every domain's cron jobs (api/<domain>/jobs.py cron_jobs(settings)), in UTC."""
    return [c for module in parts("jobs") if hasattr(module, "cron_jobs") for c in module.cron_jobs(app_settings)]


def periodic(app_settings: Settings) -> list[Periodic]:
    """Every domain's periodic jobs (api/<domain>/jobs.py periodic(settings)), run by each worker."""
    return [p for module in parts("jobs") if hasattr(module, "periodic") for p in module.periodic(app_settings)]


def worker_settings(app_settings: Settings | None = None, *, queue: Queue | None = None) -> SettingsDict:
    app_settings = app_settings or get_settings()

    async def startup(ctx: dict[str, Any]) -> None:
        services = Services.create(app_settings)
        try:
            created = await services.start_push()
        except BaseException:
            await services.close()
            raise
        ctx.update(
            services=services,
            settings=app_settings,
            sessions=services.sessions,
            replica_sessions=services.replica_sessions,
            redis=services.redis,
            push_sender=services.push_sender,
        )
        assert services.push_sender is not None
        # Served from the start, not from the first job: an idle worker is scraped too.
        metrics.start_worker_exporter(
            app_settings.worker_metrics_port, app_settings.worker_metrics_host, app_settings.metrics_token
        )
        log.log(
            logging.WARNING if created else logging.INFO,
            "worker started" + (" (created the VAPID key)" if created else ""),
            extra={
                "event": "worker_started",
                "queue": queue_name(app_settings),
                "vapid_key_created": created,
                "application_server_key": services.push_sender.signer.keys.application_server_key,
            },
        )

    async def shutdown(ctx: dict[str, Any]) -> None:
        services = ctx.pop("services", None)
        if services is not None:
            await services.close()
        log.info("worker stopped", extra={"event": "worker_stopped", "queue": queue_name(app_settings)})

    return {
        "queue": queue or make_queue(app_settings),
        "functions": functions(),
        "cron_jobs": cron_jobs(app_settings),
        "concurrency": 10,
        "startup": startup,
        "shutdown": shutdown,
        "before_process": [before_process, before_process_observe],
        "after_process": [after_process, after_process_observe],
    }


def make_worker(app_settings: Settings | None = None, **overrides: Any) -> VillageWorker:
    """The worker; `periodic=[]` among the overrides leaves out the periodic jobs (the sweeper)."""
    app_settings = app_settings or get_settings()
    return VillageWorker(**{"periodic": periodic(app_settings), **worker_settings(app_settings), **overrides})


async def run_worker(app_settings: Settings | None = None) -> None:
    """Run until SIGINT/SIGTERM (SAQ installs the handlers), then stop gracefully."""
    worker = make_worker(app_settings)
    await worker.queue.connect()
    try:
        await worker.start()
    finally:
        await worker.queue.disconnect()


def settings() -> SettingsDict:
    """For SAQ's own command line: `saq workers.settings.settings`."""
    return worker_settings()
