"""Dashboard and export benchmark: the team lead dashboard's latency and the CSV exports'
throughput at a generated desk's scale.

    python bench/dashboard.py --database-url sqlite:///bench/results/servicedesk-1m.db

Needs a database from ``generate.py`` whose report rows are built (``servicedesk reports
rebuild`` with the same ``SERVICEDESK_DATABASE_URL``; the script refuses to run without them).
Starts the desk under gunicorn (production mode, ``--workers`` sync workers), signs in as the
bench admin through the real login form, and measures:

- the dashboard (``GET /agent/dashboard``) for the last 30 days, the last 90 days, 90 days for
  one team and the residents, and a whole year: requests/s, p50/p95/p99 (each request also
  brings the report rows up to date, as in production);
- the ticket export (``/agent/dashboard/tickets.csv``) over a date range holding about
  ``--export-tickets`` tickets, as the admin (every ticket) and as the bench agent (the staff
  permission scope applied): rows/s of the whole streamed download;
- the public open-data file (``/citizen/open-data/reports.csv``): rows/s.

Results print as Markdown and go to ``bench/results/dashboard-<time>.json``. Only 127.0.0.1
is contacted.
"""

import argparse
import json
import os
import re
import secrets
import sys
import tempfile
import time
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import create_engine, text

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import BENCH_EMAIL, BENCH_PASSWORD  # noqa: E402
from run import Agent, Server, _say, drive, request  # noqa: E402

ADMIN_EMAIL = "bench-admin@example.org"


def facts(database_url: str, export_tickets: int, allow_partial: bool = False) -> dict:
    """What the scenarios need from the database: the newest day, a team, the export range."""
    engine = create_engine(database_url)
    with engine.connect() as connection:
        tickets = connection.scalar(text("SELECT count(*) FROM tickets"))
        rows = connection.scalar(text("SELECT count(*) FROM report_tickets"))
        if rows < tickets and not allow_partial:
            raise SystemExit(
                f"{rows:,} report rows for {tickets:,} tickets: run `servicedesk reports "
                "rebuild` with this SERVICEDESK_DATABASE_URL first."
            )
        newest = _as_date(connection.scalar(text("SELECT max(created_day) FROM report_tickets")))
        team_id = connection.scalar(text("SELECT min(id) FROM teams"))
        per_day = connection.execute(
            text(
                "SELECT created_day, count(*) FROM report_tickets WHERE created_day >= :since "
                "GROUP BY created_day ORDER BY created_day DESC"
            ),
            {"since": newest - timedelta(days=400)},
        ).all()
    engine.dispose()
    total, start = 0, newest
    for day, count in per_day:
        total, start = total + count, _as_date(day)
        if total >= export_tickets or (newest - start).days >= 364:
            break  # the dashboard's filters span at most 366 days
    return {
        "tickets": tickets,
        "report_rows": rows,
        "newest": newest,
        "team_id": team_id,
        "export_start": start,
        "export_rows": total,
    }


def _as_date(value) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def dashboard_scenarios(agent: Agent, known: dict):
    newest, team = known["newest"], known["team_id"]
    year = {"start": (newest - timedelta(days=364)).isoformat(), "end": newest.isoformat()}
    queries = [
        (
            "dashboard, last 30 days",
            {"start": (newest - timedelta(days=29)).isoformat(), "end": newest.isoformat()},
        ),
        (
            "dashboard, last 90 days",
            {"start": (newest - timedelta(days=89)).isoformat(), "end": newest.isoformat()},
        ),
        (
            "dashboard, 90 days, one team, residents",
            {
                "start": (newest - timedelta(days=89)).isoformat(),
                "end": newest.isoformat(),
                "team": team,
                "audience": "residents",
            },
        ),
        ("dashboard, one year", year),
    ]
    for name, query in queries:
        path = "/agent/dashboard?" + urlencode(query)

        def make(rng, path=path):
            return "GET", path, None, agent.headers()

        yield name, make


def download_rate(agent: Agent, path: str) -> dict:
    """Download *path* whole; return rows (lines minus the header), seconds and rows/s."""
    started = time.perf_counter()
    status, _, data = request(agent.port, "GET", path, headers=agent.headers())
    seconds = time.perf_counter() - started
    if status != 200:
        raise SystemExit(f"{path} answered {status}: {data[:300]!r}")
    rows = data.count(b"\n") - 1
    return {
        "path": path,
        "rows": rows,
        "megabytes": round(len(data) / 1_048_576, 1),
        "seconds": round(seconds, 2),
        "rows_per_second": round(rows / seconds),
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--requests", type=int, default=200, help="per dashboard scenario")
    parser.add_argument("--max-seconds", type=float, default=120, help="per scenario")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--export-tickets", type=int, default=100_000)
    parser.add_argument("--label", default="")
    parser.add_argument(
        "--allow-partial",
        action="store_true",
        help="run although some tickets have no report row yet (say so with the results)",
    )
    parser.add_argument("--quiet-below", type=float, default=0.5)
    parser.add_argument("--quiet-patience", type=float, default=60)
    args = parser.parse_args(argv)

    known = facts(args.database_url, args.export_tickets, args.allow_partial)
    results_dir = HERE / "results"
    results_dir.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    env = {
        **os.environ,
        "SERVICEDESK_ENV": "production",
        "SERVICEDESK_SECRET_KEY": secrets.token_urlsafe(48),
        "SERVICEDESK_INSECURE_COOKIES": "1",
        "SERVICEDESK_DATABASE_URL": args.database_url,
        "SERVICEDESK_INSTANCE_PATH": tempfile.mkdtemp(prefix="servicedesk-bench-dash-"),
        # The benchmark reads the public file many times a minute from one address.
        "SERVICEDESK_PUBLIC_WRITE_LIMIT": "1000 per minute",
    }
    desk = Server("desk", "wsgi:app", ROOT, args.workers, env, results_dir / f"dash-{stamp}.log")
    common = {
        "concurrency": args.concurrency,
        "max_seconds": args.max_seconds,
        "warmup": args.warmup,
        "seed": 1,
        "quiet": (args.quiet_below, args.quiet_patience),
    }
    try:
        desk.wait_ready("/auth/login")
        admin = Agent(desk.port)
        admin.sign_in(ADMIN_EMAIL, BENCH_PASSWORD)
        results = []
        for name, make in dashboard_scenarios(admin, known):
            result = drive(name, desk.port, make, 200, count=args.requests, **common)
            _say(
                f"{name}: {result.rps:,.1f} req/s, p50 {result.p50_ms} ms, "
                f"p95 {result.p95_ms} ms, p99 {result.p99_ms} ms, {result.errors} errors"
            )
            results.append(result)
        export_query = urlencode(
            {"start": known["export_start"].isoformat(), "end": known["newest"].isoformat()}
        )
        agent = Agent(desk.port)
        agent.sign_in(BENCH_EMAIL, BENCH_PASSWORD)
        exports = {
            "tickets CSV (admin)": download_rate(
                admin, f"/agent/dashboard/tickets.csv?{export_query}"
            ),
            "tickets CSV (agent, staff scope)": download_rate(
                agent, f"/agent/dashboard/tickets.csv?{export_query}"
            ),
            "open data CSV (public)": download_rate(admin, "/citizen/open-data/reports.csv"),
        }
        for name, figures in exports.items():
            _say(
                f"{name}: {figures['rows']:,} rows in {figures['seconds']} s "
                f"= {figures['rows_per_second']:,} rows/s ({figures['megabytes']} MB)"
            )
    finally:
        desk.stop()
    table = [
        "| scenario | req/s | p50 ms | p95 ms | p99 ms | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    table += [
        f"| {r.scenario} | {r.rps:,.1f} | {r.p50_ms:,.1f} | {r.p95_ms:,.1f} | "
        f"{r.p99_ms:,.1f} | {r.errors} |"
        for r in results
    ]
    table += [
        "",
        "| export | rows | MB | seconds | rows/s |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    table += [
        f"| {name} | {f['rows']:,} | {f['megabytes']} | {f['seconds']} | {f['rows_per_second']:,} |"
        for name, f in exports.items()
    ]
    title = args.label or args.database_url.split("://", 1)[0]
    print(
        f"\n{title}: {known['tickets']:,} tickets ({known['report_rows']:,} report rows), "
        f"{args.workers} gunicorn workers, "
        f"{args.concurrency} clients\n"
    )
    print("\n".join(table))
    report = {
        "label": args.label,
        "database": re.sub(r"//[^@/]*@", "//", args.database_url),
        "tickets": known["tickets"],
        "report_rows": known["report_rows"],
        "started": stamp,
        "dashboard": [asdict(r) for r in results],
        "exports": exports,
        "markdown": "\n".join(table),
    }
    out = results_dir / f"dashboard-{stamp}.json"
    out.write_text(json.dumps(report, indent=2, default=str))
    _say(f"\nwrote {out}")


if __name__ == "__main__":
    main()
