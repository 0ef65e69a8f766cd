"""Which requests may read the replica: the operation that will run must be a query. A mutation,
a document with several operations and no name to choose, or one that does not parse goes to the
primary (which is always right)."""

import pytest

from schema.http import _parse_reads_only

DOC = "query A { viewer { id } } mutation B { logOut { errors { message } } }"


@pytest.mark.parametrize(
    ("query", "name", "reads_only"),
    [
        ("{ viewer { id } }", None, True),
        ("query Q { viewer { id } }", None, True),
        ("mutation { logOut { errors { message } } }", None, False),
        ("subscription { inboxChanged { unreadCount } }", None, False),
        (DOC, "A", True),
        (DOC, "B", False),
        (DOC, None, False),  # Strawberry refuses it; nothing runs anywhere
        (DOC, "C", False),
        ("{ viewer { id }", None, False),  # a syntax error
        ("# a query\n mutation { logOut { errors { message } } }", None, False),
    ],
)
def test_only_a_query_may_read_the_replica(query, name, reads_only):
    assert _parse_reads_only(query, name, 3000) is reads_only


def test_a_document_over_the_token_limit_is_not_parsed_for_routing():
    huge = "{ " + " ".join(f"a{i}: viewer {{ id }}" for i in range(2000)) + " }"
    assert _parse_reads_only(huge, None, 3000) is False
