"""Who may do what, for every route of Flask's URL map, pages and API, as every role.

ROUTES has one row per endpoint name; each case says, for every role, the expected answer. A role a
case does not grant is denied (403, or the log-in page / 401 for people who are not logged in), so
anything not listed is refused. `test_every_route_has_a_row` fails, naming the endpoint, as soon as a
route is added without its row: add the row, with its expected answers.

The roles are the demo's (tests/hardening/world.py): a visitor, a member of A (La Clède), a delegate
of A, a delegate of B (Campus libre Lyon), the facilitator and a person deactivated after logging in.
Pages use each one's session cookie and CSRF token; the API uses each one's Bearer token. Requests
that succeed in writing are rolled back (the seeded database is restored), so every case starts from
the same state. Both engines run the whole matrix.
"""
from __future__ import annotations

import re

from dataclasses import dataclass, field
from typing import Any, Callable

import pytest

from tests.hardening.world import ROLES, WRITES

# Expected answers ----------------------------------------------------------------------

OK = "allowed"            # 2xx, or a redirect that is not to the log-in page, or a form re-shown with errors
LOGIN = "log-in page"     # 302 to /login
FORBIDDEN = 403
NOT_FOUND = 404
UNAUTHORIZED = 401
CONFLICT = 409
BAD_REQUEST = 400

LOGGED_IN = ("member_a", "delegate_a", "delegate_b", "facilitator")
MEMBERS = LOGGED_IN  # facilitators count as members (policy.is_member)
DELEGATES = ("delegate_a", "delegate_b")


def outcome(response) -> Any:
    """What a response amounts to, in the vocabulary of the table."""
    status = response.status_code
    if status in (301, 302, 303) and "/login" in response.headers.get("Location", ""):
        return LOGIN
    if status < 400 or status == 422:
        return OK
    return status


def page_rule(allowed: tuple[str, ...] = (), *, denied: Any = FORBIDDEN, anonymous: Any = LOGIN, **roles) -> dict:
    """Pages: `allowed` roles get through, other logged-in roles get `denied`; visitors and the
    deactivated person (whose session no longer counts) get `anonymous`; keyword arguments override."""
    table = {role: (OK if role in allowed else denied) for role in LOGGED_IN}
    table.update(visitor=anonymous, deactivated=anonymous)
    table.update(roles)
    return table


def api_rule(allowed: tuple[str, ...] = (), *, denied: Any = FORBIDDEN, visitor: Any = UNAUTHORIZED, **roles) -> dict:
    """API: the deactivated person's token is refused (401) everywhere."""
    table = {role: (OK if role in allowed else denied) for role in LOGGED_IN}
    table.update(visitor=visitor, deactivated=UNAUTHORIZED)
    table.update(roles)
    return table


PUBLIC_PAGE = page_rule(LOGGED_IN, anonymous=OK)
PUBLIC_API = api_rule(LOGGED_IN, visitor=OK)


@dataclass
class Case:
    method: str
    url: str                      # formatted with the world's ids: {own_a}, {org_b}…
    expect: dict
    data: Any = None              # form fields, or the JSON body for the API
    api: bool = False
    note: str = ""
    check: Callable | None = field(default=None, repr=False)


def page(method, url, expect, data=None, note=""):
    return Case(method, url, expect, data, False, note)


def api(method, url, expect, body=None, note=""):
    return Case(method, url, expect, body, True, note)


def G(url, expect=PUBLIC_PAGE, note=""):
    return page("GET", url, expect, note=note)


def P(url, expect, data=None, note=""):
    return page("POST", url, expect, data or {}, note)


AMENDMENT_FORM = {"title": "Un titre", "rationale": "Parce que.", "markdown": "# Charte\n\nUn texte.\n",
                  "base_version": "{head}"}
NO_ONE = page_rule(())

# One row per endpoint ---------------------------------------------------------------------

ROUTES: dict[str, list[Case]] = {
    # main, static
    "main.home": [G("/")],
    "main.healthz": [G("/healthz")],
    "static": [G("/static/css/palabre.css")],
    # auth
    "auth.login": [G("/login"),
                   P("/login", page_rule(LOGGED_IN, anonymous=OK),
                     {"email": "bastien@la-clede.example", "password": "palabre-demo"})],
    "auth.logout": [P("/logout", page_rule(LOGGED_IN, anonymous=OK))],
    # Logging in again from the expired-session page needs that page's own token (resume-resume_token),
    # never a page's usual one: tests/test_expired_session.py walks it with the real page.
    "auth.resume": [P("/login/resume", page_rule(denied=BAD_REQUEST, anonymous=BAD_REQUEST),
                      {"resume-email": "bastien@la-clede.example", "resume-password": "palabre-demo",
                       "resume-next": "/account"})],
    "auth.account": [G("/account", page_rule(LOGGED_IN)),
                     P("/account", page_rule(LOGGED_IN), {"name": "Nouveau nom", "language": "en"})],
    "auth.mail_preferences": [P("/account/mail", page_rule(LOGGED_IN), {"mail-reply": "y", "mail-digest": "y"})],
    "auth.change_password": [P("/account/password", page_rule(LOGGED_IN),
                               {"current_password": "palabre-demo", "new_password": "another long password",
                                "confirm": "another long password"})],
    "auth.revoke_tokens": [P("/account/tokens/revoke", page_rule(LOGGED_IN))],
    "auth.set_language": [P("/language", page_rule(LOGGED_IN, anonymous=OK), {"language": "en", "next": "/"})],
    "auth.accept_invitation": [
        G("/invitations/{invitation}", page_rule(LOGGED_IN, anonymous=OK)),
        G("/invitations/not-a-real-secret", page_rule(denied=NOT_FOUND, anonymous=NOT_FOUND)),
        P("/invitations/{invitation}", page_rule(LOGGED_IN, anonymous=OK),
          {"name": "Nouvelle", "password": "a long enough password", "confirm": "a long enough password"}),
    ],
    # accounts (issue 17): a reset link for anyone; sessions and tokens are each person's own (another's: 404)
    "reset.request_link": [G("/password-reset"),
                           P("/password-reset", page_rule(LOGGED_IN, anonymous=OK), {"email": "bastien@la-clede.example"})],
    "reset.choose_password": [
        G("/password-reset/{reset}", page_rule(LOGGED_IN, anonymous=OK)),
        G("/password-reset/not-a-real-secret", page_rule(denied=NOT_FOUND, anonymous=NOT_FOUND)),
        P("/password-reset/{reset}", page_rule(denied=LOGIN, anonymous=LOGIN),
          {"password": "a long enough password", "confirm": "a long enough password"},
          note="anyone with the link; then everyone is sent to log in (with the new password)"),
    ],
    "api.request_password_reset": [api("POST", "/api/v1/password-reset", api_rule(LOGGED_IN, visitor=OK),
                                       {"email": "bastien@la-clede.example"})],
    # Single sign-on is off in the world (no provider configured): tests/oidc run it against a real provider.
    "oidc.start": [G("/login/sso", page_rule(denied=NOT_FOUND, anonymous=NOT_FOUND))],
    "oidc.callback": [G("/login/sso/callback?code=x&state=y", page_rule(denied=NOT_FOUND, anonymous=NOT_FOUND))],
    "two_factor.challenge": [G("/login/two-factor", page_rule(denied=LOGIN, anonymous=LOGIN),
                               note="nobody is half-way through logging in: back to the log-in page"),
                             P("/login/two-factor", page_rule(denied=LOGIN, anonymous=LOGIN), {"code": "123456"})],
    "two_factor.start": [P("/account/two-factor/start", page_rule(LOGGED_IN),
                           {"tf-current_password": "palabre-demo"})],
    "two_factor.confirm": [P("/account/two-factor/confirm", page_rule(LOGGED_IN), {"confirm-code": "123456"})],
    "two_factor.recovery_codes": [P("/account/two-factor/recovery-codes", page_rule(LOGGED_IN),
                                    {"tf-current_password": "palabre-demo"})],
    "two_factor.turn_off": [P("/account/two-factor/off", page_rule(LOGGED_IN),
                              {"tfoff-current_password": "palabre-demo", "tfoff-code": "123456"})],
    "sessions.end_session": [P("/account/sessions/{session_member_a}/end",
                               page_rule(("member_a",), denied=NOT_FOUND))],
    "sessions.end_other_sessions": [P("/account/sessions/end-others", page_rule(LOGGED_IN))],
    "sessions.revoke_token": [P("/account/tokens/{token_member_a}/revoke", page_rule(("member_a",), denied=NOT_FOUND))],
    "sessions.create_token": [P("/account/tokens", page_rule(LOGGED_IN), {"tok-current_password": "palabre-demo"})],
    # admin: the facilitator only
    "admin.index": [G("/admin/", page_rule(("facilitator",)))],
    "admin.new_organisation": [G("/admin/organisations/new", page_rule(("facilitator",))),
                               P("/admin/organisations/new", page_rule(("facilitator",)),
                                 {"slug": "nouvelle", "name": "Nouvelle", "status": "member"})],
    "admin.edit_organisation": [G("/admin/organisations/{org_a}", page_rule(("facilitator",))),
                                P("/admin/organisations/{org_a}", page_rule(("facilitator",)),
                                  {"slug": "la-clede", "name": "La Clède", "status": "former"})],
    "admin.new_person": [G("/admin/people/new", page_rule(("facilitator",))),
                         P("/admin/people/new", page_rule(("facilitator",)),
                           {"email": "new@la-clede.example", "name": "New", "organisation": "{org_a_id}",
                            "is_facilitator": "y"})],
    "admin.edit_person": [G("/admin/people/{person_member_a}", page_rule(("facilitator",))),
                          P("/admin/people/{person_member_a}", page_rule(("facilitator",)),
                            {"email": "bastien@la-clede.example", "name": "B", "organisation": "{org_a_id}",
                             "is_facilitator": "y", "is_active": "y"})],
    # the first start (issue 17.2): the demo is set up, so the set-up page is closed to everyone, for ever
    "collective.setup": [G("/setup", page_rule(denied=NOT_FOUND, anonymous=NOT_FOUND)),
                         P("/setup", page_rule(denied=NOT_FOUND, anonymous=NOT_FOUND),
                           {"code": "AAAAA-BBBBB-CCCCC-DDDDD", "name": "Prise", "languages": "fr", "main_language": "fr",
                            "facilitator_name": "Eve", "facilitator_email": "eve@example.org",
                            "password": "a long password"})],
    "collective.logo": [G("/collective/logo/{logo}.png"),
                        G("/collective/logo/0123456789abcdef.png", page_rule(denied=NOT_FOUND, anonymous=NOT_FOUND),
                          note="not the current logo")],
    "collective.edit": [G("/admin/collective", page_rule(("facilitator",))),
                        P("/admin/collective", page_rule(("facilitator",)),
                          {"name": "Collectif renommé", "languages": "fr", "main_language": "fr"})],
    "admin.export": [G("/admin/export", page_rule(("facilitator",)),
                       note="the whole collective as a download; its trace is written in the record")],
    # the record of actions: public; the private entries are the facilitator's (test_private_entries_…)
    "audit.index": [G("/audit"), G("/audit?kind=authorisation.refused")],
    # documents
    "documents.index": [G("/documents")],
    "documents.show": [G("/documents/{doc}"), G("/documents/no-such-document", page_rule(
        denied=NOT_FOUND, anonymous=NOT_FOUND))],
    "documents.version": [G("/documents/{doc}/versions/1")],
    "documents.markdown": [G("/documents/{doc}/versions/1.md")],
    "documents.blame": [G("/documents/{doc}/versions/{head}/blame")],
    "documents.history": [G("/documents/{doc}/history")],
    "documents.compare": [G("/documents/{doc}/compare?from=1&to={head}")],
    "documents.clause_history": [G("/documents/{doc}/clauses/{clause}")],
    "documents.new": [G("/documents/new", page_rule(("facilitator",))),
                      P("/documents/new", page_rule(("facilitator",)),
                        {"title": "Statuts", "slug": "statuts", "markdown": "# Statuts\n\nArticle 1.\n"})],
    # printed and office formats: public like the pages they print; a draft's PDF is its author's
    "printing.version_pdf": [G("/documents/{doc}/versions/1.pdf")],
    "printing.version_office": [G("/documents/{doc}/versions/1.odt"), G("/documents/{doc}/versions/1.docx")],
    "printing.amendment_pdf": [G("/amendments/{own_b}.pdf"),
                               G("/amendments/{draft}.pdf", page_rule(("facilitator",), denied=NOT_FOUND,
                                                                      anonymous=NOT_FOUND))],
    "printing.dossier_pdf": [G("/documents/{doc}/amendments.pdf?status=voting")],
    # amendments: drafts are their author's (and the facilitator's); only the author edits or withdraws
    "amendments.index": [G("/amendments")],
    "amendments.for_document": [G("/documents/{doc}/amendments")],
    "amendments.show": [G("/amendments/{own_b}"),
                        G("/amendments/{draft}", page_rule(("facilitator",), denied=NOT_FOUND,
                                                           anonymous=NOT_FOUND),
                          note="someone else's draft is not even shown to exist")],
    "amendments.new": [G("/documents/{doc}/amendments/new", page_rule(MEMBERS)),
                       P("/documents/{doc}/amendments/new", page_rule(MEMBERS), AMENDMENT_FORM)],
    "amendments.preview": [P("/documents/{doc}/amendments/preview", page_rule(MEMBERS, anonymous=FORBIDDEN),
                             {"markdown": "# Charte\n\nUn texte.\n", "base_version": "{head}"})],
    "amendments.edit": [
        G("/amendments/{own_a}/edit", page_rule(("delegate_a",))),
        P("/amendments/{own_a}/edit", page_rule(("delegate_a",)), AMENDMENT_FORM),
        P("/amendments/{own_b}/edit", page_rule(("delegate_b",)), AMENDMENT_FORM,
          note="an amendment that is not yours"),
        G("/amendments/{draft}/edit", page_rule(denied=NOT_FOUND, facilitator=FORBIDDEN),
          note="someone else's draft"),
    ],
    "amendments.withdraw": [P("/amendments/{own_a}/withdraw", page_rule(("delegate_a",))),
                            P("/amendments/{own_b}/withdraw", page_rule(("delegate_b",)))],
    # votes
    "votes.index": [G("/votes")],
    "record.receipts": [G("/votes/{voting_vote}/receipts"), G("/votes/999999/receipts", page_rule(
        denied=NOT_FOUND, anonymous=NOT_FOUND))],
    "votes.request_vote": [P("/amendments/{own_b}/vote/request", page_rule(("delegate_b",))),
                           P("/amendments/{own_a}/vote/request", NO_ONE, note="not in discussion")],
    "votes.open_vote": [P("/amendments/{own_b}/vote/open", page_rule(("facilitator",))),
                        P("/applications/{application}/vote/open", page_rule(("facilitator",))),
                        P("/documents/{own_b}/vote/open", page_rule(denied=NOT_FOUND),
                          note="not a kind of subject a vote may be on")],
    "votes.cast": [P("/amendments/{voting}/vote/ballot", page_rule(DELEGATES), {"choice": "against"}),
                   P("/amendments/{own_b}/vote/ballot", NO_ONE, {"choice": "for"}, note="no open vote"),
                   P("/applications/{application}/vote/ballot", NO_ONE, {"choice": "for"},
                     note="no vote is open on this application"),
                   P("/amendments/{voting}/vote/ballot", NO_ONE, {"choice": "for", "on_behalf_of": "{org_b}"},
                     note="nobody holds B's proxy")],
    "votes.cancel": [P("/amendments/{voting}/vote/cancel", page_rule(("facilitator",))),
                     P("/applications/{application_in_vote}/vote/cancel", page_rule(("facilitator",))),
                     P("/applications/{application}/vote/cancel", NO_ONE,
                       note="no vote is open on this application")],
    "votes.close_now": [P("/amendments/{voting}/vote/close", page_rule(("facilitator",))),
                        P("/applications/{application_in_vote}/vote/close", page_rule(("facilitator",))),
                        P("/amendments/{own_b}/vote/close", NO_ONE, note="no vote")],
    "votes.remind": [P("/amendments/{voting}/vote/remind", page_rule(("facilitator",))),
                     P("/amendments/{own_b}/vote/remind", NO_ONE, note="no vote")],
    "votes.extend": [P("/amendments/{voting}/vote/extend", page_rule(("facilitator",)), {"closes_at": "2099-01-01T10:00"}),
                     P("/amendments/{own_b}/vote/extend", NO_ONE, {"closes_at": "2099-01-01T10:00"}, note="no vote")],
    "votes.give_proxy": [P("/amendments/{voting}/vote/proxy", page_rule(DELEGATES), {"to": "{org_b}"},
                           note="the delegate of B cannot give it to B itself: told so on the page")],
    "votes.revoke_proxy": [P("/amendments/{voting}/vote/proxy/revoke", page_rule(DELEGATES),
                             note="no proxy given: told so on the page")],
    "documents.ratification": [G("/documents/{doc}/versions/{head}/ratification"),
                               G("/documents/{doc}/versions/99999/ratification",
                                 page_rule(denied=NOT_FOUND, anonymous=NOT_FOUND))],
    # competing amendments in one ranked vote (app/variants): the demo has none, so a set that does not exist
    "variants.show": [G("/variants/99999", page_rule(denied=NOT_FOUND, anonymous=NOT_FOUND))],
    "variants.open_vote": [P("/documents/{doc}/variant-votes", page_rule(("facilitator",)), {"amendments": "{own_a}"},
                             note="one amendment: refused on the page, told why")],
    "votes.minutes": [G("/votes/{vote_closed}/minutes"),
                      G("/votes/{vote_open}/minutes", page_rule(denied=NOT_FOUND, anonymous=NOT_FOUND),
                        note="no minutes before the close")],
    "votes.minutes_pdf": [G("/votes/{vote_closed}/minutes.pdf"),
                          G("/votes/{vote_open}/minutes.pdf", page_rule(denied=NOT_FOUND, anonymous=NOT_FOUND),
                            note="no minutes before the close")],
    "votes.minutes_markdown": [G("/votes/{vote_closed}/minutes.md"),
                               G("/votes/{vote_open}/minutes.md", page_rule(denied=NOT_FOUND, anonymous=NOT_FOUND),
                                 note="no minutes before the close")],
    "votes.edit_rules": [G("/documents/{doc}/rules", page_rule(("facilitator",))),
                         P("/documents/{doc}/rules", page_rule(("facilitator",)),
                           {"quorum": "10", "threshold": "50", "discussion_days": "1", "voting_days": "1"})],
    # comments: only the author edits or withdraws; members resolve; the facilitator hides
    "comments.discussion": [G("/documents/{doc}/discussion")],
    "comments.permalink": [G("/comments/{comment_a}"),
                           G("/comments/{comment_draft}", page_rule(("facilitator",), denied=NOT_FOUND,
                                                                    anonymous=NOT_FOUND),
                             note="a comment on someone else's draft")],
    "comments.clause_discussion": [
        G("/documents/{doc}/versions/{head}/clauses/{clause}/comments"),
        P("/documents/{doc}/versions/{head}/clauses/{clause}/comments", page_rule(MEMBERS), {"body": "Un avis."}),
    ],
    "comments.clause_threads": [G("/documents/{doc}/versions/{head}/clauses/{clause}/threads")],
    "comments.application_comment": [P("/applications/{application}/comments", page_rule(MEMBERS),
                                       {"body": "Un avis."})],
    "comments.amendment_comment": [P("/amendments/{own_b}/comments", page_rule(MEMBERS), {"body": "Un avis."})],
    # A comment on someone else's draft: 404 to all but the facilitator, as the draft itself (issue 22.4).
    "comments.edit": [G("/comments/{comment_a}/edit", page_rule(("member_a",))),
                      P("/comments/{comment_a}/edit", page_rule(("member_a",)), {"body": "Changé."}),
                      P("/comments/{comment_b}/edit", page_rule(("delegate_b",)), {"body": "Changé."},
                        note="another person's comment"),
                      G("/comments/{comment_draft}/edit", page_rule(denied=NOT_FOUND, facilitator=FORBIDDEN),
                        note="a comment on someone else's draft"),
                      P("/comments/{comment_draft}/edit", page_rule(denied=NOT_FOUND, facilitator=FORBIDDEN),
                        {"body": "Changé."}, note="a comment on someone else's draft")],
    "comments.withdraw": [P("/comments/{comment_a}/withdraw", page_rule(("member_a",))),
                          P("/comments/{comment_b}/withdraw", page_rule(("delegate_b",))),
                          P("/comments/{comment_draft}/withdraw", page_rule(denied=NOT_FOUND, facilitator=FORBIDDEN),
                            note="a comment on someone else's draft")],
    "comments.resolve": [P("/comments/{comment_a}/resolve", page_rule(MEMBERS)),
                         P("/comments/{comment_draft}/resolve", page_rule(("facilitator",), denied=NOT_FOUND),
                           note="a comment on someone else's draft")],
    "comments.reopen": [P("/comments/{comment_a}/reopen", page_rule(MEMBERS)),
                        P("/comments/{comment_draft}/reopen", page_rule(("facilitator",), denied=NOT_FOUND),
                          note="a comment on someone else's draft")],
    "comments.hide": [P("/comments/{comment_a}/hide", page_rule(("facilitator",)), {"reason": "Hors sujet."}),
                      P("/comments/{comment_draft}/hide", page_rule(("facilitator",), denied=NOT_FOUND),
                        {"reason": "Hors sujet."}, note="a comment on someone else's draft")],
    # feeds
    "feeds.activity": [G("/feeds/activity.atom")],
    "feeds.document": [G("/documents/{doc}/feed.atom")],
    "feeds.amendment": [G("/amendments/{own_b}/feed.atom"),
                        G("/amendments/{draft}/feed.atom", page_rule(("facilitator",), denied=NOT_FOUND,
                                                                     anonymous=NOT_FOUND))],
    # members: delegates edit their own organisation's entry only
    "members.directory": [G("/organisations")],
    "search.index": [G("/search?q=donnees")],
    # participation: anyone with an account follows what they can read; a draft is not shown to exist
    "watches.follow": [P("/follow", page_rule(LOGGED_IN), {"document": "{doc}", "clause": "{clause}"}),
                       P("/follow", page_rule(("facilitator",), denied=NOT_FOUND), {"amendment": "{draft}"},
                         note="someone else's draft")],
    "mypage.index": [G("/me", page_rule(LOGGED_IN))],
    # The signed link is the authority, whoever holds it (no session): a link not signed by us is a 404.
    "mail.stop": [G("/mail/stop/WzEsInJlcGx5Il0.forged", page_rule((), denied=NOT_FOUND, anonymous=NOT_FOUND)),
                  P("/mail/stop/WzEsInJlcGx5Il0.forged", page_rule((), denied=NOT_FOUND, anonymous=NOT_FOUND))],
    "watches.unfollow": [P("/unfollow", page_rule(LOGGED_IN), {"document": "{doc}"})],
    "members.organisation": [G("/organisations/{org_a}")],
    "members.edit_entry": [
        G("/organisations/{org_a}/edit", page_rule(("delegate_a", "facilitator"))),
        P("/organisations/{org_a}/edit", page_rule(("delegate_a", "facilitator")), {"name": "La Clède"}),
        G("/organisations/{org_b}/edit", page_rule(("delegate_b", "facilitator")),
          note="another organisation's entry"),
        P("/organisations/{org_b}/edit", page_rule(("delegate_b", "facilitator")), {"name": "Campus"}),
    ],
    "members.sign": [P("/organisations/{org_a}/sign", page_rule(("delegate_a",)), {"version": "{charter_version}"}),
                     P("/organisations/{org_b}/sign", page_rule(("delegate_b",)), {"version": "{charter_version}"})],
    "members.leave": [G("/organisations/{org_a}/leave", page_rule(("delegate_a", "facilitator"))),
                      P("/organisations/{org_a}/leave", page_rule(("delegate_a", "facilitator")),
                        {"reason": "Nous partons."}),
                      P("/organisations/{org_b}/leave", page_rule(("delegate_b", "facilitator")),
                        {"reason": "Nous partons."})],
    "members.invite": [G("/invite", page_rule(("delegate_a", "delegate_b", "facilitator"))),
                       P("/invite", page_rule(("delegate_a", "delegate_b", "facilitator")),
                         {"email": "someone@example.org", "organisation": "{org_a_id}"})],
    # applications
    "applications.apply": [G("/join", PUBLIC_PAGE),
                           P("/join", PUBLIC_PAGE,
                             {"name": "Nouvelle asso", "description": "Une association.", "motivation": "Oui",
                              "contact_name": "Zoé", "contact_email": "zoe@nouvelle.example",
                              "password": "a long enough password", "has_read_charter": "y"})],
    "applications.index": [G("/applications")],
    "applications.show": [G("/applications/{application}")],
    "confirmations.confirm": [
        G("/applications/{application}/confirm/{confirm_token}", page_rule(LOGGED_IN, anonymous=OK),
          note="the link e-mailed to the contact works for whoever follows it (already confirmed: no write)"),
        G("/applications/{application}/confirm/not-a-token", page_rule(LOGGED_IN, anonymous=OK),
          note="a bad link says so on the application's page"),
        G("/applications/999999/confirm/{confirm_token}", page_rule(denied=NOT_FOUND, anonymous=NOT_FOUND)),
    ],
    "confirmations.send_link_again": [
        P("/applications/{application}/confirm/again", page_rule(("facilitator",), anonymous=FORBIDDEN),
          note="the contact, a facilitator or the holder of a link may ask; this contact is confirmed already"),
        P("/applications/{application}/confirm/again", page_rule(LOGGED_IN, anonymous=OK),
          {"token": "{confirm_token}"}, note="whoever holds the link e-mailed to the contact"),
        P("/applications/{application}/confirm/again", page_rule(("facilitator",), anonymous=FORBIDDEN),
          {"token": "not-a-token"}, note="a made-up link grants nothing"),
        P("/applications/999999/confirm/again", page_rule(denied=NOT_FOUND, anonymous=NOT_FOUND)),
    ],
    "applications.edit_rules": [G("/applications/rules", page_rule(("facilitator",))),
                                P("/applications/rules", page_rule(("facilitator",)),
                                  {"quorum": "10", "threshold": "50", "discussion_days": "1",
                                   "voting_days": "1"})],
    # notifications: one's own only (see test_object_level.py for someone else's)
    "notifications.index": [G("/notifications", page_rule(LOGGED_IN))],
    "notifications.mark_read": [P("/notifications/read", page_rule(LOGGED_IN))],
    # API ---------------------------------------------------------------------------------
    "api.openapi": [api("GET", "/api/v1/openapi.json", PUBLIC_API)],
    "api.create_token": [api("POST", "/api/v1/tokens", PUBLIC_API,
                             {"email": "bastien@la-clede.example", "password": "palabre-demo"},
                             note="a revoked token sent along is refused even here")],
    "api.list_organisations": [api("GET", "/api/v1/organisations", PUBLIC_API)],
    # participation (issue 19): search is as public as what it finds
    "api.search_everything": [api("GET", "/api/v1/search?q=donnees", PUBLIC_API)],
    "api.put_watch": [api("PUT", "/api/v1/watches", api_rule(LOGGED_IN), {"document": "{doc}", "clause": "{clause}"}),
                      api("PUT", "/api/v1/watches", api_rule(("facilitator",), denied=NOT_FOUND),
                          {"amendment": "{draft}"}, note="someone else's draft")],
    "api.delete_watch": [api("DELETE", "/api/v1/watches", api_rule(LOGGED_IN), {"document": "{doc}"})],
    "api.list_watches": [api("GET", "/api/v1/watches", api_rule(LOGGED_IN))],
    "api.list_documents": [api("GET", "/api/v1/documents", PUBLIC_API)],
    "api.get_document": [api("GET", "/api/v1/documents/{doc}", PUBLIC_API)],
    "api.list_versions": [api("GET", "/api/v1/documents/{doc}/versions", PUBLIC_API)],
    "api.get_version": [api("GET", "/api/v1/documents/{doc}/versions/1", PUBLIC_API)],
    "api.get_markdown": [api("GET", "/api/v1/documents/{doc}/versions/1.md", PUBLIC_API)],
    "api.compare_versions": [api("GET", "/api/v1/documents/{doc}/compare?from=1&to={head}", PUBLIC_API)],
    "api.clause_history": [api("GET", "/api/v1/documents/{doc}/clauses/{clause}/history", PUBLIC_API)],
    "api.version_comments": [api("GET", "/api/v1/documents/{doc}/versions/{head}/comments", PUBLIC_API)],
    "api.comment_version": [api("POST", "/api/v1/documents/{doc}/versions/{head}/comments", api_rule(MEMBERS),
                                {"clause_id": "{clause}", "body": "Un avis."})],
    "api.propose_amendment": [api("POST", "/api/v1/documents/{doc}/amendments", api_rule(MEMBERS),
                                  AMENDMENT_FORM)],
    "api.list_amendments": [api("GET", "/api/v1/amendments", PUBLIC_API)],
    "api.read_amendment": [api("GET", "/api/v1/amendments/{own_b}", PUBLIC_API),
                           api("GET", "/api/v1/amendments/{draft}",
                               api_rule(("facilitator",), denied=NOT_FOUND, visitor=NOT_FOUND))],
    "api.withdraw_amendment": [api("POST", "/api/v1/amendments/{own_a}/withdraw", api_rule(("delegate_a",))),
                               api("POST", "/api/v1/amendments/{own_b}/withdraw", api_rule(("delegate_b",)))],
    "api.amendment_comments": [api("GET", "/api/v1/amendments/{own_b}/comments", PUBLIC_API)],
    "api.comment_amendment": [api("POST", "/api/v1/amendments/{own_b}/comments", api_rule(MEMBERS),
                                  {"body": "Un avis."})],
    "api.change_comment": [
        api("PATCH", "/api/v1/comments/{comment_a}", api_rule(("member_a",)), {"body": "Changé."}),
        api("PATCH", "/api/v1/comments/{comment_b}", api_rule(("delegate_b",)), {"body": "Changé."},
            note="another person's comment"),
        api("PATCH", "/api/v1/comments/{comment_a}", api_rule(MEMBERS), {"status": "resolved"}),
        api("PATCH", "/api/v1/comments/{comment_draft}", api_rule(("facilitator",), denied=NOT_FOUND),
            {"status": "resolved"}, note="a comment on someone else's draft"),
        api("PATCH", "/api/v1/comments/{comment_draft}", api_rule(denied=NOT_FOUND, facilitator=FORBIDDEN),
            {"body": "Changé."}, note="a comment on someone else's draft"),
    ],
    "api.open_vote": [api("POST", "/api/v1/amendments/{own_b}/open-vote", api_rule(("facilitator",)))],
    "api.close_vote": [api("POST", "/api/v1/amendments/{voting}/close-vote",
                           api_rule(denied=CONFLICT, visitor=CONFLICT), note="anyone, once due; 409 before")],
    "api.cancel_vote": [api("POST", "/api/v1/amendments/{voting}/cancel-vote", api_rule(("facilitator",)))],
    "api.cast_ballot": [api("PUT", "/api/v1/amendments/{voting}/ballot", api_rule(DELEGATES), {"choice": "for"})],
    "api.list_ballots": [api("GET", "/api/v1/amendments/{voting}/ballots", PUBLIC_API)],
    # the record and its verification (app/record): public; a private entry is shown to others as its link
    "api.list_audit": [api("GET", "/api/v1/audit", PUBLIC_API), api("GET", "/api/v1/audit?after=1", PUBLIC_API)],
    "api.verify": [api("GET", "/api/v1/verify", PUBLIC_API)],
    "api.list_receipts": [api("GET", "/api/v1/votes/{voting_vote}/receipts", PUBLIC_API,
                              note="public even for secret ballots: receipts say neither who nor how")],
    "api.open_ratification": [api("POST", "/api/v1/documents/{doc}/versions/{head}/ratification",
                                  api_rule(("facilitator",)))],
    "api.open_variant_vote": [api("POST", "/api/v1/documents/{doc}/variant-votes",
                                  api_rule(facilitator=NOT_FOUND), {"amendments": [999998, 999999]},
                                  note="facilitators only; no such amendments: 404")],
    "api.read_vote": [api("GET", "/api/v1/votes/{vote_open}", PUBLIC_API),
                      api("GET", "/api/v1/votes/999999", api_rule(denied=NOT_FOUND, visitor=NOT_FOUND,
                                                                  deactivated=UNAUTHORIZED))],
    "api.cast_vote_ballot": [api("PUT", "/api/v1/votes/{vote_open}/ballot", api_rule(DELEGATES), {"choice": "for"}),
                             api("PUT", "/api/v1/votes/{vote_closed}/ballot", api_rule(denied=FORBIDDEN, delegate_a=CONFLICT,
                                                                               delegate_b=CONFLICT), {"choice": "for"},
                                 note="closed: 409 for a delegate")],
    "api.list_vote_ballots": [api("GET", "/api/v1/votes/{vote_open}/ballots", PUBLIC_API)],
    "api.give_proxy": [api("PUT", "/api/v1/votes/{vote_open}/proxy", api_rule(("delegate_b",), delegate_a=CONFLICT),
                           {"to": "{org_b}"}, note="A has cast its ballot already: 409; B to itself: 422")],
    "api.revoke_proxy": [api("DELETE", "/api/v1/votes/{vote_open}/proxy",
                             api_rule(delegate_a=CONFLICT, delegate_b=CONFLICT), note="no proxy given: 409")],
    "api.close_vote_now": [api("POST", "/api/v1/votes/{vote_open}/close", api_rule(("facilitator",)))],
    "api.extend_vote": [api("POST", "/api/v1/votes/{vote_open}/extend", api_rule(("facilitator",)),
                            {"closes_at": "2099-01-01T10:00:00+00:00"})],
    "api.cancel_any_vote": [api("POST", "/api/v1/votes/{vote_open}/cancel", api_rule(("facilitator",)))],
    "api.submit_application": [api("POST", "/api/v1/applications", api_rule(LOGGED_IN, visitor=OK), {
        "name": "Nouvelle asso", "description": "Une association.", "has_read_charter": True,
        "contact": {"name": "Zoé", "email": "zoe@nouvelle.example", "password": "a long enough password"}})],
    "api.application_comments": [api("GET", "/api/v1/applications/{application}/comments", PUBLIC_API)],
    "api.comment_application": [api("POST", "/api/v1/applications/{application}/comments", api_rule(MEMBERS),
                                    {"body": "Un avis."})],
    "api.show_application": [api("GET", "/api/v1/applications/{application}", PUBLIC_API)],
}


def fill(value: Any, ids: dict) -> Any:
    """Put the world's ids into a URL, a form or a JSON body ("{head}" alone becomes a number)."""
    if isinstance(value, str):
        if value.startswith("{") and value.endswith("}") and value[1:-1] in ids and value.count("{") == 1:
            return ids[value[1:-1]]
        return value.format(**ids)
    if isinstance(value, dict):
        return {key: fill(item, ids) for key, item in value.items()}
    if isinstance(value, list):
        return [fill(item, ids) for item in value]
    return value


def send(world, role: str, case: Case):
    url = fill(case.url, world.ids)
    data = fill(case.data, world.ids)
    if case.api:
        return world.api(role, case.method, url, data)
    if data is not None:
        data = {key: str(value) for key, value in data.items()}
    return world.page(role, case.method, url, data)


def test_every_route_has_a_row(world):
    """A route without its row in ROUTES fails here, by name: the matrix cannot be escaped."""
    problems = []
    seen = set()
    for rule in world.app.url_map.iter_rules():
        seen.add(rule.endpoint)
        methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
        cases = ROUTES.get(rule.endpoint)
        if cases is None:
            problems.append(f"endpoint {rule.endpoint!r} ({', '.join(methods)} {rule.rule}) has no row in ROUTES "
                            f"of tests/hardening/test_authorisation_matrix.py: add one with the expected answer "
                            f"for each role")
            continue
        for method in methods:
            if not any(case.method == method for case in cases):
                problems.append(f"endpoint {rule.endpoint!r}: no case for {method} {rule.rule} in ROUTES")
    problems += [f"ROUTES has a row for {name!r}, which is not a route any more" for name in set(ROUTES) - seen]
    assert not problems, "\n".join(problems)


def test_every_case_names_every_role():
    for endpoint, cases in ROUTES.items():
        for case in cases:
            assert set(case.expect) == set(ROLES), (endpoint, case.method, case.url)


@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_matrix(world, endpoint):
    """Every case of the endpoint's row, as every role, answers as the table says."""
    mismatches = []
    for case in ROUTES[endpoint]:
        for role in ROLES:
            response = send(world, role, case)
            got = outcome(response)
            response.close()
            assert response.status_code < 500, (endpoint, role, case.url, response.get_data(as_text=True)[:500])
            if got != case.expect[role]:
                mismatches.append(f"{case.method} {fill(case.url, world.ids)} as {role}: expected "
                                  f"{case.expect[role]}, got {got} ({response.status_code} "
                                  f"{response.headers.get('Location', '')}) {case.note}")
            elif case.method in WRITES and got != OK and (changed := world.changed_tables()):
                mismatches.append(f"{case.method} {fill(case.url, world.ids)} as {role} was refused "
                                  f"({response.status_code}) but changed {changed}")
                world.restore()
    assert not mismatches, f"{endpoint}:\n" + "\n".join(mismatches)


def test_private_entries_of_the_record_are_the_facilitators(world):
    """Refused attempts and export downloads are private entries: /audit lists them to the facilitator only."""
    refused = world.page("member_a", "GET", "/admin/")
    assert refused.status_code == 403
    assert [entry["detail_json"] for entry in world.refusals_since_snapshot()
            if '"/admin/"' in entry["detail_json"]], "the refusal is recorded"
    for role in ROLES:
        page = world.page(role, "GET", "/audit?kind=authorisation.refused").get_data(as_text=True)
        listed = re.search(r'class="audit-entry__detail">.*?<span>[^<]*: /admin/</span>', page) is not None
        assert listed == (role == "facilitator"), (role, listed)
    world.restore()
