"""The partners at the table and the pitfalls each brings (handreiking Part 2).

Most findings of this area are knowledge records (rules/partners.yaml). What
remains here are the signals and the advice not tied to one finding: who
waits for the coordinator, over-asked partners and the tip per partner type,
the municipality's hats and its steering role, when the municipality can act
as a crowbar, care providers at a distance (a record cannot yet combine a
per-partner finding with "no partner of this type"), and the Hengelo tip to
build on an existing meeting.

The rules reason over the partner list (``Partner``: type, core group,
coordinator) and per-partner observations (``PartnerObs``), so findings and
tips can be shown per partner: the coordinator who becomes the network
(§2.3), the welfare organisation's capacity dilemma, reciprocity with
entrepreneurs, over-asked associations, neighbourhood teams and libraries,
care providers and schools that are not yet engaged, residents whose
perspective or influence is unclear (§2.2), the municipality's hats and its
interplay with welfare (§2.10, Dronten, the four keys), the composition of
the table (§1.2.2 tip, the in/exclusion dilemma), the library blog (own
organisation first, separate performance agreements) and the Hengelo
practice lab (broad agenda, leaning back, old grievances, mandate, the
municipality as process director, fear that competitors profit).
"""
from __future__ import annotations

from ..diagnose._experta import MATCH
from ..diagnose.rulekit import NOT, L, Obs, Partner, PartnerObs, Phase, Rule, RuleSet, Signal, about, at_most

JA = "ja"
NEE = "nee"
NIET_ACTIEF = L("wisselend") | L("op_afstand") | L("afnemend")

C23 = "handreiking §2.3 \"De rol van de coördinatoren\""
TYPEN = "handreiking §2.2 \"Allerlei typen inwoners\""
DRONTEN = "handreiking §3.2.5 \"De gemeente op de passagiersstoel in Dronten\""
BIEB = "common-eye \"Het succes van de beste bibliotheek van Nederland\""
H_INHOUD = "hengelo \"Veel inhoud, weinig samenwerking\""
H_REGIE = "hengelo \"De gemeente als procesregisseur: wat vinden jullie daarvan?\""


class PartnerRules(RuleSet):

    # -- the coordinator who becomes the network (§2.3) ----------------------------------------
    @Rule(Partner(coordinator=True), Obs(key="partners_wachten_op_coordinator", value=L("ja") | L("deels")))
    @about(sources=[C23], concludes=["signaal:partners_reactief"])
    def partners_wachten_op_coordinator(self):
        """Er is een coördinator en de partners wachten (deels) op zijn voorstellen in plaats van zelf iets in te brengen."""
        self.signal("partners_reactief")

    @Rule(Partner(coordinator=True), Obs(key="coordinator_doet_taken_partners", value=L("ja") | L("deels")))
    @about(sources=[C23], concludes=["signaal:coordinator_trekt_alles_naar_zich"])
    def coordinator_neemt_taken_over(self):
        """De coördinator voert (deels) taken uit die andere partners hadden toegezegd."""
        self.signal("coordinator_trekt_alles_naar_zich")

    # -- over-asked partners: associations, neighbourhood teams, libraries (§2.5–§2.7) --------------
    # (the remedies per kind of partner are record PAR005's interventions, in their order)
    @Rule(PartnerObs(type="vereniging", key="gevraagd_buiten_eigen_werk", value=JA, partner=MATCH.p))
    @about(sources=["handreiking §2.5"], concludes=["signaal:partner_overvraagd"])
    def vereniging_gevraagd_buiten_kern(self, p):
        """Een vereniging wordt gevraagd om meer dan wat bij haar eigen activiteiten past."""
        self.signal("partner_overvraagd", partner=p)

    @Rule(PartnerObs(type="wijkteam", key="gevraagd_buiten_eigen_werk", value=JA, partner=MATCH.p))
    @about(sources=["handreiking §2.6"], concludes=["signaal:partner_overvraagd"])
    def wijkteam_gevraagd_buiten_kern(self, p):
        """Van een wijkteam worden nieuwe taken gevraagd in plaats van aan te sluiten bij wat het al doet."""
        self.signal("partner_overvraagd", partner=p)

    @Rule(PartnerObs(type="bibliotheek_cultuur", key="gevraagd_buiten_eigen_werk", value=JA, partner=MATCH.p))
    @about(sources=["handreiking §2.7"], concludes=["signaal:partner_overvraagd"])
    def bibliotheek_gevraagd_buiten_kern(self, p):
        """Van een bibliotheek of culturele instelling wordt structurele inzet buiten haar kernwerk gevraagd."""
        self.signal("partner_overvraagd", partner=p)

    @Rule(Signal(id="partner_overvraagd", partner=MATCH.p), Partner(naam=MATCH.p, type="vereniging"),
          NOT(PartnerObs(partner=MATCH.p, key="persoonlijk_betrokkene", value=NEE)))
    @about(sources=["handreiking §2.5"], concludes=["interventie:persoonlijk_betrokkene_zoeken"])
    def vereniging_via_betrokken_lid(self, p):
        """Een overvraagde vereniging waar (misschien) een persoonlijk betrokken lid is: zoek die op."""
        self.advise("persoonlijk_betrokkene_zoeken", "partner_overvraagd", partner=p)

    # -- residents (§2.2) ---------------------------------------------------------------------------
    @Rule(PartnerObs(type="inwoner", key="inwonerrol", value="zorgzaam", partner=MATCH.p))
    @about(sources=[TYPEN], concludes=["signaal:signaleerkracht_inwoner"])
    def zorgzame_inwoner_signaleert(self, p):
        """Een zorgzame inwoner helpt anderen direct en weet wie er eenzaam is."""
        self.signal("signaleerkracht_inwoner", partner=p)

    @Rule(Signal(id="signaleerkracht_inwoner", partner=MATCH.p),
          Partner(type=L("welzijnsorganisatie") | L("wijkteam")))
    @about(sources=[TYPEN, "handreiking §2.3"], concludes=["interventie:inwoner_inzetten_naar_type"])
    def zorgzame_inwoner_als_signaleerder(self, p):
        """Een zorgzame inwoner én een welzijnsorganisatie of wijkteam dat kan opvolgen: zet hem in als signaleerder en vrijwilliger."""
        self.advise("inwoner_inzetten_naar_type", "signaleerkracht_inwoner", partner=p)

    # -- care providers, education, neighbourhood teams, libraries (§2.6–§2.9) ------------------
    @Rule(PartnerObs(type="wijkteam", key="wijkteam_focus", value="breed", partner=MATCH.p),
          PartnerObs(partner=MATCH.p, key="ideeen_blijven_liggen", value=JA))
    @about(sources=["handreiking §2.6"], concludes=["signaal:ideeen_zonder_middelen"])
    def wijkteam_ideeen_onbenut(self, p):
        """Een wijkteam met een brede blik heeft ideeën die blijven liggen door gebrek aan tijd of geld."""
        self.signal("ideeen_zonder_middelen", partner=p)

    @Rule(PartnerObs(type="bibliotheek_cultuur", key="ideeen_blijven_liggen", value=JA, partner=MATCH.p))
    @about(sources=["handreiking §2.7"], concludes=["signaal:ideeen_zonder_middelen"])
    def bibliotheek_ideeen_zonder_geld(self, p):
        """Een bibliotheek of culturele instelling heeft ideeën tegen eenzaamheid, maar geen geld om ze uit te voeren."""
        self.signal("ideeen_zonder_middelen", partner=p)

    @Rule(Signal(id="ideeen_zonder_middelen", partner=MATCH.p), Partner(naam=MATCH.p, type="wijkteam"))
    @about(sources=["handreiking §2.6"], concludes=["interventie:organisatiekracht_bieden"])
    def wijkteam_helpen_met_organisatiekracht(self, p):
        """Een wijkteam met onbenutte ideeën: help met organisatiekracht en middelen."""
        self.advise("organisatiekracht_bieden", "ideeen_zonder_middelen", partner=p)

    @Rule(Signal(id="ideeen_zonder_middelen", partner=MATCH.p), Partner(naam=MATCH.p, type="bibliotheek_cultuur"))
    @about(sources=["handreiking §2.7"], concludes=["interventie:projectsubsidie_helpen"])
    def cultuur_helpen_met_projectsubsidie(self, p):
        """Een bibliotheek of culturele instelling met onbenutte ideeën: help bij een projectsubsidie."""
        self.advise("projectsubsidie_helpen", "ideeen_zonder_middelen", partner=p)

    # -- the municipality (§2.10, Dronten, four keys, Hengelo) -----------------------------------
    @Rule(PartnerObs(type="gemeente", key="rollen_gemeente", value=L("financier") | L("opdrachtgever"),
                     partner=MATCH.p),
          PartnerObs(partner=MATCH.p, key="rollen_gemeente",
                     value=L("voorzitter") | L("besluitvormer") | L("procesregisseur") | L("deelnemer")))
    @about(sources=["handreiking §2.10", H_REGIE], concludes=["signaal:gemeente_meerdere_petten"])
    def gemeente_binnen_en_buiten_rol(self, p):
        """De gemeente financiert of geeft opdrachten én doet mee, zit voor, regisseert of beslist in de coalitie."""
        # §2.10 counts taking part at the table while funding or commissioning from outside among
        # the hats that need making clear, not only chairing or directing
        self.signal("gemeente_meerdere_petten", partner=p)

    @Rule(Obs(key="voortgang_stokt", value=JA))
    @about(sources=["handreiking §2.10"], concludes=["signaal:coalitie_stokt"])
    def samenwerking_zit_vast(self):
        """De samenwerking zit al maanden vast."""
        self.signal("coalitie_stokt")

    @Rule(Obs(key="initiatief_van", value="inwoners"),
          PartnerObs(type="gemeente", key="rollen_gemeente",
                     value=L("opdrachtgever") | L("voorzitter") | L("besluitvormer"), partner=MATCH.p))
    @about(sources=[DRONTEN], concludes=["signaal:gemeente_in_stuurrol"])
    def gemeente_stuurt_inwonersinitiatief(self, p):
        """De coalitie is door inwoners begonnen, maar de gemeente geeft opdrachten, zit voor of beslist."""
        self.signal("gemeente_in_stuurrol", partner=p)

    @Rule(PartnerObs(type="gemeente", key="bepaalt_koers", value=JA, partner=MATCH.p))
    @about(sources=["handreiking §3.2.1"], concludes=["signaal:gemeente_in_stuurrol"])
    def gemeente_bepaalt_de_koers(self, p):
        """De gemeente bepaalt in de praktijk de koers van de coalitie."""
        self.signal("gemeente_in_stuurrol", partner=p)

    @Rule(Signal(id="coalitie_stokt"), Partner(type="gemeente", naam=MATCH.p),
          NOT(PartnerObs(partner=MATCH.p, key="rollen_gemeente", value="procesregisseur")),
          NOT(Signal(id="gemeente_in_stuurrol", partner=MATCH.p)),
          NOT(PartnerObs(partner=MATCH.p, key="gemeente_komt_afspraken_na", value=NEE)))
    @about(sources=["handreiking §2.10"], concludes=["interventie:gemeente_als_breekijzer"])
    def gemeente_als_breekijzer_aan_tafel(self, p):
        """De samenwerking zit vast en de gemeente zit aan tafel zonder zelf het proces te regisseren of te sturen,
        en zij komt haar toezeggingen na: zij kan als breekijzer helpen."""
        self.advise("gemeente_als_breekijzer", "coalitie_stokt", partner=p)

    @Rule(Signal(id="coalitie_stokt"), Signal(id="gemeente_in_stuurrol", partner=MATCH.p))
    @about(sources=["handreiking §2.10", DRONTEN], concludes=["interventie:neutrale_regisseur_aantrekken"])
    def breekijzer_van_buiten_bij_sturende_gemeente(self, p):
        """De samenwerking zit vast terwijl de gemeente zelf stuurt: een breekijzer van buiten (een onafhankelijke
        voorzitter of regisseur) past beter dan nog meer gemeente."""
        self.advise("neutrale_regisseur_aantrekken", "coalitie_stokt")

    @Rule(Signal(id="coalitie_stokt"), NOT(Partner(type="gemeente")))
    @about(sources=["handreiking §2.10"], concludes=["interventie:gemeente_als_breekijzer"])
    def gemeente_als_breekijzer_van_buiten(self):
        """De samenwerking zit vast en de gemeente zit niet aan tafel: mobiliseer haar als buitenstaander."""
        self.advise("gemeente_als_breekijzer", "coalitie_stokt")

    # -- the library blog: own organisation first, separate performance agreements -----------------
    @Rule(PartnerObs(key="eigen_zichtbaarheid_voorop", value=JA, partner=MATCH.p))
    @about(sources=[BIEB], concludes=["signaal:eigen_organisatie_centraal"])
    def eigen_organisatie_voorop(self, p):
        """Een partij zet haar eigen doelen en zichtbaarheid voorop."""
        self.signal("eigen_organisatie_centraal", partner=p)

    # -- Hengelo ------------------------------------------------------------------------------------
    @Rule(Obs(key="bestaand_overleg_beschikbaar", value=JA), Obs(key="overlegstructuur", value=NEE))
    @about(sources=[H_INHOUD], concludes=["signaal:kans_bestaand_overleg"])
    def bestaand_overleg_benutten(self):
        """Er is geen eigen overlegstructuur, maar wel een bestaand overleg om op voort te bouwen."""
        self.signal("kans_bestaand_overleg")

    @Rule(Signal(id="kans_bestaand_overleg"), Phase(nummer=at_most(3)))
    @about(sources=[H_INHOUD], concludes=["interventie:aanhaken_bij_bestaand_overleg"])
    def overleg_inrichten_via_bestaand(self):
        """In fase 1–3, als de werk- en overlegstructuur nog ingericht moet worden, kan de coalitie aanhaken bij een bestaand overleg."""
        self.advise("aanhaken_bij_bestaand_overleg", "kans_bestaand_overleg")
