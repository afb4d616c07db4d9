"""test_python.py -- tests of the essay Python module (python/essay/) over
the libessay of $BUILD, on an index of corpus/ built here.

Its results must be essay-search --json's, field for field (scores to
1e-9), for queries that use each option; paging, the options' effects,
errors (raised as essay.QueryError / essay.IndexError with --json's message
and kind), the Searcher's life (context manager, reopen, a long-lived one
while essay-index updates the index, threads), its ctypes structs against
essay.h's layout as the C compiler sees it, where it finds libessay (the
checkout's build tree, the lib directory of an installed copy, the message
naming every place tried when none holds it), and `make install` putting
it where python3 finds it.

Run from the repository root after `make`:
    BUILD=build python3 -m unittest tests/test_python.py
(tests/python.sh does so, with the sanitizers' runtimes for make test-asan).
"""
import contextlib
import ctypes
import json
import os
import pathlib
import pickle
import shutil
import socket
import subprocess
import sys
import sysconfig
import tempfile
import threading
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.abspath(os.environ.get("BUILD", "build"))
INDEXER = os.path.join(BUILD, "essay-index")
SEARCHER = os.path.join(BUILD, "essay-search")
LIBRARY = os.path.join(BUILD, "libessay.so.0")
sys.path.insert(0, os.path.join(ROOT, "python"))
os.environ["LIBESSAY"] = LIBRARY     # the module under test loads $BUILD's library
import essay  # noqa: E402 -- once the path and $LIBESSAY are set
from essay import _library  # noqa: E402

WORK = None
INDEX = None
BIELOKOLOS = os.path.join(ROOT, "corpus", "bielokolos-security-guarantees-options-for-ukraine.txt")
# Checked by hand: "Machiavelli" is in one paragraph of corpus/, at line 53 of Bielokolos's essay.
MACHIAVELLI = (BIELOKOLOS, 53)


def run(*command, env=None, check=True, cwd=ROOT, stdin=None):
    """A finished subprocess with text output; with 'check', one that
    exited 0 (else the test fails with its standard error)."""
    result = subprocess.run(command, env=env, cwd=cwd, input=stdin, capture_output=True,
                            text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"{' '.join(command)} exited {result.returncode}: {result.stderr}")
    return result


def setUpModule():
    global WORK, INDEX
    for name in ("ESSAY_INDEX", "NO_COLOR"):
        os.environ.pop(name, None)
    WORK = tempfile.mkdtemp(prefix="essay-python.")
    INDEX = os.path.join(WORK, "idx")       # the README's name for it
    run(INDEXER, "-q", "--index", INDEX, "corpus/")


def tearDownModule():
    shutil.rmtree(WORK)


def cli_json(query, *args, index=None):
    """essay-search --json's object for 'query' with the options 'args'."""
    indexes = []
    for path in index or [INDEX]:
        indexes += ["--index", path]
    result = run(SEARCHER, *indexes, "--json", *args, "--", query, check=False)
    return json.loads(result.stdout)


def set_environment(values):
    """Set each variable of 'values' in os.environ; None: unset it."""
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@contextlib.contextmanager
def environment(**values):
    """os.environ with 'values' set (None: unset), restored after."""
    saved = {name: os.environ.get(name) for name in values}
    try:
        set_environment(values)
        yield
    finally:
        set_environment(saved)


def where(results):
    return [(hit["path"], hit["line"]) for hit in results]


class SameAsJson(unittest.TestCase):
    """essay.search() gives what essay-search --json gives."""

    # (query, keyword arguments, essay-search options, what must hold of the results)
    CASES = [
        ("security guarantees", {}, [], lambda r: len(r) == 10),
        ("machiavelli", {}, [], lambda r: where(r) == [MACHIAVELLI]),
        ('"black sea fleet"', {}, [], lambda r: len(r) == 1),
        ("ukraine", {"limit": 3, "offset": 2}, ["--limit", "3", "--offset", "2"],
         lambda r: [hit["rank"] for hit in r] == [3, 4, 5]),
        ("ukraine war", {"any": True, "limit": 20}, ["--any", "--limit", "20"],
         lambda r: len(r) == 20),
        ("security guarantees", {"per_essay": 1}, ["--per-essay", "1"],
         lambda r: len({hit["path"] for hit in r}) == len(r) > 1),
        ("security guarantees", {"same_paragraph": True}, ["--same-paragraph"],
         lambda r: r.total == 15),
        ("ukraine", {"sort": "date"}, ["--sort", "date"],
         lambda r: r[0]["date"] == "2025-12-10"),
        ("securty guarantees", {}, [], lambda r: r.corrected == "security guarantees"),
        ("securty guarantees", {"no_correct": True}, ["--no-correct"],
         lambda r: r.corrected is None and r.suggestion == "security guarantees"),
        ("machiavelli zzyzxqv", {}, [], lambda r: r.relaxed and where(r) == [MACHIAVELLI]),
        ("machiavelli zzyzxqv", {"strict": True}, ["--strict"],
         lambda r: not r.relaxed and r == [] and r.total == 0),
        ("what security guarantees can europe give ukraine",
         {"any": True, "per_essay": 1, "expand": True}, ["--any", "--per-essay", "1", "--expand"],
         lambda r: len(r) == 5),
        ("what security guarantees can europe give ukraine",
         {"any": True, "per_essay": 1, "expand": False},
         ["--any", "--per-essay", "1", "--no-expand"], lambda r: len(r) == 5),
        # the total of a page counts up to 100 matches exactly: the 56 paragraphs of text
        # and a bare heading, as an exact count has it (test_exact_total_is_the_count)
        ("ukraine", {"limit": 0}, ["--limit", "0"], lambda r: r == [] and r.total == 57),
        ("ukraine", {"snippet_chars": 60}, ["--snippet-chars", "60"],
         lambda r: max(len(hit["snippet"].encode()) for hit in r) < 120),
        ("Türkiye", {}, [], lambda r: True),
    ]

    def assert_same(self, results, expected):
        self.assertEqual(results.query, expected["query"])
        self.assertIsNone(expected["error"])
        for field in ("total", "suggestion", "corrected", "relaxed", "unrecorded", "unfiltered"):
            self.assertEqual(getattr(results, field), expected[field], field)
        self.assertEqual(len(results), len(expected["hits"]))
        for hit, want in zip(results, expected["hits"]):
            self.assertEqual(list(hit), list(want), "the same fields in the same order")
            self.assertAlmostEqual(hit.pop("score"), want.pop("score"), delta=1e-9)
            self.assertEqual(hit, want)

    def test_queries_and_options(self):
        for query, options, args, holds in self.CASES:
            with self.subTest(query=query, options=options):
                results = essay.search(query, index=INDEX, **options)
                self.assertTrue(holds(results), f"{results!r}: {where(results)}")
                self.assert_same(results, cli_json(query, *args))

    def test_exact_total_is_the_count(self):
        results = essay.search("ukraine", index=INDEX, exact_total=True)
        count = run(SEARCHER, "--index", INDEX, "--count", "ukraine").stdout
        self.assertEqual(results.total, int(count))

    def test_shards_given_as_a_list(self):
        sharded = os.path.join(WORK, "sharded")
        run(INDEXER, "-q", "--shards", "2", "--index", sharded, "corpus/")
        shards = [os.path.join(sharded, "shard0"), os.path.join(sharded, "shard1")]
        with essay.Searcher(shards) as searcher:
            for query in ("security guarantees", "ukraine war", "machiavelli"):
                self.assert_same(searcher.search(query), cli_json(query, index=shards))
        with essay.Searcher(pathlib.Path(sharded)) as searcher:
            self.assertEqual(where(searcher.search("machiavelli")), [MACHIAVELLI])

    def test_mark_brackets_the_highlights(self):
        hit = essay.search("machiavelli", index=INDEX)[0]
        self.assertIn("Niccolò [Machiavelli] observed", essay.mark(hit))
        hit = essay.search('"black sea fleet"', index=INDEX)[0]
        marked = essay.mark(hit, "<b>", "</b>")
        self.assertEqual(marked.count("<b>"), 1, "a phrase is highlighted as one")
        self.assertEqual(marked.split("<b>")[1].split("</b>")[0].lower(), "black sea fleet")

    def test_a_field_the_essays_lack_is_searched_as_its_words(self):
        corpus = os.path.join(WORK, "headerless")
        index = os.path.join(WORK, "headerless-index")
        os.makedirs(corpus, exist_ok=True)
        for name, text in (("emerson.txt", "---\nauthor: Ralph Emerson\n---\nTrust thyself.\n"),
                           ("Thoreau__Walden.txt", "Walden, by Thoreau\n\nI went to the woods.\n"),
                           ("Wilde__Prince.txt", "The Happy Prince\n\nHigh above the city.\n")):
            with open(os.path.join(corpus, name), "w") as f:
                f.write(text)
        run(INDEXER, "-q", "--index", index, corpus)
        for query, options, args in (("author:thoreau", {}, []),
                                     ("author:thoreau", {"strict": True}, ["--strict"])):
            with self.subTest(query=query, options=options):
                results = essay.search(query, index=[index], **options)
                self.assert_same(results, cli_json(query, *args, index=[index]))
                self.assertEqual(results.unrecorded, [{"field": "author", "value": "thoreau",
                                                       "recorded": 1, "essays": 3}])
                self.assertEqual(results.unfiltered, None if options else "thoreau")
        self.assertEqual(essay.search("author:kuleba", index=INDEX).unrecorded, [])


class Documented(unittest.TestCase):

    def test_the_readme_python_block_runs(self):
        readme = pathlib.Path(ROOT, "README.md").read_text()
        block = readme[readme.index("### From Python"):]
        block = block[block.index("```python\n") + 10:]
        block = block[:block.index("```\n")]
        out = run(sys.executable, "-c", block, cwd=WORK,
                  env=dict(os.environ, PYTHONPATH=os.path.join(ROOT, "python"))).stdout
        self.assertEqual(out.splitlines()[0], "4 None None False")
        self.assertIn("A true [security] [guarantee] is an obligation", out)
        self.assertIn(repr([MACHIAVELLI]), out)

    def test_errors_pickle(self):
        error = essay.QueryError("bad query at column 1: x", "bad_query")
        error = pickle.loads(pickle.dumps(error))
        self.assertEqual((type(error), str(error), error.kind),
                         (essay.QueryError, "bad query at column 1: x", "bad_query"))


class Options(unittest.TestCase):

    def setUp(self):
        self.searcher = essay.Searcher(INDEX)

    def tearDown(self):
        self.searcher.close()

    def test_pages_follow_each_other(self):
        whole = self.searcher.search("ukraine", limit=9)
        pages = []
        for offset in (0, 3, 6):
            page = self.searcher.search("ukraine", limit=3, offset=offset)
            self.assertEqual([hit["rank"] for hit in page], [offset + 1, offset + 2, offset + 3])
            pages += page
        self.assertEqual(where(pages), where(whole))

    def test_past_the_last_hit_is_no_hits(self):
        results = self.searcher.search("ukraine", offset=500)
        self.assertEqual((list(results), results.total), ([], 57))

    def test_per_essay_limits_each_essay(self):
        for n in (1, 2):
            paths = [hit["path"] for hit in self.searcher.search("ukraine", per_essay=n, limit=20)]
            self.assertGreater(len(paths), 3)
            self.assertLessEqual(max(paths.count(path) for path in paths), n)

    def test_bad_arguments(self):
        for options, error in (({"limit": -1}, ValueError), ({"offset": 1000001}, ValueError),
                               ({"limit": "3"}, TypeError), ({"per_essay": True}, TypeError),
                               ({"sort": "size"}, ValueError), ({"expand": "yes"}, ValueError)):
            with self.subTest(options=options):
                self.assertRaises(error, self.searcher.search, "ukraine", **options)
        self.assertRaises(TypeError, self.searcher.search, b"ukraine")
        self.assertRaises(TypeError, self.searcher.search, "ukraine", colour=True)


class Errors(unittest.TestCase):
    """Errors raise essay's exceptions with essay-search --json's message and kind."""

    def assert_like_cli(self, error, query, *args, index=None):
        expected = cli_json(query, *args, index=index)["error"]
        self.assertEqual((str(error), error.kind), (expected["message"], expected["kind"]))
        self.assertIsInstance(error, essay.Error)

    def test_bad_queries(self):
        for query, kind in (("lang:xx", "bad_query"), ("a NEAR/0 b", "bad_query"),
                            ("OR", "bad_query"), ("tax* NEAR war", "bad_query"),
                            ("", "empty_query"), (" \t", "empty_query")):
            with self.subTest(query=query):
                with self.assertRaises(essay.QueryError) as caught:
                    essay.search(query, index=INDEX)
                self.assertEqual(caught.exception.kind, kind)
                self.assert_like_cli(caught.exception, query)
        with self.assertRaises(essay.QueryError) as caught:
            essay.search('"unclosed', index=INDEX, strict=True)
        self.assertEqual(str(caught.exception), "bad query at column 1: unbalanced quote")
        # without strict, a quote that closes nothing is punctuation
        hits = essay.search('"security guarantees', index=INDEX)
        self.assertTrue(hits.relaxed)
        self.assertGreater(len(hits), 0)

    def test_a_question_asked_of_someone(self):
        hits = essay.search("what did Kuleba say about air defence?", index=INDEX)
        self.assertEqual(hits.asked_of, "Kuleba")
        self.assertGreater(len(hits), 0)
        self.assertTrue(all("kuleba" in hit["path"] for hit in hits))
        self.assertIsNone(essay.search("air defence", index=INDEX).asked_of)

    def test_a_pasted_page_is_searched_to_the_limits(self):
        page = " ".join(["security"] + [f"zq{i}" for i in range(1200)])
        hits = essay.search(page, index=INDEX, any=True)
        self.assertEqual(hits.truncated, page[:page.index(" zq999 ")])
        self.assertGreater(len(hits), 0)
        self.assertIsNone(essay.search("security", index=INDEX).truncated)
        with self.assertRaises(essay.QueryError) as caught:
            essay.search(page, index=INDEX, strict=True)
        self.assert_like_cli(caught.exception, page, "--strict")

    def test_a_nul_byte_as_essay_search_batch_says(self):
        with self.assertRaises(essay.QueryError) as caught:
            essay.search("war\0peace", index=INDEX)
        line = run(SEARCHER, "--index", INDEX, "--batch", stdin="war\0peace\n", check=False).stdout
        expected = json.loads(line)["error"]
        self.assertEqual((str(caught.exception), caught.exception.kind),
                         (expected["message"], expected["kind"]))
        self.assertEqual(str(caught.exception), "bad query at column 4: a NUL byte")

    def test_index_errors(self):
        missing = os.path.join(WORK, "no-such-index")
        other = os.path.join(WORK, "other-files")
        os.makedirs(other, exist_ok=True)
        pathlib.Path(other, "notes.txt").write_text("not an index\n")
        for path, kind in ((missing, "no_index"), (other, "bad_argument")):
            with self.subTest(kind=kind):
                with self.assertRaises(essay.IndexError) as caught:
                    essay.Searcher(path)
                self.assertEqual(caught.exception.kind, kind)
                self.assertIn(path, str(caught.exception))
                self.assert_like_cli(caught.exception, "x", index=[path])
        self.assertFalse(issubclass(essay.IndexError, IndexError), "not the builtin")

    def test_a_shard_that_cannot_be_reached(self):
        with socket.socket() as unused:     # a port nothing listens on
            unused.bind(("127.0.0.1", 0))
            shard = "tcp://127.0.0.1:%d" % unused.getsockname()[1]
        with self.assertRaises(essay.IndexError) as caught:
            essay.Searcher([INDEX, shard])
        self.assertEqual(caught.exception.kind, "io")
        self.assertTrue(str(caught.exception).startswith(f"cannot reach shard {shard}: "))
        self.assert_like_cli(caught.exception, "x", index=[INDEX, shard])
        with essay.Searcher([INDEX, shard], partial=True) as searcher:
            self.assertEqual(searcher.skipped, [str(caught.exception)])
            self.assertEqual(where(searcher.search("machiavelli")), [MACHIAVELLI])

    def test_the_default_index(self):
        with environment(ESSAY_INDEX=INDEX):
            self.assertEqual(where(essay.search("machiavelli")), [MACHIAVELLI])
        missing = os.path.join(WORK, "default-missing")
        with environment(ESSAY_INDEX=missing), self.assertRaises(essay.IndexError) as caught:
            essay.search("machiavelli")
        self.assertIn(missing, str(caught.exception))
        with environment(ESSAY_INDEX=None, XDG_DATA_HOME=None, HOME=None), \
                self.assertRaises(essay.IndexError) as caught:
            essay.Searcher()
        self.assertEqual((str(caught.exception), caught.exception.kind),
                         ("no index path: give index= or set ESSAY_INDEX", "no_index"))


class SearcherLife(unittest.TestCase):

    def test_context_manager_closes(self):
        with essay.Searcher(INDEX) as searcher:
            self.assertFalse(searcher.closed)
            self.assertEqual(where(searcher.search("machiavelli")), [MACHIAVELLI])
            self.assertEqual((searcher.skipped, searcher.damaged), ([], None))
        self.assertTrue(searcher.closed)
        self.assertIn("closed", repr(searcher))
        self.assertRaises(ValueError, searcher.search, "machiavelli")
        self.assertRaises(ValueError, searcher.reopen)
        searcher.close()    # again: nothing

    def test_an_exception_inside_closes_too(self):
        with self.assertRaises(essay.QueryError):
            with essay.Searcher(INDEX) as searcher:
                searcher.search("(")
        self.assertTrue(searcher.closed)

    def test_many_queries_on_one_searcher(self):
        queries = ["security guarantees", "ukraine war", "machiavelli", "black sea fleet"] * 5
        with essay.Searcher(INDEX) as searcher:
            for query in queries:
                self.assertEqual(where(searcher.search(query)),
                                 where(essay.search(query, index=INDEX)))

    def test_a_long_lived_searcher_while_the_index_is_updated(self):
        corpus = os.path.join(WORK, "live-corpus")
        index = os.path.join(WORK, "live-index")
        shutil.copytree(os.path.join(ROOT, "corpus"), corpus)
        run(INDEXER, "-q", "--index", index, corpus)
        machiavelli = (os.path.join(corpus, os.path.basename(BIELOKOLOS)), 53)
        searcher = essay.Searcher(index)
        seen, failures, done = [], [], threading.Event()

        def search_meanwhile():
            while not done.is_set():
                try:
                    seen.append(where(searcher.search("machiavelli")))
                except essay.Error as error:
                    failures.append(error)

        thread = threading.Thread(target=search_meanwhile)
        thread.start()
        words = ["zorblat", "quintavex", "mirrowind"]
        try:
            for word in words:      # additions (the delta), a change, a removal, a rebuild
                pathlib.Path(corpus, f"{word}.txt").write_text(f"{word.title()}\n\nOn {word}.\n")
                run(INDEXER, "-q", "--index", index)
            pathlib.Path(corpus, "zorblat.txt").write_text("Zorblat\n\nNothing of that word.\n")
            os.remove(os.path.join(corpus, "quintavex.txt"))
            run(INDEXER, "-q", "--index", index)
            run(INDEXER, "-q", "--rebuild", "--index", index)
        finally:
            done.set()
            thread.join()
        self.assertEqual(failures, [])
        self.assertGreater(len(seen), 0)
        self.assertEqual([hits for hits in seen if hits != [machiavelli]], [])
        searcher.reopen()
        self.assertEqual(where(searcher.search("machiavelli")), [machiavelli])
        self.assertEqual(len(searcher.search("mirrowind", strict=True)), 1)
        self.assertEqual(len(searcher.search("quintavex", strict=True)), 0)
        self.assertEqual(len(searcher.search("zorblat", strict=True)), 1, "its title still")
        searcher.close()


class Threads(unittest.TestCase):
    QUERIES = ["security guarantees", "ukraine war", "machiavelli", "black sea fleet",
               "europe", "nato membership"]

    def run_threads(self, searcher_of):
        expected = {query: where(essay.search(query, index=INDEX)) for query in self.QUERIES}
        mismatches = []

        def work(n):
            searcher = searcher_of(n)
            for _ in range(5):
                for query in self.QUERIES:
                    if where(searcher.search(query)) != expected[query]:
                        mismatches.append((n, query))

        threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(mismatches, [])

    def test_a_searcher_per_thread(self):
        searchers = [essay.Searcher(INDEX) for _ in range(4)]
        self.run_threads(lambda n: searchers[n])
        for searcher in searchers:
            searcher.close()

    def test_one_searcher_shared(self):
        with essay.Searcher(INDEX) as searcher:
            self.run_threads(lambda n: searcher)


class Layout(unittest.TestCase):
    """The ctypes structs lay out as the C compiler lays out essay.h's."""

    STRUCTS = (("essay_span", _library.Span), ("essay_search_options", _library.SearchOptions),
               ("essay_hit", _library.Hit), ("essay_unrecorded", _library.Unrecorded))

    def test_structs_match_essay_h(self):
        lines = ["#include <stddef.h>", "#include <stdio.h>", '#include "essay.h"',
                 "int main(void) {"]
        python = []
        for struct, cls in self.STRUCTS:
            for field, _ in cls._fields_:
                lines.append(f'printf("{struct} {field} %zu\\n", offsetof({struct}, {field}));')
                python.append(f"{struct} {field} {getattr(cls, field).offset}")
            lines.append(f'printf("{struct} size %zu\\n", sizeof({struct}));')
            python.append(f"{struct} size {ctypes.sizeof(cls)}")
        lines.append("return 0; }")
        source = os.path.join(WORK, "layout.c")
        program = os.path.join(WORK, "layout")
        pathlib.Path(source).write_text("\n".join(lines) + "\n")
        run(os.environ.get("CC", "cc"), "-std=c11", "-I", os.path.join(ROOT, "core"), "-o",
            program, source)
        self.assertEqual(run(program).stdout.splitlines(), python)

    def test_every_field_of_essay_h_is_declared(self):
        header = pathlib.Path(ROOT, "core", "essay.h").read_text()
        for struct, cls in self.STRUCTS:
            body = header[:header.index(f"}} {struct};")]
            body = body[body.rindex("typedef struct {"):]
            for field, _ in cls._fields_:
                self.assertRegex(body, rf"\b{field}\b", f"{struct}.{field}")


# Prints the Machiavelli hit and the libessay the process mapped, or the
# LibraryError's kind and message.
PROBE = """
import essay, sys
try:
    hit = essay.search("machiavelli", index=sys.argv[1])[0]
except essay.LibraryError as error:
    print(error.kind, error, sep="\\n")
    sys.exit(0)
print(f'{hit["path"]}:{hit["line"]}')
print(next(line.split()[-1] for line in open("/proc/self/maps") if "libessay" in line))
"""


def probe_env(**values):
    """The environment with no $LIBESSAY, no $LD_LIBRARY_PATH, and 'values'."""
    env = {name: value for name, value in os.environ.items()
           if name not in ("LIBESSAY", "LD_LIBRARY_PATH", "PYTHONPATH")}
    env.update(values)
    return env


def system_has_libessay():
    """Whether the dynamic loader finds a libessay.so.0 with no help."""
    return run(sys.executable, "-c", "import ctypes; ctypes.CDLL('libessay.so.0')",
               env=probe_env(), check=False).returncode == 0


class Loading(unittest.TestCase):

    def test_from_the_checkout_the_build_tree(self):
        if BUILD != os.path.join(ROOT, "build"):
            self.skipTest("the checkout's build tree is build/, not $BUILD")
        out = run(sys.executable, "-c", PROBE, INDEX, cwd=WORK,
                  env=probe_env(PYTHONPATH=os.path.join(ROOT, "python"))).stdout.splitlines()
        self.assertEqual(out, [f"{BIELOKOLOS}:53", os.path.realpath(LIBRARY)])

    def install_copy(self, prefix):
        """A copy of the package as installed under 'prefix'; its site directory."""
        site = os.path.join(prefix, "lib", "python3", "dist-packages")
        shutil.copytree(os.path.join(ROOT, "python", "essay"), os.path.join(site, "essay"),
                        ignore=shutil.ignore_patterns("__pycache__"))
        return site

    def test_no_library_names_every_place_tried(self):
        if system_has_libessay():
            self.skipTest("the system's loader finds a libessay.so.0")
        prefix = os.path.join(WORK, "bare-prefix")
        nowhere = os.path.join(WORK, "nowhere")
        site = self.install_copy(prefix)
        out = run(sys.executable, "-c", PROBE, INDEX, cwd=WORK,
                  env=probe_env(PYTHONPATH=site, LD_LIBRARY_PATH=nowhere)).stdout
        kind, message = out.splitlines()
        self.assertEqual(kind, "no_library")
        self.assertTrue(message.startswith("cannot load libessay: tried "), message)
        self.assertIn(f"{prefix}/lib/libessay.so.0: no such file", message)
        self.assertIn(f"libessay.so.0 through the dynamic loader (LD_LIBRARY_PATH {nowhere}",
                      message)
        self.assertTrue(message.endswith("; set LIBESSAY to its path"), message)
        out = run(sys.executable, "-c", PROBE, INDEX, cwd=WORK,
                  env=probe_env(PYTHONPATH=site, LIBESSAY=f"{nowhere}/libessay.so.0")).stdout
        self.assertEqual(out.splitlines()[1], f"cannot load libessay: tried $LIBESSAY "
                         f"({nowhere}/libessay.so.0): no such file; set LIBESSAY to its path")

    def test_pydoc_without_the_library(self):
        site = self.install_copy(os.path.join(WORK, "pydoc-prefix"))
        out = run(sys.executable, "-m", "pydoc", "essay", cwd=WORK,
                  env=probe_env(PYTHONPATH=site, LIBESSAY="/nowhere/libessay.so.0")).stdout
        for text in ("class Searcher", "search(query, index=None, **options)", "class QueryError",
                     "mark(hit", "essay-search --json"):
            self.assertIn(text, out)

    def install(self, python, prefix, stage):
        """make install PREFIX=prefix DESTDIR=stage PYTHON=python; the site
        directory (under PREFIX) the package went to."""
        run("make", "-s", "--no-print-directory", f"BUILD={BUILD}", f"PREFIX={prefix}",
            f"DESTDIR={stage}", f"PYTHON={python}", "install")
        found = [str(path.parent.parent) for path in pathlib.Path(stage).rglob("essay/__init__.py")]
        self.assertEqual(len(found), 1, found)
        self.assertTrue(os.path.isfile(os.path.join(found[0], "essay", "_library.py")))
        return found[0][len(stage):]

    def uninstall(self, python, prefix, stage, site):
        run("make", "-s", "--no-print-directory", f"BUILD={BUILD}", f"PREFIX={prefix}",
            f"DESTDIR={stage}", f"PYTHON={python}", "uninstall")
        self.assertFalse(os.path.exists(stage + site + "/essay"))
        self.assertEqual([str(p) for p in pathlib.Path(stage).rglob("*") if not p.is_dir()], [])

    def test_installed_copy_finds_the_library_beside_it(self):
        stage = os.path.join(WORK, "stage")
        site = self.install(sys.executable, "/usr", stage)
        # python3's own directory under /usr when it has one, else sysconfig's
        searched = run(sys.executable, "-E", "-c", "import site, sys; "
                       "print('\\n'.join(site.getsitepackages() + sys.path))").stdout.split()
        ours = [path for path in searched if path.startswith("/usr/lib/")
                and path.endswith("-packages")]
        self.assertEqual(site, ours[0] if ours else sysconfig.get_path(
            "purelib", "posix_prefix", vars={"base": "/usr", "platbase": "/usr"}))
        out = run(sys.executable, "-c", PROBE, INDEX, cwd=WORK,
                  env=probe_env(PYTHONPATH=stage + site)).stdout.splitlines()
        self.assertEqual(out, [f"{BIELOKOLOS}:53", f"{stage}/usr/lib/libessay.so.0.1.0"])
        self.uninstall(sys.executable, "/usr", stage, site)

    def test_debian_python3_finds_it_without_help(self):
        python = "/usr/bin/python3"
        if not os.path.exists(python) or "deb_system" not in run(
                python, "-c", "import sysconfig; print(sysconfig.get_scheme_names())").stdout:
            self.skipTest("no Debian /usr/bin/python3")
        version = run(python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])")
        version = version.stdout.strip()
        searched = run(python, "-E", "-c", "import sys; print('\\n'.join(sys.path))").stdout.split()
        for prefix, want in (("/usr", "/usr/lib/python3/dist-packages"),
                             ("/usr/local", f"/usr/local/lib/python{version}/dist-packages")):
            with self.subTest(prefix=prefix):
                stage = os.path.join(WORK, "debian-stage" + prefix.replace("/", "-"))
                site = self.install(python, prefix, stage)
                self.assertEqual(site, want)
                if prefix == "/usr":
                    self.assertIn(site, searched, "the system's python3 searches it")
                out = run(python, "-c", PROBE, INDEX, cwd=WORK,
                          env=probe_env(PYTHONPATH=stage + site)).stdout.splitlines()
                self.assertEqual(out, [f"{BIELOKOLOS}:53",
                                       f"{stage}{prefix}/lib/libessay.so.0.1.0"])
                self.uninstall(python, prefix, stage, site)


if __name__ == "__main__":
    unittest.main()
