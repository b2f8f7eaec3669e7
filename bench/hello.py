"""A bare Flask app with one route: the ceiling every benchmark figure is compared to.

Served exactly like the desk (gunicorn, same workers) in the same run, so what is left between
the two is the desk's own work: sessions, queries, templates.
"""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, World!"
