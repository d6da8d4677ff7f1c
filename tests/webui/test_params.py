"""The pages' parameters, read in one place: out of range is the nearest allowed value, unreadable
is the default, unknown relation types are dropped."""

import pytest
from django.test import RequestFactory

from kg.repository import LINEAGE_MAX_DEPTH
from webui import params


def _get(**query):
    return RequestFactory().get("/models/gpt-3", query)


@pytest.mark.parametrize(
    ("given", "read"), [({}, 3), ({"depth": "0"}, 1), ({"depth": "99"}, LINEAGE_MAX_DEPTH), ({"depth": "lots"}, 3)]
)
def test_depth_falls_back_to_the_nearest_allowed_value(given, read):
    assert params.depth(_get(**given)) == read


def test_hops_relation_types_and_the_unreviewed_switch():
    request = _get(hops="7", type=["fine-tunes", "LIKES", "uses"], unreviewed="yes")
    assert params.hops(request) == 2
    assert params.relation_types(request) == ["fine-tunes", "uses"]
    assert params.unreviewed(request) and not params.unreviewed(_get(unreviewed="0"))


@pytest.mark.parametrize(
    ("given", "span"),
    [({"start": "2", "end": "5"}, (2, 5)), ({"start": "5", "end": "2"}, None), ({"start": "2", "end": "99"}, None)],
)
def test_an_evidence_span_counts_only_inside_the_text(given, span):
    assert params.span(_get(**given), length=10) == span


def test_compare_keys_and_search_text_are_trimmed():
    assert params.keys(_get(models=" gpt-3, ,llama "), "models") == ["gpt-3", "llama"]
    assert params.text(_get(q="  x" * 300)) == ("  x" * 300).strip()[: params.QUERY_MAX]


@pytest.mark.parametrize(
    ("given", "read"),
    [
        ("7B", 7e9),
        ("1.5 t", 1.5e12),
        ("175000000000", 1.75e11),
        ("6.7e9", 6.7e9),
        ("350m", 3.5e8),
        ("1e999", None),
        ("9e20", params.PARAMETERS_MAX),
        ("-3B", None),
        ("lots", None),
        ("", None),
    ],
)
def test_a_parameter_count_is_read_as_people_write_it(given, read):
    assert params.amount(given) == read


def test_a_list_request_is_forgiven_into_allowed_values():
    listing = params.listing(
        _get(ordering="parameters", limit="30", released_from="1066", released_to="x", has_lineage="no", q=" t5 "),
        "models",
    )
    assert (listing.ordering, listing.limit, listing.after) == ("parameters", 25, None)
    assert listing.filters == {"q": "t5", "released_from": 1900, "has_lineage": False}
    assert listing.query() == {"q": "t5", "released_from": "1900", "has_lineage": "false", "ordering": "parameters"} | {
        "limit": "25"
    }
    other = params.listing(_get(ordering="parameters", released_from="2020", organization="google"), "organizations")
    assert (other.ordering, other.filters) == ("name", {})  # neither an ordering nor filters organizations have
