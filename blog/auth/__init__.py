from blog.auth.views import bp

__all__ = ["bp"]
