from blog.archive.views import bp

__all__ = ["bp"]
