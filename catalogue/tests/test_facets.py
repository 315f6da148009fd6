"""The facet index's bit sets, apart from any page: a page's bit is its place among the keys."""

import pytest

from catalogue.facets import FacetIndex


def bits_of(index, pks):
    return {index.places[pk] for pk in pks if pk in index.places}


@pytest.mark.parametrize(
    "pks",
    [[], [7], [7, 3], [3, 7, 11, 40], [999], [3, 999, 40], [40, 40, 3]],
    ids=["none", "one", "two", "all", "one not listed", "some not listed", "repeated"],
)
def test_a_mask_has_the_bits_of_the_listed_keys_alone(pks):
    index = FacetIndex([], None, [40, 3, 11, 7])
    mask = index.mask(pks)
    assert {place for place in range(4) if mask >> place & 1} == bits_of(index, pks)
    assert mask < 1 << 4  # no bit for a key the listing does not have


def test_a_mask_of_a_large_listing_agrees_with_its_places():
    keys = list(range(5, 30_005, 3))
    index = FacetIndex([], None, keys)
    chosen = keys[::7] + [2, 4]  # two keys not listed
    mask = index.mask(chosen)
    assert mask.bit_count() == len(keys[::7])
    assert all(mask >> index.places[pk] & 1 for pk in keys[::7])
    assert not mask >> index.places[keys[1]] & 1


def test_a_mask_reads_keys_given_once():
    index = FacetIndex([], None, [40, 3, 11, 7])
    assert index.mask(iter([3, 40, 999])) == index.mask([3, 40])


def test_an_empty_listing_masks_nothing():
    assert FacetIndex([], None, []).mask([1, 2]) == 0
