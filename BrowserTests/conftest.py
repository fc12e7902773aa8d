"""Browser tests of the public results website.

The suite starts `hattama serve --demo --scale small` on a free loopback port with a throw-away
SQLite database, and drives Debian's Chromium through Playwright (the system browser: nothing is
downloaded). Screenshots go to <repo>/screenshots/browser/ (git-ignored).

Environment: HATTAMA_BIN (default: .build/debug/hattama, else `swift run hattama`),
HATTAMA_CHROMIUM (default: /usr/bin/chromium).
"""

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
SCREENSHOTS = REPO / "screenshots" / "browser"
CHROMIUM = os.environ.get("HATTAMA_CHROMIUM", "/usr/bin/chromium")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_command() -> list[str]:
    binary = os.environ.get("HATTAMA_BIN") or str(REPO / ".build" / "debug" / "hattama")
    if Path(binary).is_file() and os.access(binary, os.X_OK):
        return [binary]
    swift = shutil.which("swift") or "/opt/swift/usr/bin/swift"
    return [swift, "run", "--package-path", str(REPO), "hattama"]


class Server:
    def __init__(self, base: str, process: subprocess.Popen, log: Path, db: Path):
        self.base = base
        self.process = process
        self.log = log
        # The server's SQLite database: tests may add to it with other hattama commands.
        self.db = db

    def url(self, path: str) -> str:
        return self.base + path

    def get_json(self, path: str):
        with urllib.request.urlopen(self.url(path), timeout=30) as response:
            return json.load(response)

    def get(self, path: str, headers: dict | None = None):
        request = urllib.request.Request(self.url(path), headers=headers or {})
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()


@pytest.fixture(scope="session")
def server():
    workdir = Path(tempfile.mkdtemp(prefix="hattama-browser-"))
    port = free_port()
    log = workdir / "server.log"
    command = server_command() + [
        "serve", "--demo", "--scale", "small", "--db", str(workdir / "hattama.sqlite"), "--port", str(port),
    ]
    with open(log, "wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=REPO)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + float(os.environ.get("HATTAMA_SERVER_TIMEOUT", "900"))
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"hattama serve exited with {process.returncode}:\n{log.read_text()[-4000:]}")
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"hattama serve did not answer /healthz in time:\n{log.read_text()[-4000:]}")
            time.sleep(0.5)
        yield Server(base, process, log, workdir / "hattama.sqlite")
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    # No skipping: a browser that cannot start fails the suite.
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM} (apt-get install chromium)", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.console_errors = errors
    yield page
    context.close()


@pytest.fixture(scope="session")
def screenshots():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(page, name: str):
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000, f"{path} looks empty"
        return path

    return save
