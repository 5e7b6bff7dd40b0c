"""The page nginx shows when no app host answers (deploy/nginx.conf)."""

from blog.offline.page import OFFLINE_PAGE, offline_page_path, write_offline_page

__all__ = ["OFFLINE_PAGE", "offline_page_path", "write_offline_page"]
