"""Moving in with the content people really have: WordPress shortcodes and embeds,
percent-encoded slugs, untitled and empty Blogger posts."""

from pathlib import Path

import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import Comment, Post, PostStatus, SiteState
from blog.transfer.titles import title_from_body
from blog.transfer.wordpress_content import Attachment, repair_content

FIXTURES = Path(__file__).parent / "fixtures"
UPLOADS = "https://fieldnotes.example.org/wp-content/uploads/2019/10"


def posts(app) -> dict[str, Post]:
    with app.app_context():
        found = db.session.scalars(sa.select(Post)).all()
        db.session.expunge_all()
        return {post.slug: post for post in found}


@pytest.fixture
def wordpress(app, runner, author):
    result = runner.invoke(args=["import", "wordpress", str(FIXTURES / "wordpress-content.xml")])
    assert result.exit_code == 0, result.output
    return result


def test_captions_become_figures(app, wordpress):
    body = posts(app)["pictures-from-basra"].body_html

    assert "[caption" not in body and "[/caption]" not in body
    assert (f'<figure><a href="{UPLOADS}/river.jpg" rel="noopener"><img src="{UPLOADS}/'
            'river-640x480.jpg" alt="The river" width="640" height="480"></a>'
            "<figcaption>The river at dusk, <em>looking south</em></figcaption></figure>"
            ) in body
    assert "<figcaption>Old style caption</figcaption>" in body


def test_galleries_show_the_attachments_the_file_knows(app, wordpress):
    by_slug = posts(app)
    basra, arabic = by_slug["pictures-from-basra"].body_html, by_slug["العراق"].body_html

    assert "[gallery" not in basra and "[gallery" not in arabic
    assert f'<img src="{UPLOADS}/river.jpg" alt="River">' in basra
    assert f'<img src="{UPLOADS}/palms.png" alt="Palms">' in basra
    assert basra.count("<li>") == 2  # 999 is not in the file; [gallery ids="998"] goes
    # A bare [gallery] shows what was uploaded to its post.
    assert f'<img src="{UPLOADS}/souk.jpg" alt="Souk">' in arabic


def test_embeds_audio_and_video_become_links(app, wordpress):
    body = posts(app)["pictures-from-basra"].body_html

    for url in ("https://www.youtube.com/watch?v=abc123XYZ_0", f"{UPLOADS}/chant.mp3",
                f"{UPLOADS}/march.mp4", "https://vimeo.com/123456789"):
        assert f'<p><a href="{url}" rel="noopener">{url}</a></p>' in body
    for shortcode in ("[embed", "[audio", "[video", "[/video]"):
        assert shortcode not in body
    # What WordPress would not embed, and shortcodes nobody here knows, stay as text.
    assert "<p>https://example.net/not-an-embed</p>" in body
    assert '[contact-form-7 id="3" title="Contact"]' in body


def test_a_gutenberg_embed_block_keeps_a_link(app, wordpress):
    body = posts(app)["العراق"].body_html
    tweet = "https://twitter.com/someone/status/1180000000000000000"

    assert f'<a href="{tweet}" rel="noopener">{tweet}</a>' in body
    assert "<p>نص عربي قصير.</p>" in body


def test_percent_encoded_slugs_arrive_as_words_and_old_links_find_them(app, client, wordpress):
    assert "العراق" in posts(app)

    response = client.get("/2019/10/05/%d8%a7%d9%84%d8%b9%d8%b1%d8%a7%d9%82/")

    assert response.status_code == 301
    assert client.get(response.headers["Location"]).status_code == 200


def test_an_imported_title_with_an_apostrophe_gets_a_slug_without_a_hyphen(app, wordpress):
    draft = posts(app)["iraqs-protests-return"]

    assert draft.title == "Iraq’s Protests Return" and draft.status == PostStatus.DRAFT


def test_repairing_leaves_plain_posts_alone():
    text = "A [note] in brackets.\n\nhttps://example.com/page"

    assert repair_content(text, "1", {}) == text


def test_a_gallery_without_known_attachments_leaves_nothing_broken():
    attachments = {"5": Attachment(url="javascript:alert(1)", parent="1", title="", order=0)}

    assert repair_content('Before\n\n[gallery ids="5,6"]\n\nAfter', "1", {}).split() == [
        "Before", "After"]
    assert "javascript" not in repair_content("[gallery]", "2", attachments)


def test_captions_and_embeds_in_posts_with_paragraphs_keep_them():
    text = '<p>One.</p>\n[embed]https://youtu.be/x[/embed]\n[caption]<img src="a.png"> A[/caption]'

    repaired = repair_content(text, "1", {})

    assert '<p><a href="https://youtu.be/x">https://youtu.be/x</a></p>' in repaired
    assert '<figure><img src="a.png"><figcaption>A</figcaption></figure>' in repaired


@pytest.fixture
def blogger(app, runner, author):
    result = runner.invoke(args=["import", "blogger", str(FIXTURES / "blogger-content.xml")])
    assert result.exit_code == 0, result.output
    return result


def test_untitled_blogger_posts_are_named_from_their_first_words(app, blogger):
    by_slug = posts(app)

    untitled = by_slug["blog-post"]
    assert untitled.title == 'Morning on the "Tigris", where the fishermen were…'
    drafts = sorted(slug for slug, post in by_slug.items() if post.title == "Short note.")
    assert drafts == ["short-note", "short-note-2"]


def test_a_blogger_post_without_content_imports_empty(app, blogger):
    post = posts(app)["photos-only"]

    assert post.body == "" and post.status == PostStatus.PUBLISHED


def test_thumbnails_places_settings_and_the_template_pass_quietly(app, blogger):
    assert "Skipped" not in blogger.output
    assert "Imported 4 posts (2 of them drafts), 2 comments" in blogger.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Comment)) == 2
    assert "Template" not in " ".join(post.title for post in posts(app).values())


@pytest.mark.parametrize(
    ("body", "title"),
    [
        ("<p>One two three.</p>", "One two three."),
        ("<div>a b c d e f g h i j</div>", "a b c d e f g h…"),
        ("<script>var x</script><p>Hello &amp; welcome</p>", "Hello & welcome"),
        ("<img src='x.png'>", ""),
        ("w" * 200, "w" * 80 + "…"),
    ],
)
def test_title_from_body(body, title):
    assert title_from_body(body) == title


def test_comments_alone_added_by_a_later_import_refresh_cached_pages(app, runner, wordpress,
                                                                     tmp_path):
    def version():
        with app.app_context():
            return db.session.scalar(sa.select(SiteState.version))

    text = (FIXTURES / "wordpress-content.xml").read_text().replace(
        "<wp:comment_id>501</wp:comment_id>", "<wp:comment_id>502</wp:comment_id>")
    later = tmp_path / "later.xml"
    later.write_text(text)
    before = version()

    result = runner.invoke(args=["import", "wordpress", str(later)])

    assert "Imported 0 posts" in result.output and "1 comment and" in result.output
    assert version() > before
