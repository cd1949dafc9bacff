"""Demo findings for Kwidzyn's diagnosis, with figures read off the demo responses."""

from babel.numbers import format_percent

from app.dashboards.aggregate import compute
from app.dashboards.findings import add_finding
from app.surveys.models import Survey


def load_demo_findings(survey: Survey, author_id: int | None = None) -> int:
    """What the librarian of Kwidzyn would write after reading the dashboard: the parents
    of small children have nowhere to meet (which leads to the "Klub Młodych Mam" idea)."""
    parents = compute(survey, k=5, by="rodzic_malego_dziecka").questions
    everyone = compute(survey, k=5).questions

    def share(figures: dict, key: str, group: str, option: str) -> str:
        value = figures[key]["groups"][group]["options"][option]["share"]
        return format_percent(value, "#,##0%", locale="pl")

    missing = share(parents, "czego_brakuje", "tak", "miejsce_rodzice_dzieci")
    missing_others = share(parents, "czego_brakuje", "nie", "miejsce_rodzice_dzieci")
    nowhere = share(parents, "gdzie_spotkania", "tak", "nigdzie")
    young_parents = share(everyone, "kto_pominiety", "all", "mlodzi_rodzice")
    findings = [
        (missing, ("rodziców małych dzieci mówi, że w mieście brakuje miejsca, gdzie mogliby się "
         f"spotkać z dziećmi (wśród pozostałych: {missing_others})."),
         ["czego_brakuje", "rodzic_malego_dziecka"]),
        (nowhere, ("rodziców małych dzieci nie ma właściwie gdzie spotykać się z innymi ludźmi. "
         "To pierwszy temat Kreatywnej Kawiarenki: Klub Młodych Mam w bibliotece?"),
         ["gdzie_spotkania", "rodzic_malego_dziecka"]),
        (young_parents, ("mieszkańców uważa, że to młodzi rodzice mają w okolicy najmniej "
         "propozycji dla siebie — najczęstsza odpowiedź."), ["kto_pominiety"]),
    ]  # fmt: skip
    for figure, text, keys in findings:
        add_finding(survey, text, keys, figure=figure, author_id=author_id)
    return len(findings)


def load_network_findings(survey: Survey, slug: str, author_id: int | None = None) -> int:
    """Another zone's finding behind its programme example (Jarocin: hard to find out what is
    on; Grodzisk Mazowiecki: nowhere to meet the neighbours), read off its demo responses;
    the number added (none for other zones, or when a group is too small to show)."""
    questions = compute(survey, k=5).questions

    def disagree(key: str) -> str | None:
        figures = questions[key]["groups"]["all"]
        if figures["suppressed"] or not figures["answered"]:
            return None
        counts = figures["distribution"]
        share = (counts.get(1, 0) + counts.get(2, 0)) / figures["answered"]
        return format_percent(share, "#,##0%", locale="pl")

    def share(key: str, option: str) -> str:
        value = questions[key]["groups"]["all"]["options"][option]["share"]
        return format_percent(value, "#,##0%", locale="pl")

    if slug == "jarocin" and (figure := disagree("informacje_latwo")):
        text = (
            "mieszkańców nie zgadza się, że w Jarocinie łatwo znaleźć informacje o "
            f"wydarzeniach; informacji o tym, co dzieje się w okolicy, brakuje "
            f"{share('czego_brakuje', 'informacja_lokalna')} pytanych."
        )
        keys = ["informacje_latwo", "czego_brakuje"]
    elif slug == "grodzisk-mazowiecki" and (figure := disagree("mam_gdzie_sie_spotkac")):
        text = (
            "mieszkańców mówi, że nie ma gdzie spotkać się z ludźmi, z którymi chce spędzać "
            f"czas; {share('kto_pominiety', 'nowi_mieszkancy')} uważa, że najmniej "
            "propozycji mają u nas nowi mieszkańcy."
        )
        keys = ["mam_gdzie_sie_spotkac", "kto_pominiety"]
    else:
        return 0
    add_finding(survey, text, keys, figure=figure, author_id=author_id)
    return 1
