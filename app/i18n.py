"""Language selection (French first, English too) and the language switch."""
from __future__ import annotations

from flask import Flask, current_app, has_request_context, request, session
from flask_login import current_user
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from app.extensions import babel


def select_locale() -> str:
    """The reader's language: their account's, their choice this session, their browser's."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands and services run outside requests
        return languages[0]
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    chosen = session.get("language")
    if chosen in languages:
        return chosen
    return visitor_locale(request.environ, languages)


def visitor_locale(environ: dict, languages) -> str:
    """The language of a reader with no account and no choice made: their browser's."""
    accepted = parse_accept_header(environ.get("HTTP_ACCEPT_LANGUAGE"), LanguageAccept)
    return accepted.best_match(languages) or languages[0]


def vary_by_language(response):
    """Pages, feeds and API messages change with Accept-Language: caches in between must know it.
    Static files are the same in every language."""
    if request.endpoint != "static":
        response.vary.add("Accept-Language")
    return response


def init_app(app: Flask) -> None:
    """Bind Flask-Babel with the translations folder of the app package."""
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(app.root_path + "/translations"),
    )
    app.after_request(vary_by_language)
