"""Life phases of a coalition (handreiking §1.2–§1.3).

Indicators of each phase come from its typical activities and tipping points;
``fase_bepalen`` weighs them into one phase (diagnose/phase.py). Risks then
look at work left undone from earlier phases given the phase the coalition is
in, and the phase tips become interventions, chosen by phase where the same
problem calls for different help.
"""
from __future__ import annotations

from diagnose.rulekit import (NOT, PHASE_DECISION, L, Obs, Phase, PhaseEvidence, Risk, Rule, RuleSet,
                              Signal, about, at_least, at_most, within_days)

JA = L("ja")
JA_DEELS = L("ja") | L("deels")
MARKED = L("in_voorbereiding") | L("getekend")


class PhaseRules(RuleSet):

    # -- phase 1: initiating and starting ---------------------------------------------------
    @Rule(Obs(key="initiatief_bij_enkelen", value="ja"))
    @about(sources=["handreiking §1.2.1"], concludes=["indicator:initiatief_bij_enkelen"])
    def fase1_initiatief_bij_enkelen(self):
        """Het initiatief ligt nog bij één persoon of een klein groepje trekkers."""
        self.phase_evidence("initiatief_bij_enkelen")

    @Rule(Obs(key="partijen_benaderen_gaande", value="ja"))
    @about(sources=["handreiking §1.2.2"], concludes=["indicator:partijen_benaderen"])
    def fase1_partijen_benaderen(self):
        """De trekkers zijn nog partijen aan het benaderen en agenderen."""
        self.phase_evidence("partijen_benaderen")

    @Rule(Obs(key="eerste_bijeenkomst_geweest", value="nee"))
    @about(sources=["handreiking §1.2.2"], concludes=["indicator:nog_geen_bijeenkomst"])
    def fase1_nog_geen_bijeenkomst(self):
        """De beoogde partijen zaten nog niet samen aan tafel."""
        self.phase_evidence("nog_geen_bijeenkomst")

    @Rule(Obs(key="opgericht_op", dagen=within_days(-183, 0)))
    @about(sources=["handreiking §1.2"], concludes=["indicator:pas_begonnen"])
    def fase1_pas_begonnen(self):
        """De samenwerking begon hooguit een half jaar voor het gesprek."""
        self.phase_evidence("pas_begonnen")

    # -- phase 2: exploring and concretising ------------------------------------------------
    @Rule(Obs(key="eerste_bijeenkomst_geweest", value="ja"),
          Obs(key="ambitie_geformuleerd", value=L("geen") | L("algemeen")),
          NOT(Obs(key="rollen_vastgelegd", value="ja")), NOT(Obs(key="intentieverklaring", value=MARKED)))
    @about(sources=["handreiking §1.2.3"], concludes=["indicator:ambitie_in_wording"])
    def fase2_ambitie_in_wording(self):
        """Partijen zaten samen, de ambitie is nog niet uitgewerkt, rollen liggen niet vast en er is
        nog geen convenant in de maak."""
        self.phase_evidence("ambitie_in_wording")

    @Rule(Obs(key="verdiepend_gesprek_ambitie", value="ja"),
          Obs(key="rollen_vastgelegd", value="nee"))
    @about(sources=["handreiking §1.2.3", "handreiking §1.2.4"], concludes=["indicator:ambitie_uitgediept"])
    def fase2_ambitie_uitgediept(self):
        """De ambitie is uitgediept maar rollen en inzet zijn nog niet afgesproken."""
        self.phase_evidence("ambitie_uitgediept")

    @Rule(Obs(key="vorm_besproken", value=JA_DEELS),
          NOT(Obs(key="rollen_vastgelegd", value="ja")), NOT(Obs(key="intentieverklaring", value=MARKED)))
    @about(sources=["handreiking §1.2.3"], concludes=["indicator:vorm_verkend"])
    def fase2_vorm_verkend(self):
        """Alliantie of netwerk is (deels) besproken; rollen en convenant liggen er nog niet."""
        self.phase_evidence("vorm_verkend")

    @Rule(Obs(key="ambitie_heropend_nieuwkomers", value="ja"))
    @about(sources=["handreiking §1.2", "handreiking §1.3"], concludes=["indicator:nieuwkomers_heropenen_ambitie"])
    def fase2_terug_door_nieuwkomers(self):
        """Nieuwe of veranderde partners hebben de ambitie weer open op tafel gelegd: terug naar verkennen."""
        self.phase_evidence("nieuwkomers_heropenen_ambitie")

    # -- phase 3: setting up and marking ----------------------------------------------------
    @Rule(Obs(key="rollen_vastgelegd", value="ja"), NOT(Obs(key="activiteiten_lopen", value="ja")))
    @about(sources=["handreiking §1.2.4"], concludes=["indicator:rollen_vastgelegd"])
    def fase3_rollen_vastgelegd(self):
        """Rol en inzet zijn expliciet afgesproken en de gezamenlijke activiteiten draaien nog niet volop."""
        self.phase_evidence("rollen_vastgelegd")

    @Rule(Obs(key="procesontwerp", value="ja"), Obs(key="overlegstructuur", value="ja"),
          NOT(Obs(key="activiteiten_lopen", value="ja")))
    @about(sources=["handreiking §1.2.4"], concludes=["indicator:proces_en_overleg_ingericht"])
    def fase3_proces_en_overleg(self):
        """Er is een stappenplan én een vaste werk- of overlegstructuur."""
        self.phase_evidence("proces_en_overleg_ingericht")

    @Rule(Obs(key="intentieverklaring", value="in_voorbereiding"))
    @about(sources=["handreiking §1.2.4"], concludes=["indicator:convenant_in_voorbereiding"])
    def fase3_convenant_in_voorbereiding(self):
        """Een intentieverklaring of convenant wordt voorbereid."""
        self.phase_evidence("convenant_in_voorbereiding")

    @Rule(Obs(key="intentieverklaring", value="getekend"), NOT(Obs(key="activiteiten_lopen", value="ja")))
    @about(sources=["handreiking §1.3"], concludes=["indicator:convenant_getekend"])
    def fase3_convenant_getekend(self):
        """Kantelmoment: de intentieverklaring of het convenant is vastgesteld."""
        self.phase_evidence("convenant_getekend")

    @Rule(Obs(key="juridische_structuur", value="opgericht"), NOT(Obs(key="activiteiten_lopen", value="ja")))
    @about(sources=["handreiking §1.2.4", "handreiking §1.3"], concludes=["indicator:rechtsvorm_opgericht"])
    def fase3_rechtsvorm(self):
        """Kantelmoment: er is een stichting of vereniging voor de samenwerking."""
        self.phase_evidence("rechtsvorm_opgericht")

    @Rule(Obs(key="eigen_begroting", value="ja"), NOT(Obs(key="activiteiten_lopen", value="ja")))
    @about(sources=["handreiking §1.3"], concludes=["indicator:eerste_begroting"])
    def fase3_eigen_begroting(self):
        """Kantelmoment: de coalitie werkt met een eigen begroting."""
        self.phase_evidence("eerste_begroting")

    @Rule(Obs(key="subsidie_ontvangen", value="ja"), NOT(Obs(key="activiteiten_lopen", value="ja")))
    @about(sources=["handreiking §1.3"], concludes=["indicator:subsidie_ontvangen"])
    def fase3_subsidie(self):
        """Kantelmoment: er is subsidie voor de coalitie terwijl de activiteiten nog niet op gang zijn."""
        self.phase_evidence("subsidie_ontvangen")

    # -- phase 4: keeping alive and consolidating --------------------------------------------
    @Rule(Obs(key="activiteiten_lopen", value="ja"), Obs(key="rollen_vastgelegd", value=JA_DEELS))
    @about(sources=["handreiking §1.2.5"], concludes=["indicator:activiteiten_lopen"])
    def fase4_activiteiten_lopen(self):
        """Gezamenlijke activiteiten lopen op basis van (deels) afgesproken rollen."""
        self.phase_evidence("activiteiten_lopen")

    @Rule(Obs(key="project_afgerond", value="ja"))
    @about(sources=["handreiking §1.3"], concludes=["indicator:project_afgerond"])
    def fase4_project_afgerond(self):
        """Kantelmoment: een eerste gezamenlijk project is met succes afgerond."""
        self.phase_evidence("project_afgerond")

    @Rule(Obs(key="resultaten_gedeeld", value="ja"))
    @about(sources=["handreiking §1.2.5"], concludes=["indicator:resultaten_gedeeld"])
    def fase4_resultaten_gedeeld(self):
        """Resultaten en successen worden breed gedeeld."""
        self.phase_evidence("resultaten_gedeeld")

    @Rule(Obs(key="verankering_besproken", value=L("begonnen") | L("afgesproken")))
    @about(sources=["handreiking §1.2.5"], concludes=["indicator:verankering_in_gesprek"])
    def fase4_verankering(self):
        """Het gesprek over verankering is begonnen of heeft tot afspraken geleid."""
        self.phase_evidence("verankering_in_gesprek")

    @Rule(Obs(key="monitoring", value="ja"))
    @about(sources=["handreiking §1.2.5"], concludes=["indicator:monitoring_ingericht"])
    def fase4_monitoring(self):
        """De coalitie houdt bij wat haar activiteiten opleveren."""
        self.phase_evidence("monitoring_ingericht")

    @Rule(Obs(key="opgericht_op", dagen=at_most(-730)))
    @about(sources=["handreiking §1.2"], concludes=["indicator:lang_actief"])
    def fase4_lang_actief(self):
        """De samenwerking loopt al meer dan twee jaar."""
        self.phase_evidence("lang_actief")

    # -- phase 5: developing further or stopping ---------------------------------------------
    @Rule(Obs(key="herijking_gaande", value="ja"))
    @about(sources=["handreiking §1.2.6"], concludes=["indicator:herijking"])
    def fase5_herijking(self):
        """Er loopt een evaluatie of herbezinning op het bestaan van de coalitie."""
        self.phase_evidence("herijking")

    @Rule(Obs(key="bundeling_besproken", value="ja"))
    @about(sources=["handreiking §1.2.6"], concludes=["indicator:bundeling_thema_s"])
    def fase5_bundeling(self):
        """Samengaan met andere overlegtafels of thema's is onderwerp van gesprek."""
        self.phase_evidence("bundeling_thema_s")

    @Rule(Obs(key="bestaansvraag_gesteld", value="ja"))
    @about(sources=["handreiking §1.2.6"], concludes=["indicator:bestaansvraag"])
    def fase5_bestaansvraag(self):
        """Partners vragen zich hardop af of de coalitie nog zin heeft."""
        self.phase_evidence("bestaansvraag")

    @Rule(Obs(key="herstart_besloten", value="ja"))
    @about(sources=["handreiking §1.2.6"], concludes=["indicator:herstart"])
    def fase1_herstart_na_herijking(self):
        """Na een herijking is besloten opnieuw te beginnen: terug naar fase 1."""
        self.phase_evidence("herstart")

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

    # -- work left undone and phase risks -----------------------------------------------------
    @Rule(Signal(id="markering_gestart"), Obs(key="verdiepend_gesprek_ambitie", value="nee"))
    @about(sources=["handreiking §1.2.3", "handreiking §1.2.4"],
           concludes=["risico:gemarkeerd_zonder_verdieping", "interventie:verdiepend_gesprek_ambitie",
                      "interventie:convenant_als_boost"])
    def markeren_zonder_verdiepend_gesprek(self):
        """De samenwerking wordt gemarkeerd terwijl het verdiepende gesprek over de ambitie nooit plaatsvond."""
        self.risk("gemarkeerd_zonder_verdieping", "hoog")
        self.advise("verdiepend_gesprek_ambitie", "gemarkeerd_zonder_verdieping")
        self.advise("convenant_als_boost", "gemarkeerd_zonder_verdieping")

    @Rule(Obs(key="actielijst_zonder_verhaal", value="ja"), Obs(key="activiteiten_lopen", value=JA_DEELS))
    @about(sources=["handreiking §1.2.2"],
           concludes=["risico:te_snel_in_actie", "interventie:logisch_verhaal_ontwikkelen"])
    def acties_zonder_verhaal(self):
        """Er lopen activiteiten op basis van een actielijst zonder gedeeld verhaal."""
        self.risk("te_snel_in_actie", "middel")
        self.advise("logisch_verhaal_ontwikkelen", "te_snel_in_actie")

    @Rule(Signal(id="actie_voor_afspraak"), Phase(nummer=at_most(2)))
    @about(sources=["handreiking §1.2.2"],
           concludes=["risico:te_snel_in_actie", "interventie:partijen_een_op_een_leren_kennen"])
    def vroege_actie_zonder_verwachtingen(self):
        """In fase 1–2 lopen al activiteiten, terwijl verwachtingen nooit zijn uitgewisseld."""
        self.risk("te_snel_in_actie", "middel")
        self.advise("partijen_een_op_een_leren_kennen", "te_snel_in_actie")

    @Rule(Obs(key="een_op_een_gesprekken", value="nee"), Obs(key="verwachtingen_uitgewisseld", value="nee"),
          Obs(key="eerste_bijeenkomst_geweest", value="ja"))
    @about(sources=["handreiking §1.2.2"],
           concludes=["risico:partijen_onvoldoende_gekend", "interventie:partijen_een_op_een_leren_kennen"])
    def partijen_niet_leren_kennen(self):
        """Partijen kwamen samen zonder één-op-één gesprekken en zonder verwachtingen uit te wisselen."""
        self.risk("partijen_onvoldoende_gekend", "middel")
        self.advise("partijen_een_op_een_leren_kennen", "partijen_onvoldoende_gekend")

    @Rule(Obs(key="vraagstuk_verkend", value="nee"), Phase(nummer=at_least(2)))
    @about(sources=["handreiking §1.2.2"],
           concludes=["risico:vraagstuk_niet_doorgrond", "interventie:vraagstuk_samen_verkennen"])
    def vraagstuk_niet_verkend(self):
        """Voorbij de start, maar het vraagstuk is nooit samen verkend met verhalen en cijfers."""
        self.risk("vraagstuk_niet_doorgrond", "middel")
        self.advise("vraagstuk_samen_verkennen", "vraagstuk_niet_doorgrond")

    @Rule(Obs(key="motieven_besproken", value="nee"), Phase(nummer=at_least(3)))
    @about(sources=["handreiking §1.2.3"],
           concludes=["risico:motieven_onbesproken", "interventie:motievengesprek"])
    def inrichten_zonder_motieven(self):
        """In fase 3 of later zijn de drijfveren van de partners nooit besproken."""
        self.risk("motieven_onbesproken", "middel")
        self.advise("motievengesprek", "motieven_onbesproken")

    @Rule(Obs(key="bestuurlijk_commitment", value="nee"), Phase(nummer=at_least(3)))
    @about(sources=["handreiking §1.2.3"],
           concludes=["risico:bestuurlijk_draagvlak_ontbreekt", "interventie:bestuurders_verbinden"])
    def geen_bestuurlijk_commitment(self):
        """In fase 3 of later hebben de bestuurders zich niet aan de coalitie verbonden."""
        self.risk("bestuurlijk_draagvlak_ontbreekt", "middel")
        self.advise("bestuurders_verbinden", "bestuurlijk_draagvlak_ontbreekt")

    @Rule(Obs(key="rollen_vastgelegd", value="nee"), Phase(nummer=at_least(4)))
    @about(sources=["handreiking §1.2.4"],
           concludes=["risico:rollen_onduidelijk", "interventie:rollen_expliciet_maken"])
    def bestendigen_zonder_rolafspraken(self):
        """De coalitie is in fase 4 of 5 maar rollen en inzet zijn nooit expliciet afgesproken."""
        self.risk("rollen_onduidelijk", "hoog")
        self.advise("rollen_expliciet_maken", "rollen_onduidelijk")

    @Rule(Obs(key="rollen_vastgelegd", value="nee"), Obs(key="activiteiten_lopen", value="ja"),
          Phase(nummer=3))
    @about(sources=["handreiking §1.2.4"],
           concludes=["risico:rollen_onduidelijk", "interventie:rollen_expliciet_maken"])
    def activiteiten_zonder_rolafspraken(self):
        """In fase 3 lopen al activiteiten terwijl rollen en inzet niet zijn afgesproken."""
        self.risk("rollen_onduidelijk", "middel")
        self.advise("rollen_expliciet_maken", "rollen_onduidelijk")

    @Rule(Obs(key="ongeduld_om_te_doen", value="ja"), Obs(key="procesontwerp", value="nee"),
          Phase(nummer=at_most(3)))
    @about(sources=["handreiking §1.2.4"],
           concludes=["risico:gesprekken_overgeslagen", "interventie:praten_leidt_tot_doen",
                      "interventie:procesontwerp_maken"])
    def ongeduld_zonder_procesontwerp(self):
        """Partners dringen aan op doen terwijl er nog geen gezamenlijk stappenplan is."""
        self.risk("gesprekken_overgeslagen", "middel")
        self.advise("praten_leidt_tot_doen", "gesprekken_overgeslagen")
        self.advise("procesontwerp_maken", "gesprekken_overgeslagen")

    @Rule(Obs(key="meelifter_aanwezig", value="ja"))
    @about(sources=["handreiking §1.2.4"],
           concludes=["risico:halen_brengen_uit_balans", "interventie:halen_en_brengen_bespreken"])
    def meelifter(self):
        """Een partner profiteert van de samenwerking maar brengt nauwelijks iets in."""
        self.risk("halen_brengen_uit_balans", "middel")
        self.advise("halen_en_brengen_bespreken", "halen_brengen_uit_balans")

    @Rule(Obs(key="deelname_aarzeling", value=JA_DEELS))
    @about(sources=["handreiking §1.2.3"],
           concludes=["risico:drempel_om_mee_te_doen", "interventie:meedoen_naar_vermogen"])
    def aarzeling_om_mee_te_doen(self):
        """Inwoners, vrijwilligers of ondernemers aarzelen om zich te verbinden."""
        self.risk("drempel_om_mee_te_doen", "laag")
        self.advise("meedoen_naar_vermogen", "drempel_om_mee_te_doen")

    @Rule(Obs(key="ambitie_recent_besproken", value="nee"), Phase(nummer=at_least(4)))
    @about(sources=["handreiking §1.2.5"], concludes=["risico:ambitie_uit_beeld", "interventie:ambitie_afstoffen"])
    def ambitie_niet_herzien(self):
        """In fase 4 of 5 is de ambitie het afgelopen jaar niet opnieuw besproken."""
        self.risk("ambitie_uit_beeld", "middel")
        self.advise("ambitie_afstoffen", "ambitie_uit_beeld")

    @Rule(Risk(id="ambitie_uit_beeld"), Obs(key="opgericht_op", dagen=at_most(-730)))
    @about(sources=["handreiking §1.2.5"], concludes=["risico:ambitie_uit_beeld"])
    def ambitie_uit_beeld_oude_coalitie(self):
        """De ambitie is niet herzien en de coalitie bestaat al meer dan twee jaar: het risico weegt zwaarder."""
        self.risk("ambitie_uit_beeld", "hoog")

    @Rule(Obs(key="resultaten_gedeeld", value="nee"), Phase(nummer=at_least(4)))
    @about(sources=["handreiking §1.2.5"], concludes=["risico:resultaten_onzichtbaar", "interventie:resultaten_delen"])
    def resultaten_niet_gedeeld(self):
        """In fase 4 of 5 worden resultaten niet breed gedeeld."""
        self.risk("resultaten_onzichtbaar", "laag")
        self.advise("resultaten_delen", "resultaten_onzichtbaar")

    @Rule(Obs(key="evaluatiemoment", value="nee"), Phase(nummer=at_least(3)))
    @about(sources=["handreiking §1.3", "handreiking §1.2.4 \"Partijen veranderen\""],
           concludes=["risico:geen_reflectie", "interventie:evaluatiemoment_organiseren"])
    def geen_evaluatiemoment(self):
        """Vanaf fase 3 staan de partners nooit samen stil bij hoe de samenwerking loopt."""
        self.risk("geen_reflectie", "middel")
        self.advise("evaluatiemoment_organiseren", "geen_reflectie")

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
