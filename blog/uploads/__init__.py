from blog.uploads.views import bp

__all__ = ["bp"]
