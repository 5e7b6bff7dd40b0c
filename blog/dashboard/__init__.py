from blog.dashboard.views import bp

__all__ = ["bp"]
