"""An empty instance with its first start on (TestConfig turns it off for every other test)."""
from __future__ import annotations

import io
import logging
import re

import pytest
from PIL import Image

from tests.support.apps import fresh_app

CODE = re.compile(r"one-time code: ([A-Z0-9-]{23})")


@pytest.fixture
def empty_app(database_url):
    with fresh_app(database_url, SETUP_PAGE=True, SETUP_CODE_LIMIT="3 per minute",
                   PALABRE_NAME="Palabre") as application:
        yield application


@pytest.fixture
def printed_code(empty_app, caplog):
    """The code the first request prints on the console."""
    with caplog.at_level(logging.WARNING, logger="palabre.setup"):
        empty_app.test_client().get("/")
    found = CODE.search(caplog.text)
    assert found, caplog.text
    return found.group(1)


def png(width=64, height=48, colour=(200, 30, 30, 255), fmt="PNG") -> bytes:
    out = io.BytesIO()
    mode, fill = ("RGB", colour[:3]) if fmt == "JPEG" else ("RGBA", colour)
    Image.new(mode, (width, height), fill).save(out, fmt)
    return out.getvalue()
