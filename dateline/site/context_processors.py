from django.utils.functional import SimpleLazyObject

from . import furniture


def editions(request):
    """All editions, for the language switcher; queried only by pages that use it."""
    return {"editions": SimpleLazyObject(furniture.editions)}
