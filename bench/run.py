"""HTTP benchmark: the desk under gunicorn beside a bare Flask "hello", in one run.

    python bench/run.py --database-url sqlite:///bench/results/servicedesk-1m.db
    python bench/run.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/servicedesk_bench

Starts two gunicorn servers on free loopback ports (the desk, ``wsgi:app``, in production mode,
and ``bench/hello.py``), both with the same number of sync workers; signs in as the bench agent
(``generate.py`` made it) through the real login form with its CSRF token; then drives each
scenario with a fixed number of concurrent clients and a bounded number of requests (and
seconds), and reports requests/s and p50/p95 latency, each also as a ratio to "hello" measured
in the same run (before and after the desk, the better of the two is the ceiling).

The scenarios are what an agent does all day: the queue's first page (default view), the queue
filtered by a text term (common terms, rare terms, and a term nothing matches), a ticket page
(random ids over the whole history), and opening a ticket (POST /agent/tickets/new; it adds
tickets to the database). Results print as a Markdown table and are written as JSON to
``bench/results/``. Only 127.0.0.1 is ever contacted.
"""

import argparse
import http.client
import json
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urlencode

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
from generate import BENCH_EMAIL, BENCH_PASSWORD, _person, _Slots  # noqa: E402

HOST = "127.0.0.1"
USER_AGENT = "servicedesk-bench/1"
NO_MATCH_TERM = "zeppelin"


# --- servers -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    """A gunicorn process on a loopback port, stopped on exit."""

    def __init__(self, name: str, app: str, chdir: Path, workers: int, env: dict, log: Path):
        self.name = name
        self.port = free_port()
        self.log = log
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "--workers",
            str(workers),
            "--bind",
            f"{HOST}:{self.port}",
            "--chdir",
            str(chdir),
            "--timeout",
            "120",
            "--log-level",
            "warning",
            app,
        ]
        self.process = subprocess.Popen(
            command, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
        )

    def wait_ready(self, path: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"{self.name} server exited; see {self.log}")
            try:
                status, _, _ = request(self.port, "GET", path)
                if status < 500:
                    return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"{self.name} server did not answer within {timeout}s; see {self.log}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()


# --- one request ---------------------------------------------------------------------------


def request(port: int, method: str, path: str, body: bytes | None = None, headers=None):
    """Send one request on a new connection (gunicorn's sync workers close after each)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        return response.status, response.msg, data
    finally:
        connection.close()


class Agent:
    """The bench agent's signed-in session: a cookie header and the CSRF token."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.csrf_token = ""

    def headers(self, extra=None) -> dict:
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return {"User-Agent": USER_AGENT, "Cookie": cookie, **(extra or {})}

    def _keep_cookies(self, message) -> None:
        for header in message.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]

    def get(self, path: str):
        status, message, data = request(self.port, "GET", path, headers=self.headers())
        self._keep_cookies(message)
        return status, data.decode()

    def post_form(self, path: str, fields: dict):
        body = urlencode(fields).encode()
        headers = self.headers({"Content-Type": "application/x-www-form-urlencoded"})
        status, message, data = request(self.port, "POST", path, body, headers)
        self._keep_cookies(message)
        return status, message, data

    def sign_in(self, email: str, password: str) -> None:
        _, page = self.get("/auth/login")
        token = _csrf_token(page)
        status, message, data = self.post_form(
            "/auth/login", {"email": email, "password": password, "csrf_token": token}
        )
        if status != 302:
            raise SystemExit(f"sign-in as {email} failed ({status}): {data[:300]!r}")
        status, page = self.get("/agent/tickets/new")
        if status != 200:
            raise SystemExit(f"the new-ticket form answered {status}")
        self.csrf_token = _csrf_token(page)


def _csrf_token(page: str) -> str:
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    if not found:
        raise SystemExit("no csrf_token on the page")
    return found.group(1)


# --- load ----------------------------------------------------------------------------------


def cpu_busy(seconds: float = 1.0) -> float:
    """Return the share of all CPUs busy over *seconds* (from /proc/stat), 0..1."""

    def sample():
        with open("/proc/stat") as stat:
            values = [int(v) for v in stat.readline().split()[1:]]
        idle = values[3] + values[4]  # idle + iowait
        return idle, sum(values)

    idle_0, total_0 = sample()
    time.sleep(seconds)
    idle_1, total_1 = sample()
    return 1 - (idle_1 - idle_0) / max(1, total_1 - total_0)


def wait_until_quiet(limit: float, patience: float) -> float:
    """Wait (up to *patience* seconds) until other work leaves the CPUs mostly idle.

    The machine is shared: a test suite running beside the benchmark halves its figures.
    Returns the busy share last seen, which the report keeps beside each scenario.
    """
    deadline = time.monotonic() + patience
    busy = cpu_busy()
    while busy > limit and time.monotonic() < deadline:
        busy = cpu_busy(2.0)
    return busy


@dataclass
class Result:
    scenario: str
    requests: int
    errors: int
    seconds: float
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    mean_ms: float
    load_before: float
    load_after: float
    busy_before: float
    error_samples: list = field(default_factory=list)


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return float("nan")
    rank = max(0, min(len(sorted_values) - 1, round(fraction * len(sorted_values) + 0.5) - 1))
    return sorted_values[rank]


def drive(
    name, port, make_request, expected, *, count, concurrency, max_seconds, warmup, seed, quiet
):
    """Send ``count`` requests from ``concurrency`` threads (or stop after ``max_seconds``)."""
    rngs = [random.Random(f"{seed}-{name}-{n}") for n in range(concurrency)]
    for n in range(warmup):
        request(port, *make_request(rngs[n % concurrency]))
    busy_before = wait_until_quiet(*quiet)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    issued = 0
    deadline = time.perf_counter() + max_seconds

    def client(rng):
        nonlocal issued
        while True:
            with lock:
                if issued >= count or time.perf_counter() > deadline:
                    return
                issued += 1
            method, path, body, headers = make_request(rng)
            started = time.perf_counter()
            try:
                status, _, data = request(port, method, path, body, headers)
            except OSError as error:
                status, data = 0, str(error).encode()
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if status != expected:
                    errors.append(f"{status} {method} {path}: {data[:120]!r}")

    load_before = os.getloadavg()[0]
    threads = [threading.Thread(target=client, args=(rng,)) for rng in rngs]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    latencies.sort()
    done = len(latencies)
    return Result(
        scenario=name,
        requests=done,
        errors=len(errors),
        seconds=round(seconds, 3),
        rps=round(done / seconds, 1),
        p50_ms=round(percentile(latencies, 0.50) * 1000, 2),
        p95_ms=round(percentile(latencies, 0.95) * 1000, 2),
        p99_ms=round(percentile(latencies, 0.99) * 1000, 2),
        mean_ms=round(sum(latencies) / max(done, 1) * 1000, 2),
        load_before=round(load_before, 2),
        load_after=round(os.getloadavg()[0], 2),
        busy_before=round(busy_before, 2),
        error_samples=errors[:5],
    )


# --- scenarios -----------------------------------------------------------------------------


def reference_data(database_url: str) -> tuple[int, list[int]]:
    """Return the highest ticket id and the leaf category ids, read straight from the database."""
    from sqlalchemy import create_engine, text

    from servicedesk.config import normalize_database_url

    engine = create_engine(normalize_database_url(database_url))
    with engine.connect() as connection:
        max_id = connection.execute(text("SELECT max(id) FROM tickets")).scalar_one()
        leaves = connection.execute(
            text("SELECT id FROM categories WHERE parent_id IS NOT NULL ORDER BY id")
        ).scalars()
        leaves = list(leaves)
    engine.dispose()
    if not max_id:
        raise SystemExit("the database has no tickets; run bench/generate.py first")
    return max_id, leaves


def scenarios(agent: Agent, max_id: int, leaves: list[int]):
    """(name, request maker, expected status) for each scenario, in run order."""
    get = agent.headers()

    def queue(rng):
        return "GET", "/agent/", None, get

    def text_filter(terms):
        def make(rng):
            return "GET", f"/agent/?q={quote(rng.choice(terms))}", None, get

        return make

    def ticket(rng):
        return "GET", f"/agent/tickets/{rng.randint(1, max_id)}", None, get

    post = agent.headers({"Content-Type": "application/x-www-form-urlencoded"})

    def create(rng):
        leaf = rng.choice(list(corpus.PHRASES))
        subjects, sentences = corpus.PHRASES[leaf]
        slots = _Slots(rng)
        caller = _person(rng)
        fields = {
            "csrf_token": agent.csrf_token,
            "catalog_item": "",
            "category": str(rng.choice(leaves)) if rng.random() < 0.7 else "",
            "subject": rng.choice(subjects).format_map(slots),
            "description": " ".join(s.format_map(slots) for s in rng.sample(sentences, 2)),
            "contact_name": caller,
            "contact_email": caller.lower().replace(" ", ".").replace("'", "") + "@example.org",
            "impact": rng.choice(("low", "medium", "medium", "high")),
            "urgency": rng.choice(("low", "medium", "medium", "high")),
            "address": "",
            "lat": "",
            "lon": "",
        }
        return "POST", "/agent/tickets/new", urlencode(fields).encode(), post

    return [
        ("queue first page", queue, 200),
        ("queue, text filter (common term)", text_filter(corpus.COMMON_TERMS), 200),
        ("queue, text filter (rare term)", text_filter(corpus.RARE_TERMS), 200),
        ("queue, text filter (no match)", text_filter([NO_MATCH_TERM]), 200),
        ("ticket page", ticket, 200),
        ("open a ticket (POST)", create, 302),
    ]


# --- report --------------------------------------------------------------------------------


def markdown(results: list[Result], ceiling: Result) -> str:
    lines = [
        "| scenario | req/s | p50 ms | p95 ms | req/s vs hello | p50 vs hello | p95 vs hello "
        "| CPU busy before |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        errors = f" {r.errors} errors" if r.errors else ""
        lines.append(
            f"| {r.scenario} | {r.rps:,.0f} | {r.p50_ms:.1f} | {r.p95_ms:.1f} | "
            f"{r.rps / ceiling.rps:.1%} | {r.p50_ms / ceiling.p50_ms:.1f}x | "
            f"{r.p95_ms / ceiling.p95_ms:.1f}x | {r.busy_before:.0%} |{errors}"
        )
    return "\n".join(lines)


def measure(args, desk: "Server", hello: "Server", scenarios) -> tuple[Result, Result, list]:
    """Hello, then each (name, make, expected) scenario on the desk, then hello again, with the
    shared options of *args* (concurrency, max seconds, warm-up, seed, quiet CPUs, --only)."""
    common = {
        "concurrency": args.concurrency,
        "max_seconds": args.max_seconds,
        "warmup": args.warmup,
        "seed": args.seed,
        "quiet": (args.quiet_below, args.quiet_patience),
    }

    def hello_request(rng):
        return "GET", "/", None, {"User-Agent": USER_AGENT}

    def run_hello(name):
        result = drive(name, hello.port, hello_request, 200, count=args.hello_requests, **common)
        _say(f"{name}: {result.rps:,.0f} req/s, p50 {result.p50_ms} ms, p95 {result.p95_ms} ms")
        return result

    hello_before = run_hello("hello (before)")
    results = []
    for name, make, expected in scenarios:
        if args.only and not any(part in name for part in args.only):
            continue
        result = drive(name, desk.port, make, expected, count=args.requests, **common)
        _say(
            f"{name}: {result.rps:,.0f} req/s, p50 {result.p50_ms} ms, "
            f"p95 {result.p95_ms} ms, p99 {result.p99_ms} ms, {result.errors} errors"
        )
        for sample in result.error_samples:
            _say(f"    {sample}")
        results.append(result)
    return hello_before, run_hello("hello (after)"), results


def add_load_options(parser: argparse.ArgumentParser) -> None:
    """The options every HTTP benchmark shares: database, servers, load, seed, quiet CPUs."""
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--concurrency", type=int, default=2, help="clients at once (default: one per worker)"
    )
    parser.add_argument("--requests", type=int, default=600, help="per desk scenario")
    parser.add_argument("--hello-requests", type=int, default=3000)
    parser.add_argument("--max-seconds", type=float, default=60, help="per scenario")
    parser.add_argument("--warmup", type=int, default=20, help="unmeasured requests per scenario")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--label", default="", help="e.g. 'SQLite, 1M tickets'")
    parser.add_argument("--only", action="append", help="run only scenarios containing this")
    parser.add_argument(
        "--quiet-below",
        type=float,
        default=0.25,
        help="before each scenario wait until the CPUs are at most this busy (0..1)",
    )
    parser.add_argument("--quiet-patience", type=float, default=120, help="seconds, at most")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_load_options(parser)
    args = parser.parse_args(argv)

    results_dir = HERE / "results"
    results_dir.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    instance = tempfile.mkdtemp(prefix="servicedesk-bench-run-")
    env = {
        **os.environ,
        "SERVICEDESK_ENV": "production",
        "SERVICEDESK_SECRET_KEY": secrets.token_urlsafe(48),
        "SERVICEDESK_INSECURE_COOKIES": "1",  # plain http on the loopback address
        "SERVICEDESK_DATABASE_URL": args.database_url,
        "SERVICEDESK_INSTANCE_PATH": instance,
    }
    max_id, leaves = reference_data(args.database_url)
    desk = Server("desk", "wsgi:app", ROOT, args.workers, env, results_dir / f"desk-{stamp}.log")
    hello = Server(
        "hello", "hello:app", HERE, args.workers, env, results_dir / f"hello-{stamp}.log"
    )
    try:
        desk.wait_ready("/auth/login")
        hello.wait_ready("/")
        agent = Agent(desk.port)
        agent.sign_in(BENCH_EMAIL, BENCH_PASSWORD)
        hello_before, hello_after, results = measure(
            args, desk, hello, scenarios(agent, max_id, leaves)
        )
    finally:
        desk.stop()
        hello.stop()
    ceiling = max(hello_before, hello_after, key=lambda r: r.rps)
    table = markdown([hello_before, hello_after, *results], ceiling)
    title = args.label or args.database_url.split("://", 1)[0]
    print(
        f"\n{title}: {max_id:,} tickets, {args.workers} gunicorn workers, "
        f"{args.concurrency} clients\n"
    )
    print(table)
    report = {
        "label": args.label,
        "database": re.sub(r"//[^@/]*@", "//", args.database_url),
        "tickets": max_id,
        "workers": args.workers,
        "concurrency": args.concurrency,
        "started": stamp,
        "cpus": os.cpu_count(),
        "ceiling": asdict(ceiling),
        "results": [asdict(r) for r in (hello_before, hello_after, *results)],
        "markdown": table,
    }
    out = results_dir / f"run-{stamp}.json"
    out.write_text(json.dumps(report, indent=2))
    _say(f"\nwrote {out}")


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
