# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared fixtures of the keepalived model's unit tests: where the article's files are, and how to read them."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import io
import os

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ARTICLE_DIR = os.path.join(HERE, 'fixtures', 'article')


@pytest.fixture
def article_dir():
    return ARTICLE_DIR


@pytest.fixture
def read_article():
    """read_article('section3-lvs1.conf') -> the fixture's text (UTF-8: the article has non-breaking spaces)."""
    def read(name):
        with io.open(os.path.join(ARTICLE_DIR, name), encoding='utf-8') as handle:
            return handle.read()
    return read
