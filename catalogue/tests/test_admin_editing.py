"""Editors can open and save pages in the Wagtail editor, custom multiple-choice fields included."""

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from catalogue.tests.factories import create_best_practice, create_home, create_sub_area
from offices.tests.factories import create_office, create_region


class EditorTests(WagtailPageTestCase):
    def test_an_office_keeps_its_opening_weekdays_through_the_editor(self):
        office = create_office(create_home(), region=create_region(), opening_weekdays=[0, 2, 4])
        self.assertPageIsEditable(office)  # form data read back from the editor's own HTML
        office.refresh_from_db()
        self.assertEqual(office.opening_weekdays, [0, 2, 4])
        self.assertEqual(office.visit_slots.count(), 2)

    def test_a_best_practice_is_saved_with_its_languages(self):
        sub_area = create_sub_area()
        practice = create_best_practice([sub_area])
        data = nested_form_data(
            {
                "title": "Edited practice",
                "slug": practice.slug,
                "summary": "A new summary.",
                "introduction": "",
                "body": rich_text("<p>Body</p>"),
                "key_facts": streamfield([("fact", {"label": "Buses", "value": "40", "unit": "", "source": "City"})]),
                "milestones": streamfield([]),
                "gallery_images": inline_formset([]),
                "municipality": "Umeå",
                "county": practice.county_id,
                "latitude": "63.8258",
                "longitude": "20.2630",
                "visitable_on_site": "on",
                "duration_minutes": "90",
                "largest_group": "25",
                "groups_at_once": "2",
                "accessibility": "Step-free.",
                "host_organisation": "City",
                "action-publish": "publish",
            }
        )
        # Multiple-choice fields post one value per key (nested_form_data would number them).
        data.update({"sub_areas": [sub_area.pk], "languages": ["en", "zh"]})
        self.assertPageIsEditable(practice, post_data=data)
        self.client.force_login(self.create_superuser("editor"))
        response = self.client.post(f"/admin/pages/{practice.pk}/edit/", data)
        self.assertEqual(
            response.status_code, 302, response.content.decode()[-3000:] if response.status_code != 302 else ""
        )
        practice.refresh_from_db()
        self.assertEqual((practice.title, practice.languages), ("Edited practice", ["en", "zh"]))
        self.assertEqual(practice.key_facts[0].value["label"], "Buses")
        self.assertEqual(practice.groups_at_once, 2)
