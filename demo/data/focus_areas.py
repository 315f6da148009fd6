"""Demo content for the five focus areas and their 35 sub-areas.

Plain data, read by the demo loader. Facts are rounded public figures about Sweden
and Swedish cities; the text is written for visiting delegations.
"""

FOCUS_AREAS = [
    {
        "title": "Energy, climate & environment",
        "slug": "energy-climate-environment",
        "introduction": (
            "How Swedish cities heat, power and clean up after themselves: renewable electricity, "
            "district heating, resource recovery from waste and water, and cleaner urban air."
        ),
        "body": [
            (
                "Sweden has cut its territorial greenhouse gas emissions substantially since 1990 while the economy "
                "has grown. The main reasons are well documented: oil heating was replaced by district heating and heat "
                "pumps, electricity comes almost entirely from hydropower, nuclear power and a fast-growing share of wind, "
                "and a carbon tax has put a price on fossil fuels since 1991."
            ),
            (
                "Much of the practical work happens locally. Municipalities and their energy, water and waste companies "
                "own or operate district heating networks, waste-to-energy plants, biogas production and wastewater "
                "treatment. This makes it possible to link systems together, for example by using waste as fuel for "
                "heat, sewage sludge for biogas and surplus heat from data centres and industry in the heating network."
            ),
            (
                "Visiting delegations usually combine a site visit with a meeting with the operator. Typical examples "
                "are the heat pumps and biofuel plant at Värtaverket in Stockholm, the wastewater research facility "
                "Hammarby Sjöstadsverk, and waste-to-energy plants such as those in Sundsvall and Gävle."
            ),
        ],
        "key_facts": [
            {
                "label": "Share of renewable energy in Sweden's energy use",
                "value": "about 60",
                "unit": "%",
                "source": "Swedish Energy Agency",
            },
            {
                "label": "Reduction of Sweden's territorial greenhouse gas emissions since 1990",
                "value": "more than 30",
                "unit": "%",
                "source": "Swedish Environmental Protection Agency",
            },
            {
                "label": "Year by which Sweden is to have net zero greenhouse gas emissions",
                "value": "2045",
                "unit": "",
                "source": "Government Offices of Sweden",
            },
        ],
        "milestones": [
            {
                "date": "1972-06-05",
                "text": "The UN Conference on the Human Environment opens in Stockholm, the first UN conference on the environment.",
            },
            {"date": "1991-01-01", "text": "Sweden introduces a carbon tax."},
            {
                "date": "2010-01-01",
                "text": "Stockholm becomes the first European Green Capital, an award of the European Commission.",
            },
            {
                "date": "2018-01-01",
                "text": "The Climate Act enters into force as part of Sweden's climate policy framework.",
            },
        ],
        "sub_areas": [
            {
                "title": "Renewable energy",
                "slug": "renewable-energy",
                "introduction": (
                    "Hydropower, wind power and bioenergy give Sweden an electricity system that is almost "
                    "free of fossil fuels, and cities build on it for heating and transport."
                ),
                "body": [
                    (
                        "Hydropower from the large northern rivers has long been the backbone of Swedish electricity "
                        "production, together with nuclear power. Wind power has grown rapidly since the 2000s and now "
                        "produces a large share of the country's electricity. Forest residues and other biomass are the "
                        "main fuels in district heating and combined heat and power plants."
                    ),
                    (
                        "For cities this means that electrifying buses, cars and heat pumps actually cuts emissions. "
                        "Municipal energy companies also invest in local solar power and in wind farms, and many public "
                        "buildings have solar panels on their roofs."
                    ),
                ],
                "key_facts": [
                    {
                        "label": "Share of Sweden's electricity production from hydropower",
                        "value": "about 40",
                        "unit": "%",
                        "source": "Swedish Energy Agency",
                    },
                    {
                        "label": "Share of Sweden's electricity production from wind power",
                        "value": "about 20",
                        "unit": "%",
                        "source": "Swedish Energy Agency",
                    },
                    {
                        "label": "Share of Sweden's electricity produced without fossil fuels",
                        "value": "more than 95",
                        "unit": "%",
                        "source": "Swedish Energy Agency",
                    },
                ],
                "milestones": [
                    {
                        "date": "2003-05-01",
                        "text": "The electricity certificate system starts, supporting new renewable electricity production.",
                    },
                    {
                        "date": "2012-01-01",
                        "text": "Sweden and Norway open a joint market for electricity certificates.",
                    },
                    {
                        "date": "2016-06-10",
                        "text": "A cross-party energy agreement sets a target of 100 percent renewable electricity production by 2040.",
                    },
                ],
            },
            {
                "title": "District heating & cooling",
                "slug": "district-heating-cooling",
                "introduction": (
                    "District heating supplies more than half of the heat used in Swedish homes and premises, "
                    "and district cooling is growing in the larger cities."
                ),
                "body": [
                    (
                        "Almost every Swedish town has a district heating network, most of them built between the "
                        "1950s and the 1990s to replace oil boilers. Today the heat comes mainly from biofuels, "
                        "waste incineration, large heat pumps and surplus heat from industry. Stockholm's Värtaverket "
                        "combines a large biofuel combined heat and power plant with heat pumps that extract heat from "
                        "seawater, and Umeå's network is another well-known example."
                    ),
                    (
                        "District cooling uses cold lake or sea water and heat pumps to cool offices, hospitals and data "
                        "centres, replacing many individual chillers. Because heating and cooling are run by the same "
                        "companies, heat removed from buildings in summer can often be put to use in the heating network."
                    ),
                ],
                "key_facts": [
                    {
                        "label": "Share of heating in Swedish homes and commercial premises supplied by district heating",
                        "value": "more than 50",
                        "unit": "%",
                        "source": "Swedish Energy Markets Inspectorate",
                    },
                    {
                        "label": "Share of heating in multi-family residential buildings supplied by district heating",
                        "value": "about 90",
                        "unit": "%",
                        "source": "Swedish Energy Markets Inspectorate",
                    },
                ],
                "milestones": [
                    {
                        "date": "1948-01-01",
                        "text": "Karlstad starts the first district heating system in Sweden.",
                    },
                    {
                        "date": "1984-01-01",
                        "text": "Commissioning starts of six large seawater heat pumps at Ropsten in Stockholm, completed in 1986.",
                    },
                    {
                        "date": "2016-01-01",
                        "text": "A new biofuel combined heat and power plant, KVV8, is inaugurated at Värtaverket in Stockholm.",
                    },
                    {
                        "date": "2020-01-01",
                        "text": "Stockholm Exergi closes its last coal-fired unit at Värtaverket.",
                    },
                ],
            },
            {
                "title": "Energy-efficient buildings",
                "slug": "energy-efficient-buildings",
                "introduction": (
                    "Homes and service premises use around 40 percent of Sweden's final energy, so new "
                    "construction and renovation of the existing stock are central to the energy transition."
                ),
                "body": [
                    (
                        "Swedish building regulations set energy requirements for new buildings, and energy "
                        "performance certificates show how much energy existing buildings use. Passive houses have "
                        "been built since the early 2000s, and many municipalities and housing companies use "
                        "voluntary certification schemes for new projects."
                    ),
                    (
                        "A major challenge is the large stock of apartment buildings from the 1960s and 1970s, many "
                        "of them owned by municipal housing companies. Delegations can visit renovation projects that "
                        "combine better insulation, heat recovery ventilation and new windows with measures to keep "
                        "rents affordable for the tenants."
                    ),
                ],
                "key_facts": [
                    {
                        "label": "Share of Sweden's final energy use in homes and service premises",
                        "value": "about 40",
                        "unit": "%",
                        "source": "Swedish Energy Agency",
                    },
                    {
                        "label": "Homes built under the Million Programme, 1965 to 1974",
                        "value": "about 1 million",
                        "unit": "",
                        "source": "Boverket",
                    },
                ],
                "milestones": [
                    {
                        "date": "2001-01-01",
                        "text": "The first passive houses in Sweden are completed in Lindås near Gothenburg.",
                    },
                    {
                        "date": "2006-10-01",
                        "text": "The law on energy performance certificates for buildings enters into force.",
                    },
                ],
            },
            {
                "title": "Smart grids & energy storage",
                "slug": "smart-grids-energy-storage",
                "introduction": (
                    "More wind power and more electric vehicles require grids that can balance supply and demand, "
                    "with flexibility from heat, batteries and customers."
                ),
                "body": [
                    (
                        "Sweden has a long history of grid technology and an electricity market that was opened to "
                        "competition in 1996. The country is divided into four price areas, which reflects the distance "
                        "between hydropower in the north and the main consumption in the south and makes transmission "
                        "bottlenecks visible in the price."
                    ),
                    (
                        "Cities contribute flexibility in several ways: district heating systems can store heat in large "
                        "tanks and use electric boilers or heat pumps when power is cheap, and grid companies test local "
                        "battery storage, smart charging of electric vehicles and demand response with property owners."
                    ),
                ],
                "key_facts": [
                    {
                        "label": "Electricity price areas in Sweden",
                        "value": "4",
                        "unit": "",
                        "source": "Svenska kraftnät",
                    },
                    {
                        "label": "Length of the national transmission grid",
                        "value": "about 17,000",
                        "unit": "km",
                        "source": "Svenska kraftnät",
                    },
                ],
                "milestones": [
                    {
                        "date": "1954-01-01",
                        "text": "The link between the mainland and Gotland becomes the world's first commercial high-voltage direct current connection.",
                    },
                    {
                        "date": "1992-01-01",
                        "text": "Svenska kraftnät is established to run the national transmission grid.",
                    },
                    {
                        "date": "1996-01-01",
                        "text": "The Swedish electricity market is opened to competition.",
                    },
                    {
                        "date": "2011-11-01",
                        "text": "Sweden is divided into four electricity price areas, SE1 to SE4.",
                    },
                ],
            },
            {
                "title": "Waste management & recycling",
                "slug": "waste-management-recycling",
                "introduction": (
                    "Almost no household waste goes to landfill in Sweden. It is recycled, turned into biogas "
                    "and fertiliser, or burned to produce heat and electricity."
                ),
                "body": [
                    (
                        "Municipalities are responsible for household waste, while producers are responsible for "
                        "packaging, newspapers, electronics and several other product groups. Bans on landfilling "
                        "combustible and organic waste in the 2000s moved waste up the waste hierarchy, and all "
                        "municipalities must now collect food waste separately."
                    ),
                    (
                        "Waste that cannot be recycled is used as fuel in combined heat and power plants connected to "
                        "district heating, for example in Sundsvall and Gävle. The current focus is on reducing waste and "
                        "increasing material recycling, with reuse centres, repair services and better sorting close to homes."
                    ),
                ],
                "key_facts": [
                    {
                        "label": "Share of household waste sent to landfill",
                        "value": "less than 1",
                        "unit": "%",
                        "source": "Avfall Sverige",
                    },
                    {
                        "label": "Household waste per person and year",
                        "value": "about 450",
                        "unit": "kg",
                        "source": "Avfall Sverige",
                    },
                ],
                "milestones": [
                    {
                        "date": "1984-01-01",
                        "text": "A deposit-return system for aluminium cans is introduced.",
                    },
                    {
                        "date": "1994-01-01",
                        "text": "Producer responsibility is introduced for packaging and newspapers.",
                    },
                    {
                        "date": "2005-01-01",
                        "text": "Landfilling of organic waste is banned.",
                    },
                    {
                        "date": "2024-01-01",
                        "text": "All municipalities are required to offer separate collection of food waste.",
                    },
                ],
            },
            {
                "title": "Water & wastewater treatment",
                "slug": "water-wastewater-treatment",
                "introduction": (
                    "Municipal water companies supply drinking water from lakes, rivers and groundwater, and "
                    "treat wastewater to protect the Baltic Sea and recover energy and nutrients."
                ),
                "body": [
                    (
                        "About half of Sweden's municipal drinking water comes from lakes and rivers and half from "
                        "groundwater, a large part of it artificial groundwater made by infiltrating surface water "
                        "through eskers. Uppsala, for example, infiltrates water from the Fyrisån river into the "
                        "Uppsala esker. Stockholm takes its water from Lake Mälaren."
                    ),
                    (
                        "Wastewater treatment plants remove phosphorus, nitrogen and organic matter, and many produce "
                        "biogas from sewage sludge. Stockholm's Henriksdal plant is built inside rock caverns, and the "
                        "research facility Hammarby Sjöstadsverk tests new treatment methods, such as membranes and "
                        "removal of pharmaceutical residues, at pilot scale."
                    ),
                ],
                "key_facts": [
                    {
                        "label": "Share of municipal drinking water taken from lakes and rivers",
                        "value": "about 50",
                        "unit": "%",
                        "source": "Swedish Water (Svenskt Vatten)",
                    },
                    {
                        "label": "Share of municipal drinking water that is artificial groundwater",
                        "value": "about 25",
                        "unit": "%",
                        "source": "Swedish Water (Svenskt Vatten)",
                    },
                    {
                        "label": "People in Sweden who get drinking water from their own wells",
                        "value": "about 1.2 million",
                        "unit": "",
                        "source": "Swedish Civil Contingencies Agency",
                    },
                ],
                "milestones": [
                    {
                        "date": "2007-01-01",
                        "text": "The Water Services Act sets out municipalities' responsibility for water and wastewater services.",
                    },
                    {
                        "date": "2007-12-05",
                        "text": "KTH Royal Institute of Technology and IVL Swedish Environmental Research Institute take over Hammarby Sjöstadsverk as a national research facility.",
                    },
                ],
            },
            {
                "title": "Air quality",
                "slug": "air-quality",
                "introduction": (
                    "Air in Swedish cities has improved considerably, but particles from road wear and nitrogen "
                    "dioxide from traffic still exceed targets on some busy streets."
                ),
                "body": [
                    (
                        "Emissions from heating largely disappeared when district heating replaced individual oil "
                        "boilers. Today road traffic is the main local source of air pollution. Studded winter tyres "
                        "wear down the road surface and create large amounts of coarse particles, which is why some "
                        "streets have banned them."
                    ),
                    (
                        "Cities use congestion taxes, environmental zones for vehicles, street cleaning and dust binding "
                        "to reduce pollution, and they measure air quality continuously at fixed stations. Municipalities "
                        "must act when environmental quality standards for air are at risk of being exceeded."
                    ),
                ],
                "key_facts": [
                    {
                        "label": "Environmental quality standard for PM10, daily mean",
                        "value": "50",
                        "unit": "µg/m³",
                        "source": "Swedish Environmental Protection Agency",
                    },
                    {
                        "label": "Classes of environmental zones that municipalities can introduce",
                        "value": "3",
                        "unit": "",
                        "source": "Swedish Transport Agency",
                    },
                ],
                "milestones": [
                    {
                        "date": "1996-01-01",
                        "text": "Stockholm, Gothenburg, Malmö and Lund introduce environmental zones for heavy vehicles.",
                    },
                    {
                        "date": "2010-01-01",
                        "text": "Stockholm bans studded tyres on Hornsgatan to reduce particle levels.",
                    },
                    {
                        "date": "2020-01-01",
                        "text": "Municipalities can introduce environmental zones for cars and light vehicles as well.",
                    },
                ],
            },
        ],
    },
    {
        "title": "Mobility",
        "slug": "mobility",
        "introduction": (
            "Public transport, cycling, electric vehicles and renewable fuels: how Swedish cities move people "
            "and goods with less climate impact and fewer accidents."
        ),
        "body": [
            (
                "Domestic transport accounts for about a third of Sweden's greenhouse gas emissions, and the national "
                "target is to cut them by at least 70 percent by 2030 compared with 2010. The strategy combines "
                "renewable fuels, electrification and planning that reduces the need for car travel."
            ),
            (
                "Responsibility is shared. Trafikverket plans and builds national roads and railways, each of the 21 "
                "regions is responsible for public transport, and municipalities plan streets, parking and cycle networks. "
                "Road safety is governed by Vision Zero, adopted by the Riksdag in 1997, which holds that no one should "
                "be killed or seriously injured in traffic."
            ),
            (
                "Delegations often ride the ElectriCity electric bus route in Gothenburg, visit the biogas plant and "
                "biogas buses in Linköping, or study Stockholm's congestion tax and Malmö's cycling network."
            ),
        ],
        "key_facts": [
            {
                "label": "Share of Sweden's greenhouse gas emissions from domestic transport",
                "value": "about one third",
                "unit": "",
                "source": "Swedish Environmental Protection Agency",
            },
            {
                "label": "Target reduction of emissions from domestic transport by 2030 compared with 2010",
                "value": "at least 70",
                "unit": "%",
                "source": "Government Offices of Sweden",
            },
            {
                "label": "Length of the Öresund Bridge between Malmö and Copenhagen",
                "value": "about 8",
                "unit": "km",
                "source": "Øresundsbro Konsortiet",
            },
        ],
        "milestones": [
            {
                "date": "1950-10-01",
                "text": "The Stockholm metro opens its first line, between Slussen and Hökarängen.",
            },
            {
                "date": "1967-09-03",
                "text": "Sweden switches from driving on the left to driving on the right.",
            },
            {
                "date": "1997-01-01",
                "text": "The Riksdag adopts Vision Zero for road safety.",
            },
            {
                "date": "2000-07-01",
                "text": "The Öresund Bridge opens, linking Malmö and Copenhagen by road and rail.",
            },
        ],
        "sub_areas": [
            {
                "title": "Public transport",
                "slug": "public-transport",
                "introduction": (
                    "Regional public transport authorities run integrated networks of metro, commuter rail, "
                    "trams, buses and ferries, with one ticket system in each region."
                ),
                "body": [
                    (
                        "Every region in Sweden has a public transport authority that decides on the service and "
                        "usually procures operators to run it. Since 2012 commercial operators may also start services "
                        "of their own. Stockholm has a metro, commuter trains, light rail and commuter boats; "
                        "Gothenburg has one of the largest tram networks in the Nordic countries."
                    ),
                    (
                        "Large rail investments have changed how the city regions work. Citybanan, a commuter rail "
                        "tunnel under central Stockholm, doubled rail capacity through the city, and Malmö's City "
                        "Tunnel connected the city centre and Hyllie directly to the Öresund Bridge."
                    ),
                ],
                "key_facts": [
                    {
                        "label": "Regional public transport authorities",
                        "value": "21",
                        "unit": "",
                        "source": "Swedish Public Transport Association",
                    },
                    {
                        "label": "Stations in the Stockholm metro",
                        "value": "100",
                        "unit": "",
                        "source": "Region Stockholm",
                    },
                    {
                        "label": "Length of the Citybanan commuter rail tunnel",
                        "value": "about 6",
                        "unit": "km",
                        "source": "Trafikverket",
                    },
                ],
                "milestones": [
                    {
                        "date": "2010-12-12",
                        "text": "Malmö City Tunnel opens for traffic, with new stations at Triangeln and Hyllie.",
                    },
                    {
                        "date": "2012-01-01",
                        "text": "A new Public Transport Act creates regional public transport authorities and opens the market to commercial operators.",
                    },
                    {
                        "date": "2017-07-10",
                        "text": "Citybanan opens, with new commuter rail stations at Stockholm City and Stockholm Odenplan.",
                    },
                ],
            },
            {
                "title": "Electromobility",
                "slug": "electromobility",
                "introduction": (
                    "With low-carbon electricity, electric buses, cars and trucks cut emissions quickly, and "
                    "Sweden has become one of the leading markets for rechargeable cars."
                ),
                "body": [
                    (
                        "More than half of new passenger cars sold in Sweden are rechargeable, and many cities have "
                        "electrified large parts of their bus fleets. In Gothenburg, the ElectriCity collaboration "
                        "between the city, the region, industry and academia started an electric bus route in 2015, "
                        "with an indoor bus stop and buses charged at the end stops."
                    ),
                    (
                        "Sweden has also tested electric roads, where heavy vehicles are powered while driving, and "
                        "municipalities work on charging infrastructure in residential areas, at workplaces and for "
                        "heavy transport."
                    ),
                ],
                "key_facts": [
                    {
                        "label": "Share of new passenger cars that are rechargeable",
                        "value": "more than 50",
                        "unit": "%",
                        "source": "Mobility Sweden",
                    },
                    {
                        "label": "Rechargeable cars in traffic in Sweden",
                        "value": "more than 500,000",
                        "unit": "",
                        "source": "Trafikanalys",
                    },
                    {
                        "label": "Length of the first electric road test section, on the E16 near Sandviken",
                        "value": "2",
                        "unit": "km",
                        "source": "Trafikverket",
                    },
                ],
                "milestones": [
                    {
                        "date": "2015-06-15",
                        "text": "ElectriCity's electric bus route 55 starts running in Gothenburg.",
                    },
                    {
                        "date": "2016-06-22",
                        "text": "An electric road for heavy trucks with overhead lines opens on the E16 near Sandviken.",
                    },
                    {
                        "date": "2018-07-01",
                        "text": "A bonus-malus system for new cars is introduced, rewarding low-emission vehicles.",
                    },
                ],
            },
            {
                "title": "Biogas & renewable fuels",
                "slug": "biogas-renewable-fuels",
                "introduction": (
                    "Swedish cities turn food waste, sewage sludge and manure into biogas for buses and trucks, "
                    "and renewable diesel and ethanol are blended into road fuels."
                ),
                "body": [
                    (
                        "Linköping is the best-known example. In the 1990s the city looked for a cleaner fuel for its "
                        "diesel buses and started to produce biogas from slaughterhouse and food industry waste. Since "
                        "2002 all city buses in Linköping have run on biogas, and the residue from the process returns "
                        "to farmland as biofertiliser."
                    ),
                    (
                        "Many other municipalities produce vehicle gas at wastewater treatment plants and from separately "
                        "collected food waste. At national level, a reduction obligation requires fuel suppliers to blend "
                        "in biofuels that reduce the greenhouse gas emissions of petrol and diesel."
                    ),
                ],
                "key_facts": [
                    {
                        "label": "Biogas produced each year by Tekniska verken in Linköping",
                        "value": "about 120",
                        "unit": "GWh",
                        "source": "Linköping University",
                    },
                    {
                        "label": "Methane content of upgraded biogas used as vehicle fuel",
                        "value": "about 97",
                        "unit": "%",
                        "source": "Tekniska verken",
                    },
                ],
                "milestones": [
                    {
                        "date": "1997-01-01",
                        "text": "Production of biogas for vehicles starts at the new biogas plant in Linköping.",
                    },
                    {
                        "date": "2002-01-01",
                        "text": "All city buses in Linköping run on biogas.",
                    },
                    {
                        "date": "2005-01-01",
                        "text": "A biogas-powered passenger train starts running between Linköping and Västervik.",
                    },
                    {
                        "date": "2018-07-01",
                        "text": "The reduction obligation for petrol and diesel is introduced.",
                    },
                ],
            },
            {
                "title": "Cycling & walking",
                "slug": "cycling-walking",
                "introduction": (
                    "Walking and cycling are the most space- and energy-efficient ways to travel short distances, "
                    "and Swedish cities invest in continuous networks, parking and winter maintenance."
                ),
                "body": [
                    (
                        "Malmö and Lund are known as Sweden's leading cycling cities, with dense networks of separated "
                        "cycle paths, cycle parking at stations and a public bike-sharing system. Stockholm, Gothenburg "
                        "and Umeå are building commuter cycle routes that connect suburbs with the city centre."
                    ),
                    (
                        "Winter is a planning issue: several municipalities clear cycle paths and footways of snow before "
                        "roads, since pedestrians and cyclists are the most vulnerable in slippery conditions. Walking "
                        "is supported through traffic calming, lower speed limits and attractive streets and squares."
                    ),
                ],
                "key_facts": [
                    {
                        "label": "Cycle paths and routes in Malmö",
                        "value": "more than 500",
                        "unit": "km",
                        "source": "City of Malmö",
                    },
                    {
                        "label": "Share of trips in Malmö made by bicycle",
                        "value": "about 25",
                        "unit": "%",
                        "source": "City of Malmö",
                    },
                ],
                "milestones": [
                    {
                        "date": "2017-01-01",
                        "text": "The government presents Sweden's first national strategy for more and safer cycling.",
                    },
                    {
                        "date": "2018-01-01",
                        "text": "A national premium for electric bicycles is introduced for purchases during the year.",
                    },
                ],
            },
            {
                "title": "Shared mobility",
                "slug": "shared-mobility",
                "introduction": (
                    "Car sharing, bike sharing, e-scooters and mobility services that bundle several modes can "
                    "reduce the need to own a car, especially in dense urban districts."
                ),
                "body": [
                    (
                        "Swedish cities have public bike-sharing systems, and car-sharing pools are often built into "
                        "new housing projects, sometimes with lower parking requirements in return. Gothenburg tested "
                        "one of the first mobility-as-a-service offers, UbiGo, where households paid a monthly "
                        "subscription for public transport, car sharing, car rental, taxi and bikes."
                    ),
                    (
                        "Rental e-scooters arrived in Stockholm in 2018 and spread quickly. Municipalities now regulate "
                        "where they may be parked and how many operators and vehicles are allowed, and national rules "
                        "say where e-scooters may be ridden."
                    ),
                ],
                "key_facts": [
                    {
                        "label": "Participants in the UbiGo mobility-as-a-service trial in Gothenburg",
                        "value": "195",
                        "unit": "",
                        "source": "Chalmers University of Technology",
                    },
                    {
                        "label": "Bikes in the Malmö by bike sharing system",
                        "value": "about 1,000",
                        "unit": "",
                        "source": "City of Malmö",
                    },
                    {
                        "label": "Maximum design speed for e-scooters to be classed as bicycles",
                        "value": "20",
                        "unit": "km/h",
                        "source": "Swedish Transport Agency",
                    },
                ],
                "milestones": [
                    {
                        "date": "2013-01-01",
                        "text": "The UbiGo mobility service is tested by households in Gothenburg in a six-month field trial.",
                    },
                    {
                        "date": "2018-01-01",
                        "text": "Rental e-scooters are introduced in Stockholm.",
                    },
                    {
                        "date": "2022-09-01",
                        "text": "New national rules forbid riding e-scooters on footways and regulate their parking.",
                    },
                ],
            },
            {
                "title": "City logistics",
                "slug": "city-logistics",
                "introduction": (
                    "Deliveries, construction transport and waste collection take up street space and cause "
                    "emissions. Cities coordinate goods flows to reduce them."
                ),
                "body": [
                    (
                        "Swedish cities work with consolidation centres, where goods for shops or building sites are "
                        "collected outside the centre and delivered in fewer, fuller vehicles. Stockholm Royal Seaport "
                        "has used a construction logistics centre and a centre for handling excavated soil and rock to "
                        "cut the number of heavy truck trips."
                    ),
                    (
                        "Other measures include off-peak deliveries, loading zones, environmental zones and cargo bikes "
                        "for the last kilometre. At national level, Sweden allows long and heavy trucks on designated "
                        "roads, which reduces the number of vehicles needed for the same freight."
                    ),
                ],
                "key_facts": [
                    {
                        "label": "Maximum gross weight for trucks on designated Swedish roads",
                        "value": "74",
                        "unit": "tonnes",
                        "source": "Trafikverket",
                    },
                    {
                        "label": "Maximum length of truck combinations on Swedish roads",
                        "value": "25.25",
                        "unit": "m",
                        "source": "Swedish Transport Agency",
                    },
                    {
                        "label": "Heavy truck trips avoided by the soil and rock consolidation centre in Stockholm Royal Seaport in 2019",
                        "value": "about 1,400",
                        "unit": "",
                        "source": "City of Stockholm",
                    },
                ],
                "milestones": [
                    {
                        "date": "1996-01-01",
                        "text": "The first environmental zones for heavy vehicles are introduced in Swedish city centres.",
                    },
                    {
                        "date": "2018-07-01",
                        "text": "Trucks of up to 74 tonnes are allowed on a designated part of the road network.",
                    },
                ],
            },
            {
                "title": "Intelligent transport systems",
                "slug": "intelligent-transport-systems",
                "introduction": (
                    "Automatic number-plate recognition, traffic management centres and real-time information "
                    "help cities use existing roads and public transport more efficiently."
                ),
                "body": [
                    (
                        "Stockholm's congestion tax is one of the best-studied examples of intelligent transport systems "
                        "in Europe. Cameras at control points register vehicles automatically, and the charge varies with "
                        "the time of day. After a trial in 2006 and a local referendum, the tax became permanent and "
                        "traffic across the charging cordon fell by about a fifth."
                    ),
                    (
                        "Trafikverket, with its head office in Borlänge, runs traffic management centres for national "
                        "roads and railways. Cities and regions publish real-time data on departures, roadworks and "
                        "parking, which apps and navigation services use to guide travellers."
                    ),
                ],
                "key_facts": [
                    {
                        "label": "Reduction in traffic across the Stockholm charging cordon after the congestion tax was introduced",
                        "value": "about 20",
                        "unit": "%",
                        "source": "City of Stockholm",
                    },
                    {
                        "label": "Swedish cities with a congestion tax",
                        "value": "2",
                        "unit": "",
                        "source": "Swedish Transport Agency",
                    },
                ],
                "milestones": [
                    {
                        "date": "2006-01-03",
                        "text": "A full-scale trial of congestion charges begins in Stockholm.",
                    },
                    {
                        "date": "2007-08-01",
                        "text": "The congestion tax becomes permanent in Stockholm.",
                    },
                    {
                        "date": "2010-04-01",
                        "text": "Trafikverket, the Swedish Transport Administration, is formed with its head office in Borlänge.",
                    },
                    {
                        "date": "2013-01-01",
                        "text": "Gothenburg introduces a congestion tax.",
                    },
                ],
            },
        ],
    },
    {
        "title": "Urban planning",
        "slug": "urban-planning",
        "introduction": (
            "Swedish municipalities decide how land is used. Planning is where energy, transport, "
            "green space, housing and climate adaptation are brought together."
        ),
        "body": [
            (
                "Under the Planning and Building Act, each of Sweden's 290 municipalities has a comprehensive plan for its "
                "whole territory and adopts detailed development plans that are legally binding. This is often called the "
                "municipal planning monopoly. The municipality also frequently owns the land in development areas, which "
                "lets it set sustainability requirements when it sells or leases land to developers."
            ),
            (
                "Since the 1990s, several cities have used large redevelopment areas, usually former ports and industrial "
                "land, to test new solutions: Hammarby Sjöstad and Stockholm Royal Seaport in Stockholm, Västra Hamnen and "
                "Hyllie in Malmö, and the river banks in central Gothenburg."
            ),
            (
                "For visiting delegations, these districts show both the technical solutions and the process behind them: "
                "how the city set targets, worked with developers and followed up results over many years."
            ),
        ],
        "key_facts": [
            {
                "label": "Municipalities in Sweden, each responsible for its own land-use planning",
                "value": "290",
                "unit": "",
                "source": "Swedish Association of Local Authorities and Regions",
            },
            {
                "label": "Share of Sweden's population living in urban areas",
                "value": "about 88",
                "unit": "%",
                "source": "Statistics Sweden",
            },
            {
                "label": "Share of Sweden's land area that is built up",
                "value": "about 3",
                "unit": "%",
                "source": "Statistics Sweden",
            },
        ],
        "milestones": [
            {
                "date": "1987-07-01",
                "text": "The first Planning and Building Act enters into force.",
            },
            {
                "date": "1988-07-01",
                "text": "Boverket, the National Board of Housing, Building and Planning, is established.",
            },
            {
                "date": "2011-05-02",
                "text": "A new Planning and Building Act enters into force.",
            },
            {
                "date": "2018-01-01",
                "text": "The Riksdag adopts a national policy for architecture, form and design, Designed Living Environment.",
            },
        ],
        "sub_areas": [
            {
                "title": "Sustainable city districts",
                "slug": "sustainable-city-districts",
                "introduction": (
                    "Hammarby Sjöstad, Stockholm Royal Seaport, Västra Hamnen and Hyllie show how Swedish "
                    "cities plan whole districts around shared environmental targets."
                ),
                "body": [
                    (
                        "Hammarby Sjöstad in Stockholm was planned from the 1990s with an integrated model for energy, "
                        "water and waste, where for example biogas from the district's wastewater was used locally and "
                        "waste was collected through underground vacuum pipes. Stockholm Royal Seaport continues this "
                        "work on a larger scale, with targets for fossil-free operation and climate adaptation."
                    ),
                    (
                        "In Malmö, the housing expo Bo01 started the transformation of the former shipyard area Västra "
                        "Hamnen, and Hyllie has been developed around a new station as a district supplied with renewable "
                        "energy. All these districts have been followed up for many years, which makes them useful for "
                        "comparing targets with outcomes."
                    ),
                ],
                "key_facts": [
                    {
                        "label": "New homes planned in Stockholm Royal Seaport",
                        "value": "at least 12,000",
                        "unit": "",
                        "source": "City of Stockholm",
                    },
                    {
                        "label": "Workplaces planned in Stockholm Royal Seaport",
                        "value": "35,000",
                        "unit": "",
                        "source": "City of Stockholm",
                    },
                    {
                        "label": "Area of Stockholm Royal Seaport",
                        "value": "236",
                        "unit": "ha",
                        "source": "City of Stockholm",
                    },
                ],
                "milestones": [
                    {
                        "date": "2001-01-01",
                        "text": "The housing expo Bo01 opens in Västra Hamnen, Malmö.",
                    },
                    {
                        "date": "2005-01-01",
                        "text": "The Turning Torso residential tower is completed in Västra Hamnen.",
                    },
                    {
                        "date": "2011-01-01",
                        "text": "Construction of the first homes in Stockholm Royal Seaport starts in Hjorthagen.",
                    },
                ],
            },
            {
                "title": "Green & blue infrastructure",
                "slug": "green-blue-infrastructure",
                "introduction": (
                    "Parks, green wedges, street trees, green roofs and open stormwater systems give cities "
                    "recreation, biodiversity and protection against heat and flooding."
                ),
                "body": [
                    (
                        "Stockholm's regional plan protects green wedges that reach from the countryside into the "
                        "city, and the Royal National City Park was the world's first national urban park. In Malmö, the "
                        "Augustenborg neighbourhood was retrofitted with open stormwater channels, ponds and green roofs."
                    ),
                    (
                        "Many cities use a green space factor in new development, a tool first applied at Bo01 in Malmö "
                        "and later in Stockholm Royal Seaport. It requires developers to provide a certain amount of "
                        "vegetation, water and permeable surfaces on each plot, for example through green roofs and "
                        "courtyards that also handle rainwater."
                    ),
                ],
                "key_facts": [
                    {
                        "label": "Green wedges in the Stockholm region",
                        "value": "10",
                        "unit": "",
                        "source": "Region Stockholm",
                    },
                    {
                        "label": "Green roofs built in Stockholm Royal Seaport",
                        "value": "about 26,000",
                        "unit": "m²",
                        "source": "City of Stockholm",
                    },
                    {
                        "label": "Share of Sweden's land area covered by forest",
                        "value": "about 70",
                        "unit": "%",
                        "source": "Swedish Forest Agency",
                    },
                ],
                "milestones": [
                    {
                        "date": "1994-01-01",
                        "text": "The right of public access to nature is written into the Swedish constitution.",
                    },
                    {
                        "date": "1995-01-01",
                        "text": "The Royal National City Park in Stockholm is established by law.",
                    },
                    {
                        "date": "2001-01-01",
                        "text": "A green space factor is used for the plots of the Bo01 housing expo in Malmö.",
                    },
                ],
            },
            {
                "title": "Climate adaptation",
                "slug": "climate-adaptation",
                "introduction": (
                    "Heavier rain, higher sea levels and heatwaves require Swedish cities to plan for flooding, "
                    "landslides and heat in both new and existing areas."
                ),
                "body": [
                    (
                        "The cloudburst in Malmö in August 2014 flooded basements, roads and railway underpasses and "
                        "became a turning point for urban stormwater planning in Sweden. Malmö, Gothenburg and other cities "
                        "now map where water will flow in extreme rain and design streets, parks and squares that can be "
                        "flooded without serious damage."
                    ),
                    (
                        "Risks differ across the country. Land is still rising after the last ice age, by up to about a "
                        "centimetre a year in the north, so sea level rise is a greater problem in southern Sweden. "
                        "Municipalities must address climate risks in their comprehensive plans, supported by the "
                        "national knowledge centre for climate adaptation at SMHI."
                    ),
                ],
                "key_facts": [
                    {
                        "label": "Rainfall in parts of Malmö during the cloudburst of 31 August 2014",
                        "value": "about 100",
                        "unit": "mm",
                        "source": "SMHI",
                    },
                    {
                        "label": "Maximum land uplift in northern Sweden",
                        "value": "about 1",
                        "unit": "cm per year",
                        "source": "Lantmäteriet",
                    },
                ],
                "milestones": [
                    {
                        "date": "2012-01-01",
                        "text": "A national knowledge centre for climate adaptation is set up at SMHI.",
                    },
                    {
                        "date": "2014-08-31",
                        "text": "A cloudburst causes widespread flooding in Malmö.",
                    },
                    {
                        "date": "2018-01-01",
                        "text": "The Riksdag adopts Sweden's first national strategy for climate adaptation.",
                    },
                    {
                        "date": "2018-08-01",
                        "text": "Comprehensive plans must show the municipality's view on climate-related risks of flooding, landslides and erosion.",
                    },
                ],
            },
            {
                "title": "Circular construction",
                "slug": "circular-construction",
                "introduction": (
                    "Building materials, above all concrete and steel, cause a large share of emissions. Sweden "
                    "works with timber construction, reuse and climate declarations for new buildings."
                ),
                "body": [
                    (
                        "The construction and real estate sector accounts for about a fifth of Sweden's domestic greenhouse "
                        "gas emissions, and much of a new building's climate impact arises before anyone moves in. Since "
                        "2022 developers must submit a climate declaration for most new buildings, which has made the "
                        "climate impact of materials a regular part of projects."
                    ),
                    (
                        "Multi-storey timber buildings have been allowed since 1994, and cities such as Skellefteå and "
                        "Växjö have made wood a local strategy. Municipalities and housing companies also run reuse "
                        "centres for building materials and set requirements for reuse and recycling in demolition."
                    ),
                ],
                "key_facts": [
                    {
                        "label": "Share of Sweden's domestic greenhouse gas emissions from construction and real estate",
                        "value": "about 20",
                        "unit": "%",
                        "source": "Boverket",
                    },
                    {
                        "label": "Storeys in Sara Kulturhus in Skellefteå, one of the world's tallest timber buildings",
                        "value": "20",
                        "unit": "",
                        "source": "Skellefteå Municipality",
                    },
                ],
                "milestones": [
                    {
                        "date": "1994-01-01",
                        "text": "New building regulations allow timber buildings higher than two storeys.",
                    },
                    {
                        "date": "2021-09-08",
                        "text": "Sara Kulturhus, a cultural centre and hotel built in timber, opens in Skellefteå.",
                    },
                    {
                        "date": "2022-01-01",
                        "text": "Climate declarations become mandatory for most new buildings.",
                    },
                ],
            },
            {
                "title": "Eco-governance",
                "slug": "eco-governance",
                "introduction": (
                    "Targets, budgets, procurement and follow-up: how Swedish municipalities steer their "
                    "organisations and partners towards environmental and climate goals."
                ),
                "body": [
                    (
                        "Swedish municipalities have broad responsibilities and their own taxation, which gives them real "
                        "tools for environmental work. Many set local climate targets that are stricter than the national "
                        "ones, have environmental programmes adopted by the council, and follow them up in the annual "
                        "budget and report. Green public procurement and green bonds are common tools."
                    ),
                    (
                        "Cooperation is a key feature. Through the national Viable Cities programme, a growing number of "
                        "municipalities have signed climate city contracts with government agencies, and seven Swedish cities "
                        "take part in the EU mission for climate-neutral and smart cities by 2030."
                    ),
                ],
                "key_facts": [
                    {
                        "label": "Swedish cities in the EU mission for 100 climate-neutral and smart cities",
                        "value": "7",
                        "unit": "",
                        "source": "European Commission",
                    },
                    {
                        "label": "National environmental quality objectives",
                        "value": "16",
                        "unit": "",
                        "source": "Swedish Environmental Protection Agency",
                    },
                ],
                "milestones": [
                    {
                        "date": "1999-01-01",
                        "text": "The Riksdag adopts national environmental quality objectives, and the Environmental Code enters into force.",
                    },
                    {
                        "date": "2013-01-01",
                        "text": "The City of Gothenburg issues its first green bond, as one of the first cities in the world to do so.",
                    },
                    {
                        "date": "2015-01-01",
                        "text": "The Fossil Free Sweden initiative is launched and the Climate Leap investment support starts.",
                    },
                    {
                        "date": "2022-01-01",
                        "text": "Gothenburg, Helsingborg, Lund, Malmö, Stockholm, Umeå and Uppsala are selected for the EU mission for climate-neutral cities.",
                    },
                ],
            },
            {
                "title": "Brownfield redevelopment",
                "slug": "brownfield-redevelopment",
                "introduction": (
                    "Former ports, shipyards and gasworks close to city centres have become some of Sweden's "
                    "most important areas for new housing and workplaces."
                ),
                "body": [
                    (
                        "When shipbuilding and heavy port activity declined, large central areas became available. "
                        "Malmö's Västra Hamnen was the site of the Kockums shipyard, Gothenburg's northern river bank was "
                        "lined with shipyards, and Stockholm Royal Seaport includes the old gasworks at Värtan. "
                        "Redeveloping them lets cities grow without building on farmland and forest."
                    ),
                    (
                        "The work involves cleaning up contaminated soil, often handled and reused on site, preserving "
                        "industrial buildings with new uses, and moving or concentrating port operations that remain. "
                        "Delegations often ask about the financing: the municipality usually owns the land and uses "
                        "income from land sales to pay for remediation and infrastructure."
                    ),
                ],
                "key_facts": [
                    {
                        "label": "Potentially contaminated sites identified in Sweden",
                        "value": "about 80,000",
                        "unit": "",
                        "source": "Swedish Environmental Protection Agency",
                    },
                    {
                        "label": "Year gas production ended at the Värtan gasworks, now part of Stockholm Royal Seaport",
                        "value": "2011",
                        "unit": "",
                        "source": "City of Stockholm",
                    },
                ],
                "milestones": [
                    {
                        "date": "2002-01-01",
                        "text": "The Kockums gantry crane, a landmark of Malmö's shipyard era, is dismantled and shipped to South Korea.",
                    },
                    {
                        "date": "2012-01-01",
                        "text": "Gothenburg adopts the River City vision for developing both banks of the Göta älv river.",
                    },
                ],
            },
            {
                "title": "Public spaces",
                "slug": "public-spaces",
                "introduction": (
                    "Streets, squares, parks and public buildings where everyone can meet. Swedish cities "
                    "plan them for all ages, all seasons and all times of day."
                ),
                "body": [
                    (
                        "Public spaces are planned for people of different ages and backgrounds, and for the dark and "
                        "cold months as well as summer. Lighting, seating, play areas and places to stay without having "
                        "to buy anything are common themes, and many cities temporarily close streets to cars during "
                        "summer to test new uses."
                    ),
                    (
                        "Art is part of public space: the state and many municipalities set aside around one percent of "
                        "construction budgets for public art. Cultural buildings such as Väven in Umeå and the library "
                        "and culture house in Skellefteå are designed as open meeting places rather than only venues."
                    ),
                ],
                "key_facts": [
                    {
                        "label": "Share of investment in Stockholm Royal Seaport committed to public art",
                        "value": "1",
                        "unit": "%",
                        "source": "City of Stockholm",
                    },
                    {
                        "label": "Year Umeå was European Capital of Culture",
                        "value": "2014",
                        "unit": "",
                        "source": "Umeå Municipality",
                    },
                ],
                "milestones": [
                    {
                        "date": "1937-01-01",
                        "text": "The state starts setting aside funds for art in public buildings, the origin of Public Art Agency Sweden.",
                    },
                    {
                        "date": "2014-01-01",
                        "text": "Umeå is European Capital of Culture and opens the cultural centre Väven.",
                    },
                    {
                        "date": "2018-01-01",
                        "text": "A national policy for architecture and designed living environment highlights the quality of public spaces.",
                    },
                ],
            },
        ],
    },
    {
        "title": "Digitalisation",
        "slug": "digitalisation",
        "introduction": (
            "Fibre, mobile networks, open data and digital services: how Swedish cities use digital "
            "technology to run, plan and serve better."
        ),
        "body": [
            (
                "Sweden combines widespread fibre and mobile coverage with a long tradition of public registers and "
                "statistics. Almost everyone uses the internet, and most adults identify themselves online with an "
                "electronic ID, which makes it practical to offer public services digitally."
            ),
            (
                "Municipalities use digital tools in their own operations, from sensors in water networks and "
                "buildings to digital twins for planning and automated case handling. Kista in Stockholm, home of "
                "Urban ICT Arena, and Lindholmen in Gothenburg are hubs where companies, universities and cities test "
                "new solutions together."
            ),
            (
                "Delegations often ask about governance: who owns the data, how privacy is protected, and how small "
                "municipalities can share solutions. The Agency for Digital Government supports common infrastructure "
                "for the public sector."
            ),
        ],
        "key_facts": [
            {
                "label": "Share of Sweden's population using the internet",
                "value": "about 95",
                "unit": "%",
                "source": "Swedish Internet Foundation",
            },
            {
                "label": "Users of BankID, the most common electronic identification in Sweden",
                "value": "more than 8 million",
                "unit": "",
                "source": "BankID",
            },
            {
                "label": "National target: households and businesses with access to 1 Gbit/s by 2025",
                "value": "98",
                "unit": "%",
                "source": "Government Offices of Sweden",
            },
        ],
        "milestones": [
            {
                "date": "2016-01-01",
                "text": "The government adopts a broadband strategy aiming at a completely connected Sweden by 2025.",
            },
            {
                "date": "2017-01-01",
                "text": "A national digitalisation strategy for sustainable digital transformation is adopted.",
            },
            {
                "date": "2018-09-01",
                "text": "The Agency for Digital Government (DIGG) is established.",
            },
        ],
        "sub_areas": [
            {
                "title": "Open urban data",
                "slug": "open-urban-data",
                "introduction": (
                    "Public access to official records has a long history in Sweden. Cities now also publish "
                    "data in machine-readable form for anyone to reuse."
                ),
                "body": [
                    (
                        "Swedish municipalities publish open data on, for example, public transport, parking, schools, "
                        "environmental monitoring and the city's budget. Smaller cities such as Borlänge have shown how "
                        "open traffic and city data can be used by companies, researchers and residents, not only by the "
                        "municipality itself."
                    ),
                    (
                        "The legal basis is a combination of the old principle of public access to official records and "
                        "newer rules on reuse of public sector information, based on EU directives. A national data portal "
                        "lists open data sets from public organisations."
                    ),
                ],
                "key_facts": [
                    {
                        "label": "Year the Freedom of the Press Act introduced public access to official records",
                        "value": "1766",
                        "unit": "",
                        "source": "Sveriges riksdag",
                    },
                    {
                        "label": "Year Sweden began continuous national population statistics",
                        "value": "1749",
                        "unit": "",
                        "source": "Statistics Sweden",
                    },
                ],
                "milestones": [
                    {
                        "date": "1766-12-02",
                        "text": "The Freedom of the Press Act establishes the principle of public access to official records.",
                    },
                    {"date": "1858-01-01", "text": "Statistics Sweden is founded."},
                    {
                        "date": "2022-01-01",
                        "text": "A new law on reuse of public sector information implements the EU Open Data Directive.",
                    },
                ],
            },
            {
                "title": "IoT & sensor networks",
                "slug": "iot-sensor-networks",
                "introduction": (
                    "Connected sensors measure everything from air quality and water levels to waste bins and "
                    "indoor climate, giving cities real-time information about their assets."
                ),
                "body": [
                    (
                        "Many Swedish municipalities and their companies have built low-power wide-area networks, such as "
                        "LoRaWAN, that let battery-powered sensors report data for years. Common uses are water meters, "
                        "temperature and humidity in schools, level sensors in waste containers and stormwater wells, and "
                        "people counters in parks and on trails."
                    ),
                    (
                        "Kista in Stockholm hosts Urban ICT Arena, a test environment where companies and researchers can "
                        "try connected solutions in a real urban setting. The practical lessons concern operation and "
                        "maintenance as much as technology: who replaces batteries, owns the data and pays for the network."
                    ),
                ],
                "key_facts": [
                    {
                        "label": "Licence-exempt frequency band used by LoRaWAN sensor networks in Europe",
                        "value": "868",
                        "unit": "MHz",
                        "source": "Swedish Post and Telecom Authority",
                    },
                    {
                        "label": "Year Ericsson was founded in Stockholm",
                        "value": "1876",
                        "unit": "",
                        "source": "Ericsson",
                    },
                ],
                "milestones": [
                    {"date": "1876-01-01", "text": "Ericsson is founded in Stockholm."},
                    {
                        "date": "1981-01-01",
                        "text": "The Nordic Mobile Telephone (NMT) network starts in Sweden, one of the first automatic mobile phone networks.",
                    },
                    {
                        "date": "2009-07-01",
                        "text": "Monthly reading of all electricity meters becomes mandatory, creating a nationwide network of remotely read meters.",
                    },
                ],
            },
            {
                "title": "Digital twins",
                "slug": "digital-twins",
                "introduction": (
                    "3D city models combined with data and simulation let planners, residents and developers "
                    "test proposals for wind, noise, sunlight and traffic before anything is built."
                ),
                "body": [
                    (
                        "Several Swedish cities, among them Gothenburg and Stockholm, are building digital twins based on "
                        "their 3D city models, building data and national elevation data from Lantmäteriet's laser scanning. "
                        "They are used in planning and in dialogue with residents, who can see a proposed building in its "
                        "real surroundings."
                    ),
                    (
                        "Chalmers University of Technology in Gothenburg hosts the Digital Twin Cities Centre, a Vinnova-funded "
                        "competence centre where universities, companies and municipalities develop methods for simulating "
                        "cities. The City of Gothenburg's Virtual Gothenburg is one of its flagship projects."
                    ),
                ],
                "key_facts": [
                    {
                        "label": "Total budget of the Digital Twin Cities Centre at Chalmers",
                        "value": "about 100 million",
                        "unit": "SEK",
                        "source": "Chalmers University of Technology",
                    },
                    {
                        "label": "Partners in the Digital Twin Cities Centre at its start",
                        "value": "about 30",
                        "unit": "",
                        "source": "Chalmers University of Technology",
                    },
                ],
                "milestones": [
                    {
                        "date": "2009-01-01",
                        "text": "Lantmäteriet starts laser scanning Sweden for a new national elevation model.",
                    },
                    {
                        "date": "2019-01-01",
                        "text": "Vinnova decides to fund the Digital Twin Cities Centre at Chalmers.",
                    },
                    {
                        "date": "2020-01-01",
                        "text": "The Digital Twin Cities Centre starts its work, and Gothenburg begins developing Virtual Gothenburg.",
                    },
                ],
            },
            {
                "title": "Connectivity & 5G",
                "slug": "connectivity-5g",
                "introduction": (
                    "Fibre to homes and businesses and mobile networks with good coverage are the base for "
                    "digital services, and many municipalities own open fibre networks."
                ),
                "body": [
                    (
                        "A distinctive Swedish model is the municipal open fibre network. Stockholm's Stokab, founded in "
                        "1994, builds and leases dark fibre to operators and companies on equal terms, and many other "
                        "municipalities have similar city networks. This has given Sweden a high share of fibre connections "
                        "and competition between service providers."
                    ),
                    (
                        "Sweden was also early with mobile networks: one of the first commercial 4G networks in the world "
                        "opened in Stockholm in 2009. 5G is being rolled out after the national frequency auction in 2021, "
                        "and test beds explore uses such as connected vehicles, ports and remote-controlled machines."
                    ),
                ],
                "key_facts": [
                    {
                        "label": "Year Stokab, Stockholm's municipal fibre network company, was founded",
                        "value": "1994",
                        "unit": "",
                        "source": "City of Stockholm",
                    },
                    {
                        "label": "Frequency bands auctioned for 5G in Sweden in 2021",
                        "value": "3.5 and 2.3",
                        "unit": "GHz",
                        "source": "Swedish Post and Telecom Authority",
                    },
                ],
                "milestones": [
                    {
                        "date": "1994-01-01",
                        "text": "The City of Stockholm founds Stokab to build an open fibre network.",
                    },
                    {
                        "date": "2009-12-14",
                        "text": "One of the world's first commercial 4G networks opens in Stockholm.",
                    },
                    {
                        "date": "2021-01-01",
                        "text": "The Swedish Post and Telecom Authority auctions frequencies for 5G.",
                    },
                ],
            },
            {
                "title": "Digital public services",
                "slug": "digital-public-services",
                "introduction": (
                    "Residents apply for preschool places, building permits and support online, sign with an "
                    "electronic ID and follow their cases in digital mailboxes."
                ),
                "body": [
                    (
                        "The personal identity number and electronic identification make it possible for agencies and "
                        "municipalities to offer services that are entirely digital. Residents can file tax returns, "
                        "book healthcare appointments through 1177, apply for a school place or a building permit, and "
                        "receive decisions in a digital mailbox."
                    ),
                    (
                        "Municipalities increasingly share solutions through joint procurement and common platforms, and "
                        "the Agency for Digital Government coordinates national infrastructure. An important principle is "
                        "that services must also be available to people who cannot or do not want to use digital channels."
                    ),
                ],
                "key_facts": [
                    {
                        "label": "Year the personal identity number was introduced",
                        "value": "1947",
                        "unit": "",
                        "source": "Swedish Tax Agency",
                    },
                    {
                        "label": "Regions responsible for healthcare services, including the 1177 service",
                        "value": "21",
                        "unit": "",
                        "source": "Swedish Association of Local Authorities and Regions",
                    },
                ],
                "milestones": [
                    {
                        "date": "1947-01-01",
                        "text": "Sweden introduces the personal identity number.",
                    },
                    {
                        "date": "2003-01-01",
                        "text": "BankID, an electronic identification issued by banks, is launched.",
                    },
                    {
                        "date": "2018-09-01",
                        "text": "The Agency for Digital Government starts coordinating digital infrastructure for the public sector.",
                    },
                ],
            },
            {
                "title": "Smart metering",
                "slug": "smart-metering",
                "introduction": (
                    "Remotely read meters for electricity, heat and water give customers and utilities accurate "
                    "data on consumption and help them find leaks and cut peaks."
                ),
                "body": [
                    (
                        "Sweden was one of the first countries in Europe to roll out remotely read electricity meters to "
                        "all customers, driven by a requirement for monthly meter reading from 2009. Customers have since "
                        "been able to get hourly metering at no extra cost, which makes hourly price contracts possible."
                    ),
                    (
                        "Municipal utilities also install smart water and district heating meters. Water companies use "
                        "the data to detect leaks both in the network and at customers' properties, and district heating "
                        "companies use it to optimise supply temperatures."
                    ),
                ],
                "key_facts": [
                    {
                        "label": "Required frequency of electricity meter reading since 2009",
                        "value": "monthly",
                        "unit": "",
                        "source": "Swedish Energy Markets Inspectorate",
                    },
                    {
                        "label": "Metering interval available to electricity customers at no extra cost since 2012",
                        "value": "hourly",
                        "unit": "",
                        "source": "Swedish Energy Markets Inspectorate",
                    },
                ],
                "milestones": [
                    {
                        "date": "2009-07-01",
                        "text": "Electricity meters must be read every month, which leads to remote reading for all customers.",
                    },
                    {
                        "date": "2012-10-01",
                        "text": "Electricity customers get the right to hourly metering without extra cost.",
                    },
                ],
            },
            {
                "title": "AI in city operations",
                "slug": "ai-in-city-operations",
                "introduction": (
                    "Municipalities use automation and AI for case handling, maintenance planning, traffic and "
                    "energy, and are learning how to do so transparently and lawfully."
                ),
                "body": [
                    (
                        "Trelleborg was the first Swedish municipality to automate decisions on recurring applications for "
                        "financial support, which cut waiting times from about a week to one or two days. The model was "
                        "widely copied and also debated, which raised questions about transparency and legal certainty "
                        "that every municipality now has to answer."
                    ),
                    (
                        "Other uses include predicting maintenance needs in water pipes, analysing traffic flows, optimising "
                        "energy use in buildings and supporting translation and customer service. AI Sweden, the national "
                        "centre for applied AI, helps public organisations share data, models and experience."
                    ),
                ],
                "key_facts": [
                    {
                        "label": "Decision time for automated financial support applications in Trelleborg",
                        "value": "1-2",
                        "unit": "days",
                        "source": "University of Gothenburg",
                    },
                    {
                        "label": "Decision time before automation in Trelleborg",
                        "value": "7-8",
                        "unit": "days",
                        "source": "University of Gothenburg",
                    },
                ],
                "milestones": [
                    {
                        "date": "2018-01-01",
                        "text": "The government presents a national approach to artificial intelligence.",
                    },
                    {
                        "date": "2019-01-01",
                        "text": "AI Innovation of Sweden, now AI Sweden, opens in Gothenburg as a national centre for applied artificial intelligence.",
                    },
                    {
                        "date": "2024-08-01",
                        "text": "The EU AI Act enters into force, with rules that also apply to municipalities.",
                    },
                ],
            },
        ],
    },
    {
        "title": "Social sustainability",
        "slug": "social-sustainability",
        "introduction": (
            "Housing, safety, health, education and participation: the social side of the sustainable "
            "city, and how Swedish municipalities work with it."
        ),
        "body": [
            (
                "Swedish municipalities are responsible for much of the welfare that shapes everyday life: schools, "
                "elderly care, social services, housing supply and local planning. Regions run healthcare and public "
                "transport. This means that social sustainability is not a separate project but part of how cities "
                "plan and run their services."
            ),
            (
                "Common challenges are segregation between neighbourhoods, a shortage of affordable housing in growing "
                "cities, and differences in health and school results between groups. Cities respond with mixed "
                "housing, investments in schools and meeting places, and by involving residents in planning."
            ),
            (
                "Delegations can meet municipal staff and civil society organisations working with these issues, for "
                "example Umeå's work on gender-equal planning or renewal of Million Programme areas in Stockholm, "
                "Gothenburg and Malmö."
            ),
        ],
        "key_facts": [
            {
                "label": "Population of Sweden",
                "value": "about 10.5 million",
                "unit": "",
                "source": "Statistics Sweden",
            },
            {
                "label": "Share of Sweden's population born abroad",
                "value": "about 20",
                "unit": "%",
                "source": "Statistics Sweden",
            },
            {
                "label": "Average life expectancy at birth",
                "value": "about 83",
                "unit": "years",
                "source": "Statistics Sweden",
            },
        ],
        "milestones": [
            {
                "date": "1842-01-01",
                "text": "Compulsory elementary schooling is introduced in Sweden.",
            },
            {
                "date": "1921-01-01",
                "text": "Women vote for the first time in a Swedish general election.",
            },
            {"date": "1955-01-01", "text": "National health insurance is introduced."},
        ],
        "sub_areas": [
            {
                "title": "Inclusive housing",
                "slug": "inclusive-housing",
                "introduction": (
                    "Municipal housing companies, rental housing open to all and mixed tenures are the main "
                    "Swedish tools for housing that people with different incomes can afford."
                ),
                "body": [
                    (
                        "Almost every municipality owns a housing company that rents out apartments to anyone, without "
                        "income limits. Together they own a large part of Sweden's rental housing, much of it built "
                        "during the Million Programme between 1965 and 1974. Rents are set in negotiations with the "
                        "tenants' association."
                    ),
                    (
                        "Growing cities combine new construction with renovation of existing areas. Municipalities can mix "
                        "rental apartments, cooperative housing and owner-occupied homes in new districts, and set "
                        "requirements when they sell land. A key question in renovation is how to improve energy "
                        "performance without rents rising so much that tenants have to move."
                    ),
                ],
                "key_facts": [
                    {
                        "label": "Dwellings in Sweden",
                        "value": "about 5 million",
                        "unit": "",
                        "source": "Statistics Sweden",
                    },
                    {
                        "label": "Apartments owned by municipal housing companies",
                        "value": "about 800,000",
                        "unit": "",
                        "source": "Sveriges Allmännytta",
                    },
                    {
                        "label": "Homes built under the Million Programme",
                        "value": "about 1 million",
                        "unit": "",
                        "source": "Boverket",
                    },
                ],
                "milestones": [
                    {
                        "date": "1965-01-01",
                        "text": "The Million Programme for housing construction begins.",
                    },
                    {
                        "date": "1974-01-01",
                        "text": "The Million Programme ends, with about one million new homes built in ten years.",
                    },
                    {
                        "date": "2011-01-01",
                        "text": "A new law requires municipal housing companies to be run on businesslike principles and in the public interest.",
                    },
                ],
            },
            {
                "title": "Citizen participation",
                "slug": "citizen-participation",
                "introduction": (
                    "Swedish planning law requires consultation with residents, and municipalities increasingly use "
                    "dialogue, digital tools and local referendums to involve people early."
                ),
                "body": [
                    (
                        "Every detailed development plan must be consulted with residents, property owners and others "
                        "affected before it is adopted. Many municipalities go further with early dialogue: walks in the "
                        "area, workshops with children and young people, digital maps where residents can leave comments, "
                        "and 3D models that show what a proposal will look like."
                    ),
                    (
                        "Residents can also take initiatives themselves. A local referendum must in principle be held if "
                        "ten percent of those entitled to vote ask for it, and many councils accept citizen proposals. "
                        "Foreign citizens who have lived in Sweden for three years may vote in municipal and regional elections."
                    ),
                ],
                "key_facts": [
                    {
                        "label": "Voter turnout in the 2022 general election",
                        "value": "about 84",
                        "unit": "%",
                        "source": "Swedish Election Authority",
                    },
                    {
                        "label": "Share of voters needed to request a local referendum",
                        "value": "10",
                        "unit": "%",
                        "source": "Swedish Association of Local Authorities and Regions",
                    },
                    {
                        "label": "Years of residence required for foreign citizens to vote in local elections",
                        "value": "3",
                        "unit": "years",
                        "source": "Swedish Election Authority",
                    },
                ],
                "milestones": [
                    {
                        "date": "1976-01-01",
                        "text": "Foreign citizens resident in Sweden vote in municipal and county council elections for the first time.",
                    },
                    {
                        "date": "2011-01-01",
                        "text": "Rules on local referendums are strengthened: a request from ten percent of voters can only be rejected by a two-thirds majority.",
                    },
                ],
            },
            {
                "title": "Safe cities",
                "slug": "safe-cities",
                "introduction": (
                    "Safety in traffic and in public space: Vision Zero, crime prevention and planning that makes "
                    "people feel secure at all times of day."
                ),
                "body": [
                    (
                        "Vision Zero changed road safety work from blaming road users to designing a system where mistakes "
                        "do not have to be fatal. Cities use roundabouts, lower speed limits, raised crossings and separated "
                        "cycle paths, and Sweden has one of the lowest road death rates in the world."
                    ),
                    (
                        "For crime prevention, municipalities cooperate with the police and property owners on local "
                        "safety plans. Safety walks, where residents point out places that feel unsafe, lead to better "
                        "lighting, cleaner environments and changed routes. Since July 2023 municipalities have a legal "
                        "responsibility for crime prevention work."
                    ),
                ],
                "key_facts": [
                    {
                        "label": "Road deaths per 100,000 inhabitants in Sweden",
                        "value": "about 2",
                        "unit": "",
                        "source": "Trafikverket",
                    },
                    {
                        "label": "Year the Swedish National Council for Crime Prevention (Brå) was founded",
                        "value": "1974",
                        "unit": "",
                        "source": "Brå",
                    },
                ],
                "milestones": [
                    {
                        "date": "1974-01-01",
                        "text": "The Swedish National Council for Crime Prevention (Brå) is established.",
                    },
                    {
                        "date": "1997-01-01",
                        "text": "The Riksdag adopts Vision Zero for road safety.",
                    },
                    {
                        "date": "2023-07-01",
                        "text": "A law on municipalities' responsibility for crime prevention enters into force.",
                    },
                ],
            },
            {
                "title": "Health & wellbeing",
                "slug": "health-wellbeing",
                "introduction": (
                    "Where people live affects how healthy they are. Swedish cities plan for physical activity, "
                    "clean air, quiet areas and access to green space."
                ),
                "body": [
                    (
                        "Swedish public health policy aims at closing avoidable health gaps within a generation. "
                        "Municipalities contribute through schools, elderly care, social services and urban planning, "
                        "for example by making it easy to walk and cycle, protecting green areas and reducing noise."
                    ),
                    (
                        "An ageing population is a shared challenge. Cities adapt housing and public spaces for older "
                        "people, use welfare technology such as digital supervision and medicine dispensers in home care, "
                        "and offer meeting places that reduce loneliness."
                    ),
                ],
                "key_facts": [
                    {
                        "label": "Share of Sweden's population aged 65 or older",
                        "value": "about 20",
                        "unit": "%",
                        "source": "Statistics Sweden",
                    },
                    {
                        "label": "Target areas in the national public health policy",
                        "value": "8",
                        "unit": "",
                        "source": "Public Health Agency of Sweden",
                    },
                ],
                "milestones": [
                    {
                        "date": "2005-06-01",
                        "text": "Smoking is banned in Swedish restaurants and bars.",
                    },
                    {
                        "date": "2014-01-01",
                        "text": "The Public Health Agency of Sweden is established.",
                    },
                    {
                        "date": "2019-07-01",
                        "text": "The smoking ban is extended to outdoor serving areas, playgrounds and public entrances.",
                    },
                ],
            },
            {
                "title": "Education & skills",
                "slug": "education-skills",
                "introduction": (
                    "Preschool, compulsory school, adult education and vocational training are largely run or "
                    "funded by municipalities, and matter for both equality and the local labour market."
                ),
                "body": [
                    (
                        "Most children attend preschool, which is heavily subsidised, and schooling is compulsory "
                        "for ten years starting with the preschool class. Municipalities also run adult education, including "
                        "Swedish for immigrants, which allows people to complete their schooling or change careers later in life."
                    ),
                    (
                        "Cities work with universities, companies and the Public Employment Service to match training with "
                        "local needs, for example in construction, health care and technology. Higher vocational education "
                        "programmes are designed together with employers and include periods of workplace learning."
                    ),
                ],
                "key_facts": [
                    {
                        "label": "Years of compulsory schooling",
                        "value": "10",
                        "unit": "years",
                        "source": "Swedish National Agency for Education",
                    },
                    {
                        "label": "Share of children aged 1 to 5 enrolled in preschool",
                        "value": "about 85",
                        "unit": "%",
                        "source": "Swedish National Agency for Education",
                    },
                ],
                "milestones": [
                    {
                        "date": "1962-01-01",
                        "text": "The nine-year compulsory comprehensive school is introduced.",
                    },
                    {
                        "date": "1968-01-01",
                        "text": "Municipal adult education (Komvux) is introduced.",
                    },
                    {
                        "date": "2009-01-01",
                        "text": "Higher vocational education (Yrkeshögskolan) is introduced.",
                    },
                    {
                        "date": "2018-01-01",
                        "text": "The preschool class becomes compulsory, making schooling compulsory for ten years.",
                    },
                ],
            },
            {
                "title": "Integration",
                "slug": "integration",
                "introduction": (
                    "About one in five people in Sweden was born abroad. Municipalities are central to how "
                    "newcomers find housing, language training, school and work."
                ),
                "body": [
                    (
                        "Sweden received a large number of asylum seekers in 2015, and since 2016 all municipalities are "
                        "obliged to receive newly arrived refugees who are assigned to them. The Public Employment Service "
                        "is responsible for an introduction programme, while municipalities provide housing, school, "
                        "Swedish for immigrants and social support."
                    ),
                    (
                        "Local work often focuses on the first years: combining language studies with work placements, "
                        "mentoring, validation of foreign qualifications and cooperation with civil society organisations. "
                        "Residential segregation is addressed through housing policy and investments in schools and "
                        "meeting places in disadvantaged areas."
                    ),
                ],
                "key_facts": [
                    {
                        "label": "Share of Sweden's population born abroad",
                        "value": "about 20",
                        "unit": "%",
                        "source": "Statistics Sweden",
                    },
                    {
                        "label": "Asylum seekers arriving in Sweden in 2015",
                        "value": "about 163,000",
                        "unit": "",
                        "source": "Swedish Migration Agency",
                    },
                ],
                "milestones": [
                    {
                        "date": "2010-12-01",
                        "text": "The Public Employment Service takes over responsibility for the introduction of newly arrived immigrants.",
                    },
                    {
                        "date": "2016-03-01",
                        "text": "The Settlement Act obliges all municipalities to receive newly arrived refugees assigned to them.",
                    },
                ],
            },
            {
                "title": "Gender-equal planning",
                "slug": "gender-equal-planning",
                "introduction": (
                    "Women and men often use the city differently. Gender-equal planning makes sure investments, "
                    "services and public spaces work for everyone."
                ),
                "body": [
                    (
                        "Umeå is known for its long-term work on gender equality in urban planning. The municipality's bus "
                        "tour, the gendered landscape, shows visitors places that have been changed after analysing how women "
                        "and men use and experience them, such as a pedestrian tunnel designed for safety, lighting along "
                        "paths and parks planned for both girls and boys."
                    ),
                    (
                        "Other municipalities analyse snow clearing, sports facilities, public transport and budgets from a "
                        "gender perspective. The work is supported by national gender equality goals and by the European "
                        "Charter for Equality of Women and Men in Local Life, which many Swedish municipalities have signed."
                    ),
                ],
                "key_facts": [
                    {
                        "label": "Sub-goals of Swedish national gender equality policy",
                        "value": "6",
                        "unit": "",
                        "source": "Swedish Gender Equality Agency",
                    },
                    {
                        "label": "Days of paid parental benefit per child, shared between the parents",
                        "value": "480",
                        "unit": "days",
                        "source": "Swedish Social Insurance Agency",
                    },
                    {
                        "label": "Share of women among members of the Riksdag",
                        "value": "about 46",
                        "unit": "%",
                        "source": "Sveriges riksdag",
                    },
                ],
                "milestones": [
                    {
                        "date": "1974-01-01",
                        "text": "Sweden becomes the first country to let fathers and mothers share paid parental leave.",
                    },
                    {
                        "date": "2006-01-01",
                        "text": "The European Charter for Equality of Women and Men in Local Life is launched and soon signed by Swedish municipalities.",
                    },
                    {
                        "date": "2018-01-01",
                        "text": "The Swedish Gender Equality Agency is established in Gothenburg.",
                    },
                ],
            },
        ],
    },
]
