"""Pages of best practices read only when needed: their keys first, the pages themselves later."""

from collections.abc import Sequence

from django.utils.functional import cached_property


class LazyPages(Sequence):
    """Best practices in the order of `ids` (a list, or a query of keys run when first read),
    loaded by `load(ids) -> {key: page}` only when they are read, like a sliced queryset
    (the map view never reads its page). The practice cards (`practice_cards`) need only the keys where their
    cards are kept, and load just the missing ones. `distances` ({key: km}) travel with
    the keys, for cards that show how far away a practice is."""

    def __init__(self, ids, load, distances=None):
        self._ids, self._load, self.distances = ids, load, distances or {}

    @cached_property
    def ids(self) -> list:
        return list(self._ids)

    def load(self, ids) -> list:
        """The pages of `ids` in that order (any deleted meanwhile left out)."""
        pages = self._load(ids)
        for pk, page in pages.items():
            if pk in self.distances:
                page.distance_km = self.distances[pk]
        return [pages[pk] for pk in ids if pk in pages]

    @cached_property
    def _pages(self) -> list:
        return self.load(self.ids)

    def __getitem__(self, index):
        return self._pages[index]

    def __len__(self):  # the keys': `|length` and `{% if %}` agree and load nothing
        return len(self.ids)
