"""A tiny static server for the browser tests, serving a built site as GitHub Pages does: at the
root (a user site) or under /<repo>/ (a project site), a folder's index.html for the folder,
and 404.html with status 404 for any missing path (outside the base too)."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import unquote, urlsplit

REPO = "open-budgets"  # the project site's name in the tests: https://<user>.github.io/open-budgets/


def handler(site: Path, base: str, max_age: int | None = None) -> type[http.server.SimpleHTTPRequestHandler]:
    """A request handler serving ``site`` at ``base`` ("/" or "/<repo>/"); with ``max_age``, every
    response says it may be cached that many seconds, as GitHub Pages says (600).  Each
    request's path is kept in ``requests``."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        requests: ClassVar[list[str]] = []

        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(site), **kwargs)  # type: ignore[arg-type]

        def end_headers(self) -> None:
            self.requests.append(self.path)
            if max_age is not None:
                self.send_header("Cache-Control", f"max-age={max_age}")
            super().end_headers()

        def translate_path(self, path: str) -> str:
            p = unquote(urlsplit(path).path)
            if p + "/" == base:  # /repo → /repo/, as Pages redirects
                return str(site)
            if not p.startswith(base):
                return str(site / ".no-such-file")  # outside the base: 404
            return super().translate_path("/" + p[len(base) :])

        def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
            if code != HTTPStatus.NOT_FOUND or not (site / "404.html").exists():
                super().send_error(code, message, explain)
                return
            body = (site / "404.html").read_bytes()
            self.send_response(code)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextmanager
def serve(site: Path, base: str = "/", port: int = 0, max_age: int | None = None) -> Iterator[str]:
    """``site`` served on 127.0.0.1 at ``base``; yields the site's address (ending in /)."""
    with serving(site, base, port, max_age) as (url, _):
        yield url


@contextmanager
def serving(site: Path, base: str = "/", port: int = 0, max_age: int | None = None) -> Iterator[tuple[str, list[str]]]:
    """``site`` served on 127.0.0.1 at ``base``; yields the site's address (ending in /) and the
    list of the paths requested so far."""
    served = handler(site, base, max_age)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), served)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}{base}", served.requests
    finally:
        httpd.shutdown()
        httpd.server_close()


def track(page: Any) -> Any:
    """``page`` (Playwright's) with the set of its requests still under way, for ``settle``."""
    flying: set[Any] = set()
    # Lambdas, not flying.add: Playwright inspects a handler's signature, which a builtin has not.
    page.on("request", lambda r: flying.add(r))
    page.on("requestfinished", lambda r: flying.discard(r))
    page.on("requestfailed", lambda r: flying.discard(r))
    page.flying = flying
    return page


def settle(*pages: Any, quiet: float = 0.5, timeout: float = 15.0) -> None:
    """Wait until none of ``pages`` (each made by ``track``) has had a request under way for
    ``quiet`` seconds: a test's server must not stop while a page still fetches from it (Pagefind
    goes on loading index chunks after its first results), or the fetch fails as a reset."""
    end, still = time.monotonic() + timeout, time.monotonic()
    while time.monotonic() < end:
        if any(p.flying for p in pages):
            still = time.monotonic()
        elif time.monotonic() - still >= quiet:
            return
        pages[0].wait_for_timeout(50)
    raise AssertionError(f"requests still under way after {timeout} s: {[r.url for p in pages for r in p.flying]}")
