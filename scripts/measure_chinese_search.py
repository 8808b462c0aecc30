"""Chinese search on the seed: jieba word segmentation against substring matching (what claims/sitesearch.py does).

    .venv/bin/python scripts/measure_chinese_search.py

Queries: every Chinese run of the seed (framing terms' original script, names in
quotes and excerpts, aliases) and every 2- and 4-character word inside the
framing terms, as a reader might type them. A query "should" find every text that
contains it. Substring matching finds exactly those by definition; jieba finds a
text when the query's jieba tokens are all among the text's search-mode tokens
(cut_for_search, the mode meant for indexing). Prints recall for each.
"""
import json
import re
from pathlib import Path

import jieba

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
seed = json.loads((Path(__file__).resolve().parents[1] / "claims" / "data" / "seed.json").read_text(encoding="utf-8"))

texts = [term["original_script"] for term in seed["framing_terms"] if term["original_script"]]
texts += [alias for actor in seed["actors"] for alias in actor.get("aliases", []) if CJK.search(alias)]
for claim in seed["claims"]:
    reports = [report for remark in claim["remarks"] for report in remark["reports"]]
    for item in claim["remarks"] + reports + claim["evidence"]:
        for value in (item.get("quote", ""), item.get("original_words", ""), item.get("excerpt", "")):
            texts += CJK.findall(value)
texts = sorted(set(texts))

queries = set(texts)
for term in seed["framing_terms"]:
    script = term["original_script"]
    for size in (2, 4):
        queries.update(script[i:i + size] for i in range(len(script) - size + 1) if CJK.fullmatch(script[i:i + size]))
queries = sorted(queries)

jieba.setLogLevel(60)
indexed = {text: set(jieba.cut_for_search(text)) for text in texts}
wanted = found = 0
missed = []
for query in queries:
    tokens = set(jieba.cut(query))
    for text in texts:
        if query in text:
            wanted += 1
            if tokens <= indexed[text]:
                found += 1
            else:
                missed.append((query, text))
print(f"{len(texts)} Chinese texts, {len(queries)} queries, {wanted} (query, text) pairs where the text contains the query")
print(f"substring matching: {wanted}/{wanted} found (recall 1.000)")
print(f"jieba (cut for the query, cut_for_search for the text): {found}/{wanted} found (recall {found / wanted:.3f})")
whole = [(q, t) for q, t in missed if q in texts]
print(f"  of which whole terms or names (the seed's runs themselves): {len(whole)} missed")
print("jieba misses, e.g.:", ", ".join(f"{q} in {t}" for q, t in missed[:8]))
