"""Open311 benchmark over HTTP: the desk under gunicorn beside the bare Flask "hello".

    python bench/generate.py --tickets 1000000 --database-url sqlite:///bench/results/servicedesk-1m.db
    python bench/open311.py --database-url sqlite:///bench/results/servicedesk-1m.db

Scenarios, each with requests/s and p50/p95/p99 beside "hello" measured in the same run:
filing a request (POST requests.json with an api_key issued for the run, a point in the
generated city and a resident leaf category; it adds tickets, routes them and starts their
SLA clocks like any channel), listing requests (GET requests.json: the default 90-day window,
at most 1000 records), one service's open requests of the last week, and one request by id.
Rate limits are lifted for the run; everything else is production.
"""

import argparse
import hashlib
import json
import os
import re
import sys
import tempfile
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from citizen import LAT_RANGE, LON_RANGE, resident_leaves  # noqa: E402
from run import HOST, USER_AGENT, Server, _say, add_load_options, markdown, measure  # noqa: E402


def bench_key(app, stamp: str) -> str:
    """A fresh api_key for this run, named after it."""
    from servicedesk.extensions import db
    from servicedesk.open311 import keys

    with app.app_context():
        _row, key = keys.issue_key(f"Benchmark {stamp}", actor=None)
        db.session.commit()
        return key


def recent_ids(app, count: int) -> list[str]:
    from sqlalchemy import func, select

    from servicedesk.extensions import db
    from servicedesk.open311.georeport import visible_requests
    from servicedesk.tickets.models import Ticket

    with app.app_context():
        newest = db.session.scalar(select(func.max(Ticket.id)))
        query = visible_requests().where(Ticket.id > newest - 50 * count).limit(count)
        return [ticket.reference for ticket in db.session.scalars(query)]


def scenarios(key: str, leaves: list[int], ids: list[str]):
    form_headers = {"User-Agent": USER_AGENT, "Content-Type": "application/x-www-form-urlencoded"}
    headers = {"User-Agent": USER_AGENT}
    week_ago = (datetime.now(UTC) - timedelta(days=7)).isoformat(timespec="seconds")

    def file_request(rng):
        fields = {
            "api_key": key,
            "service_code": f"c{rng.choice(leaves)}",
            "lat": f"{rng.uniform(*LAT_RANGE):.6f}",
            "long": f"{rng.uniform(*LON_RANGE):.6f}",
            "email": f"resident{rng.randint(1, 10**6)}@example.net",
            "description": "Streetlight out on Oak Avenue, dark for three nights.",
        }
        return "POST", "/open311/v2/requests.json", urlencode(fields).encode(), form_headers

    def list_requests(rng):
        return "GET", "/open311/v2/requests.json", None, headers

    def service_week(rng):
        query = urlencode(
            {"service_code": f"c{rng.choice(leaves)}", "status": "open", "start_date": week_ago}
        )
        return "GET", f"/open311/v2/requests.json?{query}", None, headers

    def one_request(rng):
        return "GET", f"/open311/v2/requests/{rng.choice(ids)}.xml", None, headers

    return [
        ("Open311 POST requests.json", file_request, 200),
        ("Open311 GET requests.json (90 days, 1000 max)", list_requests, 200),
        ("Open311 GET one service's open requests, 7 days", service_week, 200),
        ("Open311 GET requests/<id>.xml", one_request, 200),
    ]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_load_options(parser)
    args = parser.parse_args(argv)

    results_dir = HERE / "results"
    results_dir.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    env = {
        **os.environ,
        "SERVICEDESK_ENV": "production",
        "SERVICEDESK_SECRET_KEY": hashlib.sha256(f"bench:{args.database_url}".encode()).hexdigest(),
        "SERVICEDESK_DATABASE_URL": args.database_url,
        "SERVICEDESK_INSTANCE_PATH": tempfile.mkdtemp(prefix="servicedesk-bench-open311-"),
        "SERVICEDESK_PUBLIC_READ_LIMIT": "1000000 per minute",
        "SERVICEDESK_OPEN311_WRITE_LIMIT": "1000000 per minute",
        "SERVICEDESK_OPEN311_ADDRESS_LIMIT": "1000000 per minute",
    }
    os.environ.update(env)
    from servicedesk import create_app

    app = create_app()
    leaves = resident_leaves(app)
    key = bench_key(app, stamp)
    ids = recent_ids(app, 300)
    _say(f"{len(leaves)} resident leaf categories, {len(ids)} request ids")

    desk = Server("desk", "wsgi:app", ROOT, args.workers, env, results_dir / f"desk-{stamp}.log")
    hello = Server(
        "hello", "hello:app", HERE, args.workers, env, results_dir / f"hello-{stamp}.log"
    )
    try:
        desk.wait_ready("/open311/v2/discovery.json")
        hello.wait_ready("/")
        hello_before, hello_after, results = measure(args, desk, hello, scenarios(key, leaves, ids))
    finally:
        desk.stop()
        hello.stop()
    ceiling = max(hello_before, hello_after, key=lambda r: r.rps)
    table = markdown([hello_before, hello_after, *results], ceiling)
    print(f"\n{args.label or args.database_url.split('://', 1)[0]}\n")
    print(table)
    report = {
        "label": args.label,
        "database": re.sub(r"//[^@/]*@", "//", args.database_url),
        "started": stamp,
        "host": HOST,
        "ceiling": asdict(ceiling),
        "results": [asdict(r) for r in (hello_before, hello_after, *results)],
        "markdown": table,
    }
    out = results_dir / f"open311-{stamp}.json"
    out.write_text(json.dumps(report, indent=2))
    _say(f"wrote {out}")


if __name__ == "__main__":
    main()
