"""The development GraphiQL page, served entirely by the app itself (no CDN: it works offline).

GET /graphql with Accept: text/html answers this page outside production. Its
scripts and stylesheets are the vendored builds in api/static/graphiql/
(`make graphiql-assets` refreshes them from npm; the versions are in that
folder's README.md) and our own `init.js`, which starts GraphiQL with a fetcher
posting to /graphql, the Headers tab open for an Authorization header, and a
login example as its default document. The Content-Security-Policy admits
scripts and stylesheets from this origin only, no inline script, and inline
<style> elements only with the page's nonce (GraphiQL's dialogs add one).
"""

from __future__ import annotations

import secrets
from pathlib import Path

from starlette.responses import HTMLResponse
from starlette.staticfiles import StaticFiles

STATIC_DIR = Path(__file__).resolve().parent / "static"

PAGE = """<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>BHYT HSSV · GraphiQL</title>
    <link rel="icon" href="/static/graphiql/favicon.svg" type="image/svg+xml">
    <link rel="stylesheet" href="/static/graphiql/graphiql.min.css">
    <link rel="stylesheet" href="/static/graphiql/page.css">
  </head>
  <body>
    <div id="graphiql">Loading…</div>
    <script src="/static/graphiql/react.production.min.js"></script>
    <script src="/static/graphiql/react-dom.production.min.js"></script>
    <script src="/static/graphiql/graphiql.min.js"></script>
    <script src="/static/graphiql/init.js" nonce="{nonce}"></script>
  </body>
</html>
"""


def content_security_policy(nonce: str) -> str:
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            f"style-src 'self' 'nonce-{nonce}'",
            "font-src 'self' data:",  # graphiql.min.css inlines its fonts
            "img-src 'self' data:",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        ]
    )


def graphiql_response() -> HTMLResponse:
    nonce = secrets.token_urlsafe(16)
    return HTMLResponse(
        PAGE.replace("{nonce}", nonce),
        headers={
            "Content-Security-Policy": content_security_policy(nonce),
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
        },
    )


def static_files() -> StaticFiles:
    """The app's own static files (mounted at /static): the GraphiQL page's assets."""
    return StaticFiles(directory=STATIC_DIR)
