"""Configuration classes. Every setting comes from the environment; no secret has a fallback."""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

from cryptography.fernet import Fernet

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("PALABRE_INSTANCE", BASE_DIR / "instance"))


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _development_secret_key() -> str:
    """Generate the secret once into instance/ so sessions survive restarts."""
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _totp_keys(value: str | None) -> list[str]:
    """PALABRE_TOTP_KEYS: Fernet keys separated by commas, the newest first (it seals; every key opens)."""
    return [key.strip() for key in (value or "").split(",") if key.strip()]


def _development_totp_key() -> list[str]:
    """Generate the key sealing TOTP secrets once into instance/, beside the secret key."""
    path = INSTANCE_DIR / "totp_key"
    if not path.exists():
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(Fernet.generate_key().decode())
        path.chmod(0o600)
    return [path.read_text().strip()]


def _hosts(value: str | None) -> list[str] | None:
    """PALABRE_TRUSTED_HOSTS: host names separated by commas ("palabre.example, .palabre.example")."""
    hosts = [host.strip() for host in (value or "").split(",") if host.strip()]
    return hosts or None


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        # Hosting providers often hand out postgres:// URLs; SQLAlchemy wants a driver name.
        for prefix in ("postgres://", "postgresql://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix):]
        return url
    return f"sqlite:///{INSTANCE_DIR / 'palabre.sqlite'}"


class Config:
    """Settings shared by every environment."""

    @classmethod
    def check(cls) -> None:
        """Refuse to start when a required setting is missing (overridden per environment)."""

    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    # How long a SQLite writer waits for another's lock before the request is answered 503.
    SQLITE_BUSY_TIMEOUT_MS = int(os.environ.get("PALABRE_SQLITE_BUSY_TIMEOUT_MS", 15_000))
    MAX_CONTENT_LENGTH = int(os.environ.get("PALABRE_MAX_BODY", 2 * 1024 * 1024))
    MAX_FORM_MEMORY_SIZE = MAX_CONTENT_LENGTH
    PALABRE_PUBLIC = _flag("PALABRE_PUBLIC", True)
    PALABRE_NAME = os.environ.get("PALABRE_NAME", "Palabre")
    BABEL_DEFAULT_LOCALE = "fr"
    BABEL_DEFAULT_TIMEZONE = os.environ.get("PALABRE_TIMEZONE", "Europe/Paris")
    LANGUAGES = ("fr", "en")
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    # How many reverse proxies in front set X-Forwarded-For/-Proto/-Host (0: none; the README recommends one).
    PROXY_COUNT = int(os.environ.get("PALABRE_PROXY_COUNT", 0))
    LOGIN_FAILURE_LIMIT = os.environ.get("PALABRE_LOGIN_LIMIT", "5 per minute;30 per hour")
    # Wrong one-time codes typed into the set-up page of a first start, per client address.
    SETUP_CODE_LIMIT = os.environ.get("PALABRE_SETUP_CODE_LIMIT", "5 per minute;20 per hour")
    # An empty instance sends every page to /setup and prints its one-time code (app/collective/first_start.py).
    SETUP_PAGE = True
    PREVIEW_LIMIT = os.environ.get("PALABRE_PREVIEW_LIMIT", "60 per minute")
    COMMENT_LIMIT = os.environ.get("PALABRE_COMMENT_LIMIT", "20 per minute;200 per day")
    # Identical refused attempts within this many minutes are one entry of the record, with a count.
    REFUSAL_WINDOW_MINUTES = int(os.environ.get("PALABRE_REFUSAL_WINDOW_MINUTES", 10))
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session: no lost text after a long edit
    INVITATION_DAYS = 14
    # How long an API token lasts; successful token requests are limited too (each is a password check).
    TOKEN_DAYS = int(os.environ.get("PALABRE_TOKEN_DAYS", 90))
    TOKEN_LIMIT = os.environ.get("PALABRE_TOKEN_LIMIT", "20 per hour")
    PASSWORD_HASH_METHOD = "scrypt"
    # A log-in lasts SESSION_DAYS at most, and ends after SESSION_IDLE_DAYS without a visit (app/auth/sessions.py).
    SESSION_DAYS = int(os.environ.get("PALABRE_SESSION_DAYS", 30))
    SESSION_IDLE_DAYS = int(os.environ.get("PALABRE_SESSION_IDLE_DAYS", 7))
    REMEMBER_COOKIE_DURATION = timedelta(days=SESSION_DAYS)
    # Reset links asked for (page and API together), whether the address is known or not.
    RESET_LIMIT_PER_EMAIL = os.environ.get("PALABRE_RESET_LIMIT_PER_EMAIL", "3 per hour")
    RESET_LIMIT_PER_CLIENT = os.environ.get("PALABRE_RESET_LIMIT_PER_CLIENT", "10 per hour")
    # Facilitators must turn on two-factor authentication before their facilitator's rights count.
    FACILITATOR_TWO_FACTOR = _flag("PALABRE_FACILITATOR_2FA", False)
    # Single sign-on (OpenID Connect): on when the issuer and the client id are set (app/auth/oidc.py).
    OIDC_ISSUER = os.environ.get("PALABRE_OIDC_ISSUER")
    OIDC_CLIENT_ID = os.environ.get("PALABRE_OIDC_CLIENT_ID")
    OIDC_CLIENT_SECRET = os.environ.get("PALABRE_OIDC_CLIENT_SECRET")
    OIDC_NAME = os.environ.get("PALABRE_OIDC_NAME", "SSO")
    # Printed to the console in development; ProductionConfig sends by SMTP (MAIL_SERVER…).
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "console")
    # Absolute links in e-mails, whoever's request sends them (and mail sent from cron, with no request at all).
    PALABRE_BASE_URL = os.environ.get("PALABRE_BASE_URL")
    # The only Host headers answered (Flask answers any other with 400); a forged Host cannot then reach the links.
    TRUSTED_HOSTS = _hosts(os.environ.get("PALABRE_TRUSTED_HOSTS"))
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", 25))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = _flag("MAIL_USE_TLS", False)
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "palabre@localhost")
    # The keys sealing the TOTP apps' secrets (app/auth/sealing.py): kept out of the database, so that a copy
    # of it alone gives nobody's second factor. Not SECRET_KEY: changing that one must not lock anyone out.
    TOTP_KEYS = _totp_keys(os.environ.get("PALABRE_TOTP_KEYS"))


class DevelopmentConfig(Config):
    """Local use: `make run`. The secret key is generated into instance/."""

    SECRET_KEY = os.environ.get("SECRET_KEY")
    SESSION_COOKIE_SECURE = _flag("PALABRE_SECURE_COOKIES", False)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE

    @classmethod
    def check(cls) -> None:
        if not cls.SECRET_KEY:
            cls.SECRET_KEY = _development_secret_key()
        if not cls.TOTP_KEYS:
            cls.TOTP_KEYS = _development_totp_key()


class ProductionConfig(Config):
    """Behind HTTPS. Refuses to start without a SECRET_KEY from the environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY")
    SESSION_COOKIE_SECURE = _flag("PALABRE_SECURE_COOKIES", True)
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp")
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE

    @classmethod
    def check(cls) -> None:
        if not cls.SECRET_KEY:
            raise RuntimeError("SECRET_KEY must be set in the environment in production.")
        if not cls.TOTP_KEYS:
            raise RuntimeError("PALABRE_TOTP_KEYS must be set in the environment in production (make one with: "
                               "python3 -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key()"
                               ".decode())').")
        if not cls.PALABRE_BASE_URL and not cls.TRUSTED_HOSTS:
            # Else the links of every e-mail come from the Host header of whichever request sends it, which anyone
            # can forge (a visitor reading a closed vote's page sends its outcome mail).
            raise RuntimeError("PALABRE_BASE_URL (e.g. https://palabre.example) or PALABRE_TRUSTED_HOSTS must be set "
                               "in the environment in production.")


class TestConfig(Config):
    """pytest: a throw-away key, CSRF on (tests fetch real tokens), no rate limit surprises."""

    TESTING = True
    SECRET_KEY = "test-only-" + secrets.token_hex(8)
    TOTP_KEYS = [Fernet.generate_key().decode()]
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    SESSION_COOKIE_SECURE = False
    RATELIMIT_STORAGE_URI = "memory://"
    # Tests create many people; a fast hash keeps them quick (never used outside tests).
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    # Tests start from empty databases: only the set-up tests ask for the first start's redirect.
    SETUP_PAGE = False
    # Sent mail is kept in memory (app.extensions["mailman"].outbox) for the tests to read.
    MAIL_BACKEND = "locmem"


CONFIGS = {"development": DevelopmentConfig, "production": ProductionConfig, "test": TestConfig}


def config_for(name: str | None = None) -> type[Config]:
    """The config class named by PALABRE_ENV (development by default)."""
    name = name or os.environ.get("PALABRE_ENV", "development")
    if name not in CONFIGS:
        raise RuntimeError(f"Unknown PALABRE_ENV {name!r}; expected one of {sorted(CONFIGS)}.")
    return CONFIGS[name]
