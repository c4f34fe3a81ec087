from dateline.site.tests.conftest import newsroom  # noqa: F401  (the site's small newsroom)
