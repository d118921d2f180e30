"""Several perspectives: where informants' views part, the gap is evidence.

The combination of informants' answers into facts is in
diagnose/perspectives.py; these rules reason over ``Disagreement`` (an
observation answered differently) and ``InformantObs`` (one informant's
answer, with the partner they speak for and whether it coordinates).
"""
from __future__ import annotations

from ..diagnose.facts import Disagreement
from ..diagnose.rulekit import Rule, RuleSet, about, at_least

AMBITIE = ["handreiking §3.3.1", "common-eye \"Spraakverwarring bij samenwerken\""]


class PerspectiveRules(RuleSet):

    @Rule(Disagreement(key="ambitie_kern", standpunten=at_least(2)))
    @about(sources=AMBITIE,
           concludes=["signaal:ambitie_niet_gedeeld"])
    def beelden_van_de_ambitie_lopen_uiteen(self):
        """Gesprekspartners noemen los van elkaar een ander hoofddoel van de coalitie."""
        self.signal("ambitie_niet_gedeeld")

    @Rule(Disagreement(key="ambitie_geformuleerd"))
    @about(sources=["handreiking §3.3.1"], concludes=["signaal:ambitie_niet_gedeeld"])
    def oneens_hoe_ver_de_ambitie_is(self):
        """De een vindt de ambitie uitgewerkt, de ander ziet alleen algemene woorden of nog niets."""
        self.signal("ambitie_niet_gedeeld")
