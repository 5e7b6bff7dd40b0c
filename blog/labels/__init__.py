from blog.labels.views import bp

__all__ = ["bp"]
