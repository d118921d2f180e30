"""Shared ownership and the five conditions (handreiking Part 3, §1.2.3–§1.2.4,
bergeijk, podcast): the signals the records build on.

The risks and strengths of this area are knowledge records in
rules/eigenaarschap.yaml; the five conditions are weighed from those strengths
and risks in diagnose/result.py. What stays here are the intermediate signals
(a shared or unshared ambition, which motives dominate the table, whether a
core is marked and whether partners fall silent) and one piece of advice that
is not tied to a risk of this area.
"""
from __future__ import annotations

from ..diagnose._experta import MATCH
from ..diagnose.facts import CaseInfo
from ..diagnose.rulekit import NOT, TEST, L, Obs, Partner, PartnerObs, Rule, RuleSet, about

JA_DEELS = L("ja") | L("deels")
NEE_DEELS = L("nee") | L("deels")


class OwnershipRules(RuleSet):

    # -- signals: the ambition ----------------------------------------------------------------
    @Rule(Obs(key="partners_vertellen_zelfde_verhaal", value=NEE_DEELS))
    @about(sources=["handreiking §3.3.1"], concludes=["signaal:ambitie_niet_gedeeld"])
    def ambitie_verschillend_verteld(self):
        """Los gevraagd vertellen (een deel van) de partners een ander verhaal over waar de coalitie heen wil."""
        self.signal("ambitie_niet_gedeeld")

    @Rule(Obs(key="partners_vertellen_zelfde_verhaal", value="ja"),
          Obs(key="ambitie_geformuleerd", value="uitgewerkt"),
          Obs(key="verdiepend_gesprek_ambitie", value="ja"))
    @about(sources=["handreiking §3.3.1", "handreiking §1.2.3"], concludes=["signaal:ambitie_gedragen"])
    def ambitie_gedragen_door_partners(self):
        """De ambitie is samen uitgediept tot doelen en aanpak en partners vertellen er hetzelfde verhaal over."""
        self.signal("ambitie_gedragen")

    # -- signals: which motives dominate (§3.3.2) ----------------------------------------------
    @Rule(PartnerObs(partner=MATCH.a, key="motieven", value="moreel"),
          PartnerObs(partner=MATCH.b, key="motieven", value="moreel"),
          TEST(lambda a, b: a < b),
          NOT(PartnerObs(key="motieven", value="instrumenteel")),
          NOT(PartnerObs(key="motieven", value="affectief")))
    @about(sources=["handreiking §3.3.2"], concludes=["signaal:motieven_eenzijdig_moreel"])
    def motieven_alleen_moreel(self, a, b):
        """Minstens twee partners doen mee vanuit idealen en bij geen enkele partner spelen tastbare doelen of verbondenheid."""
        self.signal("motieven_eenzijdig_moreel")

    @Rule(PartnerObs(partner=MATCH.a, key="motieven", value="instrumenteel"),
          PartnerObs(partner=MATCH.b, key="motieven", value="instrumenteel"),
          TEST(lambda a, b: a < b),
          NOT(PartnerObs(key="motieven", value="moreel")),
          NOT(PartnerObs(key="motieven", value="affectief")))
    @about(sources=["handreiking §3.3.2"], concludes=["signaal:motieven_eenzijdig_instrumenteel"])
    def motieven_alleen_instrumenteel(self, a, b):
        """Minstens twee partners zoeken vooral tastbare oplossingen voor zichzelf en bij geen partner spelen idealen of verbondenheid."""
        self.signal("motieven_eenzijdig_instrumenteel")

    @Rule(PartnerObs(partner=MATCH.a, key="motieven", value="affectief"),
          PartnerObs(partner=MATCH.b, key="motieven", value="affectief"),
          TEST(lambda a, b: a < b),
          NOT(PartnerObs(key="motieven", value="instrumenteel")),
          NOT(PartnerObs(key="motieven", value="moreel")))
    @about(sources=["handreiking §3.3.2"], concludes=["signaal:motieven_eenzijdig_affectief"])
    def motieven_alleen_affectief(self, a, b):
        """Minstens twee partners doen mee uit verbondenheid en bij geen partner spelen tastbare doelen of idealen."""
        self.signal("motieven_eenzijdig_affectief")

    @Rule(PartnerObs(key="motieven", value="instrumenteel"),
          PartnerObs(key="motieven", value="moreel"),
          PartnerObs(key="motieven", value="affectief"))
    @about(sources=["handreiking §3.3.2"], concludes=["signaal:motieven_in_balans"])
    def motieven_gemengd(self):
        """Aan tafel spelen alle drie de soorten motieven: tastbare doelen, idealen en verbondenheid."""
        self.signal("motieven_in_balans")

    # -- signals: the composition of the table (§3.2.5, §3.3.3) --------------------------------
    @Rule(CaseInfo(kerngroep="geen"))
    @about(sources=["handreiking §3.2.5"], concludes=["signaal:geen_kern_aangewezen"])
    def geen_kernpartner_aangewezen(self):
        """Elke partner op de lijst is uitdrukkelijk als geen kernpartner aangemerkt (onbekend telt niet)."""
        self.signal("geen_kern_aangewezen")

    @Rule(PartnerObs(key="inbreng_in_overleg", value=L("stil") | L("zelden_aanwezig")))
    @about(sources=["handreiking §3.3.3"], concludes=["signaal:stille_partner_aan_tafel"])
    def partner_stil_of_afwezig(self):
        """Minstens één partner zegt weinig in het overleg of komt zelden."""
        self.signal("stille_partner_aan_tafel")

    # -- advice not tied to a risk of this area (podcast, §1.2.3) ----------------------------------
    @Rule(Obs(key="deelname_aarzeling", value=JA_DEELS), Obs(key="bijdragen_klein_en_concreet", value="nee"))
    @about(sources=["podcast", "handreiking §1.2.3"], concludes=["interventie:klein_en_concreet"])
    def aarzeling_vraagt_kleine_bijdragen(self):
        """Partijen aarzelen om mee te doen en weten niet welk klein deel ze kunnen oppakken."""
        self.advise("klein_en_concreet", "drempel_om_mee_te_doen")
