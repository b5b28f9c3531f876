"""XSS everywhere (issue 9, point 3): the corpora's payloads through every place user text reaches a page,
a feed or an e-mail, parsed afterwards by tests/text/xss_check.py (no script, iframe, object, embed, form
or style element, no on* attribute, no link or source whose scheme is not http, https, mailto or relative).

Comments, amendment titles, rationales and diffs have their own sweeps (tests/comments/test_xss.py,
tests/documents/test_xss.py). This module adds what they do not reach: an organisation's name,
description, website and services (directory, organisation page, application page), a person's name
(comments' author, directory delegates, the record), the preview endpoint's JSON, the /audit page, Atom
entries, the e-mails (subject and body) and the lazy-loaded threads fragment of the text's margin, the notifications page.

How the payloads are chosen (deterministic, no randomness):
- EVERY_PAYLOAD: every distinct non-blank payload of every corpus file (tests/text/corpora.py), sorted.
  All of them go through the cheap pure functions: the markdown renderer and the `safe_url` filter.
- PAGE_SAMPLE: every k-th payload of EVERY_PAYLOAD, k = len // PAGE_PAYLOADS (about 300), so that
  the sample spreads over every corpus and kind of payload. Each round of the page sweep takes
  PER_ROUND consecutive payloads of the sample and spreads them over the fields, rotating which field gets
  which payload, so that each payload lands in several fields and each field sees about
  PAGE_PAYLOADS * FIELDS_PER_PAYLOAD / len(FIELDS) distinct payloads; then every page, fragment, feed and
  e-mail that shows those fields is fetched and checked. About a minute per engine.
A whole page has forms of its own (filters, the language switch): each page is first fetched with
harmless text in every field, and a payload may add no reason of xss_check's to that baseline.
Each text field starts with a marker (`XSSn`) that the test finds in the response, so that a check is
never vacuous (the payload did reach the page).
"""
from __future__ import annotations

import re
from collections import Counter
from xml.etree import ElementTree

import pytest
from sqlalchemy import select

from app.amendments.lifecycle import tell_author
from app.amendments.models import Amendment
from app.audit.services import record as audit
from app.comments import services as comment_services
from app.comments.models import Comment
from app.db_types import utcnow
from app.extensions import db
from app.mail.models import OutboxMail
from app.applications.models import Application
from app.members.confirmation import send_confirmation
from app.members.models import Organisation, Person, Service
from app.templating import LINK_SCHEMES, safe_url
from app.text.render import render_markdown
from app.votes.notify import tell_delegates_vote_opened
from tests.text.corpora import all_files, available, payloads
from tests.text.xss_check import assert_inert, problems, url_scheme

pytestmark = pytest.mark.skipif(not available(), reason="the shared corpora are not here (an error in CI)")

EVERY_PAYLOAD = sorted({p for name in all_files() for p in payloads(name) if p.strip()}) if available() else []
PAGE_PAYLOADS = 300
PAGE_SAMPLE = EVERY_PAYLOAD[:: max(1, len(EVERY_PAYLOAD) // PAGE_PAYLOADS)]
FIELDS = ("organisation_name", "organisation_description", "service_name", "service_description", "person_name",
          "comment_body", "amendment_title", "amendment_rationale", "audit_note", "preview", "contact_name",
          "website")
PER_ROUND = 4
FIELDS_PER_PAYLOAD = len(FIELDS) // PER_ROUND
ROUNDS = [PAGE_SAMPLE[start:start + PER_ROUND] for start in range(0, len(PAGE_SAMPLE), PER_ROUND)]
ATOM = "{http://www.w3.org/2005/Atom}"


def clean(text: str, length: int | None = None) -> str:
    """What a database column can hold: no NUL (PostgreSQL refuses it; the forms answer 400), cut to size."""
    text = text.replace("\x00", "")
    return text[:length] if length else text


def main_part(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0] if "<main" in html else html


def new_problems(html: str, baseline: Counter) -> list[str]:
    """What makes a page less inert than with harmless text: its own forms (a filter, the language
    switch) are in the baseline, anything a payload added is not."""
    return list((Counter(problems(main_part(html))) - baseline).elements())


# Every payload through the pure functions ------------------------------------------------------


def test_every_payload_through_the_renderer_and_the_link_filter_is_inert(app):
    assert len(EVERY_PAYLOAD) > 1000
    for payload in EVERY_PAYLOAD:
        assert_inert(render_markdown(payload[:20_000]))
        kept = safe_url(payload)
        assert kept in ("", payload)
        if kept:
            assert url_scheme(kept) in LINK_SCHEMES | {None}, payload


def test_the_link_filter_refuses_active_schemes_however_written(app):
    for url in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
                "java\nscript:alert(1)", "\x01javascript:alert(1)", "javascript://x.example/%0aalert(1)",
                "data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox(1)", "\u200bjavascript:alert(1)"):
        assert safe_url(url) == "", url
    for url in ("https://example.org/a?b=c", "http://example.org", "mailto:a@example.org", "/relative", "#top",
                "page.html"):
        assert safe_url(url) == url


def test_the_forms_take_only_web_addresses_as_websites(world):
    """URL() alone accepts "javascript://host/%0aalert(1)": the entry form answers 422 and keeps the old one."""
    before = world.row(Organisation, slug=world.ids["org_a"]).website
    response = world.page("delegate_a", "POST", f"/organisations/{world.ids['org_a']}/edit",
                          {"name": "La Clède", "website": "javascript://x.example/%0aalert(1)"})
    assert response.status_code == 422
    assert "https://" in response.get_data(as_text=True)
    assert world.row(Organisation, slug=world.ids["org_a"]).website == before


# A sample through every page, fragment, feed and e-mail -------------------------------------------


def assert_atom_inert(xml: bytes, markers: list[str]) -> None:
    """Well-formed Atom whose text constructs are text (or inert HTML); the markers are in it."""
    root = ElementTree.fromstring(xml)  # a payload breaking out of its element would not parse
    assert root.tag == f"{ATOM}feed"
    for element in root.iter():
        assert element.tag.startswith(ATOM), element.tag
        if element.tag.removeprefix(ATOM) not in ("title", "subtitle", "summary", "content", "rights"):
            continue
        kind = element.get("type")
        if kind in ("html", "xhtml"):
            assert_inert(element.text or "")
        else:
            assert kind in (None, "text"), kind
    text = xml.decode()
    assert_inert(text)
    for marker in markers:
        assert marker in text, marker


def assert_mail_inert(outbox: list, rows: list[OutboxMail], markers: list[str]) -> None:
    """Plain-text e-mails: no HTML part (or an inert one), subjects on one line, the markers in them."""
    texts = []
    for row in rows:
        assert "\n" not in row.subject and "\r" not in row.subject, row.subject
        if row.html_body:
            assert_inert(row.html_body)
        texts.append(row.subject + "\n" + row.text_body)
    for message in outbox:
        assert "\n" not in message.subject and "\r" not in message.subject
        assert message.content_subtype == "plain"
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                assert_inert(content)
    joined = "\n".join(texts)
    for marker in markers:
        assert marker in joined, marker


def put(world, now, round_number: int, chunk: list[str]) -> dict[str, str]:
    """Write the round's payloads in every field (rotating), each behind its marker; return field → text."""
    values = {}
    for index, field in enumerate(FIELDS):
        payload = chunk[(index + round_number) % len(chunk)]
        values[field] = payload if field == "website" else f"XSS{round_number}x{index} {payload}"
    db.session.remove()
    ids = world.ids
    org_a = db.session.scalar(select(Organisation).filter_by(slug=ids["org_a"]))
    org_a.name = clean(values["organisation_name"], 200)
    org_a.description = clean(values["organisation_description"], 5000)
    org_a.website = clean(values["website"], 500)
    services = org_a.services or [Service(organisation=org_a, name="x")]
    services[0].name = clean(values["service_name"], 100)
    services[0].description = clean(values["service_description"], 2000)
    services[0].url = clean(values["website"], 500)
    db.session.add(services[0])
    application = db.session.get(Application, ids["application"])
    candidate = application.organisation
    candidate.name = org_a.name
    candidate.description = org_a.description
    candidate.website = org_a.website
    application.contact_name = clean(values["contact_name"], 200)  # as typed (the confirmation mail's)
    if application.contact is not None:
        application.contact.name = application.contact_name  # the account's, once made
    for email in ("bastien@la-clede.example", "mathilde@la-clede.example", "yanis@campus-libre-lyon.example"):
        db.session.scalar(select(Person).filter_by(email=email)).name = clean(values["person_name"], 200)
    for comment_id in (ids["comment_a"], ids["comment_b"]):
        comment_services.edit_comment(db.session.get(Comment, comment_id),
                                      body=clean(values["comment_body"], 10_000), now=now)
    amendment = db.session.get(Amendment, ids["own_b"])
    amendment.title = clean(values["amendment_title"].replace("\n", " "), 200)
    amendment.rationale = clean(values["amendment_rationale"], 20_000)
    yanis = db.session.scalar(select(Person).filter_by(email="yanis@campus-libre-lyon.example"))
    audit("rules.changed", org_a, by=yanis, organisation_id=org_a.id, now=now, note=clean(values["audit_note"], 2000))
    db.session.commit()
    return values


def marker(values: dict, field: str) -> str:
    return values[field].split(" ", 1)[0]


def test_a_sample_of_the_corpora_through_every_page_feed_fragment_and_mail_is_inert(world):
    assert len(PAGE_SAMPLE) >= PAGE_PAYLOADS * 0.9
    ids = world.ids
    mailman = world.app.extensions["mailman"]
    head_markdown = None
    baselines: dict[str, Counter] = {}
    for round_number, chunk in enumerate([["harmless text"] * PER_ROUND] + ROUNDS):
        now = utcnow()
        values = put(world, now, round_number, chunk)
        checked = {field: False for field in FIELDS}
        pages = {
            "/organisations": ("organisation_name", "organisation_description", "service_name"),
            f"/organisations/{ids['org_a']}": ("organisation_name", "organisation_description", "service_name",
                                              "service_description", "person_name"),
            f"/applications/{ids['application']}": ("organisation_name", "organisation_description",
                                                    "contact_name"),
            f"/amendments/{ids['own_b']}": ("amendment_title", "amendment_rationale", "comment_body",
                                           "person_name"),
            "/audit": ("audit_note", "person_name", "organisation_name"),
            f"/documents/{ids['doc']}/versions/{ids['head']}": ("amendment_title",),  # the margin's links
            f"/documents/{ids['doc']}/discussion": ("comment_body", "person_name"),
            f"/documents/{ids['doc']}/versions/{ids['head']}/clauses/{ids['clause']}/threads": (
                "comment_body", "person_name"),
        }
        for url, fields in pages.items():
            response = world.page("visitor", "GET", url)
            assert response.status_code == 200, url
            html = response.get_data(as_text=True)
            if round_number == 0:
                baselines[url] = Counter(problems(main_part(html)))
            added = new_problems(html, baselines[url])
            assert not added, (url, added[:5], chunk)
            for field in fields:
                assert marker(values, field) in html, (url, field)
                checked[field] = True
            # The website is a link only when its scheme allows it.
            if ids["org_a"] in url and values["website"].strip():
                checked["website"] = True
        for url, fields in {f"/amendments/{ids['own_b']}/feed.atom": ("amendment_title", "comment_body",
                                                                        "person_name"),
                            f"/documents/{ids['doc']}/feed.atom": (),
                            "/feeds/activity.atom": ()}.items():
            response = world.page("visitor", "GET", url)
            assert response.status_code == 200, url
            assert_atom_inert(response.data, [marker(values, field) for field in fields])
        # The live preview's JSON: the rendered text and its diff.
        if head_markdown is None:
            head_markdown = world.page("visitor", "GET", f"/documents/{ids['doc']}/versions/{ids['head']}.md"
                                       ).get_data(as_text=True)
        response = world.page("member_a", "POST", f"/documents/{ids['doc']}/amendments/preview",
                              {"markdown": head_markdown + "\n\n" + clean(values["preview"], 20_000) + "\n",
                               "base_version": str(ids["head"])}, restore=False)
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        body = response.get_json()
        assert_inert(body["html"])
        assert_inert(body["diff_html"])
        assert marker(values, "preview") in body["html"] and marker(values, "preview") in body["diff_html"]
        checked["preview"] = True
        # E-mails: a reply to the member's comment (its author's name in it), a confirmation link
        # (the candidate's and its contact's names).
        sent_before = len(getattr(mailman, "outbox", []))
        first_mail = db.session.scalar(select(OutboxMail.id).order_by(OutboxMail.id.desc()).limit(1)) or 0
        response = world.page("delegate_b", "POST",
                              f"/documents/{ids['doc']}/versions/{ids['head']}/clauses/{ids['clause']}/comments",
                              {"body": "Une réponse.", "parent_id": str(ids["comment_a"])}, restore=False)
        assert response.status_code == 302, response.get_data(as_text=True)[:300]
        response.close()  # sends the request's e-mails
        db.session.remove()
        send_confirmation(db.session.get(Application, ids["application"]), now=now)
        amendment = db.session.get(Amendment, ids["own_b"])
        tell_author(amendment, by=None, now=now)
        tell_delegates_vote_opened(amendment, url=f"/amendments/{amendment.id}#vote", now=now)
        db.session.commit()
        rows = list(db.session.scalars(select(OutboxMail).where(OutboxMail.id > first_mail)))
        assert {row.kind for row in rows} >= {"reply", "confirmation", "amendment_outcome", "vote_opened"}, \
            [row.kind for row in rows]
        sent = getattr(mailman, "outbox", [])[sent_before:]
        assert sent, "the reply's e-mail is sent once the response is closed"
        assert_mail_inert(sent, rows,
                          [marker(values, field) for field in ("person_name", "organisation_name", "contact_name",
                                                               "amendment_title")])
        # The same notifications, on their page.
        for role, fields in (("member_a", ("person_name",)), ("delegate_b", ("amendment_title",))):
            html = world.page(role, "GET", "/notifications").get_data(as_text=True)
            if round_number == 0:
                baselines[role] = Counter(problems(main_part(html)))
            added = new_problems(html, baselines[role])
            assert not added, ("/notifications", role, added[:5], chunk)
            for field in fields:
                assert marker(values, field) in html, ("/notifications", field)
        assert all(checked.values()), [field for field, done in checked.items() if not done]
    world.restore()


def test_a_website_with_an_active_scheme_is_shown_but_never_linked(world):
    """Rows that did not come through the forms (an archive, older data) are still not links."""
    db.session.remove()
    organisation = db.session.scalar(select(Organisation).filter_by(slug=world.ids["org_a"]))
    organisation.website = "javascript://x.example/%0aalert(1)"
    organisation.services.append(Service(name="Pad", url="data:text/html,<script>alert(1)</script>"))
    db.session.commit()
    html = world.page("visitor", "GET", f"/organisations/{world.ids['org_a']}").get_data(as_text=True)
    assert "javascript://x.example/%0aalert(1)" in html
    assert not re.search(r'href="\s*(javascript|data):', html, re.IGNORECASE)
    assert_inert(main_part(html))
    world.restore()
