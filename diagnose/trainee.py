"""The trainee's side of `coalitie oefen`: picking findings and interventions by word,
and the feedback on a scored answer as text.

Picking (one prompt, one line at a time):
  a word or words   search (ranked); the hits are numbered on screen
  a number          picks that number from the list on screen (never a search);
                    the list stays on screen after a search that finds nothing
  an id             picks it directly
  alles / all       shows every hit of the last search, not only the first ones
  ?                 shows your picks and these commands
  -N or -id         removes a pick (N: its number in the list of picks)
  (empty)           done
"""
from __future__ import annotations

import textwrap
from typing import Callable

from .. import kennisbank

from .findwords import search

SHOWN = 10
WIDTH = 78


def _t(taal: str, nl: str, en: str) -> str:
    return en if taal == "en" else nl


class Picker:
    """One round of picking risks ('risico') or interventions ('interventie')."""

    def __init__(self, kind: str, taal: str, ask: Callable[[str], str], out: Callable[[str], None]):
        self.kind, self.taal, self.ask, self.out = kind, taal, ask, out
        kb = kennisbank.load()
        self.items = kb.risicos if kind == "risico" else kb.interventies
        self.picked: list[str] = []
        self.on_screen: list[str] = []
        self.all_hits: list[str] = []

    def title(self, item_id: str) -> str:
        return self.items[item_id].titel(self.taal)

    def say(self, text: str, indent: int = 3) -> None:
        """``text`` wrapped at whole words within the terminal, each line out."""
        for line in _wrap(text, indent):
            self.out(line)

    def help(self) -> None:
        t = self.taal
        self.say(_t(t, "   Typ een woord om te zoeken, een nummer om uit de lijst te kiezen, 'alles' voor alle "
                       "treffers, '-nummer' om een keuze weg te halen, '?' voor je keuzes; leeg = klaar.",
                    "   Type a word to search, a number to pick from the list, 'all' for every hit, "
                    "'-number' to remove a pick, '?' for your picks; empty = done."))

    def show_picks(self) -> None:
        if not self.picked:
            self.out(_t(self.taal, "   Nog niets gekozen.", "   Nothing picked yet."))
            return
        self.out(_t(self.taal, "   Je keuzes:", "   Your picks:"))
        for i, item_id in enumerate(self.picked, 1):
            self.out(f"   {i:2}. {self.title(item_id)}")
        self.out(_t(self.taal, "   (-nummer haalt een keuze weg)", "   (-number removes a pick)"))

    def _list(self, ids: list[str]) -> None:
        self.on_screen = ids
        for i, item_id in enumerate(ids, 1):
            mark = " ✓" if item_id in self.picked else ""
            self.out(f"   {i:2}. {self.title(item_id)}{mark}")

    def _pick(self, item_id: str) -> None:
        if item_id in self.picked:
            self.out(_t(self.taal, f"   al gekozen: {self.title(item_id)}", f"   already picked: {self.title(item_id)}"))
            return
        self.picked.append(item_id)
        self.out(f"   ✓ {self.title(item_id)}")

    def _remove(self, arg: str) -> None:
        target = None
        if arg.isdigit() and 1 <= int(arg) <= len(self.picked):
            target = self.picked[int(arg) - 1]
        elif arg in self.picked:
            target = arg
        if target is None:
            self.out(_t(self.taal, f"   '{arg}' staat niet bij je keuzes (typ ? om ze te zien).",
                        f"   '{arg}' is not among your picks (type ? to see them)."))
            return
        self.picked.remove(target)
        self.out(_t(self.taal, f"   weggehaald: {self.title(target)}", f"   removed: {self.title(target)}"))

    def step(self, raw: str) -> bool:
        """Handle one line; False when the trainee is done."""
        raw = raw.strip()
        t = self.taal
        if not raw:
            return False
        if raw == "?":
            self.show_picks()
            self.help()
        elif raw.startswith("-") and len(raw) > 1:
            self._remove(raw[1:].strip())
        elif raw.isdigit():
            n = int(raw)
            if 1 <= n <= len(self.on_screen):
                self._pick(self.on_screen[n - 1])
            elif not self.on_screen:
                self.out(_t(t, "   Er staat nog geen lijst op het scherm: typ eerst een zoekwoord.",
                            "   There is no list on screen yet: type a search word first."))
            else:
                self.out(_t(t, f"   Kies een nummer van 1 tot {len(self.on_screen)} uit de lijst hierboven.",
                            f"   Pick a number from 1 to {len(self.on_screen)} from the list above."))
        elif raw.casefold() in ("alles", "all"):
            if not self.all_hits:
                self.out(_t(t, "   Zoek eerst op een woord.", "   Search for a word first."))
            else:
                self._list(self.all_hits)
        elif raw in self.items:
            self._pick(raw)
        else:
            hits = [h.id for h in search(raw, self.kind, t)]
            if not hits:
                self.say(_t(t, f"niets gevonden voor '{raw}'; probeer een ander woord"
                               + ("; de lijst hierboven geldt nog." if self.on_screen else "."),
                            f"nothing found for '{raw}'; try another word"
                            + ("; the list above still holds." if self.on_screen else ".")))
                return True
            self.all_hits = hits
            self._list(hits[:SHOWN])
            if len(hits) > SHOWN:
                self.out(_t(t, f"   … en nog {len(hits) - SHOWN}: typ 'alles' om ze te zien.",
                            f"   … and {len(hits) - SHOWN} more: type 'all' to see them."))
        return True

    def run(self, label: str) -> list[str]:
        self.say(_t(self.taal, f"{label}: typ een zoekwoord, een nummer uit de lijst, ? voor hulp; leeg = klaar.",
                    f"{label}: type a search word, a number from the list, ? for help; empty = done."), 0)
        while self.step(self.ask(f"{self.kind}> " if self.taal == "nl" else
                                 {"risico": "risk> ", "interventie": "intervention> "}[self.kind])):
            pass
        if self.picked:
            self.show_picks()
        return self.picked


def ask_phase(taal: str, ask: Callable[[str], str], out: Callable[[str], None]) -> int:
    while True:
        raw = ask(_t(taal, "In welke fase zit deze coalitie (1-5)? ", "Which phase is this coalition in (1-5)? "))
        if raw.strip() in {"1", "2", "3", "4", "5"}:
            return int(raw)
        out(_t(taal, "   Typ een cijfer van 1 tot 5 (1 starten, 2 verkennen, 3 inrichten, 4 levend houden, "
                     "5 doorontwikkelen of stoppen).",
               "   Type a number from 1 to 5 (1 starting, 2 exploring, 3 setting up, 4 keeping alive, "
               "5 developing further or stopping)."))


LEVELS = {"basis": "basic", "gevorderd": "advanced", "expert": "expert"}
WORDS_EN = {"vastgesteld": "established", "vermoedelijk": "suspected", "laag": "low", "middel": "medium",
            "hoog": "high", "redelijk": "fair", "onbekend": "unknown"}


def word(value: str, taal: str) -> str:
    """A status, severity or certainty word in the reader's language."""
    return WORDS_EN.get(value, value) if taal == "en" else value
LABELS = {
    "goed": ("✓ gezien", "✓ seen"),
    "verwant": ("≈ verwant", "≈ related"),
    "gemist": ("✗ gemist", "✗ missed"),
    "ook_verdedigbaar": ("+ ook verdedigbaar", "+ also defensible"),
    "niet_onderbouwd": ("− tegengesproken", "− contradicted"),
    "niet_vastgelegd": ("? niet in de casus", "? not in the case"),
    "iv_sleutel": ("✓ volgens de sleutel", "✓ in the key"),
    "iv_advies": ("✓ advies van de engine", "✓ the engine's advice"),
    "iv_past_deels": ("≈ past deels", "≈ partly fits"),
    "iv_te_vroeg": ("… te vroeg", "… premature"),
    "iv_past_niet": ("✗ past hier niet", "✗ does not fit here"),
    "iv_sleutel_gemist": ("→ de sleutel noemt", "→ the key names"),
}


def level(name: str, taal: str) -> str:
    return LEVELS[name] if taal == "en" else name


def _wrap(text: str, indent: int) -> list[str]:
    """Wrapped at WIDTH; a bullet or numbered line hangs under its own text."""
    hang = 2 if text[:2] in ("• ", "– ", "✓ ", "− ") else 3 if text[:1].isdigit() and text[1:3] == ". " else 0
    return textwrap.wrap(text, WIDTH, initial_indent=" " * indent, subsequent_indent=" " * (indent + hang),
                         break_on_hyphens=False) or [""]


THEMES_EN = {"eenzaamheid": "loneliness", "onderwijs": "education", "energie": "energy"}


def theme(name: str, taal: str) -> str:
    return THEMES_EN.get(name, name) if taal == "en" else name


def feedback_lines(result, taal: str) -> list[str]:
    """A scored answer as the trainee reads it (wrapped at 78 columns)."""
    t = taal
    lines = [f"Score: {result.totaal}/100  ({_t(t, 'fase', 'phase')} {result.punten_fase}/30, "
             f"{_t(t, 'risico' + chr(39) + 's', 'risks')} {result.punten_risicos}/40, "
             f"{_t(t, 'interventies', 'interventions')} {result.punten_interventies}/30)", ""]
    ph = result.fase
    lines += _wrap(_t(t, f"Fase: jij {ph.gekozen or '-'}, de diagnose {ph.juist} (zekerheid {ph.zekerheid}).",
                      f"Phase: you {ph.gekozen or '-'}, the diagnosis {ph.juist} "
                      f"(certainty {word(ph.zekerheid, t)})."), 0)
    lines += _wrap(ph.waarom, 6)
    if ph.aanwijzingen:
        lines += _wrap(_t(t, "Aanwijzingen: ", "Evidence: ") + "; ".join(ph.aanwijzingen) + ".", 6)
    if ph.over_gekozen:
        lines += _wrap(ph.over_gekozen, 6)
    sections = [(_t(t, "Risico's", "Risks"), [r for r in result.opmerkingen if not r.soort.startswith("iv_")]),
                (_t(t, "Interventies", "Interventions"), [r for r in result.opmerkingen if r.soort.startswith("iv_")])]
    for head, remarks in sections:
        lines += ["", head + ":"]
        if not remarks:
            lines += _wrap(_t(t, "(niets gekozen)", "(nothing picked)"), 2)
        for rem in remarks:
            label = LABELS[rem.soort][1 if t == "en" else 0]
            lines += _wrap(f"{label}: {rem.titel}", 2)
            lines += _wrap(rem.uitleg, 6)
            for w in rem.waarnemingen:
                lines += _wrap("• " + w, 6)
            if rem.bronnen:
                more = f" (+{len(rem.bronnen) - 3})" if len(rem.bronnen) > 3 else ""
                lines += _wrap(f"{_t(t, 'bron', 'source')}: {'; '.join(rem.bronnen[:3])}{more}", 6)
    if result.onbekend:
        lines += ["", _t(t, "Onbekende ids (niet meegeteld): ", "Unknown ids (not counted): ") + ", ".join(result.onbekend)]
    return lines
