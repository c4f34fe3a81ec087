"""The content API, version 1, mounted at ``/api/v1/``: the operations (``views.py``), each
passing through ``envelope.py``, with one error shape (``errors.py``)."""

from ninja import NinjaAPI

from . import errors, views
from .envelope import envelope

api = NinjaAPI(
    title="Dateline content API",
    version="1.0",
    description=(
        "Published articles, authors, tags, sections and editions of a Dateline newsroom, "
        "as JSON or ninjs 2.x; and, with an API token, writing articles through the "
        "newsroom's editorial actions. Errors have one shape: "
        "`{\"error\": {\"code\", \"message\", \"field\"}}`."),
    urls_namespace="dateline_api",
    openapi_url="/openapi.json",
    docs_url="/docs/",
)
errors.register(api)
api.add_decorator(envelope, mode="view")
api.add_router("", views.router)
