"""Error pages: in the blog's layout, helpful, never a traceback."""

import pytest


def test_404_page_is_friendly(client, author):
    response = client.get("/no/such/page/here")

    assert response.status_code == 404
    assert "Page not found" in response.text
    assert "Go to the home page" in response.text
    assert "Traceback" not in response.text


def test_405_is_a_page_too(client, author):
    response = client.delete("/")

    assert response.status_code == 405
    assert "Method Not Allowed" in response.text
    assert 'class="site-title"' in response.text


@pytest.fixture
def broken_app(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/broken")
    def broken():
        raise RuntimeError("secret internals")

    return app


def test_500_page_hides_the_error(broken_app):
    response = broken_app.test_client().get("/broken")

    assert response.status_code == 500
    assert "Something went wrong" in response.text
    assert "secret internals" not in response.text
    assert "Traceback" not in response.text
