from django.utils.functional import SimpleLazyObject

from dateline.newsroom.models import Edition


def editions(request):
    """All editions, for the language switcher; queried only by pages that use it."""
    return {"editions": SimpleLazyObject(lambda: list(Edition.objects.all()))}
