"""The demo's front pages as an editor arranges them, and a day of reads for Most read.

Each edition's top story is its newest story with a picture from the first sections (news,
war, politics); four featured slots come from as many other sections, the first pinned
for six hours (``PinFrontPageSlotAction``, as the desk does), and the rest of the page is
filled from the latest news. Reads are drawn from a seeded Zipf-like law over the day's
stories and folded as the worker folds them (``mostread.fold``), so Most read is full.
"""

import random
from datetime import timedelta

from dateline.mostread import fold
from dateline.mostread.models import HourlyReads
from dateline.newsroom.actions import PinFrontPageSlotAction
from dateline.newsroom.models import Article, Edition, FrontPage, FrontPageSlot

SLOTS = 4
PINNED_FOR = timedelta(hours=6)
READ_STORIES = 40


def curate_front_pages(now, seed=1):
    rng = random.Random(seed)
    for edition in Edition.objects.all():
        stories = list(Article.objects.published(now).filter(edition=edition)
                       .exclude(kind=Article.Kind.LIVE).filter(main_image__isnull=False)
                       .select_related("section").newest_first()[:200])
        if not stories:
            continue
        _arrange(edition, stories, now)
        _reads(stories, now, rng)
    fold.fold(now)


def _arrange(edition, stories, now):
    sections = [section.pk for section in edition.section_set.order_by("sort_order", "name")]
    lead_sections = set(sections[:3])
    top = next((s for s in stories if s.section_id in lead_sections), stories[0])
    chosen, seen = [], {top.section_id}
    for story in stories[3:]:  # a little older than the lead: the desk keeps them up
        if story.section_id not in seen and story.kind != Article.Kind.OPINION:
            chosen.append(story)
            seen.add(story.section_id)
        if len(chosen) == SLOTS:
            break
    front, _made = FrontPage.objects.update_or_create(edition=edition,
                                                      defaults={"top_story": top})
    FrontPageSlot.objects.filter(front_page=front).delete()
    slots = [FrontPageSlot.objects.create(front_page=front, article=story, sort_order=order)
             for order, story in enumerate(chosen)]
    if slots:
        PinFrontPageSlotAction(front, slots[0], now + PINNED_FOR).execute(
            skip_permission_checks=True)


def _reads(stories, now, rng):
    recent = [s for s in stories if s.first_published_at > now - timedelta(hours=24)]
    recent = (recent or stories)[:READ_STORIES]
    rng.shuffle(recent)
    hour = now.replace(minute=0, second=0, microsecond=0)
    rows = {}
    for rank, story in enumerate(recent, start=1):
        total = int(4000 / rank ** 1.1) + rng.randint(0, 40)
        for _ in range(3):
            at = max(story.first_published_at, now - timedelta(hours=rng.uniform(0, 23)))
            key = (story.pk, at.replace(minute=0, second=0, microsecond=0))
            rows[key] = rows.get(key, 0) + total // 3
    HourlyReads.objects.filter(article__in=recent, hour__gt=hour - fold.WINDOW).delete()
    HourlyReads.objects.bulk_create(HourlyReads(article_id=pk, hour=at, count=n)
                                    for (pk, at), n in rows.items())
