# syntax=docker/dockerfile:1
# Village: the API (default command) and, with `village worker` / `village migrate`, the worker and
# the migrations. compose.yaml shows the production shape.

# --- The PWA, built with Node ------------------------------------------------------------------
FROM node:20-slim AS pwa
WORKDIR /src/pwa
# Codegen reads the API's SDL (../schema/schema.graphql) and writes the persisted-operations
# manifest beside it, so the build needs schema/ next to pwa/ (tests/village/test_docker.py checks).
COPY schema/schema.graphql schema/operations.json ../schema/
COPY pwa/package.json pwa/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY pwa ./
RUN npm run build

# --- The Python application -------------------------------------------------------------------
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VILLAGE_ENV=production \
    WEB_CONCURRENCY=2 \
    FORWARDED_ALLOW_IPS=""
WORKDIR /app

# Dependencies first (from pyproject.toml alone), so a code change does not reinstall them. No
# extras: the image talks to the PostgreSQL and Redis in DATABASE_URL / REDIS_URL, so it carries
# neither the embedded servers ([embedded]) nor the test tools ([test]).
COPY pyproject.toml README.md ./
RUN mkdir api schema workers village \
 && touch api/__init__.py schema/__init__.py workers/__init__.py village/__init__.py \
 && pip install . \
 && pip uninstall -y village \
 && rm -rf api schema workers village build *.egg-info

COPY api ./api
COPY schema ./schema
COPY workers ./workers
COPY village ./village
COPY migrations ./migrations
# Editable, so the code finds migrations/ and pwa/dist/ beside it (paths come from api/config.py).
RUN pip install --no-deps -e .
# The language model's compact copy (api/language.py), made here so no process makes it at start.
ENV VILLAGE_CACHE_DIR=/app/cache
RUN python -m api.language --build-cache "$(python -c 'from api import language; print(language.cache_dir())')"
COPY --from=pwa /src/pwa/dist ./pwa/dist

RUN useradd --create-home --uid 10001 village
USER village

EXPOSE 8000
# Exec form cannot expand VILLAGE_TRUSTED_PROXIES, so uvicorn reads FORWARDED_ALLOW_IPS, which
# compose.yaml sets from it (empty: no proxy is believed). Left unset, uvicorn trusts 127.0.0.1.
CMD ["uvicorn", "village.app:create_app", "--factory", "--host", "0.0.0.0", "--port", "8000", "--timeout-graceful-shutdown", "20"]
