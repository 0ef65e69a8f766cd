"""Every query about a person's private data refuses anonymous callers. Public fields are listed;
the test fails for a query it does not know, so new queries must be added here."""

import base64
import uuid

import pytest
from graphql import build_schema

from schema.export import SDL_PATH


def gid(type_name: str) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{uuid.uuid4()}".encode()).decode().rstrip("=")


PRIVATE = {
    "myFamily": "{ myFamily { id } }",
    "myMemberships": "{ myMemberships { id } }",
    "blockedCaregivers": "{ blockedCaregivers { id } }",
    "reports": f'{{ reports(communityId: "{gid("Community")}") {{ edges {{ cursor }} }} }}',
    "community": f'{{ community(id: "{gid("Community")}") {{ id }} }}',
    "myStrengths": "{ myStrengths { id } }",
    "myPushSubscriptions": "{ myPushSubscriptions { __typename } }",
    "needs": f'{{ needs(communityId: "{gid("Community")}") {{ edges {{ cursor }} }} }}',
    "need": f'{{ need(id: "{gid("Need")}") {{ id }} }}',
    "suggestedMatches": "{ suggestedMatches { id } }",
    "matchesForNeed": f'{{ matchesForNeed(needId: "{gid("Need")}") {{ id }} }}',
    "matchingConcepts": f'{{ matchingConcepts(communityId: "{gid("Community")}") {{ key }} }}',
    "communityInsights": (
        f'{{ communityInsights(communityId: "{gid("Community")}", from: "2026-01-01", to: "2026-06-30") {{ to }} }}'
    ),
    "communityInsightsCsv": (
        f'{{ communityInsightsCsv(communityId: "{gid("Community")}", from: "2026-01-01", to: "2026-06-30") }}'
    ),
    "notifications": "{ notifications { edges { cursor } } }",
    "notificationPreferences": "{ notificationPreferences { timezone } }",
    "event": f'{{ event(id: "{gid("Event")}") {{ id }} }}',
    "events": f'{{ events(communityId: "{gid("Community")}") {{ date }} }}',
    "myEvents": "{ myEvents { date } }",
    "myEventsIcs": "{ myEventsIcs }",
    "groupNews": "{ groupNews { unread } }",
    "conversations": "{ conversations { edges { cursor } } }",
    "conversation": f'{{ conversation(id: "{gid("Conversation")}") {{ id }} }}',
    "unreadMessageCount": "{ unreadMessageCount }",
    "messageRequestCount": "{ messageRequestCount }",
    "groups": f'{{ groups(communityId: "{gid("Community")}") {{ edges {{ cursor }} }} }}',
    "group": f'{{ group(id: "{gid("Group")}") {{ id }} }}',
    "carpools": f'{{ carpools(communityId: "{gid("Community")}") {{ id }} }}',
    "carpool": f'{{ carpool(id: "{gid("Carpool")}") {{ id }} }}',
    "myCarpools": "{ myCarpools { id } }",
    "myTrips": "{ myTrips { id } }",
}
# Answer null for anonymous callers, or are public by design.
NULL_OR_PUBLIC = {"viewer", "node", "skillCategories", "vapidPublicKey"}
QUERIES = sorted(build_schema(SDL_PATH.read_text()).query_type.fields)


def test_every_query_is_classified():
    assert sorted(set(QUERIES) - NULL_OR_PUBLIC) == sorted(PRIVATE)


@pytest.mark.parametrize("name", sorted(PRIVATE))
async def test_anonymous_callers_get_unauthenticated(f, name):
    body = await f.gql(PRIVATE[name])
    assert body.get("data") is None, body
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert body["errors"][0]["message"] == "Please log in first."


async def test_anonymous_viewer_and_node_are_null(f):
    assert (await f.gql("{ viewer { id } }"))["data"] == {"viewer": None}
    assert (await f.gql(f'{{ node(id: "{gid("Child")}") {{ id }} }}'))["data"] == {"node": None}
