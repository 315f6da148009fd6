from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from api.api import api
from core import sitemaps
from core.views import favicon, robots_txt

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", api.urls),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),  # an index of parts beyond 10,000 addresses
    path("sitemap-<slug:section>.xml", sitemaps.section, name="sitemap_section"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon, name="favicon"),
]

# Everything a visitor reads is served in each language: English at "/", the others
# under their prefix ("/sv/…", "/zh-hans/…"). See README, "Languages".
public_patterns = [
    path("", include("about.urls")),
    path("", include("visits.urls")),
    path("", include("tours.urls")),
    path("", include("schedule.urls")),
    path("", include("news.urls")),
    path("", include("insights.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
else:
    # Uploaded images are served by Django only where no web server is in front
    # (`make serve`); a real deployment points its web server or CDN at MEDIA_ROOT.
    from core.views import serve_media

    urlpatterns += [
        path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media, {"document_root": settings.MEDIA_ROOT})
    ]

urlpatterns += i18n_patterns(*public_patterns, path("", include(wagtail_urls)), prefix_default_language=False)

handler400 = "core.views.bad_request"
