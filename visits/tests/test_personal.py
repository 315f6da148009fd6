"""Filling a shared page's star holes and plan count for one visitor (visits/personal.py)."""

from django.test import RequestFactory

from core.page_cache import Holes
from visits.personal import PLAN_COUNT_HOLE, STAR_HOLE, fill_plan


def hole(pk):
    return STAR_HOLE.format(pk=pk, unstarred=f"<b>star {pk}</b>", starred=f"<i>unstar {pk}</i>")


def filled(content: str, starred=frozenset()) -> str:
    request = RequestFactory().get("/")
    request.visit_plan_page_ids = starred
    holes = Holes(content.encode())
    fill_plan(request, holes)
    return holes.content().decode()


def test_each_button_shows_the_state_of_this_visitors_plan():
    page = f"<p>a</p>{hole(3)}<p>b</p>{hole(14)}<p>c</p>{hole(3)}<span>{PLAN_COUNT_HOLE}</span>"

    assert filled(page) == "<p>a</p><b>star 3</b><p>b</p><b>star 14</b><p>c</p><b>star 3</b><span>0</span>"
    assert filled(page, frozenset({3})) == (
        "<p>a</p><i>unstar 3</i><p>b</p><b>star 14</b><p>c</p><i>unstar 3</i><span>1</span>"
    )


def test_a_page_without_holes_is_returned_unchanged():
    assert filled("<p>plain</p>", frozenset({1})) == "<p>plain</p>"


def test_an_incomplete_marker_is_left_alone_and_the_holes_after_it_still_filled():
    page = f"<!--pc:star:x-->odd{hole(5)}<!--pc:star:7-->cut off"

    assert filled(page, frozenset({5})) == "<!--pc:star:x-->odd<i>unstar 5</i><!--pc:star:7-->cut off"


def test_holes_inside_the_state_not_shown_go_with_it():
    """The plan count is filled after the stars: one inside a state not shown stays out, with
    the text after it."""
    page = hole(3).replace("<b>star 3</b>", f"<b>star 3 ({PLAN_COUNT_HOLE})</b>")

    assert filled(page, frozenset({3})) == "<i>unstar 3</i>"
    assert filled(page) == "<b>star 3 (0)</b>"


def test_a_star_marker_never_closed_leaves_the_next_button_whole():
    page = f"<!--pc:star:4-->open{hole(5)}"

    assert filled(page, frozenset({5})) == "<!--pc:star:4-->open<i>unstar 5</i>"


def test_buttons_rendered_for_everyone_are_each_pages_own():
    """The shared buttons of a page are rendered once and filled in per page: each must be what
    rendering the button's template for that page gives, awkward titles included."""
    from types import SimpleNamespace

    from django.template import engines
    from django.template.loader import render_to_string

    from core.page_cache import CSRF_HOLE, PATH_HOLE
    from visits.personal import SHARED_STARS

    pages = [
        SimpleNamespace(pk=7, title='Heat & "power" <plant>'),
        SimpleNamespace(pk=71, title="pcstarbuttonkey's 7"),
    ]
    request = RequestFactory().get("/")
    tags = engines["django"].from_string("{% load visits_tags %}{% for p in pages %}{% star_button p %}|{% endfor %}")

    html = tags.render({"pages": pages, "plan_page_ids": SHARED_STARS, "csrf_token": CSRF_HOLE}, request)

    def button(page, starred):
        context = {"page": page, "next": PATH_HOLE, "csrf_token": CSRF_HOLE, "compact": False, "starred": starred}
        return render_to_string("visits/includes/star_button.html", context)

    expected = "".join(
        STAR_HOLE.format(pk=page.pk, unstarred=button(page, False), starred=button(page, True)) + "|" for page in pages
    )
    assert html == expected
    assert "&amp; &quot;power&quot; &lt;plant&gt;" in html
