"""The suite's read paths, run again on the topology: every query below reads the streaming replica
(tests/topology/conftest.py), rate limits, presence and live updates use the Redis Cluster, and
jobs go through the queue's own Redis. The tests are the domains' own, imported unchanged."""

import pytest

from tests.communities.test_graphql import *  # noqa: F403
from tests.events.test_rules import *  # noqa: F403
from tests.groups.test_groups import *  # noqa: F403
from tests.groups.test_live import *  # noqa: F403
from tests.insights.test_api import *  # noqa: F403
from tests.messages.test_live import *  # noqa: F403
from tests.messages.test_messages import *  # noqa: F403
from tests.notifications.test_graphql import *  # noqa: F403
from tests.skills.test_flow import *  # noqa: F403

pytestmark = pytest.mark.topology
