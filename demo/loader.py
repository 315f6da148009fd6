"""Creates (or brings up to date) the demo catalogue. Every step is keyed by slug, so
running it again changes nothing that is already right and adds what is missing."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils.html import escape
from wagtail.models import Page, Site

from catalogue.models import (
    BestPracticeIndexPage,
    BestPracticePage,
    CompanyPage,
    DirectoryIndexPage,
    ExpertPage,
    FocusAreaPage,
    HomePage,
    SiteHost,
    SubAreaPage,
)
from core.i18n import in_default_language
from demo.data.focus_areas import FOCUS_AREAS
from demo.data.practices_central_middle_north import BEST_PRACTICES as PRACTICES_NORTH
from demo.data.practices_central_middle_north import COMPANIES as COMPANIES_NORTH
from demo.data.practices_central_middle_north import EXPERTS as EXPERTS_NORTH
from demo.data.practices_south_west_east import BEST_PRACTICES as PRACTICES_SOUTH
from demo.data.practices_south_west_east import COMPANIES as COMPANIES_SOUTH
from demo.data.practices_south_west_east import EXPERTS as EXPERTS_SOUTH
from demo.images import placeholder_image
from news.models import NewsIndexPage, NewsPage
from offices.models import County, OfficeIndexPage, OfficePage, Region
from outcomes.models import SuccessStoryIndexPage
from schedule.models import EventIndexPage, EventPage, PublicTour
from tours.pages import StudyTourIndexPage, StudyTourPage

FOCUS_COLOURS = ["#1f6f5c", "#1d5fa8", "#8a5a12", "#6a3d9a", "#b03a48"]

REGIONS = [
    ("East", "east", ["Stockholm", "Uppsala", "Södermanland", "Gotland"]),
    ("West", "west", ["Västra Götaland", "Halland"]),
    ("South", "south", ["Skåne", "Blekinge", "Kronoberg", "Kalmar"]),
    ("East Central", "east-central", ["Östergötland", "Jönköping"]),
    ("Middle", "middle", ["Dalarna", "Gävleborg", "Värmland", "Örebro", "Västmanland"]),
    ("North", "north", ["Västerbotten", "Norrbotten", "Västernorrland", "Jämtland"]),
]

REGION_COUNTIES = {slug: counties for _name, slug, counties in REGIONS}

# (title, slug, kind, region slug, city, street, postcode, lat, lon, groups/slot, persons/slot, largest group)
OFFICES = [
    (
        "Head office, Hammarby Sjöstad",
        "head-office",
        "head",
        None,
        "Stockholm",
        "Lugnets allé 1",
        "120 66",
        59.3040,
        18.1030,
        2,
        80,
        40,
    ),
    (
        "Smart City Sweden East",
        "east",
        "regional",
        "east",
        "Stockholm (Kista)",
        "Isafjordsgatan 1",
        "164 40",
        59.4032,
        17.9442,
        1,
        40,
        30,
    ),
    (
        "Smart City Sweden West",
        "west",
        "regional",
        "west",
        "Gothenburg",
        "Lindholmspiren 1",
        "417 56",
        57.7089,
        11.9746,
        1,
        40,
        30,
    ),
    (
        "Smart City Sweden South",
        "south",
        "regional",
        "south",
        "Malmö",
        "Universitetsholmen 1",
        "211 19",
        55.6050,
        13.0038,
        1,
        40,
        30,
    ),
    (
        "Smart City Sweden East Central",
        "east-central",
        "regional",
        "east-central",
        "Linköping",
        "Teknikringen 1",
        "583 30",
        58.4108,
        15.6214,
        1,
        35,
        25,
    ),
    (
        "Smart City Sweden Middle",
        "middle",
        "regional",
        "middle",
        "Borlänge",
        "Sveagatan 1",
        "784 33",
        60.4858,
        15.4371,
        1,
        30,
        25,
    ),
    (
        "Smart City Sweden North",
        "north",
        "regional",
        "north",
        "Umeå",
        "Storgatan 1",
        "903 26",
        63.8258,
        20.2630,
        1,
        30,
        25,
    ),
]


def paragraphs(texts):
    return "".join(f"<p>{escape(text)}</p>" for text in texts)


def facts_stream(facts):
    return [
        ("fact", {"label": f["label"], "value": f["value"], "unit": f.get("unit", ""), "source": f.get("source", "")})
        for f in facts
    ]


def milestones_stream(milestones):
    return [("milestone", {"date": datetime.date.fromisoformat(m["date"]), "text": m["text"]}) for m in milestones]


def upsert_child(parent, model, slug, **fields):
    """Create the child page `slug` of `parent` (live), or update its fields in place.

    Plain saves rather than revisions: demo pages need no editing history, and a revision
    plus publish per page would triple the time the load takes."""
    m2m = {name: fields.pop(name) for name in list(fields) if name in ("sub_areas", "best_practices", "focus_areas")}
    children = {name: fields.pop(name) for name in list(fields) if name in ("stops",)}
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        for name, values in m2m.items():
            setattr(page, name, values)
        for name, rows in children.items():
            set_children(page, name, rows)
        parent.add_child(instance=page)
    else:
        for name, value in fields.items():
            setattr(page, name, value)
        for name, values in m2m.items():
            setattr(page, name, values)
        for name, rows in children.items():
            set_children(page, name, rows)
        page.save()
    return page


def set_children(page, name, rows):
    """The inline objects `name` of `page` (a tour's stops) from `rows` of field values, in
    order, saved with the page. Existing objects are updated in place, so a second run keeps
    their ids (and the translations that point at them)."""
    existing = list(getattr(page, name).all()) if page.pk else []
    model = page._meta.get_field(name).related_model
    objects = []
    for position, values in enumerate(rows):
        child = existing[position] if position < len(existing) else model()
        for field, value in values.items():
            setattr(child, field, value)
        child.sort_order = position
        objects.append(child)
    setattr(page, name, objects)


class DemoLoader:
    def __init__(self, log=print):
        self.log = log

    @transaction.atomic
    def run(self):
        home = self.home_page()
        self.regions_and_offices(home)
        sub_areas = self.focus_areas(home)
        practices = self.best_practices(home, sub_areas)
        self.directory(home, sub_areas, practices)
        self.events(home)
        self.news(home)
        self.study_tours(home, practices)
        self.capacity_beyond_offices(practices)
        upsert_child(
            home,
            SuccessStoryIndexPage,
            "success-stories",
            title="From visit to action",
            introduction="Study visits that turned into pre-studies, projects and investments.",
        )

    def home_page(self):
        root = Page.get_first_root_node()
        home = HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
        if home is None:
            # Replace Wagtail's "Welcome" placeholder, which holds the slug we want.
            for welcome in root.get_children().filter(
                content_type__model="page", content_type__app_label="wagtailcore"
            ):
                welcome.delete()
            root.refresh_from_db()
            home = HomePage(title="Smart City Sweden", slug="home")
            root.add_child(instance=home)
        home.title = "See smart and sustainable cities at work"
        home.seo_title = "Smart City Sweden: study visits to smart and sustainable cities"
        home.introduction = (
            "Smart City Sweden is the national demonstration platform for smart and sustainable city "
            "solutions. Find the best practices you want to see, from Malmö to Umeå, and book a study visit."
        )
        home.body = paragraphs(
            [
                "Delegations of city officials, ministries, embassies, companies and universities visit us on site or "
                "online. We put together a programme around your questions, with the people who built and run the "
                "solutions, and help you follow up afterwards.",
            ]
        )
        home.save()
        site = Site.objects.filter(is_default_site=True).first() or Site(
            is_default_site=True, hostname="localhost", port=80
        )
        site.root_page = home
        site.site_name = "Smart City Sweden"
        site.save()
        return home

    def regions_and_offices(self, home):
        regions = {}
        for name, slug, counties in REGIONS:
            region, _created = Region.objects.update_or_create(slug=slug, defaults={"name": name})
            County.objects.filter(name__in=counties).update(region=region)
            regions[slug] = region
        index = upsert_child(
            home,
            OfficeIndexPage,
            "offices",
            title="Offices",
            introduction="A head office in Stockholm and six regional offices welcome delegations all over Sweden.",
        )
        for title, slug, kind, region, city, street, postcode, lat, lon, groups, persons, largest in OFFICES:
            region_obj = regions[region] if region else None
            upsert_child(
                index,
                OfficePage,
                slug,
                title=title,
                kind=kind,
                region=region_obj,
                city=city,
                street_address=street,
                postal_code=postcode,
                latitude=Decimal(str(lat)),
                longitude=Decimal(str(lon)),
                request_email=f"visits.{slug}@smartcitysweden.example",
                opening_weekdays=[0, 1, 2, 3, 4],
                groups_per_slot=groups,
                persons_per_slot=persons,
                largest_group=largest,
                introduction=(
                    "Receives delegations for all of Sweden and coordinates the regional offices."
                    if region_obj is None
                    else f"Receives delegations for region {region_obj.name}: {', '.join(REGION_COUNTIES[region])}."
                ),
            )
        self.log(f"{len(REGIONS)} regions, {len(OFFICES)} offices")

    def focus_areas(self, home):
        sub_areas = {}
        for position, area in enumerate(FOCUS_AREAS):
            colour = FOCUS_COLOURS[position % len(FOCUS_COLOURS)]
            focus = upsert_child(
                home,
                FocusAreaPage,
                area["slug"],
                title=area["title"],
                colour=colour,
                introduction=area["introduction"],
                body=paragraphs(area["body"]),
                key_facts=facts_stream(area["key_facts"]),
                milestones=milestones_stream(area["milestones"]),
                hero_image=placeholder_image(area["title"], area["slug"], colour),
            )
            for sub in area["sub_areas"]:
                sub_areas[sub["title"]] = upsert_child(
                    focus,
                    SubAreaPage,
                    sub["slug"],
                    title=sub["title"],
                    introduction=sub["introduction"],
                    body=paragraphs(sub["body"]),
                    key_facts=facts_stream(sub["key_facts"]),
                    milestones=milestones_stream(sub["milestones"]),
                )
        self.log(f"{len(FOCUS_AREAS)} focus areas, {len(sub_areas)} sub-areas")
        return sub_areas

    def best_practices(self, home, sub_areas):
        index = upsert_child(
            home,
            BestPracticeIndexPage,
            "best-practices",
            title="Best practices",
            introduction="Places and solutions to visit, on site or digitally. Search, filter and find what to see.",
        )
        counties = {county.name: county for county in County.objects.all()}
        colour_of = {}
        for position, area in enumerate(FOCUS_AREAS):
            for sub in area["sub_areas"]:
                colour_of[sub["title"]] = FOCUS_COLOURS[position % len(FOCUS_COLOURS)]
        practices = {}
        for position, item in enumerate(PRACTICES_SOUTH + PRACTICES_NORTH):
            # The sites with hosts (capacity_beyond_offices) receive groups at set hours.
            hours = (
                {
                    "visiting_from": datetime.time(9),
                    "visiting_until": datetime.time(16),
                    "groups_at_once": 1 + position % 2,
                }
                if position < SITE_HOSTS
                else {}
            )
            practices[item["slug"]] = upsert_child(
                index,
                BestPracticePage,
                item["slug"],
                title=item["title"],
                summary=item["summary"],
                body=paragraphs(item["body"]),
                municipality=item["municipality"],
                county=counties[item["county"]],
                latitude=Decimal(str(item["latitude"])),
                longitude=Decimal(str(item["longitude"])),
                sub_areas=[sub_areas[title] for title in item["sub_areas"]],
                key_facts=facts_stream(item["key_facts"]),
                milestones=milestones_stream(item["milestones"]),
                visitable_on_site=item["on_site"],
                visitable_digitally=item["digital"],
                languages=item["languages"],
                duration_minutes=item["duration_minutes"],
                largest_group=item["largest_group"],
                accessibility=item["accessibility"],
                host_organisation=item["host_organisation"],
                featured=item["featured"],
                hero_image=placeholder_image(item["title"], item["slug"], colour_of[item["sub_areas"][0]]),
                **hours,
            )
        self.log(f"{len(practices)} best practices")
        return practices

    def directory(self, home, sub_areas, practices):
        index = upsert_child(
            home,
            DirectoryIndexPage,
            "companies-and-experts",
            title="Companies & experts",
            introduction="Companies and experts behind the solutions. Tell us whom you want to meet and we arrange it.",
        )
        counties = {county.name: county for county in County.objects.all()}
        links = {"companies": {}, "experts": {}}
        for item in PRACTICES_SOUTH + PRACTICES_NORTH:
            for kind in ("companies", "experts"):
                for slug in item.get(kind, []):
                    links[kind].setdefault(slug, []).append(practices[item["slug"]])
        companies = {}
        for item in COMPANIES_SOUTH + COMPANIES_NORTH:
            companies[item["name"]] = upsert_child(
                index,
                CompanyPage,
                item["slug"],
                title=item["name"],
                description=item["description"],
                website=item.get("website", ""),
                city=item.get("city", ""),
                county=counties.get(item.get("county")),
                sub_areas=[sub_areas[title] for title in item["sub_areas"]],
                best_practices=links["companies"].get(item["slug"], []),
            )
        for number, item in enumerate(EXPERTS_SOUTH + EXPERTS_NORTH):
            company = companies.get(item.get("organisation"))
            upsert_child(
                index,
                ExpertPage,
                item["slug"],
                title=item["name"],
                role=item["role"],
                organisation=item.get("organisation", ""),
                company=company,
                county=company.county if company else None,
                bio=paragraphs([item["bio"]]),
                languages=item.get("languages", []),
                email=item.get("email", ""),
                # 070-174 06 05…99 is the Swedish range reserved for fiction: valid, never anyone's.
                phone=f"+4670174{605 + number:04d}",
                sub_areas=[sub_areas[title] for title in item["sub_areas"]],
                best_practices=links["experts"].get(item["slug"], []),
            )
        self.log(f"{len(companies)} companies, {len(EXPERTS_SOUTH) + len(EXPERTS_NORTH)} experts")

    def events(self, home):
        index = upsert_child(
            home,
            EventIndexPage,
            "events",
            title="Events",
            introduction="International expos and conferences where Smart City Sweden presents Swedish solutions.",
        )
        focus = {page.slug: page for page in in_default_language(FocusAreaPage.objects.all())}
        for slug, title, city, country, start, end, areas, text in EVENTS:
            upsert_child(
                index,
                EventPage,
                slug,
                title=title,
                city=city,
                country=country,
                start_date=datetime.date.fromisoformat(start),
                end_date=datetime.date.fromisoformat(end),
                introduction=text,
                focus_areas=[focus[area] for area in areas if area in focus],
                **EVENT_DETAILS[slug.rsplit("-", 1)[0]],
            )
        self.log(f"{len(EVENTS)} events")

    def news(self, home):
        index = upsert_child(
            home, NewsIndexPage, "news", title="News", introduction="What happens at Smart City Sweden."
        )
        for slug, date, title, intro, paragraphs_, tags in NEWS:
            page = upsert_child(
                index,
                NewsPage,
                slug,
                title=title,
                date=datetime.date.fromisoformat(date),
                author="Smart City Sweden",
                introduction=intro,
                body=paragraphs(paragraphs_),
            )
            page.tags.set(tags)
            page.save()
        self.log(f"{len(NEWS)} news posts")

    def study_tours(self, home, practices):
        index = upsert_child(
            home,
            StudyTourIndexPage,
            "study-tours",
            title="Study tours",
            introduction=(
                "Ready-made tours of best practices around one theme. Add a tour to your visit plan with one click, "
                "then change it as you like and enter your dates: the planner proposes the days."
            ),
        )
        focus = {page.slug: page for page in in_default_language(FocusAreaPage.objects.all())}
        for tour in STUDY_TOURS:
            upsert_child(
                index,
                StudyTourPage,
                tour["slug"],
                title=tour["title"],
                summary=tour["summary"],
                body=paragraphs(tour["body"]),
                days=tour["days"],
                focus_areas=[focus[area] for area in tour["focus_areas"] if area in focus],
                hero_image=placeholder_image(tour["title"], tour["slug"], tour["colour"]),
                stops=[{"practice": practices[slug], "day": day, "note": note} for day, slug, note in tour["stops"]],
            )
        self.log(f"{len(STUDY_TOURS)} study tours")

    def capacity_beyond_offices(self, practices):
        """Public tours at two offices, and the hosts of the first few sites."""
        offices = {office.slug: office for office in in_default_language(OfficePage.objects.all())}
        for slug, title, week, weekday, start, places, description in PUBLIC_TOURS:
            PublicTour.objects.update_or_create(
                office=offices[slug],
                title=title,
                defaults={
                    "week": week,
                    "weekday": weekday,
                    "start_time": start,
                    "places": places,
                    "description": description,
                    "starts_on": datetime.date(2026, 1, 1),
                },
            )
        for n, practice in enumerate(list(practices.values())[:SITE_HOSTS]):
            SiteHost.objects.update_or_create(
                practice=practice,
                defaults={
                    "name": f"Host of {practice.host_organisation or practice.title}"[:120],
                    "email": f"host{n + 1}@sites.smartcitysweden.example",
                    "language": "sv" if n % 2 else "en",
                },
            )
        self.log(f"{len(PUBLIC_TOURS)} public tours, {SITE_HOSTS} site hosts")


# Open public tours: (office slug, title, week of the month, weekday, start, places, description).
PUBLIC_TOURS = [
    (
        "head-office",
        "Open house: a walk through Hammarby Sjöstad",
        1,
        3,
        datetime.time(14),
        20,
        "Meet at the head office's reception. A 90-minute walk around the district's waste, water and energy loop.",
    ),
    (
        "south",
        "Open tour: Western Harbour, Malmö",
        -1,
        1,
        datetime.time(10),
        15,
        "Meet at the regional office. Sturdy shoes; the tour goes ahead in rain.",
    ),
]
# Host contacts of a few sites (staff-only, example addresses) and when they receive groups.
SITE_HOSTS = 6


# Ready-made study tours: (day, best-practice slug, note) per stop; every slug is a demo practice.
STUDY_TOURS = [
    {
        "slug": "waste-to-energy-in-two-days",
        "title": "Waste to energy in two days",
        "summary": (
            "From household waste and sewage to heat, power and bus fuel: Stockholm's plants on the first day, "
            "Uppsala's biogas buses and a recycling mall on the second."
        ),
        "body": [
            "Very little of Sweden's household waste ends up in landfill. This tour follows what happens to it "
            "instead: sewage sludge turned into biogas, garden waste into biochar, food waste into fuel for city "
            "buses, and things people throw away into goods on sale again.",
            "The first day stays in Stockholm; the second starts in Uppsala and ends in Eskilstuna.",
        ],
        "days": 2,
        "colour": "#1f6f5c",
        "focus_areas": ["energy-climate-environment"],
        "stops": [
            (1, "stockholm-henriksdal-wastewater-biogas", "Biogas from sewage sludge, in a plant inside the rock."),
            (1, "stockholm-vartaverket-district-heating", "Heat pumps and biofuel in the city's district heating."),
            (1, "stockholm-biochar-hogdalen", "Garden waste becomes biochar and heat."),
            (2, "uppsala-food-waste-biogas-buses", "Food waste that fuels the city buses."),
            (2, "eskilstuna-retuna-recycling-mall", "A shopping centre where everything is second-hand."),
        ],
    },
    {
        "slug": "sustainable-mobility-stockholm-gothenburg",
        "title": "Sustainable mobility: Stockholm–Gothenburg",
        "summary": (
            "Electric roads, biogas buses, trams, shared bikes and coordinated deliveries, along the main line from "
            "Stockholm to Gothenburg in three days."
        ),
        "body": [
            "The tour travels by train from Stockholm to Gothenburg and stops where Swedish cities change how people "
            "and goods move: an electric road near Arlanda, biogas buses and a tramway in Östergötland, and electric "
            "buses, shared bikes and consolidated deliveries in Gothenburg.",
        ],
        "days": 3,
        "colour": "#1d5fa8",
        "focus_areas": ["mobility"],
        "stops": [
            (1, "sigtuna-eroadarlanda-electric-road", "Lorries charging while they drive."),
            (1, "stockholm-hornsgatan-studded-tyre-ban", "How one street ban cut particle levels."),
            (2, "linkoping-biogas-city-buses", "City buses on biogas from local waste."),
            (2, "norrkoping-tramway", ""),
            (3, "gothenburg-electricity-electric-bus-route", "Electric buses between Chalmers and Lindholmen."),
            (3, "gothenburg-styr-och-stall-bike-sharing", ""),
            (3, "gothenburg-inner-city-consolidated-deliveries", "Fewer lorries in the city centre."),
        ],
    },
    {
        "slug": "from-malmo-to-borlange",
        "title": "From Malmö to Borlänge: three regions in three days",
        "summary": (
            "Sustainable districts in Malmö, lakeside and stormwater planning in Jönköping, open data and traffic "
            "control in Borlänge: three regions and their offices in three days."
        ),
        "body": [
            "Each day is in another region and arranged by its office: Smart City Sweden South for Malmö, Smart City "
            "Sweden East Central for Jönköping and Smart City Sweden Middle for Borlänge. The tour shows how cities "
            "of different sizes plan, build and run sustainable neighbourhoods.",
        ],
        "days": 3,
        "colour": "#8a5a12",
        "focus_areas": ["urban-planning", "digitalisation"],
        "stops": [
            (1, "malmo-vastra-hamnen-bo01", "A former shipyard turned into a seaside district."),
            (1, "malmo-augustenborg-eco-city", "Green roofs and open stormwater channels."),
            (2, "jonkoping-munksjon-lakeside-redevelopment", ""),
            (2, "jonkoping-stormwater-wetlands-vattern", "Wetlands that keep Lake Vättern clean."),
            (3, "borlange-open-data-platform", ""),
            (3, "borlange-traffic-data-signal-control", "Signals that give buses and cyclists priority."),
        ],
    },
]

# Written for the demo from the public facts in shared/demo-facts.md; the year-end
# summary restates the organisation's 2019 figures in our own words.
NEWS = [
    (
        "welcome-to-hammarby-sjostad",
        "2017-05-15",
        "Our head office opens in Hammarby Sjöstad",
        "Smart City Sweden now receives international delegations at its own office in Stockholm.",
        [
            "The head office in Hammarby Sjöstad welcomed its first delegations this month. Visitors start with an "
            "overview of Swedish smart and sustainable city solutions and then go out to see them at work.",
            "Study visits can be booked for on-site or digital programmes.",
        ],
        ["offices"],
    ),
    (
        "six-regional-offices",
        "2019-03-01",
        "Six regional offices, from Umeå to Malmö",
        "Delegations can now be received all over Sweden.",
        [
            "Regional offices in Umeå, Borlänge, Kista, Gothenburg, Linköping and Malmö have started. Each knows the "
            "best practices of its region and arranges visits to them.",
            "The head office in Stockholm still receives requests for all of Sweden and coordinates visits that span "
            "several regions.",
        ],
        ["offices", "regions"],
    ),
    (
        "the-year-2019",
        "2019-12-18",
        "Looking back at 2019: our busiest year so far",
        "More delegations than ever, six new regional offices and the first pre-studies abroad.",
        [
            "2019 was the year Smart City Sweden grew beyond Stockholm. With six regional offices in operation, we "
            "received more delegations than in any year before, and our visitors could meet companies and experts in "
            "digitalisation and social sustainability as well as in cleantech.",
            "Several visits led to action: pre-studies in China, India and South Korea on urban planning, air "
            "purification and water treatment, and follow-up trips to countries that want to invest in Swedish "
            "solutions. We also took part in the Smart City Expo World Congress in Barcelona and in Nordic Edge "
            "Expo in "
            "Stavanger.",
            "In November we launched a new website with a calendar of all visits and five focus areas with 35 "
            "sub-areas. The head office closes for the holidays and opens again on 7 January. Thank you to everyone "
            "who visited us this year.",
        ],
        ["year in review"],
    ),
    (
        "digital-visits-2020",
        "2020-12-15",
        "A year of digital study visits",
        "122 groups and 1,785 people from 60 countries visited us in 2020, most of them online.",
        [
            "When travel stopped, study visits moved online. Hosts filmed their sites and answered questions live, "
            "and delegations from 60 countries took part.",
            "Many asked to come on site as soon as they can; those visits are already in our calendar.",
        ],
        ["digital visits", "year in review"],
    ),
    (
        "visit-plan-and-calendar",
        "2026-11-01",
        "Plan your visit: star what you want to see",
        "The new My Visit Plan collects best practices, companies and experts and turns them into a booking.",
        [
            "Star the best practices you want to see and book a study visit on a day that is really free. You can "
            "follow your request on a private page until the office confirms it."
        ],
        ["website"],
    ),
]

# Illustrative demo dates for recurring events (check each organiser's site for the real ones).
_EXPO = "Smart City Expo World Congress"
_EDGE = "Nordic Edge Expo"
_EXPO_TEXT = "The Swedish pavilion presents solutions from all five focus areas and meets city delegations."
_EDGE_TEXT = "A Nordic meeting place for smart city practitioners; Smart City Sweden hosts a Swedish stand."
_ALL = ["energy-climate-environment", "mobility", "urban-planning", "digitalisation", "social-sustainability"]
# Per series, by slug without the year. Stands are illustrative; contact addresses are
# fictional role addresses (.example), never a person's.
EVENT_DETAILS = {
    "scewc": {
        "venue": "Fira Barcelona Gran Via",
        "link": "https://www.smartcityexpo.com/",
        "stand": "Swedish pavilion, Hall P2",
        "organiser": "Fira de Barcelona",
        "organiser_email": "info@smartcityexpo.example",
        "organiser_url": "https://www.firabarcelona.com/",
    },
    "nordic-edge": {
        "venue": "Stavanger Forum",
        "link": "https://nordicedge.org/",
        "stand": "Smart City Sweden stand, main hall",
        "organiser": "Nordic Edge",
        "organiser_email": "expo@nordicedge.example",
        "organiser_url": "https://nordicedge.org/",
    },
}
EVENTS = [
    ("scewc-2018", f"{_EXPO} 2018", "Barcelona", "ES", "2018-11-13", "2018-11-15", _ALL, _EXPO_TEXT),
    (
        "nordic-edge-2019",
        f"{_EDGE} 2019",
        "Stavanger",
        "NO",
        "2019-09-24",
        "2019-09-26",
        ["digitalisation"],
        _EDGE_TEXT,
    ),
    ("scewc-2019", f"{_EXPO} 2019", "Barcelona", "ES", "2019-11-19", "2019-11-21", _ALL, _EXPO_TEXT),
    ("nordic-edge-2022", f"{_EDGE} 2022", "Stavanger", "NO", "2022-09-20", "2022-09-22", ["mobility"], _EDGE_TEXT),
    ("scewc-2023", f"{_EXPO} 2023", "Barcelona", "ES", "2023-11-07", "2023-11-09", _ALL, _EXPO_TEXT),
    (
        "nordic-edge-2024",
        f"{_EDGE} 2024",
        "Stavanger",
        "NO",
        "2024-09-17",
        "2024-09-19",
        ["urban-planning"],
        _EDGE_TEXT,
    ),
    ("scewc-2025", f"{_EXPO} 2025", "Barcelona", "ES", "2025-11-04", "2025-11-06", _ALL, _EXPO_TEXT),
    (
        "nordic-edge-2026",
        f"{_EDGE} 2026",
        "Stavanger",
        "NO",
        "2026-09-22",
        "2026-09-24",
        ["digitalisation"],
        _EDGE_TEXT,
    ),
    ("scewc-2026", f"{_EXPO} 2026", "Barcelona", "ES", "2026-11-17", "2026-11-19", _ALL, _EXPO_TEXT),
    (
        "nordic-edge-2027",
        f"{_EDGE} 2027",
        "Stavanger",
        "NO",
        "2027-09-21",
        "2027-09-23",
        ["energy-climate-environment"],
        _EDGE_TEXT,
    ),
    ("scewc-2027", f"{_EXPO} 2027", "Barcelona", "ES", "2027-11-16", "2027-11-18", _ALL, _EXPO_TEXT),
]
