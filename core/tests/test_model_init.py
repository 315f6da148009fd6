"""Page objects built from database rows do not walk their model's fields each time
(core/model_init.py), and modelcluster still sees the same child relations."""

from unittest import mock

import modelcluster.models
import pytest
from django.apps import apps
from modelcluster.models import ClusterableModel

from catalogue.models import BestPracticeImage, BestPracticePage
from catalogue.tests.factories import create_best_practice

pytestmark = pytest.mark.django_db


def test_loading_pages_does_not_list_the_models_fields_for_each_object():
    for n in range(3):
        create_best_practice(title=f"Heat {n}")
    list(BestPracticePage.objects.all())  # the first time per model works them out

    original = BestPracticePage._meta.get_fields
    with mock.patch.object(BestPracticePage._meta, "get_fields", side_effect=original) as get_fields:
        pages = list(BestPracticePage.objects.all())
    assert len(pages) == 3
    assert get_fields.call_count == 0


@pytest.mark.parametrize("name", ["get_all_child_relations", "get_all_child_m2m_relations"])
def test_every_clusterable_model_has_the_child_relations_modelcluster_finds(name):
    kept = getattr(modelcluster.models, name)
    clusterable = [model for model in apps.get_models() if issubclass(model, ClusterableModel)]
    assert BestPracticePage in clusterable
    for model in clusterable:
        expected = kept.original(model)
        assert kept(model) == expected
        assert kept(model()) == expected  # asked with an object, as the constructor does
        kept(model).clear()  # each caller gets a list of its own
        assert kept(model) == expected


def test_child_objects_passed_to_the_constructor_are_still_set():
    page = BestPracticePage(title="Heat", gallery_images=[BestPracticeImage(caption="The harbour")])
    assert [image.caption for image in page.gallery_images.all()] == ["The harbour"]
