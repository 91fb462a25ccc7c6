# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""plugins/filter/*.yml: each filter has its ansible-doc file beside the plugin, and it documents the filter's real
arguments (ansible-doc finds a filter's doc by the filter's name, so a renamed or new filter would be UNDOCUMENTED)."""

from __future__ import absolute_import, division, print_function

import glob
import inspect
import os

import pytest
import yaml

from ansible_collections.lvs.cluster.plugins.filter.cluster import FilterModule

FILTERS = FilterModule().filters()
FILTER_DIR = os.path.dirname(inspect.getfile(FilterModule))


def doc_files():
    return sorted(os.path.splitext(os.path.basename(path))[0] for path in glob.glob(os.path.join(FILTER_DIR, '*.yml')))


def test_every_filter_has_a_doc_file_and_every_doc_file_a_filter():
    assert doc_files() == sorted(FILTERS)


@pytest.mark.parametrize('name', sorted(FILTERS))
def test_a_filters_doc_names_it_and_documents_its_arguments_in_order(name):
    with open(os.path.join(FILTER_DIR, name + '.yml')) as handle:
        doc = yaml.safe_load(handle)
    documentation = doc['DOCUMENTATION']
    assert documentation['name'] == name
    assert doc['EXAMPLES'].strip() and doc['RETURN']['_value']['description']
    # The filter's input is _input; its other parameters are the options, positional in the function's order.
    parameters = list(inspect.signature(FILTERS[name]).parameters)
    expected = ['_input'] + parameters[1:]
    assert [p.strip() for p in documentation['positional'].split(',')] == expected
    assert sorted(documentation['options']) == sorted(expected)
