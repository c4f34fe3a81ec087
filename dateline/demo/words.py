"""What the demo newsroom writes with: bilingual word lists and headline templates.

Everything comes in pairs, English for Dateline Global and Ukrainian for the main edition, so
that one story renders in both languages and a Global translation says what its source says.

Ukrainian inflects, so a name that goes into Ukrainian text carries the cases the templates
use: ``uk`` is the nominative, ``uk_gen`` the genitive, ``uk_acc`` the accusative, ``uk_dat``
the dative and ``uk_loc`` the locative *with its preposition* ("у Харкові", "на Сумщині").
In a template, slot ``{place}`` is the nominative and ``{place_loc}`` the locative; English
has ``{x}`` and, for running text, ``{x_ref}`` (with the article: "the Air Force").

Numbers come with their noun: ``{drones}`` renders "87 drones" / "87 дронів" (the Ukrainian
plural after a numeral has three forms: 1, 2–4 and 5+).

People quoted are roles with invented surnames; no real person is quoted.
"""

from collections import namedtuple
from string import Formatter

Place = namedtuple("Place", "en uk uk_gen uk_acc uk_loc")
Country = namedtuple("Country", "en uk uk_gen")  # all feminine in Ukrainian, so verbs agree
Front = namedtuple("Front", "en uk town")
RuRegion = namedtuple("RuRegion", "en uk_loc")
Source = namedtuple("Source", "en en_ref uk uk_gen")
Thing = namedtuple("Thing", "en uk_acc")  # what a law, agreement or grant is about
Named = namedtuple("Named", "en uk")
Official = namedtuple("Official", "en uk_dat")
Located = namedtuple("Located", "en uk_loc")
Sport = namedtuple("Sport", "en uk_gen")
Noun = namedtuple("Noun", "en_one en_many uk_one uk_few uk_many lo hi")
Columnist = namedtuple("Columnist", "name role beat uk uk_gen")

PLACES = [
    Place("Kyiv", "Київ", "Києва", "Київ", "у Києві"),
    Place("Kharkiv", "Харків", "Харкова", "Харків", "у Харкові"),
    Place("Odesa", "Одеса", "Одеси", "Одесу", "в Одесі"),
    Place("Dnipro", "Дніпро", "Дніпра", "Дніпро", "у Дніпрі"),
    Place("Zaporizhzhia", "Запоріжжя", "Запоріжжя", "Запоріжжя", "у Запоріжжі"),
    Place("Lviv", "Львів", "Львова", "Львів", "у Львові"),
    Place("Kherson", "Херсон", "Херсона", "Херсон", "у Херсоні"),
    Place("Mykolaiv", "Миколаїв", "Миколаєва", "Миколаїв", "у Миколаєві"),
    Place("Sumy", "Суми", "Сум", "Суми", "у Сумах"),
    Place("Chernihiv", "Чернігів", "Чернігова", "Чернігів", "у Чернігові"),
    Place("Poltava", "Полтава", "Полтави", "Полтаву", "у Полтаві"),
    Place("Kryvyi Rih", "Кривий Ріг", "Кривого Рогу", "Кривий Ріг", "у Кривому Розі"),
    Place("Kramatorsk", "Краматорськ", "Краматорська", "Краматорськ", "у Краматорську"),
    Place("Sloviansk", "Слов'янськ", "Слов'янська", "Слов'янськ", "у Слов'янську"),
    Place("Nikopol", "Нікополь", "Нікополя", "Нікополь", "у Нікополі"),
    Place("Vinnytsia", "Вінниця", "Вінниці", "Вінницю", "у Вінниці"),
    Place("Ivano-Frankivsk", "Івано-Франківськ", "Івано-Франківська", "Івано-Франківськ",
          "в Івано-Франківську"),
    Place("Izium", "Ізюм", "Ізюма", "Ізюм", "в Ізюмі"),
    Place("Kupiansk", "Куп'янськ", "Куп'янська", "Куп'янськ", "у Куп'янську"),
    Place("Kremenchuk", "Кременчук", "Кременчука", "Кременчук", "у Кременчуці"),
    Place("Pavlohrad", "Павлоград", "Павлограда", "Павлоград", "у Павлограді"),
    Place("Zhytomyr", "Житомир", "Житомира", "Житомир", "у Житомирі"),
    Place("Uzhhorod", "Ужгород", "Ужгорода", "Ужгород", "в Ужгороді"),
    Place("Cherkasy", "Черкаси", "Черкас", "Черкаси", "у Черкасах"),
]

REGIONS = [
    Place("Kharkiv region", "Харківщина", "Харківщини", "Харківщину", "на Харківщині"),
    Place("Sumy region", "Сумщина", "Сумщини", "Сумщину", "на Сумщині"),
    Place("Donetsk region", "Донеччина", "Донеччини", "Донеччину", "на Донеччині"),
    Place("Zaporizhzhia region", "Запорізька область", "Запорізької області",
          "Запорізьку область", "у Запорізькій області"),
    Place("Kherson region", "Херсонщина", "Херсонщини", "Херсонщину", "на Херсонщині"),
    Place("Dnipropetrovsk region", "Дніпропетровщина", "Дніпропетровщини",
          "Дніпропетровщину", "на Дніпропетровщині"),
    Place("Chernihiv region", "Чернігівщина", "Чернігівщини", "Чернігівщину",
          "на Чернігівщині"),
    Place("Mykolaiv region", "Миколаївщина", "Миколаївщини", "Миколаївщину",
          "на Миколаївщині"),
    Place("Odesa region", "Одещина", "Одещини", "Одещину", "на Одещині"),
    Place("Kyiv region", "Київщина", "Київщини", "Київщину", "на Київщині"),
    Place("Poltava region", "Полтавщина", "Полтавщини", "Полтавщину", "на Полтавщині"),
    Place("Lviv region", "Львівщина", "Львівщини", "Львівщину", "на Львівщині"),
]

FRONTS = [
    Front("in the Pokrovsk sector", "на Покровському напрямку", "Pokrovsk"),
    Front("in the Kupiansk sector", "на Куп'янському напрямку", "Kupiansk"),
    Front("in the Lyman sector", "на Лиманському напрямку", "Lyman"),
    Front("in the Kostiantynivka sector", "на Костянтинівському напрямку", "Kostiantynivka"),
    Front("in the Huliaipole sector", "на Гуляйпільському напрямку", "Huliaipole"),
    Front("in the Siversk sector", "на Сіверському напрямку", "Siversk"),
    Front("in the Kramatorsk sector", "на Краматорському напрямку", "Kramatorsk"),
    Front("in the Orikhiv sector", "на Оріхівському напрямку", "Orikhiv"),
    Front("in the Prydniprovske sector", "на Придніпровському напрямку", "Kherson region"),
]

COUNTRIES = [
    Country("Germany", "Німеччина", "Німеччини"),
    Country("France", "Франція", "Франції"),
    Country("Britain", "Велика Британія", "Великої Британії"),
    Country("Poland", "Польща", "Польщі"),
    Country("Norway", "Норвегія", "Норвегії"),
    Country("Denmark", "Данія", "Данії"),
    Country("Sweden", "Швеція", "Швеції"),
    Country("Canada", "Канада", "Канади"),
    Country("Japan", "Японія", "Японії"),
    Country("Lithuania", "Литва", "Литви"),
    Country("Finland", "Фінляндія", "Фінляндії"),
    Country("Estonia", "Естонія", "Естонії"),
    Country("Latvia", "Латвія", "Латвії"),
    Country("Italy", "Італія", "Італії"),
    Country("Spain", "Іспанія", "Іспанії"),
]

# Regions of Russia, for reports of Ukrainian long-range strikes.
RU_REGIONS = [
    RuRegion("Russia's Krasnodar Krai", "у Краснодарському краї"),
    RuRegion("Russia's Bryansk region", "у Брянській області"),
    RuRegion("Russia's Belgorod region", "у Бєлгородській області"),
    RuRegion("Russia's Rostov region", "у Ростовській області"),
    RuRegion("Russia's Voronezh region", "у Воронезькій області"),
    RuRegion("Russia's Saratov region", "у Саратовській області"),
    RuRegion("Russia's Volgograd region", "у Волгоградській області"),
    RuRegion("Tatarstan", "у Татарстані"),
    RuRegion("Russia's Ryazan region", "у Рязанській області"),
]

# Who a report is attributed to, by section.
SOURCES = {
    "war": [
        Source("Air Force", "the Air Force", "Повітряні сили", "Повітряних сил"),
        Source("General Staff", "the General Staff", "Генштаб", "Генштабу"),
        Source("regional military administration", "the regional military administration",
               "ОВА", "ОВА"),
        Source("Defence Ministry", "the Defence Ministry", "Міноборони", "Міноборони"),
        Source("military intelligence", "military intelligence", "ГУР", "ГУР"),
        Source("Navy", "the Navy", "ВМС", "ВМС"),
    ],
    "politics": [
        Source("Foreign Ministry", "the Foreign Ministry", "МЗС", "МЗС"),
        Source("President's Office", "the President's Office", "Офіс президента",
               "Офісу президента"),
        Source("Cabinet of Ministers", "the Cabinet of Ministers", "Кабмін", "Кабміну"),
        Source("Prosecutor General's Office", "the Prosecutor General's Office",
               "Офіс генпрокурора", "Офісу генпрокурора"),
        Source("NABU", "NABU", "НАБУ", "НАБУ"),
    ],
    "economy": [
        Source("National Bank", "the National Bank", "НБУ", "НБУ"),
        Source("Finance Ministry", "the Finance Ministry", "Мінфін", "Мінфіну"),
        Source("Ukrenergo", "Ukrenergo", "Укренерго", "Укренерго"),
        Source("Energy Ministry", "the Energy Ministry", "Міненерго", "Міненерго"),
        Source("State Statistics Service", "the State Statistics Service", "Держстат",
               "Держстату"),
    ],
    "world": [
        Source("Foreign Ministry", "the Foreign Ministry", "МЗС", "МЗС"),
        Source("ISW", "ISW", "ISW", "ISW"),
        Source("European Commission", "the European Commission", "Єврокомісія",
               "Єврокомісії"),
        Source("NATO", "NATO", "НАТО", "НАТО"),
    ],
    "news": [
        Source("National Police", "the National Police", "Нацполіція", "Нацполіції"),
        Source("State Emergency Service", "the State Emergency Service", "ДСНС", "ДСНС"),
        Source("regional military administration", "the regional military administration",
               "ОВА", "ОВА"),
        Source("city council", "the city council", "міськрада", "міськради"),
    ],
    "culture": [
        Source("Culture Ministry", "the Culture Ministry", "Мінкульт", "Мінкульту"),
        Source("organisers", "the organisers", "організатори", "організаторів"),
    ],
}

# Interviewees: a role from the story's section and a surname (these surnames are the same
# for women and men in Ukrainian).
EXPERT_ROLES = {
    "war": [("military expert", "військовий експерт"), ("military analyst", "військовий аналітик"),
            ("brigade spokesperson", "речник бригади"),
            ("drone unit commander", "командир підрозділу БпЛА")],
    "economy": [("economist", "економіст"), ("energy expert", "енергетичний експерт"),
                ("banker", "банкір"), ("Ukrenergo board member", "член правління Укренерго")],
    "politics": [("political scientist", "політолог"), ("lawyer", "юрист"), ("MP", "нардеп"),
                 ("sociologist", "соціолог")],
    "world": [("diplomat", "дипломат"), ("political scientist", "політолог"),
              ("former ambassador", "колишній посол")],
    "news": [("deputy mayor", "заступник міського голови"), ("volunteer", "волонтер"),
             ("doctor", "лікар"), ("rescuer", "рятувальник")],
    "culture": [("film director", "режисер"), ("writer", "письменник"),
                ("musician", "музикант"), ("curator", "куратор")],
}
SURNAMES = [
    ("Kovalenko", "Коваленко"), ("Bondarenko", "Бондаренко"), ("Tkachuk", "Ткачук"),
    ("Savchuk", "Савчук"), ("Melnychuk", "Мельничук"), ("Polishchuk", "Поліщук"),
    ("Marchenko", "Марченко"), ("Lysenko", "Лисенко"), ("Rudenko", "Руденко"),
    ("Moroz", "Мороз"), ("Danyliuk", "Данилюк"), ("Kostiuk", "Костюк"), ("Hnatiuk", "Гнатюк"),
    ("Ostapchuk", "Остапчук"), ("Pavlenko", "Павленко"), ("Sydorenko", "Сидоренко"),
    ("Levchenko", "Левченко"), ("Yatsenko", "Яценко"), ("Hrytsenko", "Гриценко"),
    ("Bilyk", "Білик"), ("Kuzmenko", "Кузьменко"), ("Shevchuk", "Шевчук"),
]

LAWS = [
    Thing("mobilisation", "мобілізацію"), Thing("energy security", "енергетичну безпеку"),
    Thing("veterans' benefits", "пільги для ветеранів"),
    Thing("defence procurement", "оборонні закупівлі"),
    Thing("critical minerals", "критичні мінерали"), Thing("local elections", "місцеві вибори"),
    Thing("public broadcasting", "суспільне мовлення"), Thing("tax reform", "податкову реформу"),
    Thing("the electronic court", "електронний суд"),
    Thing("compensation for destroyed homes", "компенсацію за зруйноване житло"),
]
AREAS = [
    Thing("joint drone production", "спільне виробництво дронів"),
    Thing("security cooperation", "безпекову співпрацю"),
    Thing("energy reconstruction", "відновлення енергетики"),
    Thing("demining", "розмінування"), Thing("air defence supplies", "постачання ППО"),
    Thing("defence industry cooperation", "співпрацю в оборонній промисловості"),
]
PURPOSES = [
    Thing("repairing power grids", "ремонт енергомереж"),
    Thing("housing for displaced people", "житло для переселенців"),
    Thing("shelters in schools", "укриття у школах"),
    Thing("drones for the army", "дрони для армії"),
    Thing("rebuilding bridges", "відбудову мостів"),
    Thing("veterans' rehabilitation", "реабілітацію ветеранів"),
]
OFFICIALS = [
    Official("deputy minister", "заступнику міністра"),
    Official("customs chief", "очільнику митниці"),
    Official("regional council head", "голові обласної ради"),
    Official("state enterprise director", "директору держпідприємства"),
    Official("MP", "народному депутату"),
]
WEEKDAYS = [
    Named("on Monday", "у понеділок"), Named("on Tuesday", "у вівторок"),
    Named("on Wednesday", "у середу"), Named("on Thursday", "у четвер"),
    Named("on Friday", "у п'ятницю"), Named("on Saturday", "у суботу"),
    Named("on Sunday", "у неділю"),
]
QUARTERS = [
    Located("the first quarter", "першому кварталі"),
    Located("the second quarter", "другому кварталі"),
    Located("the third quarter", "третьому кварталі"),
]
FILMS = [
    Named("The Last Train to Izium", "Останній потяг до Ізюма"), Named("Salt", "Сіль"),
    Named("Quiet Hours", "Тиха година"), Named("Steppe Wind", "Вітер степу"),
    Named("Letters from Kherson", "Листи з Херсона"), Named("Night Shift", "Нічна зміна"),
]
FESTIVALS = [
    Located("the Berlinale", "Берлінале"),
    Located("the Venice Film Festival", "Венеційському кінофестивалі"),
    Located("Cannes", "Каннському кінофестивалі"),
    Located("Sundance", "Санденсі"),
    Located("the Odesa International Film Festival", "Одеському міжнародному кінофестивалі"),
]
BANDS = [
    Named("Sirko", "Сірко"), Named("Dyvo", "Диво"), Named("Kalyna Drive", "Калина Драйв"),
    Named("Stepovi", "Степові"), Named("Vitryla", "Вітрила"),
]
SPORTS = [
    Sport("Athletics", "легкої атлетики"), Sport("Wrestling", "боротьби"),
    Sport("Rowing", "веслування"), Sport("Fencing", "фехтування"),
    Sport("Swimming", "плавання"), Sport("Judo", "дзюдо"),
]

# Counted nouns: the forms after a number, and the range the number is drawn from.
COUNTED = {
    "drones": Noun("drone", "drones", "дрон", "дрони", "дронів", 12, 160),
    "missiles": Noun("missile", "missiles", "ракету", "ракети", "ракет", 3, 40),
    "soldiers": Noun("soldier", "soldiers", "військового", "військових", "військових", 700, 1500),
    "tanks": Noun("tank", "tanks", "танк", "танки", "танків", 1, 14),
    "attacks": Noun("Russian attack", "Russian attacks", "російську атаку", "російські атаки",
                    "російських атак", 8, 45),
    "injured": Noun("injured", "injured", "постраждалий", "постраждалі", "постраждалих", 2, 25),
    "killed": Noun("killed", "killed", "загиблий", "загиблі", "загиблих", 1, 6),
    "pows": Noun("defender", "defenders", "захисника", "захисників", "захисників", 50, 390),
    "children": Noun("child", "children", "дитину", "дитини", "дітей", 2, 30),
    "settlements": Noun("settlement", "settlements", "населений пункт", "населені пункти",
                        "населених пунктів", 3, 30),
    "troops": Noun("Ukrainian soldier", "Ukrainian soldiers", "українського військового",
                   "українських військових", "українських військових", 500, 8000),
    "events": Noun("event", "events", "подія", "події", "подій", 80, 250),
    "medals": Noun("medal", "medals", "медаль", "медалі", "медалей", 2, 11),
    "votes": Noun("MP", "MPs", "нардеп", "нардепи", "нардепів", 226, 310),
    # Locative plural throughout: "у 5 областях"; 2–10 keeps clear of "у 1 області".
    "regions": Noun("region", "regions", "областях", "областях", "областях", 2, 10),
}
# Plain numbers: (low, high, step); the step's decimals are the number's.
NUMBERS = {
    "rate": (13.5, 16.5, 0.5), "usd_rate": (41.05, 42.95, 0.05), "eur_bn": (1.1, 4.2, 0.1),
    "usd_m": (20, 400, 10), "eur_m": (50, 900, 25), "uah_bn": (1.2, 9.8, 0.1),
    "uah_m": (3, 180, 1), "tonnes": (8.5, 34.5, 0.1), "fuel": (54.5, 62.9, 0.01),
    "gdp": (1.2, 4.8, 0.1), "infl": (6.2, 14.9, 0.1), "pct": (58, 82, 1), "frost": (5, 22, 1),
    "heat": (30, 38, 1),
}
ORDINALS = {"package": (16, 22)}  # "19th" / "19-й"


def T(section, en, uk, lead=None, tags="", months=None, hours=None, weight=1.0, picture=None):
    """A headline template; ``lead`` is an (en, uk) pair, ``tags`` English tag names (the
    story's own: with the places it names and its section's, all the tags it gets),
    ``months`` and ``hours`` (from, to; Kyiv time) when the story is told at all, ``weight``
    how often it comes up (a story without slots would otherwise repeat a lot) and
    ``picture`` the topic of its illustration (``pictures.TOPICS``; else its section's)."""
    return {"section": section, "en": en, "uk": uk, "lead": lead,
            "picture": picture or SECTION_PICTURES[section],
            "tags": [t.strip() for t in tags.split(",") if t.strip()],
            "slots": {name for _text, name, _spec, _conv in Formatter().parse(en) if name},
            "months": set(months) if months else None,
            "hours": set(range(*hours)) if hours else None, "weight": weight}


# What illustrates a story whose template names no picture topic of its own.
SECTION_PICTURES = {"war": "front", "politics": "parliament", "economy": "chart",
                    "world": "capital", "news": "city", "culture": "stage"}
# Tags every story of a section may carry besides its template's own and the places it names.
SECTION_TAGS = {"war": ["War", "Russia"], "politics": ["Government"], "economy": ["Economy"],
                "world": ["Diplomacy"], "news": [], "culture": ["Culture"]}

WINTER, SUMMER = (11, 12, 1, 2, 3), (6, 7, 8)
MORNING = (5, 12)  # the night's attacks and the General Staff's daily figures

NEWS = [
    T("war", "Russian drones attack {place}: {injured}",
      "Російські дрони атакували {place_acc}: {injured}",
      ("The attack lasted several hours; fires broke out in two districts of the city.",
       "Атака тривала кілька годин, у двох районах міста виникли пожежі."), "Drones, Shahed",
      picture="air"),
    T("war", "Air defence downs {drones} overnight — {source}",
      "Протягом ночі ППО знешкодила {drones} — {source}",
      ("Most of the drones were Shaheds; some were suppressed by electronic warfare.",
       "Більшість дронів були шахедами, частину подавили засобами РЕБ."),
      "Air defence, Drones", hours=MORNING, weight=2, picture="air"),
    T("war", "Russia loses {soldiers} and {tanks} in one day of war",
      "Росія за добу втратила {soldiers} і {tanks}",
      ("The General Staff's daily figures also include artillery systems and drones.",
       "Щоденні дані Генштабу також враховують артсистеми та безпілотники."),
      "Russia, General Staff", hours=MORNING, weight=3),
    T("war", "Ukrainian forces repel {attacks} {front}", "Сили оборони відбили {attacks} {front}",
      ("Russian troops attacked with infantry and armoured vehicles, the General Staff said.",
       "Російські війська атакували піхотою та бронетехнікою, повідомили в Генштабі."),
      "General Staff"),
    T("war", "Explosions heard in {place} during air raid alert",
      "{place_loc} під час повітряної тривоги пролунали вибухи",
      ("Air defence was working in the region, local authorities said.",
       "У регіоні працювала ППО, повідомила місцева влада."), "Air defence", picture="air"),
    T("war", "Ukrainian drones hit oil refinery in {ru_region}, fire breaks out",
      "Українські дрони уразили НПЗ {ru_region_loc}: спалахнула пожежа",
      ("Local residents reported a series of explosions; the refinery supplies fuel to the "
       "Russian army.",
       "Місцеві жителі повідомили про серію вибухів; НПЗ постачає пальне російській армії."),
      "Refineries, Drones", picture="refinery"),
    T("war", "Russian missile strike damages energy facility in {region}",
      "Внаслідок ракетного удару {region_loc} пошкоджено енергооб'єкт",
      ("Some consumers are temporarily without power; repair crews are already at work.",
       "Частина споживачів тимчасово без світла, ремонтні бригади вже працюють."),
      "Energy, Ballistic missiles", picture="energy"),
    T("war", "Russians shell {settlements} in {region} over the past day",
      "За минулу добу росіяни обстріляли {settlements} {region_loc}",
      ("Artillery, drones and guided bombs were used; residential buildings were damaged.",
       "Ворог застосовував артилерію, дрони та КАБи, пошкоджено житлові будинки."),
      tags="Shelling"),
    T("war", "Russian shelling of {region}: {killed}, {injured}",
      "Обстріл {region_gen}: {killed}, {injured}",
      ("Regional authorities have published the details of the attacks on the region's towns.",
       "Обласна влада оприлюднила подробиці атак на громади регіону."), tags="Shelling",
      picture="city"),
    T("war", "Ukraine brings home {pows} in new prisoner exchange",
      "Україна повернула з полону ще {pows}",
      ("Among those released are soldiers who defended Mariupol, the Coordination Headquarters "
       "said.",
       "Серед звільнених — військові, які обороняли Маріуполь, повідомили в Координаційному "
       "штабі."), "Prisoner exchange"),
    T("war", "Russia steps up assaults {front}, brigade spokesperson says",
      "Росіяни посилили штурми {front} — речник бригади",
      ("The enemy is trying to slip small groups into the rear of Ukrainian positions.",
       "Ворог намагається просочуватися малими групами в тил українських позицій."),
      tags="Assaults"),
    T("war", "Russia launches {missiles} and {drones} at Ukraine overnight",
      "Вночі Росія випустила по Україні {missiles} та {drones}",
      ("The main target was energy infrastructure in several regions, the Air Force said.",
       "Основною ціллю стала енергетична інфраструктура в кількох регіонах, повідомили "
       "Повітряні сили."), "Ballistic missiles, Air Force", hours=MORNING, picture="air"),
    T("politics", "Verkhovna Rada passes bill on {law}",
      "Верховна Рада ухвалила закон про {law_acc}",
      ("The bill was backed by {votes} and now goes to the President for signature.",
       "Документ підтримали {votes}, тепер він надійде на підпис президенту."),
      "Verkhovna Rada"),
    T("politics", "Cabinet allocates UAH {uah_bn} billion for {purpose}",
      "Уряд виділив {uah_bn} млрд грн на {purpose_acc}",
      ("The money comes from the reserve fund of the state budget.",
       "Кошти спрямують із резервного фонду держбюджету."), "Budget, Cabinet of Ministers"),
    T("politics", "Ukraine and {country} sign agreement on {area}",
      "Україна та {country} підписали угоду про {area_acc}",
      ("The agreement was signed in Kyiv during a visit by the foreign delegation.",
       "Угоду підписали в Києві під час візиту іноземної делегації."), tags="Agreements",
      picture="capital"),
    T("politics", "Parliament extends martial law and mobilisation for another 90 days",
      "Рада продовжила воєнний стан і загальну мобілізацію ще на 90 днів",
      ("The decision was supported by {votes}.", "За рішення проголосували {votes}."),
      "Mobilization, Verkhovna Rada", weight=0.05),
    T("politics", "NABU charges former {official} with embezzling UAH {uah_m} million",
      "НАБУ повідомило про підозру колишньому {official_dat} у розтраті {uah_m} млн грн",
      ("Investigators say the money paid for supplies that never arrived.",
       "За даними слідства, кошти заплатили за постачання, якого так і не було."),
      "NABU, Corruption"),
    T("politics", "Foreign Minister discusses {area} with {country}'s counterpart",
      "Глава МЗС обговорив {area_acc} з колегою з {country_gen}",
      ("The ministers also agreed to coordinate their positions ahead of the next summit.",
       "Міністри також домовилися узгодити позиції перед наступним самітом."),
      tags="Foreign Ministry", picture="capital"),
    T("politics", "Poll: {pct}% of Ukrainians reject territorial concessions",
      "Опитування: {pct}% українців проти територіальних поступок",
      ("The survey was conducted by phone in all government-controlled regions.",
       "Опитування провели телефоном в усіх підконтрольних уряду регіонах."), "Peace talks",
      weight=0.2, picture="chart"),
    T("economy", "National Bank keeps key rate at {rate}%",
      "НБУ зберіг облікову ставку на рівні {rate}%",
      ("The regulator expects inflation to slow in the coming months.",
       "Регулятор очікує сповільнення інфляції найближчими місяцями."),
      "National Bank, Inflation", weight=0.1),
    T("economy", "Hryvnia weakens to {usd_rate} per dollar",
      "Гривня послабилася до {usd_rate} грн за долар",
      ("The National Bank sold more currency on the interbank market this week.",
       "НБУ цього тижня продав більше валюти на міжбанку."), "Hryvnia", weight=0.5),
    T("economy", "Ukraine receives €{eur_bn} billion from the EU under Ukraine Facility",
      "Україна отримала від ЄС {eur_bn} млрд євро в межах Ukraine Facility",
      ("The money will go to salaries, pensions and social programmes.",
       "Кошти спрямують на виплату зарплат, пенсій і соціальних програм."), "EU, Budget",
      weight=0.3),
    T("economy", "{country} to provide Ukraine with ${usd_m} million for {purpose}",
      "{country} надасть Україні ${usd_m} млн на {purpose_acc}",
      ("The funds will be channelled through the World Bank.",
       "Кошти надійдуть через Світовий банк."), "World Bank"),
    T("economy", "Grain exports via Black Sea ports reach {tonnes} million tonnes this season",
      "Експорт зерна через чорноморські порти з початку сезону сягнув {tonnes} млн т",
      ("Most of the grain went to Egypt, Spain and Turkey.",
       "Найбільше зерна відвантажили до Єгипту, Іспанії та Туреччини."),
      "Grain exports, Black Sea", weight=0.2, picture="sea"),
    T("economy", "Ukrenergo: power outage schedules in {regions} {weekday}",
      "Укренерго: {weekday} графіки відключень діятимуть у {regions}",
      ("The reason is the damage to power plants caused by Russian strikes.",
       "Причина — пошкодження генерації внаслідок російських ударів."),
      "Power outages, Ukrenergo", picture="energy"),
    T("economy", "Fuel prices: A-95 petrol now costs UAH {fuel} per litre",
      "Ціни на пальне: літр А-95 коштує вже {fuel} грн",
      ("Analysts expect prices to stabilise once the field work season ends.",
       "Аналітики очікують стабілізації цін після завершення польових робіт."),
      tags="Fuel prices", picture="refinery"),
    T("economy", "Ukraine's GDP grows {gdp}% in {quarter}",
      "ВВП України у {quarter_loc} зріс на {gdp}%",
      ("Growth was driven by the defence industry, construction and agriculture.",
       "Зростання забезпечили оборонна промисловість, будівництво та аграрний сектор."),
      weight=0.1, tags="GDP"),
    T("economy", "Inflation slows to {infl}% year on year",
      "Інфляція в Україні сповільнилася до {infl}% у річному вимірі",
      ("Food prices remain the main driver of inflation.",
       "Головним чинником інфляції залишаються ціни на продукти."), "Inflation", weight=0.1),
    T("world", "{country} announces military aid package for Ukraine worth €{eur_m} million",
      "{country} оголосила пакет військової допомоги Україні на {eur_m} млн євро",
      ("The package includes air defence missiles and artillery ammunition.",
       "До пакета увійшли ракети для ППО та артилерійські боєприпаси."), "Military aid"),
    T("world", "EU approves {package} sanctions package against Russia",
      "ЄС погодив {package} пакет санкцій проти Росії",
      ("The new restrictions target the shadow fleet and banks in third countries.",
       "Нові обмеження спрямовані проти тіньового флоту та банків у третіх країнах."),
      "Sanctions, EU", weight=0.1),
    T("world", "{country} to train {troops} this year", "{country} цього року підготує {troops}",
      ("Training will include drone operators and combat medics.",
       "Навчання пройдуть, зокрема, оператори дронів і бойові медики."), tags="Military aid"),
    T("world", "Russian shadow fleet tanker detained off {country}'s coast",
      "Біля узбережжя {country_gen} затримали танкер російського тіньового флоту",
      ("The vessel was sailing without valid insurance, the coast guard said.",
       "Судно йшло без чинної страховки, повідомила берегова охорона."), "Shadow fleet",
      picture="sea"),
    T("world", "{country}'s parliament backs using frozen Russian assets for Ukraine",
      "Парламент {country_gen} підтримав використання заморожених російських активів для України",
      ("The money could cover a large part of Ukraine's defence needs next year.",
       "Ці кошти можуть покрити значну частину оборонних потреб України наступного року."),
      "Frozen assets", weight=0.3),
    T("world", "ISW: Russia unlikely to reach its goals {front} before winter",
      "ISW: Росія навряд чи досягне своїх цілей {front} до зими",
      ("Analysts point to a shortage of reserves in the Russian army.",
       "Аналітики вказують на нестачу резервів у російській армії."), "ISW"),
    T("world", "IAEA reports drone strike near Zaporizhzhia nuclear plant",
      "МАГАТЕ повідомило про удар дрона поблизу Запорізької АЕС",
      ("Inspectors say there was no threat to nuclear safety this time.",
       "Інспектори кажуть, що цього разу загрози ядерній безпеці не було."),
      "IAEA, Zaporizhzhia NPP", weight=0.3, picture="energy"),
    T("world", "NATO to boost air defence support for Ukraine, says Secretary General",
      "НАТО посилить підтримку України у сфері ППО — генсек Альянсу",
      ("Allies are expected to confirm new deliveries at the next Ramstein meeting.",
       "Очікується, що союзники підтвердять нові постачання на наступному засіданні "
       "«Рамштайну»."), "NATO, Air defence", weight=0.3, picture="air"),
    T("news", "Air raid alert across Ukraine over ballistic missile threat",
      "Повітряна тривога по всій Україні через загрозу балістики",
      ("The Air Force warned of possible launches from the north-east.",
       "Повітряні сили попередили про можливі пуски з північного сходу."),
      "Ballistic missiles", weight=0.5, picture="air"),
    T("news", "Frost down to −{frost}°C and snow expected in {region}",
      "{region_loc} очікують морози до −{frost}°C і сніг",
      ("Forecasters advise drivers to avoid unnecessary trips.",
       "Синоптики радять водіям утриматися від зайвих поїздок."), "Weather", WINTER),
    T("news", "Heat of up to +{heat}°C expected in {region}",
      "{region_loc} очікують спеку до +{heat}°C",
      ("Doctors advise limiting time outdoors in the afternoon.",
       "Лікарі радять обмежити перебування на вулиці в обідні години."), "Weather", SUMMER),
    T("news", "Police detain suspect in {place} explosion case",
      "Поліція затримала підозрюваного у справі про вибух {place_loc}",
      ("The man faces up to 15 years in prison.",
       "Чоловікові загрожує до 15 років позбавлення волі."), "National Police"),
    T("news", "Volunteers in {place} raise funds for {drones} for a frontline brigade",
      "{place_loc} волонтери збирають на {drones} для бригади на фронті",
      ("More than half of the amount has already been collected.",
       "Збір уже закрили більш ніж наполовину."), "Volunteers"),
    T("news", "Ukrzaliznytsia adds extra trains from {place} to {place2}",
      "Укрзалізниця призначила додаткові поїзди з {place_gen} до {place2_gen}",
      ("Tickets are already on sale in the app.", "Квитки вже продаються в застосунку."),
      "Railways", picture="rail"),
    T("news", "{children} returned to Ukraine from Russian deportation",
      "В Україну повернули ще {children}, депортованих до Росії",
      ("The children were brought back with the help of international partners.",
       "Дітей вдалося повернути за сприяння міжнародних партнерів."), "Deported children"),
    T("news", "Ukraine wins {medals} at European {sport} Championships",
      "Україна здобула {medals} на чемпіонаті Європи з {sport_gen}",
      ("The team trained abroad because of the war.",
       "Через війну команда тренувалася за кордоном."), "Sport", weight=0.3, picture="capital"),
    T("news", "Schools in {region} switch to online learning after night attack",
      "Школи {region_gen} перейшли на дистанційне навчання після нічної атаки",
      ("Lessons will be held online at least until the end of the week.",
       "Уроки проходитимуть онлайн щонайменше до кінця тижня."), "Education"),
    T("culture", "Ukrainian film “{film}” to premiere at {festival}",
      "Український фільм «{film}» покажуть на {festival_loc}",
      ("The film tells the story of a family that stayed in a frontline town.",
       "Фільм розповідає історію родини, яка залишилася у прифронтовому місті."), "Cinema",
      weight=0.3),
    T("culture", "Book Arsenal announces programme: {events} over five days",
      "«Книжковий Арсенал» оголосив програму: {events} за п'ять днів",
      ("This year's focus is memory and the experience of war.",
       "Цьогорічний фокус — пам'ять і досвід війни."), "Books", weight=0.1),
    T("culture", "Museum in {place} reopens after repairs following Russian strike",
      "{place_loc} після ремонту відкрився музей, пошкоджений російським ударом",
      ("Part of the collection remains in storage for safety reasons.",
       "Частина колекції з міркувань безпеки залишається в сховищах."), "Culture", weight=0.3,
      picture="stage"),
    T("culture", "Band {band} announces European tour in support of the army",
      "Гурт «{band}» оголосив європейський тур на підтримку ЗСУ",
      ("The musicians will play in twelve cities; all proceeds go to drones for the front.",
       "Музиканти зіграють у дванадцяти містах, усі кошти підуть на дрони для фронту."),
      "Music", weight=0.3),
]

ANALYSIS = [
    T("world", "What {country}'s new aid package means for the front",
      "Що означає для фронту новий пакет допомоги від {country_gen}",
      ("We look at what is in the package and how quickly it can reach the army.",
       "Розбираємо, що входить до пакета і як швидко він може дійти до війська."),
      "Military aid"),
    T("politics", "When could Ukraine hold elections after the war? A lawyer explains",
      "Коли Україна зможе провести вибори після війни? Пояснює юрист",
      ("The Constitution bans elections under martial law, but the question keeps coming back.",
       "Конституція забороняє вибори під час воєнного стану, але питання постійно "
       "повертається."), "Elections", weight=0.2),
    T("war", "Why Russia is attacking {place} again", "Чому Росія знову атакує {place_acc}",
      ("Military experts explain the logic of the latest strikes.",
       "Військові експерти пояснюють логіку останніх ударів."), tags="Drones", picture="air"),
    T("economy", "How the hryvnia rate is set and what to expect next month",
      "Як формується курс гривні і чого чекати наступного місяця",
      ("The National Bank's policy, the budget and the war: what moves the exchange rate.",
       "Політика НБУ, бюджет і війна: що рухає курс."), "Hryvnia", weight=0.3),
    T("war", "Western weapons can now strike deep into Russia, but a new problem emerges",
      "Західна зброя тепер може бити вглиб Росії, але з'явилася нова проблема",
      ("Permission has come, but missiles are in short supply.",
       "Дозвіл є, але ракет бракує."), "Military aid", weight=0.2),
    T("politics", "Five questions about the new law on {law}",
      "П'ять запитань про новий закон про {law_acc}",
      ("What changes, for whom and from when.", "Що зміниться, для кого і з якого часу."),
      "Verkhovna Rada"),
    T("war", "The fighting {front}: what the maps show", "Бої {front}: що показують мапи",
      ("Open-source maps show slow Russian advances at a very high cost.",
       "Відкриті мапи показують повільне просування росіян ціною дуже великих втрат.")),
    T("politics", "Explained: what changes for people liable for military service next month",
      "Пояснюємо: що зміниться для військовозобов'язаних з наступного місяця",
      ("New rules for registration, deferrals and medical boards.",
       "Нові правила обліку, відстрочок і ВЛК."), "Mobilization", weight=0.3),
]

FEATURES = [
    T("news", "Life under fire: how {place} prepares for winter",
      "Життя під обстрілами: як {place_loc} готуються до зими",
      ("Generators, shelters and firewood: a city learns to live with the war.",
       "Генератори, укриття і дрова: місто вчиться жити з війною."), "Heating season",
      picture="city"),
    T("news", "Rebuilding {place}: a year after the strike",
      "Відбудова {place_gen}: рік після удару",
      ("Residents have returned to some of the houses; others are still waiting.",
       "Частина мешканців уже повернулася додому, інші досі чекають."), "Reconstruction"),
    T("news", "The teachers of {region}: lessons in shelters and online",
      "Вчителі {region_gen}: уроки в укриттях і онлайн",
      ("How schools keep teaching when the air raid alert sounds several times a day.",
       "Як школи продовжують навчати, коли тривога лунає кілька разів на день."), "Education"),
    T("economy", "From field to front: how farmers in {region} keep working",
      "Від поля до фронту: як працюють фермери {region_loc}",
      ("Mined fields, expensive fuel and a shortage of workers.",
       "Заміновані поля, дороге пальне і брак працівників."), "Agriculture", picture="fields"),
]

INTERVIEWS = [
    T("war", "“The enemy changes tactics every week”: {expert} on the situation {front}",
      "«Ворог змінює тактику щотижня»: {expert} про ситуацію {front}"),
    T("economy", "“Prices will stabilise by spring”: {expert} on inflation and the hryvnia",
      "«Ціни стабілізуються до весни»: {expert} про інфляцію та гривню", tags="Inflation"),
    T("economy", "“The grid will survive the winter if partners keep helping”: {expert}",
      "«Енергосистема переживе зиму, якщо партнери допомагатимуть»: {expert}", tags="Energy",
      picture="energy"),
    T("politics", "“Elections are impossible while the shelling continues”: {expert}",
      "«Вибори неможливі, поки тривають обстріли»: {expert}", tags="Elections"),
    T("war", "Russia is preparing a new offensive {front} — {expert}",
      "Росія готує новий наступ {front} — {expert}"),
    T("war", "Drones now decide most battles at the front — {expert}",
      "Дрони вирішують результат більшості боїв на фронті — {expert}", tags="Drones",
      picture="air"),
    T("news", "“The city lives and works despite the attacks”: {expert} on {place}",
      "«Місто живе і працює попри атаки»: {expert} про {place_acc}"),
    T("world", "“Europe must stop fearing escalation”: {expert}",
      "«Європа має перестати боятися ескалації»: {expert}", tags="Diplomacy"),
    T("culture", "“Culture is our second front line”: {expert}",
      "«Культура — наша друга лінія фронту»: {expert}", tags="Culture"),
    T("politics", "“We are open to investment, but security comes first”: {expert} on the "
      "minerals deal",
      "«Ми відкриті до інвестицій, але безпека — на першому місці»: {expert} про угоду щодо "
      "надр", tags="Critical minerals", picture="fields"),
    T("war", "Ukrainian forces may have to leave some positions {front} — {expert}",
      "Українським військам, можливо, доведеться залишити частину позицій {front} — {expert}"),
    T("economy", "US aid freeze puts energy projects at risk — {expert}",
      "Заморожування допомоги США ставить під загрозу енергопроєкти — {expert}", tags="Energy",
      picture="energy"),
]
INTERVIEW_LEADS = [
    ("In an interview with Dateline, {expert} explains what to expect in the coming weeks.",
     "В інтерв'ю Дейтлайну {expert} пояснює, чого чекати найближчими тижнями."),
    ("{expert} talks about the risks, the plans and what partners can do.",
     "Про ризики, плани і те, що можуть зробити партнери, розповідає {expert}."),
]

# Columns: the thesis; the headline adds the columnist's name. Their section is Opinion; the
# first field picks a columnist whose beat it is.
OPINIONS = [
    T("politics", "Why the West keeps underestimating Russia's war economy",
      "Чому Захід досі недооцінює воєнну економіку Росії", tags="Sanctions", picture="chart"),
    T("economy", "Trading minerals for security is a deal worth making",
      "Обмін надр на безпеку — угода, яку варто укласти", tags="Critical minerals",
      picture="fields"),
    T("world", "{country} has made its choice. Now it is the rest of Europe's turn",
      "{country} зробила свій вибір. Тепер черга решти Європи"),
    T("politics", "Elections in wartime: what the Constitution says and what people want",
      "Вибори під час війни: що каже Конституція і чого хочуть люди", tags="Elections"),
    T("war", "The front {front} is not a line on a map", "Фронт {front} — це не лінія на мапі"),
    T("economy", "Winter is the energy exam Ukraine cannot fail",
      "Зима — енергетичний іспит, який Україна не може провалити", tags="Energy", picture="energy"),
    T("world", "Sanctions work more slowly than we would like, but they work",
      "Санкції працюють повільніше, ніж хотілося б, але працюють", tags="Sanctions"),
    T("world", "What Moscow really wants from the talks",
      "Чого насправді хоче Москва від переговорів", tags="Peace talks"),
    T("war", "Drones have changed the war. Procurement has not",
      "Дрони змінили війну. Закупівлі — ні", tags="Drones", picture="air"),
    T("politics", "Mobilisation needs fairness, not slogans",
      "Мобілізації потрібна справедливість, а не гасла", tags="Mobilization"),
    T("world", "Europe's defence awakening is late, but it is real",
      "Оборонне пробудження Європи запізнилося, але воно справжнє", tags="Defence industry"),
    T("economy", "Reconstruction will not wait for the war to end",
      "Відбудова не чекатиме кінця війни", tags="Reconstruction", picture="city"),
    T("culture", "Culture is also a front line", "Культура — теж лінія фронту"),
    T("world", "Does the White House have a plan for Ukraine?",
      "Чи має Білий дім план щодо України?", tags="USA"),
    T("culture", "Why Russian propaganda is suddenly interested in our history",
      "Чому російська пропаганда раптом зацікавилася нашою історією", tags="Propaganda"),
    T("war", "Russia's losses and the limits of its recruitment",
      "Втрати Росії та межі її мобілізаційного ресурсу"),
    T("culture", "The quiet heroism of the utility workers of {place}",
      "Тихий героїзм комунальників {place_gen}", tags="Heating season", picture="city"),
    T("world", "What {country}'s decision tells us about Europe",
      "Що рішення {country_gen} говорить нам про Європу"),
    T("news", "People in {place} are holding on. The question is for how long",
      "{place_loc} тримаються. Питання — як довго"),
    T("politics", "The law on {law} is a test of trust",
      "Закон про {law_acc} — це тест на довіру", tags="Verkhovna Rada"),
    T("war", "Why the fighting {front} matters to all of Europe",
      "Чому бої {front} важливі для всієї Європи"),
    T("economy", "The hryvnia at {usd_rate}: no reason to panic",
      "Гривня по {usd_rate}: приводів для паніки немає", tags="Hryvnia"),
    T("world", "The {package} sanctions package: what is still missing",
      "{package} пакет санкцій: чого досі бракує", tags="Sanctions, EU"),
    T("economy", "Rebuilding {place} is a lesson for the whole country",
      "Відбудова {place_gen} — урок для всієї країни", tags="Reconstruction", picture="city"),
]
OPINION_LEADS = [
    ("Decisions taken now will shape the next decade, and we are not ready for that conversation.",
     "Рішення, які ухвалюють зараз, визначать наступне десятиліття, а ми не готові до цієї "
     "розмови."),
    ("The easy answers have run out. What is left are hard choices.",
     "Прості відповіді закінчилися. Залишилися складні рішення."),
    ("We have been here before, and we know how it ends if we look away.",
     "Ми вже це проходили і знаємо, чим усе закінчується, якщо відвернутися."),
    ("Our partners say the right words. It is time to compare them with deeds.",
     "Партнери кажуть правильні слова. Час порівняти їх зі справами."),
]

REVIEWS = [
    T("war", "Week at the front: what changed {front}", "Тиждень на фронті: що змінилося {front}"),
    T("war", "Ukraine's military reform: key goals and objectives",
      "Військова реформа в Україні: ключові цілі та завдання", tags="Military reform"),
    T("war", "A month of strikes on Russian refineries: results and consequences",
      "Місяць ударів по російських НПЗ: результати й наслідки", tags="Refineries",
      picture="refinery"),
    T("economy", "Economy in review: the hryvnia, prices and the budget gap",
      "Економічний огляд: гривня, ціни та дірка в бюджеті", tags="Hryvnia, Budget"),
    T("world", "Diplomatic week: what Ukraine's partners decided",
      "Дипломатичний тиждень: що вирішили партнери України", tags="Diplomacy"),
    T("politics", "A week in parliament: laws that will change everyday life",
      "Тиждень у Раді: закони, які змінять повсякдення", tags="Verkhovna Rada"),
    T("culture", "Culture week: premieres, books and exhibitions",
      "Культурний тиждень: прем'єри, книжки та виставки", tags="Culture"),
]
REVIEW_LEADS = [("The main events of the week and what they mean for Ukraine.",
                 "Головні події тижня і що вони означають для України.")]

# Sentences for article bodies, by section; GENERAL ones fit anywhere.
SENTENCES = {
    "war": [
        ("According to {source_ref}, the attack began shortly after midnight and lasted several "
         "hours.",
         "За даними {source_gen}, атака почалася невдовзі після опівночі й тривала кілька годин."),
        ("Debris fell on residential areas of {place}, damaging several apartment blocks and "
         "cars.",
         "Уламки впали на житлові квартали {place_gen}, пошкоджено кілька багатоповерхівок та "
         "автомобілі."),
        ("Emergency services worked at the scene through the morning; information on casualties "
         "is being clarified.",
         "Рятувальники працювали на місці до ранку, інформація про постраждалих уточнюється."),
        ("Fighting remains most intense {front}, where Russian troops attack in small groups with "
         "drone support.",
         "Найзапекліші бої тривають {front}, де російські війська атакують невеликими групами під "
         "прикриттям дронів."),
        ("Ukrainian units say the enemy has been using guided aerial bombs more often over the "
         "past week.",
         "В українських підрозділах кажуть, що за останній тиждень ворог частіше застосовує "
         "керовані авіабомби."),
        ("Residents of {region} are urged not to ignore air raid alerts and to stay in shelters "
         "until the all-clear.",
         "Мешканців {region_gen} закликають не ігнорувати повітряні тривоги та залишатися в "
         "укриттях до відбою."),
        ("The General Staff said the situation at the front remains difficult but under control.",
         "У Генштабі заявили, що ситуація на фронті залишається складною, але контрольованою."),
        ("Analysts note that Russia keeps stockpiling missiles for massive combined strikes.",
         "Аналітики зазначають, що Росія продовжує накопичувати ракети для масованих "
         "комбінованих ударів."),
        ("Ukraine's Defence Forces are expanding the use of interceptor drones against Shaheds.",
         "Сили оборони України розширюють використання дронів-перехоплювачів проти шахедів."),
    ],
    "politics": [
        ("The decision still has to be signed by the President before it takes effect.",
         "Щоб рішення набуло чинності, його ще має підписати президент."),
        ("The bill was backed by {votes}; the opposition criticised the haste of the vote.",
         "Законопроєкт підтримали {votes}, опозиція критикувала поспіх із голосуванням."),
        ("According to {source_ref}, consultations with partners will continue next week.",
         "За даними {source_gen}, консультації з партнерами продовжаться наступного тижня."),
        ("Civil society organisations called for the document to be published in full.",
         "Громадські організації закликали оприлюднити документ повністю."),
        ("Political scientists see the move as a signal to Ukraine's European partners.",
         "Політологи вважають цей крок сигналом для європейських партнерів України."),
        ("The issue was also discussed during a call with {country}'s foreign minister.",
         "Це питання також обговорювали під час розмови з міністром закордонних справ "
         "{country_gen}."),
        ("Under martial law, the procedure for such decisions has been simplified.",
         "В умовах воєнного стану процедуру ухвалення таких рішень спрощено."),
        ("The Verkhovna Rada is expected to return to the issue in a second reading within a "
         "month.",
         "Очікується, що Верховна Рада повернеться до питання в другому читанні протягом "
         "місяця."),
    ],
    "economy": [
        ("According to {source_ref}, the figures are in line with the central bank's forecast.",
         "За даними {source_gen}, показники відповідають прогнозу центробанку."),
        ("Economists attribute the change to energy prices and the cost of logistics.",
         "Економісти пояснюють зміни цінами на енергоносії та вартістю логістики."),
        ("Businesses in {region} say power outages remain the main risk for production.",
         "Бізнес {region_loc} називає відключення світла головним ризиком для виробництва."),
        ("The budget deficit is still financed mainly by international partners.",
         "Дефіцит бюджету досі фінансують переважно міжнародні партнери."),
        ("Exporters say the Black Sea corridor keeps operating despite the attacks on ports.",
         "Експортери кажуть, що чорноморський коридор продовжує працювати попри атаки на "
         "порти."),
        ("The next review of the IMF programme is scheduled for the coming months.",
         "Наступний перегляд програми МВФ заплановано на найближчі місяці."),
        ("Prices for basic foods rose faster than average over the past month.",
         "Ціни на базові продукти за останній місяць зросли швидше за середні."),
        ("{country} remains one of Ukraine's largest trading partners.",
         "{country} залишається одним із найбільших торговельних партнерів України."),
    ],
    "world": [
        ("The decision was welcomed in Kyiv, where officials called it a step towards a just "
         "peace.",
         "У Києві рішення привітали, назвавши його кроком до справедливого миру."),
        ("{country} has been among Ukraine's most consistent supporters since the start of the "
         "full-scale invasion.",
         "{country} від початку повномасштабного вторгнення залишається однією з "
         "найпослідовніших союзниць України."),
        ("Moscow has not commented on the decision so far.",
         "У Москві поки що не коментували рішення."),
        ("According to {source_ref}, the details will be discussed at the next meeting of the "
         "Ramstein group.",
         "За даними {source_gen}, деталі обговорять на наступному засіданні групи «Рамштайн»."),
        ("The European Commission is preparing further steps to increase pressure on Russia.",
         "Єврокомісія готує подальші кроки для посилення тиску на Росію."),
        ("Diplomats say the talks were difficult but constructive.",
         "Дипломати кажуть, що переговори були складними, але конструктивними."),
        ("The shadow fleet lets Russia keep exporting oil despite the price cap.",
         "Тіньовий флот дає Росії змогу продовжувати експорт нафти попри цінову стелю."),
    ],
    "news": [
        ("Local authorities in {place} say the city is prepared and all critical services are "
         "working.",
         "Місцева влада {place_gen} запевняє, що місто підготувалося, а всі критичні служби "
         "працюють."),
        ("According to {source_ref}, police are establishing the circumstances.",
         "За даними {source_gen}, поліція встановлює обставини події."),
        ("Residents are advised to follow official channels and not to spread unverified "
         "information.",
         "Мешканцям радять стежити за офіційними каналами та не поширювати неперевірену "
         "інформацію."),
        ("Volunteers have already collected most of the required amount, the organisers say.",
         "За словами організаторів, волонтери вже зібрали більшу частину потрібної суми."),
        ("Schools and hospitals in {region} continue to work in a mixed mode.",
         "Школи та лікарні {region_loc} продовжують працювати в змішаному режимі."),
        ("Ukrzaliznytsia said trains are running with minor delays.",
         "В Укрзалізниці повідомили, що поїзди курсують з незначними затримками."),
        ("Forecasters say the weather in {region} will stay changeable for the next few days.",
         "Синоптики кажуть, що найближчими днями погода {region_loc} залишатиметься "
         "мінливою."),
    ],
    "culture": [
        ("Tickets sold out within hours of the announcement.",
         "Квитки розкупили за кілька годин після анонсу."),
        ("Part of the proceeds will go to support Ukrainian defenders.",
         "Частину виручених коштів спрямують на підтримку українських захисників."),
        ("The project was filmed in {place} and {place2} over two years.",
         "Проєкт знімали {place_loc} та {place2_loc} упродовж двох років."),
        ("Critics call it one of the most important Ukrainian releases of the year.",
         "Критики називають його одним із найважливіших українських релізів року."),
        ("The organisers have prepared a shelter for visitors in case of an air raid alert.",
         "Організатори підготували укриття для відвідувачів на випадок повітряної тривоги."),
        ("The Culture Ministry says interest in Ukrainian culture abroad keeps growing.",
         "У Мінкульті кажуть, що інтерес до української культури за кордоном продовжує "
         "зростати."),
    ],
    "opinion": [
        ("It is tempting to think that time is on our side. It is not, unless we use it.",
         "Легко повірити, що час грає на нашу користь. Це не так, якщо ми ним не скористаємося."),
        ("Our partners have learned a lot in these years, but they still fear escalation more "
         "than defeat.",
         "Партнери багато чого навчилися за ці роки, але досі бояться ескалації більше, ніж "
         "поразки."),
        ("The answer is not in Washington or Brussels, but in how we organise ourselves at home.",
         "Відповідь не у Вашингтоні й не в Брюсселі, а в тому, як ми організуємося вдома."),
        ("History shows that wars of attrition are won by economies, not by slogans.",
         "Історія показує, що війни на виснаження виграють економіки, а не гасла."),
        ("We must be honest about our own mistakes, otherwise others will exploit them.",
         "Ми маємо чесно говорити про власні помилки, інакше ними скористаються інші."),
        ("The Kremlin is counting on fatigue: ours and the West's.",
         "Кремль розраховує на втому — нашу і Заходу."),
        ("Every concession made without guarantees becomes an invitation to the next attack.",
         "Кожна поступка без гарантій стає запрошенням до наступного нападу."),
    ],
}
GENERAL_SENTENCES = [
    ("The situation is developing.", "Ситуація розвивається."),
    ("Similar incidents were recorded in {region} earlier.",
     "Раніше подібні випадки фіксували {region_loc}."),
    ("Officials promised to report the results of the inspection within a week.",
     "Посадовці пообіцяли оприлюднити результати перевірки протягом тижня."),
    ("Experts interviewed by Dateline agree that the trend will continue.",
     "Опитані Дейтлайном експерти погоджуються, що тенденція збережеться."),
]
SUBHEADINGS = [
    ("What is known", "Що відомо"), ("Context", "Контекст"), ("What's next", "Що далі"),
    ("Reaction", "Реакція"), ("Background", "Передісторія"), ("In numbers", "У цифрах"),
    ("What experts say", "Що кажуть експерти"), ("Why it matters", "Чому це важливо"),
]
QUOTES = [
    ("We are working around the clock and will not stop.",
     "Ми працюємо цілодобово і не зупинимося."),
    ("The enemy changes tactics, and so must we.",
     "Ворог змінює тактику — і ми маємо змінюватися."),
    ("This is not the time to relax. The next weeks will be decisive.",
     "Зараз не час розслаблятися. Наступні тижні будуть вирішальними."),
    ("Every shelter, every generator and every drone matters.",
     "Важить кожне укриття, кожен генератор і кожен дрон."),
    ("We expect our partners to keep their promises.",
     "Ми очікуємо, що партнери виконають свої обіцянки."),
    ("People are tired, but they are not giving up.", "Люди втомилися, але не здаються."),
    ("The numbers speak for themselves.", "Цифри говорять самі за себе."),
    ("We have a plan, and we will show the results soon.",
     "У нас є план, і незабаром ми покажемо результати."),
]

UPDATE_NOTES = [
    ("Added the number of injured reported by the regional administration.",
     "Додано кількість постраждалих за даними ОВА."),
    ("Added a comment from {source_ref}.", "Додано коментар {source_gen}."),
    ("Updated with new details from the scene.", "Оновлено: нові деталі з місця події."),
    ("Added photos and the official statement.", "Додано фото та офіційну заяву."),
    ("The headline and the lead were updated with the latest figures.",
     "Заголовок і лід оновлено з урахуванням останніх даних."),
]
CORRECTION_NOTES = [
    ("An earlier version of this article gave the wrong date of the meeting.",
     "У попередній версії матеріалу було неправильно вказано дату зустрічі."),
    ("Corrected the spelling of a surname.", "Виправлено написання прізвища."),
    ("An earlier version misstated the amount of the aid package.",
     "У попередній версії було неточно вказано суму пакета допомоги."),
]

EDITIONS = [
    {"code": "main", "language": "uk", "name": "Дейтлайн", "publication_name": "Дейтлайн",
     "path_prefix": "", "is_default": True},
    {"code": "global", "language": "en", "name": "Dateline Global",
     "publication_name": "Dateline Global", "path_prefix": "global", "is_default": False},
]
# In navigation order; the key is what templates name.
SECTIONS = {"news": ("News", "Новини"), "war": ("War", "Війна"),
            "politics": ("Politics", "Політика"), "economy": ("Economy", "Економіка"),
            "world": ("World", "Світ"), "opinion": ("Opinion", "Думки"),
            "culture": ("Culture", "Культура")}
LABELS = {"exclusive": ("Exclusive", "Ексклюзив"), "opinion": ("OPINION", "Думка"),
          "review": ("Review", "Огляд"), "breaking": ("Breaking", "Терміново"),
          "interview": ("Interview", "Інтерв'ю")}

# Tags, most used first: the generator picks them with a Zipf-like law along this order.
TAGS = [
    ("War", "Війна"), ("Russia", "Росія"), ("Drones", "Дрони"), ("Air defence", "ППО"),
    ("Energy", "Енергетика"), ("Kharkiv", "Харків"), ("Kyiv", "Київ"), ("Sanctions", "Санкції"),
    ("EU", "ЄС"), ("USA", "США"), ("NATO", "НАТО"), ("Military aid", "Військова допомога"),
    ("Shahed", "Шахеди"), ("Mobilization", "Мобілізація"), ("Odesa", "Одеса"),
    ("General Staff", "Генштаб"), ("Ballistic missiles", "Балістичні ракети"),
    ("Power outages", "Відключення світла"), ("Peace talks", "Мирні переговори"),
    ("Zaporizhzhia", "Запоріжжя"), ("Budget", "Бюджет"), ("Hryvnia", "Гривня"),
    ("Donetsk region", "Донеччина"), ("Pokrovsk", "Покровськ"), ("Germany", "Німеччина"),
    ("Verkhovna Rada", "Верховна Рада"), ("Corruption", "Корупція"), ("Dnipro", "Дніпро"),
    ("Air Force", "Повітряні сили"), ("Reconstruction", "Відбудова"), ("Poland", "Польща"),
    ("Britain", "Велика Британія"), ("France", "Франція"), ("Kherson", "Херсон"),
    ("Sumy", "Суми"), ("Crimea", "Крим"), ("Prisoner exchange", "Обмін полоненими"),
    ("Inflation", "Інфляція"), ("Frozen assets", "Заморожені активи"), ("Ukrenergo", "Укренерго"),
    ("Refineries", "НПЗ"), ("Black Sea", "Чорне море"), ("Shadow fleet", "Тіньовий флот"),
    ("ISW", "ISW"), ("National Bank", "НБУ"), ("Kharkiv region", "Харківщина"),
    ("Kupiansk", "Куп'янськ"), ("Elections", "Вибори"), ("Volunteers", "Волонтери"),
    ("Deported children", "Депортовані діти"), ("Cabinet of Ministers", "Кабмін"),
    ("IAEA", "МАГАТЕ"), ("Zaporizhzhia NPP", "ЗАЕС"), ("Grain exports", "Експорт зерна"),
    ("Lviv", "Львів"), ("Mykolaiv", "Миколаїв"), ("Chernihiv", "Чернігів"), ("Poltava", "Полтава"),
    ("Kryvyi Rih", "Кривий Ріг"), ("Kramatorsk", "Краматорськ"), ("Sloviansk", "Слов'янськ"),
    ("Nikopol", "Нікополь"), ("Vinnytsia", "Вінниця"), ("Ivano-Frankivsk", "Івано-Франківськ"),
    ("Izium", "Ізюм"), ("Kremenchuk", "Кременчук"), ("Pavlohrad", "Павлоград"),
    ("Zhytomyr", "Житомир"), ("Uzhhorod", "Ужгород"), ("Cherkasy", "Черкаси"),
    ("Sumy region", "Сумщина"), ("Zaporizhzhia region", "Запорізька область"),
    ("Kherson region", "Херсонщина"), ("Dnipropetrovsk region", "Дніпропетровщина"),
    ("Chernihiv region", "Чернігівщина"), ("Mykolaiv region", "Миколаївщина"),
    ("Odesa region", "Одещина"), ("Kyiv region", "Київщина"), ("Poltava region", "Полтавщина"),
    ("Lviv region", "Львівщина"), ("Lyman", "Лиман"), ("Kostiantynivka", "Костянтинівка"),
    ("Huliaipole", "Гуляйполе"), ("Siversk", "Сіверськ"), ("Orikhiv", "Оріхів"),
    ("Norway", "Норвегія"), ("Denmark", "Данія"), ("Sweden", "Швеція"), ("Canada", "Канада"),
    ("Japan", "Японія"), ("Lithuania", "Литва"), ("Finland", "Фінляндія"), ("Estonia", "Естонія"),
    ("Latvia", "Латвія"), ("Italy", "Італія"), ("Spain", "Іспанія"), ("Belarus", "Білорусь"),
    ("China", "Китай"), ("North Korea", "КНДР"), ("Iran", "Іран"), ("Hungary", "Угорщина"),
    ("Turkey", "Туреччина"), ("UN", "ООН"), ("IMF", "МВФ"), ("World Bank", "Світовий банк"),
    ("G7", "G7"), ("SBU", "СБУ"), ("NABU", "НАБУ"), ("Military intelligence", "ГУР"),
    ("Naftogaz", "Нафтогаз"), ("Railways", "Укрзалізниця"), ("Ramstein", "Рамштайн"),
    ("European Commission", "Єврокомісія"), ("PACE", "ПАРЄ"), ("OSCE", "ОБСЄ"),
    ("National Police", "Нацполіція"), ("Heating season", "Опалювальний сезон"),
    ("Taxes", "Податки"), ("Education", "Освіта"), ("Healthcare", "Медицина"),
    ("Culture", "Культура"), ("Cinema", "Кіно"), ("Books", "Книжки"), ("Music", "Музика"),
    ("Sport", "Спорт"), ("Football", "Футбол"), ("Weather", "Погода"), ("F-16", "F-16"),
    ("Occupied territories", "Окуповані території"), ("Propaganda", "Пропаганда"),
    ("Cyberattacks", "Кібератаки"), ("Critical minerals", "Критичні мінерали"),
    ("EU accession", "Вступ до ЄС"), ("Humanitarian aid", "Гуманітарна допомога"),
    ("Displaced people", "Переселенці"), ("Demining", "Розмінування"),
    ("Defence industry", "ОПК"), ("Tanks", "Танки"), ("Artillery", "Артилерія"),
    ("Navy", "ВМС"), ("Nuclear safety", "Ядерна безпека"), ("Agriculture", "Агросектор"),
    ("Banks", "Банки"), ("Startups", "Стартапи"), ("Investment", "Інвестиції"),
    ("Human rights", "Права людини"), ("War crimes", "Воєнні злочини"),
    ("Special tribunal", "Спецтрибунал"), ("Veterans", "Ветерани"),
    ("Shelling", "Обстріли"), ("Assaults", "Штурми"), ("Agreements", "Угоди"),
    ("Foreign Ministry", "МЗС"), ("Fuel prices", "Ціни на пальне"), ("GDP", "ВВП"),
    ("Diplomacy", "Дипломатія"), ("Government", "Влада"), ("Economy", "Економіка"),
    ("Military reform", "Військова реформа"),
]

# Staff: name, role. Columnists also carry a beat and their name in Ukrainian (nominative,
# genitive) for "Колонка Вадима Остапенка".
STAFF = [
    ("Olena Marchuk", "Correspondent"), ("Andrii Lysenko", "Defence reporter"),
    ("Iryna Kovalchuk", "News editor"), ("Taras Hnatiuk", "Kharkiv correspondent"),
    ("Nataliia Bondar", "Politics reporter"), ("Dmytro Savchenko", "Economics reporter"),
    ("Yuliia Tkachenko", "World desk editor"), ("Oleh Rudenko", "Correspondent"),
    ("Mariia Ostapchuk", "Culture editor"), ("Serhii Kravets", "Night editor"),
    ("Kateryna Polishchuk", "Correspondent"), ("Bohdan Levchenko", "Odesa correspondent"),
    ("Anastasiia Moroz", "Global desk editor"), ("Viktor Danyliuk", "Investigations reporter"),
    ("Khrystyna Melnyk", "Social affairs reporter"), ("Roman Yatsenko", "Sports reporter"),
    ("Oksana Kuzmenko", "Photo editor"), ("Maksym Hrytsenko", "Data journalist"),
    ("Sofiia Pavliuk", "Translator"),
]
# How the Ukrainian edition writes the staff's names (the columnists carry theirs).
STAFF_UK = {
    "Olena Marchuk": "Олена Марчук", "Andrii Lysenko": "Андрій Лисенко",
    "Iryna Kovalchuk": "Ірина Ковальчук", "Taras Hnatiuk": "Тарас Гнатюк",
    "Nataliia Bondar": "Наталія Бондар", "Dmytro Savchenko": "Дмитро Савченко",
    "Yuliia Tkachenko": "Юлія Ткаченко", "Oleh Rudenko": "Олег Руденко",
    "Mariia Ostapchuk": "Марія Остапчук", "Serhii Kravets": "Сергій Кравець",
    "Kateryna Polishchuk": "Катерина Поліщук", "Bohdan Levchenko": "Богдан Левченко",
    "Anastasiia Moroz": "Анастасія Мороз", "Viktor Danyliuk": "Віктор Данилюк",
    "Khrystyna Melnyk": "Христина Мельник", "Roman Yatsenko": "Роман Яценко",
    "Oksana Kuzmenko": "Оксана Кузьменко", "Maksym Hrytsenko": "Максим Гриценко",
    "Sofiia Pavliuk": "Софія Павлюк",
}
COLUMNISTS = [
    Columnist("Vadym Ostapenko", "Columnist", "politics", "Вадим Остапенко", "Вадима Остапенка"),
    Columnist("Serhii Zhuravel", "Military expert", "war", "Сергій Журавель", "Сергія Журавля"),
    Columnist("Larysa Demchenko", "Economist", "economy", "Лариса Демченко", "Лариси Демченко"),
    Columnist("Yevhen Khomenko", "Political analyst", "world", "Євген Хоменко", "Євгена Хоменка"),
    Columnist("Halyna Bilous", "Historian", "politics", "Галина Білоус", "Галини Білоус"),
    Columnist("Ihor Sahaidak", "Culture critic", "culture", "Ігор Сагайдак", "Ігоря Сагайдака"),
]

# Who files what: the staff's beats, by section; those not named cover any section.
STAFF_BEATS = {
    "Andrii Lysenko": ("war", "world"), "Taras Hnatiuk": ("war", "news"),
    "Nataliia Bondar": ("politics",), "Dmytro Savchenko": ("economy",),
    "Yuliia Tkachenko": ("world", "politics"), "Mariia Ostapchuk": ("culture",),
    "Bohdan Levchenko": ("news", "war", "economy"), "Anastasiia Moroz": ("world", "politics"),
    "Viktor Danyliuk": ("politics", "economy", "news"), "Khrystyna Melnyk": ("news",),
    "Roman Yatsenko": ("news", "culture"), "Oksana Kuzmenko": ("culture", "news"),
    "Maksym Hrytsenko": ("economy", "war", "politics"), "Sofiia Pavliuk": ("world", "culture"),
}
# Roles as the Ukrainian edition writes them (in the form for the person who holds them).
STAFF_ROLES_UK = {
    "Correspondent": "Кореспондент", "Defence reporter": "Оглядач з питань оборони",
    "News editor": "Редакторка новин", "Kharkiv correspondent": "Кореспондент у Харкові",
    "Politics reporter": "Політична журналістка", "Economics reporter": "Економічний журналіст",
    "World desk editor": "Редакторка відділу «Світ»",
    "Culture editor": "Редакторка відділу культури",
    "Night editor": "Нічний редактор", "Odesa correspondent": "Кореспондент в Одесі",
    "Global desk editor": "Редакторка англійської версії",
    "Investigations reporter": "Журналіст-розслідувач",
    "Social affairs reporter": "Журналістка соціального відділу",
    "Sports reporter": "Спортивний журналіст", "Photo editor": "Фоторедакторка",
    "Data journalist": "Журналіст даних", "Translator": "Перекладачка",
    "Columnist": "Колумніст", "Military expert": "Військовий експерт",
    "Economist": "Економістка", "Political analyst": "Політичний аналітик",
    "Historian": "Історикиня", "Culture critic": "Культурний критик",
}
# A role held by women and men alike: the feminine form.
STAFF_ROLES_UK_FEMININE = {"Correspondent": "Кореспондентка"}
# Bios: (English, Ukrainian for a man, Ukrainian for a woman); a staff member's is picked by
# their name.
STAFF_BIOS = [
    ("Writes about {beat} for Dateline. Before joining, worked for regional newspapers and "
     "radio.",
     "Пише для Дейтлайну про {beat_uk}. До того працював у регіональних газетах і на радіо.",
     "Пише для Дейтлайну про {beat_uk}. До того працювала в регіональних газетах і на радіо."),
    ("Covers {beat} at Dateline. Has reported from Ukraine since 2014 and studied journalism "
     "in Kyiv.",
     "У Дейтлайні висвітлює {beat_uk}. Працює в журналістиці з 2014 року, вивчав "
     "журналістику в Києві.",
     "У Дейтлайні висвітлює {beat_uk}. Працює в журналістиці з 2014 року, вивчала "
     "журналістику в Києві."),
    ("Joined Dateline from a local news site and now writes about {beat}. Based in Kyiv.",
     "Прийшов до Дейтлайну з місцевого новинного сайту, тепер пише про {beat_uk}. Живе в "
     "Києві.",
     "Прийшла до Дейтлайну з місцевого новинного сайту, тепер пише про {beat_uk}. Живе в "
     "Києві."),
]
COLUMNIST_BIO = ("{role}. Writes a column for Dateline on {beat}.",
                 "{role}. Веде колонку в Дейтлайні про {beat_uk}.",
                 "{role}. Веде колонку в Дейтлайні про {beat_uk}.")
BEATS = {"politics": ("politics and the state", "політику й державу"),
         "war": ("the war and the army", "війну та армію"),
         "economy": ("the economy and money", "економіку та гроші"),
         "world": ("Ukraine in the world", "Україну у світі"),
         "culture": ("culture and memory", "культуру й пам'ять"),
         "news": ("life in Ukraine", "життя в Україні")}

# Pictures are illustrations drawn by the demo (``pictures``), credited in each language as
# agencies credit theirs ("Reuters / Jane Doe").
CREDITS = {"en": "Dateline / illustration", "uk": "Дейтлайн / ілюстрація"}
