"""The candidate lemmatizers for search, side by side (docs/search.md, "Choosing the lemmatizer").

    python -m dateline.bench.lemmatizers

For each candidate that is installed: recall and precision on the inflection test set
(dateline/search/tests/inflections.tsv) per language, and how fast it lemmatizes text for
indexing. A query word matches a document word when their sets of forms meet, as in the index
(dateline/search/words.py); a candidate that gives one lemma per word has a set of one.

Candidates (a missing one is skipped with the reason):

- ``words.py``: what the index uses, pymorphy3 with pymorphy3-dicts-uk for Cyrillic, Snowball
  English plus a table of irregular forms for Latin script;
- ``snowball-english``: Snowball English alone (words.py before its irregular table);
- ``simplemma``: ``pip install simplemma`` (for measuring only, not a dependency); it reads
  case, so it is given the word as written;
- ``snowball-russian``: Snowball has no Ukrainian algorithm; Russian on Ukrainian text is the
  baseline;
- ``hunspell-uk``: Debian's hunspell-uk dictionary as a PostgreSQL ispell dictionary
  (``apt-get install hunspell-uk`` puts uk_ua.affix and uk_ua.dict into PostgreSQL's
  tsearch_data), created in the session's temporary schema at ``LEMMA_BENCH_DATABASE_URL``
  (postgres://postgres@127.0.0.1:5432/postgres) and asked with ``ts_lexize``, all words of
  a text in one query; a word it does not know stays as it is.

Speed is measured on the demo corpus's own text (the strings of dateline/demo/words.py,
Ukrainian and English apart; the English with the reference page of
/work/shared/reference when present), repeated to ``LEMMA_BENCH_WORDS`` words (60,000):
the load (seconds until the first word is done, and the resident memory it took), words per
second with no cache, then from an empty cache (the text's own repeats hit it: "cold") and
again with the cache full ("warm"). Last, each candidate's missed pairs, the first
``LEMMA_BENCH_LIST`` (12) of them.
"""

import csv
import functools
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from dateline.search import words

INFLECTIONS = Path(words.__file__).parent / "tests" / "inflections.tsv"
REFERENCE = Path("/work/shared/reference/espreso-global-article-page.txt")
DATABASE_URL = os.environ.get("LEMMA_BENCH_DATABASE_URL",
                              "postgres://postgres@127.0.0.1:5432/postgres")
TEXT_WORDS = int(os.environ.get("LEMMA_BENCH_WORDS", "60000"))
LIST = int(os.environ.get("LEMMA_BENCH_LIST", "12"))  # misses shown per candidate
_SLOT = re.compile(r"\{[^}]*\}")


class Unavailable(Exception):
    """A candidate that is not installed or cannot run here."""


@dataclass
class Candidate:
    """A lemmatizer: ``forms(word)`` for a word as written, the dictionary forms it gives."""

    name: str
    languages: tuple
    forms: object
    load_seconds: float
    load_mb: float | None
    many: object = None  # forms of many words in one call, where that is how it is used
    notes: list = field(default_factory=list)

    def forms_of(self, texts):
        """The forms of each text's word, as the tokenizer cuts it (case kept)."""
        tokens = [_as_written(text) for text in texts]
        return self.many(tokens) if self.many else [self.forms(token) for token in tokens]


def _as_written(text):
    (word,) = words.WORD.findall(text)
    return word.replace("’", "'").replace("ʼ", "'")


def _rss_mb(pid="self"):
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024


def _loaded(name, languages, load):
    """Time ``load()`` (which returns ``forms``) and a first word in each language, and the
    memory they took."""
    before = _rss_mb()
    start = time.perf_counter()
    forms = load()
    for language in languages:
        forms({"uk": "ракетного", "en": "strikes"}[language])
    seconds = time.perf_counter() - start
    after = _rss_mb()
    return Candidate(name, languages, forms, seconds,
                     None if before is None else after - before)


def _clean(form):
    return form.lower().replace("'", "").replace("’", "").replace("ʼ", "")


def words_py():
    def load():
        words._morph.cache_clear()
        words._stemmer.cache_clear()
        words._morph()
        return lambda word: words.forms.__wrapped__(words.tokens(word)[0])
    return _loaded("words.py", ("uk", "en"), load)


def snowball(algorithm, language):
    try:
        import snowballstemmer
    except ImportError as error:
        raise Unavailable("not installed (pip install snowballstemmer)") from error

    def load():
        stem = snowballstemmer.stemmer(algorithm).stemWord
        return lambda word: (_clean(stem(words.tokens(word)[0])),)
    return _loaded(f"snowball-{algorithm}", (language,), load)


def simplemma_candidate():
    try:
        import simplemma
    except ImportError as error:
        raise Unavailable("not installed (pip install simplemma; for measuring only)") from error

    def load():
        # Its own cache off, so that "no cache" is the lemmatizer's speed.
        lemmatize = simplemma.Lemmatizer(cache_max_size=0).lemmatize

        def forms(word):
            lang = "uk" if words._CYRILLIC.search(word) else "en"
            return (_clean(lemmatize(word, lang)),)
        return forms
    candidate = _loaded(f"simplemma {simplemma.__version__}", ("uk", "en"), load)
    candidate.notes.append("given each word as written (it reads case: Києві → Київ, "
                           "києві → кий)")
    return candidate


def hunspell_uk():
    try:
        import psycopg
    except ImportError as error:
        raise Unavailable("psycopg is not installed") from error
    try:
        before = time.perf_counter()
        conn = psycopg.connect(DATABASE_URL, autocommit=True, connect_timeout=5)
    except psycopg.Error as error:
        raise Unavailable(f"no PostgreSQL at {DATABASE_URL}: {error}".strip()) from error
    pid = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
    backend_before = _rss_mb(pid)
    try:
        conn.execute("CREATE TEXT SEARCH DICTIONARY pg_temp.hunspell_uk "
                     "(TEMPLATE = ispell, DictFile = uk_ua, AffFile = uk_ua)")
        conn.execute("SELECT ts_lexize('pg_temp.hunspell_uk', 'ракетного')")
    except psycopg.Error as error:
        conn.close()
        raise Unavailable("no uk_ua dictionary in PostgreSQL's tsearch_data (apt-get install "
                          f"hunspell-uk): {str(error).splitlines()[0]}") from error
    seconds = time.perf_counter() - before
    backend_after = _rss_mb(pid)

    def many(tokens):
        lowered = [token.lower() for token in tokens]
        rows = conn.execute("SELECT ts_lexize('pg_temp.hunspell_uk', w) "
                            "FROM unnest(%s::text[]) WITH ORDINALITY AS t(w, n) ORDER BY n",
                            (lowered,)).fetchall()
        return [tuple(dict.fromkeys(_clean(form) for form in found)) if found else (_clean(w),)
                for (found,), w in zip(rows, lowered, strict=True)]

    candidate = Candidate("hunspell-uk (PostgreSQL ispell)", ("uk",),
                          lambda word: many([word])[0], seconds,
                          None if backend_before is None or backend_after is None
                          else backend_after - backend_before, many=many)
    candidate.notes.append("load and memory are the PostgreSQL backend's: every connection "
                           "that uses the dictionary loads its own copy")
    return candidate


CANDIDATES = [
    ("words.py", words_py),
    ("snowball-english", functools.partial(snowball, "english", "en")),
    ("simplemma", simplemma_candidate),
    ("snowball-russian", functools.partial(snowball, "russian", "uk")),
    ("hunspell-uk", hunspell_uk),
]


def inflection_rows():
    with INFLECTIONS.open(encoding="utf-8", newline="") as f:
        lines = (line for line in f if not line.startswith("#"))
        return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def accuracy(candidate, rows, language):
    """Recall, precision, false matches among the negatives, and how often the two words of
    a matching pair have the same likeliest form (what phrase matching sees)."""
    rows = [row for row in rows if row["language"] == language]
    queries = candidate.forms_of([row["query"] for row in rows])
    documents = candidate.forms_of([row["document"] for row in rows])
    found = missed = false = negatives = same = 0
    misses = []
    for row, query, document in zip(rows, queries, documents, strict=True):
        match = bool(set(query) & set(document))
        if row["expected"] == "yes":
            found += match
            missed += not match
            same += match and query[0] == document[0]
            if not match:
                misses.append(f"{row['query']}/{row['document']}")
        else:
            negatives += 1
            false += match
    return {"recall": found / (found + missed),
            "precision": found / (found + false) if found + false else 0.0,
            "false": f"{false}/{negatives}", "same": same / found if found else 0.0,
            "misses": misses}


def corpus_text(language):
    from dateline.demo import words as demo

    strings = []

    def walk(value):
        if isinstance(value, str):
            strings.append(_SLOT.sub(" ", value))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple | set):
            for item in value:
                walk(item)

    for name, value in vars(demo).items():
        if name.isupper():
            walk(value)
    cyrillic = language == "uk"
    if language == "en" and REFERENCE.exists():
        strings.append(REFERENCE.read_text(encoding="utf-8"))
    found = [word for text in strings for word in words.WORD.findall(text)
             if bool(words._CYRILLIC.search(word)) == cyrillic and not word.isdigit()
             and len(word) <= words.MAX_WORD_LENGTH]
    distinct = len(set(found))
    repeated = (found * (TEXT_WORDS // len(found) + 1))[:TEXT_WORDS]
    return repeated, distinct


def speed(candidate, text):
    """Words per second: no cache, from an empty cache, with the cache full."""
    start = time.perf_counter()
    candidate.forms_of(text)
    uncached = len(text) / (time.perf_counter() - start)
    if candidate.many:
        cache = {}
        start = time.perf_counter()
        missing = list(dict.fromkeys(word for word in text if word not in cache))
        cache.update(zip(missing, candidate.many(missing), strict=True))
        [cache[word] for word in text]
        cold = len(text) / (time.perf_counter() - start)
        start = time.perf_counter()
        [cache[word] for word in text]
        warm = len(text) / (time.perf_counter() - start)
        return uncached, cold, warm
    cached = functools.lru_cache(maxsize=200_000)(candidate.forms)
    passes = []
    for _ in range(2):
        start = time.perf_counter()
        for word in text:
            cached(word)
        passes.append(len(text) / (time.perf_counter() - start))
    return uncached, passes[0], passes[1]


def main():
    rows = inflection_rows()
    counts = {(lang, kind): sum(1 for row in rows if row["language"] == lang
                                and row["expected"] == kind)
              for lang in ("uk", "en") for kind in ("yes", "no")}
    texts = {language: corpus_text(language) for language in ("uk", "en")}
    print(f"Inflection set: {INFLECTIONS.name}, Ukrainian {counts['uk', 'yes']} pairs to find "
          f"and {counts['uk', 'no']} not to, English {counts['en', 'yes']} and "
          f"{counts['en', 'no']}.")
    for language, (text, distinct) in texts.items():
        print(f"Speed text ({language}): the demo corpus's words{' and the reference page' if language == 'en' and REFERENCE.exists() else ''}, "
              f"{distinct:,} distinct, repeated to {len(text):,} words.")
    print()
    accuracy_lines = ["| candidate | language | recall | precision | false matches | "
                      "same likeliest form |", "|---|---|---|---|---|---|"]
    speed_lines = ["| candidate | text | load s | load MB | words/s, no cache | "
                   "words/s, cold cache | words/s, warm cache |", "|---|---|---|---|---|---|---|"]
    notes, misses = [], {}
    for label, make in CANDIDATES:
        try:
            candidate = make()
        except Unavailable as reason:
            print(f"{label}: skipped, {reason}")
            continue
        notes += [f"{candidate.name}: {note}" for note in candidate.notes]
        for language in candidate.languages:
            score = accuracy(candidate, rows, language)
            misses[candidate.name, language] = score["misses"]
            accuracy_lines.append(
                f"| {candidate.name} | {language} | {score['recall']:.1%} | "
                f"{score['precision']:.1%} | {score['false']} | {score['same']:.1%} |")
        for language in candidate.languages:
            uncached, cold, warm = speed(candidate, texts[language][0])
            memory = "—" if candidate.load_mb is None else f"{candidate.load_mb:.0f}"
            speed_lines.append(
                f"| {candidate.name} | {language} | {candidate.load_seconds:.2f} | {memory} | "
                f"{uncached:,.0f} | {cold:,.0f} | {warm:,.0f} |")
    print("\n".join(accuracy_lines), end="\n\n")
    print("\n".join(speed_lines), end="\n\n")
    for note in notes:
        print(f"- {note}")
    print()
    for (name, language), missed in misses.items():
        shown = ", ".join(missed[:LIST]) + (f" and {len(missed) - LIST} more" if len(missed) > LIST
                                          else "")
        print(f"{name} ({language}) misses {len(missed)}: {shown or 'none'}")


if __name__ == "__main__":
    main()
