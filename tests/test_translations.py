"""Every sentence a template or the code shows has its French translation in the catalogue."""
from __future__ import annotations

import os
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from tests.support.forms import post_form

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "app" / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
METHODS = [("app/**.py", "python"), ("templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}


def every_directory(path: str) -> bool:
    """Unlike pybabel's default, walk into `_partials` too (only hidden folders are skipped)."""
    return not os.path.basename(path).startswith(".")


def source_messages() -> dict[str, str]:
    """msgid -> where it is used, for every translatable string of app/ and templates/."""
    found = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), METHODS, keywords=KEYWORDS, directory_filter=every_directory):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault(msgid, f"{filename}:{lineno}")
    return found


def test_every_message_of_the_templates_and_code_has_a_french_translation():
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    missing = []
    for msgid, where in sorted(source_messages().items(), key=lambda item: item[1]):
        entry = catalogue.get(msgid)
        translated = entry is not None and not entry.fuzzy and all(
            entry.string if isinstance(entry.string, tuple) else [entry.string])
        if not translated:
            missing.append(f"{where}: {msgid!r}")
    assert not missing, ("Not translated into French (run `make extract-messages`, which also reads "
                         "templates/_partials, then translate):\n" + "\n".join(missing))


def test_the_banner_over_a_form_with_mistakes_is_in_french(client):
    page = post_form(client, "/login", {"email": "", "password": ""}, headers={"Accept-Language": "fr"})
    text = page.get_data(as_text=True)
    assert "Please correct what is marked below." not in text
    assert "Veuillez corriger ce qui est signalé ci-dessous." in text
