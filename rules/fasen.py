"""Life phases of a coalition (handreiking §1.2–§1.3).

The phase indicators (typical activities and tipping points) and the risks of
work left undone from earlier phases are knowledge records in rules/fasen.yaml.
What stays here: ``fase_bepalen``, which weighs all phase evidence into one
phase (diagnose/phase.py), the signals other records build on, and advice that
answers a signal differently by phase.
"""
from __future__ import annotations

from ..diagnose.rulekit import NOT, PHASE_DECISION, L, Obs, Phase, Rule, RuleSet, Signal, about, at_least, at_most

JA = L("ja")
JA_DEELS = L("ja") | L("deels")
MARKED = L("in_voorbereiding") | L("getekend")


class PhaseRules(RuleSet):

    # -- the one phase ------------------------------------------------------------------------
    @Rule(NOT(Phase()), salience=PHASE_DECISION)
    @about(sources=["handreiking §1.2", "handreiking §1.3"], concludes=["fase"])
    def fase_bepalen(self):
        """Weegt alle fase-aanwijzingen, nadat ze allemaal binnen zijn, tot één fase."""
        self.decide_phase()

    # -- signals ------------------------------------------------------------------------------
    @Rule(Obs(key="intentieverklaring", value=MARKED))
    @about(sources=["handreiking §1.2.4"], concludes=["signaal:markering_gestart"])
    def markering_via_convenant(self):
        """Een convenant of intentieverklaring is in voorbereiding of vastgesteld."""
        self.signal("markering_gestart")

    @Rule(Obs(key="juridische_structuur", value=L("overwogen") | L("opgericht")))
    @about(sources=["handreiking §1.2.4"], concludes=["signaal:markering_gestart"])
    def markering_via_rechtsvorm(self):
        """Een rechtsvorm wordt overwogen of is opgericht."""
        self.signal("markering_gestart")

    @Rule(Obs(key="rollen_vastgelegd", value="ja"))
    @about(sources=["handreiking §1.2.4"], concludes=["signaal:markering_gestart"])
    def markering_via_rollen(self):
        """Rollen en bijdragen zijn vastgelegd."""
        self.signal("markering_gestart")

    @Rule(Obs(key="ambitie_geformuleerd", value="algemeen"))
    @about(sources=["handreiking §1.2.3", "handreiking §3.3.1"], concludes=["signaal:ambitie_ondiep"])
    def ambitie_in_algemene_woorden(self):
        """De ambitie bestaat alleen in algemene woorden."""
        self.signal("ambitie_ondiep")

    @Rule(Obs(key="verdiepend_gesprek_ambitie", value="nee"),
          Obs(key="ambitie_geformuleerd", value=L("algemeen") | L("uitgewerkt")))
    @about(sources=["handreiking §1.2.3"], concludes=["signaal:ambitie_ondiep"])
    def ambitie_nooit_uitgediept(self):
        """Er is een ambitie op papier, maar die is nooit samen uitgediept."""
        self.signal("ambitie_ondiep")

    @Rule(Obs(key="activiteiten_lopen", value=JA_DEELS), Obs(key="verwachtingen_uitgewisseld", value="nee"))
    @about(sources=["handreiking §1.2.2"], concludes=["signaal:actie_voor_afspraak"])
    def activiteiten_voor_verwachtingen(self):
        """Er lopen al activiteiten terwijl de verwachtingen nooit zijn uitgewisseld."""
        self.signal("actie_voor_afspraak")

    # -- the same signal, different help by phase ---------------------------------------------
    @Rule(Signal(id="ambitie_ondiep"), Phase(nummer=at_most(3)))
    @about(sources=["handreiking §1.2.3"], concludes=["interventie:verdiepend_gesprek_ambitie"])
    def ondiepe_ambitie_vroeg(self):
        """Een ondiepe ambitie in fase 1–3 vraagt om het verdiepende gesprek."""
        self.advise("verdiepend_gesprek_ambitie", "ambitie_ondiep")

    @Rule(Signal(id="ambitie_ondiep"), Phase(nummer=at_least(4)))
    @about(sources=["handreiking §1.2.5"], concludes=["interventie:ambitie_afstoffen"])
    def ondiepe_ambitie_laat(self):
        """Een ondiepe ambitie in fase 4–5 vraagt om de ambitie af te stoffen."""
        self.advise("ambitie_afstoffen", "ambitie_ondiep")
