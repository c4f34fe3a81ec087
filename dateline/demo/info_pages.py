"""The demo newsroom's info pages (About, Contacts, Editorial policy) in both editions,
each in its edition's language. Made once; a later start finds them in place."""

from dateline.infopages.models import InfoPage
from dateline.newsroom.models import Edition

PAGES = {
    "en": [
        ("about", "About us",
         "<p>Dateline is an independent newsroom reporting from Kyiv and across Ukraine "
         "for readers at home and abroad. Our reporters and editors work in Ukrainian and "
         "English; every story is checked by an editor before it is published.</p>"
         "<p>We are funded by our readers and by grants that place no conditions on what we "
         "cover. We take no money from political parties.</p>"),
        ("contacts", "Contacts",
         "<p>News desk, around the clock: <a href=\"mailto:desk@example.org\">"
         "desk@example.org</a>.</p><p>Corrections: <a href=\"mailto:corrections@example.org\">"
         "corrections@example.org</a>. Tell us what is wrong and where; we answer every "
         "message.</p><p>Postal address: 12 Khreshchatyk Street, Kyiv 01001, Ukraine.</p>"),
        ("editorial-policy", "Editorial policy",
         "<p>We report what we can verify, name our sources wherever it is safe to do so, "
         "and say how we know what we know.</p><ul><li>Every story is read by a second "
         "editor.</li><li>Mistakes are corrected openly: the article carries a note, and the "
         "corrections page lists it.</li><li>Opinion is labelled as opinion and kept apart "
         "from news.</li></ul>"),
    ],
    "uk": [
        ("about", "Про нас",
         "<p>«Дейтлайн» — незалежна редакція, що пише з Києва та з усієї України для "
         "читачів удома й за кордоном. Наші журналісти й редактори працюють українською та "
         "англійською; кожен матеріал перед публікацією читає редактор.</p>"
         "<p>Нас фінансують читачі та гранти, що не ставлять жодних умов щодо змісту. Ми не "
         "беремо грошей від політичних партій.</p>"),
        ("contacts", "Контакти",
         "<p>Редакція новин, цілодобово: <a href=\"mailto:desk@example.org\">"
         "desk@example.org</a>.</p><p>Виправлення: <a href=\"mailto:corrections@example.org\">"
         "corrections@example.org</a>. Напишіть, що саме не так і де; ми відповідаємо на "
         "кожен лист.</p><p>Поштова адреса: вул. Хрещатик, 12, Київ, 01001.</p>"),
        ("editorial-policy", "Редакційна політика",
         "<p>Ми пишемо те, що можемо перевірити, називаємо джерела скрізь, де це безпечно, "
         "і пояснюємо, звідки знаємо те, що знаємо.</p><ul><li>Кожен матеріал читає другий "
         "редактор.</li><li>Помилки виправляємо відкрито: під статтею з’являється примітка, а "
         "сторінка виправлень її показує.</li><li>Думки позначаємо як думки й не змішуємо з "
         "новинами.</li></ul>"),
    ],
}


def furnish_info_pages():
    """Create the three pages in each edition that has none of them yet."""
    for edition in Edition.objects.all():
        pages = PAGES.get(edition.language, PAGES["en"])
        for order, (slug, title, body) in enumerate(pages):
            InfoPage.objects.get_or_create(
                edition=edition, slug=slug,
                defaults={"title": title, "body": body, "live": True, "sort_order": order})
