"""The five conditions: how strengths and risks combine into a state."""
import pytest

from coalitie.diagnose import diagnose
from coalitie.diagnose.reasoning import condition_state


@pytest.mark.parametrize("positive, negative, distinct, established, state", [
    (0, 0, 0, False, "onbekend"),
    (1, 0, 0, False, "op_orde"),
    (2, 0, 0, False, "sterk"),
    (0, 1, 1, False, "aandacht_nodig"),
    (0, 3, 1, True, "aandacht_nodig"),        # one observation is never "zwak"
    (0, 3, 2, True, "zwak"),
    (2, 1, 1, False, "op_orde"),              # a suspected risk beside two strengths
    (2, 1, 1, True, "gemengd"),               # an established middel risk: not "op orde"
    (1.5, 1, 1, True, "gemengd"),
    (1, 2, 2, True, "aandacht_nodig"),
    (1, 4, 3, True, "zwak"),
])
def test_condition_state(positive, negative, distinct, established, state):
    assert condition_state(positive, negative, distinct, established) == state


def condition(d, cid):
    return next(c for c in d.condities if c.id == cid)


BASE = {"coalitie": "Test", "datum_gesprek": "2026-06-01",
        "partners": [{"naam": "Welzijn", "type": "welzijnsorganisatie", "kern": True, "coordinator": True}]}


def test_an_established_risk_keeps_its_condition_from_reading_op_orde():
    """Strengths that outweigh the risk twice over still leave the condition mixed while the
    risk is established: an adviser does not call a condition in order above its own risk."""
    obs = {"eerste_bijeenkomst_geweest": "ja", "activiteiten_lopen": "ja", "opgericht_op": "2022-01-01",
           "partners_maken_uren_vrij": "ja", "partner_betaalt_mee": "ja", "bijdragen_klein_en_concreet": "ja",
           "overlegstructuur": "ja", "rollen_vastgelegd": "ja", "overlegdruk": "nee"}
    healthy = diagnose({**BASE, "observaties": obs})
    assert condition(healthy, "organisatie").status in ("sterk", "op_orde")
    worried = diagnose({**BASE, "observaties": {**obs, "subsidie_ontvangen": "ja", "subsidie_einddatum": "2027-06-01",
                                                "vervolg_na_subsidie_besproken": "nee"}})
    risks = {r.id: r for r in worried.risicos}
    org = condition(worried, "organisatie")
    assert any(r.status == "vastgesteld" and r.ernst != "laag" for r in risks.values()), risks
    assert org.voor >= 2 * org.tegen > 0    # the weights alone would read "op orde"
    assert org.status == "gemengd", org
