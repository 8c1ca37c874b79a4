"""The development GraphiQL page works offline: everything it loads comes from the app itself.

Over HTTP: the page, its Content-Security-Policy and every asset it names. In
a real browser (Debian's headless Chromium, driven over the DevTools protocol
against a real uvicorn process): the editor renders with the login example,
the run button logs in, a token pasted into the Headers tab authenticates the
next query, and no request leaves 127.0.0.1. Without Chromium the browser test
is skipped on a laptop and fails in CI (CI set), where .ci/run installs it.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.sync.client import ClientConnection, connect

from api.graphql_app import GraphQLApp
from schema.build import build_schema
from tests.conftest import TEST_SECRET

ROOT = Path(__file__).resolve().parents[2]
HTML = {"Accept": "text/html"}
BROWSER_SECONDS = 20


class Assets(HTMLParser):
    """The URLs a page loads: every <script src> and <link href>."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "script":
            if named.get("src"):
                self.urls.append(named["src"] or "")
            else:
                self.inline_scripts += 1
        if tag == "link":
            self.urls.append(named.get("href") or "")


async def test_graphiql_page_loads_only_the_apps_own_assets(client: httpx.AsyncClient) -> None:
    page = await client.get("/graphql", headers=HTML)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assets = Assets()
    assets.feed(page.text)
    assert assets.inline_scripts == 0
    assert len(assets.urls) >= 4, assets.urls
    for url in assets.urls:
        assert url.startswith("/static/") and "//" not in url, url
        asset = await client.get(url)
        assert asset.status_code == 200, url
        assert asset.content, url
    policy = page.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "default-src 'none'" in policy
    assert "http" not in policy and "unsafe" not in policy
    init = (await client.get("/static/graphiql/init.js")).text
    assert 'login(username: "province-79", password: "demo")' in init
    assert '{"Authorization": "Bearer <token>"}' in init


async def test_no_graphiql_in_production(app: Any) -> None:
    settings = replace(app.state.settings, env="production", secret=TEST_SECRET)
    graphql = GraphQLApp(build_schema(production=True), settings, app.state.policy)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=graphql), base_url="http://test") as http:
        assert (await http.get("/graphql", headers=HTML)).status_code == 404


# --- a real browser ---------------------------------------------------------------------------------------------


def chromium() -> str:
    path = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
    if path is None:
        reason = "no Chromium for the GraphiQL browser test: apt-get install -y chromium"
        if os.environ.get("CI"):
            pytest.fail(reason + " (required in CI)")
        pytest.skip(reason)
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SEED = """
import asyncio, sys
from api.database import close_database, migrate_database, open_database
from api.seed.accounts import create_demo_accounts
from api.seed.load import load_tree

async def main(url):
    await migrate_database(url)
    await open_database(url)
    try:
        await load_tree("demo")
        await create_demo_accounts()
    finally:
        await close_database()

asyncio.run(main(sys.argv[1]))
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A uvicorn process in development, as `make run` starts it, on a database of its own: this test process
    serves the session's SQLite file already, and SQLite is one process. The demo tree and accounts only."""
    database_url = f"sqlite://{tmp_path_factory.mktemp('graphiql-db') / 'graphiql.sqlite3'}"
    subprocess.run([sys.executable, "-c", SEED, database_url], cwd=ROOT, check=True, timeout=60)
    env = os.environ | {"DATABASE_URL": database_url, "APP_SECRET": TEST_SECRET, "APP_ENV": "development"}
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "api.asgi:app", "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen([*command, "--log-level", "warning"], cwd=ROOT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 30
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None and time.time() < deadline, f"{url} did not start"
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


QUERY_EDITOR = "document.querySelector('.graphiql-query-editor .CodeMirror')"
HEADERS_EDITOR = "document.querySelector('.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror')"
RESULT = "document.querySelector('.graphiql-response .CodeMirror')"
RUN = "document.querySelector('.graphiql-execute-button').click()"


class Page:
    """One page of a headless Chromium, over the DevTools protocol; keeps every event it is sent."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.events: list[dict] = []
        self.next_id = 0

    def call(self, method: str, **params: Any) -> dict:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv(timeout=BROWSER_SECONDS))
            if message.get("id") == self.next_id:
                assert "error" not in message, message
                return message["result"]
            self.events.append(message)

    def js(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        assert "exceptionDetails" not in result, result
        return result["result"].get("value")

    def poll(self, expression: str, seconds: float) -> Any:
        deadline = time.time() + seconds
        while not (value := self.js(expression)) and time.time() < deadline:
            time.sleep(0.1)
        return value

    def wait_for(self, expression: str, what: str, seconds: float = 10) -> Any:
        value = self.poll(expression, seconds)
        assert value, f"timed out waiting for {what}; errors: {self.errors()}"
        return value

    def run(self, expect: str) -> str:
        """Clicks the run button until the result pane shows `expect` (GraphiQL takes in an edit after 100 ms)."""
        shows = f"(v => v.includes({json.dumps(expect)}) && v)({RESULT}.CodeMirror.getValue())"
        for _ in range(5):
            time.sleep(0.3)
            self.js(RUN)
            if result := self.poll(shows, 2):
                return result
        raise AssertionError(f"the result pane never showed {expect!r}: {self.js(RESULT + '.CodeMirror.getValue()')}")

    def requested(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.events if e["method"] == "Network.requestWillBeSent"]

    def errors(self) -> list[str]:
        """Uncaught exceptions, console errors and the browser's own (a refused resource, a CSP violation)."""
        found = [json.dumps(e["params"])[:300] for e in self.events if e["method"] == "Runtime.exceptionThrown"]
        found += [
            json.dumps(e["params"]["args"])[:300]
            for e in self.events
            if e["method"] == "Runtime.consoleAPICalled" and e["params"]["type"] in {"error", "warning", "assert"}
        ]
        return found + [
            json.dumps(e["params"]["entry"])[:300]
            for e in self.events
            if e["method"] == "Log.entryAdded" and e["params"]["entry"]["level"] in {"error", "warning"}
        ]


@contextmanager
def headless_chromium(profile: Path) -> Iterator[Page]:
    """Debian's Chromium with the flags this machine's closed network needs, a new profile, one page."""
    executable = chromium()
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]
    flags += ["--disable-background-networking", "--disable-component-update", "--disable-sync"]
    flags += [f"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank"]
    proc = subprocess.Popen([executable, *flags], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port_file = profile / "DevToolsActivePort"  # Chromium writes the port it took here
        deadline = time.time() + 10
        while not (port_file.exists() and len(port_file.read_text().split()) == 2):
            assert proc.poll() is None and time.time() < deadline, "Chromium did not start"
            time.sleep(0.05)
        port = port_file.read_text().split()[0]
        targets = httpx.get(f"http://127.0.0.1:{port}/json/list", timeout=5).json()
        url = next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")
        with connect(url, max_size=None, open_timeout=10) as ws:
            page = Page(ws)
            try:
                yield page
            finally:
                ws.send(json.dumps({"id": 0, "method": "Browser.close"}))  # closes its child processes too
    finally:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def test_graphiql_runs_the_login_example_and_an_authorized_query_offline(server: str, tmp_path: Path) -> None:
    started = time.time()
    with headless_chromium(tmp_path / "chromium-profile") as page:
        for domain in ("Network", "Runtime", "Log", "Page"):
            page.call(f"{domain}.enable")
        page.call("Page.navigate", url=f"{server}/graphql")  # a navigation sends Accept: text/html

        # The editor renders with the login example as its document, and the Headers tab open.
        document = page.wait_for(f"{QUERY_EDITOR}?.CodeMirror.getValue()", "the query editor")
        assert 'login(username: "province-79", password: "demo")' in document
        page.wait_for(f"!!{HEADERS_EDITOR}", "the headers editor")

        # One click logs in; the token pasted into the Headers tab authenticates the next query.
        token = json.loads(page.run('"token"'))["data"]["login"]["token"]
        headers = json.dumps({"Authorization": f"Bearer {token}"})
        page.js(f"{HEADERS_EDITOR}.CodeMirror.setValue({json.dumps(headers)})")
        page.js(f"{QUERY_EDITOR}.CodeMirror.setValue('{{ me {{ username }} }}')")
        assert json.loads(page.run('"me"')) == {"data": {"me": {"username": "province-79"}}}

        # A dialog adds an inline <style> (react-remove-scroll-bar): the page's nonce admits it.
        page.js("document.querySelector('[aria-label=\"Open settings dialog\"]').click()")
        page.wait_for("!!document.querySelector('[role=dialog]')", "the settings dialog")
        page.wait_for("[...document.querySelectorAll('style')].some(s => s.nonce)", "the dialog's <style>")

        page.js("0")  # takes in the events sent so far
        requested = page.requested()
        assert f"{server}/static/graphiql/graphiql.min.js" in requested, requested
        foreign = [url for url in requested if not url.startswith((f"{server}/", "data:"))]
        assert foreign == [], foreign
        assert page.errors() == []
    assert time.time() - started < BROWSER_SECONDS
