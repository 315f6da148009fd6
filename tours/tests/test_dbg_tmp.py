from tours.tests.test_study_tours import *  # noqa


def test_dbg(client, practices):
    tour = create_tour(practices)
    translate_page(create_home(), "sv", alias=True)
    translate_page(create_tour_index(), "sv", alias=True)
    swedish = translate_page(tour, "sv", title="Från avfall till energi")
    print(
        "URL",
        swedish.url,
        swedish.live,
        swedish.title,
        swedish.alias_of_id,
        swedish.get_parent().specific,
        swedish.get_parent().alias_of_id,
    )
    stop = swedish.stops.first()
    print("stops", list(swedish.stops.all()), [s.locale for s in swedish.stops.all()])
    r = client.get(swedish.url)
    print(r.status_code, r.content.decode()[:3000])
