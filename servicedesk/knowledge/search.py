"""Knowledge-base search: the one module that imports Whoosh.

Everything else talks to :class:`SearchBackend`, so a PostgreSQL full-text backend can stand
beside :class:`WhooshBackend` for several web nodes (a Whoosh index lives on one machine's disk).

The audience filter is part of every Whoosh query (``filter=``), never applied to results
afterwards, so a page count, a facet count or a "did you mean" can never reveal that an
article for another audience exists.
"""

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from whoosh import highlight, index, qparser, scoring, sorting, writing
from whoosh.analysis import LanguageAnalyzer, StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.query import And, NullQuery, Or, Prefix, Term

LANGUAGE_FIELDS = ("title", "summary", "body")
SEARCH_LANGUAGES = ("en", "es")
MAX_QUERY_CHARS = 200
WRITE_TIMEOUT_SECONDS = 30.0  # another process may hold the index lock for a batch


@dataclass(frozen=True)
class ArticleDocument:
    """What the index holds of one article's published revision."""

    article_id: int
    slug: str
    title: str
    summary: str
    body_text: str
    tags: tuple[str, ...]
    language: str
    audience: str
    category_ids: tuple[int, ...]  # its categories and their ancestors, for filter and facets


@dataclass(frozen=True)
class Hit:
    article_id: int
    slug: str
    title: str
    summary: str
    snippet_html: str  # escaped text with <mark> around matched words
    language: str
    audience: str
    score: float


@dataclass
class SearchResults:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    page_count: int = 0
    did_you_mean: str | None = None
    category_counts: dict[int, int] = field(default_factory=dict)
    notice: str = ""  # said to the reader, e.g. that a long query was shortened


class SearchBackend(Protocol):
    def update(self, documents: Iterable[ArticleDocument], removed_ids: Iterable[int]) -> None:
        """Add or replace *documents* and drop *removed_ids*, in one commit."""

    def rebuild(
        self, documents: Iterable[ArticleDocument], progress: Callable[[int], None] | None = None
    ) -> int:
        """Replace the whole index with *documents*; return how many were written."""

    def search(
        self,
        text: str,
        audiences: Iterable[str],
        *,
        language: str | None = None,
        category_id: int | None = None,
        page: int = 1,
        per_page: int = 10,
    ) -> SearchResults: ...

    def suggest(
        self, text: str, audiences: Iterable[str], *, limit: int = 5, complete_last_word=True
    ) -> list[Hit]: ...

    def document_ids(self) -> set[int]: ...


def _schema() -> Schema:
    english, spanish = StemmingAnalyzer(), LanguageAnalyzer("es")
    fields = {
        "id": ID(stored=True, unique=True),
        "slug": STORED(),
        "language": ID(stored=True),
        "audience": ID(stored=True),
        "categories": KEYWORD(stored=True, commas=True),
        "tags": KEYWORD(stored=True, commas=True, lowercase=True, scorable=True, field_boost=2.0),
    }
    for language, analyzer in (("en", english), ("es", spanish)):
        fields[f"title_{language}"] = TEXT(
            analyzer=analyzer, stored=True, spelling=True, field_boost=3.0
        )
        fields[f"summary_{language}"] = TEXT(analyzer=analyzer, stored=True, field_boost=1.5)
        fields[f"body_{language}"] = TEXT(analyzer=analyzer, stored=True, spelling=True)
    return Schema(**fields)


class WhooshBackend:
    """A Whoosh index in a folder of the instance directory.

    Writers from several processes wait for the index lock (``WRITE_TIMEOUT_SECONDS``) instead
    of failing, so concurrent publishes never lose a document. Readers are never blocked and
    see the last commit.
    """

    def __init__(self, folder: str):
        self.folder = folder
        self._index: index.Index | None = None

    # --- writing ---------------------------------------------------------------------------

    def _open(self) -> index.Index:
        if self._index is None:
            os.makedirs(self.folder, exist_ok=True)
            if index.exists_in(self.folder):
                self._index = index.open_dir(self.folder)
            else:
                self._index = index.create_in(self.folder, _schema())
        return self._index

    def _writer(self):
        return self._open().writer(timeout=WRITE_TIMEOUT_SECONDS, delay=0.05)

    def update(self, documents: Iterable[ArticleDocument], removed_ids: Iterable[int]) -> None:
        writer = self._writer()
        try:
            for article_id in removed_ids:
                writer.delete_by_term("id", str(article_id))
            for document in documents:
                writer.update_document(**_fields(document))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def rebuild(
        self, documents: Iterable[ArticleDocument], progress: Callable[[int], None] | None = None
    ) -> int:
        writer = self._open().writer(timeout=WRITE_TIMEOUT_SECONDS, delay=0.05, limitmb=128)
        count = 0
        try:
            for document in documents:
                writer.add_document(**_fields(document))
                count += 1
                if progress:
                    progress(1)
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=writing.CLEAR)  # the old segments go: only these documents stay
        return count

    # --- reading ---------------------------------------------------------------------------

    def document_ids(self) -> set[int]:
        with self._open().searcher() as searcher:
            return {int(fields["id"]) for fields in searcher.all_stored_fields()}

    def search(
        self,
        text: str,
        audiences: Iterable[str],
        *,
        language: str | None = None,
        category_id: int | None = None,
        page: int = 1,
        per_page: int = 10,
    ) -> SearchResults:
        text, notice = _bounded(text)
        results = SearchResults(query=text, page=max(page, 1), notice=notice)
        if not _words(text):
            return results
        allowed = _filter(audiences, language, category_id)
        with self._open().searcher(weighting=scoring.BM25F()) as searcher:
            query = _query(searcher.schema, text)
            found = searcher.search_page(
                query,
                results.page,
                pagelen=per_page,
                filter=allowed,
                groupedby=sorting.FieldFacet("categories", allow_overlap=True),
                terms=True,
            )
            found.results.fragmenter = highlight.ContextFragmenter(maxchars=240, surround=50)
            found.results.formatter = highlight.HtmlFormatter(tagname="mark", between=" … ")
            results.total = found.total
            results.page_count = found.pagecount if found.total else 0
            results.hits = [_hit(hit) for hit in found]
            groups = found.results.groups("categories") if found.total else {}
            results.category_counts = {
                int(value): len(docs) for value, docs in groups.items() if value
            }
            if results.total < 3:
                results.did_you_mean = _correction(searcher, text, allowed)
        return results

    def suggest(
        self, text: str, audiences: Iterable[str], *, limit: int = 5, complete_last_word=True
    ) -> list[Hit]:
        """Articles matching what a person is typing; the last word may be unfinished."""
        text, _notice = _bounded(text)
        words = _words(text)
        if not words:
            return []
        with self._open().searcher(weighting=scoring.BM25F()) as searcher:
            query = _query(searcher.schema, " ".join(words))
            if complete_last_word and len(words[-1]) >= 3:  # "street" of "streetlight"
                query = Or([query, *(Prefix(name, words[-1]) for name in _text_fields())])
            found = searcher.search(query, limit=limit, filter=_filter(audiences, None, None))
            return [_hit(hit, with_snippet=False) for hit in found]


# --- helpers -------------------------------------------------------------------------------

_WORD = re.compile(r"\w[\w'-]*", re.UNICODE)


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _bounded(text: str) -> tuple[str, str]:
    text = " ".join((text or "").split())
    if len(text) > MAX_QUERY_CHARS:
        return text[:MAX_QUERY_CHARS], f"The search used the first {MAX_QUERY_CHARS} characters."
    return text, ""


def _query(schema: Schema, text: str):
    """The query for what a reader typed: any of its words in any language's fields, ranked
    by BM25F. Text with a quotation mark goes through the parser for phrase search; plain
    words skip it (parsing costs more than searching: 5 ms for a ticket subject)."""
    if '"' in text:
        return _parser(schema).parse(text)
    terms = []
    for name in [*_text_fields(), "tags"]:
        seen = set()
        for term in schema[name].process_text(text, mode="query"):
            if term not in seen:
                seen.add(term)
                terms.append(Term(name, term))
    return Or(terms) if terms else NullQuery


def _parser(schema: Schema) -> qparser.QueryParser:
    """Plain words and "phrases" over every language's fields; OR, ranked by how many match.

    Field names, wildcards, ranges and boosts are switched off: a reader's ``audience:agents``
    or ``*`` is just text, never a way around the filter or a scan of the whole index.
    """
    parser = qparser.MultifieldParser(
        [*_text_fields(), "tags"], schema, group=qparser.OrGroup.factory(0.9)
    )
    for plugin in (
        qparser.FieldsPlugin,
        qparser.WildcardPlugin,
        qparser.RangePlugin,
        qparser.BoostPlugin,
        qparser.PlusMinusPlugin,
        qparser.GroupPlugin,
        qparser.OperatorsPlugin,
    ):
        parser.remove_plugin_class(plugin)
    return parser


def _text_fields() -> list[str]:
    return [f"{name}_{lang}" for lang in SEARCH_LANGUAGES for name in LANGUAGE_FIELDS]


def _filter(audiences: Iterable[str], language: str | None, category_id: int | None):
    audiences = sorted(set(audiences))
    if not audiences:
        return Term("audience", "-none-")  # nobody reads anything: match nothing
    parts = [Or([Term("audience", audience) for audience in audiences])]
    if language:
        parts.append(Term("language", language))
    if category_id:
        parts.append(Term("categories", str(category_id)))
    return And(parts) if len(parts) > 1 else parts[0]


def _fields(document: ArticleDocument) -> dict:
    fields = {
        "id": str(document.article_id),
        "slug": document.slug,
        "language": document.language,
        "audience": document.audience,
        "categories": ",".join(str(c) for c in document.category_ids),
        "tags": ",".join(document.tags),
    }
    language = document.language if document.language in SEARCH_LANGUAGES else "en"
    fields[f"title_{language}"] = document.title
    fields[f"summary_{language}"] = document.summary
    fields[f"body_{language}"] = document.body_text
    return fields


def _hit(hit, *, with_snippet: bool = True) -> Hit:
    language = hit["language"] if hit["language"] in SEARCH_LANGUAGES else "en"
    snippet = ""
    if with_snippet:
        snippet = hit.highlights(f"body_{language}", top=2) or hit.highlights(f"summary_{language}")
    return Hit(
        article_id=int(hit["id"]),
        slug=hit["slug"],
        title=hit.get(f"title_{language}", ""),
        summary=hit.get(f"summary_{language}", ""),
        snippet_html=snippet,
        language=hit["language"],
        audience=hit["audience"],
        score=hit.score or 0.0,
    )


def _correction(searcher, text: str, allowed) -> str | None:
    """A better spelling of the query from the index's own words, if it finds more.

    Each word no field knows is replaced by the closest known word; the suggestion is only
    offered when it actually finds articles for this reader (through the same filter).
    """
    words = _words(text)
    changed = False
    corrected = []
    for word in words:
        replacement = _closest_known(searcher, word)
        changed |= replacement != word
        corrected.append(replacement)
    if not changed:
        return None
    suggestion = " ".join(corrected)
    query = _query(searcher.schema, suggestion)
    if searcher.search(query, limit=1, filter=allowed).is_empty():
        return None
    return suggestion


def _closest_known(searcher, word: str) -> str:
    if not 4 <= len(word) <= 30 or not word.isalpha():
        return word  # short or very long words, numbers and codes such as E-404: as typed
    reader = searcher.reader()
    spelling_fields = [
        searcher.schema[name].spelling_fieldname(name)
        for lang in SEARCH_LANGUAGES
        for name in (f"title_{lang}", f"body_{lang}")
    ]
    if any((field_name, word) in reader for field_name in spelling_fields):
        return word
    best: tuple[int, str] | None = None
    for lang in SEARCH_LANGUAGES:
        for name in (f"title_{lang}", f"body_{lang}"):
            for candidate in searcher.suggest(name, word, limit=1, maxdist=2):
                weight = reader.doc_frequency(
                    searcher.schema[name].spelling_fieldname(name), candidate
                )
                if best is None or weight > best[0]:
                    best = (weight, candidate)
    return best[1] if best else word
