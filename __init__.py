"""coalitie: a rule-based expert system that diagnoses local coalitions.

Installed, the repository's folders are one package: ``coalitie.diagnose``
(the engine and its API), ``coalitie.rules``, ``coalitie.kennisbank`` and
``coalitie.cli``. The embedding surface::

    from coalitie.diagnose import diagnose
    result = diagnose("mijn-casus.yaml")
    print(result.fase.naam)
"""
