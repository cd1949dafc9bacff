"""Sign-in: a limit per account as well as per address; messages in the visitor's language."""

from tests.helpers import PASSWORD, csrf_token_from


def attempt(client, email, password, address):
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    return client.post(
        "/login",
        data={"csrf_token": token, "email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_failed_attempts_on_one_account_from_many_addresses_are_limited(app, client, make_user):
    # The daily cap on checked passwords stays, above the slow-down (which is tested below).
    app.config["LOGIN_ACCOUNT_RATE_LIMIT"] = "3 per day"
    user = make_user()
    other = make_user()
    statuses = [
        attempt(client, user.email, f"guess {n}", f"10.0.{n}.1").status_code for n in range(3)
    ]
    assert statuses == [200] * 3
    # The same account in another spelling, from yet another address: still that account.
    response = attempt(client, f"  {user.email.upper()} ", PASSWORD, "10.0.99.1")
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert "Zbyt wiele nieudanych prób logowania na to konto" in html
    assert "Retry-After" in response.headers
    assert client.get("/account").status_code == 302
    # Another account is not locked by attacks on this one.
    assert attempt(client, other.email, PASSWORD, "10.0.99.2").status_code == 302


def test_successful_sign_ins_do_not_count_against_the_account(app, make_user):
    user = make_user()
    for n in range(12):
        client = app.test_client()
        assert attempt(client, user.email, PASSWORD, f"10.1.{n}.1").status_code == 302


def test_account_limit_message_in_english(app, client, make_user):
    app.config["LOGIN_ACCOUNT_RATE_LIMIT"] = "3 per day"
    user = make_user()
    client.get("/language/en")
    for n in range(3):
        attempt(client, user.email, "wrong", f"10.2.{n}.1")
    response = attempt(client, user.email, "wrong", "10.2.99.1")
    assert response.status_code == 429
    assert "Too many failed sign-in attempts for this account" in response.get_data(as_text=True)


def test_sign_in_prompt_is_in_the_visitors_language(client):
    response = client.get("/account", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Zaloguj się, aby zobaczyć tę stronę." in html
    assert "Please log in" not in html
    client.get("/language/en")
    html = client.get("/account", follow_redirects=True).get_data(as_text=True)
    assert "Please sign in to see this page." in html
