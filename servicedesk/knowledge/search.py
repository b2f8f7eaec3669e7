"""Knowledge-base search: the one module that imports Whoosh.

Everything else talks to :class:`SearchBackend`, so a PostgreSQL full-text backend can stand
beside :class:`WhooshBackend` for several web nodes (a Whoosh index lives on one machine's disk).

The audience filter is part of every Whoosh query (``filter=``), never applied to results
afterwards, so a page count, a facet count or a "did you mean" can never reveal that an
article for another audience exists.
"""

import bisect
import html
import logging
import os
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from whoosh import index, qparser, scoring, writing
from whoosh.analysis import LanguageAnalyzer, StemmingAnalyzer
from whoosh.automata.fsa import find_all_matches
from whoosh.automata.lev import levenshtein_automaton
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.query import And, NullQuery, Or, Prefix, Term

from ..i18n import lazy_text

log = logging.getLogger(__name__)

LANGUAGE_FIELDS = ("title", "text")
SEARCH_LANGUAGES = ("en", "es")
MAX_QUERY_CHARS = 200
WRITE_TIMEOUT_SECONDS = 30.0  # another process may hold the index lock for a batch
REBUILD_PROCESSES = max(1, min(4, os.cpu_count() or 1))


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
    """Title and text per language (each with its stemmer). The summary is searched as part of
    the text and stored on its own for result lists. "Did you mean" draws on the index's
    :class:`Vocabulary` file, kept beside it (an unstemmed Whoosh field for it cost more than
    half of a rebuild's time)."""
    english, spanish = StemmingAnalyzer(), LanguageAnalyzer("es")
    fields = {
        "id": ID(stored=True, unique=True),
        "slug": STORED(),
        "summary": STORED(),
        "language": ID(stored=True),
        "audience": ID(stored=True),
        "categories": KEYWORD(stored=True, commas=True),
        "tags": KEYWORD(stored=True, commas=True, lowercase=True, scorable=True, field_boost=2.0),
    }
    for language, analyzer in (("en", english), ("es", spanish)):
        fields[f"title_{language}"] = TEXT(analyzer=analyzer, stored=True, field_boost=3.0)
        fields[f"text_{language}"] = TEXT(analyzer=analyzer, stored=True)
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
        self._local = threading.local()

    # --- writing ---------------------------------------------------------------------------

    def _open(self) -> index.Index:
        if self._index is None:
            os.makedirs(self.folder, exist_ok=True)
            schema = _schema()
            if index.exists_in(self.folder):
                self._index = index.open_dir(self.folder)
                # A field this version no longer writes (``words``) is harmless; a missing one
                # is not.
                if not set(schema.names()) <= set(self._index.schema.names()):
                    # Written by another version: start empty; `kb reindex` fills it again.
                    log.warning("The search index has an old layout; run `servicedesk kb reindex`.")
                    self._index = index.create_in(self.folder, schema)
            else:
                self._index = index.create_in(self.folder, schema)
        return self._index

    def _writer(self):
        return self._open().writer(timeout=WRITE_TIMEOUT_SECONDS, delay=0.05)

    def update(self, documents: Iterable[ArticleDocument], removed_ids: Iterable[int]) -> None:
        writer = self._writer()
        added = Vocabulary()
        try:
            for article_id in removed_ids:
                writer.delete_by_term("id", str(article_id))
            for document in documents:
                writer.update_document(**_fields(document))
                added.add(document)
            if added:  # still under the index lock: no other process writes the file now
                Vocabulary.load(self.folder, self._open()).merged(added).save(self.folder)
        except BaseException:
            writer.cancel()
            raise
        _commit(writer)

    def rebuild(
        self, documents: Iterable[ArticleDocument], progress: Callable[[int], None] | None = None
    ) -> int:
        # Two processes analyse documents in parallel (the stemmers are pure Python).
        writer = self._open().writer(
            timeout=WRITE_TIMEOUT_SECONDS, delay=0.05, limitmb=256, procs=REBUILD_PROCESSES,
            multisegment=True,
        )  # fmt: skip
        count = 0
        vocabulary = Vocabulary()
        try:
            for document in documents:
                writer.add_document(**_fields(document))
                vocabulary.add(document)
                count += 1
                if progress:
                    progress(1)
            vocabulary.save(self.folder)
        except BaseException:
            writer.cancel()
            raise
        _commit(writer, mergetype=writing.CLEAR)  # the old segments go: only these stay
        return count

    # --- reading ---------------------------------------------------------------------------

    def _reader(self) -> "_Reader":
        """This thread's searcher of the last commit, with its cached doc sets.

        Opening a searcher costs milliseconds and the audience filter's set of documents
        more; both are kept until the index changes (reading its generation is cheap).
        """
        current = getattr(self._local, "reader", None)
        latest = self._open().latest_generation()
        if current is None or current.generation != latest:
            if current is not None:
                current.searcher.close()
            searcher = self._open().searcher(weighting=scoring.BM25F())
            current = _Reader(searcher, Vocabulary.load(self.folder, self._open()))
            self._local.reader = current
        return current

    def document_ids(self) -> set[int]:
        searcher = self._reader().searcher
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
        reader = self._reader()
        searcher = reader.searcher
        allowed = reader.allowed(audiences, language, category_id)
        # Articles with every word first; if none has them all, any word will do. One pass
        # scores every match (limit=None): the total and the category counts come from it.
        query = _query(searcher.schema, text, every_word=True)
        found = searcher.search(query, limit=None, filter=allowed)
        if found.is_empty():
            query = _query(searcher.schema, text)
            found = searcher.search(query, limit=None, filter=allowed)
        results.total = found.scored_length()
        results.page_count = -(-results.total // per_page)
        if results.total:
            first = (results.page - 1) * per_page
            marker = _Marker(searcher.schema, text)
            results.hits = [_hit(hit, marker) for hit in found[first : first + per_page]]
            results.category_counts = reader.category_counts(set(found.docs()) & allowed)
        if results.total < 3:
            results.did_you_mean = _correction(searcher, reader.vocabulary, text, allowed)
        return results

    def suggest(
        self, text: str, audiences: Iterable[str], *, limit: int = 5, complete_last_word=True
    ) -> list[Hit]:
        """Articles matching what a person is typing; the last word may be unfinished.

        Each keystroke asks again, and many people type the same beginnings ("pot", "poth",
        "stree"), so answers are kept per reader until the index changes.
        """
        text, _notice = _bounded(text)
        words = _words(text)
        if not words:
            return []
        reader = self._reader()
        key = (tuple(sorted(set(audiences))), tuple(words), limit, complete_last_word)
        cached = reader.suggestions.get(key)
        if cached is None:
            cached = reader.remember_suggestions(key, self._suggest(reader, key))
        return list(cached)

    def _suggest(self, reader: "_Reader", key: tuple) -> tuple[Hit, ...]:
        audiences, words, limit, complete_last_word = key
        query = _query(reader.searcher.schema, " ".join(words))
        if complete_last_word and len(words[-1]) >= 3:  # "street" of "streetlight"
            titles = [f"title_{lang}" for lang in SEARCH_LANGUAGES]  # prefixes of titles only:
            query = _Or([query, *(Prefix(name, words[-1]) for name in titles)])  # few terms
        found = reader.searcher.search(
            query, limit=limit, filter=reader.allowed(audiences, None, None)
        )
        return tuple(_hit(hit) for hit in found)


def _commit(writer, **options) -> None:
    """Commit *writer*; if the commit fails, still let go of the index lock.

    Whoosh releases its lock only at the end of a commit that succeeded: a failed one (a full
    disk, text it cannot encode) would leave this process holding the lock, and every later
    write anywhere would wait for it and time out.
    """
    try:
        writer.commit(**options)
    except BaseException:
        lock = getattr(writer, "writelock", None)
        if lock is not None and not writer.is_closed:
            lock.release()
            writer.is_closed = True
        raise


class _Reader:
    """One searcher and the document sets computed on it (valid while it is current)."""

    def __init__(self, searcher, vocabulary: "Vocabulary"):
        self.searcher = searcher
        self.vocabulary = vocabulary
        self.generation = searcher.reader().generation()
        # Never changed once made: Whoosh takes a filter as a plain set, so no copy is handed out.
        self._sets: dict[tuple, set[int]] = {}
        self.suggestions: dict[tuple, tuple[Hit, ...]] = {}

    SUGGESTIONS_KEPT = 5_000  # about 3 MB of hits

    def remember_suggestions(self, key: tuple, hits: tuple[Hit, ...]) -> tuple[Hit, ...]:
        if len(self.suggestions) >= self.SUGGESTIONS_KEPT:
            self.suggestions.clear()  # a new day's typing; cheaper than tracking recency
        self.suggestions[key] = hits
        return hits

    def docs_with(self, field_name: str, value: str) -> set[int]:
        key = (field_name, value)
        if key not in self._sets:
            self._sets[key] = set(self.searcher.docs_for_query(Term(field_name, value)))
        return self._sets[key]

    def allowed(self, audiences, language: str | None, category_id: int | None) -> set[int]:
        """The documents this reader may see, narrowed by language and category: Whoosh
        applies it as the search's filter, so nothing else is ever scored or counted."""
        key = ("allowed", tuple(sorted(set(audiences))), language, category_id)
        if key not in self._sets:
            docs: set[int] = set().union(
                *(self.docs_with("audience", audience) for audience in sorted(set(audiences)))
            )
            if language:
                docs &= self.docs_with("language", language)
            if category_id:
                docs &= self.docs_with("categories", str(category_id))
            self._sets[key] = docs
        return self._sets[key]

    def category_counts(self, matched: set[int]) -> dict[int, int]:
        """How many of the matches each category (with its sub-categories) holds."""
        counts = {}
        for value in self.searcher.lexicon("categories"):
            label = value.decode() if isinstance(value, bytes) else value
            count = len(matched & self.docs_with("categories", label))
            if count and label.isdigit():
                counts[int(label)] = count
        return counts


# --- helpers -------------------------------------------------------------------------------

_WORD = re.compile(r"\w[\w'-]*", re.UNICODE)


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _bounded(text: str) -> tuple[str, str]:
    text = " ".join((text or "").split())
    if len(text) > MAX_QUERY_CHARS:
        return text[:MAX_QUERY_CHARS], lazy_text(
            "The search used the first %(limit)s characters.", limit=MAX_QUERY_CHARS
        )
    return text, ""


def _query(schema: Schema, text: str, *, every_word: bool = False):
    """The query for what a reader typed, ranked by BM25F: each word in any language's fields,
    and with *every_word* only articles that have all the words (stop words aside).

    Text with a quotation mark goes through the parser for phrase search; plain words skip it
    (parsing costs more than searching: 5 ms for a ticket subject).
    """
    if '"' in text:
        return _parser(schema).parse(text)
    per_word = []
    for word in _words(text):
        terms = {
            (name, term)
            for name in (*_text_fields(), "tags")
            for term in schema[name].process_text(word, mode="query")
        }
        if terms:
            per_word.append(_Or([Term(name, term) for name, term in sorted(terms)]))
    if not per_word:
        return NullQuery
    if every_word and len(per_word) > 1:
        return And(per_word)
    return _Or(per_word)


class _Or(Or):
    """Or as a tree of unions always. Whoosh's default preloads a 2,048-slot score array per
    Or on an index under 5,000 articles: 2-4 ms a query there (the demo, a ticket page)."""

    matcher_type = Or.DEFAULT_MATCHER


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
    text = f"{document.summary}\n{document.body_text}"
    fields[f"title_{language}"] = document.title
    fields[f"text_{language}"] = text
    fields["summary"] = document.summary
    return fields


def _hit(hit, marker: "_Marker | None" = None) -> Hit:
    language = hit["language"] if hit["language"] in SEARCH_LANGUAGES else "en"
    return Hit(
        article_id=int(hit["id"]),
        slug=hit["slug"],
        title=hit.get(f"title_{language}", ""),
        summary=hit.get("summary", ""),
        snippet_html=marker.snippet(hit.get(f"text_{language}", "")) if marker else "",
        language=hit["language"],
        audience=hit["audience"],
        score=hit.score or 0.0,
    )


class _Marker:
    """Snippets with the searched words marked, found by the words' stems in the stored text.

    Whoosh's highlighter analyses each hit's whole text again (a third of a search's time);
    a stem is a prefix of the words it stands for ("pothol" marks "potholes"), so one
    pattern finds them in the text as it is.
    """

    SPAN = 240

    def __init__(self, schema: Schema, text: str):
        stems = {word for word in _words(text) if len(word) > 1}
        for name in (f"text_{lang}" for lang in SEARCH_LANGUAGES):
            stems.update(term for term in schema[name].process_text(text, mode="query"))
        stems = sorted((stem for stem in stems if len(stem) > 1), key=len, reverse=True)
        self.pattern = (
            re.compile(r"\b(?:" + "|".join(map(re.escape, stems)) + r")\w*", re.IGNORECASE)
            if stems
            else None
        )

    def snippet(self, text: str) -> str:
        """Escaped text around the first marked word, with <mark> around each."""
        if self.pattern is None or not text:
            return ""
        first = self.pattern.search(text)
        if first is None:
            return ""
        start = max(0, first.start() - self.SPAN // 4)
        start = text.rfind(" ", 0, start) + 1 if start else 0
        window = text[start : start + self.SPAN]
        window = window[: window.rfind(" ")] if len(window) == self.SPAN else window
        marked, last = [], 0
        for match in self.pattern.finditer(window):
            marked.append(html.escape(window[last : match.start()]))
            marked.append(f"<mark>{html.escape(match.group(0))}</mark>")
            last = match.end()
        marked.append(html.escape(window[last:]))
        prefix = "… " if start else ""
        suffix = " …" if start + len(window) < len(text) else ""
        return prefix + "".join(marked) + suffix


def _correction(searcher, vocabulary: "Vocabulary", text: str, allowed) -> str | None:
    """A better spelling of the query from the index's own words, if it finds more.

    Each word no article uses is replaced by the closest known word; the suggestion is only
    offered when it actually finds articles for this reader (through the same filter), so a
    word known only from articles hidden from them is never suggested.
    """
    words = _words(text)
    corrected = [vocabulary.closest(word) for word in words]
    if corrected == words:
        return None
    suggestion = " ".join(corrected)
    query = _query(searcher.schema, suggestion)
    if searcher.search(query, limit=1, filter=allowed).is_empty():
        return None
    return suggestion


class Vocabulary:
    """The words the indexed articles use, as written (not stemmed), with how many articles
    use each: what "did you mean" draws on.

    Kept in ``vocabulary.txt`` beside the index: written whole by a rebuild and merged by each
    update under the index lock. Words of removed articles stay until the next rebuild, which
    is harmless: a correction is only offered when it finds articles the reader may see.
    """

    FILE = "vocabulary.txt"
    MIN_LENGTH = 3

    def __init__(self, counts: dict[str, int] | None = None):
        self.counts: dict[str, int] = counts or {}
        self._sorted: list[str] | None = None

    def __bool__(self) -> bool:
        return bool(self.counts)

    def add(self, document: ArticleDocument) -> None:
        text = f"{document.title} {document.summary} {document.body_text}"
        for word in set(_words(text)):
            if len(word) >= self.MIN_LENGTH:
                self.counts[word] = self.counts.get(word, 0) + 1

    def merged(self, other: "Vocabulary") -> "Vocabulary":
        counts = dict(self.counts)
        for word, count in other.counts.items():
            counts[word] = counts.get(word, 0) + count
        return Vocabulary(counts)

    def closest(self, word: str) -> str:
        """The word itself if any article uses it, else the most used word one edit away (two
        if none is one away) that starts with the same letter (most typos keep it)."""
        if not 4 <= len(word) <= 30 or not word.isalpha() or word in self.counts:
            return word  # short or very long words, numbers and codes such as E-404: as typed
        if self._sorted is None:
            self._sorted = sorted(self.counts)
        for distance in (1, 2):
            found = list(
                find_all_matches(
                    levenshtein_automaton(word, distance, 1).to_dfa(), self._at_or_after
                )
            )
            if found:
                return max(found, key=lambda candidate: (self.counts[candidate], candidate))
        return word

    def _at_or_after(self, text: str) -> str | None:
        """The first known word at or after *text* in sorted order (the automaton's lookup)."""
        position = bisect.bisect_left(self._sorted, text)
        return self._sorted[position] if position < len(self._sorted) else None

    def save(self, folder: str) -> None:
        """Write the file whole, then move it into place: readers never see half of it."""
        path = os.path.join(folder, self.FILE)
        partial = f"{path}.{os.getpid()}.partial"
        with open(partial, "w", encoding="utf-8") as file:
            file.writelines(f"{word}\t{count}\n" for word, count in sorted(self.counts.items()))
        os.replace(partial, path)

    @classmethod
    def load(cls, folder: str, whoosh_index: index.Index) -> "Vocabulary":
        """Read the folder's vocabulary. Without the file (an index written by an earlier
        version), gather it once from the articles the index stores, and save it."""
        path = os.path.join(folder, cls.FILE)
        try:
            with open(path, encoding="utf-8") as file:
                pairs = (line.rstrip("\n").split("\t") for line in file)
                return cls({word: int(count) for word, count in pairs})
        except FileNotFoundError:
            pass
        vocabulary = cls()
        with whoosh_index.searcher() as searcher:
            for stored in searcher.all_stored_fields():
                vocabulary.add(_stored_document(stored))
        if vocabulary:
            vocabulary.save(folder)
        return vocabulary


def _stored_document(stored: dict) -> ArticleDocument:
    """An indexed article's searchable words as the index stored them (no database needed)."""
    language = stored.get("language") if stored.get("language") in SEARCH_LANGUAGES else "en"
    return ArticleDocument(
        article_id=int(stored["id"]),
        slug=stored.get("slug", ""),
        title=stored.get(f"title_{language}", ""),
        summary="",
        body_text=stored.get(f"text_{language}", ""),  # the summary is part of the text
        tags=(),
        language=language,
        audience=stored.get("audience", ""),
        category_ids=(),
    )
