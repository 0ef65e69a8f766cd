"""Test doubles and helpers shared by several domains' tests (tests/conftest.py turns them into
fixtures): the local push service, in-process and real SAQ workers, and polling for a condition."""
