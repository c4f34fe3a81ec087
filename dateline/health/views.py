from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import probes


@never_cache
@require_safe
def healthz(request):
    """For load balancers: 200 while the database answers ("ok" or "degraded"), else 503."""
    report = probes.report()
    return JsonResponse(report, status=503 if report["status"] == probes.DOWN else 200)
