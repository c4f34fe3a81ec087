"""The demo's live coverage: in each edition one open coverage (a night of strikes, still
going) and one ended (a day of talks), with entries posted over hours by several editors,
each through the newsroom's actions at its own time.

The two editions carry the same coverage in their own language, linked as translations.
"""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from dateline.live.actions import EndCoverageAction, EntryChanges, PostEntryAction
from dateline.newsroom import edits
from dateline.newsroom.actions import CreateArticleAction
from dateline.newsroom.models import Article

from . import words
from .write import _at


@dataclass(frozen=True)
class Said:
    minutes: int  # after the coverage began
    en: str
    uk: str
    key: bool = False
    pinned: bool = False
    title: tuple = ("", "")  # (English, Ukrainian)


NIGHT = {
    "headline": ("Combined missile and drone attack on Kyiv: live updates",
                 "Комбінована атака ракет і дронів на Київ: онлайн"),
    "lead": ("Air defence is working over the capital and several regions. Follow the latest "
             "from our correspondents.",
             "Над столицею та кількома областями працює ППО. Стежте за новинами від наших "
             "кореспондентів."),
    "section": "war", "tags": (0, 2, 3, 6), "picture": ("air", 0), "began_hours_ago": 3,
    "entries": [
        Said(0, "The Air Force warns of Shahed drones heading for Kyiv region from the north.",
             "Повітряні сили попереджають про шахеди, що рухаються на Київщину з півночі."),
        Said(9, "Air raid alert declared in Kyiv and the region. Residents are urged to go to "
                "shelters.",
             "У Києві та області оголошено повітряну тривогу. Мешканців закликають пройти в "
             "укриття.", key=True),
        Said(21, "Explosions heard in the capital: air defence is shooting down drones.",
             "У столиці чути вибухи: працює протиповітряна оборона."),
        Said(34, "Mayor: debris fell on a non-residential building in Darnytskyi district, no "
                 "casualties reported so far.",
             "Мер: уламки впали на нежитлову будівлю в Дарницькому районі, про постраждалих "
             "поки не відомо."),
        Said(47, "The Air Force reports ballistic missile launches from the north-east. Stay "
                 "in shelters.",
             "Повітряні сили повідомляють про пуски балістичних ракет з північного сходу. "
             "Залишайтеся в укриттях.", key=True),
        Said(52, "A series of powerful explosions in Kyiv.",
             "Серія потужних вибухів у Києві."),
        Said(66, "Emergency power outages in parts of the left bank after a strike on energy "
                 "infrastructure, the grid operator says.",
             "Частину лівого берега знеструмлено після удару по енергетичній "
             "інфраструктурі, повідомляє оператор мережі.", key=True),
        Said(80, "Rescuers are working at two sites. Two people are injured, one of them "
                 "taken to hospital.",
             "Рятувальники працюють на двох локаціях. Двоє людей постраждали, одного "
             "госпіталізовано."),
        Said(95, "Metro stations remain open as shelters; trains run on the surface sections "
                 "with delays.",
             "Станції метро залишаються відкритими як укриття; потяги на наземних ділянках "
             "курсують із затримками."),
        Said(118, "Air defence destroyed most of the drones over Kyiv region, the regional "
                  "administration says. The alert is still on.",
              "ППО знищила більшість дронів над Київщиною, повідомляє ОВА. Тривога "
              "триває."),
        Said(140, "What we know so far: one wave of drones, one of ballistic missiles, strikes "
                  "on energy sites, two injured. We keep this page updated.",
              "Що відомо на цю хвилину: хвиля дронів, хвиля балістики, удари по "
              "енергетиці, двоє постраждалих. Оновлюємо цю сторінку.",
              pinned=True, title=("Summary", "Головне")),
        Said(158, "Power engineers have started restoring supply on the left bank.",
              "Енергетики розпочали відновлення живлення на лівому березі."),
    ],
}

TALKS = {
    "headline": ("Allies meet on air defence for Ukraine: as it happened",
                 "Союзники обговорюють ППО для України: як це було"),
    "lead": ("Defence ministers met in the Ramstein format. Our coverage of the day has ended.",
             "Міністри оборони зустрілися у форматі Рамштайн. Трансляцію дня завершено."),
    "section": "politics", "tags": (11, 10, 3), "picture": ("capital", 1),
    "began_hours_ago": 30, "lasted_hours": 6,
    "entries": [
        Said(0, "Good morning. Defence ministers gather today to discuss air defence and "
                "ammunition for Ukraine.",
             "Доброго ранку. Сьогодні міністри оборони збираються, щоб обговорити ППО та "
             "боєприпаси для України."),
        Said(35, "Ukraine's defence minister arrives and says air defence is the first "
                 "priority before winter.",
             "Міністр оборони України прибув і заявив, що ППО — перший пріоритет перед "
             "зимою."),
        Said(80, "Germany announces another air defence system to be delivered this year.",
             "Німеччина оголосила про ще одну систему ППО, яку передадуть цього року.",
             key=True),
        Said(130, "The Netherlands and Denmark pledge funds for Ukrainian-made long-range "
                  "drones.",
              "Нідерланди та Данія виділяють кошти на українські далекобійні дрони."),
        Said(190, "Closed session under way; ministers are expected to speak to the press at "
                  "the end of the day.",
              "Триває закрита частина; міністри мають вийти до преси наприкінці дня."),
        Said(260, "Press conference: the coalition commits to a joint ammunition purchase for "
                  "next year.",
              "Пресконференція: коаліція домовилася про спільну закупівлю боєприпасів на "
              "наступний рік.", key=True),
        Said(330, "That is all from us today. Thank you for following.",
              "На сьогодні це все. Дякуємо, що були з нами."),
    ],
}


def write_live(newsroom, now, keys):
    """Both coverages in both editions; the open one goes on until now. ``keys`` (a seeded
    ``random.Random``) draws their translation keys, so the same seed makes the same ones."""
    for coverage in (NIGHT, TALKS):
        key = uuid.UUID(int=keys.getrandbits(128), version=4)
        for code, index in (("main", 1), ("global", 0)):
            _coverage(newsroom, code, index, coverage, key, now)


def _coverage(newsroom, code, index, coverage, key, now):
    edition = newsroom.editions[code]
    began = now - timedelta(hours=coverage["began_hours_ago"])
    editors = newsroom.staff[:4]
    topic, variant = coverage["picture"]
    image, caption = newsroom.images[topic][variant]
    fields = {"headline": coverage["headline"][index], "lead": coverage["lead"][index],
              "kind": Article.Kind.LIVE, "translation_key": key, "main_image": image,
              "main_image_caption": getattr(caption, edition.language),
              "main_image_credit": words.CREDITS[edition.language]}
    with _at(began):
        article = CreateArticleAction(edition, edits.Changes(
            fields=fields, section=newsroom.sections[code][coverage["section"]],
            authors=editors[:2], tags=[newsroom.tags[code][n] for n in coverage["tags"]]),
            publish=True).execute()
    for number, said in enumerate(coverage["entries"]):
        at = began + timedelta(minutes=said.minutes)
        with _at(at):
            PostEntryAction(article, EntryChanges(
                text=(said.en, said.uk)[index], title=said.title[index],
                author=editors[number % len(editors)], key_event=said.key,
                pinned=said.pinned, posted_at=at)).execute()
    if "lasted_hours" in coverage:
        ended = began + timedelta(hours=coverage["lasted_hours"])
        with _at(ended):
            EndCoverageAction(article, at=ended).execute()
