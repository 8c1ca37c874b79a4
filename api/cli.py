"""`python -m api COMMAND`: setup (migrate + demo data on first run), migrate, seed, serve, create-admin."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import sys
import time

from tortoise import Tortoise

from api.database import migrate_database, open_database
from api.settings import ConfigurationError, Settings


async def _seed(settings: Settings, scale: str, schools: int, only_if_empty: bool) -> None:
    from api.seed.accounts import DEMO_USERNAMES, create_demo_accounts
    from api.seed.activity import load_activity, protected_schools
    from api.seed.load import DEMO_SCHOOL_YEARS, load_new_map, load_tree, register_school_years
    from domain.models import Unit

    await open_database(settings.database_url)
    try:
        if await Unit.exists():
            if only_if_empty:
                added = await load_new_map(progress=True)  # a database from before maps: add the current one
                if added:
                    print(f"maps: VN34 added ({added} nodes); its units' totals restated from the official figures")
                    if not settings.production:
                        await create_demo_accounts()
                print("demo data: already loaded")
                return
            sys.exit("seed: the database already holds units; seed an empty database")
        started = time.perf_counter()
        count = await load_tree(scale, schools, progress=True)
        await register_school_years(DEMO_SCHOOL_YEARS)
        activity = await load_activity(protected_schools(sorted(DEMO_USERNAMES)), progress=True)
        if settings.production:
            print("APP_ENV=production: demo accounts not created")
        else:
            await create_demo_accounts()
        summary = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in activity.items())
        print(f"seed: {count} units ({scale}), {summary} in {time.perf_counter() - started:.1f} s")
    finally:
        await Tortoise.close_connections()


async def _create_admin(settings: Settings, username: str, password: str) -> None:
    from domain.accounts.actions import create_admin
    from domain.errors import AppError

    await open_database(settings.database_url)
    try:
        user = await create_admin(username, password)
        print(f"create-admin: {user.username} is a NATIONAL_ADMIN at VN (audited)")
    except AppError as error:
        sys.exit(f"create-admin: {error.message}")
    finally:
        await Tortoise.close_connections()


def _read_password() -> str:
    """From standard input: typed twice at a terminal, else its first line (so a script can pipe it in)."""
    if sys.stdin.isatty():
        first, second = getpass.getpass("password: "), getpass.getpass("again: ")
        if first != second:
            sys.exit("create-admin: the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m api", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="apply the migrations")
    seed = sub.add_parser("seed", help="load units, school years and demo accounts into an empty database")
    seed.add_argument("--scale", choices=["demo", "national"], default="demo")
    seed.add_argument("--schools", type=int, default=50_000, help="schools at national scale")
    sub.add_parser("setup", help="migrate, then load the demo data if the database is empty")
    sub.add_parser("serve", help="serve HTTP with uvicorn on HOST:PORT")
    admin = sub.add_parser("create-admin", help="the first NATIONAL_ADMIN of a deployment; password from stdin")
    admin.add_argument("username")
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = Settings.from_env()
    try:
        settings.check()
    except ConfigurationError as error:
        sys.exit(f"configuration: {error}")

    if args.command == "migrate":
        asyncio.run(migrate_database(settings.database_url))
    elif args.command == "seed":
        asyncio.run(_seed(settings, args.scale, args.schools, only_if_empty=False))
    elif args.command == "setup":
        asyncio.run(migrate_database(settings.database_url))
        asyncio.run(_seed(settings, "demo", 0, only_if_empty=True))
    elif args.command == "create-admin":
        asyncio.run(_create_admin(settings, args.username, _read_password()))
    elif args.command == "serve":
        import uvicorn

        # proxy headers are ours to judge (FORWARDED_ALLOW_IPS, api.app), not uvicorn's default of trusting localhost
        uvicorn.run("api.asgi:app", host=settings.host, port=settings.port, log_level="info", proxy_headers=False)
