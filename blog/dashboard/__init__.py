"""The author's dashboard: the post list, the editor, versions and the trash."""
