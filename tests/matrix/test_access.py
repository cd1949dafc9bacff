"""The route/role matrix (tests/routes.py): every route of the app, for every kind of visitor.

Adding a route without a row in the matrix fails `test_every_route_is_in_the_matrix`.
"""

import pytest

from app.auth.models import Role
from app.auth.services import grant_role
from app.extensions import db
from tests.routes import LOGIN, MATRIX, ROLES


def test_every_route_is_in_the_matrix(app):
    routes = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    covered = {(endpoint, method) for endpoint, method, _path in MATRIX}
    assert routes - covered == set(), "routes missing from the access matrix"
    assert covered - routes == set(), "matrix rows for routes that no longer exist"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("endpoint", "method", "path"), list(MATRIX))
def test_route_access(
    endpoint,
    method,
    path,
    role,
    client,
    login_as,
    zone,
    other_zone,
    csrf_token,
    route_objects,
):
    if role == "other_librarian":
        login_as("librarian", other_zone)
    else:
        login_as(role)
    url = path.format(**route_objects)
    if method == "GET":
        response = client.get(url)
    else:
        # A real token, from a page this visitor can open, so that only the role decides.
        token = csrf_token()
        response = client.post(url, data={"csrf_token": token, "role-csrf_token": token})
    response.close()
    expected = MATRIX[(endpoint, method, path)][role]
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")
    else:
        assert response.status_code == expected, response.get_data(as_text=True)[:500]


def test_librarian_role_in_one_zone_gives_nothing_in_another(
    client, login_as, zone, other_zone, make_user
):
    librarian = login_as("librarian", zone)
    grant_role(librarian, other_zone, Role.OFFICIAL)
    db.session.commit()
    assert client.get(f"/zones/{zone.slug}/edit").status_code == 200
    assert client.get(f"/zones/{other_zone.slug}/edit").status_code == 403
    assert client.get(f"/zones/{other_zone.slug}/team").status_code == 200
