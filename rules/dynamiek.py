"""Dynamics over time and between people.

What happens to a coalition as time passes — the subsidy that runs out
(handreiking §1.3 "Dilemma: subsidie nodig of niet?"), partners whose people or
motives change (§1.2.4 "Partijen veranderen"), anchoring that starts too late,
monitoring, a key partner leaving, the network dip and re-evaluation
(§1.2.5–§1.2.6) — and what happens between the people at the table, from the
Common Eye blogs: the conflict thermometer, split loyalties, governance
dilemmas, confusion of tongues, connective leadership, the four forms of
support, room within boundaries and regional work.

Time matters: the subsidy end date and the founding date are weighed against
the interview date (``Obs.dagen``). The conflict thermometer reads one level
from combinations of observed behaviour; each lower level stays silent when a
hallmark of a higher level was observed, so a case shows the level it is at,
with the interventions for that level.
"""
from __future__ import annotations

from diagnose._experta import MATCH
from diagnose.rulekit import (NOT, TEST, L, Obs, Partner, PartnerObs, Phase, Risk, Rule, RuleSet,
                              Signal, about, at_least, at_most, within_days)

SUBSIDIE = "handreiking §1.3 \"Dilemma: subsidie nodig of niet?\""
VERANDEREN = "handreiking §1.2.4 \"Partijen veranderen\""
THERMOMETER = "common-eye \"In conflict, wat is de temperatuur van jouw samenwerking?\""
SAMENDOEN = "common-eye \"Hoe moeilijk kan het samendoen zijn\""
SPLIT = "common-eye \"Split loyalties in samenwerkingsverbanden\""
BESTUURLIJK = "common-eye \"Bestuurlijke dilemma's in het onderwijs\""
SPRAAK = "common-eye \"Spraakverwarring bij samenwerken\""
LEIDERSCHAP = "common-eye \"Verbindend leiderschap\""
EIGENAARSCHAP = "common-eye \"Eigenaarschap in het onderwijs\""
REGIONAAL = "common-eye \"Grensontkennend denken voor een regionale energiestrategie\""

ACTIEF = L("ja") | L("deels")
EMOTIONEEL = L("geirriteerd") | L("verhit")
VERANDERING = (L("nieuwe_vertegenwoordiger") | L("nieuwe_bestuurder") | L("andere_prioriteiten")
               | L("nieuwe_financiering"))
EENZAAMHEID_EERST = L("inwoner") | L("vereniging")


class DynamicsRules(RuleSet):

    # -- the subsidy dilemma ------------------------------------------------------------------
    @Rule(Obs(key="subsidie_ontvangen", value="ja"), Obs(key="eigen_middelen", value="geen"))
    @about(sources=[SUBSIDIE], concludes=["signaal:subsidie_draagt_alles"])
    def subsidie_zonder_eigen_inbreng(self):
        """Er is subsidie en de partners brengen daarnaast geen eigen middelen in."""
        self.signal("subsidie_draagt_alles")

    @Rule(Obs(key="subsidie_einddatum", dagen=within_days(0, 183)),
          Obs(key="vervolg_na_subsidie_besproken", value="nee"),
          NOT(Obs(key="eigen_middelen", value="afgesproken_mix")))
    @about(sources=[SUBSIDIE],
           concludes=["risico:subsidieval", "interventie:vervolg_na_subsidie_bespreken",
                      "interventie:mix_subsidie_eigen_middelen"])
    def subsidieval_binnen_half_jaar(self):
        """De subsidie stopt binnen een half jaar na het gesprek, over daarna is niet gesproken
        en er is geen afgesproken mix met eigen middelen."""
        self.risk("subsidieval", "hoog")
        self.advise("vervolg_na_subsidie_bespreken", "subsidieval")
        self.advise("mix_subsidie_eigen_middelen", "subsidieval")

    @Rule(Obs(key="subsidie_einddatum", dagen=within_days(184, 365)),
          Obs(key="vervolg_na_subsidie_besproken", value="nee"),
          NOT(Obs(key="eigen_middelen", value="afgesproken_mix")))
    @about(sources=[SUBSIDIE],
           concludes=["risico:subsidieval", "interventie:vervolg_na_subsidie_bespreken",
                      "interventie:mix_subsidie_eigen_middelen"])
    def subsidieval_binnen_jaar(self):
        """De subsidie stopt over een half tot een heel jaar, over daarna is niet gesproken
        en er is geen afgesproken mix met eigen middelen."""
        self.risk("subsidieval", "middel")
        self.advise("vervolg_na_subsidie_bespreken", "subsidieval")
        self.advise("mix_subsidie_eigen_middelen", "subsidieval")

    @Rule(Obs(key="subsidie_einddatum", dagen=within_days(0, 183)),
          Obs(key="vervolg_na_subsidie_besproken", value="begonnen"),
          NOT(Obs(key="eigen_middelen", value="afgesproken_mix")))
    @about(sources=[SUBSIDIE], concludes=["risico:subsidieval", "interventie:mix_subsidie_eigen_middelen"])
    def subsidieval_gesprek_zonder_afspraken(self):
        """De subsidie stopt binnen een half jaar; het gesprek over daarna is begonnen maar
        heeft nog geen afspraken of mix met eigen middelen opgeleverd."""
        self.risk("subsidieval", "middel")
        self.advise("mix_subsidie_eigen_middelen", "subsidieval")

    @Rule(Signal(id="subsidie_draagt_alles"),
          Obs(key="subsidie_einddatum", dagen=at_least(366)),
          Obs(key="vervolg_na_subsidie_besproken", value="nee"))
    @about(sources=[SUBSIDIE],
           concludes=["risico:subsidieval", "interventie:vervolg_na_subsidie_bespreken"])
    def subsidieval_op_termijn(self):
        """Alles draait op subsidie en niemand denkt na over daarna, al loopt de subsidie nog
        langer dan een jaar: de tragiek van de goede bedoelingen, nu nog een aandachtspunt."""
        self.risk("subsidieval", "laag")
        self.advise("vervolg_na_subsidie_bespreken", "subsidieval")

    @Rule(Obs(key="subsidie_einddatum", dagen=at_most(-1)),
          Obs(key="vervolg_na_subsidie_besproken", value="nee"),
          Obs(key="activiteiten_lopen", value=ACTIEF),
          NOT(Obs(key="eigen_middelen", value="afgesproken_mix")))
    @about(sources=[SUBSIDIE, "handreiking §1.2.5"],
           concludes=["risico:subsidieval", "interventie:vervolg_na_subsidie_bespreken"])
    def subsidie_verlopen_zonder_vervolg(self):
        """De subsidie is al afgelopen, activiteiten lopen nog, maar er is niets geregeld voor
        daarna: de val is dichtgeklapt."""
        self.risk("subsidieval", "hoog")
        self.advise("vervolg_na_subsidie_bespreken", "subsidieval")

    @Rule(Signal(id="subsidie_draagt_alles"), Phase(nummer=at_most(3)))
    @about(sources=[SUBSIDIE],
           concludes=["interventie:meerwaarde_zichtbaar_maken", "interventie:mix_subsidie_eigen_middelen"])
    def subsidie_als_startzetje(self):
        """In fase 1–3 draait alles op subsidie: gebruik haar als zetje en laat de meerwaarde zien,
        en begin al met een mix van eigen middelen."""
        self.advise("meerwaarde_zichtbaar_maken", "subsidie_draagt_alles")
        self.advise("mix_subsidie_eigen_middelen", "subsidie_draagt_alles")

    @Rule(Signal(id="subsidie_draagt_alles"), Phase(nummer=at_least(4)),
          NOT(Obs(key="verankering_besproken", value="afgesproken")))
    @about(sources=[SUBSIDIE, "handreiking §1.2.5"],
           concludes=["interventie:verankering_tijdig_agenderen"])
    def subsidie_afhankelijk_bij_bestendigen(self):
        """In fase 4–5 draait alles nog op subsidie en er zijn geen afspraken over verankering."""
        self.advise("verankering_tijdig_agenderen", "subsidie_draagt_alles")

    # -- monitoring and anchoring -------------------------------------------------------------
    @Rule(Obs(key="monitoring", value="nee"), Phase(nummer=at_least(4)))
    @about(sources=["handreiking §1.2.5"],
           concludes=["risico:niet_leren_van_resultaten", "interventie:monitoring_inrichten"])
    def monitoring_ontbreekt_bij_bestendigen(self):
        """In fase 4 of 5 houdt de coalitie niet bij wat haar activiteiten opleveren."""
        self.risk("niet_leren_van_resultaten", "laag")
        self.advise("monitoring_inrichten", "niet_leren_van_resultaten")

    @Rule(Obs(key="monitoring", value="nee"), Obs(key="subsidie_einddatum", dagen=within_days(0, 365)))
    @about(sources=["handreiking §1.2.5", SUBSIDIE],
           concludes=["risico:niet_leren_van_resultaten", "interventie:meerwaarde_zichtbaar_maken",
                      "interventie:monitoring_inrichten"])
    def monitoring_ontbreekt_voor_subsidie_einde(self):
        """Er is geen monitoring terwijl de subsidie binnen een jaar afloopt: de meerwaarde kan
        niet worden aangetoond wanneer over voortzetting besloten wordt."""
        self.risk("niet_leren_van_resultaten", "middel")
        self.advise("meerwaarde_zichtbaar_maken", "niet_leren_van_resultaten")
        self.advise("monitoring_inrichten", "niet_leren_van_resultaten")

    @Rule(Obs(key="verankering_besproken", value="nee"), Phase(nummer=at_least(4)))
    @about(sources=["handreiking §1.2.5"],
           concludes=["risico:verankering_te_laat", "interventie:verankering_tijdig_agenderen"])
    def verankering_nog_niet_besproken(self):
        """In fase 4 of 5 is nog niet besproken hoe de aanpak blijft bestaan."""
        self.risk("verankering_te_laat", "laag")
        self.advise("verankering_tijdig_agenderen", "verankering_te_laat")

    @Rule(Obs(key="verankering_besproken", value="nee"), Obs(key="opgericht_op", dagen=at_most(-730)),
          Phase(nummer=at_least(4)))
    @about(sources=["handreiking §1.2.5"], concludes=["risico:verankering_te_laat"])
    def verankering_te_laat_oude_coalitie(self):
        """De coalitie loopt al meer dan twee jaar en in fase 4–5 is verankering nog niet besproken:
        het gesprek komt laat."""
        self.risk("verankering_te_laat", "middel")

    @Rule(Obs(key="verankering_besproken", value="nee"), Obs(key="subsidie_einddatum", dagen=within_days(0, 365)))
    @about(sources=["handreiking §1.2.5", SUBSIDIE],
           concludes=["risico:verankering_te_laat", "interventie:verankering_tijdig_agenderen"])
    def verankering_onbesproken_einde_in_zicht(self):
        """Verankering is niet besproken terwijl de subsidie binnen een jaar na het gesprek afloopt."""
        self.risk("verankering_te_laat", "hoog")
        self.advise("verankering_tijdig_agenderen", "verankering_te_laat")

    @Rule(PartnerObs(partner=MATCH.p, key="kondigt_vertrek_aan", value="ja"),
          Partner(naam=MATCH.p, kern=True),
          NOT(Obs(key="verankering_besproken", value="afgesproken")))
    @about(sources=["handreiking §1.2.5"],
           concludes=["risico:sleutelpartner_vertrekt", "interventie:afscheid_goed_regelen",
                      "interventie:verankering_tijdig_agenderen"])
    def kernpartner_vertrekt_zonder_uittreedafspraken(self, p):
        """Een kernpartner wil stoppen of afbouwen en er zijn geen afspraken over uitstappen."""
        self.risk("sleutelpartner_vertrekt", "middel", partner=p)
        self.advise("afscheid_goed_regelen", "sleutelpartner_vertrekt", partner=p)
        self.advise("verankering_tijdig_agenderen", "sleutelpartner_vertrekt")

    @Rule(PartnerObs(partner=MATCH.p, key="kondigt_vertrek_aan", value="ja"),
          Partner(naam=MATCH.p, coordinator=True))
    @about(sources=["handreiking §1.2.5"],
           concludes=["risico:sleutelpartner_vertrekt", "interventie:afscheid_goed_regelen"])
    def spin_in_het_web_vertrekt(self, p):
        """De partner die de netwerkcoördinatie voert wil stoppen of afbouwen: de spin in het web valt weg."""
        self.risk("sleutelpartner_vertrekt", "hoog", partner=p)
        self.advise("afscheid_goed_regelen", "sleutelpartner_vertrekt", partner=p)

    # -- changing parties ---------------------------------------------------------------------
    @Rule(Obs(key="veranderingen_bij_partners", value=VERANDERING))
    @about(sources=[VERANDEREN], concludes=["signaal:speelveld_veranderd"])
    def speelveld_veranderd_door_partners(self):
        """Bij een partner is een persoon, bestuurder, motief of geldstroom veranderd."""
        self.signal("speelveld_veranderd")

    @Rule(Signal(id="speelveld_veranderd"), Obs(key="veranderingen_besproken", value="nee"))
    @about(sources=[VERANDEREN],
           concludes=["risico:verandering_onbesproken", "interventie:veranderingen_bespreken"])
    def veranderingen_niet_besproken(self):
        """Het speelveld is veranderd en dat is in de coalitie niet besproken."""
        self.risk("verandering_onbesproken", "middel")
        self.advise("veranderingen_bespreken", "verandering_onbesproken")

    @Rule(Signal(id="speelveld_veranderd"), Obs(key="veranderingen_besproken", value="nee"),
          Risk(id="geen_reflectie"))
    @about(sources=[VERANDEREN, "handreiking §1.3"],
           concludes=["risico:verandering_onbesproken", "interventie:evaluatiemoment_organiseren"])
    def veranderingen_zonder_evaluatiemoment(self):
        """Veranderingen bij partners zijn niet besproken én er is nooit een moment om samen
        stil te staan bij de samenwerking: ontevredenheid heeft geen uitweg."""
        self.risk("verandering_onbesproken", "hoog")
        self.advise("evaluatiemoment_organiseren", "verandering_onbesproken")

    @Rule(Signal(id="speelveld_veranderd"), Obs(key="partner_wil_bijstellen", value="ja"))
    @about(sources=[VERANDEREN], concludes=["interventie:sociale_reflexiviteit"])
    def bijstelling_na_verandering(self):
        """Na een verandering bij partners vraagt een partner om uitstel of een andere werkwijze:
        begrip over en weer is nodig."""
        self.advise("sociale_reflexiviteit", "speelveld_veranderd")

    @Rule(Obs(key="partner_wil_bijstellen", value="ja"), Obs(key="evaluatiemoment", value="nee"))
    @about(sources=[VERANDEREN],
           concludes=["risico:verandering_onbesproken", "interventie:veranderingen_bespreken"])
    def bijstelling_zonder_gespreksruimte(self):
        """Een partner wil afspraken bijstellen, maar er is geen vast moment om dat samen te bespreken."""
        self.risk("verandering_onbesproken", "middel")
        self.advise("veranderingen_bespreken", "verandering_onbesproken")

    # -- network dip, re-evaluation, bundling -------------------------------------------------
    @Rule(Obs(key="energie_afgenomen", value="ja"), Obs(key="kernpartners_contact_buiten_overleg", value="nee"))
    @about(sources=["handreiking §1.2.6", "handreiking §3.3.3"], concludes=["signaal:netwerk_verliest_energie"])
    def netwerk_minder_hecht(self):
        """Opkomst en inbreng lopen terug én de kernpartners zoeken elkaar buiten het overleg niet op."""
        self.signal("netwerk_verliest_energie")

    @Rule(Signal(id="netwerk_verliest_energie"), Phase(nummer=at_least(4)))
    @about(sources=["handreiking §1.2.6"], concludes=["risico:netwerkdip", "interventie:nieuwe_impuls"])
    def netwerkdip_na_de_opbouw(self):
        """Een coalitie in fase 4 of 5 verliest energie en hechtheid: een netwerkdip."""
        self.risk("netwerkdip", "middel")
        self.advise("nieuwe_impuls", "netwerkdip")

    @Rule(Signal(id="netwerk_verliest_energie"), Obs(key="bestaansvraag_gesteld", value="ja"))
    @about(sources=["handreiking §1.2.6"],
           concludes=["risico:netwerkdip", "interventie:nieuwe_impuls",
                      "interventie:bestaansvraag_bespreekbaar_maken"])
    def netwerkdip_met_twijfel_aan_zin(self):
        """Het netwerk verliest energie en partners vragen zich hardop af of het nog zin heeft."""
        self.risk("netwerkdip", "hoog")
        self.advise("nieuwe_impuls", "netwerkdip")
        self.advise("bestaansvraag_bespreekbaar_maken", "netwerkdip")

    @Rule(Risk(id="geen_reflectie"), Obs(key="bestaansvraag_gesteld", value="ja"))
    @about(sources=["handreiking §1.2.6"], concludes=["interventie:bestaansvraag_bespreekbaar_maken"])
    def bestaansvraag_zonder_reflectiemoment(self):
        """Partners twijfelen aan de zin van de coalitie, maar er is geen moment om samen te reflecteren."""
        self.advise("bestaansvraag_bespreekbaar_maken", "geen_reflectie")

    @Rule(Obs(key="herijking_gaande", value="ja"), Obs(key="herijking_begeleid", value="nee"))
    @about(sources=["handreiking §1.2.6"],
           concludes=["risico:herijking_zonder_begeleiding", "interventie:herijking_laten_begeleiden"])
    def herijking_onbegeleid(self):
        """Er loopt een herbezinning op het bestaan van de coalitie zonder iemand die haar begeleidt."""
        self.risk("herijking_zonder_begeleiding", "middel")
        self.advise("herijking_laten_begeleiden", "herijking_zonder_begeleiding")

    @Rule(Obs(key="bundeling_besproken", value="ja"), Obs(key="eenzaamheidspartners_bij_bundeling", value="nee"),
          Partner(type=EENZAAMHEID_EERST))
    @about(sources=["handreiking §1.2.6"],
           concludes=["risico:focus_eenzaamheid_verdwijnt", "interventie:eenzaamheidspartners_verbonden_houden"])
    def bundeling_zonder_eenzaamheidspartners(self):
        """Samengaan met andere tafels wordt besproken zonder de inwoners of vrijwilligersgroepen
        die aan tafel zitten en voor wie eenzaamheid voorop staat."""
        self.risk("focus_eenzaamheid_verdwijnt", "middel")
        self.advise("eenzaamheidspartners_verbonden_houden", "focus_eenzaamheid_verdwijnt")

    # -- the conflict thermometer -------------------------------------------------------------
    @Rule(Obs(key="discussiepunten_keren_terug", value="ja"))
    @about(sources=[THERMOMETER], concludes=["signaal:het_schuurt"])
    def schuren_door_terugkerende_discussie(self):
        """Dezelfde discussiepunten komen steeds terug."""
        self.signal("het_schuurt")

    @Rule(Obs(key="partners_controleren_elkaar", value="ja"))
    @about(sources=[THERMOMETER, "handreiking §3.3.3"], concludes=["signaal:het_schuurt"])
    def schuren_door_waakzaamheid(self):
        """Partners houden elkaars stappen waakzaam in de gaten."""
        self.signal("het_schuurt")

    @Rule(Obs(key="discussiepunten_keren_terug", value="ja"), Obs(key="partners_controleren_elkaar", value="ja"),
          NOT(Obs(key="sfeer_in_overleg", value=EMOTIONEEL)),
          NOT(Obs(key="verwijten_over_en_weer", value="ja")),
          NOT(Obs(key="standpunten_overheersen", value="ja")),
          NOT(Obs(key="dreigen_met_vertrek", value="ja")),
          NOT(Obs(key="elkaar_ontlopen", value="ja")))
    @about(sources=[THERMOMETER],
           concludes=["risico:samenwerking_schuurt", "interventie:spanning_bespreekbaar_maken"])
    def thermometer_schuurt(self):
        """Terugkerende discussiepunten en waakzame partners, zonder oplopende emoties, verwijten,
        vaste standpunten, dreigementen of ontlopen: de thermometer staat op 'het schuurt'."""
        self.risk("samenwerking_schuurt", "laag")
        self.advise("spanning_bespreekbaar_maken", "samenwerking_schuurt")

    @Rule(Signal(id="het_schuurt"), Obs(key="twijfel_over_koers", value="ja"),
          NOT(Obs(key="sfeer_in_overleg", value=EMOTIONEEL)),
          NOT(Obs(key="verwijten_over_en_weer", value="ja")),
          NOT(Obs(key="standpunten_overheersen", value="ja")),
          NOT(Obs(key="dreigen_met_vertrek", value="ja")),
          NOT(Obs(key="elkaar_ontlopen", value="ja")))
    @about(sources=[THERMOMETER],
           concludes=["risico:samenwerking_schuurt", "interventie:spanning_bespreekbaar_maken"])
    def thermometer_schuurt_met_twijfel(self):
        """Het schuurt en partners twijfelen buiten het overleg aan de koers, zonder tekenen van een
        hogere stand (emoties, verwijten, vaste standpunten, dreigen, ontlopen): 'het schuurt'."""
        self.risk("samenwerking_schuurt", "laag")
        self.advise("spanning_bespreekbaar_maken", "samenwerking_schuurt")

    @Rule(Signal(id="het_schuurt"), Obs(key="sfeer_in_overleg", value=EMOTIONEEL),
          NOT(Obs(key="verwijten_over_en_weer", value="ja")),
          NOT(Obs(key="standpunten_overheersen", value="ja")),
          NOT(Obs(key="voortgang_stokt", value="ja")))
    @about(sources=[THERMOMETER],
           concludes=["risico:emoties_lopen_op", "interventie:niveaus_helpen_onderscheiden",
                      "interventie:spanning_bespreekbaar_maken"])
    def thermometer_emoties(self):
        """Het schuurt en in het overleg klinken irritatie of verheffing, zonder verwijten, vaste
        standpunten of vastgelopen samenwerking: de emoties lopen op."""
        self.risk("emoties_lopen_op", "middel")
        self.advise("niveaus_helpen_onderscheiden", "emoties_lopen_op")
        self.advise("spanning_bespreekbaar_maken", "emoties_lopen_op")

    @Rule(Obs(key="verwijten_over_en_weer", value="ja"), Obs(key="sfeer_in_overleg", value=EMOTIONEEL),
          NOT(Obs(key="voortgang_stokt", value="ja")))
    @about(sources=[THERMOMETER],
           concludes=["risico:standpunten_verhard", "interventie:negatief_positief_formuleren",
                      "interventie:schillen_en_afpellen"])
    def thermometer_negatieve_dynamiek(self):
        """Partners maken elkaar verwijten terwijl de emoties hoog zitten, maar de samenwerking loopt
        nog: negatieve dynamiek."""
        self.risk("standpunten_verhard", "middel")
        self.advise("negatief_positief_formuleren", "standpunten_verhard")
        self.advise("schillen_en_afpellen", "standpunten_verhard")

    @Rule(Obs(key="standpunten_overheersen", value="ja"), Obs(key="sfeer_in_overleg", value=EMOTIONEEL),
          NOT(Obs(key="voortgang_stokt", value="ja")))
    @about(sources=[THERMOMETER, "handreiking §3.3.2"],
           concludes=["risico:standpunten_verhard", "interventie:schillen_en_afpellen"])
    def thermometer_vaste_standpunten(self):
        """Gesprekken blijven hangen in standpunten terwijl de emoties oplopen, maar de samenwerking
        loopt nog: van standpunt naar belang pellen is nodig."""
        self.risk("standpunten_verhard", "middel")
        self.advise("schillen_en_afpellen", "standpunten_verhard")

    @Rule(Obs(key="voortgang_stokt", value="ja"), Obs(key="sfeer_in_overleg", value=EMOTIONEEL))
    @about(sources=[THERMOMETER, SAMENDOEN],
           concludes=["risico:conflict_blokkeert_samenwerking", "interventie:mediation",
                      "interventie:schillen_en_afpellen"])
    def thermometer_conflict_emoties(self):
        """De samenwerking zit vast en in het overleg lopen de emoties hoog op: een conflict dat
        het werk blokkeert."""
        self.risk("conflict_blokkeert_samenwerking", "hoog")
        self.advise("mediation", "conflict_blokkeert_samenwerking")
        self.advise("schillen_en_afpellen", "conflict_blokkeert_samenwerking")

    @Rule(Obs(key="voortgang_stokt", value="ja"), Obs(key="dreigen_met_vertrek", value="ja"))
    @about(sources=[THERMOMETER, SAMENDOEN],
           concludes=["risico:conflict_blokkeert_samenwerking", "interventie:mediation",
                      "interventie:schillen_en_afpellen"])
    def thermometer_conflict_dreigement(self):
        """De samenwerking zit vast en een partner dreigt haar te verlaten: conflict."""
        self.risk("conflict_blokkeert_samenwerking", "hoog")
        self.advise("mediation", "conflict_blokkeert_samenwerking")
        self.advise("schillen_en_afpellen", "conflict_blokkeert_samenwerking")

    @Rule(Obs(key="voortgang_stokt", value="ja"), Obs(key="elkaar_ontlopen", value="ja"),
          Obs(key="onenigheid_zelf_besproken", value="zonder_resultaat"))
    @about(sources=[THERMOMETER, SAMENDOEN],
           concludes=["risico:conflict_blokkeert_samenwerking", "interventie:mediation"])
    def thermometer_conflict_vastgelopen(self):
        """De samenwerking zit vast, mensen ontlopen elkaar en een eigen poging om het uit te praten
        liep op niets uit: conflict dat partijen zelf niet oplossen."""
        self.risk("conflict_blokkeert_samenwerking", "hoog")
        self.advise("mediation", "conflict_blokkeert_samenwerking")

    @Rule(PartnerObs(partner=MATCH.a, key="betrokken_bij_onenigheid", value="ja"),
          Partner(naam=MATCH.a, kern=True),
          PartnerObs(partner=MATCH.b, key="betrokken_bij_onenigheid", value="ja"),
          Partner(naam=MATCH.b, kern=True),
          TEST(lambda a, b: a < b))
    @about(sources=[THERMOMETER, "handreiking §3.3.3"], concludes=["signaal:onenigheid_tussen_kernpartners"])
    def onenigheid_binnen_de_kern(self, a, b):
        """Twee of meer kernpartners zijn partij in de spanning."""
        self.signal("onenigheid_tussen_kernpartners")

    @Rule(Signal(id="onenigheid_tussen_kernpartners"), Risk(id="emoties_lopen_op", ernst="middel"))
    @about(sources=[THERMOMETER, SAMENDOEN], concludes=["interventie:teamcoaching"])
    def kern_emoties_teamcoaching(self):
        """De emoties lopen op tussen kernpartners: de kerngroep als team heeft begeleiding nodig."""
        self.advise("teamcoaching", "emoties_lopen_op")

    @Rule(Signal(id="onenigheid_tussen_kernpartners"), Risk(id="standpunten_verhard", ernst="middel"))
    @about(sources=[THERMOMETER, SAMENDOEN],
           concludes=["risico:standpunten_verhard", "interventie:teamcoaching"])
    def kern_in_negatieve_dynamiek(self):
        """De negatieve dynamiek speelt tussen kernpartners: dat raakt het hart van de coalitie."""
        self.risk("standpunten_verhard", "hoog")
        self.advise("teamcoaching", "standpunten_verhard")

    @Rule(Risk(id="standpunten_verhard", ernst="middel"),
          Obs(key="onenigheid_zelf_besproken", value="zonder_resultaat"))
    @about(sources=[THERMOMETER, SAMENDOEN], concludes=["interventie:mediation"])
    def verharding_zelf_niet_opgelost(self):
        """De standpunten zijn verhard en een eigen poging om het uit te praten hielp niet:
        een mediation-achtige aanpak past al voordat het werk stilvalt."""
        self.advise("mediation", "standpunten_verhard")

    @Rule(Risk(id="geen_reflectie"), Signal(id="het_schuurt"))
    @about(sources=[SAMENDOEN, THERMOMETER], concludes=["interventie:teamcoaching"])
    def schuren_zonder_reflectie(self):
        """Het schuurt en de partners staan nooit samen stil bij hun samenwerking: gezamenlijke
        reflectie met een teamcoach helpt."""
        self.advise("teamcoaching", "geen_reflectie")

    # -- split loyalties ----------------------------------------------------------------------
    @Rule(Obs(key="achterban_vreest_identiteitsverlies", value="ja"))
    @about(sources=[SPLIT, BESTUURLIJK], concludes=["signaal:dubbele_loyaliteit"])
    def loyaliteit_aan_eigen_organisatie(self):
        """De eigen organisatie van een partner vindt dat de samenwerking ten koste gaat van haar identiteit."""
        self.signal("dubbele_loyaliteit")

    @Rule(Obs(key="partners_ook_concurrent", value="ja"))
    @about(sources=[SPLIT], concludes=["signaal:dubbele_loyaliteit"])
    def loyaliteit_bij_wisselende_rollen(self):
        """Partners zijn elders elkaars concurrent of opdrachtgever en onderaannemer."""
        self.signal("dubbele_loyaliteit")

    @Rule(Signal(id="dubbele_loyaliteit"), Obs(key="reflectieruimte_bestuurders", value="nee"))
    @about(sources=[SPLIT, SAMENDOEN],
           concludes=["risico:gespleten_loyaliteit", "interventie:individuele_coaching"])
    def gespleten_loyaliteit_zonder_reflectieruimte(self):
        """Bestuurders staan tussen de coalitie en hun eigen organisatie of concurrenten, en hebben
        geen plek om die afwegingen te bespreken."""
        self.risk("gespleten_loyaliteit", "middel")
        self.advise("individuele_coaching", "gespleten_loyaliteit")

    @Rule(Obs(key="achterban_vreest_identiteitsverlies", value="ja"), Obs(key="partners_ook_concurrent", value="ja"))
    @about(sources=[SPLIT], concludes=["risico:gespleten_loyaliteit", "interventie:loyaliteiten_benoemen"])
    def gespleten_loyaliteit_op_twee_assen(self):
        """De spanning speelt op beide assen: met de eigen organisatie én tussen partners die elders concurrent zijn."""
        self.risk("gespleten_loyaliteit", "middel")
        self.advise("loyaliteiten_benoemen", "gespleten_loyaliteit")

    @Rule(Signal(id="dubbele_loyaliteit"), Obs(key="voorzitter_ook_partner", value="ja"))
    @about(sources=[SPLIT, LEIDERSCHAP],
           concludes=["risico:gespleten_loyaliteit", "interventie:hamer_uit_handen"])
    def voorzitter_met_dubbele_pet(self):
        """Er spelen gespleten loyaliteiten en de voorzitter van de coalitie is ook bestuurder van een partner."""
        self.risk("gespleten_loyaliteit", "middel")
        self.advise("hamer_uit_handen", "gespleten_loyaliteit")

    @Rule(Signal(id="dubbele_loyaliteit"), Obs(key="voorzitter_ook_partner", value="ja"),
          Obs(key="reflectieruimte_bestuurders", value="nee"))
    @about(sources=[SPLIT], concludes=["risico:gespleten_loyaliteit"])
    def voorzitter_loyaliteit_zonder_reflectie(self):
        """De voorzitter draagt twee petten in een veld vol gespleten loyaliteiten en heeft
        nergens ruimte om te reflecteren: het ongemak stapelt zich op."""
        self.risk("gespleten_loyaliteit", "hoog")

    # -- governance dilemmas ------------------------------------------------------------------
    @Rule(PartnerObs(partner=MATCH.p, key="remt_af", value="ja"),
          PartnerObs(partner=MATCH.p, key="achterban_steunt", value="nee"))
    @about(sources=[BESTUURLIJK, SAMENDOEN],
           concludes=["risico:partner_aan_de_handrem", "interventie:mentoring", "interventie:achterban_meenemen"])
    def handrem_zonder_achterban(self, p):
        """Een partner remt besluiten af en zijn eigen achterban staat niet achter de deelname."""
        self.risk("partner_aan_de_handrem", "middel", partner=p)
        self.advise("mentoring", "partner_aan_de_handrem", partner=p)
        self.advise("achterban_meenemen", "partner_aan_de_handrem", partner=p)

    @Rule(PartnerObs(partner=MATCH.p, key="remt_af", value="ja"),
          Obs(key="partners_ook_concurrent", value="ja"))
    @about(sources=[BESTUURLIJK, SAMENDOEN],
           concludes=["risico:partner_aan_de_handrem", "interventie:mentoring"])
    def handrem_bij_concurrentie(self, p):
        """Een partner remt besluiten af in een veld waar partners elkaars concurrent zijn."""
        self.risk("partner_aan_de_handrem", "middel", partner=p)
        self.advise("mentoring", "partner_aan_de_handrem", partner=p)

    @Rule(Risk(id="partner_aan_de_handrem", ernst="middel", partner=MATCH.p), Partner(naam=MATCH.p, kern=True))
    @about(sources=[BESTUURLIJK], concludes=["risico:partner_aan_de_handrem"])
    def handrem_in_de_kern(self, p):
        """De partner die aan de handrem trekt hoort bij de kerngroep: de hele coalitie staat stil."""
        self.risk("partner_aan_de_handrem", "hoog", partner=p)

    # -- confusion of tongues -----------------------------------------------------------------
    @Rule(Obs(key="begrippen_verschillend_ingevuld", value="ja"), Obs(key="langs_elkaar_heen", value="ja"))
    @about(sources=[SPRAAK],
           concludes=["risico:spraakverwarring", "interventie:begrippen_samen_invullen",
                      "interventie:voorwaarden_samenwerkingsgesprek"])
    def spraakverwarring_in_overleg(self):
        """Partners vullen algemene begrippen anders in en praten langs elkaar heen."""
        self.risk("spraakverwarring", "middel")
        self.advise("begrippen_samen_invullen", "spraakverwarring")
        self.advise("voorwaarden_samenwerkingsgesprek", "spraakverwarring")

    @Rule(Obs(key="begrippen_verschillend_ingevuld", value="ja"), Obs(key="discussiepunten_keren_terug", value="ja"))
    @about(sources=[SPRAAK, THERMOMETER],
           concludes=["risico:spraakverwarring", "interventie:begrippen_samen_invullen"])
    def spraakverwarring_voedt_discussie(self):
        """Discussies keren steeds terug terwijl partners dezelfde woorden anders invullen."""
        self.risk("spraakverwarring", "middel")
        self.advise("begrippen_samen_invullen", "spraakverwarring")

    @Rule(Obs(key="begrippen_verschillend_ingevuld", value="ja"), Signal(id="ambitie_ondiep"))
    @about(sources=[SPRAAK, "handreiking §3.3.1"],
           concludes=["risico:spraakverwarring", "interventie:begrippen_samen_invullen"])
    def spraakverwarring_achter_algemene_ambitie(self):
        """De ambitie staat in algemene woorden en partners vullen die woorden elk anders in."""
        self.risk("spraakverwarring", "laag")
        self.advise("begrippen_samen_invullen", "spraakverwarring")

    # -- connective leadership ----------------------------------------------------------------
    @Rule(Obs(key="trekker_drukt_door", value="ja"), Obs(key="sleutelbijeenkomst_voorbereid", value="nee"))
    @about(sources=[LEIDERSCHAP, "handreiking §3.3.3"],
           concludes=["risico:leiderschap_niet_verbindend", "interventie:scenarios_doordenken",
                      "interventie:hamer_uit_handen"])
    def doordrukken_zonder_scenarios(self):
        """De trekker drukt voorstellen door, stuit op weerstand en denkt belangrijke bijeenkomsten
        niet vooraf door."""
        self.risk("leiderschap_niet_verbindend", "middel")
        self.advise("scenarios_doordenken", "leiderschap_niet_verbindend")
        self.advise("hamer_uit_handen", "leiderschap_niet_verbindend")

    @Rule(Obs(key="pijnpunten_eerst", value="ja"), Obs(key="bestuurlijk_commitment", value=L("nee") | L("deels")))
    @about(sources=[LEIDERSCHAP],
           concludes=["risico:leiderschap_niet_verbindend", "interventie:verleiden_met_successen"])
    def pijnpunten_zonder_draagvlak(self):
        """Bestuurders zijn niet (helemaal) aan boord en de trekker begint bij hen met de knelpunten."""
        self.risk("leiderschap_niet_verbindend", "laag")
        self.advise("verleiden_met_successen", "leiderschap_niet_verbindend")

    # -- room within boundaries, regional work -----------------------------------------------
    @Rule(Obs(key="werkt_binnen_bovenlokale_kaders", value="ja"), Obs(key="lokale_invulling_mogelijk", value="nee"))
    @about(sources=[EIGENAARSCHAP],
           concludes=["risico:kaders_zonder_ruimte", "interventie:ruimte_binnen_grenzen"])
    def kaders_zonder_lokale_ruimte(self):
        """De coalitie werkt binnen kaders van een hoger niveau zonder ruimte om die lokaal in te vullen."""
        self.risk("kaders_zonder_ruimte", "middel")
        self.advise("ruimte_binnen_grenzen", "kaders_zonder_ruimte")

    @Rule(Obs(key="werkt_binnen_bovenlokale_kaders", value="ja"), Obs(key="regionaal_botst_met_lokaal", value="ja"))
    @about(sources=[REGIONAAL], concludes=["risico:regionaal_tegen_lokaal", "interventie:elkaar_iets_gunnen"])
    def regionale_afspraken_lokaal_niet_gedragen(self):
        """Regionale afspraken botsen met wat lokaal geaccepteerd wordt."""
        self.risk("regionaal_tegen_lokaal", "middel")
        self.advise("elkaar_iets_gunnen", "regionaal_tegen_lokaal")
