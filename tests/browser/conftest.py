"""Playwright harness: Debian's Chromium, headless, against pytest-django's live server.

Where Chromium is absent the browser tests skip with the reason printed; under CI (CI=true) its
absence is a failure, because .ci/run installs it and a silently skipped suite hides breakage.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from binaan.accounts.models import User
from tests.factories import PASSWORD

# An ordinary run keeps its screenshots out of the repository (var/ is ignored), so `make test`
# leaves `git status` clean; `make screenshots` sets BINAAN_SCREENSHOTS=docs to refresh the ones
# the documentation shows.
SCREENSHOTS = Path(settings.BASE_DIR) / (
    "docs/screenshots" if os.environ.get("BINAAN_SCREENSHOTS") == "docs" else "var/screenshots"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_path() -> str | None:
    candidate = os.environ.get("BINAAN_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return candidate if Path(candidate).exists() else None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = chromium_path()
    if executable is None:
        reason = "Chromium not found (install Debian's `chromium` or set BINAAN_CHROMIUM)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must run the browser tests.")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django then refuses ORM calls
    # from "async" code. The test bodies are ordinary synchronous code, so allow it here only.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    # A 10-inch tablet in landscape: the device officers carry into the mosque or the hall.
    context = browser.new_context(
        viewport={"width": 1280, "height": 800}, locale="id-ID", base_url=live_server.url
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    # Every browser test is also a Content-Security-Policy check: the browser reports each
    # refused script, style or handler on the console, and any such report fails the test.
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()
    assert not violations, "CSP violations:\n" + "\n".join(violations)


@pytest.fixture
def login(page: Any) -> Callable[[User], Any]:
    def do_login(user: User, password: str = PASSWORD) -> Any:
        page.goto("/accounts/login/")
        page.get_by_label("Nama pengguna").fill(user.username)
        page.get_by_label("Kata sandi").fill(password)
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_url("**/")
        return page

    return do_login


def open_user_menu(page: Any) -> None:
    """The account's own pages (password, two-factor login, language, log out) sit in the
    header's user menu, a `<details>` disclosure: open it unless it is open."""
    menu = page.locator("details.user-menu")
    if menu.get_attribute("open") is None:
        menu.locator("summary").click()


def assert_accessible(page: Any) -> None:
    """axe-core on the current page; fails on serious or critical violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations = [
        v for v in results.response["violations"] if v.get("impact") in {"serious", "critical"}
    ]
    details = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in violations
    )
    assert not violations, f"Accessibility violations on {page.url}:\n{details}"


def screenshot(page: Any, name: str, *, full_page: bool = True) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def pdf_page_to_png(pdf: bytes, name: str, *, page_number: int = 1, width: int = 1100) -> Path:
    """Render one page of a PDF to SCREENSHOTS/NAME.png with PDFium, `width` pixels wide.

    PDFium draws the page synchronously, so nothing has to wait for a viewer to paint."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        assert 1 <= page_number <= len(document), f"{name}: no page {page_number}"
        page = document[page_number - 1]
        image = page.render(scale=width / page.get_width()).to_pil()
        # An all-white page means the document drew nothing: fail rather than save it.
        darkest = min(low for low, _ in image.convert("RGB").getextrema())
        assert darkest < 128, f"{name}: page {page_number} is blank"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        image.save(path)
        return path
    finally:
        document.close()
