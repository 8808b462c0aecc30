"""Build claims/data/rating_labels.json: fact-checkers' rating labels per language -> our verdict scale.

    python scripts/build_rating_labels.py XFACT_LABEL_MAPS_DIR > claims/data/rating_labels.json

Two inputs: the CURATED table below (labels seen in real feeds, by language, each
decided by hand), and the X-FACT label maps (Gupta & Srikumar 2021: one file per
fact-checker, "label<TAB>X-FACT class"), whose classes map through XFACT_CLASSES.
The curated table wins where both list a label. None means deliberately unmapped.
The result is keyed by normalised label (claims.ratings.normalise_label).
"""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from claims.ratings import SCALE, normalise_label  # noqa: E402

F, M, U, S, A, X = "false", "misleading", "unsupported", "supported", "accurate", None

# X-FACT's intermediate classes (second column of the maps) onto our scale.
XFACT_CLASSES = {
    "true": A, "mostly true": S, "almost true": S, "true, but": S,
    "half true": M, "partly true": M, "partially true": M, "half false": M, "partly false": M, "partially false": M,
    "partly true/misleading": M, "mix": M, "not quite": M, "lacks context": M, "lacks_context": M, "misleading": M,
    "manipulated": M, "distorted": M, "exaggerated": M, "misplaced": M, "deceptive": M, "commotion": M,
    "selective": M, "underestimated": M, "contradictory": M, "inaccurate": M, "out of context": M,
    "misconception": M, "maybe true": M, "incomplete": M,
    "mostly false": M, "almost false": M, "almost untrue": M,
    "false": F, "fake": F, "fabricated": F, "total lie": F, "short legs": F, "crazy": F, "going pinocchio": F,
    "pepper on the tongue": F, "very false": F, "other/myth": F,
    # Nothing to check, or the checker does not say: asserted without evidence is our "unsupported".
    "unverifiable": U, "unproven": U, "not proven": U, "no evidence": U, "uncheckable": U, "cannot be checked": U,
    "unsustainable": U, "untenable": U, "doubtful": U, "suspicious": U,
    # Deliberately unmapped: no finding on the claim's truth (yet), or not a claim at all.
    "debatable": X, "controversial": X, "complicated": X, "difficult to determine": X, "difficult to prove": X,
    "not sure": X, "investigations continue": X, "too early to say": X, "no verdict": X, "watching": X,
    "in process": X, "other": X, "impostor": X, "satire": X,
}
# Any "other/…" class not listed above (article, clarification, satire, sarcasm, cinema…) is unmapped.

# X-FACT file -> the fact-checker's language (ISO 639-1).
XFACT_LANGUAGES = {
    "aajtak.in": "hi", "agi.it": "it", "aosfatos.org": "pt", "apublica.org": "pt", "cekfakta.com": "id",
    "cekfakta.tempo.co": "id", "chequeado.com": "es", "correctiv.org": "de", "demagog.org.pl": "pl",
    "dogrulukpayi.com": "tr", "en.politifact.com": "en", "factcheck.ge": "ka", "factcheck.kz": "ru",
    "factnameh.com": "fa", "factual.ro": "ro", "faktisk.no": "no", "faktistfakt.com": "sv", "faktoje.al": "sq",
    "faktyoxla.info": "az", "fr.africacheck.org": "fr", "gujarati.newschecker.in": "gu",
    "hindi.newschecker.in": "hi", "istinomer.rs": "sr", "kallxo.com": "sq", "marathi.newschecker.in": "mr",
    "misbar.com": "ar", "nieuwscheckers.nl": "nl", "pagellapolitica.it": "it", "piaui.folha.uol.com.br": "pt",
    "poligrafo.sapo.pt": "pt", "politifact.com": "en", "punjabi.newschecker.in": "pa",
    "srilanka.factcrescendo.com": "si", "teyit.org": "tr", "youturn.in": "ta",
}

# Labels seen in real ClaimReview feeds, decided one by one.
CURATED = {
    "en": {
        "false": F, "fake": F, "incorrect": F, "wrong": F, "fabricated": F, "hoax": F, "not true": F,
        "pants on fire": F, "four pinocchios": F, "scam": F, "altered": M, "altered photo": M, "altered video": M,
        "misleading": M, "mostly false": M, "half true": M, "half truth": M, "missing context": M,
        "false context": M, "partly false": M, "partially false": M, "partly true": M, "out of context": M,
        "exaggerated": M, "exaggeration": M, "distorted": M, "mixture": M, "mixed": M, "excitement": M,
        "three pinocchios": M, "two pinocchios": M, "cherry picks": M, "spins the facts": M,
        "unsupported": U, "unproven": U, "unverified": U, "no evidence": U, "unsubstantiated": U, "not proven": U,
        "supported": S, "mostly true": S, "mostly correct": S, "largely accurate": S, "one pinocchio": S,
        "accurate": A, "true": A, "correct": A, "geppetto checkmark": A,
        "satire": X, "sarcastic": X, "satirical": X, "clarification": X, "explainer": X, "not really charts say": X,
        "full flop": X, "half flip": X, "no flip": X, "research in progress": X,
    },
    "ar": {
        "زائف": F, "خطأ": F, "خاطئ": F, "كاذب": F, "خبر كاذب": F, "غير صحيح": F, "مش حقيقي": F, "مفبرك": F,
        "تحقق يوب يوب من الادعاء ووجد أنه خاطئ": F,  # Yoopyup: "we checked the claim and found it wrong"
        "مزيف": F, "اشاعة": F, "إشاعة": F, "شائعة": F, "وليدة ذكاء إصطناعي": F, "وليدة ذكاء اصطناعي": F,
        "خرافة": F,
        "مضلل": M, "تضليل": M, "انتقائي": M, "إثارة": M, "محتوى ناقص": M, "سياق ناقص": M, "سياق مجتزأ": M,
        "معدل": M, "فيديو معدل": M, "صورة معدلة": M, "الفيديو قديم": M, "زائف جزئيا": M, "زائف جزئي": M,
        "غير صحيح جزئيا": M, "صحيح جزئيا": M, "نصف حقيقي": M,
        "غير مثبت": U, "مشكوك فيه": U,
        "صحيح": A,
        "ساخر": X, "توضيح": X,
        "نص حقيقي": X,  # "true text" or a typo for نصف حقيقي (half true): ambiguous, so not guessed
    },
    "es": {"falso": F, "engañoso": M, "mixto": M, "verdadero": A, "sin evidencia": U, "dudoso": U},
    "pt": {"falso": F, "errado": F, "distorcido": M, "impreciso": M, "exagerado": M, "enganoso": M,
           "verdadeiro": A, "insustentável": U, "contraditório": M},
    "fr": {"faux": F, "fake": F, "trompeur": M, "plutôt faux": M, "manque de contexte": M, "vrai": A,
           "plutôt vrai": S, "non prouvé": U, "c est plus compliqué": X},
    "da": {"falsk": F, "delvis falsk": M, "misvisende": M, "sandt": A},
    "it": {"falso": F, "fuorviante": M, "vero": A},
    "de": {"falsch": F, "irreführend": M, "richtig": A},
}


def build(xfact_dir):
    labels = {}
    sources = sorted(Path(xfact_dir).glob("*.txt"))
    for path in sources:
        language = XFACT_LANGUAGES[path.stem]
        for line in path.read_text(encoding="utf-8").splitlines():
            if "\t" not in line:
                continue  # the methodology URL heading some files
            label, xfact_class = line.rsplit("\t", 1)
            xfact_class = xfact_class.strip().casefold()
            if xfact_class not in XFACT_CLASSES and not xfact_class.startswith("other"):
                raise SystemExit(f"{path.name}: unknown X-FACT class {xfact_class!r}")
            key = normalise_label(label)
            if key:
                labels.setdefault(language, {})[key] = XFACT_CLASSES.get(xfact_class)
    for language, table in CURATED.items():
        for label, verdict in table.items():
            labels.setdefault(language, {})[normalise_label(label)] = verdict
    return {
        "about": "Fact-checkers' rating labels, normalised (claims.ratings.normalise_label), per ISO 639-1 "
                 "language, onto our verdict scale; null = deliberately unmapped. Built by "
                 "scripts/build_rating_labels.py from hand-decided labels and the X-FACT label maps. See docs/ratings.md.",
        "scale": SCALE,
        "xfact_classes": XFACT_CLASSES,
        "labels": {language: dict(sorted(table.items())) for language, table in sorted(labels.items())},
    }


if __name__ == "__main__":
    json.dump(build(sys.argv[1]), sys.stdout, ensure_ascii=False, indent=1, sort_keys=False)
    sys.stdout.write("\n")
