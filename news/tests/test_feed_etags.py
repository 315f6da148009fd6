"""The news feeds answer If-None-Match with 304 until a post is published, unpublished or
changed, in each language and at each address (news/feeds.py)."""

import pytest
from django.core.cache import cache

from catalogue.tests.factories import translate_page
from news.tests.test_news import create_post, index  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db
FEEDS = ["/news/feed/rss/", "/news/feed/atom/"]


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@pytest.mark.parametrize("url", FEEDS)
def test_a_feed_answers_304_until_a_post_changes(client, index, url, django_assert_num_queries):  # noqa: F811
    post = create_post(index)
    post.save_revision().publish()
    first = client.get(url)
    etag = first["ETag"]
    assert first.status_code == 200 and etag.startswith('W/"')
    with django_assert_num_queries(1):
        not_modified = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304 and not_modified.content == b"" and not_modified["ETag"] == etag

    def changed():
        nonlocal etag
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200 and response["ETag"] != etag
        etag = response["ETag"]
        return response.content.decode()

    post.title = "Our busiest year yet"
    post.save_revision().publish()
    assert "Our busiest year yet" in changed()
    newer = create_post(index, title="A new office in Umeå", slug="umea")
    assert "A new office in Umeå" in changed()
    newer.unpublish()
    assert "A new office in Umeå" not in changed()
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_each_language_kind_and_address_has_its_own_etag(client, index):  # noqa: F811
    post = create_post(index)
    translate_page(post, "sv", title="Vårt mest intensiva år")
    rss, atom = (client.get(url)["ETag"] for url in FEEDS)
    swedish = client.get("/sv" + FEEDS[0])
    assert "Vårt mest intensiva år" in swedish.content.decode()
    other_host = client.get(FEEDS[0], HTTP_HOST="localhost")["ETag"]
    assert len({rss, atom, swedish["ETag"], other_host}) == 4
    assert client.get("/sv" + FEEDS[0], HTTP_IF_NONE_MATCH=rss).status_code == 200
