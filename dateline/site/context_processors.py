from django.utils.functional import SimpleLazyObject

from dateline.caching import memo


def editions(request):
    """All editions, for the language switcher; queried only by pages that use it."""
    return {"editions": SimpleLazyObject(memo.editions)}
