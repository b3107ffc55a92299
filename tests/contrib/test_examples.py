"""Both examples, started with their README's one command, driven over HTTP like a browser."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import requests

from ._helpers import consent, expected_seller, require_module, run_example


def _dance(base: str) -> requests.Session:
    """Connect Gumroad through the example at *base*; return the browser-like session."""
    http = requests.Session()
    home = http.get(base, timeout=30)
    assert home.status_code == 200 and "Connect Gumroad" in home.text
    link = re.search(r'<a id="connect" href="([^"]+)">Connect Gumroad</a>', home.text)
    assert link is not None
    start = http.get(urljoin(base, link.group(1)), allow_redirects=False, timeout=30)
    assert start.status_code == 302
    callback = consent(start.headers["Location"])
    back = http.get(callback, timeout=30)  # follows the app's redirect to its home page
    assert back.status_code == 200, back.text
    name, products = expected_seller()
    assert f'<h1 id="seller-name">{name}</h1>' in back.text
    for product in products:
        assert product in back.text
    assert back.text.count("<li>") >= len(products) + 5  # products and five recent sales
    assert "Disconnect" in back.text
    return http


def test_the_flask_example() -> None:
    require_module("flask")
    with run_example("flask_app/app.py") as base:
        http = _dance(base)
        gone = http.post(urljoin(base, "/gumroad/disconnect"), timeout=30)
        assert gone.status_code == 200 and "Connect Gumroad" in gone.text


def test_the_django_example() -> None:
    require_module("django")
    with run_example("django_project/run.py") as base:
        http = _dance(base)
        page = http.get(base, timeout=30).text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token is not None
        gone = http.post(urljoin(base, "/gumroad/disconnect/"), timeout=30,
                         data={"csrfmiddlewaretoken": token.group(1)}, headers={"Referer": base})
        assert gone.status_code == 200 and "Connect Gumroad" in gone.text
