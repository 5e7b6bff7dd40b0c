"""Reading posts: the home page and post pages, and the rules for writing them."""
