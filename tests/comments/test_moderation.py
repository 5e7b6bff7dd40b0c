"""The author's moderation page: pending, approved and spam comments, and the buttons."""

import pytest

from blog.extensions import db
from blog.models import Comment, CommentMode, CommentStatus, Post


def status_of(app, comment_id):
    with app.app_context():
        comment = db.session.get(Comment, comment_id)
        return None if comment is None else comment.status


def test_moderation_lists_comments_by_status_with_post_and_reasons(
    app, client, logged_in, make_post, make_comment
):
    post = make_post(title="On Tariffs")
    make_comment(post.id, name="Waiting Reader", body="Please approve me.",
                 status=CommentStatus.PENDING)
    spam = make_comment(post.id, name="Deals", status=CommentStatus.SPAM)
    with app.app_context():
        db.session.get(Comment, spam).spam_reasons = "stock praise: “truly impressed” (+2)"
        db.session.commit()

    pending = client.get("/dashboard/comments").text
    spam_tab = client.get("/dashboard/comments?status=spam").text

    assert "Waiting Reader" in pending and "On Tariffs" in pending
    assert "Pending (1)" in pending and "Spam (1)" in pending
    assert "Deals" not in pending
    assert "truly impressed" in spam_tab


def test_approve_spam_and_delete_one_at_a_time(app, client, logged_in, make_post, make_comment):
    post = make_post()
    first, second, third = (
        make_comment(post.id, status=CommentStatus.PENDING) for _ in range(3)
    )

    client.post("/dashboard/comments", data={"one": f"approve:{first}"})
    client.post("/dashboard/comments", data={"one": f"spam:{second}"})
    response = client.post("/dashboard/comments", data={"one": f"delete:{third}"})

    assert response.status_code == 302
    assert status_of(app, first) == CommentStatus.APPROVED
    assert status_of(app, second) == CommentStatus.SPAM
    assert status_of(app, third) is None


def test_bulk_actions_apply_to_every_ticked_comment(
    app, client, logged_in, make_post, make_comment
):
    post = make_post()
    ids = [make_comment(post.id, status=CommentStatus.PENDING) for _ in range(3)]

    response = client.post(
        "/dashboard/comments", data={"action": "approve", "ids": [str(i) for i in ids[:2]]}
    )

    assert [status_of(app, i) for i in ids] == [
        CommentStatus.APPROVED, CommentStatus.APPROVED, CommentStatus.PENDING
    ]
    assert "Approved: 2 comments." in client.get(response.headers["Location"]).text


def test_deleting_an_answered_comment_leaves_a_placeholder(
    app, client, logged_in, make_post, make_comment
):
    post = make_post()
    parent = make_comment(post.id, name="Parent", body="Something regrettable.")
    make_comment(post.id, name="Child", body="A reply that stays.", parent_id=parent)

    client.post("/dashboard/comments?status=approved", data={"one": f"delete:{parent}"})

    assert status_of(app, parent) == CommentStatus.REMOVED
    html = client.get(post.path).text
    assert "This comment has been removed." in html
    assert "Something regrettable." not in html
    assert "A reply that stays." in html
    assert ">1 comment</h2>" in html


def test_an_unknown_action_is_a_clear_400(client, logged_in):
    response = client.post("/dashboard/comments", data={"action": "explode", "ids": ["1"]})

    assert response.status_code == 400
    assert "Choose Approve, Spam or Delete." in response.text


def test_moderation_needs_the_author(client, author):
    assert client.get("/dashboard/comments").status_code == 302
    assert client.post("/dashboard/comments", data={"one": "delete:1"}).status_code == 302


def test_moderation_actions_need_a_csrf_token(app, client, logged_in, make_post, make_comment):
    post = make_post()
    comment = make_comment(post.id, status=CommentStatus.PENDING)
    app.config["WTF_CSRF_ENABLED"] = True

    response = client.post("/dashboard/comments", data={"one": f"approve:{comment}"})

    assert response.status_code == 400
    assert status_of(app, comment) == CommentStatus.PENDING


def test_unknown_tab_is_404(client, logged_in):
    assert client.get("/dashboard/comments?status=everything").status_code == 404


def test_editor_sets_a_posts_comment_mode(app, client, logged_in, make_post):
    post = make_post(title="Quiet post")

    client.post(f"/dashboard/posts/{post.id}/edit", data={
        "title": "Quiet post", "body": "Text.", "labels": "", "slug": "",
        "publish_at": "", "comment_mode": "closed", "publish": "1",
    })

    with app.app_context():
        assert db.session.get(Post, post.id).comment_mode == CommentMode.CLOSED
    logged_in.logout()
    assert "Comments are closed" in client.get(post.path).text


@pytest.mark.parametrize("number", ["²", str(2**70), "9" * 5_000])
def test_comment_numbers_that_are_not_ids_are_skipped(app, client, logged_in, make_post,
                                                     make_comment, number):
    comment = make_comment(make_post().id, status=CommentStatus.PENDING)

    response = client.post("/dashboard/comments", data={
        "action": "approve", "ids": [number, str(comment)]})
    single = client.post("/dashboard/comments", data={"one": f"spam:{number}"})

    assert response.status_code == single.status_code == 302
    assert status_of(app, comment) == CommentStatus.APPROVED


@pytest.mark.parametrize(("action", "one", "two"), [
    ("approve", "Approved: 1 comment.", "Approved: 2 comments."),
    ("spam", "Marked as spam: 1 comment.", "Marked as spam: 2 comments."),
    ("delete", "Deleted: 1 comment.", "Deleted: 2 comments."),
])
def test_what_was_done_is_said_in_a_whole_sentence_for_one_or_more(
    client, logged_in, make_post, make_comment, action, one, two
):
    post = make_post()
    ids = [str(make_comment(post.id, status=CommentStatus.PENDING)) for _ in range(3)]

    first = client.post("/dashboard/comments", data={"action": action, "ids": ids[:1]},
                        follow_redirects=True).text
    rest = client.post("/dashboard/comments", data={"action": action, "ids": ids[1:]},
                       follow_redirects=True).text

    assert one in first and two in rest


@pytest.mark.parametrize(("action", "question", "button"), [
    ("approve", "Approve this comment?", ">Approve</button>"),
    ("spam", "Mark this comment as spam?", ">Mark as spam</button>"),
    ("delete", "Delete this comment?", ">Delete</button>"),
])
def test_the_confirmation_asks_a_whole_question(
    client, logged_in, make_post, make_comment, action, question, button
):
    comment = make_comment(make_post().id, name="Rana", status=CommentStatus.PENDING)

    page = client.get(f"/dashboard/comments/{comment}/confirm?action={action}").text

    assert f"<h1>{question}</h1>" in page and button in page
    assert "<bdi>Rana</bdi> on" in page and "(now: pending):" in page
