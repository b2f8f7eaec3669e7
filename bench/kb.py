"""Knowledge-base benchmark: N published articles, the product's reindex, search over HTTP.

    python bench/kb.py generate --articles 20000 --force
    python bench/kb.py reindex --breakdown
    python bench/kb.py run --max-seconds 150 --label "SQLite, 20,000 articles"
    python bench/kb.py profile

``generate`` makes the schema from the migrations (``flask db upgrade``), the demo city's teams
and category tree, a few staff (a team lead who publishes, the agents who write), then N
published articles written from ``kb_corpus.py`` straight into ``articles``,
``article_revisions`` (revision 1, the published one) and ``article_categories`` with Core
``executemany``: the rows the knowledge service writes for a draft that was submitted and
published, without the service's audit entries. Then it rebuilds the search index as
``servicedesk kb reindex`` does (``knowledge.indexing.reindex()`` in an app context) and times
it. ``reindex`` times that rebuild alone. Databases and the instance folder that holds the index
(``kb-index``) default to ``bench/results/``, which git ignores.

``run`` serves the desk with gunicorn (production settings) beside ``bench/hello.py`` exactly like
``run.py`` does, and measures search on the citizen portal (``GET /citizen/kb?q=``, HTML; each
first-page search writes one search-log row), search through the JSON API
(``GET /api/v1/kb/search?q=``, anonymous and as a signed-in team lead who reads all audiences)
and suggestions while someone types a request subject (``GET /citizen/kb/suggest?q=``, one
request per keystroke from the third character, one visit cookie per phrase). It prints a
Markdown table (req/s, p50, p95, each as a ratio to hello) and writes JSON with p99 to
``bench/results/kb-run-<time>.json``. Every request comes from 127.0.0.1, so the per-address
rate limits are lifted for the run (the limiter still counts).

``profile`` serves the same requests in-process through the Flask test client and shows where
a search's time goes: the search backend, the search-log write, the category names and the
template apart, each query's time and match count, then cProfiles of the backend and of the
whole request. Only 127.0.0.1 is ever contacted.

Others edit the working tree while benchmarks run: ``--code COMMIT`` imports and serves the app
as it is at that commit instead (exported with ``git archive``; nothing in the repository
changes), and every JSON records the commit measured.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import re
import resource
import secrets
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
from collections import Counter
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import kb_corpus  # noqa: E402
from generate import _draw, _weighted, prepare_database  # noqa: E402
from run import (  # noqa: E402
    USER_AGENT,
    Agent,
    Server,
    markdown,
    measure,
    request,
    wait_until_quiet,
)

RESULTS = HERE / "results"
CODE = {"root": ROOT, "commit": "", "exported": False}  # where the app is imported and served from
DEFAULT_DATABASE = f"sqlite:///{RESULTS / 'kb.db'}"
DEFAULT_SEED = 20261202
HISTORY_DAYS = 5 * 365
LEAD_EMAIL = "kb-lead@example.org"
PASSWORD = "bench"
CHUNK = 2_000

LANGUAGE_SHARES = {"en": 85, "es": 15}
AUDIENCE_SHARES = {"public": 50, "employees": 35, "agents": 15}
CATEGORY_COUNTS = {0: 10, 1: 70, 2: 20}  # how many categories an article is filed under

TARGETS = {"search_p95_ms": 40.0, "suggest_p95_ms": 20.0, "reindex_s": 60.0}
# Every request comes from 127.0.0.1, so the per-address rate limits are lifted out of reach;
# the limiter still counts each request, as it does in production.
UNLIMITED = "1000000 per minute"
RATE_LIMITS = ("PUBLIC_READ_LIMIT", "SUGGEST_LIMIT", "PUBLIC_WRITE_LIMIT")


# --- writing articles ----------------------------------------------------------------------


def _words(text: str) -> int:
    return len(re.findall(r"\w[\w'-]*", text))


class ArticleWriter:
    """Draws language, audience and topic, then writes one article from the topic's pools."""

    def __init__(self):
        self.languages = _weighted(LANGUAGE_SHARES.items())
        self.audiences = _weighted(AUDIENCE_SHARES.items())
        self.category_counts = _weighted(CATEGORY_COUNTS.items())
        self.topics = {}
        for language in LANGUAGE_SHARES:
            for audience in AUDIENCE_SHARES:
                pairs = []
                for topic in kb_corpus.TOPICS:
                    shares = topic["audiences"]
                    if topic["language"] == language and audience in shares:
                        pairs.append(
                            (topic, topic["weight"] * shares[audience] / sum(shares.values()))
                        )
                if not pairs:
                    raise SystemExit(f"kb_corpus has no topic in {language} for {audience}")
                self.topics[language, audience] = _weighted(pairs)

    def article(self, rng: random.Random) -> dict:
        language = _draw(self.languages, rng)
        audience = _draw(self.audiences, rng)
        topic = _draw(self.topics[language, audience], rng)
        slots = kb_corpus.Slots(rng)

        def fill(template: str) -> str:
            return template.format_map(slots) if "{" in template else template

        title = self._title(rng, topic, language, fill)
        summary = fill(rng.choice(topic["summaries"]))
        body = self._body(rng, topic, language, audience, fill)
        tags = [fill(tag) for tag in rng.sample(topic["tags"], min(len(topic["tags"]), 6))]
        tags = tags[: rng.randint(2, 6)]
        paths = list(topic["categories"])
        count = min(_draw(self.category_counts, rng), len(paths))
        return {
            "topic": topic["key"],
            "language": language,
            "audience": audience,
            "title": title,
            "summary": summary,
            "body": body,
            "tags": tags,
            "categories": rng.sample(paths, count),
        }

    @staticmethod
    def _title(rng, topic, language, fill) -> str:
        templates = list(topic["titles"])
        rng.shuffle(templates)
        for template in templates:
            title = fill(template)
            if rng.random() < 0.3:
                dated = f"{title} {fill(rng.choice(kb_corpus.TITLE_QUALIFIERS[language]))}"
                if 4 <= len(dated.split()) <= 9:
                    return dated
            if 4 <= len(title.split()) <= 9:
                return title
        raise SystemExit(f"topic {topic['key']} has no title of 4-9 words")

    @staticmethod
    def _body(rng, topic, language, audience, fill) -> str:
        """Markdown of 80-300 words: intro, checks, steps, what next, contact, general notes.

        The intro and the steps are always there; the other parts are added, in that order of
        preference, until the body reaches a length drawn between 80 and 300 words.
        """
        target = rng.randint(80, 300)
        headings = kb_corpus.HEADINGS[language]

        def some(pool, low, high):
            """A few of *pool*, kept in their written order (steps stay in sequence)."""
            count = rng.randint(min(low, len(pool)), min(high, len(pool)))
            return [fill(pool[i]) for i in sorted(rng.sample(range(len(pool)), count))]

        def section(kind: str, text: str) -> str:
            return f"## {rng.choice(headings[kind])}\n\n{text}"

        intro = [fill(s) for s in rng.sample(topic["intro"], len(topic["intro"]))]
        first = rng.randint(1, min(2, len(intro)))
        steps = some(topic["steps"], 2, 6)
        parts = {
            "intro": " ".join(intro[:first]),
            "steps": section("steps", "\n".join(f"{n}. {s}" for n, s in enumerate(steps, 1))),
        }
        optional = []
        if len(intro) > first:
            optional.append(("more", " ".join(intro[first:])))
        if topic["checks"]:
            items = "\n".join(f"- {s}" for s in some(topic["checks"], 1, 3))
            optional.append(("checks", section("checks", items)))
        if topic["after"]:
            optional.append(("after", section("after", " ".join(some(topic["after"], 1, 2)))))
        contact = " ".join(some(kb_corpus.CONTACT[language, audience], 1, 3))
        optional.append(("contact", section("contact", contact)))
        notes = [fill(s) for s in kb_corpus.FILLER[language, audience]]
        rng.shuffle(notes)
        for n in range(0, len(notes), 3):
            optional.append((f"notes{n}", " ".join(notes[n : n + 3])))
        words = sum(_words(text) for text in parts.values())
        for name, text in optional:
            if words >= target:
                break
            if words + _words(text) <= 300:
                parts[name] = text
                words += _words(text)
        order = ["intro", "more", "checks", "steps", "after", "contact"]
        order += [name for name in parts if name.startswith("notes")]
        return "\n\n".join(parts[name] for name in order if name in parts).strip()


def _clean_tags(tags) -> list[str]:
    """As ``knowledge.service._clean_tags``: lower case, single spaces, 40 characters, once."""
    cleaned = []
    for tag in tags:
        tag = " ".join(tag.lower().split())[:40]
        if tag and tag not in cleaned:
            cleaned.append(tag)
    return cleaned[:12]


class Slugs:
    """Unique slugs as ``knowledge.service._unique_slug`` makes them: base, base-2, base-3..."""

    def __init__(self, taken=()):
        from servicedesk.knowledge.service import RESERVED_SLUGS, slugify

        self.slugify = slugify
        self.reserved = RESERVED_SLUGS
        self.taken = set(taken)
        self.next_number: dict[str, int] = {}

    def __call__(self, title: str) -> str:
        base = self.slugify(title)
        if base in self.reserved:
            base = f"{base}-article"
        slug, number = base, self.next_number.get(base, 2)
        if slug in self.taken:
            slug = f"{base}-{number}"
            while slug in self.taken:
                number += 1
                slug = f"{base}-{number}"
            self.next_number[base] = number + 1
        self.taken.add(slug)
        return slug


# --- generate ------------------------------------------------------------------------------


def seed_reference():
    """The demo city's teams and category tree, and the staff who write and publish.

    Returns (category ids by path, writer ids, lead id).
    """
    from servicedesk import demo
    from servicedesk.accounts.models import Role, Team, User
    from servicedesk.accounts.passwords import hash_password
    from servicedesk.extensions import db
    from servicedesk.tickets.models import Category

    teams = {
        name: Team(name=name, department=department, email=email, description=description)
        for name, department, email, description in demo.TEAMS
    }
    db.session.add_all(teams.values())
    categories: dict[tuple[str, ...], Category] = {}
    for path, audience, team_name, description in demo.CATEGORIES:
        categories[path] = Category(
            name=path[-1],
            parent=categories.get(path[:-1]) if len(path) > 1 else None,
            audience=audience,
            description=description,
            default_team=teams[team_name] if team_name else None,
        )
    db.session.add_all(categories.values())
    password_hash = hash_password(PASSWORD)
    lead = User(
        email=LEAD_EMAIL,
        name="Kim Lead",
        role=Role.LEAD,
        password_hash=password_hash,
        teams=list(teams.values()),
    )
    writers = [
        User(
            email=f"kb-writer-{n}@example.org",
            name=name,
            role=Role.AGENT,
            teams=[team],
        )
        for n, (name, team) in enumerate(
            zip(
                ["Ana Ortiz", "Ben Carter", "Chloe Park", "Dev Patel", "Eva Lund", "Femi Ade"],
                teams.values(),
                strict=True,
            )
        )
    ]
    employee = User(
        email="kb-employee@example.org",
        name="Erin Employee",
        role=Role.EMPLOYEE,
        password_hash=password_hash,
    )
    db.session.add_all([lead, *writers, employee])
    db.session.flush()
    return (
        {path: category.id for path, category in categories.items()},
        [user.id for user in [lead, *writers]],
        lead.id,
    )


def write_articles(connection, count: int, seed: int, now: datetime, category_ids, writers):
    """Insert *count* published articles with Core executemany; return the generation stats."""
    from sqlalchemy import func, insert, select

    from servicedesk.knowledge.models import Article, ArticleRevision, article_categories

    first_article = (connection.execute(select(func.max(Article.id))).scalar() or 0) + 1
    first_revision = (connection.execute(select(func.max(ArticleRevision.id))).scalar() or 0) + 1
    slugs = Slugs(connection.execute(select(Article.slug)).scalars())
    writer = ArticleWriter()
    rng = random.Random(seed)
    start = now - timedelta(days=HISTORY_DAYS)
    span = (now - start).total_seconds()
    moments = sorted(rng.random() * span for _ in range(count))  # ids follow creation time
    stats = {
        "languages": Counter(),
        "audiences": Counter(),
        "topics": Counter(),
        "categories_per_article": Counter(),
        "words": [],
        "title_words": Counter(),
        "terms": {term: Counter() for term in kb_corpus.WATCHED_TERMS},
    }
    patterns = {
        term: re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])", re.IGNORECASE)
        for term in kb_corpus.WATCHED_TERMS
    }
    for chunk_start in range(0, count, CHUNK):
        articles, revisions, links = [], [], []
        for n in range(chunk_start, min(count, chunk_start + CHUNK)):
            a = writer.article(rng)
            article_id, revision_id = first_article + n, first_revision + n
            created = start + timedelta(seconds=moments[n])
            published = min(created + timedelta(hours=rng.uniform(1, 240)), now)
            tags = _clean_tags(a["tags"])
            articles.append(
                {
                    "id": article_id,
                    "slug": slugs(a["title"]),
                    "language": a["language"],
                    "audience": a["audience"],
                    "status": "published",
                    "published_revision_id": revision_id,
                    "view_count": 0,
                    "helpful_count": 0,
                    "not_helpful_count": 0,
                    "created_at": created,
                    "updated_at": published,
                    "published_at": published,
                }
            )
            revisions.append(
                {
                    "id": revision_id,
                    "article_id": article_id,
                    "number": 1,
                    "title": " ".join(a["title"].split()),
                    "summary": " ".join(a["summary"].split()),
                    "body": a["body"],
                    "tags": tags,
                    "note": "",
                    "author_id": rng.choice(writers),
                    "created_at": created,
                }
            )
            ids = sorted({category_ids[path] for path in a["categories"]})
            links.extend({"article_id": article_id, "category_id": cid} for cid in ids)
            stats["languages"][a["language"]] += 1
            stats["audiences"][a["audience"]] += 1
            stats["topics"][a["topic"]] += 1
            stats["categories_per_article"][len(ids)] += 1
            stats["words"].append(_words(a["body"]))
            stats["title_words"][len(a["title"].split())] += 1
            text = "\n".join([a["title"], a["summary"], a["body"], ", ".join(tags)])
            for term, pattern in patterns.items():
                if pattern.search(text):
                    stats["terms"][term][a["audience"]] += 1
        connection.execute(insert(Article.__table__), articles)
        connection.execute(insert(ArticleRevision.__table__), revisions)
        if links:
            connection.execute(insert(article_categories), links)
    if connection.dialect.name == "postgresql":
        for table in ("articles", "article_revisions"):
            connection.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
    return stats


def _summarise(stats: dict, count: int) -> dict:
    words = sorted(stats["words"])
    return {
        "articles": count,
        "languages": dict(stats["languages"].most_common()),
        "audiences": dict(stats["audiences"].most_common()),
        "categories_per_article": dict(sorted(stats["categories_per_article"].items())),
        "body_words": {
            "min": words[0],
            "p50": words[len(words) // 2],
            "max": words[-1],
            "mean": round(sum(words) / len(words), 1),
        },
        "title_words": dict(sorted(stats["title_words"].items())),
        "terms": {
            term: {"total": sum(by_audience.values()), **dict(sorted(by_audience.items()))}
            for term, by_audience in stats["terms"].items()
        },
        "topics": dict(stats["topics"].most_common()),
    }


def make_app(database_url: str, instance: Path):
    from servicedesk import create_app
    from servicedesk.config import normalize_database_url

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": normalize_database_url(database_url),
            "SECRET_KEY": secrets.token_urlsafe(32),
            "INSTANCE_PATH": str(instance),
            **dict.fromkeys(RATE_LIMITS, UNLIMITED),
        }
    )


def cmd_generate(args) -> None:
    from flask_migrate import upgrade
    from sqlalchemy.engine import make_url

    from servicedesk.config import normalize_database_url
    from servicedesk.extensions import db

    url = make_url(normalize_database_url(args.database_url))
    now = (
        datetime.fromisoformat(args.now).astimezone(UTC)
        if args.now
        else datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    )
    started = time.perf_counter()
    prepare_database(url, args.force)
    index_folder = args.instance / "kb-index"
    if index_folder.exists():
        if not args.force:
            sys.exit(f"{_shown(index_folder)} exists; pass --force to replace it.")
        shutil.rmtree(index_folder)
    app = make_app(args.database_url, args.instance)
    with app.app_context():
        upgrade()
        category_ids, writers, _ = seed_reference()
        db.session.commit()
        schema_seconds = time.perf_counter() - started
        _say(f"schema and reference data: {schema_seconds:.1f}s")
        rows_started = time.perf_counter()
        with db.engine.begin() as connection:
            stats = write_articles(connection, args.articles, args.seed, now, category_ids, writers)
        rows_seconds = time.perf_counter() - rows_started
        db.session.remove()
    summary = _summarise(stats, args.articles)
    summary.update(
        seed=args.seed,
        now=now.isoformat(),
        database=_shown(args.database_url),
        schema_seconds=round(schema_seconds, 2),
        rows_seconds=round(rows_seconds, 2),
    )
    _say(f"{args.articles:,} articles in {rows_seconds:.1f}s")
    _print_generated(summary)
    if not args.no_index:
        summary["reindex"] = [_reindex(app, fresh=False, quiet=_quiet(args))]
    _write_json("kb-generate", summary)


def _print_generated(summary: dict) -> None:
    count = summary["articles"]

    def share(counts: dict) -> str:
        return ", ".join(f"{k} {v:,} ({v / count:.1%})" for k, v in counts.items())

    _say(f"languages: {share(summary['languages'])}")
    _say(f"audiences: {share(summary['audiences'])}")
    _say(f"categories per article: {share(summary['categories_per_article'])}")
    words = summary["body_words"]
    _say(f"body words: min {words['min']}, median {words['p50']}, max {words['max']}")
    for term, counts in summary["terms"].items():
        parts = ", ".join(f"{k} {v}" for k, v in counts.items() if k != "total")
        _say(f"  {term!r}: {counts['total']:,} articles ({parts})")


# --- reindex -------------------------------------------------------------------------------


def _reindex(app, *, fresh: bool, quiet: tuple[float, float]) -> dict:
    """Rebuild the index as ``servicedesk kb reindex`` does; time it; measure the result."""
    from whoosh import index

    from servicedesk.extensions import db
    from servicedesk.knowledge import indexing

    with app.app_context():
        folder = Path(indexing.backend().folder)
        existed = index.exists_in(str(folder)) if folder.exists() else False
        if fresh and folder.exists():
            shutil.rmtree(folder)
            indexing.backend()._index = None  # the backend must not reuse the deleted index
            existed = False
        live = indexing.count_live()
        busy = wait_until_quiet(*quiet)
        wall, cpu = time.perf_counter(), _cpu_seconds()
        written = indexing.reindex()
        wall, cpu = time.perf_counter() - wall, _cpu_seconds() - cpu
        db.session.remove()
    files = [p for p in folder.iterdir() if p.is_file()]
    ix = index.open_dir(str(folder))
    with ix.searcher() as searcher:
        documents = searcher.doc_count()
        segments = len(ix._segments())
    result = {
        "live_articles": live,
        "written": written,
        "documents": documents,
        "segments": segments,
        "over_existing_index": existed,
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "busy_before": round(busy, 2),
        "index_bytes": sum(p.stat().st_size for p in files),
        "index_files": len(files),
    }
    _say(
        f"reindex{' over the existing index' if existed else ''}: {written:,} articles in "
        f"{wall:.1f}s wall, {cpu:.1f}s CPU; index {result['index_bytes'] / 1e6:.1f} MB in "
        f"{len(files)} files, {documents:,} documents, {segments} segment(s); "
        f"CPUs {busy:.0%} busy before"
    )
    return result


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (a rebuild may use several)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def cmd_reindex(args) -> None:
    app = make_app(args.database_url, args.instance)
    runs = [_reindex(app, fresh=args.fresh, quiet=_quiet(args))]
    for _ in range(args.times - 1):
        runs.append(_reindex(app, fresh=False, quiet=_quiet(args)))
    report = {"database": _shown(args.database_url), "reindex": runs}
    if args.breakdown or args.what_if:
        report["breakdown"] = _breakdown(app, args.instance, _quiet(args), args.what_if)
    _write_json("kb-reindex", report)


def _breakdown(app, instance: Path, quiet: tuple[float, float], what_if: bool) -> dict:
    """Where a rebuild's time goes: reading and rendering the documents (no Whoosh), then the
    product's schema and fields written to a scratch index, adding and committing timed apart.
    The scratch index is written by one process with 128 MB of buffer (``rebuild`` itself may
    use more processes). With *what_if*, the same without the words kept for "did you mean"
    (the stemmed fields' separate spelling words, or since 66fb4f4 the unstemmed ``words``)."""
    from whoosh import index, writing

    from servicedesk.extensions import db
    from servicedesk.knowledge import indexing, render, search

    with app.app_context():
        render.to_html.cache_clear()
        busy = wait_until_quiet(*quiet)
        started = time.perf_counter()
        documents = list(indexing.all_documents())
        read_seconds = time.perf_counter() - started
        db.session.remove()
    result = {"busy_before": round(busy, 2), "read_and_render_s": round(read_seconds, 2)}
    _say(
        f"reading and rendering {len(documents):,} documents (no Whoosh): {read_seconds:.1f}s "
        f"(CPUs {busy:.0%} busy before)"
    )
    variants = [("product schema, one writer process", search._schema())]
    if what_if:
        schema = search._schema()
        for name in schema.names():
            if getattr(schema[name], "spelling", False):
                schema[name].spelling = False
        if "words" in schema:
            schema.remove("words")
        variants.append(("without the spelling words", schema))
    for label, schema in variants:
        folder = instance / "kb-index-breakdown"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        busy = wait_until_quiet(*quiet)
        writer = index.create_in(str(folder), schema).writer(limitmb=128)
        started = time.perf_counter()
        names = set(schema.names())
        for document in documents:
            fields = search._fields(document)
            writer.add_document(**{k: v for k, v in fields.items() if k in names})
        add_seconds = time.perf_counter() - started
        started = time.perf_counter()
        writer.commit(mergetype=writing.CLEAR)
        commit_seconds = time.perf_counter() - started
        size = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
        shutil.rmtree(folder)
        result[label] = {
            "busy_before": round(busy, 2),
            "add_documents_s": round(add_seconds, 2),
            "commit_s": round(commit_seconds, 2),
            "index_bytes": size,
        }
        _say(
            f"{label}: add_document {add_seconds:.1f}s, commit {commit_seconds:.1f}s, "
            f"{size / 1e6:.1f} MB (CPUs {busy:.0%} busy before)"
        )
    return result


# --- run -----------------------------------------------------------------------------------


class Typist:
    """Per client: types phrases one keystroke at a time from the third character, each phrase
    in its own visit (a session cookie the desk handed out beforehand)."""

    def __init__(self, visits: list[dict], phrases=kb_corpus.TYPED):
        self.visits = visits
        self.phrases = list(phrases)
        self.state: dict[int, list] = {}

    def __call__(self, rng: random.Random):
        state = self.state.get(id(rng))
        if state is None or state[1] > len(state[0]):
            phrase = rng.choice(self.phrases)
            state = [phrase, 3, rng.choice(self.visits)]
            self.state[id(rng)] = state
        phrase, length, headers = state
        state[1] += 1
        return "GET", f"/citizen/kb/suggest?q={quote(phrase[:length])}", None, headers


def scenarios(anonymous: dict, staff: dict, visits: list[dict], titles: list[str]):
    def search(path: str, queries: list[str], headers: dict):
        def make(rng):
            return "GET", f"{path}?q={quote(rng.choice(queries))}", None, headers

        return make

    one, two = kb_corpus.ONE_WORD_QUERIES, kb_corpus.TWO_WORD_QUERIES
    return [
        ("citizen search, two words (HTML)", search("/citizen/kb", two, anonymous), 200),
        ("citizen search, one word (HTML)", search("/citizen/kb", one, anonymous), 200),
        ("API search, two words (JSON)", search("/api/v1/kb/search", two, anonymous), 200),
        ("API search, one word (JSON)", search("/api/v1/kb/search", one, anonymous), 200),
        ("API search as staff, all audiences", search("/api/v1/kb/search", one + two, staff), 200),
        ("suggestions while typing (JSON)", Typist(visits), 200),
        # The desk keeps each typed beginning's answer until the index changes; typing the
        # titles of 2,000 random articles shows what that is worth when few phrases repeat.
        ("suggestions, 2,000 article titles typed (JSON)", Typist(visits, titles), 200),
    ]


def _database_counts(database_url: str) -> dict:
    from sqlalchemy import create_engine, text

    from servicedesk.config import normalize_database_url

    engine = create_engine(normalize_database_url(database_url))
    with engine.connect() as connection:
        counts = {
            "live_articles": connection.execute(
                text("SELECT count(*) FROM articles WHERE published_revision_id IS NOT NULL")
            ).scalar_one(),
            "search_log_rows": connection.execute(
                text("SELECT count(*) FROM kb_search_log")
            ).scalar_one(),
        }
    engine.dispose()
    return counts


def _typed_titles(database_url: str, count: int, seed: int) -> list[str]:
    """The first four words of *count* random live articles' titles, as a person types them."""
    from sqlalchemy import create_engine, text

    from servicedesk.config import normalize_database_url

    engine = create_engine(normalize_database_url(database_url))
    with engine.connect() as connection:
        titles = (
            connection.execute(
                text(
                    "SELECT r.title FROM articles a JOIN article_revisions r"
                    " ON r.id = a.published_revision_id ORDER BY a.id"
                )
            )
            .scalars()
            .all()
        )
    engine.dispose()
    chosen = random.Random(seed).sample(titles, min(count, len(titles)))
    return [" ".join(title.lower().split()[:4]) for title in chosen]


def _query_table(port: int, anonymous: dict, staff: dict) -> list[dict]:
    """What each query finds (API, unmeasured): public and all audiences, did you mean."""
    rows = []
    for query in [*kb_corpus.ONE_WORD_QUERIES, *kb_corpus.TWO_WORD_QUERIES]:
        row = {"query": query}
        for who, headers in (("public", anonymous), ("staff", staff)):
            path = f"/api/v1/kb/search?q={quote(query)}"
            status, _, data = request(port, "GET", path, headers=headers)
            found = json.loads(data) if status == 200 else {}
            row[who] = found.get("total")
            row[f"{who}_did_you_mean"] = found.get("did_you_mean")
        rows.append(row)
    return rows


def _check_index(args) -> dict:
    """Open the index as the app does; refuse to measure an empty or stale one (the app
    starts a new, empty index when the schema in the code changed since the last reindex)."""
    from servicedesk.knowledge import indexing

    app = make_app(args.database_url, args.instance)
    with app.app_context():
        live = indexing.count_live()
        folder = Path(indexing.backend().folder)
        documents = indexing.backend()._open().doc_count()
    size = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
    if documents != live:
        sys.exit(
            f"the index holds {documents:,} documents for {live:,} live articles (a new layout "
            "in the code empties it); run `bench/kb.py reindex` first"
        )
    return {"documents": documents, "index_bytes": size, "code": _code_version()}


def cmd_run(args) -> None:
    checked = _check_index(args)
    _say(f"code at {checked['code']['commit']}, changed: {checked['code']['changed'] or 'none'}")
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    env = {
        **os.environ,
        "SERVICEDESK_ENV": "production",
        "SERVICEDESK_SECRET_KEY": secrets.token_urlsafe(48),
        "SERVICEDESK_INSECURE_COOKIES": "1",  # plain http on the loopback address
        "SERVICEDESK_DATABASE_URL": args.database_url,
        "SERVICEDESK_INSTANCE_PATH": str(args.instance),
        **{f"SERVICEDESK_{name}": UNLIMITED for name in RATE_LIMITS},
    }
    before = _database_counts(args.database_url)
    desk = Server(
        "desk", "wsgi:app", CODE["root"], args.workers, env, RESULTS / f"kb-desk-{stamp}.log"
    )
    hello = Server("hello", "hello:app", HERE, args.workers, env, RESULTS / f"kb-hello-{stamp}.log")
    try:
        desk.wait_ready("/citizen/")
        hello.wait_ready("/")
        anonymous = {"User-Agent": USER_AGENT}
        lead = Agent(desk.port)
        lead.sign_in(LEAD_EMAIL, PASSWORD)
        staff = lead.headers()
        visits = []
        for _ in range(args.visits):
            visitor = Agent(desk.port)
            visitor.get("/citizen/kb/suggest?q=hi")  # the desk hands out the visit's cookie
            visits.append(visitor.headers())
        queries = _query_table(desk.port, anonymous, staff)
        titles = _typed_titles(args.database_url, 2000, args.seed)
        hello_before, hello_after, results = measure(
            args, desk, hello, scenarios(anonymous, staff, visits, titles)
        )
    finally:
        desk.stop()
        hello.stop()
    after = _database_counts(args.database_url)
    ceiling = max(hello_before, hello_after, key=lambda r: r.rps)
    table = markdown([hello_before, hello_after, *results], ceiling)
    targets = _targets(results)
    title = args.label or args.database_url.split("://", 1)[0]
    print(
        f"\n{title}: {before['live_articles']:,} articles, {args.workers} gunicorn workers, "
        f"{args.concurrency} clients\n"
    )
    print(table)
    print("\n" + _targets_markdown(targets))
    print("\n" + _queries_markdown(queries))
    report = {
        "label": args.label,
        "database": _shown(args.database_url),
        "articles": before["live_articles"],
        "workers": args.workers,
        "concurrency": args.concurrency,
        "started": stamp,
        "cpus": os.cpu_count(),
        "search_log_rows_written": after["search_log_rows"] - before["search_log_rows"],
        "index": {"documents": checked["documents"], "bytes": checked["index_bytes"]},
        "ceiling": asdict(ceiling),
        "results": [asdict(r) for r in (hello_before, hello_after, *results)],
        "targets": targets,
        "queries": queries,
        "markdown": table,
    }
    out = _write_json("kb-run", report)
    _say(f"search-log rows written during the run: {report['search_log_rows_written']:,}")
    _say(f"wrote {_shown(out)}")


def _targets(results) -> list[dict]:
    rows = []
    for r in results:
        if "search" in r.scenario:
            limit = TARGETS["search_p95_ms"]
        elif "suggestions" in r.scenario:
            limit = TARGETS["suggest_p95_ms"]
        else:
            continue
        rows.append(
            {
                "scenario": r.scenario,
                "p95_ms": r.p95_ms,
                "target_ms": limit,
                "met": r.p95_ms <= limit,
            }
        )
    return rows


def _targets_markdown(rows: list[dict]) -> str:
    lines = ["| scenario | p95 ms | target | |", "| --- | ---: | ---: | --- |"]
    for row in rows:
        over = row["p95_ms"] - row["target_ms"]
        verdict = "met" if row["met"] else f"missed by {over:.1f} ms"
        limit = f"<= {row['target_ms']:.0f} ms"
        lines.append(f"| {row['scenario']} | {row['p95_ms']:.1f} | {limit} | {verdict} |")
    return "\n".join(lines)


def _queries_markdown(rows: list[dict]) -> str:
    lines = [
        "| query | found (public) | found (all audiences) | did you mean (public) |",
        "| --- | ---: | ---: | --- |",
    ]
    for row in rows:
        public, staff = (
            f"{n:,}" if n is not None else "error" for n in (row["public"], row["staff"])
        )
        lines.append(
            f"| {row['query']} | {public} | {staff} | {row['public_did_you_mean'] or ''} |"
        )
    return "\n".join(lines)


# --- profile -------------------------------------------------------------------------------


def _ms(samples: list[float]) -> str:
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, int(0.95 * len(samples)))]
    return f"{statistics.median(samples) * 1000:6.2f} / {p95 * 1000:6.2f}"


def cmd_profile(args) -> None:
    """Where a search's time goes, in-process (no HTTP, no gunicorn)."""
    from flask import render_template

    from servicedesk.extensions import db
    from servicedesk.knowledge import indexing
    from servicedesk.knowledge import service as kb
    from servicedesk.knowledge.models import LANGUAGES, ArticleAudience
    from servicedesk.portals import kb as kb_portal

    checked = _check_index(args)
    _say(f"code at {checked['code']['commit']}, changed: {checked['code']['changed'] or 'none'}")
    app = make_app(args.database_url, args.instance)
    client = app.test_client()
    rng = random.Random(args.seed)
    queries = args.query or [*kb_corpus.ONE_WORD_QUERIES, *kb_corpus.TWO_WORD_QUERIES]
    prefixes = [p[:n] for p in kb_corpus.TYPED for n in range(3, len(p) + 1)]
    n = args.repeat

    _say(f"in-process requests (Flask test client), median / p95 ms over {n} requests:")
    paths = {
        "citizen search (HTML)": lambda: f"/citizen/kb?q={quote(rng.choice(queries))}",
        "API search (JSON)": lambda: f"/api/v1/kb/search?q={quote(rng.choice(queries))}",
        "suggestions (JSON)": lambda: f"/citizen/kb/suggest?q={quote(rng.choice(prefixes))}",
    }
    for name, path in paths.items():
        for _ in range(10):
            client.get(path())
        samples = []
        for _ in range(n):
            started = time.perf_counter()
            response = client.get(path())
            samples.append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
        _say(f"  {name:<28} {_ms(samples)}")

    public = frozenset({ArticleAudience.PUBLIC})
    everyone = frozenset(ArticleAudience)
    stages: dict[str, list[float]] = {}

    def timed(stage: str, function, *a, **k):
        started = time.perf_counter()
        value = function(*a, **k)
        stages.setdefault(stage, []).append(time.perf_counter() - started)
        return value

    def log_and_commit(text: str, total: int) -> None:
        kb.log_search(portal="citizen", query=text, result_count=total)
        db.session.commit()

    with app.test_request_context("/citizen/kb?q=x"):
        backend = indexing.backend()
        for round_ in range(n + 10):
            if round_ == 10:
                stages.clear()  # the first rounds warm the caches
            text = rng.choice(queries)
            results = timed("backend.search, public", backend.search, text, public)
            timed("backend.search, all audiences", backend.search, text, everyone)
            timed("search-log row + commit", log_and_commit, text, results.total)
            names = timed("category names (query)", kb_portal._category_names)
            timed(
                "render kb/search.html",
                render_template,
                "kb/search.html",
                portal="citizen",
                results=results,
                category_id=None,
                language=None,
                languages=LANGUAGES,
                category_names=names,
                latest=[],
            )
            timed("backend.suggest, public", backend.suggest, rng.choice(prefixes), public)
        _say("\nparts of a citizen search, median / p95 ms:")
        for stage, samples in stages.items():
            _say(f"  {stage:<32} {_ms(samples)}")

        _say("\nbackend.search per query, median ms of 5 (found), public | all audiences:")
        for text in queries:
            row = []
            for audiences in (public, everyone):
                samples = []
                for _ in range(5):
                    started = time.perf_counter()
                    results = backend.search(text, audiences)
                    samples.append(time.perf_counter() - started)
                extra = f", did you mean {results.did_you_mean!r}" if results.did_you_mean else ""
                row.append(f"{statistics.median(samples) * 1000:7.1f} ({results.total:,}{extra})")
            _say(f"  {text:<18} {row[0]:<30} | {row[1]}")

        for label, function, pool in (
            ("backend.search, all audiences", backend.search, queries),
            ("backend.suggest, public", backend.suggest, prefixes),
        ):
            audiences = everyone if "all" in label else public
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(n):
                function(rng.choice(pool), audiences)
            profiler.disable()
            _say(f"\ncProfile of {n} x {label}, by own time:")
            _print_profile(profiler, "tottime", args.top)
        db.session.rollback()

    _say(f"\ncProfile of {n} citizen searches (HTML, whole request), by cumulative time:")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(n):
        client.get(paths["citizen search (HTML)"]())
    profiler.disable()
    _print_profile(profiler, "cumulative", args.top)


def _print_profile(profiler, order: str, top: int) -> None:
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(top)
    text = out.getvalue().replace(str(CODE["root"]) + "/", "").replace(str(ROOT) + "/", "")
    print(re.sub(r"\S*site-packages/", "", text), flush=True)


# --- common --------------------------------------------------------------------------------


def _shown(value) -> str:
    """A path or URL as written into results: relative to the repository, without passwords."""
    text = re.sub(r"//[^@/]*@", "//", str(value))
    return text.replace(str(ROOT) + "/", "")


def _git(*command: str) -> str:
    done = subprocess.run(["git", *command], cwd=ROOT, capture_output=True, text=True)
    return done.stdout.strip()


def _code_version() -> dict:
    """The commit the measured code is at, and the app's files changed since (others edit the
    tree while benchmarks run)."""
    if CODE["exported"]:
        return {"commit": CODE["commit"], "changed": [], "exported": True}
    changed = _git("status", "--porcelain", "--", "servicedesk", "migrations", "wsgi.py")
    return {
        "commit": _git("rev-parse", "--short", "HEAD"),
        "changed": [line[3:] for line in changed.splitlines()],
    }


def _export_code(commit: str) -> None:
    """Measure the app as it is at *commit*, not the shared working tree: export servicedesk/,
    migrations/ and wsgi.py to bench/results/kb-code-<commit>/ (``git archive``, nothing in
    the repository changes) and import and serve from there."""
    sha = _git("rev-parse", "--short", commit)
    if not sha:
        sys.exit(f"git does not know {commit!r}")
    folder = RESULTS / f"kb-code-{sha}"
    if not folder.exists():
        archive = subprocess.run(
            ["git", "archive", sha, "servicedesk", "migrations", "wsgi.py"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout
        partial = RESULTS / f"kb-code-{sha}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(partial, filter="data")
        partial.rename(folder)
    sys.path.insert(0, str(folder))  # before the editable install's finder
    CODE.update(root=folder, commit=sha, exported=True)


def _quiet(args) -> tuple[float, float]:
    return args.quiet_below, args.quiet_patience


def _write_json(prefix: str, report: dict) -> Path:
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = RESULTS / f"{prefix}-{stamp}.json"
    report = {"code": _code_version(), **report}
    out.write_text(json.dumps(report, indent=2, default=str))
    return out


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Each command has its own --help.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    def common(sub):
        sub.add_argument(
            "--database-url",
            default=DEFAULT_DATABASE,
            help="sqlite:////abs/path.db or postgresql+psycopg://user@host:port/name "
            "(default: bench/results/kb.db)",
        )
        sub.add_argument(
            "--instance",
            type=Path,
            help="the app's instance folder; the index is its kb-index "
            "(default: bench/results/kb-instance, or kb-instance-<commit> with --code)",
        )
        sub.add_argument(
            "--code",
            metavar="COMMIT",
            help="import and serve the app as it is at this commit (exported with git archive "
            "to bench/results/kb-code-<commit>/) instead of the working tree",
        )
        sub.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="fixes the articles and the draws"
        )
        sub.add_argument(
            "--quiet-below",
            type=float,
            default=0.25,
            help="before each timing wait until the CPUs are at most this busy (0..1)",
        )
        sub.add_argument("--quiet-patience", type=float, default=120, help="seconds, at most")

    sub = commands.add_parser("generate", help="write the database and build the index")
    common(sub)
    sub.add_argument("--articles", type=int, default=20_000, help="published articles")
    sub.add_argument("--now", help="ISO time the history ends at (default: this hour, UTC)")
    sub.add_argument("--force", action="store_true", help="replace the database and the index")
    sub.add_argument("--no-index", action="store_true", help="skip the reindex")
    sub.set_defaults(handler=cmd_generate)

    sub = commands.add_parser("reindex", help="time `servicedesk kb reindex` (reindex())")
    common(sub)
    sub.add_argument("--fresh", action="store_true", help="delete the index folder first")
    sub.add_argument("--times", type=int, default=1, help="rebuild this many times in a row")
    sub.add_argument(
        "--breakdown",
        action="store_true",
        help="then time reading and rendering the documents, Whoosh's adding and committing",
    )
    sub.add_argument(
        "--what-if",
        action="store_true",
        help="with --breakdown, also without the words kept for 'did you mean'",
    )
    sub.set_defaults(handler=cmd_reindex)

    sub = commands.add_parser("run", help="the HTTP benchmark beside hello")
    common(sub)
    sub.add_argument("--workers", type=int, default=2)
    sub.add_argument(
        "--concurrency", type=int, default=2, help="clients at once (default: one per worker)"
    )
    sub.add_argument("--requests", type=int, default=600, help="per desk scenario")
    sub.add_argument("--hello-requests", type=int, default=3000)
    sub.add_argument("--max-seconds", type=float, default=60, help="per scenario")
    sub.add_argument("--warmup", type=int, default=20, help="unmeasured requests per scenario")
    sub.add_argument("--visits", type=int, default=120, help="visit cookies for typing")
    sub.add_argument("--label", default="", help="e.g. 'SQLite, 20,000 articles'")
    sub.add_argument("--only", action="append", help="run only scenarios containing this")
    sub.set_defaults(handler=cmd_run)

    sub = commands.add_parser("profile", help="where a search's time goes, in-process")
    common(sub)
    sub.add_argument("--repeat", type=int, default=200, help="requests per measurement")
    sub.add_argument("--query", action="append", help="search these (default: the run's)")
    sub.add_argument("--top", type=int, default=40, help="cProfile lines to print")
    sub.set_defaults(handler=cmd_profile)

    args = parser.parse_args(argv)
    if args.code:
        _export_code(args.code)
    if args.instance is None:
        suffix = f"-{CODE['commit']}" if CODE["exported"] else ""
        args.instance = RESULTS / f"kb-instance{suffix}"
    args.instance = args.instance.resolve()
    args.handler(args)


if __name__ == "__main__":
    os.environ.setdefault("SERVICEDESK_ENV", "production")
    main()
