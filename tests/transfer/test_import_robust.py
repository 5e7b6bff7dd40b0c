"""Moving in with the files people really have: every WordPress status and type has a
rule the summary states, items twice in a file come in once, almost-XML is repaired and
said so, namespaces are read by URI whatever their spelling, and what is not an export,
or is unsafe, is refused in one line."""

from pathlib import Path

import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import Comment, LegacyRedirect, Post, PostKind, PostStatus
from blog.transfer import common
from blog.transfer.common import ImportFailed
from blog.transfer.xmlfile import mend, read_xml

FIXTURES = Path(__file__).parent / "fixtures"
BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss version="2.0"><channel><title>&lol3;</title></channel></rss>
"""


def imported(runner, kind, name):
    result = runner.invoke(args=["import", kind, str(FIXTURES / name)])
    assert result.exit_code == 0, result.output
    return result.output


def refused(runner, kind, path) -> str:
    result = runner.invoke(args=["import", kind, str(path)])
    assert result.exit_code == 1
    assert len(result.output.splitlines()) == 1 and result.output.startswith("Error: ")
    assert "Traceback" not in result.output
    return result.output


def posts_by_title(app) -> dict[str, Post]:
    with app.app_context():
        found = db.session.scalars(sa.select(Post)).all()
        db.session.expunge_all()
        return {post.title: post for post in found}


def nothing_written(app) -> bool:
    with app.app_context():
        return not any(
            db.session.scalar(sa.select(sa.func.count()).select_from(model))
            for model in (Post, Comment, LegacyRedirect)
        )


def test_every_wordpress_status_and_type_has_a_rule_and_a_line(app, runner, author):
    out = imported(runner, "wordpress", "wordpress-statuses.xml")
    posts = posts_by_title(app)

    assert "Imported 7 posts (5 of them drafts), 1 page, 0 comments" in out
    assert posts["Welcome, pinned"].status == PostStatus.PUBLISHED
    assert "Sticky, came in as ordinary posts (this blog has no sticky posts): 1 " \
        "('Welcome, pinned')." in out
    assert posts["Next year's essay"].status == PostStatus.SCHEDULED  # a WXR 1.1 item
    assert "Scheduled, to appear at their time: 1 ('Next year's essay')." in out
    assert posts["Unfinished draft"].status == PostStatus.DRAFT
    for title, line in [
        ("Waiting for review", "Pending review, came in as drafts: 1"),
        ("Private diary", "Private, came in as drafts: 1"),
        ("Members only", "Password-protected, came in as drafts (this blog has no post "
                         "passwords): 1"),
    ]:
        assert posts[title].status == PostStatus.DRAFT and posts[title].published_at is None
        assert f"{line} ('{title}')." in out
    assert posts["Thrown away"].deleted_at is not None
    assert "Trashed, came in to the trash: 1 ('Thrown away')." in out
    assert posts["Colophon"].kind == PostKind.PAGE
    for line in ["Skipped 3: attachment items.", "Skipped 1: nav_menu_item items.",
                 "Skipped 1: revision items.", "Skipped 1: revisions (status inherit).",
                 "Skipped 1: wp_global_styles items.", "Skipped 1: wp_navigation items.",
                 "Skipped 1: wp_template items.", "Skipped 1: wp_template_part items.",
                 "Skipped 1: wp_block items.", "Skipped 1: custom type 'product'."]:
        assert line in out


def test_private_and_protected_posts_keep_no_public_address(client, runner, author):
    imported(runner, "wordpress", "wordpress-statuses.xml")

    assert client.get("/2022/02/03/diary/").status_code == 404
    assert client.get("/2022/02/04/members/").status_code == 404
    assert client.get("/2022/01/10/welcome/").status_code == 301


def test_duplicates_inside_one_wordpress_file(app, client, runner, author):
    out = imported(runner, "wordpress", "wordpress-duplicates.xml")
    posts = posts_by_title(app)

    assert "Imported 4 posts (0 of them drafts), 2 comments" in out
    assert "2 items were already in the file (the same item twice) and came in once." in out
    assert "Hydro in summer" not in posts and "Wind at night" in posts
    assert ("Skipped 1: items sharing an id with an earlier, different item in the file "
            "('Hydro in summer').") in out
    assert "Skipped 1: comments on an item skipped for sharing its id ('Hydro in summer')." \
        in out
    assert {"Storage, the first take", "Storage, the second take"} <= set(posts)
    assert ("The old address /storage/ is claimed by more than one post: it leads to "
            "'Storage, the first take', not to 'Storage, the second take'.") in out
    assert client.get("/storage/").headers["Location"].endswith("/storage")
    assert "Replies to a comment not in the file, placed at the top level: 1 ('Otto')." in out
    with app.app_context():
        otto = db.session.scalar(sa.select(Comment).where(Comment.name == "Otto"))
        assert otto.parent_id is None


def test_importing_the_duplicates_again_adds_nothing(app, runner, author):
    imported(runner, "wordpress", "wordpress-duplicates.xml")
    before = posts_by_title(app)

    again = imported(runner, "wordpress", "wordpress-duplicates.xml")

    assert "Imported 0 posts (0 of them drafts), 0 comments" in again
    assert posts_by_title(app).keys() == before.keys()


def test_duplicates_inside_one_blogger_file(app, runner, author):
    out = imported(runner, "blogger", "blogger-duplicates.xml")

    assert "Imported 1 post (0 of them drafts), 1 comment " in out
    assert "1 item was already in the file (the same item twice) and came in once." in out
    assert "Replies to a comment not in the file, placed at the top level: 1 ('Kit')." in out


def test_replies_in_a_loop_stand_at_the_top(app, runner, author, tmp_path):
    looped = (FIXTURES / "wordpress-duplicates.xml").read_text().replace(
        "<wp:comment_parent>0</wp:comment_parent>", "<wp:comment_parent>8</wp:comment_parent>",
        1,
    ).replace("<wp:comment_parent>99</wp:comment_parent>",
              "<wp:comment_parent>7</wp:comment_parent>")
    path = tmp_path / "loop.xml"
    path.write_text(looped)

    out = runner.invoke(args=["import", "wordpress", str(path)]).output

    assert "Replies in a loop of replies (a broken file), placed at the top level: 1" in out
    with app.app_context():
        parents = db.session.scalars(sa.select(Comment.parent_id)).all()
        assert None in parents


def test_almost_xml_wordpress_is_repaired_and_said_so(app, client, runner, author):
    out = imported(runner, "wordpress", "wordpress-almost-xml.xml")
    [post] = posts_by_title(app).values()

    assert ("Repaired: " in out and "is not well-formed XML (Namespace prefix atom on link "
            "is not defined, at line 10, column 91)" in out)
    assert "2 items may be affected" in out
    assert post.title == "Grid\N{NO-BREAK SPACE}notes"  # &nbsp; is a character again
    assert "Tariffs &amp; taxes." in post.body_html
    assert client.get("/?p=5&lang=en").status_code == 301  # the bare & kept its text
    assert "Skipped 1: attachment items." in out
    with app.app_context():
        reply = db.session.scalar(sa.select(Comment))
        assert reply.author_id is not None  # dc:creator was found, undeclared


def test_a_blogger_file_missing_its_app_declaration_keeps_its_drafts(app, runner, author):
    out = imported(runner, "blogger", "blogger-almost-xml.xml")
    posts = posts_by_title(app)

    assert "Imported 2 posts (1 of them drafts), 1 comment " in out
    assert "Namespace prefix app on control is not defined, at line 23" in out
    assert "1 item may be affected" in out
    assert posts["Not ready"].status == PostStatus.DRAFT
    assert posts["Market day"].status == PostStatus.PUBLISHED


def test_undeclared_prefixes_are_found_by_their_namespace(tmp_path):
    path = tmp_path / "x.xml"
    path.write_text('<rss><channel><item><excerpt:encoded>Short.</excerpt:encoded>'
                    '<mine:thing>?</mine:thing></item></channel></rss>')

    root, repairs = read_xml(str(path), "WordPress")

    excerpt = root.find(".//{http://wordpress.org/export/1.2/excerpt/}encoded")
    assert excerpt is not None and excerpt.text == "Short."
    assert root.find(".//{urn:undeclared-prefix:mine}thing") is not None
    assert len(repairs) == 1


def test_mending_leaves_cdata_and_good_references_alone():
    text = b'<a href="?a=1&b=2">&amp;&#38;&#x26;&eacute;&bogus;&</a><![CDATA[a & b &nbsp;]]>'

    assert mend(text) == (b'<a href="?a=1&amp;b=2">&amp;&#38;&#x26;&#233;&amp;bogus;&amp;'
                          b'</a><![CDATA[a & b &nbsp;]]>')


@pytest.mark.parametrize(("kind", "name", "says"), [
    ("blogger", "not-an-export.html", "is a web page (HTML), not a Blogger export"),
    ("wordpress", "not-an-export.json", "is JSON, not a WordPress export"),
    ("wordpress", "not-an-export.txt", "is not XML, so it is not a WordPress export"),
    ("wordpress", "rss-without-wp.xml", "is not a WordPress export (no <wp:wxr_version>)"),
    ("blogger", "wordpress.xml", "is not a Blogger export"),
])
def test_what_is_not_an_export_is_refused_in_one_line(app, runner, author, kind, name, says):
    out = refused(runner, kind, FIXTURES / name)

    assert says in out and name in out and "Nothing was imported." in out
    assert nothing_written(app)


def test_a_cut_off_file_is_not_repaired(app, runner, author, tmp_path):
    whole = (FIXTURES / "wordpress-almost-xml.xml").read_text()
    cut = tmp_path / "cut.xml"
    cut.write_text(whole[: whole.index("</item>")])

    out = refused(runner, "wordpress", cut)

    assert "not complete, well-formed XML: the parser stopped at line" in out
    assert nothing_written(app)


@pytest.mark.parametrize("broken", [False, True], ids=["well-formed", "needing repair"])
def test_a_billion_laughs_is_refused_not_expanded(app, runner, author, tmp_path, broken):
    bomb = BOMB.replace('version="1.0"?>', 'version="1.0" standalone="maybe"?>') if broken \
        else BOMB
    path = tmp_path / "bomb.xml"
    path.write_text(bomb)

    out = refused(runner, "wordpress", path)

    assert "refused for safety" in out and "lol" not in out
    assert nothing_written(app)


def test_the_repairing_reader_refuses_a_dtd_too(tmp_path):
    path = tmp_path / "bomb.xml"
    path.write_text(BOMB + "<junk>")  # not well-formed: the strict reading fails first

    with pytest.raises(ImportFailed, match="refused for safety"):
        read_xml(str(path), "WordPress")


def test_a_clash_the_readers_missed_is_one_line_and_undone(app, runner, author, monkeypatch):
    # Without the deduplication, the post that is twice in the file clashes on flush.
    monkeypatch.setattr(common, "once_each", lambda items, summary, fingerprint: items)

    out = refused(runner, "wordpress", FIXTURES / "wordpress-duplicates.xml")

    assert "two items clash in the blog" in out and "source_id" in out
    assert nothing_written(app)


def test_a_surprise_while_writing_names_the_item(app, runner, author, monkeypatch):
    def fails(post):
        raise ValueError("unexpected shape")

    monkeypatch.setattr(common, "render_body", fails)

    out = refused(runner, "wordpress", FIXTURES / "wordpress.xml")

    assert "the item 'Why the grid costs more'" in out and "unexpected shape" in out
    assert nothing_written(app)
