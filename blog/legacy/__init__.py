"""Old addresses from Blogger and WordPress, sent on to where the posts live now."""
