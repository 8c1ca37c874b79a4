"""Configuration from the environment, read once at import.

Everything that differs between a laptop, CI and production is an environment
variable; nothing else is configurable on purpose.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET = "development-only-secret-do-not-use-in-production"
MIN_SECRET_LENGTH = 32


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
        )

    def check(self) -> None:
        """Refuse to run production with a guessable secret."""
        if not self.production:
            return
        if self.secret == DEV_SECRET or len(self.secret) < MIN_SECRET_LENGTH or len(set(self.secret)) < 10:
            raise ConfigurationError(
                f"APP_ENV=production needs APP_SECRET: at least {MIN_SECRET_LENGTH} random characters"
            )


def tortoise_config(database_url: str, pool_max: int = 10) -> dict:
    """The Tortoise ORM config for one database; one app, `models`, with our migrations."""
    connection: str | dict = database_url
    if database_url.startswith(("postgres://", "asyncpg://", "postgresql://")):
        connection = {
            "engine": "tortoise.backends.asyncpg",
            "credentials": _pg_credentials(database_url) | {"minsize": 1, "maxsize": pool_max},
        }
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
