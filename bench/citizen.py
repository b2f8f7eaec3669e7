"""Citizen portal benchmark: duplicate lookup in-process, report and tracking pages over HTTP.

    python bench/generate.py --tickets 1000000 --database-url sqlite:///bench/results/servicedesk-1m.db
    python bench/citizen.py --database-url sqlite:///bench/results/servicedesk-1m.db

1. **Nearby lookup** (in-process): ``tickets.nearby.open_reports_near`` for random points in
   the generated city (the box ``generate.py`` draws report locations from) and random resident
   leaf categories, radius ``SERVICEDESK_DUPLICATE_RADIUS_M`` (50 m): p50/p95/max ms.
2. **HTTP**, the desk under gunicorn beside the bare Flask "hello" (``run.measure``): the report
   form (GET), filing a report (POST, with the nearby check confirmed so every request files
   one; it adds tickets and queues their notices), and the tracking page of random existing
   reports (tokens made before the servers start). Rate limits and the time-to-submit check
   are lifted for the run; everything else is production.
"""

import argparse
import hashlib
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import run  # noqa: E402
from run import HOST, USER_AGENT, Server, _say, markdown, measure, request  # noqa: E402

# Where generate.py puts resident reports.
LAT_RANGE = (40.70, 40.78)
LON_RANGE = (-74.02, -73.93)
TRACKED_REPORTS = 300


def resident_leaves(app) -> list[int]:
    from sqlalchemy import select

    from servicedesk.extensions import db
    from servicedesk.tickets.models import Audience, Category

    with app.app_context():
        parents = set(db.session.scalars(select(Category.parent_id)))
        return [
            category.id
            for category in db.session.scalars(
                select(Category).where(
                    Category.audience.in_([Audience.RESIDENTS, Audience.BOTH]), Category.is_active
                )
            )
            if category.id not in parents
        ]


def nearby_lookup(app, leaves: list[int], count: int, seed: int) -> dict:
    from servicedesk.tickets.nearby import open_reports_near

    rng = random.Random(seed)
    timings, found = [], []
    radius = app.config["DUPLICATE_RADIUS_M"]
    with app.app_context():
        for n in range(count + 20):
            lat, lon = rng.uniform(*LAT_RANGE), rng.uniform(*LON_RANGE)
            started = time.perf_counter()
            near = open_reports_near([rng.choice(leaves)], lat, lon, radius)
            elapsed = (time.perf_counter() - started) * 1000
            if n >= 20:  # the first few warm the caches
                timings.append(elapsed)
                found.append(len(near))
    timings.sort()
    return {
        "lookups": count,
        "radius_m": radius,
        "p50_ms": round(run.percentile(timings, 0.50), 2),
        "p95_ms": round(run.percentile(timings, 0.95), 2),
        "max_ms": round(timings[-1], 2),
        "mean_found": round(statistics.mean(found), 2),
    }


def tracking_tokens(app, count: int, seed: int) -> list[str]:
    """Tracking links of random resident reports (what a resident's email carries)."""
    from sqlalchemy import func, select

    from servicedesk.extensions import db
    from servicedesk.tickets import tracking
    from servicedesk.tickets.models import Channel, Ticket

    rng = random.Random(seed)
    with app.app_context():
        max_id = db.session.scalar(select(func.max(Ticket.id)))
        tokens = []
        while len(tokens) < count:
            ticket = db.session.get(Ticket, rng.randint(1, max_id))
            if ticket is None or ticket.channel != Channel.CITIZEN_PORTAL:
                continue
            email = ticket.requester.email if ticket.requester else ticket.contact_email
            tokens.append(tracking.token_for(ticket, email, secret=app.config["SECRET_KEY"]))
        db.session.commit()
    return tokens


class Resident:
    """A browser session on the report form: its cookie, CSRF token and form timestamp."""

    def __init__(self, port: int, topic: str):
        self.port = port
        self.cookies: dict[str, str] = {}
        status, message, data = request(port, "GET", f"/citizen/report/new?topic={topic}")
        if status != 200:
            raise SystemExit(f"the report form answered {status}")
        for header in message.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        page = data.decode()
        self.csrf_token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        self.started = re.search(r'name="started"[^>]*value="([^"]+)"', page).group(1)

    def headers(self) -> dict:
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return {
            "User-Agent": USER_AGENT,
            "Cookie": cookie,
            "Content-Type": "application/x-www-form-urlencoded",
        }


def scenarios(resident: Resident, leaves: list[int], tokens: list[str]):
    def form(rng):
        return "GET", f"/citizen/report/new?topic=c{rng.choice(leaves)}", None, {}

    def file_report(rng):
        topic = f"c{rng.choice(leaves)}"
        fields = {
            "csrf_token": resident.csrf_token,
            "started": resident.started,
            "nearby_seen": "1",
            "subject": "Streetlight out on Oak Avenue",
            "description": "Dark for three nights, near the bus stop.",
            "address": f"{rng.randint(1, 2400)} Oak Avenue",
            "lat": f"{rng.uniform(*LAT_RANGE):.6f}",
            "lon": f"{rng.uniform(*LON_RANGE):.6f}",
            "email": f"resident{rng.randint(1, 10**6)}@example.net",
        }
        path = f"/citizen/report/new?topic={topic}"
        return "POST", path, urlencode(fields).encode(), resident.headers()

    def track(rng):
        return "GET", f"/citizen/track/{rng.choice(tokens)}", None, {}

    return [
        ("report form (GET)", form, 200),
        ("file a report (POST)", file_report, 302),
        ("tracking page", track, 200),
    ]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    run.add_load_options(parser)
    parser.add_argument("--lookups", type=int, default=500)
    args = parser.parse_args(argv)

    results_dir = HERE / "results"
    results_dir.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    instance = tempfile.mkdtemp(prefix="servicedesk-bench-citizen-")
    env = {
        **os.environ,
        "SERVICEDESK_ENV": "production",
        # One key per database, so the tracking links made for it stay the ones it knows.
        "SERVICEDESK_SECRET_KEY": hashlib.sha256(f"bench:{args.database_url}".encode()).hexdigest(),
        "SERVICEDESK_INSECURE_COOKIES": "1",
        "SERVICEDESK_DATABASE_URL": args.database_url,
        "SERVICEDESK_INSTANCE_PATH": instance,
        "SERVICEDESK_REPORT_MIN_SECONDS": "0",
        "SERVICEDESK_PUBLIC_READ_LIMIT": "1000000 per minute",
        "SERVICEDESK_PUBLIC_WRITE_LIMIT": "1000000 per minute",
    }
    os.environ.update(env)
    from servicedesk import create_app

    app = create_app()
    leaves = resident_leaves(app)
    _say(f"{len(leaves)} resident leaf categories")
    lookup = nearby_lookup(app, leaves, args.lookups, args.seed)
    _say(f"nearby lookup: p50 {lookup['p50_ms']} ms, p95 {lookup['p95_ms']} ms, {lookup}")
    tokens = tracking_tokens(app, TRACKED_REPORTS, args.seed)

    desk = Server("desk", "wsgi:app", ROOT, args.workers, env, results_dir / f"desk-{stamp}.log")
    hello = Server(
        "hello", "hello:app", HERE, args.workers, env, results_dir / f"hello-{stamp}.log"
    )
    try:
        desk.wait_ready("/citizen/")
        hello.wait_ready("/")
        resident = Resident(desk.port, f"c{leaves[0]}")
        hello_before, hello_after, results = measure(
            args, desk, hello, scenarios(resident, leaves, tokens)
        )
    finally:
        desk.stop()
        hello.stop()
    ceiling = max(hello_before, hello_after, key=lambda r: r.rps)
    table = markdown([hello_before, hello_after, *results], ceiling)
    print(f"\n{args.label or args.database_url.split('://', 1)[0]}: nearby lookup {lookup}\n")
    print(table)
    report = {
        "label": args.label,
        "database": re.sub(r"//[^@/]*@", "//", args.database_url),
        "started": stamp,
        "host": HOST,
        "nearby_lookup": lookup,
        "ceiling": asdict(ceiling),
        "results": [asdict(r) for r in (hello_before, hello_after, *results)],
        "markdown": table,
    }
    out = results_dir / f"citizen-{stamp}.json"
    out.write_text(json.dumps(report, indent=2))
    _say(f"wrote {out}")


if __name__ == "__main__":
    main()
