# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The status parsers' fixtures: live/ holds real captures from this host, lab/ real captures from the VM lab's
directors (IPVS and keepalived's checker process, which this host cannot run), format-samples/ the few cases no
capture covers (fixtures/README.md)."""

from __future__ import absolute_import, division, print_function

import os

import pytest

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures')


def read_fixture(name):
    with open(os.path.join(FIXTURES, name)) as handle:
        return handle.read()


@pytest.fixture
def fixture_text():
    """fixture_text('live/frr/summary-established.json') -> its text."""
    return read_fixture
