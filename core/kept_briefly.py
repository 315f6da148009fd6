"""Settings-like rows read on a hot path, kept in each process for a moment.

Whether anyone subscribes to a webhook event, and which offices confirm requests
automatically, is asked after every booking and almost never changes. Each process keeps the
answer for PAGE_CACHE_SHARED_CHECK_SECONDS, the time other processes take to notice a
content change too, and forgets it at once when it writes one of the models itself.

Keep only answers whose staleness costs little: callers read the rows themselves when the
kept answer says there is something to do, so a row deleted elsewhere a moment ago is merely
read once more, while a row added elsewhere takes effect within that second.
"""

import time
import weakref

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from core.page_cache import note_read

_every = weakref.WeakSet()


class KeptBriefly:
    def __init__(self, compute, *models):
        self._compute = compute
        self._models = models
        self._value = None
        self._until = float("-inf")
        self._writes = 0  # bumped by every forget: an answer read across one is not kept
        self._receivers = []
        for model in models:
            uid = f"kept-briefly:{id(self)}:{model._meta.label_lower}"
            for signal in (post_save, post_delete):
                signal.connect(self.forget, sender=model, weak=False, dispatch_uid=uid)
                self._receivers.append((signal, model, uid))
        _every.add(self)

    def get(self):
        now = time.monotonic()
        if now >= self._until:
            writes = self._writes
            value = self._compute()
            if writes == self._writes:
                self._value, self._until = value, now + settings.PAGE_CACHE_SHARED_CHECK_SECONDS
            return value
        # Read without a query: a page rendered from it must say so to the page cache.
        note_read(*self._models)
        return self._value

    def forget(self, **_signal_kwargs):
        self._forget_now()
        # A read between this write and its commit sees the old rows: forget that one too.
        transaction.on_commit(self._forget_now, robust=True)

    def _forget_now(self):
        self._writes += 1
        self._until = float("-inf")

    def disconnect(self):
        for signal, model, uid in self._receivers:
            signal.disconnect(sender=model, dispatch_uid=uid)
        _every.discard(self)


def forget_all():
    """Every kept answer read afresh (tests: a rolled-back write sends no signal)."""
    for kept in list(_every):
        kept._forget_now()
