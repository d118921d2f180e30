"""Shared ownership and the five conditions (handreiking Part 3, §1.2.3–§1.2.4,
bergeijk, podcast).

Signals first (a shared or unshared ambition, which motives dominate the
table), then risks per condition, each with the interventions that answer it,
chosen by phase or partner where the sources say so. The five conditions get
their state from two kinds of rule: every risk that the kennisbank ties to a
condition weighs on it (``risico_weegt_op_conditie``, for all areas), and a
rule per condition recognises positive evidence that holds together (sterk).
The result builder lets the worst state win.
"""
from __future__ import annotations

import kennisbank
from diagnose._experta import MATCH
from diagnose.rulekit import (NOT, TEST, L, Obs, Partner, PartnerObs, Phase, Risk, Rule, RuleSet,
                              Signal, about, at_least, at_most)

JA_DEELS = L("ja") | L("deels")
NEE_DEELS = L("nee") | L("deels")
REGIE_BELEGD = L("een_partner") | L("groep") | L("onafhankelijk")
CONDITIONS = ("ambitie", "belangen", "relaties", "organisatie", "proces")


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
          NOT(PartnerObs(key="motieven", value="moreel")))
    @about(sources=["handreiking §3.3.2"], concludes=["signaal:motieven_eenzijdig_instrumenteel"])
    def motieven_alleen_instrumenteel(self, a, b):
        """Minstens twee partners zoeken vooral tastbare oplossingen voor zichzelf en geen partner brengt idealen over verandering in."""
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

    # -- ambition: fragmentation, pseudo-collaboration, fine words (§3.3.1) ----------------------
    @Rule(Obs(key="ieder_eigen_ding", value="ja"), Signal(id="ambitie_niet_gedeeld"))
    @about(sources=["handreiking §3.3.1"],
           concludes=["risico:versnippering", "interventie:gedeeld_beeld_ontwikkelen"])
    def versnippering_bij_ongedeelde_ambitie(self):
        """Partners doen ieder hun eigen ding en vertellen een verschillend verhaal over de ambitie."""
        self.risk("versnippering", "middel")
        self.advise("gedeeld_beeld_ontwikkelen", "versnippering")

    @Rule(Obs(key="ieder_eigen_ding", value="ja"), Signal(id="ambitie_ondiep"))
    @about(sources=["handreiking §3.3.1"],
           concludes=["risico:versnippering", "interventie:gedeeld_beeld_ontwikkelen"])
    def versnippering_bij_ondiepe_ambitie(self):
        """Partners doen ieder hun eigen ding en de ambitie is nooit uitgediept."""
        self.risk("versnippering", "middel")
        self.advise("gedeeld_beeld_ontwikkelen", "versnippering")

    @Rule(Risk(id="versnippering"), Phase(nummer=at_least(4)))
    @about(sources=["handreiking §3.3.1", "handreiking §1.2.5"],
           concludes=["risico:versnippering", "interventie:ambitie_afstoffen"])
    def versnippering_in_latere_fase(self):
        """Versnippering terwijl de coalitie al bestendigt (fase 4–5): het weegt zwaarder en de ambitie moet afgestoft."""
        self.risk("versnippering", "hoog")
        self.advise("ambitie_afstoffen", "versnippering")

    @Rule(Obs(key="energie_afgenomen", value="ja"), Signal(id="ambitie_niet_gedeeld"),
          Obs(key="procesregie", value=REGIE_BELEGD))
    @about(sources=["handreiking §3.3.1"],
           concludes=["risico:schijnsamenwerking", "interventie:steun_hardop_toetsen"])
    def schijnsamenwerking_herkend(self):
        """Er is een trekker of regisseur aan het werk, de steun van partners loopt terug en de ambitie is niet gedeeld."""
        self.risk("schijnsamenwerking", "hoog")
        self.advise("steun_hardop_toetsen", "schijnsamenwerking")

    @Rule(Obs(key="energie_afgenomen", value="ja"), Signal(id="ambitie_ondiep"),
          Obs(key="procesregie", value=REGIE_BELEGD))
    @about(sources=["handreiking §3.3.1"],
           concludes=["risico:schijnsamenwerking", "interventie:steun_hardop_toetsen"])
    def schijnsamenwerking_bij_ondiepe_ambitie(self):
        """Er is een trekker of regisseur aan het werk, de steun loopt terug en de ambitie is nooit uitgediept."""
        self.risk("schijnsamenwerking", "middel")
        self.advise("steun_hardop_toetsen", "schijnsamenwerking")

    @Rule(Signal(id="ambitie_ondiep"), Signal(id="ambitie_niet_gedeeld"))
    @about(sources=["handreiking §3.3.1"],
           concludes=["risico:ambitie_alleen_mooie_woorden", "interventie:grenzen_verkennen"])
    def ambitie_van_mooie_woorden(self):
        """De ambitie is algemeen of niet uitgediept, en partners blijken er verschillende dingen onder te verstaan."""
        self.risk("ambitie_alleen_mooie_woorden", "middel")
        self.advise("grenzen_verkennen", "ambitie_alleen_mooie_woorden")

    # -- ownership as a social construct, room given and taken (§3.2.1–§3.2.2) ----------------
    @Rule(Obs(key="plan_samen_bedacht", value="voorgelegd"), Obs(key="partijen_leunen_achterover", value="ja"))
    @about(sources=["handreiking §3.2.2"], concludes=["risico:eigenaarschap_niet_gedeeld"])
    def plan_niet_samen_bedacht(self):
        """Het plan is door één partij gemaakt en voorgelegd, en partners brengen zelf niets in."""
        self.risk("eigenaarschap_niet_gedeeld", "middel")

    @Rule(Risk(id="eigenaarschap_niet_gedeeld"), Phase(nummer=at_most(2)))
    @about(sources=["handreiking §3.2.2"], concludes=["interventie:samen_bedenken"])
    def cocreatie_bij_de_start(self):
        """In fase 1–2 is het nog niet te laat om de aanpak samen opnieuw te bedenken."""
        self.advise("samen_bedenken", "eigenaarschap_niet_gedeeld")

    @Rule(Risk(id="eigenaarschap_niet_gedeeld"), Phase(nummer=at_least(3)))
    @about(sources=["handreiking §3.2.2", "podcast"], concludes=["interventie:klein_en_concreet"])
    def eigenaarschap_al_doende(self):
        """Vanaf fase 3 groeit eigenaarschap vooral door te doen: geef partners een klein, concreet deel."""
        self.advise("klein_en_concreet", "eigenaarschap_niet_gedeeld")

    @Rule(PartnerObs(partner=MATCH.p, key="bepaalt_koers", value="ja"),
          Obs(key="inbreng_overgenomen", value=NEE_DEELS))
    @about(sources=["handreiking §3.2.1", "bergeijk"],
           concludes=["risico:sturing_ondermijnt_eigenaarschap", "interventie:ruimte_geven"])
    def partij_stuurt_zonder_ruimte(self, p):
        """Eén partij bepaalt de koers en de inbreng van andere partners komt weinig terug in plannen en besluiten."""
        self.risk("sturing_ondermijnt_eigenaarschap", "middel", partner=p)
        self.advise("ruimte_geven", "sturing_ondermijnt_eigenaarschap", partner=p)

    @Rule(PartnerObs(partner=MATCH.p, type="gemeente", key="bepaalt_koers", value="ja"),
          Obs(key="partijen_leunen_achterover", value="ja"))
    @about(sources=["handreiking §3.2.1", "handreiking §3.2.5 \"De gemeente op de passagiersstoel in Dronten\""],
           concludes=["risico:sturing_ondermijnt_eigenaarschap", "interventie:gemeente_als_gelijke_partner"])
    def gemeente_stuurt_partners_leunen_achterover(self, p):
        """De gemeente bepaalt de koers en de andere partners nemen zelf geen initiatief meer: communicerende vaten."""
        self.risk("sturing_ondermijnt_eigenaarschap", "hoog", partner=p)
        self.advise("gemeente_als_gelijke_partner", "sturing_ondermijnt_eigenaarschap", partner=p)

    @Rule(Obs(key="ruimte_om_te_experimenteren", value="nee"), Obs(key="partijen_leunen_achterover", value=JA_DEELS))
    @about(sources=["podcast"],
           concludes=["risico:geen_ruimte_om_te_proberen", "interventie:heldere_regels_en_rugdekking"])
    def geen_ruimte_geen_initiatief(self):
        """Partners voelen geen ruimte om iets uit te proberen en nemen (bijna) geen initiatief."""
        self.risk("geen_ruimte_om_te_proberen", "middel")
        self.advise("heldere_regels_en_rugdekking", "geen_ruimte_om_te_proberen")

    @Rule(Obs(key="deelname_aarzeling", value=JA_DEELS), Obs(key="bijdragen_klein_en_concreet", value="nee"))
    @about(sources=["podcast", "handreiking §1.2.3"], concludes=["interventie:klein_en_concreet"])
    def aarzeling_vraagt_kleine_bijdragen(self):
        """Partijen aarzelen om mee te doen en weten niet welk klein deel ze kunnen oppakken."""
        self.advise("klein_en_concreet", "drempel_om_mee_te_doen")

    # -- close to the resident, other scale levels, circles of involvement (§3.2.3–§3.2.5) ----
    @Rule(Obs(key="werkgebied", value=L("gemeente") | L("regio")), Obs(key="lokale_aanspreekpunten", value="nee"))
    @about(sources=["handreiking §3.2.3", "handreiking §3.2.4"],
           concludes=["risico:eigenaarschap_ver_van_inwoner", "interventie:brug_naar_lokaal"])
    def ver_van_de_inwoner(self):
        """De coalitie werkt voor een hele gemeente of regio zonder aanspreekpunten of netwerken per wijk of kern."""
        self.risk("eigenaarschap_ver_van_inwoner", "middel")
        self.advise("brug_naar_lokaal", "eigenaarschap_ver_van_inwoner")

    @Rule(Obs(key="iedereen_bij_elk_besluit", value="ja"), Obs(key="aantal_partijen", value=at_least(10)))
    @about(sources=["handreiking §3.2.5"],
           concludes=["risico:iedereen_overal_bij", "interventie:kringen_van_betrokkenheid"])
    def iedereen_overal_bij_betrokken(self):
        """Tien of meer partijen, en toch worden ze allemaal bij elk overleg en besluit betrokken."""
        self.risk("iedereen_overal_bij", "middel")
        self.advise("kringen_van_betrokkenheid", "iedereen_overal_bij")

    @Rule(Obs(key="aantal_partijen", value=at_least(8)), NOT(Partner(kern=True)))
    @about(sources=["handreiking §3.2.5", "bergeijk"],
           concludes=["risico:geen_kerngroep", "interventie:kleine_kerngroep_vormen"])
    def geen_kerngroep_grote_coalitie(self):
        """Acht of meer partijen doen mee, maar geen enkele partner hoort bij een kerngroep."""
        self.risk("geen_kerngroep", "middel")
        self.advise("kleine_kerngroep_vormen", "geen_kerngroep")

    @Rule(Obs(key="buitenring_geinformeerd", value="nee"), Partner(kern=False))
    @about(sources=["handreiking §3.2.5"],
           concludes=["risico:buitenring_uit_beeld", "interventie:kringen_van_betrokkenheid"])
    def buitenring_niet_geinformeerd(self):
        """Er zijn partners buiten de kern, en zij worden niet op de hoogte gehouden van het netwerk."""
        self.risk("buitenring_uit_beeld", "laag")
        self.advise("kringen_van_betrokkenheid", "buitenring_uit_beeld")

    # -- interests and motives (§3.3.2, bergeijk) ------------------------------------------------
    @Rule(Obs(key="standpunten_overheersen", value="ja"), Obs(key="motieven_besproken", value=NEE_DEELS))
    @about(sources=["handreiking §3.3.2"],
           concludes=["risico:standpunten_zonder_belangen", "interventie:belangen_achter_standpunten"])
    def standpunten_zonder_drijfveren(self):
        """Gesprekken blijven hangen in standpunten en de drijfveren van de partners zijn niet (met iedereen) besproken."""
        self.risk("standpunten_zonder_belangen", "middel")
        self.advise("belangen_achter_standpunten", "standpunten_zonder_belangen")

    @Rule(Risk(id="standpunten_zonder_belangen"), Phase(nummer=at_least(3)))
    @about(sources=["handreiking §3.3.2"], concludes=["risico:standpunten_zonder_belangen"])
    def belangen_pas_laat(self):
        """De coalitie richt zich al in terwijl het gesprek over belangen nog niet gevoerd is: te laat, het weegt zwaarder."""
        self.risk("standpunten_zonder_belangen", "hoog")

    @Rule(PartnerObs(partner=MATCH.p, key="eigen_doelen_gediend", value="nee"), Partner(naam=MATCH.p, kern=True))
    @about(sources=["handreiking §3.3.2"],
           concludes=["risico:drijfveren_gepasseerd", "interventie:motievengesprek"])
    def kernpartner_drijfveer_gepasseerd(self, p):
        """Een kernpartner ziet zijn eigen doelen of idealen niet terug in de samenwerking."""
        self.risk("drijfveren_gepasseerd", "hoog", partner=p)
        self.advise("motievengesprek", "drijfveren_gepasseerd", partner=p)

    @Rule(PartnerObs(partner=MATCH.p, key="eigen_doelen_gediend", value="nee"), Partner(naam=MATCH.p, kern=False))
    @about(sources=["handreiking §3.3.2"],
           concludes=["risico:drijfveren_gepasseerd", "interventie:motievengesprek"])
    def partner_drijfveer_gepasseerd(self, p):
        """Een partner buiten de kern ziet zijn eigen doelen of idealen niet terug in de samenwerking."""
        self.risk("drijfveren_gepasseerd", "middel", partner=p)
        self.advise("motievengesprek", "drijfveren_gepasseerd", partner=p)

    @Rule(Obs(key="toezeggingen_niet_nagekomen", value="ja"), Obs(key="partners_zien_zich_terug", value=NEE_DEELS))
    @about(sources=["bergeijk"], concludes=["risico:ja_zeggen_nee_doen", "interventie:belangen_een_op_een"])
    def toezeggingen_zonder_eigen_belang(self):
        """Partners komen toezeggingen niet na en herkennen hun eigen taal en belang niet in de plannen."""
        self.risk("ja_zeggen_nee_doen", "hoog")
        self.advise("belangen_een_op_een", "ja_zeggen_nee_doen")

    @Rule(Obs(key="toezeggingen_niet_nagekomen", value="ja"), Obs(key="besluiten_vastgelegd", value=NEE_DEELS))
    @about(sources=["bergeijk"], concludes=["risico:ja_zeggen_nee_doen", "interventie:besluiten_notuleren"])
    def toezeggingen_niet_vastgelegd(self):
        """Partners komen toezeggingen niet na en besluiten en toezeggingen worden niet vastgelegd."""
        self.risk("ja_zeggen_nee_doen", "middel")
        self.advise("besluiten_notuleren", "ja_zeggen_nee_doen")

    @Rule(Risk(id="ja_zeggen_nee_doen"), Obs(key="deadline_toezegging", value="nee"), Phase(nummer=at_most(3)))
    @about(sources=["bergeijk"], concludes=["interventie:deadline_stellen"])
    def termijn_voor_toezeggingen(self):
        """Toezeggingen blijven uit, de coalitie is nog in opbouw en er is geen termijn om te zeggen of je meedoet."""
        self.advise("deadline_stellen", "ja_zeggen_nee_doen")

    @Rule(PartnerObs(partner=MATCH.p, key="achterban_steunt", value=NEE_DEELS), Phase(nummer=at_least(3)))
    @about(sources=["bergeijk"], concludes=["risico:achterban_niet_mee", "interventie:achterban_meenemen"])
    def achterban_niet_meegenomen(self, p):
        """De coalitie richt zich in of loopt, maar de eigen achterban van een partner staat er niet (helemaal) achter."""
        self.risk("achterban_niet_mee", "middel", partner=p)
        self.advise("achterban_meenemen", "achterban_niet_mee", partner=p)

    @Rule(PartnerObs(partner=MATCH.p, key="achterban_steunt", value=NEE_DEELS),
          Obs(key="toezeggingen_niet_nagekomen", value="ja"))
    @about(sources=["bergeijk"], concludes=["risico:achterban_niet_mee", "interventie:achterban_meenemen"])
    def achterban_en_loze_toezeggingen(self, p):
        """De achterban van een partner staat er niet achter en in de coalitie worden toezeggingen niet nagekomen."""
        self.risk("achterban_niet_mee", "hoog", partner=p)
        self.advise("achterban_meenemen", "achterban_niet_mee", partner=p)

    # -- the imbalance of motives (§3.3.2) -----------------------------------------------------
    @Rule(Signal(id="motieven_eenzijdig_moreel"))
    @about(sources=["handreiking §3.3.2", "podcast"],
           concludes=["risico:idealen_zonder_doen", "interventie:motievenbalans_bespreken",
                      "interventie:klein_en_concreet"])
    def idealen_zonder_doen_risico(self):
        """Idealen overheersen aan tafel: het doen dreigt achter te blijven."""
        self.risk("idealen_zonder_doen", "middel")
        self.advise("motievenbalans_bespreken", "idealen_zonder_doen")
        self.advise("klein_en_concreet", "idealen_zonder_doen")

    @Rule(Signal(id="motieven_eenzijdig_moreel"), Obs(key="activiteiten_lopen", value="nee"),
          Phase(nummer=at_least(3)))
    @about(sources=["handreiking §3.3.2"], concludes=["risico:idealen_zonder_doen"])
    def idealen_zonder_doen_stilstand(self):
        """Idealen overheersen, de coalitie is ingericht en er lopen nog steeds geen gezamenlijke activiteiten."""
        self.risk("idealen_zonder_doen", "hoog")

    @Rule(Signal(id="motieven_eenzijdig_instrumenteel"))
    @about(sources=["handreiking §3.3.2"],
           concludes=["risico:acties_zonder_impact", "interventie:motievenbalans_bespreken",
                      "interventie:gedeeld_beeld_ontwikkelen"])
    def acties_zonder_impact_risico(self):
        """Eigen belangen overheersen aan tafel: veel acties, maar onduidelijk of ze iets veranderen."""
        self.risk("acties_zonder_impact", "middel")
        self.advise("motievenbalans_bespreken", "acties_zonder_impact")
        self.advise("gedeeld_beeld_ontwikkelen", "acties_zonder_impact")

    @Rule(Signal(id="motieven_eenzijdig_instrumenteel"), Obs(key="monitoring", value="nee"))
    @about(sources=["handreiking §3.3.2", "handreiking §1.2.5"], concludes=["risico:acties_zonder_impact"])
    def acties_zonder_impact_ongemeten(self):
        """Eigen belangen overheersen en niemand houdt bij wat de activiteiten opleveren."""
        self.risk("acties_zonder_impact", "hoog")

    @Rule(Signal(id="motieven_eenzijdig_affectief"))
    @about(sources=["handreiking §3.3.2"],
           concludes=["risico:verbinding_zonder_keuzes", "interventie:motievenbalans_bespreken"])
    def verbinding_zonder_keuzes_risico(self):
        """Verbondenheid overheerst aan tafel: lastige keuzes blijven liggen en de groep is kwetsbaar voor nieuwkomers."""
        self.risk("verbinding_zonder_keuzes", "middel")
        self.advise("motievenbalans_bespreken", "verbinding_zonder_keuzes")

    @Rule(Signal(id="motieven_eenzijdig_affectief"), Obs(key="ambitie_heropend_nieuwkomers", value="ja"))
    @about(sources=["handreiking §3.3.2", "handreiking §1.2.3"],
           concludes=["risico:verbinding_zonder_keuzes", "interventie:verdiepend_gesprek_ambitie"])
    def verbinding_onder_druk_door_nieuwkomers(self):
        """Verbondenheid overheerst en er schuiven nieuwe partners aan: precies het kwetsbare moment."""
        self.risk("verbinding_zonder_keuzes", "hoog")
        self.advise("verdiepend_gesprek_ambitie", "verbinding_zonder_keuzes")

    # -- personal relations (§3.3.3) -------------------------------------------------------------
    @Rule(Obs(key="kernpartners_contact_buiten_overleg", value="nee"), Obs(key="persoonlijke_kennismaking", value=NEE_DEELS))
    @about(sources=["handreiking §1.2.3", "handreiking §3.3.3"],
           concludes=["risico:vertrouwen_kern_dun", "interventie:relatie_investeren"])
    def kernspelers_zonder_band(self):
        """De kernpartners spreken elkaar alleen in het overleg en hebben elkaar niet (of nauwelijks) persoonlijk leren kennen."""
        self.risk("vertrouwen_kern_dun", "middel")
        self.advise("relatie_investeren", "vertrouwen_kern_dun")

    @Rule(Risk(id="vertrouwen_kern_dun"), Obs(key="eigen_begroting", value="ja"))
    @about(sources=["handreiking §1.2.3"], concludes=["risico:vertrouwen_kern_dun"])
    def kernspelers_zonder_band_bij_geld(self):
        """Zonder vertrouwensband moeten de kernpartners samen een begroting verdelen: het risico weegt zwaarder."""
        self.risk("vertrouwen_kern_dun", "hoog")

    @Rule(PartnerObs(partner=MATCH.a, key="inbreng_in_overleg", value="neemt_veel_ruimte"),
          PartnerObs(key="inbreng_in_overleg", value=L("stil") | L("zelden_aanwezig")))
    @about(sources=["handreiking §3.3.3"],
           concludes=["risico:inbreng_scheef", "interventie:ruimte_in_overleg_verdelen"])
    def inbreng_scheef_verdeeld(self, a):
        """Eén partner neemt veel ruimte in het overleg terwijl een andere partner stil is of wegblijft."""
        self.risk("inbreng_scheef", "middel", partner=a)
        self.advise("ruimte_in_overleg_verdelen", "inbreng_scheef", partner=a)

    @Rule(Obs(key="vertrouwde_verbinder", value="nee"), Phase(nummer=at_least(2)))
    @about(sources=["handreiking §3.3.3"],
           concludes=["risico:verbindend_leiderschap_ontbreekt", "interventie:verbindend_leiderschap_ontwikkelen"])
    def geen_verbinder_in_netwerk(self):
        """Voorbij de start is er niemand die vertrouwd wordt en tegelijk aanjaagt en anderen uitnodigt."""
        self.risk("verbindend_leiderschap_ontbreekt", "middel")
        self.advise("verbindend_leiderschap_ontwikkelen", "verbindend_leiderschap_ontbreekt")

    @Rule(Obs(key="vertrouwde_verbinder", value="nee"), Obs(key="procesregie", value="niemand"))
    @about(sources=["handreiking §3.3.3", "handreiking §3.3.5"], concludes=["risico:verbindend_leiderschap_ontbreekt"])
    def geen_verbinder_en_geen_regie(self):
        """Er is geen verbindende leider en ook niemand die de procesregie voert."""
        self.risk("verbindend_leiderschap_ontbreekt", "hoog")

    # -- well organised (§3.3.4, §1.2.3–§1.2.4) ---------------------------------------------------
    @Rule(Obs(key="aantal_partijen", value=at_least(12)), Obs(key="werkvorm", value="een_tafel"))
    @about(sources=["handreiking §1.2.3", "handreiking §3.3.4"],
           concludes=["risico:vorm_past_niet", "interventie:vorm_laten_volgen"])
    def grote_groep_aan_een_tafel(self):
        """Twaalf of meer partijen werken alles af aan één centrale tafel."""
        self.risk("vorm_past_niet", "middel")
        self.advise("vorm_laten_volgen", "vorm_past_niet")

    @Rule(Obs(key="aantal_partijen", value=at_most(6)), Obs(key="werkvorm", value="deelprojecten"),
          Obs(key="ambitie_geformuleerd", value="uitgewerkt"))
    @about(sources=["handreiking §1.2.3"], concludes=["risico:vorm_past_niet", "interventie:vorm_laten_volgen"])
    def kleine_groep_in_deelprojecten(self):
        """Een kleine groep met een uitgewerkte, gerichte ambitie werkt verspreid in deelprojecten."""
        self.risk("vorm_past_niet", "laag")
        self.advise("vorm_laten_volgen", "vorm_past_niet")

    @Rule(Obs(key="overlegdruk", value="ja"), Obs(key="activiteiten_lopen", value=NEE_DEELS))
    @about(sources=["handreiking §3.3.4", "handreiking \"Werken aan gedeeld eigenaarschap bij Haarlem Ontmoet\""],
           concludes=["risico:overorganisatie", "interventie:organisatie_afslanken"])
    def te_veel_georganiseerd(self):
        """Partners klagen over overleggen en procedures terwijl er (bijna) geen gezamenlijke activiteiten lopen."""
        self.risk("overorganisatie", "middel")
        self.advise("organisatie_afslanken", "overorganisatie")

    @Rule(Obs(key="overlegstructuur", value="nee"), Obs(key="ambitie_geformuleerd", value="uitgewerkt"),
          Obs(key="aantal_partijen", value=at_least(8)))
    @about(sources=["handreiking §3.3.4"],
           concludes=["risico:onderorganisatie", "interventie:organisatie_op_ambitie_afstemmen"])
    def te_weinig_georganiseerd_grote_ambitie(self):
        """Een uitgewerkte ambitie met acht of meer partijen, maar geen vaste werk- of overlegstructuur."""
        self.risk("onderorganisatie", "hoog")
        self.advise("organisatie_op_ambitie_afstemmen", "onderorganisatie")

    @Rule(Obs(key="overlegstructuur", value="nee"), Phase(nummer=at_least(3)))
    @about(sources=["handreiking §3.3.4", "handreiking §1.2.4"],
           concludes=["risico:onderorganisatie", "interventie:organisatie_op_ambitie_afstemmen"])
    def te_weinig_georganiseerd_na_start(self):
        """De coalitie is in fase 3 of later maar heeft geen vaste werk- of overlegstructuur."""
        self.risk("onderorganisatie", "middel")
        self.advise("organisatie_op_ambitie_afstemmen", "onderorganisatie")

    @Rule(Obs(key="besluiten_blijven_liggen", value="ja"), Phase(nummer=at_least(2)))
    @about(sources=["handreiking §3.3.4"],
           concludes=["risico:draagvlak_remt_daadkracht", "interventie:balans_daadkracht_draagvlak"])
    def besluiten_wachten_op_iedereen(self):
        """Besluiten blijven liggen omdat iedereen overal mee moet instemmen."""
        self.risk("draagvlak_remt_daadkracht", "middel")
        self.advise("balans_daadkracht_draagvlak", "draagvlak_remt_daadkracht")

    @Rule(Obs(key="besluiten_blijven_liggen", value="ja"), Obs(key="iedereen_bij_elk_besluit", value="ja"))
    @about(sources=["handreiking §3.3.4", "handreiking §3.2.5"],
           concludes=["risico:draagvlak_remt_daadkracht", "interventie:kringen_van_betrokkenheid"])
    def besluiten_wachten_op_alle_partners(self):
        """Besluiten blijven liggen en alle partners, ook die op afstand, moeten over alles meebeslissen."""
        self.risk("draagvlak_remt_daadkracht", "hoog")
        self.advise("kringen_van_betrokkenheid", "draagvlak_remt_daadkracht")

    @Rule(Obs(key="besluiten_buiten_partners_om", value="ja"), Phase(nummer=at_least(2)))
    @about(sources=["handreiking §3.3.4"],
           concludes=["risico:daadkracht_holt_draagvlak_uit", "interventie:balans_daadkracht_draagvlak"])
    def daadkracht_zonder_draagvlak(self):
        """Besluiten en acties komen tot stand zonder dat de partners konden meepraten."""
        self.risk("daadkracht_holt_draagvlak_uit", "middel")
        self.advise("balans_daadkracht_draagvlak", "daadkracht_holt_draagvlak_uit")

    @Rule(Obs(key="besluiten_buiten_partners_om", value="ja"), Obs(key="energie_afgenomen", value="ja"))
    @about(sources=["handreiking §3.3.4"], concludes=["risico:daadkracht_holt_draagvlak_uit"])
    def daadkracht_en_teruglopende_steun(self):
        """Er wordt buiten de partners om besloten en hun betrokkenheid loopt al terug: het draagvlak holt zichtbaar uit."""
        self.risk("daadkracht_holt_draagvlak_uit", "hoog")

    @Rule(Obs(key="juridische_structuur", value=L("overwogen") | L("opgericht")),
          Obs(key="partners_vrezen_grip_verlies", value=JA_DEELS))
    @about(sources=["handreiking §1.2.4"],
           concludes=["risico:rechtsvorm_als_drempel", "interventie:rechtsvorm_bewust_kiezen"])
    def rechtsvorm_schrikt_af(self):
        """Er is (of komt) een stichting of vereniging en partners vrezen grip op hun middelen te verliezen."""
        self.risk("rechtsvorm_als_drempel", "middel")
        self.advise("rechtsvorm_bewust_kiezen", "rechtsvorm_als_drempel")

    @Rule(Obs(key="juridische_structuur", value="overwogen"), Obs(key="eigen_begroting", value="nee"))
    @about(sources=["handreiking §1.2.4"],
           concludes=["risico:rechtsvorm_als_drempel", "interventie:rechtsvorm_bewust_kiezen"])
    def rechtsvorm_zonder_gezamenlijk_geld(self):
        """Een rechtsvorm wordt overwogen terwijl er geen gezamenlijk geld te beheren is."""
        self.risk("rechtsvorm_als_drempel", "laag")
        self.advise("rechtsvorm_bewust_kiezen", "rechtsvorm_als_drempel")

    # -- a joint process (§3.3.5, §1.2.4, bergeijk) ------------------------------------------------
    @Rule(Obs(key="procesregie", value="niemand"), Phase(nummer=at_least(2)))
    @about(sources=["handreiking §3.3.5", "handreiking §1.2.4"],
           concludes=["risico:procesregie_ontbreekt", "interventie:procesregie_beleggen"])
    def niemand_voert_procesregie(self):
        """Voorbij de start voert niemand de procesregie."""
        self.risk("procesregie_ontbreekt", "middel")
        self.advise("procesregie_beleggen", "procesregie_ontbreekt")

    @Rule(Obs(key="procesregie", value="niemand"), Phase(nummer=at_least(3)))
    @about(sources=["handreiking §3.3.5", "handreiking §1.2.4"], concludes=["risico:procesregie_ontbreekt"])
    def niemand_voert_regie_bij_inrichting(self):
        """In fase 3 of later, als er rollen en structuren staan, voert nog steeds niemand de procesregie."""
        self.risk("procesregie_ontbreekt", "hoog")

    @Rule(Obs(key="partners_kennen_volgende_stap", value="nee"), Obs(key="procesontwerp", value="nee"))
    @about(sources=["handreiking §3.3.5", "handreiking §1.2.4"],
           concludes=["risico:proces_onduidelijk", "interventie:procesontwerp_maken"])
    def proces_onbekend_bij_partners(self):
        """Partners weten niet wat de volgende stappen zijn en er is ook geen gezamenlijk stappenplan."""
        self.risk("proces_onduidelijk", "middel")
        self.advise("procesontwerp_maken", "proces_onduidelijk")

    @Rule(Obs(key="partners_kennen_volgende_stap", value="nee"), Obs(key="procesontwerp", value="ja"))
    @about(sources=["handreiking §3.3.5"],
           concludes=["risico:proces_alleen_bij_trekker", "interventie:proces_delen"])
    def proces_alleen_bij_trekker_bekend(self):
        """Er is een stappenplan, maar de partners kunnen niet vertellen wat er komt."""
        self.risk("proces_alleen_bij_trekker", "middel")
        self.advise("proces_delen", "proces_alleen_bij_trekker")

    @Rule(Obs(key="mijlpalen", value="nee"), Obs(key="procesregie", value=REGIE_BELEGD), Phase(nummer=at_least(3)))
    @about(sources=["handreiking §3.3.5"], concludes=["risico:geen_mijlpalen", "interventie:mijlpalen_afspreken"])
    def regie_zonder_mijlpalen(self):
        """De procesregie is belegd en de coalitie is ingericht, maar er zijn geen mijlpalen afgesproken."""
        self.risk("geen_mijlpalen", "laag")
        self.advise("mijlpalen_afspreken", "geen_mijlpalen")

    @Rule(Obs(key="procesregie", value="onafhankelijk"), Obs(key="regisseur_betaald_door", value="partner_met_belang"))
    @about(sources=["bergeijk"], concludes=["risico:regie_niet_neutraal", "interventie:regie_onafhankelijk_financieren"])
    def regisseur_niet_onafhankelijk_betaald(self):
        """De onafhankelijke regisseur wordt betaald door een partner met een eigen belang bij de uitkomst."""
        self.risk("regie_niet_neutraal", "middel")
        self.advise("regie_onafhankelijk_financieren", "regie_niet_neutraal")

    @Rule(Obs(key="probleem_zonder_eigenaar", value="ja"), Phase(nummer=at_most(2)))
    @about(sources=["bergeijk"], concludes=["risico:probleem_zonder_eigenaar", "interventie:probleemstelling_samen"])
    def probleem_van_niemand(self):
        """In de opbouw erkent iedereen het probleem, maar niemand neemt het op zich."""
        self.risk("probleem_zonder_eigenaar", "middel")
        self.advise("probleemstelling_samen", "probleem_zonder_eigenaar")

    @Rule(Obs(key="probleem_zonder_eigenaar", value="ja"), Obs(key="procesregie", value="niemand"))
    @about(sources=["bergeijk"],
           concludes=["risico:probleem_zonder_eigenaar", "interventie:neutrale_regisseur_aantrekken"])
    def probleem_van_niemand_zonder_regie(self):
        """Niemand neemt het probleem op zich en ook de procesregie ligt nergens."""
        self.risk("probleem_zonder_eigenaar", "hoog")
        self.advise("neutrale_regisseur_aantrekken", "probleem_zonder_eigenaar")

    # -- the five conditions -------------------------------------------------------------------
    @Rule(Risk(id=MATCH.r, ernst=MATCH.e))
    @about(sources=["handreiking §3.3"], concludes=[f"conditie:{c}" for c in CONDITIONS])
    def risico_weegt_op_conditie(self, r, e):
        """Elk risico dat in de kennisbank bij een conditie hoort, weegt daarop: ernst hoog maakt de conditie zwak, ernst middel vraagt aandacht; een laag risico verschuift de conditie niet."""
        conditie = kennisbank.load().risicos[r].conditie
        if conditie is None or e == "laag":
            return
        self.condition(conditie, "zwak" if e == "hoog" else "aandacht_nodig")

    @Rule(Signal(id="ambitie_gedragen"),
          NOT(Obs(key="ieder_eigen_ding", value="ja")),
          NOT(Obs(key="energie_afgenomen", value="ja")))
    @about(sources=["handreiking §3.3.1"], concludes=["conditie:ambitie"])
    def ambitie_sterk(self):
        """De ambitie is uitgewerkt en gedeeld, en er zijn geen tekenen van versnippering of wegzakkende steun."""
        self.condition("ambitie", "sterk")

    @Rule(Obs(key="motieven_besproken", value="ja"), Obs(key="partners_zien_zich_terug", value="ja"),
          NOT(Obs(key="standpunten_overheersen", value="ja")),
          NOT(Obs(key="toezeggingen_niet_nagekomen", value="ja")))
    @about(sources=["handreiking §3.3.2", "bergeijk"], concludes=["conditie:belangen"])
    def belangen_sterk_besproken(self):
        """Drijfveren zijn besproken, partners herkennen hun belang in de plannen, en er zijn geen loze toezeggingen of vastgelopen standpunten."""
        self.condition("belangen", "sterk")

    @Rule(Signal(id="motieven_in_balans"), Obs(key="motieven_besproken", value="ja"))
    @about(sources=["handreiking §3.3.2"], concludes=["conditie:belangen"])
    def belangen_sterk_gemengd(self):
        """Alle drie de soorten motieven zitten aan tafel en de drijfveren zijn samen besproken."""
        self.condition("belangen", "sterk")

    @Rule(Obs(key="persoonlijke_kennismaking", value="ja"),
          Obs(key="kernpartners_contact_buiten_overleg", value="ja"),
          Obs(key="vertrouwde_verbinder", value="ja"))
    @about(sources=["handreiking §3.3.3", "handreiking §1.2.3"], concludes=["conditie:relaties"])
    def relaties_sterk(self):
        """Partners kennen elkaar persoonlijk, de kernspelers zoeken elkaar op, en er is een vertrouwde verbinder."""
        self.condition("relaties", "sterk")

    @Rule(Obs(key="overlegstructuur", value="ja"), Obs(key="rollen_vastgelegd", value="ja"),
          Obs(key="overlegdruk", value="nee"),
          NOT(Obs(key="besluiten_blijven_liggen", value="ja")),
          NOT(Obs(key="besluiten_buiten_partners_om", value="ja")))
    @about(sources=["handreiking §3.3.4"], concludes=["conditie:organisatie"])
    def organisatie_sterk(self):
        """Er is een overlegstructuur en rolverdeling zonder klachten over te veel overleg, en besluiten komen met de partners tot stand."""
        self.condition("organisatie", "sterk")

    @Rule(Obs(key="procesregie", value=REGIE_BELEGD), Obs(key="partners_kennen_volgende_stap", value="ja"),
          Obs(key="besluiten_vastgelegd", value="ja"))
    @about(sources=["handreiking §3.3.5", "bergeijk"], concludes=["conditie:proces"])
    def proces_sterk(self):
        """De procesregie is belegd, partners weten wat er komt en besluiten worden vastgelegd."""
        self.condition("proces", "sterk")
