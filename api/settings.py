"""Configuration from the environment, read once at import.

Everything that differs between a laptop, CI and production is an environment
variable; nothing else is configurable on purpose.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET = "development-only-secret-do-not-use-in-production"
MIN_SECRET_LENGTH = 32
ENVIRONMENTS = ("development", "production")
MB = 1024 * 1024


class ConfigurationError(RuntimeError):
    """The process must not start with this configuration."""


def default_database_url() -> str:
    return f"sqlite://{ROOT / 'var' / 'bhyt.sqlite3'}"


@dataclass(frozen=True)
class Settings:
    env: str
    database_url: str
    secret: str
    token_ttl_seconds: int
    host: str
    port: int
    db_pool_max: int
    response_cache: bool = True
    policy_dir: Path = ROOT / "policies"
    cors_origins: tuple[str, ...] = ()
    forwarded_allow_ips: tuple[str, ...] = ()
    max_json_bytes: int = 1 * MB
    max_upload_bytes: int = 10 * MB
    max_upload_rows: int = 20_000
    execution_timeout_seconds: float = 10.0
    query_cost_budget: int = 50_000
    login_failures_per_username: int = 5
    login_failures_per_address: int = 50
    login_window_seconds: int = 15 * 60

    @property
    def production(self) -> bool:
        return self.env == "production"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(
            env=env.get("APP_ENV", "development"),
            database_url=env.get("DATABASE_URL") or default_database_url(),
            secret=env.get("APP_SECRET") or DEV_SECRET,
            token_ttl_seconds=int(env.get("TOKEN_TTL_SECONDS", "3600")),
            host=env.get("HOST", "127.0.0.1"),
            port=int(env.get("PORT", "8000")),
            db_pool_max=int(env.get("DB_POOL_MAX", "10")),
            response_cache=env.get("RESPONSE_CACHE", "1") not in {"0", "false", "off"},
            policy_dir=Path(env.get("POLICY_DIR") or ROOT / "policies"),
            cors_origins=_list(env.get("CORS_ORIGINS", "")),
            forwarded_allow_ips=_list(env.get("FORWARDED_ALLOW_IPS", "")),
            max_json_bytes=int(env.get("MAX_JSON_BYTES", str(1 * MB))),
            max_upload_bytes=int(env.get("MAX_UPLOAD_BYTES", str(10 * MB))),
            max_upload_rows=int(env.get("MAX_UPLOAD_ROWS", "20000")),
            execution_timeout_seconds=float(env.get("EXECUTION_TIMEOUT_SECONDS", "10")),
            query_cost_budget=int(env.get("QUERY_COST_BUDGET", "50000")),
            login_failures_per_username=int(env.get("LOGIN_FAILURES_PER_USERNAME", "5")),
            login_failures_per_address=int(env.get("LOGIN_FAILURES_PER_ADDRESS", "50")),
            login_window_seconds=int(env.get("LOGIN_WINDOW_SECONDS", "900")),
        )

    def check(self) -> None:
        """Refuse to start with an unknown environment, or production with a guessable secret."""
        if self.env not in ENVIRONMENTS:
            raise ConfigurationError(f"APP_ENV must be development or production, not {self.env!r}")
        if not self.production:
            return
        weak = len(self.secret.encode()) < MIN_SECRET_LENGTH or len(set(self.secret)) < 16
        if self.secret == DEV_SECRET or weak:
            raise ConfigurationError(
                f"APP_ENV=production needs APP_SECRET: at least {MIN_SECRET_LENGTH} bytes of random characters "
                "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))')"
            )


def _list(value: str) -> tuple[str, ...]:
    """A comma-separated setting: `a, b` -> ("a", "b")."""
    return tuple(item.strip() for item in value.split(",") if item.strip())


def tortoise_config(database_url: str, pool_max: int = 10, statement_timeout_ms: int = 0) -> dict:
    """The Tortoise ORM config for one database; one app, `models`, with our migrations."""
    connection: Any = database_url
    if database_url.startswith(("postgres://", "asyncpg://", "postgresql://")):
        connection = {
            "engine": "tortoise.backends.asyncpg",
            "credentials": _pg_credentials(database_url) | {"minsize": 1, "maxsize": pool_max},
        }
        if statement_timeout_ms > 0:  # the API's time budget, enforced by the server on each statement
            connection["credentials"]["server_settings"] = {"statement_timeout": str(statement_timeout_ms)}
    return {
        "connections": {"default": connection},
        "apps": {
            "models": {
                "models": ["domain.models"],
                "default_connection": "default",
                "migrations": "migrations",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


def _pg_credentials(url: str) -> dict:
    from urllib.parse import unquote, urlparse

    parts = urlparse(url)
    return {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 5432,
        "user": unquote(parts.username or "postgres"),
        "password": unquote(parts.password or ""),
        "database": parts.path.lstrip("/") or "postgres",
    }


settings = Settings.from_env()
TORTOISE_ORM = tortoise_config(settings.database_url, settings.db_pool_max)
