"""PDF documents from HTML templates (WeasyPrint), without any network access.

The documents embed only what the site ships: static files and data: URIs. Any other
address in a template (an editor's link, a tile server) is refused instead of fetched, so
rendering a PDF can never make the server call out.
"""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

# Fonts with Latin, Swedish and Chinese glyphs (DejaVu and WenQuanYi ship with Debian).
PDF_FONT_STACK = '"DejaVu Sans", "WenQuanYi Micro Hei", sans-serif'


def _local_only(url: str, timeout=10, ssl_context=None):
    from weasyprint.urls import default_url_fetcher

    if url.startswith("data:"):
        return default_url_fetcher(url)
    prefix = "local-static:/"
    if url.startswith(prefix):
        path = finders.find(url[len(prefix) :].lstrip("/"))
        if path:
            with open(path, "rb") as handle:
                return {"string": handle.read(), "filename": path}
    raise ValueError(f"PDFs embed only the site's own static files, not {url[:80]!r}")


def render_pdf(template: str, context: dict) -> bytes:
    """A4 PDF of `template`; static files are referenced as `local-static:/path`."""
    from weasyprint import HTML

    html = render_to_string(template, {**context, "pdf_font_stack": PDF_FONT_STACK})
    return HTML(string=html, base_url="local-static:/", url_fetcher=_local_only).write_pdf()
