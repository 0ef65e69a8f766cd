"""The layers point one way (STYLE.md): schema/ and workers/ import api/, api/ imports neither, and
nothing but the composition root (village/) imports village/. And each domain's parts, found
through api.domains, fit together."""

from __future__ import annotations

import ast
from pathlib import Path

from api.domains import DOMAINS, parts
from api.notifications import kinds

ROOT = Path(__file__).resolve().parents[1]
# package -> the packages it must never import
FORBIDDEN = {
    "api": {"schema", "workers", "village"},
    "schema": {"workers", "village"},
    "workers": {"schema", "village"},
}


def imports_of(path: Path) -> list[tuple[int, str]]:
    """Every module a file imports, at any depth (function-level imports included)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def wrong_way_imports(root: Path) -> list[str]:
    wrong = []
    for package, forbidden in FORBIDDEN.items():
        for path in sorted((root / package).rglob("*.py")):
            for line, module in imports_of(path):
                if module.split(".")[0] in forbidden:
                    wrong.append(f"{path.relative_to(root)}:{line} imports {module}")
    return wrong


def test_layers_point_one_way():
    assert wrong_way_imports(ROOT) == []


def test_the_layer_check_finds_a_wrong_way_import(tmp_path):
    (tmp_path / "api" / "skills").mkdir(parents=True)
    (tmp_path / "schema").mkdir()
    (tmp_path / "workers").mkdir()
    (tmp_path / "api" / "skills" / "service.py").write_text("def f():\n    from schema.skills import Need\n")
    (tmp_path / "workers" / "x.py").write_text("import village.cli\n")
    assert wrong_way_imports(tmp_path) == [
        "api/skills/service.py:2 imports schema.skills",
        "workers/x.py:1 imports village.cli",
    ]


def test_every_domain_is_a_package():
    for name in DOMAINS:
        assert (ROOT / "api" / name / "__init__.py").exists(), name


def test_follow_up_jobs_exist_and_event_kinds_are_claimed_once():
    from workers.settings import functions

    names = {f.__name__ for f in functions()}
    claimed: dict[str, str] = {}
    for module in parts("events"):
        for kind in [*getattr(module, "PLANS", {}), *getattr(module, "FOLLOW_UPS", {})]:
            assert claimed.setdefault(kind, module.__name__) == module.__name__, kind
        for job, _ in getattr(module, "FOLLOW_UPS", {}).values():
            assert job in names, f"{module.__name__} follows up with {job}, which no domain's jobs.py defines"


def test_notification_kinds_come_from_the_domains():
    assert {"match_suggested", "thanks_received"} <= kinds.registry().keys()
    assert all(k.title.keys() == k.body.keys() == set(kinds.LANGUAGES) for k in kinds.registry().values())
