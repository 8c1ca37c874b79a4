"""Two real server processes on one database: what one process changes, the other enforces at once."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.database import is_postgres
from tests.conftest import TEST_SECRET, error_codes

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def policy_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The deployment's rules, copied so a test can change them as a deploy would."""
    target = tmp_path_factory.mktemp("policies")
    for name in ("model.conf", "policy.csv"):
        shutil.copy(ROOT / "policies" / name, target / name)
    return target


def server_env(app: Any, policy_dir: Path) -> dict[str, str]:
    return os.environ | {
        "DATABASE_URL": app.state.settings.database_url,
        "APP_SECRET": TEST_SECRET,
        "APP_ENV": "development",
        "POLICY_DIR": str(policy_dir),
    }


def uvicorn(port: int, env: dict[str, str], **options: Any) -> subprocess.Popen:
    command = [sys.executable, "-m", "uvicorn", "api.asgi:app", "--host", "127.0.0.1", "--port", str(port)]
    return subprocess.Popen([*command, "--log-level", "warning"], cwd=ROOT, env=env, **options)


def test_sqlite_refuses_a_second_serving_process(app: Any, policy_dir: Path) -> None:
    """This test process serves the SQLite file already: another one must refuse to start, pointing to PostgreSQL."""
    if is_postgres(app.state.settings.database_url):
        pytest.skip("PostgreSQL serves any number of processes")
    proc = uvicorn(free_port(), server_env(app, policy_dir), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output, _ = proc.communicate(timeout=30)
    assert proc.returncode != 0
    assert b"SQLite is one process" in output and b"postgres://" in output


@pytest.fixture(scope="module")
def servers(app: Any, policy_dir: Path) -> Iterator[list[str]]:
    """Two uvicorn processes serving the test database, as a deployment behind a proxy would (PostgreSQL:
    SQLite is one process)."""
    if not is_postgres(app.state.settings.database_url):
        pytest.skip("several processes need PostgreSQL; on SQLite a second one is refused (test above)")
    env = server_env(app, policy_dir)
    procs, urls = [], []
    for _ in range(2):
        port = free_port()
        procs.append(uvicorn(port, env))
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url in urls:
            deadline = time.time() + 30
            while True:
                try:
                    if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert time.time() < deadline, f"{url} did not start"
                time.sleep(0.2)
        yield urls
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=10)


def gql(url: str, query: str, variables: dict | None = None, token: str | None = None) -> dict:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = httpx.post(
        f"{url}/graphql", json={"query": query, "variables": variables or {}}, headers=headers, timeout=10
    )
    assert response.status_code == 200, response.text
    return response.json()


def login(url: str, username: str, password: str = "demo") -> str:
    body = gql(
        url,
        "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }",
        {"u": username, "p": password},
    )
    return body["data"]["login"]["token"]


def wait_for(check, seconds: float = 1.0) -> float:
    """How long until `check()` holds; fails after `seconds`."""
    started = time.perf_counter()
    while not check():
        assert time.perf_counter() - started < seconds, "the other process did not follow within a second"
        time.sleep(0.02)
    return time.perf_counter() - started


def test_a_grant_and_a_revoke_through_one_process_bind_the_other_within_a_second(servers: list[str]) -> None:
    a, b = servers
    province = login(a, "province-79-new")
    gql(
        a,
        'mutation { createUser(input: {username: "two-procs", fullName: "Hai", password: "correct horse"}) '
        "{ username } }",
        token=province,
    )
    user_on_b = login(b, "two-procs", "correct horse")
    seen = '{ unit(code: "26740") { code } units(level: COMMUNE) { totalCount } }'
    assert gql(b, seen, token=user_on_b)["data"] == {"unit": None, "units": {"totalCount": 0}}  # cached on B

    gql(
        a,
        'mutation { grantRole(username: "two-procs", role: LOCAL_OFFICER, unitCode: "26740") { username } }',
        token=province,
    )
    wait_for(lambda: gql(b, seen, token=user_on_b)["data"]["unit"] == {"code": "26740"})

    revoked = gql(
        a,
        'mutation { revokeRole(username: "two-procs", role: LOCAL_OFFICER, unitCode: "26740") { username } }',
        token=province,
    )
    assert "errors" not in revoked, revoked
    # SPEC 10: a revoke ends the tokens issued before it, on every process, from the next request
    wait_for(lambda: set(error_codes(gql(b, seen, token=user_on_b))) == {"UNAUTHENTICATED"})
    user_on_b = login(b, "two-procs", "correct horse")
    assert gql(b, seen, token=user_on_b)["data"] == {"unit": None, "units": {"totalCount": 0}}


def test_an_approval_through_one_process_shows_in_the_next_rollup_on_the_other(servers: list[str]) -> None:
    a, b = servers
    national = login(b, "national")
    rollup = '{ participationReport(schoolYear: "2028-2029", groupBy: NATION) { students schoolsReporting } }'
    before = gql(b, rollup, token=national)["data"]["participationReport"][0]  # and cached on B
    school = login(a, "school-79760001")
    created = gql(
        a,
        """mutation { createSubmission(input: {schoolCode: "79760001", schoolYear: "2028-2029",
        kind: PARTICIPATION_REPORT, quarter: 1, students: 321, viaSchool: 300, viaOtherGroups: 0}) { id } }""",
        token=school,
    )
    sid = created["data"]["createSubmission"]["id"]
    gql(a, "mutation($id: ID!) { submitSubmission(id: $id) { id } }", {"id": sid}, token=school)
    gql(
        a,
        "mutation($id: ID!) { reviewSubmission(id: $id, decision: APPROVE) { id } }",
        {"id": sid},
        token=login(a, "district-760"),
    )
    after = gql(b, rollup, token=national)["data"]["participationReport"][0]  # the very next request, on B
    assert after["students"] == before["students"] + 321
    assert after["schoolsReporting"] == before["schoolsReporting"] + 1


def test_each_process_reports_the_policy_version_it_enforces(servers: list[str]) -> None:
    for url in servers:
        gql(url, "{ __typename }")  # a request makes a process compare its rules with the database's
    versions = {httpx.get(f"{url}/health").json()["policyVersion"] for url in servers}
    assert len(versions) == 1


def test_a_policy_change_reloaded_through_one_process_binds_the_other(servers: list[str], policy_dir: Path) -> None:
    a, b = servers
    viewer = login(b, "edu-79")
    log = "{ auditLog(first: 1) { totalCount } }"
    assert gql(b, log, token=viewer)["data"]["auditLog"]["totalCount"] == 0  # viewers read no audit entries
    with (policy_dir / "policy.csv").open("a") as rules:  # a deploy grants them their province's log
        rules.write("\np, EDUCATION_VIEWER, audit, read, self\np, EDUCATION_VIEWER, audit, read, below\n")
    assert error_codes(gql(a, "mutation { reloadPolicy { version } }", token=login(a, "province-79"))) == ["FORBIDDEN"]
    status = gql(a, "mutation { reloadPolicy { version rules } }", token=login(a, "admin"))["data"]["reloadPolicy"]
    wait_for(lambda: gql(b, log, token=viewer)["data"]["auditLog"]["totalCount"] > 0)
    health = [httpx.get(f"{url}/health").json() for url in servers]
    assert {h["policyVersion"] for h in health} == {status["version"]}
    assert health[0]["policyRevision"] == health[1]["policyRevision"]
