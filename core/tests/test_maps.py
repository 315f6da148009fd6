from core.maps import HEIGHT, WIDTH, MapPoint, project, sweden_outline_path


def test_projection_keeps_north_up_and_east_right():
    malmo, umea, gothenburg, stockholm = (
        project(55.605, 13.0),
        project(63.83, 20.26),
        project(57.7, 11.97),
        project(59.33, 18.07),
    )
    assert umea[1] < stockholm[1] < gothenburg[1] < malmo[1]  # further north is higher up
    assert gothenburg[0] < malmo[0] < stockholm[0] < umea[0]


def test_points_of_sweden_fall_inside_the_drawing():
    for lat, lon in [(55.34, 13.36), (69.06, 20.55), (65.85, 24.15), (58.4, 11.2)]:
        x, y = project(lat, lon)
        assert 0 <= x <= WIDTH and 0 <= y <= HEIGHT


def test_points_outside_sweden_are_not_drawn():
    assert MapPoint("Oslo", "/", 59.91, 10.75).inside is False
    assert MapPoint("Kiruna", "/", 67.85, 20.22).inside is True


def test_outline_is_a_closed_svg_path_with_islands():
    path = sweden_outline_path()
    assert path.startswith("M") and path.count("Z") >= 3  # mainland, Gotland, Öland at least
