"""Fuzzing: slow, bounded tests of the live server (`-m "not fuzz"` leaves them out)."""


def pytest_configure(config):
    config.addinivalue_line("markers", "fuzz: fuzzes the live server with generated requests (bounded, minutes)")
