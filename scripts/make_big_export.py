"""Write a large WordPress export (WXR 1.2) with the mess real ones have, to measure and
test the importer:

    .venv/bin/python scripts/make_big_export.py FILE [--posts 10000] [--comments 100000]

Posts in paragraphs without <p> (WordPress's autop) and in Gutenberg blocks, with links,
lists, captions, galleries, embeds and Arabic; categories and tags; drafts, pages (some
nested), attachments, a trashed post; comment threads with pending, spam, the author's
replies and pingbacks. The same arguments always write the same file.
"""

import argparse
import random
from datetime import datetime, timedelta
from xml.sax.saxutils import escape

SITE = "https://bigblog.example.org"
WORDS = [
    "grid", "oil", "price", "market", "river", "city", "power", "water", "reform", "budget",
    "election", "protest", "tariff", "subsidy", "pipeline", "refinery", "harvest", "drought",
    "border", "trade", "labour", "union", "court", "ministry", "parliament", "coalition",
    "province", "governor", "militia", "contract", "export", "import", "inflation",
    "currency", "bank", "loan", "wage", "school", "hospital", "road", "bridge", "port",
]
ARABIC = [
    "العراق", "النفط", "الكهرباء", "بغداد", "البصرة", "الموازنة", "الاحتجاجات", "البرلمان",
    "الحكومة", "المياه", "الزراعة", "الحدود", "التجارة", "الانتخابات",
]
CATEGORIES = [f"Topic {n}" for n in range(1, 31)] + ["Middle East", "الشرق الأوسط"]
TAGS = [f"{a} {b}" for a in WORDS[:20] for b in WORDS[20:35]][:300]


def cdata(text: str) -> str:
    # "]]>" cannot appear inside CDATA: WordPress splits it across two sections.
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def sentence(rng: random.Random, arabic: bool = False) -> str:
    words = ARABIC if arabic else WORDS
    text = " ".join(rng.choice(words) for _ in range(rng.randint(6, 18)))
    return (text[0].upper() + text[1:] if not arabic else text) + "."


def body(rng: random.Random, number: int, arabic: bool) -> str:
    """A post body: autop paragraphs or Gutenberg blocks, with the usual extras."""
    paragraphs = []
    for index in range(rng.randint(3, 8)):
        text = " ".join(sentence(rng, arabic and index % 2 == 0) for _ in range(rng.randint(2, 5)))
        roll = rng.random()
        if roll < 0.15:
            source = f"https://source.example.net/report/{number}-{index}"
            text += f' See <a href="{source}">the report</a>.'
        elif roll < 0.22:
            text = "<strong>" + text + "</strong> <em>(updated)</em>"
        elif roll < 0.27:
            text = "<ul>\n" + "".join(f"<li>{sentence(rng)}</li>\n" for _ in range(3)) + "</ul>"
        elif roll < 0.31:
            image = f"{SITE}/wp-content/uploads/2020/01/picture-{number}-{index}.jpg"
            text = (f'[caption id="attachment_{number}" align="aligncenter" width="600"]'
                    f'<img src="{image}" alt="" width="600" height="400" /> {sentence(rng)}'
                    "[/caption]")
        elif roll < 0.33:
            text = f"https://www.youtube.com/watch?v=vid{number}x{index}"
        elif roll < 0.34:
            text = '[gallery ids="1,2,3"]'
        elif roll < 0.35:
            text = "<script>alert('old widget')</script>" + text
        paragraphs.append(text)
        if index == 1 and rng.random() < 0.3:
            paragraphs.append("<!--more-->")
    if rng.random() < 0.3:
        return "\n\n".join(
            f"<!-- wp:paragraph -->\n<p>{text}</p>\n<!-- /wp:paragraph -->"
            if not text.startswith(("<ul", "[", "http", "<!--")) else text
            for text in paragraphs
        )
    return "\n\n".join(paragraphs)


def comment(rng, number: int, post_id: int, parent: int, when: datetime) -> str:
    roll = rng.random()
    approved = "spam" if roll < 0.02 else "0" if roll < 0.05 else "1"
    kind = "pingback" if rng.random() < 0.01 else "comment"
    by_author = rng.random() < 0.05
    name = "Ana" if by_author else rng.choice(["Henrik", "Layla", "Sami", "Rana", "خالد", ""])
    content = "\n\n".join(sentence(rng, rng.random() < 0.2) for _ in range(rng.randint(1, 3)))
    if rng.random() < 0.1:
        content += f' <a href="https://site.example.com/{number}">my site</a>'
    local = when.strftime("%Y-%m-%d %H:%M:%S")
    return (
        "<wp:comment>"
        f"<wp:comment_id>{number}</wp:comment_id>"
        f"<wp:comment_author>{cdata(name)}</wp:comment_author>"
        f"<wp:comment_author_email>{cdata(f'c{number}@example.com')}</wp:comment_author_email>"
        f"<wp:comment_author_url>https://reader{number % 97}.example.com</wp:comment_author_url>"
        f"<wp:comment_author_IP>{cdata('192.0.2.' + str(number % 250))}</wp:comment_author_IP>"
        f"<wp:comment_date>{cdata(local)}</wp:comment_date>"
        f"<wp:comment_date_gmt>{cdata(local)}</wp:comment_date_gmt>"
        f"<wp:comment_content>{cdata(content)}</wp:comment_content>"
        f"<wp:comment_approved>{cdata(approved)}</wp:comment_approved>"
        f"<wp:comment_type>{cdata(kind)}</wp:comment_type>"
        f"<wp:comment_parent>{parent}</wp:comment_parent>"
        f"<wp:comment_user_id>{1 if by_author else 0}</wp:comment_user_id>"
        "</wp:comment>"
    )


def item(rng, post_id: int, kind: str, status: str, when: datetime, comments: list[str],
         parent: int = 0) -> str:
    arabic = rng.random() < 0.2
    title = " ".join(rng.choice(ARABIC if arabic else WORDS) for _ in range(rng.randint(3, 9)))
    title = title if arabic else title.title().replace(" S ", "’s ")
    slug = f"post-{post_id}-" + "-".join(title.lower().split()[:4])
    if arabic:
        slug = "".join(f"%{byte:02x}" if byte > 127 else chr(byte)
                       for byte in slug.encode())
    draft = status == "draft"
    local = when.strftime("%Y-%m-%d %H:%M:%S")
    link = (f"{SITE}/?p={post_id}" if draft
            else f"{SITE}/{when:%Y/%m/%d}/{slug}/" if kind == "post" else f"{SITE}/{slug}/")
    labels = ""
    if kind == "post":
        for name in rng.sample(CATEGORIES, rng.randint(1, 2)):
            labels += f'<category domain="category" nicename="c">{cdata(name)}</category>'
        for name in rng.sample(TAGS, rng.randint(0, 4)):
            labels += f'<category domain="post_tag" nicename="t">{cdata(name)}</category>'
    content = body(rng, post_id, arabic) if kind != "attachment" else ""
    attachment = (f"<wp:attachment_url>{cdata(f'{SITE}/wp-content/uploads/2020/01/a{post_id}.jpg')}"
                  "</wp:attachment_url>" if kind == "attachment" else "")
    return (
        "<item>"
        f"<title>{cdata(title)}</title><link>{escape(link)}</link>"
        f"<pubDate>{when:%a, %d %b %Y %H:%M:%S} +0000</pubDate>"
        f"<dc:creator>{cdata('ana')}</dc:creator>"
        f'<guid isPermaLink="false">{SITE}/?p={post_id}</guid><description></description>'
        f"<content:encoded>{cdata(content)}</content:encoded>"
        f"<excerpt:encoded>{cdata('')}</excerpt:encoded>"
        f"<wp:post_id>{post_id}</wp:post_id>"
        f"<wp:post_date>{cdata(local)}</wp:post_date>"
        f"<wp:post_date_gmt>{cdata('0000-00-00 00:00:00' if draft else local)}</wp:post_date_gmt>"
        f"<wp:post_modified>{cdata(local)}</wp:post_modified>"
        f"<wp:post_modified_gmt>{cdata(local)}</wp:post_modified_gmt>"
        f"<wp:comment_status>{cdata('open')}</wp:comment_status>"
        f"<wp:post_name>{cdata('' if draft else slug)}</wp:post_name>"
        f"<wp:status>{cdata(status)}</wp:status>"
        f"<wp:post_parent>{parent}</wp:post_parent><wp:menu_order>0</wp:menu_order>"
        f"<wp:post_type>{cdata(kind)}</wp:post_type>{attachment}"
        f"<wp:postmeta><wp:meta_key>{cdata('_edit_last')}</wp:meta_key>"
        f"<wp:meta_value>{cdata('1')}</wp:meta_value></wp:postmeta>"
        f"{labels}{''.join(comments)}"
        "</item>\n"
    )


def write_export(path: str, posts: int = 10_000, comments: int = 100_000,
                 seed: int = 19) -> None:
    """Write the export: ``posts`` items that are posts (pages, drafts, a trashed one and
    attachments come on top) carrying ``comments`` comments between them."""
    rng = random.Random(seed)
    start = datetime(2008, 1, 1)
    statuses = ["draft" if rng.random() < 0.05 else "trash" if index == 7 else "publish"
                for index in range(posts)]
    # Comments fall unevenly on the published posts: a few draw crowds (up to 2,000),
    # most a handful.
    weights = [min(rng.paretovariate(1.2), 200.0) if status == "publish" else 0.0
               for status in statuses]
    total = sum(weights) or 1.0
    shares = [int(comments * w / total) for w in weights]
    shares[statuses.index("publish") if "publish" in statuses else 0] += comments - sum(shares)
    comment_number = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            f"<title>Big Blog</title><link>{SITE}</link><description>Many posts</description>"
            f"<language>en-US</language><wp:wxr_version>1.2</wp:wxr_version>"
            f"<wp:base_site_url>{SITE}</wp:base_site_url><wp:base_blog_url>{SITE}</wp:base_blog_url>"
            f"<wp:author><wp:author_id>1</wp:author_id><wp:author_login>{cdata('ana')}"
            f"</wp:author_login><wp:author_display_name>{cdata('Ana')}</wp:author_display_name>"
            "</wp:author>\n"
        )
        for number, name in enumerate(CATEGORIES, start=1):
            out.write(f"<wp:category><wp:term_id>{number}</wp:term_id><wp:category_nicename>"
                      f"{cdata(name.lower().replace(' ', '-'))}</wp:category_nicename>"
                      f"<wp:cat_name>{cdata(name)}</wp:cat_name></wp:category>\n")
        post_id = 0
        for index in range(posts):
            post_id += 1
            when = start + timedelta(hours=index * 15, minutes=rng.randint(0, 59))
            status = statuses[index]
            threaded: list[int] = []
            items = []
            for _ in range(shares[index]):
                comment_number += 1
                parent = rng.choice(threaded) if threaded and rng.random() < 0.3 else 0
                items.append(comment(rng, comment_number, post_id, parent,
                                     when + timedelta(minutes=comment_number % 5000 + 1)))
                threaded.append(comment_number)
            out.write(item(rng, post_id, "post", status, when, items))
            if rng.random() < 0.05:
                post_id += 1
                out.write(item(rng, post_id, "attachment", "inherit", when, [], parent=post_id - 1))
            if index % 100 == 0:
                post_id += 1
                parent = post_id - 101 if index and rng.random() < 0.3 else 0
                out.write(item(rng, post_id, "page", "publish", when, [], parent=parent))
        out.write("</channel>\n</rss>\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file")
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=100_000)
    arguments = parser.parse_args()
    write_export(arguments.file, arguments.posts, arguments.comments)


if __name__ == "__main__":
    main()
