"""The command line: `flask users …`, `flask zones …`, `flask demo`."""

import pytest
from sqlalchemy import func, select

from app import create_app
from app.auth.models import Role
from app.auth.services import find_user
from app.demo import DEMO_ACCOUNTS, ZONES
from app.extensions import db
from app.zones.models import Zone
from tests.helpers import csrf_token_from


def test_zones_create_makes_a_slug_from_a_polish_town(runner):
    result = runner.invoke(
        args=[
            "zones",
            "create",
            "--library",
            "Miejska Biblioteka Publiczna w Łodzi",
            "--town",
            "Łódź",
            "--population",
            "650000",
            "--region",
            "łódzkie",
        ]
    )
    assert result.exit_code == 0, result.output
    zone = db.session.scalar(select(Zone).where(Zone.slug == "lodz"))
    assert zone.town == "Łódź" and zone.population == 650000 and not zone.is_pilot
    assert zone.region == "łódzkie"
    result = runner.invoke(
        args=["zones", "create", "--library", "X", "--town", "Y", "--region", "Pomorze"]
    )
    assert result.exit_code != 0 and "pomorskie" in result.output  # one of the sixteen
    result = runner.invoke(args=["zones", "create", "--library", "X", "--town", "Łódź"])
    assert result.exit_code != 0
    assert "already exists" in result.output


def test_users_create_with_a_role_and_sign_in(runner, zone, client, post_form):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "ola@kwidzyn.example.org",
            "--name",
            "Ola",
            "--zone",
            "kwidzyn",
            "--role",
            "librarian",
            "--password",
            "hasło do CLI",
        ]
    )
    assert result.exit_code == 0, result.output
    assert find_user("ola@kwidzyn.example.org").role_in(zone) is Role.LIBRARIAN
    response = post_form("/login", {"email": "ola@kwidzyn.example.org", "password": "hasło do CLI"})
    assert response.status_code == 302


def test_users_create_asks_for_the_password_when_not_given(runner):
    result = runner.invoke(
        args=["users", "create", "k@example.org", "--name", "K", "--coordinator"],
        input="tajne hasło 1\ntajne hasło 1\n",
    )
    assert result.exit_code == 0, result.output
    user = find_user("k@example.org")
    assert user.is_coordinator and user.check_password("tajne hasło 1")


def test_users_cli_errors_are_clear(runner, zone):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "a@example.org",
            "--name",
            "A",
            "--zone",
            "nowhere",
            "--role",
            "official",
            "--password",
            "long enough 1",
        ]
    )
    assert result.exit_code != 0 and "no zone with slug 'nowhere'" in result.output
    result = runner.invoke(
        args=[
            "users",
            "create",
            "a@example.org",
            "--name",
            "A",
            "--zone",
            "kwidzyn",
            "--password",
            "long enough 1",
        ]
    )
    assert result.exit_code != 0 and "--zone and --role go together" in result.output
    result = runner.invoke(
        args=["users", "grant", "ghost@example.org", "--zone", "kwidzyn", "--role", "official"]
    )
    assert result.exit_code != 0 and "no account" in result.output
    assert find_user("a@example.org") is None


def test_users_grant_and_list(runner, make_user, zone):
    user = make_user(email="p@example.org")
    result = runner.invoke(
        args=["users", "grant", "p@example.org", "--zone", "kwidzyn", "--role", "official"]
    )
    assert result.exit_code == 0, result.output
    db.session.refresh(user)
    assert user.role_in(zone) is Role.OFFICIAL
    assert "official@kwidzyn" in runner.invoke(args=["users", "list"]).output


def test_demo_loads_the_network_once(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "25 new zones, 3 new accounts" in result.output
    for email, _name, password, _zone, _role in DEMO_ACCOUNTS:
        assert email in result.output and password in result.output
    result = runner.invoke(args=["demo"])
    assert "0 new zones, 0 new accounts" in result.output
    assert db.session.scalar(select(func.count()).select_from(Zone)) == len(ZONES) == 25
    kwidzyn = db.session.scalar(select(Zone).where(Zone.slug == "kwidzyn"))
    assert find_user("bibliotekarka@kwidzyn.example.org").role_in(kwidzyn) is Role.LIBRARIAN
    assert find_user("urzednik@kwidzyn.example.org").role_in(kwidzyn) is Role.OFFICIAL
    assert find_user("koordynator@strefy.example.org").is_coordinator
    pilots = db.session.scalars(select(Zone.town).where(Zone.is_pilot)).all()
    assert sorted(pilots) == [
        "Grodzisk Mazowiecki",
        "Jarocin",
        "Oświęcim",
        "Piekary Śląskie",
        "Wieliczka",
    ]


def test_demo_if_empty_leaves_an_existing_network_alone(runner, zone):
    result = runner.invoke(args=["demo", "--if-empty"])
    assert "not loaded" in result.output
    assert db.session.scalar(select(func.count()).select_from(Zone)) == 1
    assert "koordynator@strefy.example.org" in result.output


@pytest.fixture
def production_runner(database):
    """`flask` commands on this run's database with the production settings."""
    app = create_app(
        "production", SQLALCHEMY_DATABASE_URI=database, SECRET_KEY="a" * 64,
        PASSWORD_HASH_METHOD="scrypt:1024:8:1", FORCE_HTTPS=False,
    )  # fmt: skip
    runner = app.test_cli_runner()

    def invoke(**kwargs):
        with app.app_context():  # else the command would run in the test's (testing) app
            result = runner.invoke(**kwargs)
            db.session.remove()
        return result

    yield invoke
    with app.app_context():
        db.engine.dispose()


def test_demo_refuses_a_production_database_unless_told(app, production_runner):
    result = production_runner(args=["demo"])
    assert result.exit_code != 0
    assert "production" in result.output and "--allow-production" in result.output
    assert db.session.scalar(select(func.count()).select_from(Zone)) == 0
    result = production_runner(args=["demo", "--if-empty"])
    assert result.exit_code != 0
    assert db.session.scalar(select(func.count()).select_from(Zone)) == 0


def test_demo_in_production_never_uses_the_published_passwords(app, production_runner, client):
    result = production_runner(args=["demo", "--allow-production"])
    assert result.exit_code == 0, result.output
    assert "random passwords" in result.output
    db.session.expire_all()
    for email, _name, demo_password, _zone, _role in DEMO_ACCOUNTS:
        assert demo_password not in result.output
        user = find_user(email)
        assert not user.check_password(demo_password)
        shown = next(line for line in result.output.splitlines() if email in line).split()[-1]
        assert user.check_password(shown)
    # The published password does not sign anyone in.
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    email, _name, demo_password, _zone, _role = DEMO_ACCOUNTS[0]
    response = client.post(
        "/login", data={"csrf_token": token, "email": email, "password": demo_password}
    )
    assert response.status_code == 200


def test_demo_in_production_replaces_demo_passwords_loaded_earlier(runner, production_runner):
    assert runner.invoke(args=["demo"]).exit_code == 0  # e.g. loaded before this fix
    db.session.commit()  # ends the read transaction the command left open in this session
    result = production_runner(args=["demo", "--allow-production"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    for email, _name, demo_password, _zone, _role in DEMO_ACCOUNTS:
        assert not find_user(email).check_password(demo_password)


def test_demo_leaves_postgresql_knowing_how_many_rows_it_loaded(runner):
    """Without ANALYZE the planner guessed on fresh demo data and the breakdown by area
    took 6 s instead of 0.7 s."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's planner statistics; SQLite's planner does without them")
    assert runner.invoke(args=["demo"]).exit_code == 0
    db.session.commit()  # the planner's statistics are read in a new transaction
    counted = db.session.scalar(
        select(func.count())
        .select_from(db.text("pg_stat_user_tables"))
        .where(db.text("relname = 'answers' AND last_analyze IS NOT NULL"))
    )
    assert counted == 1
