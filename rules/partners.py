"""The partners at the table and the pitfalls each brings (handreiking Part 2).

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

from diagnose._experta import MATCH
from diagnose.rulekit import (NOT, L, P, Obs, Partner, PartnerObs, Phase, Risk, Rule, RuleSet,
                              Signal, about, at_least, at_most)

JA = "ja"
NEE = "nee"
NIET_ACTIEF = L("wisselend") | L("op_afstand") | L("afnemend")
HAAKT_AF = L("op_afstand") | L("afnemend")

# The usual professional core players (handreiking §1.2.2 tip, §2.10 dilemma).
USUAL_PLAYERS = frozenset({"gemeente", "welzijnsorganisatie", "wijkteam", "zorgaanbieder"})


def _not_usual(t) -> bool:
    return isinstance(t, str) and t not in USUAL_PLAYERS


def _not_usual_nor_resident(t) -> bool:
    return isinstance(t, str) and t not in USUAL_PLAYERS and t != "inwoner"


NOT_USUAL = P(_not_usual)
OTHER_THAN_USUAL_OR_RESIDENT = P(_not_usual_nor_resident)

C23 = "handreiking §2.3 \"De rol van de coördinatoren\""
TYPEN = "handreiking §2.2 \"Allerlei typen inwoners\""
BEEKDAELEN = "handreiking §2.2 \"Inwoners aan het stuur in Beekdaelen\""
DILEMMA = "handreiking §2.10 \"Dilemma: in- en uitsluiten\""
DRONTEN = "handreiking §3.2.5 \"De gemeente op de passagiersstoel in Dronten\""
BIEB = "common-eye \"Het succes van de beste bibliotheek van Nederland\""
SLEUTELS = "common-eye \"Vier sleutels voor een toekomstbestendig sociaal domein\""
H_INHOUD = "hengelo \"Veel inhoud, weinig samenwerking\""
H_WAAROM = "hengelo \"Waarom stelde je deze aanpak voor?\""
H_STRUIKEL = "hengelo \"Wat zijn veel voorkomende struikelblokken in de opstartfase van een samenwerking?\""
H_DOEN = "hengelo \"Wat moet je doen voor een goede samenwerking?\""
H_HIELP = "hengelo \"Wat vonden jullie van deze aanpak? Wat hielp?\""
H_REGIE = "hengelo \"De gemeente als procesregisseur: wat vinden jullie daarvan?\""
H_VERTROUWEN = "hengelo \"Vertrouwen in de aanpak\""


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

    @Rule(Signal(id="partners_reactief"), Signal(id="coordinator_trekt_alles_naar_zich"),
          Partner(coordinator=True, naam=MATCH.c))
    @about(sources=[C23], concludes=["risico:coordinator_wordt_netwerk",
                                     "interventie:coordinatorrol_expliciet_maken",
                                     "interventie:taken_terugleggen_bij_partners"])
    def coordinator_wordt_het_netwerk(self, c):
        """De coördinator trekt taken naar zich toe én de partners wachten op hem: hij wordt het netwerk."""
        self.risk("coordinator_wordt_netwerk", "hoog", partner=c)
        self.advise("coordinatorrol_expliciet_maken", "coordinator_wordt_netwerk", partner=c)
        self.advise("taken_terugleggen_bij_partners", "coordinator_wordt_netwerk", partner=c)

    @Rule(Signal(id=L("partners_reactief") | L("coordinator_trekt_alles_naar_zich")),
          Obs(key="coordinatorrol_geevalueerd", value=NEE), Partner(coordinator=True, naam=MATCH.c))
    @about(sources=[C23], concludes=["risico:coordinator_wordt_netwerk", "interventie:coordinatorrol_evalueren"])
    def coordinatorrol_nooit_geevalueerd(self, c):
        """Een eerste teken dat de coördinator alles trekt, en zijn rol is nooit samen geëvalueerd."""
        self.risk("coordinator_wordt_netwerk", "middel", partner=c)
        self.advise("coordinatorrol_evalueren", "coordinator_wordt_netwerk", partner=c)

    @Rule(Partner(coordinator=True, naam=MATCH.c), Obs(key="coordinatorrol_afgesproken", value=NEE),
          Phase(nummer=at_least(2)))
    @about(sources=[C23], concludes=["risico:coordinatorrol_niet_gegund",
                                     "interventie:coordinatorrol_expliciet_maken"])
    def coordinatorrol_niet_samen_bepaald(self, c):
        """Voorbij de start, maar wie coördineert en wat die rol inhoudt is nooit samen bepaald."""
        self.risk("coordinatorrol_niet_gegund", "middel", partner=c)
        self.advise("coordinatorrol_expliciet_maken", "coordinatorrol_niet_gegund", partner=c)

    # -- the welfare organisation's capacity (§2.3 tip) ----------------------------------------
    @Rule(PartnerObs(type="welzijnsorganisatie", key="houdt_taken_af", value=JA, partner=MATCH.p),
          PartnerObs(partner=MATCH.p, key="capaciteit_besproken", value=NEE))
    @about(sources=["handreiking §2.3"], concludes=["risico:capaciteitsdilemma_welzijn",
                                                    "interventie:capaciteitsdilemma_bespreken"])
    def welzijn_houdt_af_zonder_afspraak(self, p):
        """De welzijnsorganisatie houdt taken af zonder vergoeding, en haar capaciteit is nooit besproken."""
        self.risk("capaciteitsdilemma_welzijn", "middel", partner=p)
        self.advise("capaciteitsdilemma_bespreken", "capaciteitsdilemma_welzijn", partner=p)

    @Rule(Partner(type="welzijnsorganisatie", coordinator=True, naam=MATCH.p),
          PartnerObs(partner=MATCH.p, key="capaciteit_besproken", value=NEE))
    @about(sources=["handreiking §2.3"], concludes=["risico:capaciteitsdilemma_welzijn",
                                                    "interventie:capaciteitsdilemma_bespreken"])
    def welzijn_coordineert_zonder_capaciteitsafspraak(self, p):
        """De welzijnsorganisatie coördineert, maar wat zij daarvoor kan inzetten en onder welke voorwaarden is niet besproken."""
        self.risk("capaciteitsdilemma_welzijn", "middel", partner=p)
        self.advise("capaciteitsdilemma_bespreken", "capaciteitsdilemma_welzijn", partner=p)

    # -- entrepreneurs (§2.4) -----------------------------------------------------------------------
    @Rule(PartnerObs(type="ondernemer", key="motief_ondernemer", value="commercieel", partner=MATCH.p),
          PartnerObs(partner=MATCH.p, key="meerwaarde_besproken", value=NEE))
    @about(sources=["handreiking §2.4"], concludes=["risico:wederkerigheid_ondernemer",
                                                    "interventie:meerwaarde_ondernemer_bespreken"])
    def ondernemer_commercieel_zonder_meerwaardegesprek(self, p):
        """Een ondernemer met (ook) een zakelijk motief, en de wederzijdse meerwaarde is nooit besproken."""
        self.risk("wederkerigheid_ondernemer", "middel", partner=p)
        self.advise("meerwaarde_ondernemer_bespreken", "wederkerigheid_ondernemer", partner=p)

    @Rule(PartnerObs(type="ondernemer", key="partners_twijfelen_aan_meerwaarde", value=JA, partner=MATCH.p),
          NOT(PartnerObs(partner=MATCH.p, key="meerwaarde_besproken", value=JA)))
    @about(sources=["handreiking §2.4"], concludes=["risico:wederkerigheid_ondernemer",
                                                    "interventie:meerwaarde_ondernemer_bespreken"])
    def ondernemer_meerwaarde_betwijfeld(self, p):
        """Andere partners twijfelen aan wat een ondernemer toevoegt, en daar is niet over doorgepraat."""
        self.risk("wederkerigheid_ondernemer", "middel", partner=p)
        self.advise("meerwaarde_ondernemer_bespreken", "wederkerigheid_ondernemer", partner=p)

    @Rule(PartnerObs(type="ondernemer", key="motief_ondernemer", value="commercieel", partner=MATCH.p),
          PartnerObs(partner=MATCH.p, key="partners_twijfelen_aan_meerwaarde", value=JA))
    @about(sources=["handreiking §2.4"], concludes=["risico:wederkerigheid_ondernemer"])
    def ondernemer_zakelijk_en_betwijfeld(self, p):
        """Een vooral zakelijk gemotiveerde ondernemer van wie anderen de meerwaarde betwijfelen: de samenwerking houdt geen stand."""
        self.risk("wederkerigheid_ondernemer", "hoog", partner=p)

    # -- over-asked partners: associations, neighbourhood teams, libraries (§2.5–§2.7) --------------
    @Rule(PartnerObs(type="vereniging", key="gevraagd_buiten_eigen_werk", value=JA, partner=MATCH.p))
    @about(sources=["handreiking §2.5"], concludes=["signaal:partner_overvraagd",
                                                    "interventie:aansluiten_bij_kernactiviteit"])
    def vereniging_gevraagd_buiten_kern(self, p):
        """Een vereniging wordt gevraagd om meer dan wat bij haar eigen activiteiten past."""
        self.signal("partner_overvraagd", partner=p)
        self.advise("aansluiten_bij_kernactiviteit", "partner_overvraagd", partner=p)

    @Rule(PartnerObs(type="wijkteam", key="gevraagd_buiten_eigen_werk", value=JA, partner=MATCH.p))
    @about(sources=["handreiking §2.6"], concludes=["signaal:partner_overvraagd",
                                                    "interventie:inspelen_op_wijkteam"])
    def wijkteam_gevraagd_buiten_kern(self, p):
        """Van een wijkteam worden nieuwe taken gevraagd in plaats van aan te sluiten bij wat het al doet."""
        self.signal("partner_overvraagd", partner=p)
        self.advise("inspelen_op_wijkteam", "partner_overvraagd", partner=p)

    @Rule(PartnerObs(type="bibliotheek_cultuur", key="gevraagd_buiten_eigen_werk", value=JA, partner=MATCH.p))
    @about(sources=["handreiking §2.7"], concludes=["signaal:partner_overvraagd",
                                                    "interventie:bescheiden_vragen"])
    def bibliotheek_gevraagd_buiten_kern(self, p):
        """Van een bibliotheek of culturele instelling wordt structurele inzet buiten haar kernwerk gevraagd."""
        self.signal("partner_overvraagd", partner=p)
        self.advise("bescheiden_vragen", "partner_overvraagd", partner=p)

    @Rule(Signal(id="partner_overvraagd", partner=MATCH.p))
    @about(sources=["handreiking §2.5", "handreiking §2.6", "handreiking §2.7"],
           concludes=["risico:partner_overvraagd"])
    def overvraagde_partner(self, p):
        """Een partner wordt gevraagd buiten wat bij zijn kernwerk, tijd en middelen past."""
        self.risk("partner_overvraagd", "middel", partner=p)

    @Rule(Signal(id="partner_overvraagd", partner=MATCH.p),
          PartnerObs(partner=MATCH.p, key="betrokkenheid", value=HAAKT_AF))
    @about(sources=["handreiking §2.5", "handreiking §2.6", "handreiking §2.7"],
           concludes=["risico:partner_overvraagd"])
    def overvraagde_partner_haakt_af(self, p):
        """Een overvraagde partner raakt al op afstand of haakt af: het risico hem kwijt te raken is groot."""
        self.risk("partner_overvraagd", "hoog", partner=p)

    @Rule(Signal(id="partner_overvraagd", partner=MATCH.p), Partner(naam=MATCH.p, type="vereniging"),
          NOT(PartnerObs(partner=MATCH.p, key="persoonlijk_betrokkene", value=NEE)))
    @about(sources=["handreiking §2.5"], concludes=["interventie:persoonlijk_betrokkene_zoeken"])
    def vereniging_via_betrokken_lid(self, p):
        """Een overvraagde vereniging waar (misschien) een persoonlijk betrokken lid is: zoek die op."""
        self.advise("persoonlijk_betrokkene_zoeken", "partner_overvraagd", partner=p)

    @Rule(PartnerObs(type="vereniging", key="vooral_vergaderen", value=JA, partner=MATCH.p))
    @about(sources=["handreiking §2.5"], concludes=["risico:vergaderen_in_plaats_van_doen",
                                                    "interventie:praktisch_houden"])
    def vrijwilligers_vooral_in_overleg(self, p):
        """Van een vereniging die op vrijwilligers draait wordt vooral vergaderen gevraagd."""
        self.risk("vergaderen_in_plaats_van_doen", "middel", partner=p)
        self.advise("praktisch_houden", "vergaderen_in_plaats_van_doen", partner=p)

    @Rule(PartnerObs(type="vereniging", key="soort_vereniging", value="religieus", partner=MATCH.p),
          PartnerObs(partner=MATCH.p, key="verwijst_door", value=NEE))
    @about(sources=["handreiking §2.5"], concludes=["risico:religieuze_gemeenschap_op_afstand",
                                                    "interventie:relatie_religieuze_gemeenschap"])
    def religieuze_gemeenschap_verwijst_niet(self, p):
        """De sleutelfiguren van een religieuze gemeenschap brengen mensen die meer nodig hebben niet in contact met hulp."""
        self.risk("religieuze_gemeenschap_op_afstand", "middel", partner=p)
        self.advise("relatie_religieuze_gemeenschap", "religieuze_gemeenschap_op_afstand", partner=p)

    # -- residents (§2.2) ---------------------------------------------------------------------------
    @Rule(Partner(type="inwoner", kern=True, naam=MATCH.p),
          PartnerObs(partner=MATCH.p, key="perspectief_uitgesproken", value=NEE))
    @about(sources=["handreiking §2.2"], concludes=["risico:verwachtingen_inwoner_onhelder",
                                                    "interventie:perspectief_inwoner_verhelderen"])
    def inwoner_in_kern_perspectief_onhelder(self, p):
        """Een inwoner in de kerngroep heeft niet uitgesproken namens wie en waarom hij meedoet."""
        self.risk("verwachtingen_inwoner_onhelder", "middel", partner=p)
        self.advise("perspectief_inwoner_verhelderen", "verwachtingen_inwoner_onhelder", partner=p)

    @Rule(Partner(type="inwoner", kern=False, naam=MATCH.p),
          PartnerObs(partner=MATCH.p, key="perspectief_uitgesproken", value=NEE))
    @about(sources=["handreiking §2.2"], concludes=["risico:verwachtingen_inwoner_onhelder",
                                                    "interventie:perspectief_inwoner_verhelderen"])
    def inwoner_buiten_kern_perspectief_onhelder(self, p):
        """Een inwoner buiten de kerngroep heeft niet uitgesproken namens wie en waarom hij meedoet (minder zwaar)."""
        self.risk("verwachtingen_inwoner_onhelder", "laag", partner=p)
        self.advise("perspectief_inwoner_verhelderen", "verwachtingen_inwoner_onhelder", partner=p)

    @Rule(PartnerObs(type="inwoner", key="inwonerrol", value=L("verantwoordelijk") | L("zorgzaam"),
                     partner=MATCH.p),
          PartnerObs(partner=MATCH.p, key="vooral_vergaderen", value=JA))
    @about(sources=[TYPEN], concludes=["risico:vergaderen_in_plaats_van_doen",
                                       "interventie:inwoner_inzetten_naar_type"])
    def doener_aan_de_vergadertafel(self, p):
        """Een organiserende of zorgzame inwoner, sterk in de praktijk, wordt vooral aan de vergadertafel gevraagd."""
        self.risk("vergaderen_in_plaats_van_doen", "middel", partner=p)
        self.advise("inwoner_inzetten_naar_type", "vergaderen_in_plaats_van_doen", partner=p)

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

    @Rule(Partner(type="inwoner"), Obs(key="inbreng_inwoners_zichtbaar", value=NEE))
    @about(sources=["handreiking §2.2"], concludes=["risico:inwoners_zonder_invloed",
                                                    "interventie:condities_voor_inwoners"])
    def inwonersinbreng_niet_zichtbaar(self):
        """Er zitten inwoners aan tafel, maar hun inbreng komt niet terug in koers en plannen."""
        self.risk("inwoners_zonder_invloed", "middel")
        self.advise("condities_voor_inwoners", "inwoners_zonder_invloed")

    @Rule(Partner(type="inwoner"), Obs(key="inbreng_inwoners_zichtbaar", value=NEE),
          Obs(key="inwoners_ondersteund", value=NEE))
    @about(sources=["handreiking §2.2", BEEKDAELEN], concludes=["risico:inwoners_zonder_invloed",
                                                                "interventie:inwoners_aan_het_stuur"])
    def inwoners_zonder_invloed_en_steun(self):
        """Inwoners aan tafel hebben geen invloed op de koers en krijgen geen steun om ideeën waar te maken."""
        self.risk("inwoners_zonder_invloed", "hoog")
        self.advise("inwoners_aan_het_stuur", "inwoners_zonder_invloed")

    # -- composition of the table (§1.2.2 tip, §2.2, dilemma in- en uitsluiten) -----------------
    @Rule(Obs(key="eerste_bijeenkomst_geweest", value=JA),
          Partner(type=L("gemeente") | L("welzijnsorganisatie") | L("wijkteam") | L("zorgaanbieder")),
          NOT(Partner(type=NOT_USUAL)))
    @about(sources=["handreiking §1.2.2", DILEMMA], concludes=["signaal:alleen_professionals"])
    def alleen_gebruikelijke_professionals(self):
        """Aan tafel zitten alleen gemeente, welzijn, wijkteam en zorg: geen inwoners, ondernemers, verenigingen of andere partijen."""
        self.signal("alleen_professionals")

    @Rule(Signal(id="alleen_professionals"), Phase(nummer=at_most(2)))
    @about(sources=["handreiking §1.2.2", DILEMMA],
           concludes=["risico:samenstelling_eenzijdig", "interventie:inwoners_betrekken",
                      "interventie:verrassende_partners_zoeken"])
    def eenzijdige_tafel_vroeg(self):
        """In fase 1–2 zitten alleen professionals aan tafel: nu is er nog tijd om anderen te betrekken."""
        self.risk("samenstelling_eenzijdig", "middel")
        self.advise("inwoners_betrekken", "samenstelling_eenzijdig")
        self.advise("verrassende_partners_zoeken", "samenstelling_eenzijdig")

    @Rule(Signal(id="alleen_professionals"), Phase(nummer=at_least(3)))
    @about(sources=["handreiking §1.2.2", DILEMMA],
           concludes=["risico:samenstelling_eenzijdig", "interventie:inwoners_betrekken",
                      "interventie:verrassende_partners_zoeken"])
    def eenzijdige_tafel_laat(self):
        """In fase 3 of later zitten nog steeds alleen professionals aan tafel: de aanpak is al in beleidstaal gegoten."""
        self.risk("samenstelling_eenzijdig", "hoog")
        self.advise("inwoners_betrekken", "samenstelling_eenzijdig")
        self.advise("verrassende_partners_zoeken", "samenstelling_eenzijdig")

    @Rule(Obs(key="eerste_bijeenkomst_geweest", value=JA), Partner(type=OTHER_THAN_USUAL_OR_RESIDENT),
          NOT(Partner(type="inwoner")))
    @about(sources=["handreiking §2.2", "handreiking §1.2.2"],
           concludes=["risico:geen_inwoners_aan_tafel", "interventie:inwoners_betrekken"])
    def geen_inwoners_naast_andere_partijen(self):
        """Er zitten naast de professionals ook andere partijen aan tafel, maar geen inwoners."""
        self.risk("geen_inwoners_aan_tafel", "middel")
        self.advise("inwoners_betrekken", "geen_inwoners_aan_tafel")

    @Rule(Obs(key="actieve_inwonersinitiatieven", value=JA), Obs(key="eerste_bijeenkomst_geweest", value=JA),
          NOT(Partner(type="inwoner")))
    @about(sources=[BEEKDAELEN, "handreiking §2.2"],
           concludes=["risico:geen_inwoners_aan_tafel", "interventie:inwoners_aan_het_stuur"])
    def actieve_inwoners_niet_aan_tafel(self):
        """De gemeente kent veel actieve inwoners en initiatieven, maar geen enkele inwoner zit aan tafel."""
        self.risk("geen_inwoners_aan_tafel", "hoog")
        self.advise("inwoners_aan_het_stuur", "geen_inwoners_aan_tafel")

    @Rule(Obs(key="kleine_partijen_komen_niet_aan_bod", value=JA),
          Partner(type=L("gemeente") | L("welzijnsorganisatie"), kern=True),
          Partner(type=L("inwoner") | L("vereniging") | L("ondernemer") | L("bibliotheek_cultuur")))
    @about(sources=[DILEMMA], concludes=["risico:grote_partijen_overheersen",
                                         "interventie:ruimte_voor_kleine_spelers"])
    def grote_spelers_overschaduwen_kleine(self):
        """Gemeente of welzijn zit in de kern, en de kleinere partijen aan tafel komen nauwelijks aan het woord."""
        self.risk("grote_partijen_overheersen", "middel")
        self.advise("ruimte_voor_kleine_spelers", "grote_partijen_overheersen")

    @Rule(Obs(key="doelgroepen", value="jongeren"), NOT(Partner(type="onderwijs")))
    @about(sources=["handreiking §2.9"], concludes=["risico:jongeren_zonder_onderwijs",
                                                    "interventie:onderwijs_inspireren"])
    def jongeren_zonder_school_aan_tafel(self):
        """De coalitie richt zich op kinderen en jongeren, maar er doet geen onderwijsinstelling mee."""
        self.risk("jongeren_zonder_onderwijs", "middel")
        self.advise("onderwijs_inspireren", "jongeren_zonder_onderwijs")

    @Rule(Obs(key="eerste_bijeenkomst_geweest", value=JA), NOT(Partner(type="zorgaanbieder")),
          Phase(nummer=at_least(2)))
    @about(sources=["handreiking §2.8"], concludes=["risico:signaleerders_niet_aangehaakt",
                                                    "interventie:haakje_zoeken_zorg"])
    def geen_zorgaanbieder_aan_tafel(self):
        """Voorbij de start doet er geen zorgaanbieder mee, terwijl zorgverleners eenzaamheid als eersten zien."""
        self.risk("signaleerders_niet_aangehaakt", "laag")
        self.advise("haakje_zoeken_zorg", "signaleerders_niet_aangehaakt")

    # -- care providers, education, neighbourhood teams, libraries (§2.6–§2.9) ------------------
    @Rule(PartnerObs(type="zorgaanbieder", key="betrokkenheid", value=NIET_ACTIEF, partner=MATCH.p))
    @about(sources=["handreiking §2.8"], concludes=["risico:signaleerders_niet_aangehaakt",
                                                    "interventie:haakje_zoeken_zorg"])
    def zorgaanbieder_op_afstand(self, p):
        """Een zorgaanbieder doet wisselend, op afstand of steeds minder mee."""
        self.risk("signaleerders_niet_aangehaakt", "middel", partner=p)
        self.advise("haakje_zoeken_zorg", "signaleerders_niet_aangehaakt", partner=p)

    @Rule(PartnerObs(type="zorgaanbieder", key="verwijsroute", value=NEE, partner=MATCH.p),
          Partner(type="welzijnsorganisatie"))
    @about(sources=["handreiking §2.8"], concludes=["risico:signaleerders_niet_aangehaakt",
                                                    "interventie:welzijn_op_recept"])
    def zorg_zonder_verwijsroute_met_welzijn(self, p):
        """Zorgverleners kunnen eenzame patiënten nergens heen verwijzen, terwijl er een welzijnsorganisatie aan tafel zit."""
        self.risk("signaleerders_niet_aangehaakt", "middel", partner=p)
        self.advise("welzijn_op_recept", "signaleerders_niet_aangehaakt", partner=p)

    @Rule(PartnerObs(type="zorgaanbieder", key="verwijsroute", value=NEE, partner=MATCH.p),
          NOT(Partner(type="welzijnsorganisatie")))
    @about(sources=["handreiking §2.8"], concludes=["risico:signaleerders_niet_aangehaakt",
                                                    "interventie:haakje_zoeken_zorg"])
    def zorg_zonder_verwijsroute_zonder_welzijn(self, p):
        """Zorgverleners kunnen nergens heen verwijzen en er is geen welzijnsorganisatie om naar door te verwijzen."""
        self.risk("signaleerders_niet_aangehaakt", "middel", partner=p)
        self.advise("haakje_zoeken_zorg", "signaleerders_niet_aangehaakt", partner=p)

    @Rule(PartnerObs(type="onderwijs", key="betrokkenheid", value=NIET_ACTIEF, partner=MATCH.p),
          PartnerObs(partner=MATCH.p, key="gevraagd_wat_school_wil", value=NEE))
    @about(sources=["handreiking §2.9"], concludes=["risico:onderwijs_niet_aangehaakt",
                                                    "interventie:onderwijs_inspireren"])
    def school_op_afstand_niet_gevraagd(self, p):
        """Een school doet op afstand mee en is nooit gevraagd wat zij zelf wil."""
        self.risk("onderwijs_niet_aangehaakt", "middel", partner=p)
        self.advise("onderwijs_inspireren", "onderwijs_niet_aangehaakt", partner=p)

    @Rule(PartnerObs(type="wijkteam", key="wijkteam_focus", value="individueel", partner=MATCH.p),
          PartnerObs(partner=MATCH.p, key="korte_lijnen", value=NEE))
    @about(sources=["handreiking §2.6"], concludes=["risico:verwijsketen_ontbreekt",
                                                    "interventie:korte_lijnen_leggen"])
    def wijkteam_zonder_korte_lijnen(self, p):
        """Een wijkteam dat vooral individueel begeleidt, heeft geen korte lijnen naar verenigingen, welzijn en vrijwilligers."""
        self.risk("verwijsketen_ontbreekt", "middel", partner=p)
        self.advise("korte_lijnen_leggen", "verwijsketen_ontbreekt", partner=p)

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
                     value=L("voorzitter") | L("besluitvormer") | L("procesregisseur")))
    @about(sources=["handreiking §2.10", H_REGIE], concludes=["signaal:gemeente_meerdere_petten"])
    def gemeente_binnen_en_buiten_rol(self, p):
        """De gemeente financiert of geeft opdrachten én zit voor, regisseert of beslist in de coalitie."""
        self.signal("gemeente_meerdere_petten", partner=p)

    @Rule(Signal(id="gemeente_meerdere_petten", partner=MATCH.p),
          PartnerObs(partner=MATCH.p, key="partners_onzeker_over_gemeente", value=JA))
    @about(sources=["handreiking §2.10"], concludes=["risico:rol_gemeente_onhelder",
                                                     "interventie:rolduidelijkheid_gemeente"])
    def petten_gemeente_verwarren_partners(self, p):
        """De gemeente heeft meerdere petten op en partners vragen zich af in welke rol zij aan tafel zit."""
        self.risk("rol_gemeente_onhelder", "hoog", partner=p)
        self.advise("rolduidelijkheid_gemeente", "rol_gemeente_onhelder", partner=p)

    @Rule(Signal(id="gemeente_meerdere_petten", partner=MATCH.p),
          PartnerObs(partner=MATCH.p, key="rol_gemeente_besproken", value=NEE))
    @about(sources=["handreiking §2.10"], concludes=["risico:rol_gemeente_onhelder",
                                                     "interventie:rolduidelijkheid_gemeente"])
    def petten_gemeente_onbesproken(self, p):
        """De gemeente heeft meerdere petten op en dat is in de coalitie nooit besproken."""
        self.risk("rol_gemeente_onhelder", "middel", partner=p)
        self.advise("rolduidelijkheid_gemeente", "rol_gemeente_onhelder", partner=p)

    @Rule(PartnerObs(type="gemeente", key="partners_onzeker_over_gemeente", value=JA, partner=MATCH.p),
          NOT(PartnerObs(partner=MATCH.p, key="rol_gemeente_besproken", value=JA)))
    @about(sources=["handreiking §2.10"], concludes=["risico:rol_gemeente_onhelder",
                                                     "interventie:rolduidelijkheid_gemeente"])
    def partners_onzeker_over_rol_gemeente(self, p):
        """Partners twijfelen of zijn teleurgesteld over de rol van de gemeente, en die rol is niet besproken."""
        self.risk("rol_gemeente_onhelder", "middel", partner=p)
        self.advise("rolduidelijkheid_gemeente", "rol_gemeente_onhelder", partner=p)

    @Rule(Partner(type="gemeente"), Partner(type="welzijnsorganisatie"),
          Obs(key="gemeente_welzijn_trekken_samen", value=NEE))
    @about(sources=["handreiking §2.10"], concludes=["risico:samenspel_gemeente_welzijn_zwak",
                                                     "interventie:samenspel_gemeente_welzijn_versterken"])
    def gemeente_en_welzijn_los_van_elkaar(self):
        """Gemeente en welzijnsorganisatie zitten allebei aan tafel, maar werken niet nauw samen."""
        self.risk("samenspel_gemeente_welzijn_zwak", "middel")
        self.advise("samenspel_gemeente_welzijn_versterken", "samenspel_gemeente_welzijn_zwak")

    @Rule(Partner(type="welzijnsorganisatie"), Obs(key="gemeente_welzijn_trekken_samen", value=NEE),
          Obs(key="marktverhouding_gemeente", value=JA))
    @about(sources=["handreiking §2.10", SLEUTELS], concludes=["risico:samenspel_gemeente_welzijn_zwak",
                                                               "interventie:duurzaam_partnerschap"])
    def samenspel_onder_marktdruk(self):
        """Gemeente en welzijn werken langs elkaar heen én hun relatie is een marktverhouding: het samenspel is zwak."""
        self.risk("samenspel_gemeente_welzijn_zwak", "hoog")
        self.advise("duurzaam_partnerschap", "samenspel_gemeente_welzijn_zwak")

    @Rule(Partner(type="gemeente"), Obs(key="marktverhouding_gemeente", value=JA))
    @about(sources=[SLEUTELS], concludes=["risico:marktverhouding", "interventie:duurzaam_partnerschap"])
    def gemeente_als_opdrachtgever_op_afstand(self):
        """De gemeente zit aan tafel, maar staat tegenover de partners vooral als opdrachtgever met korte contracten."""
        self.risk("marktverhouding", "middel")
        self.advise("duurzaam_partnerschap", "marktverhouding")

    @Rule(PartnerObs(type="gemeente", key="gemeente_komt_afspraken_na", value=NEE, partner=MATCH.p))
    @about(sources=[SLEUTELS], concludes=["risico:gemeente_niet_betrouwbaar", "interventie:betrouwbaar_in_rollen"])
    def gemeente_komt_toezeggingen_niet_na(self, p):
        """De gemeente komt toezeggingen niet na of wisselt van koers."""
        self.risk("gemeente_niet_betrouwbaar", "middel", partner=p)
        self.advise("betrouwbaar_in_rollen", "gemeente_niet_betrouwbaar", partner=p)

    @Rule(Signal(id="gemeente_meerdere_petten", partner=MATCH.p),
          PartnerObs(partner=MATCH.p, key="gemeente_komt_afspraken_na", value=NEE))
    @about(sources=[SLEUTELS, "handreiking §2.10"], concludes=["risico:gemeente_niet_betrouwbaar"])
    def wisselvallig_met_meerdere_petten(self, p):
        """Een gemeente die toezeggingen niet nakomt en tegelijk financiert en regisseert: partners kunnen nergens op bouwen."""
        self.risk("gemeente_niet_betrouwbaar", "hoog", partner=p)

    @Rule(Obs(key="initiatief_van", value="inwoners"),
          PartnerObs(type="gemeente", key="rollen_gemeente",
                     value=L("opdrachtgever") | L("voorzitter") | L("besluitvormer"), partner=MATCH.p))
    @about(sources=[DRONTEN], concludes=["risico:gemeente_te_sturend", "interventie:gemeente_als_gelijke_partner"])
    def gemeente_stuurt_inwonersinitiatief(self, p):
        """De coalitie is door inwoners begonnen, maar de gemeente geeft opdrachten, zit voor of beslist."""
        self.risk("gemeente_te_sturend", "middel", partner=p)
        self.advise("gemeente_als_gelijke_partner", "gemeente_te_sturend", partner=p)

    @Rule(Obs(key="voortgang_stokt", value=JA))
    @about(sources=["handreiking §2.10"], concludes=["signaal:coalitie_stokt"])
    def samenwerking_zit_vast(self):
        """De samenwerking zit al maanden vast."""
        self.signal("coalitie_stokt")

    @Rule(Signal(id="coalitie_stokt"), Partner(type="gemeente", naam=MATCH.p),
          NOT(PartnerObs(partner=MATCH.p, key="rollen_gemeente", value="procesregisseur")))
    @about(sources=["handreiking §2.10"], concludes=["interventie:gemeente_als_breekijzer"])
    def gemeente_als_breekijzer_aan_tafel(self, p):
        """De samenwerking zit vast en de gemeente zit aan tafel zonder zelf het proces te regisseren: zij kan als breekijzer helpen."""
        self.advise("gemeente_als_breekijzer", "coalitie_stokt", partner=p)

    @Rule(Signal(id="coalitie_stokt"), NOT(Partner(type="gemeente")))
    @about(sources=["handreiking §2.10"], concludes=["interventie:gemeente_als_breekijzer"])
    def gemeente_als_breekijzer_van_buiten(self):
        """De samenwerking zit vast en de gemeente zit niet aan tafel: mobiliseer haar als buitenstaander."""
        self.advise("gemeente_als_breekijzer", "coalitie_stokt")

    @Rule(PartnerObs(type="gemeente", key="rollen_gemeente", value="procesregisseur", partner=MATCH.p),
          Obs(key="partijen_leunen_achterover", value=JA))
    @about(sources=[H_REGIE, H_VERTROUWEN], concludes=["risico:gemeente_karsleper",
                                                       "interventie:regierol_gemeente_bespreken"])
    def gemeente_regisseert_partijen_leunen_achterover(self, p):
        """De gemeente regisseert het proces en de partijen leunen achterover."""
        self.risk("gemeente_karsleper", "middel", partner=p)
        self.advise("regierol_gemeente_bespreken", "gemeente_karsleper", partner=p)

    @Rule(Risk(id="gemeente_karsleper", partner=MATCH.p), Signal(id="gemeente_meerdere_petten", partner=MATCH.p))
    @about(sources=[H_REGIE, H_VERTROUWEN], concludes=["risico:gemeente_karsleper"])
    def karsleper_met_meerdere_petten(self, p):
        """De gemeente trekt de kar alleen én financiert of geeft opdrachten: haar petten lopen door elkaar."""
        self.risk("gemeente_karsleper", "hoog", partner=p)

    # -- the library blog: own organisation first, separate performance agreements -----------------
    @Rule(PartnerObs(key="eigen_zichtbaarheid_voorop", value=JA, partner=MATCH.p))
    @about(sources=[BIEB], concludes=["signaal:eigen_organisatie_centraal"])
    def eigen_organisatie_voorop(self, p):
        """Een partij zet haar eigen doelen en zichtbaarheid voorop."""
        self.signal("eigen_organisatie_centraal", partner=p)

    @Rule(Signal(id="eigen_organisatie_centraal", partner=MATCH.p),
          Obs(key="overleg_voelt_als_onderhandelen", value=JA))
    @about(sources=[BIEB], concludes=["risico:samenwerken_als_onderhandeling", "interventie:geven_voor_nemen"])
    def onderhandelen_door_eigen_belang(self, p):
        """Een partij stelt zichzelf centraal en overleg voelt als onderhandelen."""
        self.risk("samenwerken_als_onderhandeling", "middel")
        self.advise("geven_voor_nemen", "samenwerken_als_onderhandeling", partner=p)

    @Rule(Obs(key="aparte_prestatieafspraken", value=JA), Obs(key="overleg_voelt_als_onderhandelen", value=JA))
    @about(sources=[BIEB], concludes=["risico:samenwerken_als_onderhandeling",
                                      "interventie:gezamenlijk_doel_in_afspraken", "interventie:geven_voor_nemen"])
    def prestatieafspraken_maken_onderhandeling(self):
        """Partners worden elk op eigen prestatieafspraken afgerekend en overleg voelt als onderhandelen."""
        self.risk("samenwerken_als_onderhandeling", "hoog")
        self.advise("gezamenlijk_doel_in_afspraken", "samenwerken_als_onderhandeling")
        self.advise("geven_voor_nemen", "samenwerken_als_onderhandeling")

    # -- Hengelo ------------------------------------------------------------------------------------
    @Rule(Obs(key="werkagenda_onderwerpen", value=at_least(6)), Obs(key="agenda_is_optelsom_wensen", value=JA))
    @about(sources=[H_INHOUD, H_WAAROM], concludes=["risico:agenda_te_breed", "interventie:zwaartepunten_kiezen"])
    def werkagenda_als_verlanglijst(self):
        """De werkagenda telt zes of meer opgaven en is een optelsom van ieders wensen."""
        self.risk("agenda_te_breed", "middel")
        self.advise("zwaartepunten_kiezen", "agenda_te_breed")

    @Rule(Obs(key="werkagenda_onderwerpen", value=at_least(6)), Phase(nummer=at_least(3)))
    @about(sources=[H_INHOUD, H_WAAROM], concludes=["risico:agenda_te_breed", "interventie:zwaartepunten_kiezen"])
    def brede_agenda_na_de_start(self):
        """In fase 3 of later staan er nog steeds zes of meer opgaven op de werkagenda: de keuze is niet gemaakt."""
        self.risk("agenda_te_breed", "hoog")
        self.advise("zwaartepunten_kiezen", "agenda_te_breed")

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

    @Rule(Obs(key="partijen_leunen_achterover", value=JA), Phase(nummer=at_most(2)))
    @about(sources=[H_STRUIKEL, H_DOEN], concludes=["risico:afwachtende_partijen",
                                                    "interventie:voorwaarden_voor_inzet_toetsen"])
    def partijen_afwachtend_bij_start(self):
        """In fase 1–2 leunen partijen achterover en tasten ze af hoeveel invloed ze krijgen."""
        self.risk("afwachtende_partijen", "middel")
        self.advise("voorwaarden_voor_inzet_toetsen", "afwachtende_partijen")

    @Rule(Obs(key="partijen_leunen_achterover", value=JA), Phase(nummer=at_least(3)))
    @about(sources=[H_DOEN], concludes=["risico:afwachtende_partijen", "interventie:voorwaarden_voor_inzet_toetsen"])
    def partijen_afwachtend_na_start(self):
        """Ook in fase 3 of later leunen partijen nog achterover: de inzet blijft vrijblijvend."""
        self.risk("afwachtende_partijen", "hoog")
        self.advise("voorwaarden_voor_inzet_toetsen", "afwachtende_partijen")

    @Rule(Obs(key="partijen_leunen_achterover", value=JA), Obs(key="afhankelijkheden_besproken", value=NEE))
    @about(sources=[H_DOEN], concludes=["risico:afwachtende_partijen", "interventie:afhankelijkheden_voelbaar_maken"])
    def afhankelijkheid_niet_gevoeld(self):
        """Partijen leunen achterover en er is nooit besproken hoe ze elkaar nodig hebben."""
        self.risk("afwachtende_partijen", "middel")
        self.advise("afhankelijkheden_voelbaar_maken", "afwachtende_partijen")

    @Rule(Obs(key="partijen_leunen_achterover", value=JA), Obs(key="inhoudsmensen_aan_tafel", value=NEE))
    @about(sources=[H_DOEN], concludes=["risico:afwachtende_partijen", "interventie:inhoudsmensen_activeren"])
    def inhoudsmensen_ontbreken(self):
        """Partijen leunen achterover en de mensen die inhoudelijk met de opgave werken zitten niet aan tafel."""
        self.risk("afwachtende_partijen", "middel")
        self.advise("inhoudsmensen_activeren", "afwachtende_partijen")

    @Rule(Obs(key="oud_zeer_speelt", value=JA), Obs(key="oud_zeer_besproken", value=NEE))
    @about(sources=[H_HIELP], concludes=["risico:oud_zeer_onbesproken", "interventie:oud_zeer_bespreken"])
    def oud_zeer_niet_besproken(self):
        """Er speelt oud zeer tussen partijen dat niet openlijk is besproken."""
        self.risk("oud_zeer_onbesproken", "middel")
        self.advise("oud_zeer_bespreken", "oud_zeer_onbesproken")

    @Rule(Obs(key="oud_zeer_speelt", value=JA), Obs(key="oud_zeer_besproken", value=NEE),
          Obs(key="marktverhouding_gemeente", value=JA))
    @about(sources=[H_HIELP, SLEUTELS], concludes=["risico:oud_zeer_onbesproken"])
    def oud_zeer_en_marktverhouding(self):
        """Onbesproken oud zeer terwijl de relatie nog altijd een marktverhouding is: het wantrouwen wordt gevoed."""
        self.risk("oud_zeer_onbesproken", "hoog")

    @Rule(Obs(key="mandaat_aan_tafel", value=L("nee") | L("deels")), Phase(nummer=at_least(3)))
    @about(sources=[H_HIELP], concludes=["risico:mandaat_ontbreekt", "interventie:mandaat_regelen"])
    def geen_mandaat_bij_afspraken(self):
        """In fase 3 of later, als afspraken tot resultaat moeten leiden, ontbreekt (deels) mandaat aan tafel."""
        self.risk("mandaat_ontbreekt", "middel")
        self.advise("mandaat_regelen", "mandaat_ontbreekt")

    @Rule(Obs(key="mandaat_aan_tafel", value=NEE), Obs(key="bestuurlijk_commitment", value=NEE))
    @about(sources=[H_HIELP, "handreiking §1.2.3"],
           concludes=["risico:mandaat_ontbreekt", "interventie:mandaat_regelen", "interventie:bestuurders_verbinden"])
    def geen_mandaat_geen_bestuurders(self):
        """De mensen aan tafel hebben geen mandaat en de bestuurders hebben zich niet aan de coalitie verbonden."""
        self.risk("mandaat_ontbreekt", "hoog")
        self.advise("mandaat_regelen", "mandaat_ontbreekt")
        self.advise("bestuurders_verbinden", "mandaat_ontbreekt")

    @Rule(PartnerObs(key="vreest_meeprofiterende_concurrent", value=JA, partner=MATCH.p))
    @about(sources=[H_VERTROUWEN, H_DOEN], concludes=["risico:concurrentievrees",
                                                      "interventie:afhankelijkheden_voelbaar_maken"])
    def vrees_voor_meeprofiterende_concurrent(self, p):
        """Een partij vreest dat concurrenten met haar inzet aan de haal gaan."""
        self.risk("concurrentievrees", "middel", partner=p)
        self.advise("afhankelijkheden_voelbaar_maken", "concurrentievrees", partner=p)

    @Rule(PartnerObs(key="vreest_meeprofiterende_concurrent", value=JA, partner=MATCH.p),
          Obs(key="partners_ook_concurrent", value=JA))
    @about(sources=[H_VERTROUWEN], concludes=["risico:concurrentievrees", "interventie:voorwaarden_voor_inzet_toetsen"])
    def concurrent_zit_mee_aan_tafel(self, p):
        """Een partij vreest meeprofiterende concurrenten en partners zijn elders ook echt elkaars concurrent."""
        self.risk("concurrentievrees", "hoog", partner=p)
        self.advise("voorwaarden_voor_inzet_toetsen", "concurrentievrees", partner=p)
