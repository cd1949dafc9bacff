"""The catalogue's result cards say in how many zones an entry was adopted, as its page's
lineage heading does: the demo's city calendar of Jarocin, in Kwidzyn's and Oświęcim's
plans; Kwidzyn's young mums' club, in Nowy Tomyśl's."""

from html.parser import HTMLParser

from app.catalogue import services


class Cards(HTMLParser):
    """The result cards of a catalogue page: each card's title and its text."""

    def __init__(self):
        super().__init__()
        self.cards: dict[str, str] = {}
        self._depth = 0  # <li> depth inside the current card (0: outside any card)
        self._title: list[str] | None = None  # the card's heading, while it is read
        self._heading = ""
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "li" and self._depth:
            self._depth += 1
        elif tag == "li" and "catalogue-card" in (dict(attrs).get("class") or "").split():
            self._depth, self._text = 1, []
        elif tag == "h2" and self._depth:
            self._title = []

    def handle_endtag(self, tag):
        if tag == "h2" and self._title is not None:
            self._heading, self._title = "".join(self._title).strip(), None
        elif tag == "li" and self._depth:
            self._depth -= 1
            if not self._depth:
                self.cards[self._heading] = " ".join(" ".join(self._text).split())

    def handle_data(self, data):
        if self._title is not None:
            self._title.append(data)
        if self._depth:
            self._text.append(data)


def cards(client, path: str) -> dict[str, str]:
    response = client.get(path)
    assert response.status_code == 200
    parser = Cards()
    parser.feed(response.get_data(as_text=True))
    return parser.cards


CALENDAR = "Kalendarz miejski w internecie"
COPIES = ("Kalendarz Oświęcimia", "Kalendarz wydarzeń Kwidzyna")


def test_the_calendars_card_says_it_was_adopted_in_two_zones_and_its_copies_say_nothing(
    demo, client, app
):
    polish = cards(client, "/catalogue?q=kalendarz")
    assert "Przejęte w 2 strefach" in polish[CALENDAR]
    for title in COPIES:  # the zones' copies were adopted nowhere themselves
        assert "Przejęte w" not in polish[title], polish[title]

    client.set_cookie(app.config["LANGUAGE_COOKIE"], "en")
    english = cards(client, "/catalogue?q=kalendarz")
    assert "Adopted in 2 zones" in english[CALENDAR]
    assert all("Adopted in" not in english[title] for title in COPIES)


def test_one_zone_reads_in_the_singular(demo, client, app):
    path = "/catalogue?q=klub+mlodych+mam"
    assert "Przejęte w 1 strefie" in cards(client, path)["Klub Młodych Mam"]
    client.set_cookie(app.config["LANGUAGE_COOKIE"], "en")
    assert "Adopted in 1 zone" in cards(client, path)["Klub Młodych Mam"]


def test_of_every_entry_only_the_two_adopted_ones_say_so(demo, client, app):
    client.set_cookie(app.config["LANGUAGE_COOKIE"], "en")
    with app.test_request_context():
        every = services.search(services.CatalogueQuery())
    found: dict[str, str] = {}
    for page in range(1, every.pages + 1):
        found |= cards(client, f"/catalogue?page={page}")
    assert len(found) == every.total > 10  # (no two entries of the demo share a title)
    adopted = {title for title, text in found.items() if "Adopted in" in text}
    assert adopted == {CALENDAR, "Klub Młodych Mam"}
