"""Need and match states: one table of allowed moves per state set, covering every state."""

from api.skills.models import EXPIRING_MATCH_STATES, MATCH_TRANSITIONS, NEED_TRANSITIONS, MatchStatus, NeedStatus


def test_every_state_has_its_transitions():
    assert set(NEED_TRANSITIONS) == set(NeedStatus)
    assert set(MATCH_TRANSITIONS) == set(MatchStatus)


def test_only_matches_not_yet_agreed_expire():
    assert EXPIRING_MATCH_STATES == (MatchStatus.SUGGESTED, MatchStatus.OFFERED, MatchStatus.REQUESTED)
