"""The beacon that counts a read: ``POST /reads`` with the article's id as the body.

Sent by ``static/mostread/read.js`` (``navigator.sendBeacon``) from the article page, which
the page cache and the proxies serve: the count comes from the reader's browser, not from
rendering. No cookie is read or set, no address is stored, the answer is an empty 204.
Anything else is refused with a 4xx and counts nothing: another method, a body that is not
a short decimal id, an id of no article readers may see.
"""

from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from . import tally

MAX_BODY = 20


@csrf_exempt  # no session, no state of the reader: a count, like the page view it stands for
@never_cache
def beacon(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > MAX_BODY:
        return HttpResponse(status=413)
    body = request.body[:MAX_BODY].strip()
    if not body.isdigit() or len(body) > 12:
        return HttpResponseBadRequest()
    article_id = int(body)
    if not tally.countable(article_id):
        return HttpResponse(status=404)
    tally.add(article_id)
    return HttpResponse(status=204)
