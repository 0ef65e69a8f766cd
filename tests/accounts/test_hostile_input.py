"""Input a browser would never send but a person (or a script) can: every such field gets a clear,
specific error naming it, and nothing changes."""

import asyncio

import httpx
import pytest
from sqlalchemy import func, select

from api.accounts.models import Account
from tests.factories import PASSWORD
from tests.support.polling import wait_for
from tests.support.races import inserts_held

SIGN_UP = "mutation($i: SignUpInput!) { signUp(input: $i) { token errors { field code message } } }"
LOG_IN = "mutation($i: LogInInput!) { logIn(input: $i) { token errors { field code message } } }"
UPDATE = (
    "mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { viewer { displayName } "
    "errors { field code message } } }"
)
PROFILE = "{ viewer { displayName timezone strengthCircle { strengths passions interests } } }"


async def accounts(sessions) -> int:
    async with sessions() as s:
        return await s.scalar(select(func.count()).select_from(Account))


@pytest.mark.parametrize(
    "zone",
    ["localtime", "Factory", "posixrules", "posix/America/Chicago", "right/UTC", "EST5EDT", "PST8PDT", "EST", "CET"],
)
async def test_time_zones_that_are_not_places_are_refused(f, zone):
    u = await f.user("Ana")
    body = await f.gql(UPDATE, {"i": {"timezone": zone}}, u)
    assert [(e["field"], e["code"]) for e in body["data"]["updateProfile"]["errors"]] == [
        (["input", "timezone"], "INVALID_TIMEZONE")
    ]
    assert (await f.ok(PROFILE, user=u))["viewer"]["timezone"] == "UTC"


@pytest.mark.parametrize("zone", ["America/Chicago", "Europe/Madrid", "UTC", "America/Argentina/Buenos_Aires"])
async def test_real_time_zones_are_accepted(f, zone):
    u = await f.user("Ana")
    await f.ok(UPDATE, {"i": {"timezone": zone}}, u)
    assert (await f.ok(PROFILE, user=u))["viewer"]["timezone"] == zone


@pytest.mark.parametrize("bad", ["Ana\x00", "An\x07a", "Ana\x1b[31m", "Ana\x7f", "Ana\nLuis", "Ana\tLuis"])
async def test_control_characters_in_a_sign_up_name_are_refused(f, sessions, bad):
    body = await f.gql(SIGN_UP, {"i": {"email": "ana@example.org", "password": PASSWORD, "displayName": bad}})
    assert "errors" not in body, body
    assert [(e["field"], e["code"]) for e in body["data"]["signUp"]["errors"]] == [
        (["input", "displayName"], "INVALID_CHARACTERS")
    ]
    assert body["data"]["signUp"]["token"] is None
    assert await accounts(sessions) == 0


@pytest.mark.parametrize("email", ["ana\x00@example.org", "\x00", "ana@exam\x00ple.org"])
async def test_log_in_with_a_nul_byte_is_just_a_failed_log_in(f, email):
    await f.user("Ana")
    body = await f.gql(LOG_IN, {"i": {"email": email, "password": PASSWORD}})
    assert "errors" not in body, body
    assert body["data"]["logIn"]["token"] is None
    assert body["data"]["logIn"]["errors"][0]["code"] == "BAD_CREDENTIALS"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"displayName": "Ana\x00"}, "displayName"),
        ({"strengths": ["cooking", "math\x00"]}, "strengths.1"),
        ({"passions": ["\x00"]}, "passions.0"),
        ({"interests": ["chess\x1f"]}, "interests.0"),
        ({"timezone": "America/Chicago\x00"}, "timezone"),
        ({"languages": ["en\x00"]}, "languages"),
    ],
)
async def test_nul_bytes_in_the_profile_are_refused_and_change_nothing(f, payload, field):
    u = await f.user("Ana", strengths=["baking"])
    body = await f.gql(UPDATE, {"i": payload}, u)
    assert "errors" not in body, body
    codes = {(tuple(e["field"]), e["code"]) for e in body["data"]["updateProfile"]["errors"]}
    assert ("input", *field.split(".")) in {c[0] for c in codes}
    assert all(c[1] in ("INVALID_CHARACTERS", "INVALID_TIMEZONE", "INVALID_LANGUAGE") for c in codes)
    v = (await f.ok(PROFILE, user=u))["viewer"]
    assert v == {
        "displayName": "Ana",
        "timezone": "UTC",
        "strengthCircle": {"strengths": ["baking"], "passions": [], "interests": []},
    }


async def test_two_sign_ups_racing_with_one_email_make_one_account(f, sessions, engine, live_server):
    async with httpx.AsyncClient(base_url=live_server, timeout=30) as http:

        async def sign_up(email: str) -> dict:
            i = {"email": email, "password": PASSWORD, "displayName": "Ana"}
            r = await http.post("/graphql", json={"query": SIGN_UP, "variables": {"i": i}})
            assert r.status_code == 200, r.text
            return r.json()

        async with inserts_held(engine, "accounts", waiting=2) as queued:
            racing = asyncio.gather(sign_up("ana@example.org"), sign_up("ANA@example.org"))
            await wait_for(queued, what="both sign-ups past the email check")
        bodies = await racing
    assert all("errors" not in b for b in bodies), bodies
    payloads = sorted((b["data"]["signUp"] for b in bodies), key=lambda p: p["token"] is None)
    assert payloads[0]["token"] and payloads[0]["errors"] == []
    assert payloads[1]["token"] is None
    assert [(e["field"], e["code"]) for e in payloads[1]["errors"]] == [(["input", "email"], "EMAIL_TAKEN")]
    assert await accounts(sessions) == 1
