"""Time the desk's article list with each filter, its dashboard and screens, at the current
database's size (docs/desk.md, "At a million articles"). Run with the site's environment
(DATABASE_URL, DJANGO_SETTINGS_MODULE=dateline.settings.demo, DATELINE_DATA_DIR, SECRET_KEY):
``python docs/examples/desk_at_scale.py [name fragments...]``. It adds a superuser "deskbench"."""
import os, statistics, sys, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings.demo")
django.setup()
from django.conf import settings
settings.ALLOWED_HOSTS = ["*"]
from django.contrib.auth.models import User
from django.db import connection, reset_queries
from django.test import Client
from dateline.newsroom.models import Article, Author, Edition, Label, Section

user, _ = User.objects.get_or_create(username="deskbench", defaults={"is_superuser": True, "is_staff": True})
user.is_superuser = user.is_staff = True; user.save()
c = Client(HTTP_HOST="localhost", secure=True)
c.force_login(user)
edition = Edition.objects.get(code="main")
section = Section.objects.filter(edition=edition).first()
label = Label.objects.filter(edition=edition).first()
author = Author.objects.order_by("pk").first()
day = Article.objects.filter(edition=edition, live=True).order_by("-first_published_at").values_list("first_published_at", flat=True)[5000]
d = day.date().isoformat()
base = "/admin/snippets/newsroom/article/"
cases = {
    "all": "",
    "edition": f"?edition={edition.pk}",
    "status draft": "?status=draft", "status scheduled": "?status=scheduled",
    "status overdue": "?status=overdue", "status live": "?status=live",
    "status changed": "?status=changed", "status expired": "?status=expired",
    "status retracted": "?status=retracted",
    "status embargoed": "?status=embargoed",
    "status translation out of date": "?status=translation_out_of_date",
    "section": f"?section={section.pk}", "label": f"?labels={label.pk}",
    "author": f"?author={author.pk}",
    "date (one day)": f"?first_published_at_after={d}&first_published_at_before={d}",
    "edition+section+status live": f"?edition={edition.pk}&section={section.pk}&status=live",
    "search": "?q=війна",
    "@news in brief screen": f"/admin/snippets/newsroom/article/brief/{edition.pk}/",
    "@on the home page": "/admin/snippets/newsroom/frontpage/now/",
    "@dashboard": "/admin/", "search+edition": f"?q=ракетний удар&edition={edition.pk}",
    "search, a word in 39% of articles": "?q=україна",
    "search, a rare word": "?q=рязанській",
    "search, as one types": "?q=ракетн",
    "search, three words": "?q=україна повернула полону",
}
settings.DEBUG = True
print(f"{Article.objects.count():,} articles; {connection.vendor}")
print("| filter | first ms | median of 5 ms | queries | status |")
print("|---|---|---|---|---|")
only = sys.argv[1:]
for name, query in cases.items():
    if only and not any(o in name for o in only):
        continue
    times = []
    for n in range(6):
        reset_queries()
        t = time.perf_counter()
        r = c.get(query if query.startswith("/") else base + query)
        times.append((time.perf_counter() - t) * 1000)
        nq = len(connection.queries)
    slow = max(connection.queries, key=lambda q: float(q["time"]))
    print(f"| {name} | {times[0]:.0f} | {statistics.median(times[1:]):.0f} | {nq} | {r.status_code} |", flush=True)
    if statistics.median(times[1:]) > 300:
        print("   slowest:", slow["time"], slow["sql"][:300], file=sys.stderr)
