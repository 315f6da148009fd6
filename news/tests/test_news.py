import datetime
import re

import pytest
from defusedxml import ElementTree as ET
from django.core import mail
from django.core.cache import cache

from catalogue.tests.factories import create_home
from news.models import NewsIndexPage, NewsPage, Subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()


@pytest.fixture
def index():
    page = NewsIndexPage(title="News", slug="news")
    create_home().add_child(instance=page)
    return page


def create_post(index, **overrides):
    fields = {
        "title": "Our busiest year",
        "slug": "busiest",
        "date": datetime.date(2019, 12, 18),
        "introduction": "More delegations than ever.",
        "body": "<p>Thank you.</p>",
        **overrides,
    }
    post = NewsPage(**fields)
    index.add_child(instance=post)
    return post


def test_news_index_post_tags_and_home(client, index):
    post = create_post(index)
    post.tags.add("year in review")
    post.save()
    create_post(index, title="Older news", slug="older", date=datetime.date(2018, 1, 1))
    html = client.get("/news/").content.decode()
    assert html.index("Our busiest year") < html.index("Older news")
    assert "Older news" not in client.get("/news/", {"tag": "year in review"}).content.decode()
    assert "Thank you." in client.get(post.url).content.decode()
    assert "Our busiest year" in client.get("/").content.decode()


def test_rss_and_atom_are_valid_xml_with_the_posts(client, index):
    create_post(index, title="Post <with> & marks")
    rss = client.get("/news/feed/rss/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(rss.content)
    assert root.tag == "rss" and root.find("channel/item/title").text == "Post <with> & marks"
    atom = ET.fromstring(client.get("/news/feed/atom/").content)
    assert atom.tag == "{http://www.w3.org/2005/Atom}feed"
    assert (
        atom.find("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}title").text == "Post <with> & marks"
    )


def test_every_feed_item_carries_the_post_date(client, index):
    from email.utils import parsedate_to_datetime

    create_post(index)
    create_post(index, title="Older news", slug="older", date=datetime.date(2018, 3, 5))
    expected = {"http://testserver/news/busiest/": datetime.date(2019, 12, 18)}
    expected["http://testserver/news/older/"] = datetime.date(2018, 3, 5)

    items = ET.fromstring(client.get("/news/feed/rss/").content).findall("channel/item")
    assert len(items) == 2
    for item in items:
        published = parsedate_to_datetime(item.find("pubDate").text)
        assert published.date() == expected[item.find("link").text]

    atom = "{http://www.w3.org/2005/Atom}"
    entries = ET.fromstring(client.get("/news/feed/atom/").content).findall(f"{atom}entry")
    assert len(entries) == 2
    for entry in entries:
        post_date = expected[entry.find(f"{atom}link").get("href")]
        assert datetime.datetime.fromisoformat(entry.find(f"{atom}updated").text).date() == post_date
        assert datetime.datetime.fromisoformat(entry.find(f"{atom}published").text).date() == post_date


def test_feed_updated_follows_a_later_publication(client, index):
    post = create_post(index)
    post.save_revision().publish()
    post.refresh_from_db()
    atom = "{http://www.w3.org/2005/Atom}"
    entry = ET.fromstring(client.get("/news/feed/atom/").content).find(f"{atom}entry")
    updated = datetime.datetime.fromisoformat(entry.find(f"{atom}updated").text)
    published = datetime.datetime.fromisoformat(entry.find(f"{atom}published").text)
    assert published.date() == datetime.date(2019, 12, 18)
    assert updated == post.last_published_at


def test_newsletter_double_opt_in_and_unsubscribe(client, index):
    response = client.post("/newsletter/subscribe/", {"email": "Reader@Example.org", "consent": "on"})
    assert response.status_code == 200 and "Check your e-mail" in response.content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "reader@example.org" and not subscriber.is_active
    message = mail.outbox[-1]
    confirm = re.search(r"/newsletter/confirm/[^\s/]+/", message.body).group(0)
    unsubscribe = re.search(r"/newsletter/unsubscribe/[^\s/]+/", message.body).group(0)
    assert client.get(confirm).status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.is_active and subscriber.confirmed_at is not None
    consented = subscriber.confirmed_at
    # Signing up again neither duplicates nor mails an active subscriber.
    client.post("/newsletter/subscribe/", {"email": "reader@example.org", "consent": "on"})
    assert Subscriber.objects.count() == 1 and len(mail.outbox) == 1
    client.get(unsubscribe)
    subscriber.refresh_from_db()
    assert not subscriber.is_active and subscriber.confirmed_at == consented


@pytest.mark.parametrize("path", ["/newsletter/confirm/forged/", "/newsletter/unsubscribe/forged/"])
def test_forged_links_are_refused(client, index, path):
    assert client.get(path).status_code == 400


def test_expired_confirmation_links_are_refused(client, index, monkeypatch):
    from news import services

    client.post("/newsletter/subscribe/", {"email": "late@example.org", "consent": "on"})
    confirm = re.search(r"/newsletter/confirm/[^\s/]+/", mail.outbox[-1].body).group(0)
    monkeypatch.setattr(services, "CONFIRM_MAX_AGE", -1)
    assert client.get(confirm).status_code == 400
    assert not Subscriber.objects.get().is_active


def test_signup_needs_consent_a_valid_address_and_is_rate_limited(client, index, settings):
    assert client.post("/newsletter/subscribe/", {"email": "x@example.org"}).status_code == 400
    assert client.post("/newsletter/subscribe/", {"email": "not-an-address", "consent": "on"}).status_code == 400
    assert (
        client.post("/newsletter/subscribe/", {"email": "bot@example.org", "consent": "on", "website": "x"}).status_code
        == 400
    )
    assert client.get("/newsletter/subscribe/").status_code == 405
    for n in range(3):
        client.post("/newsletter/subscribe/", {"email": f"r{n}@example.org", "consent": "on"})
    assert client.post("/newsletter/subscribe/", {"email": "late@example.org", "consent": "on"}).status_code == 429
    assert not Subscriber.objects.filter(email="late@example.org").exists()


def test_staff_export_only_confirmed_active_subscribers(client, index):
    import csv
    import io

    from django.test import Client
    from django.utils import timezone

    from offices.models import StaffRole
    from visits.tests.personas import create_staff

    now = timezone.now()
    Subscriber.objects.create(email="active@example.org", confirmed_at=now)
    Subscriber.objects.create(email="pending@example.org")
    Subscriber.objects.create(email="gone@example.org", confirmed_at=now, unsubscribed_at=now)
    editor = Client()
    editor.force_login(create_staff("editor", StaffRole.Role.EDITOR))
    response = editor.get("/admin/newsletter/subscribers.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows] == ["email", "active@example.org"]
    manager = Client()
    manager.force_login(create_staff("manager", StaffRole.Role.MANAGER))
    assert manager.get("/admin/newsletter/subscribers.csv")["Location"] == "/admin/"
    assert Client().get("/admin/newsletter/subscribers.csv")["Location"].startswith("/admin/login/")


def test_the_signup_form_speaks_the_visitors_language(client, index):
    """Its labels are looked up per request, not once when the module was imported."""
    swedish = client.get("/sv/newsletter/").content.decode()
    assert "Jag vill få nyhetsbrevet och godkänner att min adress sparas för det." in swedish
    assert "I want the newsletter" not in swedish
    english = client.get("/newsletter/").content.decode()
    assert "I want the newsletter and agree that my address is stored for it." in english
