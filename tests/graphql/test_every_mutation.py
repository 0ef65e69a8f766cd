"""Every mutation refuses anonymous callers with a clear error and changes nothing. New mutations must
be added here (the test fails for a mutation it does not know)."""

import base64
import uuid

import pytest
from graphql import build_schema
from sqlalchemy import text

from schema.export import SDL_PATH


def gid(type_name: str) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{uuid.uuid4()}".encode()).decode().rstrip("=")


SAMPLES = {
    "logOut": None,
    "updateProfile": {"displayName": "X"},
    "changePassword": {"currentPassword": "correct horse battery", "newPassword": "another long one"},
    "deleteAccount": {"password": "correct horse battery"},
    "exportMyData": None,
    "createCommunity": {"name": "X School", "timezone": "UTC"},
    "joinCommunity": {"inviteCode": "ABCDEFGHJK"},
    "createInvite": {"communityId": gid("Community")},
    "verifyMember": {"memberId": gid("Member")},
    "suspendMember": {"memberId": gid("Member")},
    "setMemberRole": {"memberId": gid("Member"), "role": "LEADER"},
    "declineMember": {"memberId": gid("Member")},
    "revokeInvite": {"inviteId": gid("Invite")},
    "updateCommunity": {"communityId": gid("Community"), "name": "X School"},
    "resolveReport": {"reportId": gid("Report"), "action": "NO_ACTION"},
    "createGroup": {"communityId": gid("Community"), "name": "Grade 3 families"},
    "updateGroup": {"groupId": gid("Group"), "name": "Grade 3 families"},
    "joinGroup": {"groupId": gid("Group")},
    "decideJoinRequest": {"membershipId": gid("GroupMembership"), "approve": True},
    "inviteToGroup": {"groupId": gid("Group"), "caregiverId": gid("Caregiver")},
    "setGroupRole": {"membershipId": gid("GroupMembership"), "role": "LEADER"},
    "leaveGroup": {"groupId": gid("Group")},
    "removeGroupMember": {"membershipId": gid("GroupMembership")},
    "createPost": {"groupId": gid("Group"), "body": "Hello"},
    "comment": {"postId": gid("Post"), "body": "Hello"},
    "pinPost": {"postId": gid("Post"), "pinned": True},
    "hideContent": {"contentId": gid("Post"), "reason": "Off topic"},
    "setGroupNotifications": {"groupId": gid("Group"), "notify": "DAILY"},
    "markGroupSeen": {"groupId": gid("Group")},
    "startConversation": {"communityId": gid("Community"), "caregiverIds": [gid("Caregiver")], "body": "Hi"},
    "sendMessage": {"conversationId": gid("Conversation"), "body": "Hi"},
    "answerMessageRequest": {"conversationId": gid("Conversation"), "accept": True},
    "markConversationRead": {"conversationId": gid("Conversation")},
    "addChild": {"name": "Mia"},
    "updateChild": {"childId": gid("Child"), "name": "Mia"},
    "removeChild": {"childId": gid("Child")},
    "inviteCaregiverToFamily": None,
    "joinFamily": {"code": "ABCDEFGHJKLM"},
    "block": {"caregiverId": gid("Caregiver")},
    "unblock": {"caregiverId": gid("Caregiver")},
    "report": {"communityId": gid("Community"), "subjectId": gid("Caregiver"), "reason": "SPAM"},
    "addStrength": {"category": "tutoring.math", "title": "Math tutoring"},
    "updateStrength": {"strengthId": gid("Strength"), "title": "Algebra"},
    "removeStrength": {"strengthId": gid("Strength")},
    "addMatchingTerm": {"communityId": gid("Community"), "concept": "pta", "language": "es", "term": "APM"},
    "removeMatchingTerm": {"termId": gid("MatchingTerm")},
    "refreshCommunityInsights": {"communityId": gid("Community")},
    "postNeed": {"communityId": gid("Community"), "category": "tutoring.math", "title": "Fractions"},
    "updateNeed": {"needId": gid("Need"), "title": "Fractions"},
    "closeNeed": {"needId": gid("Need")},
    "offerHelp": {"needId": gid("Need")},
    "requestHelp": {"matchId": gid("Match")},
    "respondToMatch": {"matchId": gid("Match"), "accept": True},
    "completeMatch": {"matchId": gid("Match")},
    "markNotificationsRead": {"all": True},
    "registerPushSubscription": {
        "endpoint": "https://push.example.org/x",
        "p256dh": "BAAA",
        "auth": "AAAAAAAAAAAAAAAAAAAAAA",
    },
    "removePushSubscription": {"endpoint": "https://push.example.org/x"},
    "updateNotificationPreferences": {"quietHours": {"start": "22:00", "end": "07:00"}},
    "createEvent": {
        "communityId": gid("Community"),
        "title": "Picnic",
        "placeName": "Riverside Park",
        "startsAt": "2030-05-01T18:00:00",
        "endsAt": "2030-05-01T20:00:00",
    },
    "updateEvent": {"eventId": gid("Event"), "title": "Picnic"},
    "cancelEvent": {"eventId": gid("Event")},
    "moveOccurrence": {"eventId": gid("Event"), "occurrence": "2030-05-01", "startsAt": "2030-05-02T18:00:00"},
    "rsvp": {"eventId": gid("Event"), "going": True},
    "createCarpool": {
        "communityId": gid("Community"),
        "title": "Morning run",
        "destination": "Lincoln Elementary",
        "schedule": {
            "legs": [{"weekday": "MONDAY", "direction": "TO", "at": "07:45"}],
            "startsOn": "2030-05-01",
            "endsOn": "2030-06-01",
        },
        "seats": 4,
    },
    "updateCarpool": {"carpoolId": gid("Carpool"), "title": "Morning run"},
    "requestSeat": {"carpoolId": gid("Carpool"), "childIds": [gid("Child")]},
    "decideSeatRequest": {"requestId": gid("CarpoolSeatRequest"), "approve": True},
    "leaveCarpool": {"carpoolId": gid("Carpool")},
    "cancelTrip": {"tripId": gid("CarpoolTrip")},
    "changeTrip": {"tripId": gid("CarpoolTrip"), "giveUp": True},
    "takeTrip": {"tripId": gid("CarpoolTrip")},
    "setTripRiding": {"tripId": gid("CarpoolTrip"), "childIds": [gid("Child")], "riding": False},
    "checkInTrip": {"tripId": gid("CarpoolTrip")},
    "requestSwap": {"tripId": gid("CarpoolTrip"), "toFamilyId": gid("Family")},
    "answerSwap": {"swapId": gid("CarpoolSwap"), "accept": True},
    "creditCarpoolHelp": {"carpoolId": gid("Carpool"), "familyId": gid("Family"), "drives": 1, "note": "Snacks"},
}
PUBLIC = {"signUp", "logIn"}
MUTATIONS = sorted(build_schema(SDL_PATH.read_text()).mutation_type.fields)


def test_every_mutation_has_a_sample():
    assert sorted(set(MUTATIONS) - PUBLIC) == sorted(SAMPLES)


async def snapshot(sessions) -> dict[str, int]:
    async with sessions() as s:
        tables = (
            (
                await s.execute(
                    text("select tablename from pg_tables where schemaname='public' and tablename <> 'alembic_version'")
                )
            )
            .scalars()
            .all()
        )
        return {t: await s.scalar(text(f'select count(*) from "{t}"')) for t in tables}


@pytest.mark.parametrize("name", sorted(SAMPLES))
async def test_anonymous_callers_get_unauthenticated(f, sessions, name):
    await f.community()  # some data to leave untouched
    before = await snapshot(sessions)
    sample = SAMPLES[name]
    type_name = name[0].upper() + name[1:] + "Input"
    args = "(input: $i)" if sample is not None else ""
    header = f"($i: {type_name}!)" if sample is not None else ""
    body = await f.gql(
        f"mutation{header} {{ {name}{args} {{ errors {{ code message }} }} }}", {"i": sample} if sample else None
    )
    assert "errors" not in body, body
    errors = body["data"][name]["errors"]
    assert errors and errors[0]["code"] == "UNAUTHENTICATED" and errors[0]["message"] == "Please log in first."
    assert await snapshot(sessions) == before
