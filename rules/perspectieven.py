"""Several perspectives: where informants' views part, the gap is evidence.

The combination of informants' answers into facts is in
diagnose/perspectives.py; these rules reason over ``Disagreement`` (an
observation answered differently) and ``InformantObs`` (one informant's
answer, with the partner they speak for and whether it coordinates).
"""
from __future__ import annotations

from diagnose.facts import Disagreement, InformantObs
from diagnose.rulekit import MATCH, Partner, Rule, RuleSet, about, at_least

AMBITIE = ["handreiking §3.3.1", "common-eye \"Spraakverwarring bij samenwerken\""]


class PerspectiveRules(RuleSet):

    @Rule(Disagreement(key="ambitie_kern", standpunten=at_least(2)))
    @about(sources=AMBITIE,
           concludes=["signaal:ambitie_niet_gedeeld"])
    def beelden_van_de_ambitie_lopen_uiteen(self):
        """Gesprekspartners noemen los van elkaar een ander hoofddoel van de coalitie."""
        self.signal("ambitie_niet_gedeeld")

    @Rule(Disagreement(key="ambitie_kern", standpunten=at_least(3)))
    @about(sources=AMBITIE, concludes=["risico:spraakverwarring"])
    def drie_beelden_van_de_ambitie(self):
        """Drie of meer gesprekspartners noemen elk een ander hoofddoel: de woorden verbergen de verschillen."""
        self.risk("spraakverwarring", "middel")

    @Rule(Disagreement(key="ambitie_geformuleerd"))
    @about(sources=["handreiking §3.3.1"], concludes=["signaal:ambitie_niet_gedeeld"])
    def oneens_hoe_ver_de_ambitie_is(self):
        """De een vindt de ambitie uitgewerkt, de ander ziet alleen algemene woorden of nog niets."""
        self.signal("ambitie_niet_gedeeld")

    @Rule(InformantObs(coordinator=True, key="partners_wachten_op_coordinator", value="nee", partner=MATCH.c),
          InformantObs(coordinator=False, key="partners_wachten_op_coordinator", value="ja"),
          Partner(naam=MATCH.c, coordinator=True))
    @about(sources=["handreiking §2.3"],
           concludes=["signaal:partners_reactief",
                      "risico:coordinator_wordt_netwerk", "interventie:kijk_partners_ophalen"])
    def coordinator_ziet_betrokken_partners_die_wachten(self, c):
        """De coördinator ziet partners die zelf aandragen; een partner zegt zelf af te wachten."""
        self.signal("partners_reactief")
        self.risk("coordinator_wordt_netwerk", "middel", partner=c)
        self.advise("kijk_partners_ophalen", "coordinator_wordt_netwerk", partner=c)
