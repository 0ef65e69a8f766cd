"""Fuzzing the live GraphQL API with Schemathesis: every query and mutation of the schema, signed in
as a verified member, with valid inputs and with inputs the schema must reject. Whatever is sent,
the server answers without a 5xx and without the masked "Something went wrong" error, which stands
for an unexpected exception (a bug) on the server. Bounded: FUZZ_EXAMPLES per operation and mode."""

from __future__ import annotations

import json
import os
import time

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode

from tests.conftest import serve

MASKED = "Something went wrong on our side"
# Examples per operation and generation mode; about 2 minutes in all on two shared cores.
FUZZ_EXAMPLES = int(os.environ.get("VILLAGE_FUZZ_EXAMPLES", "30"))
# Ending the member's own session would leave the rest of the run signed out.
SESSION_ENDING = ["Mutation.logOut", "Mutation.deleteAccount"]
# Wall-clock bound for the whole run; operations left when it runs out are reported as not fuzzed.
FUZZ_BUDGET = float(os.environ.get("VILLAGE_FUZZ_BUDGET", "150"))

pytestmark = pytest.mark.fuzz


@pytest.fixture(scope="module")
def fuzz_server(database_url, settings, tmp_path_factory):
    """Its own server (not the shared live_server): the fuzzer's log is read for tracebacks."""
    log = tmp_path_factory.mktemp("fuzz") / "uvicorn.log"
    with serve(database_url, settings, log) as base:
        yield base, log


@pytest.fixture
async def member_token(f) -> str:
    community = await f.community()
    member = await f.member(community, "Fuzzy Member")
    await f.child(member)
    return member.token


def _masked_errors(response) -> list[dict]:
    try:
        body = response.json()
    except ValueError:
        return []
    errors = body.get("errors") if isinstance(body, dict) else None
    return [e for e in errors or [] if isinstance(e, dict) and MASKED in str(e.get("message", ""))]


def check(response) -> None:
    """No 5xx, and no masked error (the API masks unexpected exceptions: each is a server bug)."""
    assert response.status_code < 500, f"{response.status_code} from the server"
    masked = _masked_errors(response)
    assert not masked, f"masked internal error at {[e.get('path') for e in masked]}"


def test_graphql_survives_fuzzing(fuzz_server, member_token):
    base, log = fuzz_server
    headers = {"Authorization": f"Bearer {member_token}"}
    schema = schemathesis.graphql.from_url(f"{base}/graphql", timeout=30).exclude(name=SESSION_ENDING)
    schema.config.update(headers=headers)
    failures: list[str] = []
    deadline = time.monotonic() + FUZZ_BUDGET
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 40, [o.label for o in operations]  # every query and mutation, not a few
    done = 0
    last: list = []  # the case being sent, for the report
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            if time.monotonic() > deadline:
                continue

            @settings(
                max_examples=FUZZ_EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.explicit, Phase.generate],  # no shrinking: the budget is for finding
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def fuzz(case):
                last[:] = [case]
                check(case.call(headers=headers, timeout=30))

            try:
                fuzz()
            except AssertionError as e:
                case = last[0]
                failures.append(f"{operation.label} ({mode.value}): {e}\n    body: {json.dumps(case.body)}")
            done += 1
    # Still signed in: the run fuzzed as a member throughout, not as a signed-out visitor.
    viewer = httpx.post(f"{base}/graphql", json={"query": "{ viewer { id } }"}, headers=headers, timeout=30)
    assert viewer.json()["data"]["viewer"] is not None, viewer.text
    print(f"fuzzed {done} of {2 * len(operations)} operation×mode runs in the {FUZZ_BUDGET} s budget")
    assert not failures, "\n".join(failures) + f"\nserver log: {log}"


class _Response:
    def __init__(self, status_code: int, body: object) -> None:
        self.status_code, self._body = status_code, body

    def json(self) -> object:
        return self._body


def test_the_check_fails_on_a_masked_error_or_a_5xx_and_passes_expected_errors():
    masked = {"data": None, "errors": [{"message": f"{MASKED}. Please try again.", "path": ["needs"]}]}
    with pytest.raises(AssertionError, match=r"masked internal error at \[\['needs'\]\]"):
        check(_Response(200, masked))
    with pytest.raises(AssertionError, match="503"):
        check(_Response(503, {"errors": [{"message": "busy", "extensions": {"code": "UNAVAILABLE"}}]}))
    check(_Response(400, {"errors": [{"message": "Variable '$i' got invalid value"}]}))
    check(_Response(200, {"data": {"postNeed": {"errors": [{"code": "INVALID"}]}}}))
