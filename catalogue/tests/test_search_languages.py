"""Search on Swedish and Chinese pages, on SQLite and PostgreSQL (the suite runs on both)."""

import re

import pytest

from catalogue.tests.factories import create_best_practice, create_home, create_listing_page, translate_page

pytestmark = pytest.mark.django_db


def titles(response):
    assert response.status_code == 200
    return set(re.findall(r'class="card-title"><a href="[^"]+">([^<]+)</a>', response.content.decode()))


@pytest.fixture
def translated():
    home = create_home()
    listing = create_listing_page()
    translate_page(home, "sv", title="Hem")
    translate_page(home, "zh-hans", title="首页")
    translate_page(listing, "sv", title="Goda exempel")
    translate_page(listing, "zh-hans", title="最佳实践")
    rows = [
        ("Recycling in Borås", "Återvinningen av plast i Borås", "布罗斯的塑料回收", "家庭塑料被回收后重新回到商店。"),
        ("District heating", "Fjärrvärmen i Uppsala", "乌普萨拉的区域供热", "城市的废物为家庭供暖。"),
        ("Gas buses in Malmö", "Gasbussar i Malmö", "马尔默的沼气公交车", "公交车使用沼气运行。"),
    ]
    for english, swedish, chinese, chinese_summary in rows:
        practice = create_best_practice(title=english)
        translate_page(practice, "sv", title=swedish, summary=f"{swedish}.")
        translate_page(practice, "zh-hans", title=chinese, summary=chinese_summary)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("återvinning", {"Återvinningen av plast i Borås"}),  # the stem "återvinn" starts both
        ("fjärrvärme", {"Fjärrvärmen i Uppsala"}),
        ("gasbuss", {"Gasbussar i Malmö"}),
        ("gasbussarna", {"Gasbussar i Malmö"}),
    ],
)
def test_swedish_pages_search_swedish_word_forms(client, translated, query, expected):
    assert titles(client.get("/sv/best-practices/", {"q": query})) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("区域供热", {"乌普萨拉的区域供热"}),  # inside a title, not at its start
        ("沼气", {"马尔默的沼气公交车"}),
        ("回到商店", {"布罗斯的塑料回收"}),  # inside a summary
        ("沼气 公交", {"马尔默的沼气公交车"}),  # every phrase must match
        ("沼气 供热", set()),
        ("地铁", set()),
    ],
)
def test_chinese_pages_find_phrases_inside_titles_and_summaries(client, translated, query, expected):
    assert titles(client.get("/zh-hans/best-practices/", {"q": query})) == expected


def test_each_language_searches_its_own_pages(client, translated):
    assert titles(client.get("/best-practices/", {"q": "Malmö"})) == {"Gas buses in Malmö"}
    assert titles(client.get("/sv/best-practices/", {"q": "Malmö"})) == {"Gasbussar i Malmö"}
