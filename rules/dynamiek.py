"""Dynamics over time and between people.

What happens to a coalition as time passes — the subsidy that runs out
(handreiking §1.3 "Dilemma: subsidie nodig of niet?"), partners whose people or
motives change (§1.2.4 "Partijen veranderen"), anchoring that starts too late,
monitoring, a key partner leaving, the network dip and re-evaluation
(§1.2.5–§1.2.6) — and what happens between the people at the table, from the
Common Eye blogs: the conflict thermometer, split loyalties, governance
dilemmas, confusion of tongues, connective leadership, the four forms of
support, room within boundaries and regional work.

The findings themselves are knowledge records (rules/dynamiek.yaml, codes
DYN001–DYN024): the subsidy trap, anchoring and monitoring, a key partner
leaving, the network dip, the thermometer levels (each absorbing the lower
ones), split loyalties and the rest. What stays here are the signals those
records read and advice that depends on context — above all which of the four
forms of support fits (team coaching for a core group that can still talk,
mediation once the partners' own attempt failed).
"""
from __future__ import annotations

from ..diagnose._experta import MATCH
from ..diagnose.rulekit import (NOT, TEST, L, Obs, Partner, PartnerObs, Phase, Rule, RuleSet, Signal, about,
                              at_least, at_most)

SUBSIDIE = "handreiking §1.3 \"Dilemma: subsidie nodig of niet?\""
VERANDEREN = "handreiking §1.2.4 \"Partijen veranderen\""
THERMOMETER = "common-eye \"In conflict, wat is de temperatuur van jouw samenwerking?\""
SAMENDOEN = "common-eye \"Hoe moeilijk kan het samendoen zijn\""
SPLIT = "common-eye \"Split loyalties in samenwerkingsverbanden\""
BESTUURLIJK = "common-eye \"Bestuurlijke dilemma's in het onderwijs\""
LEIDERSCHAP = "common-eye \"Verbindend leiderschap\""

EMOTIONEEL = L("geirriteerd") | L("verhit")
VERANDERING = (L("nieuwe_vertegenwoordiger") | L("nieuwe_bestuurder") | L("andere_prioriteiten")
               | L("nieuwe_financiering"))


class DynamicsRules(RuleSet):

    # -- the subsidy dilemma ------------------------------------------------------------------
    @Rule(Obs(key="subsidie_ontvangen", value="ja"), Obs(key="eigen_middelen", value="geen"))
    @about(sources=[SUBSIDIE], concludes=["signaal:subsidie_draagt_alles"])
    def subsidie_zonder_eigen_inbreng(self):
        """Er is subsidie en de partners brengen daarnaast geen eigen middelen in."""
        self.signal("subsidie_draagt_alles")

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

    # -- changing parties ---------------------------------------------------------------------
    @Rule(Obs(key="veranderingen_bij_partners", value=VERANDERING))
    @about(sources=[VERANDEREN], concludes=["signaal:speelveld_veranderd"])
    def speelveld_veranderd_door_partners(self):
        """Bij een partner is een persoon, bestuurder, motief of geldstroom veranderd."""
        self.signal("speelveld_veranderd")

    @Rule(Signal(id="speelveld_veranderd"), Obs(key="veranderingen_besproken", value="nee"),
          Obs(key="evaluatiemoment", value="nee"))
    @about(sources=[VERANDEREN, "handreiking §1.3"], concludes=["interventie:evaluatiemoment_organiseren"])
    def veranderingen_zonder_evaluatiemoment(self):
        """Veranderingen bij partners zijn niet besproken én er is nooit een moment om samen
        stil te staan bij de samenwerking: een vast evaluatiemoment geeft ontevredenheid een uitweg
        (advies bij verandering_onbesproken, rules/dynamiek.yaml)."""
        self.advise("evaluatiemoment_organiseren", "verandering_onbesproken")

    @Rule(Signal(id="speelveld_veranderd"), Obs(key="partner_wil_bijstellen", value="ja"))
    @about(sources=[VERANDEREN], concludes=["interventie:sociale_reflexiviteit"])
    def bijstelling_na_verandering(self):
        """Na een verandering bij partners vraagt een partner om uitstel of een andere werkwijze:
        begrip over en weer is nodig."""
        self.advise("sociale_reflexiviteit", "speelveld_veranderd")

    # -- network dip, re-evaluation, bundling -------------------------------------------------
    @Rule(Obs(key="evaluatiemoment", value="nee"), Obs(key="bestaansvraag_gesteld", value="ja"))
    @about(sources=["handreiking §1.2.6"], concludes=["interventie:bestaansvraag_bespreekbaar_maken"])
    def bestaansvraag_zonder_reflectiemoment(self):
        """Partners twijfelen aan de zin van de coalitie, maar er is geen moment om samen te reflecteren."""
        self.advise("bestaansvraag_bespreekbaar_maken", "geen_reflectie")

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

    @Rule(PartnerObs(partner=MATCH.a, key="betrokken_bij_onenigheid", value="ja"),
          Partner(naam=MATCH.a, kern=True),
          PartnerObs(partner=MATCH.b, key="betrokken_bij_onenigheid", value="ja"),
          Partner(naam=MATCH.b, kern=True),
          TEST(lambda a, b: a < b))
    @about(sources=[THERMOMETER, "handreiking §3.3.3"], concludes=["signaal:onenigheid_tussen_kernpartners"])
    def onenigheid_binnen_de_kern(self, a, b):
        """Twee of meer kernpartners zijn partij in de spanning."""
        self.signal("onenigheid_tussen_kernpartners")

    # Which form of support fits (the four are alternatives, kennisbank ``alternatief:
    # ondersteuningsvorm``): team coaching when the tension runs through the core group and
    # the partners can still talk it out; mediation once their own attempt has failed. The
    # advice only shows when the finding it answers (rules/dynamiek.yaml) is raised.
    @Rule(Signal(id="onenigheid_tussen_kernpartners"), Signal(id="het_schuurt"),
          Obs(key="sfeer_in_overleg", value=EMOTIONEEL),
          NOT(Obs(key="onenigheid_zelf_besproken", value="zonder_resultaat")))
    @about(sources=[THERMOMETER, SAMENDOEN], concludes=["interventie:teamcoaching"])
    def kern_emoties_teamcoaching(self):
        """De emoties lopen op tussen kernpartners: de kerngroep als team heeft begeleiding nodig."""
        self.advise("teamcoaching", "emoties_lopen_op")

    @Rule(Signal(id="onenigheid_tussen_kernpartners"),
          Obs(key=L("verwijten_over_en_weer") | L("standpunten_overheersen"), value="ja"),
          NOT(Obs(key="onenigheid_zelf_besproken", value="zonder_resultaat")))
    @about(sources=[THERMOMETER, SAMENDOEN], concludes=["interventie:teamcoaching"])
    def kern_in_negatieve_dynamiek(self):
        """De negatieve dynamiek speelt tussen kernpartners: dat raakt het hart van de coalitie,
        en de kerngroep als team heeft begeleiding nodig."""
        self.advise("teamcoaching", "standpunten_verhard")

    @Rule(Obs(key=L("verwijten_over_en_weer") | L("standpunten_overheersen"), value="ja"),
          Obs(key="onenigheid_zelf_besproken", value="zonder_resultaat"))
    @about(sources=[THERMOMETER, SAMENDOEN], concludes=["interventie:mediation"])
    def verharding_zelf_niet_opgelost(self):
        """De standpunten zijn verhard en een eigen poging om het uit te praten hielp niet:
        een mediation-achtige aanpak past al voordat het werk stilvalt."""
        self.advise("mediation", "standpunten_verhard")

    @Rule(Obs(key="evaluatiemoment", value="nee"), Signal(id="het_schuurt"))
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

    @Rule(Signal(id="dubbele_loyaliteit"), Obs(key="voorzitter_ook_partner", value="ja"))
    @about(sources=[SPLIT, LEIDERSCHAP], concludes=["interventie:hamer_uit_handen"])
    def voorzitter_met_dubbele_pet(self):
        """Er spelen dubbele loyaliteiten en de voorzitter van de coalitie is ook bestuurder van een
        partner: leg het voorzitterschap bij een ander (advies bij gespleten_loyaliteit)."""
        self.advise("hamer_uit_handen", "gespleten_loyaliteit")
