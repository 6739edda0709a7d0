"""The browser tests' live server and the tests themselves write through separate database
connections (``valgus_site/settings_test.py``)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_live_server_does_not_share_the_tests_database_connection(django_db_setup, live_server):
    """A shared connection interleaves the test's transactions with those of the requests the
    browser makes meanwhile (a session saved by the service worker's fetch), and a write the
    test made can be rolled back by the server's thread. The database exists before the server
    starts here, as in a full run, which is when Django would share it."""
    assert live_server.thread.connections_override == {}
