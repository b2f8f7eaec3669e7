"""The public performance page (``/citizen/performance``) and the open-data file of resident
reports (``/citizen/open-data/reports.csv``). Open to everyone, rate limited like every
public page; neither holds personal data (see ``reports.public`` and ``reports.exports``).

The figures are computed at most once a minute per process and shared by every visitor.
"""

import time
from datetime import UTC, date, datetime
from datetime import time as clock_time

from flask import current_app, render_template, request
from flask_babel import lazy_gettext as _l

from ...errors import ValidationError
from ...extensions import configured_limit, limiter
from ...reports import exports, public, rollup
from ...tickets.lifecycle import Status
from ...tickets.models import category_full_names
from ...timeutils import utcnow
from . import bp

CACHE_SECONDS = 60
STATUS_WORDS = {
    Status.NEW.value: _l("Received"),
    Status.OPEN.value: _l("Open"),
    Status.IN_PROGRESS.value: _l("In progress"),
    Status.WAITING.value: _l("Waiting for more information"),
}


@bp.get("/performance")
@limiter.limit(configured_limit("PUBLIC_READ_LIMIT"))
def performance():
    figures = _cached_figures()
    return render_template(
        "citizen/performance.html",
        categories=figures["categories"],
        reports=figures["reports"],
        as_of=figures["as_of"],
        status_words=STATUS_WORDS,
        map_config={
            key: current_app.config[f"MAP_{key.upper()}"]
            for key in ("tile_url", "attribution", "center", "zoom")
        },
    )


def _cached_figures() -> dict:
    cache = current_app.extensions.setdefault("performance_cache", {})
    if cache.get("expires", 0) > time.monotonic():
        return cache["figures"]
    now = utcnow()
    rollup.refresh_and_commit(now)
    figures = {
        "categories": public.performance(now),
        "reports": public.open_reports(),
        "as_of": now,
    }
    cache.update(figures=figures, expires=time.monotonic() + CACHE_SECONDS)
    return figures


@bp.get("/open-data/reports.csv")
@limiter.limit(configured_limit("PUBLIC_WRITE_LIMIT"))  # a whole file: the stricter limit
def open_data():
    since = _since(request.args.get("since"))
    now = utcnow()
    rollup.refresh_and_commit(now)
    categories = category_full_names(active_only=False)
    return exports.csv_download(
        lambda session: exports.open_data_rows(session, categories, since),
        f"resident-reports-{now:%Y%m%d}.csv",
        cache="public, max-age=300",
    )


def _since(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.combine(date.fromisoformat(text.strip()), clock_time.min, tzinfo=UTC)
    except ValueError:
        raise ValidationError(
            str(_l("Write the date as YYYY-MM-DD.")), {"since": "YYYY-MM-DD"}
        ) from None
