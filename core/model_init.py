"""Page objects built from database rows cost less to make.

modelcluster's constructor (under every Wagtail page) lists the model's child relations
from all its fields each time an object is made, to see whether any were passed in: about
half of what building a page object costs, and a listing or a practice page builds dozens.
The lists only change when models do (never once the apps are loaded), so they are worked
out once per model here. Installed by core.apps once every app is loaded; the results are
those modelcluster would give (core/tests/test_model_init.py).
"""

import weakref

import modelcluster.models


def _per_model(find):
    # Weak keys: a model class made later (a test's isolated app, a migration's historical
    # model) is worked out on its own and forgotten with it.
    computed = weakref.WeakKeyDictionary()

    def cached(model):
        model_class = model if isinstance(model, type) else type(model)
        if model_class not in computed:
            computed[model_class] = tuple(find(model_class))
        return list(computed[model_class])  # a list of its own, as modelcluster returns

    cached.original = find
    return cached


def install():
    if not hasattr(modelcluster.models.get_all_child_relations, "original"):
        modelcluster.models.get_all_child_relations = _per_model(modelcluster.models.get_all_child_relations)
        modelcluster.models.get_all_child_m2m_relations = _per_model(modelcluster.models.get_all_child_m2m_relations)
