"""Hostile dataset files: each problem is one line naming the file, the item and the field; nothing is written."""
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from claims.dataset import MAX_TEXT_LENGTH
from claims.models import Appearance, Claim, Remark
from sources.models import Actor, Source

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "claims" / "data" / "seed.json"
pytestmark = pytest.mark.django_db


def minimal():
    """A small valid dataset: one actor, one source, one topic, one claim with one remark in one report."""
    return {
        "format": "counterclaim-dataset", "version": 4,
        "actors": [{"slug": "zhao", "name": "Zhao Lijian", "kind": "person", "website": "https://example.org"}],
        "sources": [{"slug": "briefing", "title": "Briefing", "kind": "press-briefing", "publisher": "zhao",
                     "published": "2021-01-14", "url": "https://example.org/briefing"}],
        "topics": [{"slug": "forced-labor", "name": "Forced labor"}],
        "techniques": [], "framing_terms": [],
        "claims": [{"slug": "lie", "text": "The forced-labor issue is a lie.", "topics": ["forced-labor"],
                    "remarks": [{"speaker": "zhao", "date": "2021-01-14", "words": "It is the lie of the century.",
                                 "record_url": "https://example.org/briefing",
                                 "reports": [{"source": "briefing", "quote": "It is the lie of the century.",
                                              "is_direct_quote": True}]}],
                    "evidence": []}],
        "rebuttals": [],
    }


def run_import(tmp_path, text):
    path = tmp_path / "data.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("import_dataset", str(path))
    message = str(error.value)
    assert "\n" not in message and "Traceback" not in message
    assert message.startswith(f"{path}: ")
    assert not (Actor.objects.exclude(slug=settings.REVIEWER["slug"]).exists() or Source.objects.exists()
                or Claim.objects.exists())  # nothing written (our own actor comes from a migration)
    return message[len(f"{path}: "):]


def test_the_minimal_dataset_imports(tmp_path):
    path = tmp_path / "ok.json"
    path.write_text(json.dumps(minimal()))
    call_command("import_dataset", str(path), verbosity=0)
    assert Appearance.objects.get().quote == "It is the lie of the century."


def hostile(change):
    data = minimal()
    change(data)
    return json.dumps(data)


def setter(path, value):
    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


CLAIM = ["claims", 0]
REMARK = ["claims", 0, "remarks", 0]
REPORT = REMARK + ["reports", 0]
CASES = {
    "NUL in a quote": (REPORT + ["quote"], "It is\x00 a lie",
                       "claims[0].remarks[0].reports[0].quote: contains a NUL character"),
    "NUL in the words": (REMARK + ["words"], "It is\x00 a lie", "claims[0].remarks[0].words: contains a NUL character"),
    "javascript primary record": (REMARK + ["record_url"], "javascript:alert(1)", "claims[0].remarks[0]: record_url: "),
    "reports not a list": (REMARK + ["reports"], {"source": "briefing"},
                           "claims[0].remarks[0].reports: expected a list of objects"),
    "unknown family": (CLAIM + ["family"], "nope", "claims[0].family: no talking-point family with slug 'nope'"),
    "lone surrogate": (CLAIM + ["text"], "\ud800 lie", "claims[0].text: contains a lone surrogate"),
    "list as text": (CLAIM + ["text"], ["a", "b"], "claims[0].text: expected a string, got a list"),
    "number as text": (CLAIM + ["text"], 5, "claims[0].text: expected a string, got a number"),
    "string as slug list": (CLAIM + ["topics"], "forced-labor",
                            "claims[0].topics: expected a list of slugs, got a string"),
    "number in a slug list": (CLAIM + ["topics"], [7], "claims[0].topics[0]: expected a string, got a number"),
    "object as slug": (REMARK + ["speaker"], {"slug": "zhao"},
                       "claims[0].remarks[0].speaker: expected a string, got an object"),
    "string as boolean": (REPORT + ["is_direct_quote"], "yes",
                          "claims[0].remarks[0].reports[0].is_direct_quote: expected true or false, got a string"),
    "URL over the column": (["actors", 0, "website"], "https://example.org/" + "a" * 300,
                            "actors[0].website: at most 200 characters"),
    "javascript URL": (["sources", 0, "url"], "javascript:alert(1)", "sources[0]: url: "),
    "text over the tsvector limit": (REPORT + ["quote"], "word " * 250_000,
                                     f"claims[0].remarks[0].reports[0].quote: at most {MAX_TEXT_LENGTH:,} characters"),
    "five-digit year": (REMARK + ["date"], "99999-01-01",
                        "claims[0].remarks[0].date: '99999-01-01' is not a date of the form"),
    "unpadded date": (REMARK + ["date"], "2020-1-1", "claims[0].remarks[0].date: '2020-1-1' is not a date"),
    "date with garbage": (["sources", 0, "published"], "2021-06-15garbage",
                          "sources[0].published: '2021-06-15garbage' is not a date"),
    "impossible date": (REMARK + ["date"], "2021-02-30", "claims[0].remarks[0].date: '2021-02-30' is not a real date"),
    "number as date": (REMARK + ["date"], 2021, "claims[0].remarks[0].date: expected a string, got a number"),
    "version true": (["version"], True, "unsupported dataset version True"),
    "string as rating": (CLAIM + ["reviews"], [{"reviewer": "zhao", "url": "https://x.example/r", "rating_value": "5"}],
                         "claims[0].reviews[0].rating_value: expected a number, got a string"),
    "boolean as rating": (CLAIM + ["reviews"], [{"reviewer": "zhao", "url": "https://x.example/r", "rating_best": True}],
                          "claims[0].reviews[0].rating_best: expected a number, got true/false"),
}


@pytest.mark.parametrize("name", CASES)
def test_hostile_values_are_one_line_errors(tmp_path, name):
    path, value, expected = CASES[name]
    assert run_import(tmp_path, hostile(setter(path, value))).startswith(expected)


def test_duplicate_keys_are_refused(tmp_path):
    text = json.dumps(minimal()).replace('"text": "The forced-labor', '"text": "First", "text": "The forced-labor')
    message = run_import(tmp_path, text)
    assert message == ("not valid JSON: duplicate key 'text' in one object (the object with slug 'lie'): "
                       "which value is meant is unclear")


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_numbers_are_refused(tmp_path, constant):
    text = json.dumps(minimal()).replace('"version": 4', f'"version": {constant}')
    assert run_import(tmp_path, text) == f"not valid JSON: {constant} is not a number JSON allows"


@pytest.mark.parametrize("depth", [100, 1_000, 100_000])
def test_deep_nesting_is_refused(tmp_path, depth):
    text = json.dumps(minimal()).replace('"evidence": []', '"evidence": ' + "[" * depth + "]" * depth)
    assert run_import(tmp_path, text).startswith("not valid JSON: nested")


def test_a_huge_number_is_refused(tmp_path):
    text = json.dumps(minimal()).replace('"version": 4', '"version": ' + "9" * 5000)
    assert run_import(tmp_path, text).startswith("not valid JSON:")


@pytest.mark.parametrize("text, expected", [
    ("", "not valid JSON: parse error: premature EOF"),
    (json.dumps(minimal())[:-1], "not valid JSON: parse error: premature EOF"),
    (json.dumps(minimal()) + ' {"more": 1}', "not valid JSON: parse error: trailing garbage"),
    ("[]", 'not a Counterclaim dataset: "format" must be "counterclaim-dataset"'),
    (json.dumps({**minimal(), "claims": {"slug": "lie"}}), "claims: expected a list of objects"),
    (json.dumps({**minimal(), "claims": ["lie"]}), "claims: expected a list of objects"),
    ("\ufeff" + json.dumps(minimal()), "not valid JSON: lexical error: invalid char in json text."),
])
def test_files_that_end_early_or_go_on_are_refused_whole(tmp_path, text, expected):
    # The file is read as a stream: an error near its end comes after the first objects were written, and
    # undoes them (one transaction).
    assert run_import(tmp_path, text) == expected


def test_the_command_exits_non_zero_without_a_traceback(tmp_path, db):
    path = tmp_path / "bad.json"
    path.write_text(hostile(setter(REPORT + ["quote"], "bad\x00")))
    env = {"DJANGO_SETTINGS_MODULE": "tracker.settings.test", "DATABASE_URL": database_url(),
           "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "manage.py", "import_dataset", str(path)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        f"CommandError: {path}: claims[0].remarks[0].reports[0].quote: contains a NUL character (\\u0000), "
        "which text cannot hold"]


def database_url():
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_merges_of_the_same_file_both_finish(tmp_path):
    env = {"DJANGO_SETTINGS_MODULE": "tracker.settings.test", "DATABASE_URL": database_url(), "PATH": "/usr/bin:/bin"}
    runs = [subprocess.Popen([sys.executable, "manage.py", "import_dataset", "--merge", str(SEED)], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    stdouts = sorted(out for out, _ in outputs)
    assert "nothing changed" in stdouts[0] or "nothing changed" in stdouts[1], stdouts  # the second found it all
    assert Claim.objects.count() == 40 and Appearance.objects.count() == 83 and Remark.objects.count() == 58
