"""Finding words: search findings and interventions the way a trainee types.

A trainee who reads "hun managers staan er ver vanaf" types "managers", not
"mandaat". The index for each risk holds its titles and explanations, the
search words in kennisbank/oefenen.yaml, and the question texts of the
observations behind it (the indicators of its knowledge record); for each
intervention its titles, explanations, search words and the titles of the
findings it answers. Words are compared by their Dutch or English stem
(snowballstemmer), with room for a typo (rapidfuzz), and hits are ranked:
a match in a title or search word weighs more than one in an explanation,
and one in an explanation more than one in a question behind the finding.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from rapidfuzz import fuzz

from .. import kennisbank

from .records import load_records

WEIGHT_TITLE, WEIGHT_WORD, WEIGHT_TEXT, WEIGHT_OBS = 4.0, 4.0, 1.5, 1.0
TYPO_SCORE = 84          # rapidfuzz ratio a stem must reach to count as the same word misspelt
MIN_TYPO_LENGTH = 5      # shorter words must match exactly (else "kern" finds "kerk")
_WORD = re.compile(r"[\w'-]+", re.UNICODE)
_STOP = {"de", "het", "een", "en", "of", "van", "in", "op", "te", "is", "er", "die", "dat", "met", "voor", "aan",
         "niet", "zijn", "the", "a", "an", "and", "or", "of", "to", "in", "on", "is", "not", "with", "for", "by"}


@lru_cache(maxsize=2)
def _stemmer(taal: str):
    return snowballstemmer.stemmer("english" if taal == "en" else "dutch")


def stems(text: str, taal: str) -> list[str]:
    words = [w.casefold().strip("'-") for w in _WORD.findall(text)]
    return _stemmer(taal).stemWords([w for w in words if w and w not in _STOP])


@dataclass(frozen=True)
class Hit:
    id: str
    score: float
    why: str            # the field that matched best: titel, zoekwoord, uitleg, waarneming


@lru_cache(maxsize=4)
def _index(kind: str, taal: str) -> dict[str, list[tuple[frozenset, float, str]]]:
    """Per item: (stems of one field, weight, field name)."""
    kb = kennisbank.load()
    extra = _training_words()
    out: dict[str, list[tuple[frozenset, float, str]]] = {}
    if kind == "risico":
        records = load_records()
        words = extra.get("zoekwoorden", {})
        for rid, item in kb.risicos.items():
            fields = [(item.titel(taal), WEIGHT_TITLE, "titel"), (item.uitleg(taal), WEIGHT_TEXT, "uitleg"),
                      (rid.replace("_", " "), WEIGHT_TITLE, "titel")]
            fields += [(w, WEIGHT_WORD, "zoekwoord") for w in words.get(rid, {}).get(taal, [])]
            rec = records.get(rid)
            if rec is not None:
                for _, _, ind in rec.indicators():
                    if ind.kind in ("obs", "partner_obs", "informant", "uiteenlopend") and ind.target in kb.observaties:
                        fields.append((kb.observaties[ind.target].vraag(taal), WEIGHT_OBS, "waarneming"))
            out[rid] = [(frozenset(stems(text, taal)), w, name) for text, w, name in fields]
    else:
        answers: dict[str, list[str]] = {}
        for rec in load_records().values():
            if rec.soort == "risico" and rec.id in kb.risicos:
                for ref in rec.interventies:
                    answers.setdefault(ref.id, []).append(kb.risicos[rec.id].titel(taal))
        words = extra.get("interventie_zoekwoorden", {})
        for iid, item in kb.interventies.items():
            fields = [(item.titel(taal), WEIGHT_TITLE, "titel"), (item.uitleg(taal), WEIGHT_TEXT, "uitleg"),
                      (iid.replace("_", " "), WEIGHT_TITLE, "titel")]
            fields += [(w, WEIGHT_WORD, "zoekwoord") for w in words.get(iid, {}).get(taal, [])]
            fields += [(t, WEIGHT_OBS, "beantwoordt") for t in answers.get(iid, [])]
            out[iid] = [(frozenset(stems(text, taal)), w, name) for text, w, name in fields]
    return out


@lru_cache(maxsize=1)
def _training_words() -> dict:
    return kennisbank.data_file("oefenen.yaml")


def _match(term: str, field: frozenset) -> float:
    """1 for the same stem, 0.8 for a stem that starts the same (compound words), the typo
    score scaled below that, 0 when nothing is close."""
    if term in field:
        return 1.0
    best = 0.0
    for s in field:
        if len(term) >= 4 and (s.startswith(term) or (len(s) >= 4 and term.startswith(s) and len(s) >= len(term) - 2)):
            best = max(best, 0.8)
        elif len(term) >= MIN_TYPO_LENGTH and len(s) >= MIN_TYPO_LENGTH:
            r = fuzz.ratio(term, s)
            if r >= TYPO_SCORE:
                best = max(best, 0.6 * r / 100)
    return best


def search(query: str, kind: str, taal: str = "nl") -> list[Hit]:
    """Risks (kind 'risico') or interventions ('interventie') matching the query, best first.
    Every word of the query must match somewhere in an item for the item to count."""
    terms = stems(query, taal)
    if not terms:
        return []
    hits = []
    for item_id, fields in _index(kind, taal).items():
        total, why_best, why_score = 0.0, "", 0.0
        for term in terms:
            best = 0.0
            for field, weight, name in fields:
                m = _match(term, field) * weight
                if m > best:
                    best = m
                if m > why_score:
                    why_score, why_best = m, name
            if best == 0:
                break
            total += best
        else:
            hits.append(Hit(item_id, round(total, 2), why_best))
    hits.sort(key=lambda h: (-h.score, h.id))
    return hits
