"""Static files carry their content hash and are cached for a year; pages send safe headers."""

import re


def stylesheet_url(html: str) -> str:
    return re.search(r'<link rel="stylesheet" href="([^"]+)"', html).group(1)


def test_static_urls_carry_a_content_hash_and_are_cached_for_a_year(client, author):
    url = stylesheet_url(client.get("/").text)

    assert re.fullmatch(r"/static/css/blog\.css\?v=[0-9a-f]{12}", url)
    with client.get(url) as response:
        assert response.status_code == 200
        assert "max-age=31536000" in response.headers["Cache-Control"]
        assert "immutable" in response.headers["Cache-Control"]


def test_an_old_hash_is_not_promised_a_year(client, author):
    with client.get("/static/css/blog.css?v=000000000000") as response:
        assert "immutable" not in response.headers.get("Cache-Control", "")


def test_a_changed_file_gets_a_new_url(app, tmp_path, client, author):
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    (static / "css" / "blog.css").write_text("body { color: black; }")
    app.static_folder = str(static)
    app.config["PAGE_CACHE_SIZE"] = 0  # a new deploy starts with empty page caches
    first = stylesheet_url(client.get("/").text)

    (static / "css" / "blog.css").write_text("body { color: navy; }")
    second = stylesheet_url(client.get("/").text)

    assert first != second


def test_pages_send_security_headers(client, author):
    headers = client.get("/").headers

    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"


def test_every_page_has_title_description_canonical_language_and_one_h1(
    client, logged_in, make_post, make_comment
):
    post = make_post(title="Canonical", labels=("Energy",))
    pages = ["/", post.path, post.path[:9], "/label/Energy", "/dashboard",
             f"/dashboard/posts/{post.id}/edit", "/dashboard/comments"]
    for path in pages:
        html = client.get(path).text
        assert re.search(r'<html lang="en" dir="ltr">', html), path
        assert re.search(r"<title>[^<]+</title>", html), path
        assert re.search(r'<meta name="description" content="[^"]+">', html), path
        assert re.search(r'<link rel="canonical" href="http://localhost/[^"]*">', html), path
        assert html.count("<h1") == 1, path


def test_canonical_drops_stray_query_arguments_but_keeps_the_page(client, make_post):
    for number in range(11):
        make_post(title=f"Post {number}")

    assert '<link rel="canonical" href="http://localhost/">' in client.get("/?utm=x").text
    assert 'href="http://localhost/?page=2"' in client.get("/?page=2&utm=x").text


def test_hsts_only_when_the_blog_is_served_over_https(app, client, author):
    assert "Strict-Transport-Security" not in client.get("/").headers

    app.config["SESSION_COOKIE_SECURE"] = True
    app.config["PAGE_CACHE_SIZE"] = 0  # a changed setting means a restart: no kept pages

    assert "max-age=31536000" in client.get("/").headers["Strict-Transport-Security"]


def test_trusted_hosts_refuse_a_stray_host_header(app, client, author):
    # Absolute links (canonical, feeds, og:url) are made from the Host header.
    app.config["TRUSTED_HOSTS"] = ["blog.example"]

    stray = client.get("/", headers={"Host": "evil.example"})
    own = client.get("/", headers={"Host": "blog.example"})

    assert stray.status_code == 400
    assert "<main" in stray.text and "//evil.example" not in stray.text
    assert own.status_code == 200 and 'href="http://blog.example/"' in own.text
