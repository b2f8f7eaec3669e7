"""The API's readable documentation at ``/api/v1/docs``: Swagger UI, served from the desk's own
static files (vendored by ``scripts/vendor-assets``), so it works offline and under the
Content-Security-Policy (no inline script, no outside origin)."""

from flask import Blueprint, render_template

bp = Blueprint("api_docs", __name__)


@bp.get("/api/v1/docs")
def docs():
    return render_template("api/docs.html")
