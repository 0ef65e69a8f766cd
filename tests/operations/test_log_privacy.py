"""DESIGN.md §12: no names, message text or email addresses in logs. A whole skill-sharing story
runs with the app's loggers at DEBUG (the real JSON handler, the jobs in-process, pushes to a local
push service), and nothing a person wrote or is called appears in what was logged."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.notifications.support import register
from tests.operations.support import captured_logs

ADD_STRENGTH = "mutation($i: AddStrengthInput!) { addStrength(input: $i) { strength { id } errors { code } } }"
POST_NEED = "mutation($i: PostNeedInput!) { postNeed(input: $i) { need { id } errors { code } } }"
MATCHES = "query($id: ID!) { matchesForNeed(needId: $id) { id } }"

HELPER = "Zephyrine Quillfeather"
HELPER_RENAMED = "Zephyrine Q. Marchbanks"
ASKER = "Bartholomew Okonkwo-Vance"
CHILD = "Philippa Okonkwo-Vance"
STRENGTH = "Quaternion tutoring by Zephyrine"
TITLE = "Quadratic equations for Philippa"
DESCRIPTION = "Philippa struggles with completing the square before Thursday"
THANKS = "Philippa aced her quiz, endless gratitude to Zephyrine"


async def test_a_whole_story_logs_no_names_emails_or_text(f, runner, push):
    with captured_logs(logging.DEBUG) as logs:
        c = await f.community("Wolfsbane Hollow Elementary")
        helper = await f.member(c, HELPER, languages=["en"], postalCode="78701")
        await f.ok(
            "mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { errors { code } } }",
            {"i": {"displayName": HELPER_RENAMED}},
            helper,
        )
        asker = await f.member(c, ASKER, languages=["en"], postalCode="78702")
        helper_phone = await register(f, helper, push)
        asker_phone = await register(f, asker, push)
        await f.child(asker, CHILD)
        await f.ok(ADD_STRENGTH, {"i": {"category": "tutoring.math", "title": STRENGTH, "languages": ["en"]}}, helper)
        await runner.run()
        need = (
            await f.ok(
                POST_NEED,
                {
                    "i": {
                        "communityId": c.id,
                        "category": "tutoring.math",
                        "title": TITLE,
                        "description": DESCRIPTION,
                        "language": "en",
                        "mode": "IN_PERSON",
                    }
                },
                asker,
            )
        )["postNeed"]["need"]
        await runner.run()
        [match] = (await f.ok(MATCHES, {"id": need["id"]}, asker))["matchesForNeed"]
        await f.ok(
            "mutation($i: RequestHelpInput!) { requestHelp(input: $i) { errors { code } } }",
            {"i": {"matchId": match["id"]}},
            asker,
        )
        await runner.run()
        await f.ok(
            "mutation($i: RespondToMatchInput!) { respondToMatch(input: $i) { errors { code } } }",
            {"i": {"matchId": match["id"], "accept": True}},
            helper,
        )
        await runner.run()
        await f.ok(
            "mutation($i: CompleteMatchInput!) { completeMatch(input: $i) { errors { code } } }",
            {"i": {"matchId": match["id"], "thanks": THANKS}},
            asker,
        )
        await runner.run()
    logged = logs.getvalue()
    # The capture works, and the story went as far as pushes (so their code paths logged too).
    assert '"event": "pushes"' in logged, logged[-2000:]
    assert push.received(helper_phone) and push.received(asker_phone)
    secrets = [HELPER, HELPER_RENAMED, ASKER, CHILD, STRENGTH, TITLE, DESCRIPTION, THANKS, helper.email, asker.email]
    secrets += ["Zephyrine", "Quillfeather", "Okonkwo", "Philippa", "Quaternion", "Quadratic", "Marchbanks"]
    secrets += ["Wolfsbane"]
    leaked = sorted({s for s in secrets if s.lower() in logged.lower()})
    assert leaked == [], [line for line in logged.splitlines() if any(s.lower() in line.lower() for s in leaked)][:5]


async def test_a_database_error_does_not_carry_what_people_wrote(engine):
    with pytest.raises(DBAPIError) as failed:
        async with engine.connect() as conn:
            await conn.execute(text("select cast(:v as text), 1 / 0"), {"v": THANKS})
    assert THANKS not in str(failed.value)
