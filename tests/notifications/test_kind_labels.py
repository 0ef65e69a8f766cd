"""Every notification kind has its own line in the PWA's settings, in English and Spanish (a kind
without one shows as "Other news", and nobody can tell what they are turning off)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from api.notifications.kinds import registry

STRINGS = Path(__file__).resolve().parents[2] / "pwa" / "src" / "features" / "settings" / "strings"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_kind_is_named_in_the_settings(lang):
    keys = set(re.findall(r"^\s*kind_([A-Z_]+):", (STRINGS / f"{lang}.ts").read_text(), re.MULTILINE))
    missing = sorted(k.upper() for k in registry() if k.upper() not in keys)
    assert missing == [], f"settings/strings/{lang}.ts has no kind_ line for {missing}"
