"""The sample blog `flask seed-demo` fills an empty blog with: essays, comments, the seeder."""

from blog.demo.content import demo_posts
from blog.demo.seed import seed_demo_blog

__all__ = ["demo_posts", "seed_demo_blog"]
