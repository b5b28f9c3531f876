"""Palabre: collectives draft their founding texts together."""
from __future__ import annotations

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from app.jsonbodies import BoundedJSONProvider
from app.urls import refuse_huge_bodies, refuse_huge_ids, refuse_nul_bytes
from config import INSTANCE_DIR, Config, config_for

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: type[Config] | None = None, **overrides) -> Flask:
    """Build the application: config, extensions, blueprints, handlers, commands."""
    config = config or config_for()
    config.check()
    app = Flask(
        __name__,
        instance_path=str(INSTANCE_DIR),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "app" / "static"),
    )
    app.json = BoundedJSONProvider(app)
    app.config.from_object(config)
    app.config.update(overrides)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    from app import database, errors, i18n, models, security, templating  # noqa: F401
    from app.audit import services as audit_services
    from app.auth import loading, oidc, reset, sessions
    from app.caching import pages, pieces, shells
    from app.collective import first_start
    from app.mail import services as mail_services
    from app.comments import carry
    from app.search import index as search_index
    from app.watches import notify as watch_notices
    from app.extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    loading.init_app(app)
    sessions.init_app(app)
    oidc.init_app(app)
    reset.init_app(app)
    i18n.init_app(app)
    database.init_app(app)
    pages.init_app(app)
    pieces.init_app(app)
    shells.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    first_start.init_app(app)
    mail_services.init_app(app)
    errors.init_app(app)
    app.url_value_preprocessor(refuse_huge_ids)
    app.before_request(refuse_nul_bytes)
    register_subjects_and_notices()
    register_blueprints(app)
    register_commands(app)
    # First of all, even before the rate limiter's key functions (which read the e-mail of the body):
    # nothing may start reading a body announced over the limit.
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_huge_bodies)
    trust_proxies(app)
    carry.connect()
    audit_services.connect()
    search_index.connect()
    watch_notices.connect()
    return app


def trust_proxies(app: Flask) -> None:
    """Behind PROXY_COUNT reverse proxies, the client's address (log-in limits, the record of refusals), scheme
    and host are the ones the proxies were given, not the last proxy's."""
    count = app.config.get("PROXY_COUNT", 0)
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)


def register_subjects_and_notices() -> None:
    """Each kind of subject a vote may decide, and each kind of notice, registers when imported (the vote
    engine and the notifications know none of them by name); the factory imports them, as it does the
    blueprints, once the extensions exist."""
    from app.amendments import notices as amendment_notices  # noqa: F401
    from app.amendments import vote_subject as amendment_subject  # noqa: F401
    from app.applications import notices as application_notices  # noqa: F401
    from app.applications import vote_subject as application_subject  # noqa: F401
    from app.comments import notices as comment_notices  # noqa: F401
    from app.documents import vote_subject as version_subject  # noqa: F401
    from app.mail import notices as mail_notices  # noqa: F401
    from app.votes import notices as vote_notices  # noqa: F401
    from app.watches import notices as watch_notices  # noqa: F401
    from app.variants import vote_subject as variants_subject  # noqa: F401


def register_blueprints(app: Flask) -> None:
    """Attach every capability's blueprint."""
    from app.admin.views import bp as admin_bp
    from app.audit.views import bp as audit_bp
    from app.amendments.views import bp as amendments_bp
    from app.api import bp as api_bp
    from app.auth.oidc_views import bp as oidc_bp
    from app.auth.reset_views import bp as reset_bp
    from app.auth.session_views import bp as sessions_bp
    from app.auth.two_factor_views import bp as two_factor_bp
    from app.auth.views import bp as auth_bp
    from app.collective.views import bp as collective_bp
    from app.comments.views import bp as comments_bp
    from app.documents.views import bp as documents_bp
    from app.feeds.views import bp as feeds_bp
    from app.main.views import bp as main_bp
    from app.applications.views import bp as applications_bp
    from app.members.confirmation import bp as confirmations_bp
    from app.members.views import bp as members_bp
    from app.notifications.views import bp as notifications_bp
    from app.mail.views import bp as mail_bp
    from app.mypage.views import bp as mypage_bp
    from app.printing.views import bp as printing_bp
    from app.record.views import bp as record_bp
    from app.search.views import bp as search_bp
    from app.watches.views import bp as watches_bp
    from app.votes.views import bp as votes_bp
    from app.variants.views import bp as variants_bp

    for blueprint in (main_bp, auth_bp, members_bp, admin_bp, api_bp, documents_bp, amendments_bp, votes_bp,
                      comments_bp, notifications_bp, feeds_bp, applications_bp, audit_bp,
                      confirmations_bp, record_bp, printing_bp, search_bp, watches_bp, mypage_bp, variants_bp,
                      reset_bp, two_factor_bp, sessions_bp, oidc_bp, mail_bp, collective_bp):
        app.register_blueprint(blueprint)


def register_commands(app: Flask) -> None:
    """Attach the flask CLI commands."""
    from app.auth.cli import commands as auth_commands
    from app.cli import commands
    from app.collective.cli import commands as collective_commands
    from app.documents.cli import commands as document_commands
    from app.mail.cli import commands as mail_commands
    from app.members.cli import commands as member_commands
    from app.portability.cli import commands as portability_commands
    from app.record.cli import commands as record_commands
    from app.search.cli import commands as search_commands
    from app.votes.cli import commands as vote_commands

    for command in (*commands, *vote_commands, *portability_commands, *member_commands, *mail_commands,
                    *record_commands, *search_commands, *auth_commands, *collective_commands, *document_commands):
        app.cli.add_command(command)
