from django.db import migrations

# Sweden's 21 counties (län) with their ISO 3166-2:SE codes. Facts of the country, not
# demo content: which region each belongs to is organisation data (set by editors).
COUNTIES = [
    ("AB", "Stockholm"),
    ("AC", "Västerbotten"),
    ("BD", "Norrbotten"),
    ("C", "Uppsala"),
    ("D", "Södermanland"),
    ("E", "Östergötland"),
    ("F", "Jönköping"),
    ("G", "Kronoberg"),
    ("H", "Kalmar"),
    ("I", "Gotland"),
    ("K", "Blekinge"),
    ("M", "Skåne"),
    ("N", "Halland"),
    ("O", "Västra Götaland"),
    ("S", "Värmland"),
    ("T", "Örebro"),
    ("U", "Västmanland"),
    ("W", "Dalarna"),
    ("X", "Gävleborg"),
    ("Y", "Västernorrland"),
    ("Z", "Jämtland"),
]


def create_counties(apps, schema_editor):
    County = apps.get_model("offices", "County")
    for code, name in COUNTIES:
        County.objects.update_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("offices", "0001_initial")]
    operations = [migrations.RunPython(create_counties, migrations.RunPython.noop)]
