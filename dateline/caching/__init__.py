"""The page cache: anonymous readers get pages, feeds, sitemaps and API reads from a shared
cache; an editorial change purges exactly the entries that show the changed article.

See docs/caching.md.
"""
