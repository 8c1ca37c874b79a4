"""Schema-driven fuzzing (SPEC section 10): no argument value makes the server fail.

hypothesis-graphql draws queries and mutations over the committed schema (schema/schema.graphql), with
hostile values for every scalar: over-long strings, NUL and other control characters, zero-width and bidi
characters, Arabic-Indic and fullwidth digits, integers past int32, floats past double, malformed IDs,
cursors and dates. Each drawn operation is sent with its arguments inline, or lifted into variables (the
two paths coerce differently), as every demo role and anonymously. Every answer must be below 500, carry
no INTERNAL_SERVER_ERROR, and leave no record at ERROR in the server's log (our unexpected errors are
logged there with their traceback by schema/errors.py `log_unexpected`; uvicorn logs what escapes the app).

Its own server, on its own database: mutations write, and the rest of the suite shares the session
database and its demo data. The ORM is process-global (`Tortoise.init(..., _enable_global_fallback=True)`
in api/database.py), so a second app inside the test process would take the connections of conftest's
session app; instead this module starts a real uvicorn process (as tests/api/test_two_processes.py does)
on a fresh SQLite file, or, with TEST_DATABASE_URL=postgres://..., on a fresh database `bhyt_fuzz_<pid>_<hex>`
dropped afterwards. The process migrates it and loads the same demo tree, accounts and activity as
conftest, then serves; its log records go, one JSON object a line, to a file this test reads after each
request.

Nothing drawn can lock a role out. Every role logs in once, before the fuzzing, and no drawn string is a
demo username, so a drawn login, grantRole, revokeRole or setUserActive only ever touches `fuzz-target`
(or nobody). A drawn changePassword would end the token of whoever sends it, so the demo roles send it
with `current` never their password, and each such operation is sent once more, with the right `current`,
as a fresh throwaway account that admin creates for it (so hostile `new` passwords reach their checks). The
fuzz server raises the per-address login throttle, which all of this would otherwise trip for 127.0.0.1.
The test checks at the end that every role's token still answers `me`.

Failures are collected over the whole run (no shrinking), deduplicated by cause and reported together;
the run is derandomized, so CI draws the same operations every time.
"""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import graphql
import httpx
import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from api.database import is_postgres, with_database
from tests.conftest import TEST_SECRET

hypothesis_graphql = pytest.importorskip("hypothesis_graphql", reason="pip install hypothesis-graphql (the test extra)")
from hypothesis_graphql import nodes  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SDL = (ROOT / "schema" / "schema.graphql").read_text()
SCHEMA = graphql.build_schema(SDL)
ROLES: tuple[str | None, ...] = (
    "admin",
    "national",
    "province-79",
    "edu-79",
    "district-760",
    "school-79760001",
    None,  # anonymous
)
FUZZ_USER = "fuzz-target"  # the only existing account a drawn string names
DEMO_PASSWORD = "demo"
SCALE = float(os.environ.get("FUZZ_SCALE", "1"))  # FUZZ_SCALE=10 for a longer hunt
SEED = os.environ.get("FUZZ_SEED")  # another fixed draw than CI's, e.g. FUZZ_SEED=7
QUERY_EXAMPLES = int(90 * SCALE)
MUTATION_EXAMPLES = int(110 * SCALE)
REQUEST_TIMEOUT = 30.0
STALL_SECONDS = 12.0  # SPEC 10: executions are cancelled at 10 s (TIMEOUT)
ERROR = 40  # logging.ERROR

SERVER = r"""
import asyncio, json, logging, os, traceback

class JsonLines(logging.Handler):
    def __init__(self, path):
        super().__init__(logging.INFO)
        self.stream = open(path, "a", encoding="utf-8")

    def emit(self, record):
        try:
            entry = {"logger": record.name, "level": record.levelname, "levelno": record.levelno,
                     "message": record.getMessage()[:2000]}
            if record.exc_info and record.exc_info[1] is not None:
                exc = record.exc_info[1]
                inner = exc
                while inner.__cause__ is not None or inner.__context__ is not None:
                    inner = inner.__cause__ or inner.__context__
                entry["exception"] = "".join(traceback.format_exception_only(type(exc), exc)).strip()[:1000]
                entry["frames"] = [f"{f.filename}:{f.lineno} in {f.name}"
                                   for f in traceback.extract_tb(exc.__traceback__)]
                if inner is not exc:
                    entry["root_cause"] = "".join(traceback.format_exception_only(type(inner), inner)).strip()[:1000]
                    entry["root_frames"] = [f"{f.filename}:{f.lineno} in {f.name}"
                                            for f in traceback.extract_tb(inner.__traceback__)]
            self.stream.write(json.dumps(entry) + "\n")
            self.stream.flush()
        except Exception:
            self.handleError(record)

root = logging.getLogger()
root.setLevel(logging.WARNING)
root.addHandler(JsonLines(os.environ["FUZZ_LOG"]))
logging.getLogger("bhyt").setLevel(logging.INFO)


async def seed(url):
    from api.database import close_database, migrate_database, open_database
    from api.seed.accounts import DEMO_USERNAMES, create_demo_accounts
    from api.seed.activity import load_activity, protected_schools
    from api.seed.load import DEMO_SCHOOL_YEARS, load_tree, register_school_years
    from domain.accounts.passwords import hash_password
    from domain.models import RoleGrant, User
    from policies.roles import Role

    await migrate_database(url)
    await open_database(url)
    try:
        await load_tree("demo")
        await register_school_years(DEMO_SCHOOL_YEARS)
        await create_demo_accounts()
        await load_activity(protected_schools(sorted(DEMO_USERNAMES)))
        user = await User.create(username=os.environ["FUZZ_USER"], full_name="Fuzz target",
                                 password_hash=hash_password("demo"), created_by="fuzz")
        await RoleGrant.create(user=user, role=Role.DISTRICT_OFFICER, unit_id="761", granted_by="fuzz")
    finally:
        await close_database()


from api.settings import Settings
settings = Settings.from_env()
asyncio.run(seed(settings.database_url))

import uvicorn
from api.app import create_app
uvicorn.run(create_app(settings), host="127.0.0.1", port=int(os.environ["FUZZ_PORT"]),
            log_config=None, log_level="warning", access_log=False)
"""

DROP = r"""
import asyncio, sys
from api.database import drop_postgres_database
asyncio.run(drop_postgres_database(sys.argv[1]))
"""


# ---------------------------------------------------------------- hostile values

CODES = ["VN", "79", "01", "760", "761", "001", "79760001", "79760002", "79000001", "01001001", "26734"]
YEARS = ["2019-2020", "2020-2021", "2021-2022", "2022-2023", "2028-2029"]
WORDS = [FUZZ_USER, "fuzz-new-user", "demo", "a long password", "Nguyễn Văn A", "Trường thử", "go vap", "quan 1"]
RECORD_IDS = ["1", "2", "3", "10", "42", "100"]
ANCHORS = CODES + YEARS + WORDS + RECORD_IDS
CONTROL = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x1b[2J\x1b[31m", "\r\n", "\n", "\t", "\x7f", "\x85", "\u2028"]
INVISIBLE = [
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\u202e",
    "\u202d",
    "\u2066",
    "\u2069",
    "\u061c",
]
ODD = [
    "\ufffd",
    "\uffff",
    "\ud800",
    "\U0001f4a9",
    "e\u0301",
    "Tra\u0300n",
    "%",
    "_",
    "\\",
    "'",
    '"',
    "' OR '1'='1",
    "--",
    ";",
    "*",
    "../",
    "<script>",
    "{{7*7}}",
    "%s%n",
    " ",
    "",
]
DIGITS = [
    "٠١٢",
    "٧٩",
    "٧٦٠",
    "٧٩٧٦٠٠٠١",
    "۷۹",
    "०१२",
    "७९",
    "０１２",
    "７９",
    "７９７６０００１",
    "²",
    "①",
    "𝟕𝟗",
    "٢٠٢٠-٢٠٢١",
    "２０２０-２０２１",
    "2020-２０２１",
    "١",
    "１",
]
BAD_YEARS = [
    "2020-2022",
    "2021-2020",
    "2020/2021",
    "20202021",
    "0000-0001",
    "9999-10000",
    "1999-2000",
    "2100-2101",
    "2020-2021 ",
    " 2020-2021",
    "2020-2021\x00",
    "99999999999999999999-1",
    "2020-",
]
BAD_IDS = [
    "0",
    "-1",
    "2147483647",
    "2147483648",
    "4294967296",
    "9223372036854775808",
    "9" * 30,
    "1e3",
    "0x1f",
    "1.0",
    " 1",
    "1 ",
    "+1",
    "00001",
    "NaN",
    "Infinity",
    "null",
    "[]",
    "{}",
    "1;DROP TABLE users",
]
CURSOR_KINDS = ["unit", "submission", "row", "audit", "reward", "target"]
CURSOR_KEYS = [
    "0",
    "1",
    "50",
    "-1",
    "2147483647",
    "2147483648",
    "9" * 30,
    "²",
    "١٢",
    "１",
    "1.5",
    " 1",
    "",
    "x",
    "79760001",
    "VN",
    "\x00",
    "a" * 300,
    "\ud800",
]
BAD_CURSORS = [
    "!!!!",
    "====",
    "YQ",
    "a",
    "dW5pdA",
    "+/+/",
    "A" * 5000,
    base64.b64encode(b"\xff\xfe\xfd").decode(),
    base64.b64encode(b":").decode(),
    base64.b64encode(b"unit:1").decode() + "===",
]
TODAY = date.today()
DATES = [
    "2020-01-01",
    "2000-01-01",
    "2100-12-31",
    "1999-12-31",
    "2101-01-01",
    "1900-01-01",
    "1899-12-31",
    "0001-01-01",
    "9999-12-31",
    "1000-06-15",
    "2020-02-30",
    "2020-13-01",
    "2020-00-10",
    "20200101",
    "2020-01-01T00:00:00",
    "2020-01-01T00:00:00+07:00",
    "2020-W01-1",
    "+12020-01-01",
    "-2020-01-01",
    "٢٠٢٠-٠١-٠١",
    "２０２０-０１-０１",
    "2020-01-01\x00",
    "2020-1-1",
    "",
    " 2020-01-01",
    "2010-05-20",
    str(TODAY),
    str(TODAY + timedelta(days=1)),
    "1970-01-01",
]
LONG_UNITS = ["a", "7", "é", "Ư", "\u200b", "٧", "７", "\x00", " ", "\u202e", "ab", "79"]
LONG_SIZES = [17, 65, 101, 201, 1025, 2001, 10_001, 100_001]
PLAUSIBLE_INTS = [
    0,
    1,
    2,
    3,
    4,
    5,
    -1,
    10,
    12,
    13,
    50,
    100,
    499,
    500,
    501,
    640,
    1000,
    1_000_000,
    1_000_001,
    2**31 - 1,
    -(2**31),
]
HUGE_INTS = [2**31, -(2**31) - 1, 2**32, 2**53 + 1, 2**63 - 1, 2**63, -(2**63) - 1, 10**20, -(10**20), 10**100]
FLOAT_LITERALS = [
    "0.0",
    "-0.0",
    "0.5",
    "50.0",
    "95.5",
    "99.99",
    "100.0",
    "100.000001",
    "100.5",
    "101.0",
    "-0.000001",
    "-1.0",
    "-100.0",
    "1e308",
    "-1e308",
    "1.7976931348623157e308",
    "1e309",
    "-1e309",
    "5e-324",
    "1e-400",
    "123456789012345678901234567890.0",
    "NaN",
    "Infinity",
    "-Infinity",
]


def cursor(kind: str, key: str) -> str:
    return base64.urlsafe_b64encode(f"{kind}:{key}".encode("utf-8", "surrogatepass")).decode()


def splice(anchor: str, fragment: str, where: int) -> str:
    if where == 0:
        return fragment + anchor
    if where == 1:
        return anchor + fragment
    middle = len(anchor) // 2
    return anchor[:middle] + fragment + anchor[middle:]


FRAGMENTS = CONTROL + INVISIBLE + ODD + DIGITS
text = st.one_of(
    st.sampled_from(ANCHORS),
    st.sampled_from(FRAGMENTS + BAD_YEARS + BAD_IDS + BAD_CURSORS + DATES),
    st.builds(splice, st.sampled_from(ANCHORS), st.sampled_from(FRAGMENTS), st.integers(0, 2)),
    st.builds(lambda unit, n: unit * n, st.sampled_from(LONG_UNITS), st.sampled_from(LONG_SIZES)),
    st.builds(cursor, st.sampled_from(CURSOR_KINDS), st.sampled_from(CURSOR_KEYS)),
    st.text(st.characters(blacklist_categories=["Cs"]), max_size=30),
    st.lists(st.sampled_from(CONTROL + INVISIBLE + DIGITS), min_size=1, max_size=12).map("".join),
)
integers = st.one_of(
    st.sampled_from(PLAUSIBLE_INTS),
    st.sampled_from(HUGE_INTS),
    st.integers(-(2**31), 2**31 - 1),
    st.integers(-1000, 2_000_000),
)
STRING = text.map(nodes.String)
INT = integers.map(nodes.Int)
FLOAT = st.one_of(
    st.sampled_from(FLOAT_LITERALS).map(lambda v: graphql.FloatValueNode(value=v)),
    st.floats(allow_nan=False, allow_infinity=False).map(nodes.Float),
    INT,
)
DATE = st.one_of(
    st.sampled_from(DATES).map(nodes.String),
    st.dates().map(nodes.String),
    st.datetimes().map(lambda d: nodes.String(d.isoformat())),
    INT,
)
UPLOAD = st.one_of(
    STRING,
    INT,
    st.just(nodes.Object([graphql.ObjectFieldNode(name=graphql.NameNode(value="filename"), value=nodes.String("x"))])),
)
CUSTOM_SCALARS = {
    "String": STRING,
    "ID": st.one_of(STRING, INT),
    "Int": INT,
    "Float": FLOAT,
    "Date": DATE,
    "DateTime": DATE,
    "JSON": STRING,
    "Upload": UPLOAD,
}


def keep_ast(document: graphql.DocumentNode) -> graphql.DocumentNode:
    return document


def operations(kind: str) -> list[st.SearchStrategy[graphql.DocumentNode]]:
    """One strategy per root field (one bad literal fails a whole document, so mostly one field at a time),
    and a last one that selects several root fields at once."""
    build = hypothesis_graphql.queries if kind == "query" else hypothesis_graphql.mutations
    root = SCHEMA.query_type if kind == "query" else SCHEMA.mutation_type
    assert root is not None
    single = [build(SCHEMA, fields=[name], custom_scalars=CUSTOM_SCALARS, print_ast=keep_ast) for name in root.fields]
    return single + [build(SCHEMA, custom_scalars=CUSTOM_SCALARS, print_ast=keep_ast)]


QUERIES = operations("query")
MUTATIONS = operations("mutation")

FUZZ_SETTINGS = dict(
    deadline=None,
    derandomize=SEED is None,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # failures are collected, not shrunk
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
        HealthCheck.filter_too_much,
    ],
)


# Plausible values by argument or input-field name: a drawn operation has some of its arguments set to these,
# so that the hostile ones reach the code behind the lookups (a valid school, year and id) instead of stopping
# at the first NOT_FOUND.
SCHOOLS = ["79760001", "79760002", "79000001", "01001001"]
PLAUSIBLE: dict[str, st.SearchStrategy[graphql.ValueNode]] = {
    **dict.fromkeys(["schoolCode"], st.sampled_from(SCHOOLS).map(nodes.String)),
    **dict.fromkeys(
        ["code", "unitCode", "withinCode", "parentCode", "recipientUnitCode"],
        st.sampled_from(CODES + SCHOOLS).map(nodes.String),
    ),
    "provinceCode": st.sampled_from(["79", "01"]).map(nodes.String),
    "schoolYear": st.sampled_from(YEARS).map(nodes.String),
    "username": st.sampled_from([FUZZ_USER, "fuzz-new-user"]).map(nodes.String),
    **dict.fromkeys(["password", "current", "new"], st.sampled_from(["demo", "a long password"]).map(nodes.String)),
    "id": st.sampled_from(RECORD_IDS + ["5", "20", "50", "200"]).map(nodes.String),
    "quarter": st.integers(1, 4).map(nodes.Int),
    "first": st.integers(0, 20).map(nodes.Int),
    "months": st.sampled_from([3, 6, 12]).map(nodes.Int),
    **dict.fromkeys(
        ["students", "viaSchool", "viaOtherGroups", "targetParticipants"], st.integers(0, 2000).map(nodes.Int)
    ),
    **dict.fromkeys(
        ["targetRate", "rate"],
        st.sampled_from(["50.0", "95.5", "100.0"]).map(lambda v: graphql.FloatValueNode(value=v)),
    ),
    **dict.fromkeys(["validFrom", "dateOfBirth"], st.sampled_from(["2020-09-01", "2012-05-20"]).map(nodes.String)),
    **dict.fromkeys(
        ["fullName", "reason", "note", "position", "className"],
        st.sampled_from(["Nguyễn Văn A", "Lớp 5A", "ok"]).map(nodes.String),
    ),
}


SHARES = st.sampled_from([0.0, 0.5, 0.9])  # how many of an operation's arguments are made plausible


def make_plausible(document: graphql.DocumentNode, draw: Any, share: float) -> graphql.DocumentNode:
    """Replace about `share` of the arguments and input fields that PLAUSIBLE names by plausible values."""
    if share <= 0:
        return document

    class Repair(graphql.Visitor):
        def enter_argument(self, node: graphql.ArgumentNode, *_: Any) -> Any:
            return self.repair(node, graphql.ArgumentNode)

        def enter_object_field(self, node: graphql.ObjectFieldNode, *_: Any) -> Any:
            return self.repair(node, graphql.ObjectFieldNode)

        @staticmethod
        def repair(node: Any, kind: type) -> Any:
            strategy = PLAUSIBLE.get(node.name.value)
            if strategy is None or isinstance(node.value, (graphql.ObjectValueNode, graphql.ListValueNode)):
                return None
            if not draw(st.floats(0, 1)) < share:
                return None
            return kind(name=node.name, value=draw(strategy))

    return graphql.visit(document, Repair())


def lift_arguments(document: graphql.DocumentNode) -> tuple[graphql.DocumentNode, dict[str, Any]]:
    """The same operation with every argument sent as a variable of the argument's type."""
    type_info = graphql.TypeInfo(SCHEMA)
    definitions: list[graphql.VariableDefinitionNode] = []
    values: dict[str, Any] = {}

    class Lift(graphql.Visitor):
        def enter_argument(self, node: graphql.ArgumentNode, *_: Any) -> Any:
            argument = type_info.get_argument()
            if argument is None or isinstance(node.value, graphql.VariableNode):
                return None
            name = f"v{len(definitions)}"
            variable = graphql.VariableNode(name=graphql.NameNode(value=name))
            definitions.append(
                graphql.VariableDefinitionNode(variable=variable, type=graphql.parse_type(str(argument.type)))
            )
            values[name] = graphql.value_from_ast_untyped(node.value)
            return graphql.ArgumentNode(name=node.name, value=variable)

    lifted = graphql.visit(document, graphql.TypeInfoVisitor(type_info, Lift()))
    operation = lifted.definitions[0]
    operation = graphql.OperationDefinitionNode(
        operation=operation.operation,
        name=None,
        variable_definitions=tuple(definitions),
        directives=(),
        selection_set=operation.selection_set,
    )
    return graphql.DocumentNode(definitions=(operation,)), values


# ---------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class FuzzServer:
    http: httpx.Client
    log: Path
    report: Path
    tokens: dict[str, str] = field(default_factory=dict)
    offset: int = 0
    throwaways: int = 0

    def login(self, username: str, password: str = "demo") -> str:
        body = self.http.post(
            "/graphql",
            json={
                "query": "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }",
                "variables": {"u": username, "p": password},
            },
        ).json()
        assert "errors" not in body, body
        return body["data"]["login"]["token"]

    def log_records(self) -> list[dict]:
        """The records the server logged since the last call (whole lines only)."""
        with self.log.open("rb") as stream:
            stream.seek(self.offset)
            data = stream.read()
        end = data.rfind(b"\n") + 1
        self.offset += end
        return [json.loads(line) for line in data[:end].splitlines() if line.strip()]


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FuzzServer]:
    tmp = tmp_path_factory.mktemp("fuzz")
    server = os.environ.get("TEST_DATABASE_URL")
    if server and is_postgres(server):
        url = with_database(server, f"bhyt_fuzz_{os.getpid()}_{secrets.token_hex(3)}")
    else:
        url = f"sqlite://{tmp / 'fuzz.sqlite3'}"
    report = Path(os.environ.get("FUZZ_REPORT") or tmp / "fuzz-report.txt")  # the server's log lands beside it
    port, log, output = free_port(), report.with_name(report.name + ".server-log.jsonl"), tmp / "server-output.txt"
    log.write_text("")
    env = os.environ | {
        "DATABASE_URL": url,
        "APP_SECRET": TEST_SECRET,
        "APP_ENV": "development",
        "FUZZ_LOG": str(log),
        "FUZZ_PORT": str(port),
        "FUZZ_USER": FUZZ_USER,
        # the address throttle is a global brake, not under test here: drawn logins and wrong current passwords
        # from 127.0.0.1 would pass its 50 failures and then refuse the throwaway accounts' logins
        "LOGIN_FAILURES_PER_ADDRESS": "1000000",
    }
    env.pop("POLICY_DIR", None)
    with output.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-c", SERVER], cwd=ROOT, env=env, stdout=out, stderr=out)
    base = f"http://127.0.0.1:{port}"

    def tail() -> str:
        return f"{output.read_text()[-2000:]}\n{log.read_text()[-4000:]}"

    try:
        deadline = time.time() + 180
        while True:
            assert proc.poll() is None, f"the fuzz server exited:\n{tail()}"
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.time() < deadline, f"the fuzz server did not start:\n{tail()}"
            time.sleep(0.2)
        with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT) as http:
            fuzz = FuzzServer(http, log, report)
            for role in ROLES:
                if role is not None:
                    fuzz.tokens[role] = fuzz.login(role, DEMO_PASSWORD)
            fuzz.log_records()  # what seeding and start-up logged is not the fuzz's
            yield fuzz
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if is_postgres(url):
            subprocess.run([sys.executable, "-c", DROP, url], cwd=ROOT, env=env, check=False, timeout=60)


# ---------------------------------------------------------------- checking one operation


def shorten(value: str, limit: int = 1500) -> str:
    """Runs of a repeated unit (1-6 characters) as `unit…×n`, then cut to `limit`."""
    value = re.sub(r"(.{1,6}?)\1{19,}", lambda m: f"{m.group(1)}…×{len(m.group(0)) // len(m.group(1))}", value)
    return value if len(value) <= limit else value[:limit] + f"… (+{len(value) - limit} chars)"


def repo_frames(frames: list[str]) -> list[str]:
    ours = [f for f in frames if f.startswith(str(ROOT)) and "/.venv/" not in f]
    return [f.removeprefix(str(ROOT) + "/") for f in ours]


@dataclass
class Failure:
    signature: tuple
    role: str
    operation: str
    variables: str
    status: int
    codes: list[str]
    messages: list[str]
    logged: list[str]
    count: int = 1
    roles: set[str] = field(default_factory=set)
    fields: set[str] = field(default_factory=set)

    def describe(self) -> str:
        lines = [
            f"== {' | '.join(str(s) for s in self.signature)}",
            f"   seen {self.count}x; roles: {', '.join(sorted(self.roles))}",
            f"   root fields: {', '.join(sorted(self.fields))}",
            f"   first as {self.role}: HTTP {self.status}, codes {self.codes}",
        ]
        lines += [f"   message: {shorten(m, 300)}" for m in self.messages[:3]]
        lines += [f"   logged: {shorten(entry, 600)}" for entry in self.logged[:3]]
        lines += [f"   operation: {shorten(self.operation)}", f"   variables: {shorten(self.variables)}"]
        return "\n".join(lines)


@dataclass
class Findings:
    failures: dict[tuple, Failure] = field(default_factory=dict)
    examples: int = 0
    requests: int = 0
    slowest: float = 0.0
    codes: dict[str, int] = field(default_factory=dict)
    fields: dict[str, int] = field(default_factory=dict)
    answered: dict[str, int] = field(default_factory=dict)  # root field -> answers with its data

    def add(self, failure: Failure) -> None:
        known = self.failures.get(failure.signature)
        if known is None:
            failure.roles.add(failure.role)
            self.failures[failure.signature] = failure
            return
        known.count += 1
        known.roles.add(failure.role)
        known.fields |= failure.fields
        if len(failure.operation) + len(failure.variables) < len(known.operation) + len(known.variables):
            known.operation, known.variables, known.role = failure.operation, failure.variables, failure.role
            known.status, known.codes, known.messages = failure.status, failure.codes, failure.messages
            known.logged = failure.logged

    def report(self) -> str:
        counts = ", ".join(f"{k}: {v}" for k, v in sorted(self.codes.items(), key=lambda kv: -kv[1]))
        head = [
            f"{self.examples} operations, {self.requests} requests, slowest {self.slowest:.2f} s",
            f"answers by code: {counts}",
            f"root fields drawn: {', '.join(f'{k} {v}' for k, v in sorted(self.fields.items()))}",
            f"answered with data: {', '.join(f'{k} {v}' for k, v in sorted(self.answered.items()))}",
            f"{len(self.failures)} distinct failure(s)",
        ]
        return "\n".join(head + [f.describe() for f in self.failures.values()])


def root_fields(document: graphql.DocumentNode) -> set[str]:
    operation = document.definitions[0]
    return {s.name.value for s in operation.selection_set.selections if isinstance(s, graphql.FieldNode)}


def set_current_password(document: graphql.DocumentNode, choose: Any) -> graphql.DocumentNode:
    """changePassword's `current` argument, replaced by `choose(drawn value node)`."""

    class Current(graphql.Visitor):
        def enter_field(self, node: graphql.FieldNode, *_: Any) -> Any:
            if node.name.value != "changePassword":
                return None
            arguments = tuple(
                graphql.ArgumentNode(name=a.name, value=choose(a.value)) if a.name.value == "current" else a
                for a in node.arguments
            )
            return graphql.FieldNode(
                alias=node.alias,
                name=node.name,
                arguments=arguments,
                directives=node.directives,
                selection_set=node.selection_set,
            )

    return graphql.visit(document, Current())


def never_demo(value: graphql.ValueNode) -> graphql.ValueNode:
    """The demo roles never change their password (their tokens must last the run): `demo` becomes wrong."""
    if isinstance(value, graphql.StringValueNode) and value.value == DEMO_PASSWORD:
        return nodes.String("not-" + DEMO_PASSWORD)
    return value


def throwaway(fuzz: FuzzServer) -> tuple[str, str, str]:
    """A new account (created by admin) for a drawn changePassword that may succeed: username, password, token."""
    fuzz.throwaways += 1
    username, password = f"fuzz-pw-{fuzz.throwaways}", f"throwaway password {fuzz.throwaways}"
    created = fuzz.http.post(
        "/graphql",
        json={
            "query": "mutation($u: String!, $p: String!) { createUser(input: {username: $u, fullName: $u, "
            "password: $p}) { username } }",
            "variables": {"u": username, "p": password},
        },
        headers={"authorization": f"Bearer {fuzz.tokens['admin']}"},
    ).json()
    assert "errors" not in created, created
    return username, password, fuzz.login(username, password)


def exercise(fuzz: FuzzServer, findings: Findings, document: graphql.DocumentNode, as_variables: bool) -> None:
    """Send one operation as every role (and changePassword as a throwaway account); record what breaks SPEC 10."""
    fields = root_fields(document)
    findings.examples += 1
    for name in fields:
        findings.fields[name] = findings.fields.get(name, 0) + 1
    senders: list[tuple[str, str | None, graphql.DocumentNode]] = []
    if "changePassword" in fields:
        document = set_current_password(document, never_demo)
        username, password, token = throwaway(fuzz)
        senders.append((username, token, set_current_password(document, lambda _: nodes.String(password))))
    senders = [(role or "anonymous", role and fuzz.tokens[role], document) for role in ROLES] + senders
    for label, token, variant in senders:
        send(fuzz, findings, label, token, fields, variant, as_variables)


def send(
    fuzz: FuzzServer,
    findings: Findings,
    role: str,
    token: str | None,
    fields: set[str],
    document: graphql.DocumentNode,
    as_variables: bool,
) -> None:
    if as_variables:
        document, variables = lift_arguments(document)
    else:
        variables = {}
    operation = graphql.print_ast(document)
    # ensure_ascii: lone surrogates travel as \ud800 escapes; allow_nan: NaN and Infinity reach the server's json
    body = json.dumps({"query": operation, "variables": variables}, ensure_ascii=True, allow_nan=True)
    shown_variables = json.dumps(variables, ensure_ascii=True, allow_nan=True)
    headers = {"content-type": "application/json"}
    if token is not None:
        headers["authorization"] = f"Bearer {token}"
    started = time.perf_counter()
    try:
        response: httpx.Response | None = fuzz.http.post("/graphql", content=body, headers=headers)
    except httpx.TimeoutException:
        response = None
    elapsed = time.perf_counter() - started
    findings.requests += 1
    findings.slowest = max(findings.slowest, elapsed)
    records = [r for r in fuzz.log_records() if r["levelno"] >= ERROR]
    status = response.status_code if response is not None else 0
    try:
        payload = response.json() if response is not None else {}
    except ValueError:
        payload = None
    errors = (payload.get("errors") or []) if isinstance(payload, dict) else []
    codes = [(e.get("extensions") or {}).get("code") for e in errors]
    for code in set(codes) or {"(data)"}:
        findings.codes[str(code)] = findings.codes.get(str(code), 0) + 1
    data = payload.get("data") if isinstance(payload, dict) else None
    for name in fields:
        if isinstance(data, dict) and data.get(name) is not None:
            findings.answered[name] = findings.answered.get(name, 0) + 1
    internal = [e for e in errors if (e.get("extensions") or {}).get("code") == "INTERNAL_SERVER_ERROR"]
    signatures: list[tuple] = []
    for record in records:
        frames = repo_frames(record.get("root_frames") or record.get("frames") or [])
        exception = record.get("root_cause") or record.get("exception") or record["message"]
        signatures.append(("logged", record["logger"], exception.split(":")[0], frames[-1] if frames else "-"))
    if not signatures and internal:
        signatures.append(("INTERNAL_SERVER_ERROR", str((internal[0].get("path") or ["-"])[0]), internal[0]["message"]))
    if response is None:
        signatures.append(("no answer", f"client timeout after {REQUEST_TIMEOUT:.0f} s"))
    elif status >= 500:
        signatures.append((f"HTTP {status}",))
    elif payload is None:
        signatures.append(("not JSON", f"HTTP {status}"))
    if response is not None and "Traceback" in response.text:
        signatures.append(("traceback in the answer",))
    if elapsed > STALL_SECONDS:
        signatures.append(("stall", f"> {STALL_SECONDS:.0f} s"))
    if not signatures:
        return
    logged = []
    for record in records:
        frames = repo_frames(record.get("root_frames") or record.get("frames") or [])
        logged.append(
            f"{record['logger']} {record['level']} {record['message']!r}: "
            f"{record.get('root_cause') or record.get('exception')} at {' <- '.join(reversed(frames[-3:]))}"
        )
    messages = [e.get("message", "") for e in (internal or errors)]
    if response is not None and (status >= 500 or payload is None):
        messages.append(response.text[:300])
    for signature in dict.fromkeys(signatures):
        findings.add(
            Failure(
                signature=signature,
                role=role,
                operation=operation,
                variables=shown_variables,
                status=status,
                codes=[str(c) for c in codes],
                messages=messages,
                logged=logged,
                fields=set(fields),
            )
        )


# ---------------------------------------------------------------- the test


def test_hostile_arguments_never_crash_the_server(fuzz_server: FuzzServer) -> None:
    findings = Findings()

    # One run per root field, and one selecting several at once: each field is drawn as often as the others.
    for strategies, examples in ((QUERIES, QUERY_EXAMPLES), (MUTATIONS, MUTATION_EXAMPLES)):
        for strategy in strategies:

            @settings(max_examples=max(3, round(examples / len(strategies))), **FUZZ_SETTINGS)
            @given(document=strategy, share=SHARES, as_variables=st.booleans(), data=st.data())
            def fuzz(document: graphql.DocumentNode, share: float, as_variables: bool, data: st.DataObject) -> None:
                exercise(fuzz_server, findings, make_plausible(document, data.draw, share), as_variables)

            if SEED is not None:
                fuzz = seed(int(SEED))(fuzz)
            fuzz()

    report = findings.report()
    fuzz_server.report.write_text(report + "\n")
    print(f"\nfuzz report ({fuzz_server.report}):\n{report}")
    for role, token in fuzz_server.tokens.items():  # nothing drawn locked a role out
        body = fuzz_server.http.post(
            "/graphql", json={"query": "{ me { username } }"}, headers={"authorization": f"Bearer {token}"}
        ).json()
        assert body.get("data", {}).get("me", {}).get("username") == role, (role, body)
    assert not findings.failures, report
