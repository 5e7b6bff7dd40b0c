from blog.posts.views import bp

__all__ = ["bp"]
