"""Constants the browser tests share (fixtures are in conftest.py)."""

# A phone: 390 by 844 CSS pixels (as an iPhone 12 to 15), touch, a retina screen.
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
# The browser's locale for each of the app's languages.
LOCALES = {"pl": "pl-PL", "en": "en-GB"}
# The heading of the page a zone's person lands on after signing in (app/main/work.py).
LANDING = {"pl": "Praca w Twoich strefach", "en": "Your zones' work"}
# How long a browser step may take: 30 s, not Playwright's 10, because CI runs the SQLite and
# PostgreSQL suites at once on two cores, and a heavy page (the breakdown by area on
# PostgreSQL) took over 10 s to load there.
TIMEOUT_MS = 30_000
