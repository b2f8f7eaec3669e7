"""Knowledge-base articles the demo city publishes: guides for residents, staff and agents."""

DEMO_ARTICLES: list[dict] = [
    # --- public, English ------------------------------------------------------------------
    {
        "slug": "report-a-pothole",
        "title": "Report a pothole",
        "summary": (
            "How to report a pothole on a City street, what details help the crew find it, "
            "and how quickly potholes are usually filled."
        ),
        "body": """\
Potholes form fastest in late winter, when water seeps into cracks, freezes overnight and
pushes the pavement apart. The Department of Public Works patches potholes on every
City-owned street all year round.

## Before you report

- Check that the hole is on a City street. State routes (marked with a state route shield)
  are maintained by the New York State Department of Transportation.
- If the hole has caused a crash or is deep enough to blow a tire, call Public Works at
  **(845) 555-0110** right away instead of filing online. That line is answered 24 hours a day.

## How to report it

1. Open the [Riverton 311 portal](/citizen) and choose **Report a pothole**.
2. Enter the street address or the nearest intersection, or drop a pin on the map.
3. Pick the size: smaller than a dinner plate, up to a car tire, or bigger than a car tire.
4. Say where it is: travel lane, crosswalk, or shoulder and parking lane.
5. Add a photo if you can take one from the sidewalk. Never step into traffic for a picture.

You can also call Riverton 311 at **(845) 555-0100**, Monday to Friday, 7 a.m. to 7 p.m.

## What happens next

A Public Works supervisor reviews new reports every working morning. Potholes in a travel
lane or crosswalk are usually filled within **two working days**; others within **five
working days**. From December to March crews use a temporary cold patch, and the spot is
repaired again with hot asphalt in the spring.

You'll get an email when the crew marks the job done. If the patch breaks up within 90 days,
reply to that email and your request is reopened instead of starting over.

## Damage to your vehicle

Claims for tire or rim damage go to the City Clerk at (845) 555-0160. Keep your repair receipt
and note the date, time and exact spot where it happened.
""",
        "tags": ["pothole", "potholes", "street", "pavement", "road"],
        "language": "en",
        "audience": "public",
        "categories": [("Streets", "Potholes")],
        "status": "published",
    },
    {
        "slug": "report-a-streetlight-outage",
        "title": "Report a streetlight that is out or flickering",
        "summary": (
            "Streetlights that are dark, flickering, on during the day or damaged: how to find "
            "the pole number and what to expect after you report."
        ),
        "body": """\
Riverton maintains about 4,200 streetlights. Most were converted to LED between 2019 and 2022,
so a light that flickers or cycles on and off usually has a failing driver or photocell that
our electricians can replace in a single visit.

## Find the pole number

Every City pole carries a metal tag at eye height with a number such as **RV-10482**. The
number tells the crew exactly which fixture to fix, even on a street with dozens of lights.
If you can't see a tag, the house number across the street works too.

## Report it

1. Go to [Riverton 311](/citizen) and choose **Streetlight out**.
2. Enter the pole number or the closest address.
3. Choose what is wrong: out, flickering, on during the day, or damaged.
4. Before you submit, look at the map: if the light already shows an open report, click
   **Me too** instead of filing a new one. You'll get the same updates.

## When it is dangerous

If a pole has been knocked down, is leaning badly, or has wires hanging or exposed, stay at
least 30 feet away and **call 911**. Do not report it only online.

## How long it takes

- A single light out: usually repaired within **seven working days**.
- Several lights out in a row: this points to a wiring or circuit fault, which can take two to
  three weeks when the cable under the sidewalk has to be dug up.
- Lights on wooden utility poles belong to the electric utility. We forward those reports to
  them for you; their repair times vary.

You'll receive an email when the repair is done. If the light goes out again within a month,
reply to that email so the electrician can look for a deeper problem.
""",
        "tags": ["streetlight", "streetlights", "lighting", "pole", "outage"],
        "language": "en",
        "audience": "public",
        "categories": [("Streets", "Streetlights")],
        "status": "published",
    },
    {
        "slug": "traffic-signal-problems",
        "title": "Traffic signal dark, stuck or damaged",
        "summary": (
            "What to do when a traffic light is dark, flashing, stuck on red or knocked "
            "over, and how to report slower problems such as a broken crosswalk button."
        ),
        "body": """\
The City operates 64 signalized intersections. Some problems are emergencies and some can wait
a day or two; here is how to tell the difference.

## Urgent: call right away

Call **911** or Public Works at **(845) 555-0110** (answered 24 hours a day) if:

- a signal is completely dark or flashing at a busy intersection,
- a signal head has been hit, is hanging, or is pointing the wrong way,
- every direction shows green, or a light seems stuck on red for several minutes.

While a signal is dark, New York law requires drivers to treat the intersection as an
**all-way stop**. Our signal technicians respond to dark and damaged signals within about
**two hours**, day or night.

## Not urgent: report online

Use the [Riverton 311 portal](/citizen) and choose **Streets → Traffic signals** for:

1. a single bulb out while the rest of the signal works,
2. a pedestrian push button that does not work or a countdown that is blank,
3. a left-turn arrow that never seems to come up,
4. a green light that feels too short or a wait that feels far too long.

Tell us the intersection, which direction you were traveling, and the time of day you noticed
it. Timing problems often depend on the hour, so that detail matters.

## What happens next

Bulbs and buttons are usually fixed within **one working day**. Timing concerns go to the
City's traffic engineer, who reviews the signal plan and may count traffic at the intersection
before changing anything; expect an answer within **30 days**.
""",
        "tags": ["traffic", "signal", "intersection", "crosswalk"],
        "language": "en",
        "audience": "public",
        "categories": [("Streets", "Traffic signals")],
        "status": "published",
    },
    {
        "slug": "sidewalk-repairs",
        "title": "Sidewalk trip hazards and repairs",
        "summary": (
            "Who is responsible for which sidewalks in Riverton, how to report a trip hazard, "
            "and how the 50/50 sidewalk cost-share program works."
        ),
        "body": """\
Under the City Code, the owner of a property is responsible for the sidewalk in front of it.
The City repairs sidewalks next to City property and damage caused by the roots of City street
trees, and it inspects every reported trip hazard no matter who owns the slab.

## What to report

- a slab raised or sunken **more than one inch** against its neighbor,
- broken or missing pieces, or holes around utility covers,
- a missing or crumbling curb ramp at a crosswalk,
- tree roots lifting the sidewalk.

## How to report

1. Open [Riverton 311](/citizen) and choose **Streets → Sidewalks**.
2. Give the house number in front of the problem and which side of the street it is on.
3. Add a photo with a shoe or a coin next to the edge so the inspector can judge the height.

## What happens next

An inspector visits within **ten working days**. Serious hazards are marked with orange paint
and, where possible, ground down the same day. If the sidewalk is the owner's responsibility,
the owner receives a letter giving **60 days** to repair it with a licensed contractor.

Work on a sidewalk needs a free **sidewalk permit** from the Engineering office at City Hall,
Room 203, (845) 555-0166. The inspector checks the new concrete before the forms come off.

## The 50/50 cost-share program

Owners of one- to four-family homes can ask the City to do the work and split the cost evenly.
Applications open each March and are funded in the order received until the year's budget runs
out. A typical 5-by-5-foot slab costs about $450, so the owner's share would be about $225.
Ask for the application at the Engineering office or download it from
[the City's website](https://www.example.org/sidewalks).
""",
        "tags": ["sidewalk", "sidewalks", "curb", "trip", "concrete"],
        "language": "en",
        "audience": "public",
        "categories": [("Streets", "Sidewalks")],
        "status": "published",
    },
    {
        "slug": "harbor-road-resurfacing",
        "title": "Harbor Road resurfacing: detours and schedule",
        "summary": (
            "Harbor Road is being rebuilt between Water Street and the marina entrance: "
            "the work phases, detours, parking rules and how to report a problem in the work zone."
        ),
        "body": """\
Harbor Road is being milled, repaved and restriped between **Water Street and the marina
entrance**, a stretch of about 1.2 miles. The project also replaces eleven storm drains that
flood every spring and adds new curb ramps at every crosswalk.

## Schedule

| Phase | Work | Typical months |
|---|---|---|
| 1 | Storm drains and curb ramps | April to May |
| 2 | Milling the old asphalt | June |
| 3 | Paving, including four nights of night paving | July |
| 4 | Line striping and signs | August |

Crews work **Monday to Friday, 7 a.m. to 5 p.m.** Night paving runs from 8 p.m. to 5 a.m.;
residents of Harbor Road receive a flyer at least **five days** before each night shift.

## Detours

- Eastbound drivers follow the signed detour via **Hudson Street and Ridge Road**.
- Westbound traffic stays on Harbor Road in a single lane with flaggers.
- Trucks over 10 tons use Route 32 and Mill Street while milling is under way.
- The Harbor Road bus stop at Pearl Street moves one block north to Pearl and Cedar.

## Parking

Temporary **No Parking** signs go up at least **48 hours** before work reaches your block.
Cars left in the work zone are moved to a nearby side street, not towed to the impound lot.

## Getting home and deliveries

Driveways stay open except for a few hours while the lane in front of them is paved. The crew
knocks before blocking a driveway. Mail, trash collection and emergency vehicles are not
affected.

## Report a problem on Harbor Road

1. Open [Riverton 311](/citizen) and choose **Streets**.
2. Start the description with "Harbor Road work zone" and give the nearest house number.
3. Add a photo if you can take one safely from the sidewalk.

Reports about steel plates, uneven lanes, missing signs or dust go straight to the project
inspector, who answers within one working day. For anything dangerous
after hours, call **(845) 555-0110**.
""",
        "tags": ["harbor", "road", "detour", "paving", "construction"],
        "language": "en",
        "audience": "public",
        "categories": [("Streets",)],
        "status": "published",
    },
    {
        "slug": "snow-emergency-and-plowing",
        "title": "Snow emergencies and plowing",
        "summary": (
            "How Riverton declares a snow emergency, where you may not park, the order in "
            "which streets are plowed, and your sidewalk-clearing duties."
        ),
        "body": """\
The Mayor declares a **snow emergency** when four inches or more of snow, or a significant
ice storm, is forecast. The declaration is announced on Riverton Alerts (text and email), on
the City's website and on local radio, usually by 3 p.m. the day before.

## Parking during a snow emergency

- **Snow emergency routes** (marked with red-and-white signs) must be completely clear of
  parked cars. Vehicles left there are ticketed ($100) and towed ($150 plus storage).
- On all other streets, park on the **even-numbered side on even dates** and the odd side on
  odd dates, so plows can reach the curb.
- Free parking is available in the Municipal Garage on Fair Street and at Memorial Field
  during the emergency.

## Plowing order

1. Snow emergency routes and the roads to the hospital and fire stations
2. Bus routes and streets near schools
3. Hills and steep streets, which also get extra salt
4. Residential streets and dead ends

Crews work in 12-hour shifts until every street has been plowed at least once. Residential
streets are normally cleared within **12 hours after the snow stops**.

## Your sidewalk

Property owners must clear a path at least **three feet wide** within **24 hours** after the
snow stops, including curb ramps at corners. Please don't shovel or blow snow into the street;
it refreezes into ridges and is a ticketable offense. If a fire hydrant is in front of your
home, dig it out so firefighters can find it.

## Report a missed street

If your street still has not been plowed 12 hours after the snow stops, report it at
[Riverton 311](/citizen) or call **(845) 555-0100**. Sign up for Riverton Alerts at
[www.example.org/alerts](https://www.example.org/alerts).
""",
        "tags": ["snow", "plowing", "winter", "parking", "sidewalk"],
        "language": "en",
        "audience": "public",
        "categories": [("Streets",)],
        "status": "published",
    },
    {
        "slug": "bulk-waste-pickup",
        "title": "Schedule a bulk waste pickup",
        "summary": (
            "Furniture, mattresses, carpet and appliances: book a free curbside bulk pickup, "
            "see what is accepted and where to take everything else."
        ),
        "body": """\
Households in one- to four-family homes get **four free bulk pickups a year**, with up to
**five items** each time. Apartment buildings with five or more units use a private hauler.

## What we take

- furniture: sofas, chairs, tables, dressers, bed frames
- mattresses and box springs, **sealed in plastic** (bags are sold at hardware stores)
- carpet and rugs, cut and rolled into bundles no longer than four feet
- appliances such as washers, stoves and water heaters; refrigerators, freezers and air
  conditioners need a $25 refrigerant tag, bought when you book

## What we don't take

- construction and renovation debris, doors, windows, toilets and sinks
- tires, car parts and propane tanks
- TVs, computers and other electronics, which New York State bans from the trash
- paint, chemicals and batteries

Take electronics, tires and household chemicals to the **Recycling & Drop-off Center** at
40 Foxhall Avenue, open Saturdays from 8 a.m. to 2 p.m. and Wednesdays from noon to 6 p.m.

## How to book

1. Book through [Riverton 311](/citizen) or call **(845) 555-0100** by **Wednesday at noon**
   for a pickup the following week.
2. List each item so the crew sends the right truck.
3. Put items at the curb **after 6 p.m.** the evening before your pickup day, not earlier.
4. Keep the sidewalk and the street clear, and keep items away from mailboxes and poles.

## If something is left behind

The crew leaves an orange sticker explaining why, for example an unwrapped mattress or an
item that was not on your list. Fix the problem and reply to your confirmation email; we'll
come back within a week without using another of your four pickups.
""",
        "tags": ["bulk", "furniture", "mattress", "appliances", "trash"],
        "language": "en",
        "audience": "public",
        "categories": [("Sanitation",)],
        "status": "published",
    },
    {
        "slug": "missed-trash-or-recycling-collection",
        "title": "Trash or recycling was not picked up",
        "summary": (
            "Your bin was not emptied on collection day? Check a few things first, then report "
            "it by noon the next working day and a truck will come back."
        ),
        "body": """\
Trash and recycling trucks run from **6 a.m. to 6 p.m.** on your collection day. Before you
report a missed pickup, please wait until 6 p.m.: crews sometimes reach the end of a route
late, especially after a holiday or a snowstorm.

## Check these first

- **Holiday week?** When a holiday falls on a weekday, collection slides one day later for the
  rest of that week. See [City Hall hours and holidays](/citizen/kb).
- **Was there a sticker on your bin?** A yellow sticker means the crew left it on purpose:
  recycling mixed with trash, bags piled on top of the lid, or a bin heavier than 50 pounds.
  The sticker says what to fix.
- **Was the bin out by 6 a.m.,** within three feet of the curb, with the lid closed and the
  handles facing the house?
- **Is it your recycling week?** Recycling is collected every other week on your trash day.

## Report it

1. Go to [Riverton 311](/citizen) and choose **Sanitation → Missed collection**, or call
   **(845) 555-0100**.
2. Give your address and say whether it was trash, recycling or yard waste.
3. Report by **noon the next working day**. After that, keep the material until your next
   regular pickup.

If the whole street was skipped, one report is enough; mention "whole street" in the
description and neighbors can add themselves to it.

## What happens next

A truck comes back within **one working day**. Leave the bin at the curb until it is emptied.
If your address is missed three times in two months, a sanitation supervisor reviews the
route and calls you.
""",
        "tags": ["trash", "recycling", "collection", "missed", "garbage"],
        "language": "en",
        "audience": "public",
        "categories": [("Sanitation", "Missed collection")],
        "status": "published",
    },
    {
        "slug": "recycling-rules",
        "title": "What goes in the recycling bin",
        "summary": (
            "Riverton's single-stream recycling rules: what belongs in the blue bin, what "
            "does not, and why clean recycling matters."
        ),
        "body": """\
Riverton collects recycling **every other week** on your trash day, in the blue bin with the
City seal. Everything goes into the same bin; there is no need to sort.

## Yes, please

- **Plastic** bottles, jugs and tubs marked 1, 2 or 5: water and soda bottles, milk jugs,
  yogurt cups, detergent bottles. Put the caps back on.
- **Metal** food and drink cans, clean aluminum foil and pie plates
- **Glass** bottles and jars of any color
- **Paper**: mail, newspapers, magazines, office paper, paper bags, cereal boxes
- **Cardboard**, flattened and cut to pieces no larger than three feet

## No, thank you

- plastic bags and film, which tangle the sorting machines; return them to grocery stores
- foam cups, takeout containers and packing peanuts
- greasy pizza boxes, paper plates and napkins
- hoses, cords, string lights and chains
- batteries of any kind, which cause fires in trucks; drop them at the Recycling & Drop-off
  Center or at any store that sells them
- clothing, shoes and books, which are better donated

## Tips that make a difference

1. Empty and quickly rinse containers. They don't need to be spotless.
2. Keep recycling **loose** in the bin, never in bags.
3. When in doubt, throw it out: one wrong item can send a whole truckload to the landfill.

Bins with the wrong items get a yellow sticker and are left for you to fix. Need a bigger bin
or a replacement for a cracked one? Request it through [Riverton 311](/citizen); the first
bin per household is free and a second one costs $60.
""",
        "tags": ["recycling", "bin", "plastic", "paper", "glass"],
        "language": "en",
        "audience": "public",
        "categories": [("Sanitation",)],
        "status": "published",
    },
    {
        "slug": "graffiti-removal",
        "title": "Graffiti removal on public and private property",
        "summary": (
            "Report graffiti on City property, or ask the City to remove graffiti from your "
            "home or small business for free with a signed consent form."
        ),
        "body": """\
Graffiti left in place attracts more of it, so Riverton removes it quickly. The City's
graffiti crew uses pressure washers, solvents and matching paint depending on the surface.

## On City property

Signs, bridges, retaining walls, bus shelters, park buildings and playground equipment are
cleaned within **five working days** of a report. Anything hateful, threatening or obscene is
removed within **24 hours**, including on weekends.

## On your home or business

The City will remove graffiti from private homes and businesses with fewer than 25 employees
**free of charge**, as long as the owner signs a consent form.

1. Report the graffiti at [Riverton 311](/citizen) and choose **Sanitation → Graffiti**.
2. Say that you are the owner (or attach the owner's contact details if you are a tenant).
3. Sign the consent form we email you; it lets the crew work on your property and explains
   that we match paint colors as closely as we can, but not perfectly.
4. The crew comes within **ten working days** of receiving the signed form.

Owners who don't want the City's help must remove graffiti themselves within **ten days** of a
Code Enforcement notice.

## What to include in your report

- the exact address and where on the building it is (front wall, side door, garage)
- the surface: brick, stone, painted wood, metal or glass
- a photo, which also helps police connect tags across the city

## If you see someone tagging

Don't confront them. Call the Police non-emergency line at **(845) 555-0190**, or **911** if
anyone is in danger. Note what they were wearing and which way they went.
""",
        "tags": ["graffiti", "vandalism", "paint", "cleanup"],
        "language": "en",
        "audience": "public",
        "categories": [("Sanitation", "Graffiti")],
        "status": "published",
    },
    {
        "slug": "fallen-trees-and-limbs",
        "title": "Fallen trees, hanging limbs and street-tree care",
        "summary": (
            "Who handles a tree that has fallen or is about to, how to report dead or damaged "
            "street trees, and how to ask for a free new tree."
        ),
        "body": """\
The City's forestry crew looks after about 9,000 **street trees**, the trees growing between
the sidewalk and the curb, and all trees in City parks. Trees on private property are the
owner's responsibility, even when they fall into the street, although the City will always
clear the part that blocks the road.

## Emergencies

- A tree or large limb **blocking a street**: call Public Works at **(845) 555-0110**, day or
  night. Crews open blocked streets within about **four hours**.
- A tree **touching power lines**, or wires on the ground: stay at least 30 feet away and call
  **911**. Only the utility can make wires safe; our crews wait for them.

## Not an emergency

Report these through [Riverton 311](/citizen) under **Parks & trees → Trees**:

- a broken limb hanging in a street tree,
- a dead or dying street tree, or one with mushrooms growing at its base,
- branches blocking a stop sign, streetlight or the sidewalk,
- a stump left after a removal.

Include the address, a photo, and which tree it is if there are several in front of the house.

## How long it takes

1. Hanging limbs are removed within **three working days**.
2. A City arborist inspects dead or damaged trees within **two weeks** and schedules pruning or
   removal based on risk.
3. Stumps are ground out within about **three months** of removal.

## Plant a free street tree

Homeowners can request a free street tree, planted in spring or fall. The arborist chooses a
species that suits the space and the overhead wires. Ask through Riverton 311, or call Parks
and Forestry at (845) 555-0130.
""",
        "tags": ["tree", "trees", "storm", "limb", "forestry"],
        "language": "en",
        "audience": "public",
        "categories": [("Parks & trees", "Trees")],
        "status": "published",
    },
    {
        "slug": "water-main-breaks-and-sewer-backups",
        "title": "Water main breaks, low pressure and sewer backups",
        "summary": (
            "How to recognize a water main break, what to do about brown water or a sewer "
            "backup in your basement, and the 24-hour number to call."
        ),
        "body": """\
Water and sewer emergencies don't wait for office hours, and neither do we. For anything on
this page, call the **Water & Sewer emergency line at (845) 555-0120**, answered 24 hours a
day. Please phone rather than filing online, so a crew can be sent at once.

## Signs of a water main break

- water bubbling up through the pavement or the sidewalk
- a sudden drop in water pressure on the whole street
- a sinkhole or a sagging section of road

A crew usually arrives within **one hour**. Repairs take four to eight hours, and the water to
nearby homes may be shut off during the work. If a **boil water notice** is needed, it is sent
through Riverton Alerts and posted at [www.example.org/alerts](https://www.example.org/alerts).

## Brown or cloudy water after a repair

This is stirred-up sediment, not a health risk. Run your **cold** kitchen tap for five
minutes. If it still isn't clear after 30 minutes, call us back. Avoid doing laundry until
the water runs clear.

## Sewer backup in your basement

1. Stop using water: no flushing, showers or dishwasher.
2. Ask a neighbor whether they have the same problem. If they do, the City's sewer main is
   probably blocked.
3. Call **(845) 555-0120**. A crew checks the main within **two hours**.
4. If the main is flowing, the blockage is in your private sewer line (the lateral), and you
   will need a licensed plumber.

## Protect yourself

Photograph any damage before cleaning up and keep receipts. Claims for damage caused by a
City main go to the City Clerk at (845) 555-0160 within 90 days. To prevent backups, never pour
cooking grease down the drain and don't flush wipes, even those labeled "flushable".
""",
        "tags": ["water", "sewer", "main", "leak", "emergency"],
        "language": "en",
        "audience": "public",
        "categories": [("Water & sewer",)],
        "status": "published",
    },
    {
        "slug": "residential-parking-permits",
        "title": "Residential parking permits",
        "summary": (
            "Who can get a residential parking permit in zones A, B and C, what it costs, "
            "which documents to bring and how visitor passes work."
        ),
        "body": """\
Streets near downtown, the hospital and the train station are **residential permit zones**.
Between 8 a.m. and 6 p.m. on weekdays, cars parked there for more than two hours need a zone
permit sticker or a visitor pass.

| Zone | Area |
|---|---|
| A | Downtown, between Broadway, Wall Street and Clinton Avenue |
| B | Around Riverton General Hospital |
| C | Within four blocks of the train station |

## Who can apply

You must live at an address inside the zone, and the vehicle must be registered at that
address. A leased or company car qualifies with a letter from the leasing company or
employer.

## What to bring

1. your vehicle registration showing the zone address
2. proof that you live there: a lease, deed, or utility bill dated within the last 60 days
3. a valid driver's license

## Costs

- first vehicle: **$30 a year**; second vehicle: **$50 a year**
- visitor passes: **$2 a day**, up to 20 days a month per household
- replacement sticker after a windshield repair: **$5** (bring the invoice)

## How to apply or renew

Apply online at [Riverton 311](/citizen) by uploading your documents, or visit the Parking
Office at City Hall, Room 104, Monday to Friday from 8 a.m. to 5 p.m. Online permits are
mailed within five working days; you can print a temporary permit right away. Permits expire
on **September 30** each year, and renewal notices are mailed in August.

A permit does not guarantee a space, and street-cleaning and snow emergency rules still apply.
Questions? Call the Parking Office at **(845) 555-0170**.
""",
        "tags": ["parking", "permit", "residential", "zone", "visitor"],
        "language": "en",
        "audience": "public",
        "categories": [("General enquiries",)],
        "status": "published",
    },
    {
        "slug": "pay-or-contest-a-parking-ticket",
        "title": "Pay or contest a parking ticket",
        "summary": (
            "Pay a Riverton parking ticket online, by mail or in person, or ask for a hearing "
            "if you think it was issued in error. Late penalties and deadlines explained."
        ),
        "body": """\
You have **30 days** from the date on a parking ticket to either pay it or ask for a hearing.

## Common fines

| Violation | Fine |
|---|---|
| Expired meter | $25 |
| Parking in a permit zone without a permit | $50 |
| Street-cleaning violation | $45 |
| Snow emergency route | $100 |
| Within 15 feet of a fire hydrant | $115 |
| Accessible parking space without a placard | $150 |

## How to pay

- **Online**: at [www.example.org/tickets](https://www.example.org/tickets) with the ticket
  number and your license plate. Cards and e-checks are accepted.
- **By mail**: a check or money order payable to "City of Riverton", with the ticket number
  written on it, to the Parking Violations Bureau, City Hall, 1 Broadway.
- **In person**: Parking Violations Bureau, City Hall, Room 104, Monday to Friday,
  8 a.m. to 5 p.m.

## Late penalties

A **$25** penalty is added after 30 days and another **$25** after 60 days. After 90 days the
ticket is referred to a collection agency. Cars with three or more tickets unpaid for more
than 60 days may be booted.

## Contest a ticket

1. Within 30 days, request a hearing online or on the back of the ticket.
2. Choose a **written hearing** (upload photos, receipts or a meter receipt) or an
   **in-person hearing** on a Tuesday or Thursday evening.
3. A hearing officer decides. Written decisions arrive by mail in about **three weeks**.

Good evidence includes a photo of a missing or unreadable sign, a parking receipt showing
time remaining, or a police report if your plates were stolen. While your hearing is pending,
no late penalties are added. Call **(845) 555-0170** with questions.
""",
        "tags": ["parking", "ticket", "fine", "hearing", "payment"],
        "language": "en",
        "audience": "public",
        "categories": [("General enquiries",)],
        "status": "published",
    },
    {
        "slug": "building-permits",
        "title": "Do I need a building permit?",
        "summary": (
            "Which home projects need a building permit in Riverton, what to submit, the fees, "
            "and how inspections are scheduled."
        ),
        "body": """\
A building permit makes sure work is safe and meets the New York State building code. Work
done without one can delay the sale of your home and may have to be opened up for inspection.

## You need a permit for

- additions, new rooms, garages, and finishing a basement or attic
- decks, porches and stairs, including replacing a deck
- removing or moving walls, and any change to the structure
- new windows or doors where the opening changes size
- sheds larger than 144 square feet, and all swimming pools deeper than 24 inches
- roofing when the sheathing is replaced, solar panels, and wood or pellet stoves
- demolition of any building

## You don't need a permit for

Painting, wallpaper, new flooring, replacing cabinets or countertops in the same layout,
gutters, and fences under six feet outside the front yard.

## How to apply

1. Fill out the application at [www.example.org/permits](https://www.example.org/permits) or
   pick one up at the Building Department, City Hall, Room 201.
2. Attach **two sets of drawings** showing the work with measurements. Larger projects need
   drawings stamped by a New York architect or engineer.
3. Contractors must attach proof of **workers' compensation and disability insurance**.
4. Pay the fee: **$50 plus $10 for every $1,000** of construction cost.

Most residential permits are reviewed within **ten working days**. Your permit card must be
posted in a front window while work is under way.

## Inspections

Call **(845) 555-0165** at least **two working days** before you need an inspection, for
example footings, framing, insulation, and final. After the final inspection you receive a
Certificate of Completion, which you should keep with your property papers.
""",
        "tags": ["permit", "building", "construction", "inspection", "renovation"],
        "language": "en",
        "audience": "public",
        "categories": [("General enquiries",)],
        "status": "published",
    },
    {
        "slug": "block-party-permits",
        "title": "Hold a block party",
        "summary": (
            "How to get a block party permit: the neighbor petition, deadlines, free "
            "barricades, sound rules and what must stay open for emergency vehicles."
        ),
        "body": """\
Block parties bring neighbors together, and Riverton makes them easy to organize. Apply at
least **30 days** before the date; applications are accepted from April 1 for parties between
May and October.

## Where you can hold one

- residential streets only, for a single block between two cross streets
- not on bus routes, snow emergency routes, or streets leading to the hospital
- from **10 a.m. to 9 p.m.**, including setup and cleanup

## What you need

1. The **application**, available from the City Clerk at City Hall, Room 102, or online at
   [Riverton 311](/citizen).
2. A **petition** signed by at least **60 percent** of the households on the block. Include a
   name, address and signature for each household.
3. The **$25 fee**.

If you plan to use amplified music, tick the sound box on the application. Sound must stay
at a level that can't be heard more than one block away, and it must stop by 9 p.m.

## On the day

- The City lends up to **four barricades** for free. Public Works drops them off the working
  day before and picks them up the working day after.
- Keep a **20-foot lane** open down the middle of the street so fire trucks can get through.
- No alcohol may be served or carried in the street.
- Inflatables and rides are allowed only with the vendor's insurance certificate naming the
  City of Riverton.

## After you apply

The Clerk checks the application with Police and Public Works and emails the permit within
**ten working days**. Post the enclosed notice on the block at least **72 hours** before the
party. Questions? Call the City Clerk at **(845) 555-0160**.
""",
        "tags": ["permit", "block", "party", "event", "street"],
        "language": "en",
        "audience": "public",
        "categories": [("General enquiries",)],
        "status": "published",
    },
    {
        "slug": "noise-complaints",
        "title": "Noise complaints: who to call",
        "summary": (
            "Quiet hours in Riverton, construction hours, and who handles loud parties, "
            "barking dogs, machinery and other noise."
        ),
        "body": """\
Who responds to noise depends on whether it is happening right now or keeps coming back.

## Quiet hours

- **Sunday to Thursday nights:** 10 p.m. to 7 a.m.
- **Friday and Saturday nights:** 11 p.m. to 8 a.m.

During quiet hours, sound from a home or business must not be plainly audible inside a
neighbor's home.

## Happening now

For a loud party, music, a car alarm, or shouting, call the Police **non-emergency** line at
**(845) 555-0190**. Call **911** only if someone is threatened or hurt. An officer usually
arrives within an hour on busy weekend nights.

## Construction noise

Construction and demolition are allowed **7 a.m. to 7 p.m. on weekdays** and **9 a.m. to
5 p.m. on Saturdays**. Work on Sundays and holidays needs a special permit, except
emergency repairs. Report work outside these hours through [Riverton 311](/citizen).

## Noise that keeps coming back

Code Enforcement investigates ongoing problems such as:

- a dog that barks for long stretches,
- an air conditioner, generator or exhaust fan running all night,
- a business playing music loud enough to be heard in nearby homes,
- leaf blowers used before 8 a.m.

To report one:

1. Keep a short **log** for a week: the date, time, how long it lasted and what it sounded like.
2. File a report at [Riverton 311](/citizen) under **General enquiries**, attaching the log.
3. Add a short video or recording if you can.

An inspector contacts you within **ten working days** and may measure the sound from your
property. A first violation usually gets a warning; repeat violations carry fines starting at
$100. Your name is never shared with the person you complain about.
""",
        "tags": ["noise", "complaint", "party", "construction", "quiet"],
        "language": "en",
        "audience": "public",
        "categories": [("General enquiries",)],
        "status": "published",
    },
    {
        "slug": "pet-licenses",
        "title": "Pet licenses: licensing your dog",
        "summary": (
            "Every dog over four months old must be licensed in Riverton. Fees, documents, "
            "renewals, lost tags, and what the rules are for cats."
        ),
        "body": """\
New York State requires every dog **four months or older** to be licensed in the town or city
where it lives. A license tag is the fastest way to get a lost dog home: the Animal Control
officer can read the tag number and call you within minutes.

## What you need

- proof of a current **rabies vaccination**, signed by your veterinarian
- proof of **spaying or neutering**, if that applies, to pay the lower fee
- your name, address and phone number, and your dog's name, breed, color and age

## Fees

| License | Yearly fee |
|---|---|
| Spayed or neutered dog | $10 |
| Dog that is not spayed or neutered | $18 |
| Owner aged 65 or older, spayed or neutered dog | $5 |
| Replacement tag | $3 |
| Certified service or working dog | free |

## How to apply

1. **Online** at [www.example.org/dogs](https://www.example.org/dogs), uploading a photo or
   scan of the rabies certificate.
2. **By mail** to the City Clerk, City Hall, 1 Broadway, with a check payable to "City of
   Riverton".
3. **In person** at the City Clerk's office, Room 102, Monday to Friday, 8 a.m. to 5 p.m.

Tags are mailed within a week. Licenses run for one year from the month of purchase, and a
renewal reminder is mailed a month before yours expires. A license expires early if the rabies
vaccination runs out, so renew both together.

## What about cats?

Cats do not need a license in Riverton, but New York law requires cats, like dogs, to be
vaccinated against rabies. Free rabies clinics are held each spring and fall at the Public
Works Garage. Call the City Clerk at **(845) 555-0160** for dates.
""",
        "tags": ["pets", "dog", "license", "rabies", "cats"],
        "language": "en",
        "audience": "public",
        "categories": [("General enquiries",)],
        "status": "published",
    },
    {
        "slug": "city-hall-hours-and-holidays",
        "title": "City Hall hours, holidays and how to reach us",
        "summary": (
            "When City Hall is open, which holidays it closes for, how holidays affect trash "
            "collection, and the phone numbers of the main City offices."
        ),
        "body": """\
**City Hall, 1 Broadway** is open **Monday to Friday, 8 a.m. to 5 p.m.** The building has an
accessible entrance on Wall Street, and the Municipal Garage on Fair Street offers one hour of
free parking with a validated ticket.

## Before you visit

1. Check whether you can do it online at [Riverton 311](/citizen); most requests can.
2. Bring photo ID and any letter or bill you received from the City.
3. Arrive before 4:30 p.m. if you need to pay at a counter.

## Holidays

City Hall is closed on these days. When a holiday falls on a Saturday it is observed on the
Friday before; when it falls on a Sunday, on the Monday after.

- New Year's Day
- Martin Luther King Jr. Day
- Lincoln's Birthday (February 12)
- Presidents' Day
- Memorial Day
- Juneteenth (June 19)
- Independence Day (July 4)
- Labor Day
- Columbus Day / Indigenous Peoples' Day
- Election Day (November)
- Veterans Day (November 11)
- Thanksgiving and the **day after Thanksgiving**
- **Christmas Eve** and Christmas Day

## Trash collection on holidays

When a holiday falls on a weekday, trash and recycling collection moves **one day later** for
the rest of that week. Friday's collection moves to Saturday.

## Reaching us

| Office | Phone |
|---|---|
| Riverton 311 (all City services) | (845) 555-0100 |
| City Clerk, Room 102 | (845) 555-0160 |
| Parking Office, Room 104 | (845) 555-0170 |
| Receiver of Taxes, Room 106 | (845) 555-0180 |
| Building Department, Room 201 | (845) 555-0165 |
| Parks and Forestry | (845) 555-0130 |
| Public Works, 24 hours | (845) 555-0110 |
| Water & Sewer emergencies, 24 hours | (845) 555-0120 |

Riverton 311 answers phones **Monday to Friday, 7 a.m. to 7 p.m.**, and the online portal
takes requests at any hour.
""",
        "tags": ["hours", "holidays", "contact", "city", "hall"],
        "language": "en",
        "audience": "public",
        "categories": [("General enquiries",)],
        "status": "published",
    },
    {
        "slug": "pay-your-property-taxes",
        "title": "Pay your property taxes",
        "summary": (
            "When Riverton property tax bills are due, the ways to pay, late penalties, and "
            "where to ask about exemptions for seniors and veterans."
        ),
        "body": """\
Riverton mails one combined **City and County property tax bill** each year in late December.
School taxes are billed separately by the school district in September.

## Due dates

You can pay the bill in full, or in two halves:

1. **First half** due **January 31**
2. **Second half** due **July 31**

If a due date falls on a weekend or holiday, payment is accepted on the next working day.
Unpaid taxes carry interest of **1 percent per month** under New York State law, starting the
day after the due date, and late payments cannot be waived.

## Ways to pay

- **Online** at [www.example.org/tax](https://www.example.org/tax): e-check is free, credit
  and debit cards carry a 2.45 percent processing fee charged by the card processor.
- **By mail**: send the payment stub with a check payable to "City of Riverton". The
  postmark counts as the payment date.
- **Drop box** next to the Wall Street entrance of City Hall, emptied every working morning.
- **In person** at the Receiver of Taxes, City Hall, Room 106, Monday to Friday,
  8 a.m. to 5 p.m., with extra hours until 7 p.m. on the last two Thursdays of January and
  July.

If your mortgage company pays your taxes from an escrow account, you don't need to do
anything; the bill is sent to them and you receive a copy for your records.

## Exemptions

Seniors with limited incomes, veterans, and people with disabilities may qualify for a lower
assessment. Applications are due to the **Assessor's Office** by **March 1** for the
following bill. Call the Assessor at (845) 555-0185.

## Questions about your bill

Call the Receiver of Taxes at **(845) 555-0180**. Have your tax map number ready; it is
printed in the top right corner of the bill.
""",
        "tags": ["tax", "property", "payment", "bill", "assessment"],
        "language": "en",
        "audience": "public",
        "categories": [("General enquiries",)],
        "status": "published",
    },
    # --- public, Spanish ------------------------------------------------------------------
    {
        "slug": "reportar-un-bache",
        "title": "Cómo reportar un bache",
        "summary": (
            "Cómo avisar a la Ciudad de un bache en una calle de Riverton, qué datos ayudan a "
            "la cuadrilla y cuánto se tarda en repararlo."
        ),
        "body": """\
Los baches aparecen sobre todo a finales del invierno, cuando el agua se mete en las grietas
del asfalto, se congela durante la noche y rompe el pavimento. El Departamento de Obras
Públicas repara los baches de todas las calles municipales durante todo el año.

## Antes de reportarlo

- Compruebe que el bache está en una calle de la Ciudad. Las carreteras estatales las mantiene
  el Departamento de Transporte del Estado de Nueva York.
- Si un bache ya ha causado un accidente o es tan profundo que puede reventar un neumático,
  llame enseguida a Obras Públicas al **(845) 555-0110**, las 24 horas.

## Cómo reportarlo

1. Entre en el [portal Riverton 311](/citizen) y elija **Reportar un bache**.
2. Escriba la dirección o el cruce de calles más cercano, o marque el punto en el mapa.
3. Indique el tamaño: más pequeño que un plato, como una rueda de coche, o más grande.
4. Diga si está en un carril de circulación, en un paso de peatones o junto a la acera.
5. Añada una foto si puede tomarla desde la acera. Nunca se ponga en medio del tráfico.

También puede llamar a Riverton 311 al **(845) 555-0100**, de lunes a viernes, de 7 a. m.
a 7 p. m. Hay personal que habla español.

## Qué pasa después

Un supervisor revisa los reportes cada mañana laborable. Los baches en un carril o en un paso
de peatones se rellenan normalmente en **dos días laborables**; los demás, en **cinco días
laborables**. En invierno se usa un parche provisional y en primavera se repara de nuevo con
asfalto caliente.

Recibirá un correo electrónico cuando la cuadrilla termine. Si el parche se rompe antes de 90
días, responda a ese correo y el caso se vuelve a abrir.
""",
        "tags": ["bache", "baches", "calle", "pavimento"],
        "language": "es",
        "audience": "public",
        "categories": [("Streets", "Potholes")],
        "status": "published",
    },
    {
        "slug": "farolas-apagadas",
        "title": "Farolas apagadas o que parpadean",
        "summary": (
            "Cómo reportar una farola apagada, que parpadea o que está encendida de día, dónde "
            "encontrar el número del poste y cuánto tarda la reparación."
        ),
        "body": """\
Riverton tiene unas 4.200 farolas, casi todas con luces LED. Cuando una farola parpadea o se
enciende y se apaga sola, casi siempre falla una pieza pequeña que los electricistas de la
Ciudad pueden cambiar en una sola visita.

## Busque el número del poste

Cada poste municipal lleva una placa metálica a la altura de los ojos con un número como
**RV-10482**. Ese número indica a la cuadrilla exactamente qué farola hay que arreglar. Si no
ve la placa, basta con el número de la casa que está enfrente.

## Cómo reportarla

1. Entre en [Riverton 311](/citizen) y elija **Farola apagada**.
2. Escriba el número del poste o la dirección más cercana.
3. Indique el problema: apagada, parpadea, encendida de día o dañada.
4. Mire el mapa antes de enviar: si la farola ya tiene un reporte abierto, pulse **Yo
   también** en lugar de crear otro. Recibirá las mismas novedades.

## Cuándo es peligroso

Si un poste está caído o muy inclinado, o hay cables colgando o al descubierto, aléjese al
menos 10 metros y **llame al 911**. No lo reporte solo por internet.

## Cuánto tarda

- Una farola apagada se repara normalmente en **siete días laborables**.
- Si hay varias farolas apagadas seguidas en la misma calle, suele ser una avería del cableado
  y puede tardar dos o tres semanas.
- Las farolas montadas en postes de madera pertenecen a la compañía eléctrica. Nosotros les
  enviamos su reporte.

Recibirá un correo cuando la reparación esté hecha. Si la farola vuelve a apagarse en menos de
un mes, responda a ese correo.
""",
        "tags": ["farola", "farolas", "alumbrado", "poste"],
        "language": "es",
        "audience": "public",
        "categories": [("Streets", "Streetlights")],
        "status": "published",
    },
    {
        "slug": "recogida-de-residuos-voluminosos",
        "title": "Recogida de residuos voluminosos",
        "summary": (
            "Muebles, colchones, alfombras y electrodomésticos: cómo pedir una recogida gratuita "
            "en la acera y qué hacer con lo que no se recoge."
        ),
        "body": """\
Las viviendas de una a cuatro familias tienen derecho a **cuatro recogidas gratuitas al año**
de residuos voluminosos, con un máximo de **cinco objetos** cada vez. Los edificios de cinco o
más apartamentos usan una empresa privada. Un residuo voluminoso es cualquier objeto que no
cabe en el contenedor de basura.

## Qué recogemos

- muebles: sofás, sillas, mesas, cómodas y somieres
- colchones, siempre **envueltos en plástico** (las bolsas se venden en ferreterías)
- alfombras, cortadas y enrolladas en rollos de menos de 1,2 metros
- electrodomésticos como lavadoras y cocinas; los refrigeradores, congeladores y aparatos de
  aire acondicionado necesitan una etiqueta de $25 para retirar el gas refrigerante

## Qué no recogemos

- escombros de obra, puertas, ventanas, inodoros y lavabos
- neumáticos, piezas de coche y bombonas de propano
- televisores, computadoras y otros aparatos electrónicos, que la ley de Nueva York prohíbe
  tirar a la basura
- pintura, productos químicos y pilas

Esos residuos se llevan al **Centro de Reciclaje**, en 40 Foxhall Avenue, abierto los sábados
de 8 a. m. a 2 p. m. y los miércoles de 12 a 6 p. m.

## Cómo pedir la recogida

1. Pídala en [Riverton 311](/citizen) o llame al **(845) 555-0100** antes del **miércoles a
   mediodía** para que pasemos la semana siguiente.
2. Enumere cada objeto para que enviemos el camión adecuado.
3. Saque los objetos a la acera **después de las 6 p. m.** de la noche anterior, no antes.
4. Deje libre la acera y no los apoye en buzones ni postes.

Si la cuadrilla deja algún objeto, pegará una etiqueta naranja con el motivo. Corrija el
problema y responda al correo de confirmación: volveremos en una semana sin gastar otra de sus
cuatro recogidas.
""",
        "tags": ["residuos", "voluminosos", "muebles", "colchón", "recogida"],
        "language": "es",
        "audience": "public",
        "categories": [("Sanitation",)],
        "status": "published",
    },
    {
        "slug": "recogida-de-basura-no-realizada",
        "title": "No pasaron a recoger la basura o el reciclaje",
        "summary": (
            "Si su contenedor no se vació el día de recogida, revise estos puntos y repórtelo "
            "antes del mediodía del día laborable siguiente."
        ),
        "body": """\
Los camiones de basura y de reciclaje trabajan de **6 a. m. a 6 p. m.** el día que le toca a
su calle. Antes de reportar una recogida no realizada, espere hasta las 6 p. m.: a veces el
camión llega tarde, sobre todo después de un día festivo o de una nevada.

## Revise primero

- **¿Es semana de festivo?** Si un festivo cae entre semana, la recogida se retrasa un día el
  resto de esa semana.
- **¿Tiene una etiqueta amarilla el contenedor?** Significa que la cuadrilla lo dejó a
  propósito: reciclaje mezclado con basura, bolsas encima de la tapa o un contenedor de más de
  23 kilos. La etiqueta explica qué corregir.
- **¿Estaba el contenedor fuera antes de las 6 a. m.,** a menos de un metro del bordillo, con
  la tapa cerrada?
- **¿Le toca reciclaje esta semana?** El reciclaje se recoge cada dos semanas, el mismo día que
  la basura.

## Cómo reportarlo

1. Entre en [Riverton 311](/citizen) y elija **Recogida no realizada**, o llame al
   **(845) 555-0100**.
2. Indique su dirección y si era basura, reciclaje o restos de jardín.
3. Hágalo antes del **mediodía del día laborable siguiente**. Después de esa hora, guarde los
   residuos hasta la próxima recogida.

Si no vaciaron los contenedores de toda la calle, basta con un solo reporte: escriba "toda la
calle" en la descripción y los vecinos pueden sumarse.

## Qué pasa después

Un camión vuelve en **un día laborable**. Deje el contenedor en la acera hasta que lo vacíen.
Si a su dirección se le salta la recogida tres veces en dos meses, un supervisor revisa la
ruta y le llama.
""",
        "tags": ["basura", "recogida", "reciclaje", "contenedor"],
        "language": "es",
        "audience": "public",
        "categories": [("Sanitation", "Missed collection")],
        "status": "published",
    },
    {
        "slug": "reglas-de-reciclaje",
        "title": "Qué se puede reciclar en Riverton",
        "summary": (
            "Las reglas del contenedor azul de reciclaje: qué materiales van dentro, cuáles no "
            "y por qué un reciclaje limpio es importante."
        ),
        "body": """\
En Riverton el reciclaje se recoge **cada dos semanas**, el mismo día que la basura, en el
contenedor azul con el escudo de la Ciudad. Todo va junto en el mismo contenedor; no hace
falta separar.

## Sí, por favor

- **Plásticos** marcados con el número 1, 2 o 5: botellas de agua y refresco, garrafas de
  leche, vasitos de yogur y botellas de detergente. Deje la tapa puesta.
- **Latas** de comida y bebida, y papel de aluminio limpio
- **Botellas y frascos de vidrio** de cualquier color
- **Papel**: cartas, periódicos, revistas, bolsas de papel y cajas de cereales
- **Cartón** aplastado, en trozos de menos de un metro

## No, gracias

- bolsas de plástico, que se enredan en las máquinas; devuélvalas al supermercado
- vasos y envases de espuma (poliestireno)
- cajas de pizza con grasa, platos de papel y servilletas
- mangueras, cables, cadenas y luces navideñas
- pilas y baterías, que provocan incendios en los camiones; llévelas al Centro de Reciclaje
- ropa, zapatos y libros, que es mejor donar

## Consejos

1. Vacíe y enjuague rápidamente los envases; no hace falta que queden perfectos.
2. Eche los materiales **sueltos** en el contenedor, nunca dentro de bolsas.
3. Si tiene dudas, mejor a la basura: un solo objeto equivocado puede mandar un camión entero
   al vertedero.

Los contenedores con materiales equivocados reciben una etiqueta amarilla y se quedan sin
vaciar hasta que se corrijan. ¿Necesita un contenedor más grande o cambiar uno roto? Pídalo en
[Riverton 311](/citizen): el primer contenedor de cada hogar es gratis y el segundo cuesta $60.
""",
        "tags": ["reciclaje", "contenedor", "plástico", "papel"],
        "language": "es",
        "audience": "public",
        "categories": [("Sanitation",)],
        "status": "published",
    },
    {
        "slug": "permisos-de-estacionamiento-residencial",
        "title": "Permisos de estacionamiento residencial",
        "summary": (
            "Quién puede pedir un permiso de estacionamiento en las zonas A, B y C, cuánto "
            "cuesta, qué documentos hay que llevar y cómo funcionan los pases para visitas."
        ),
        "body": """\
Las calles cercanas al centro, al hospital y a la estación de tren son **zonas de permiso
residencial**. De lunes a viernes, entre las 8 a. m. y las 6 p. m., los coches que se quedan
más de dos horas necesitan un permiso de la zona o un pase de visitante.

## Quién puede pedir un permiso

Debe vivir en una dirección dentro de la zona, y el vehículo debe estar registrado en esa
dirección. Los coches de alquiler a largo plazo o de empresa también valen, con una carta de la
empresa.

## Qué documentos llevar

1. el registro del vehículo con la dirección de la zona
2. un comprobante de domicilio: contrato de alquiler, escritura o una factura de servicios de
   los últimos 60 días
3. una licencia de conducir válida

## Precios

- primer vehículo: **$30 al año**; segundo vehículo: **$50 al año**
- pases de visitante: **$2 por día**, hasta 20 días al mes por hogar
- calcomanía de reemplazo si cambia el parabrisas: **$5** (traiga la factura)

## Cómo pedirlo o renovarlo

Puede pedirlo en [Riverton 311](/citizen) subiendo sus documentos, o en la Oficina de
Estacionamiento del Ayuntamiento (City Hall), sala 104, de lunes a viernes de 8 a. m. a
5 p. m. Los permisos pedidos por internet llegan por correo en cinco días laborables, y puede
imprimir un permiso provisional al momento.

Todos los permisos vencen el **30 de septiembre**; en agosto enviamos los avisos de
renovación. Tener un permiso no garantiza un sitio libre, y siguen vigentes las normas de
limpieza de calles y de emergencia por nieve. Para más información, llame al
**(845) 555-0170**.
""",
        "tags": ["permiso", "permisos", "estacionamiento", "zona"],
        "language": "es",
        "audience": "public",
        "categories": [("General enquiries",)],
        "status": "published",
    },
    {
        "slug": "multas-de-estacionamiento",
        "title": "Pagar o impugnar una multa de estacionamiento",
        "summary": (
            "Cómo pagar una multa de estacionamiento por internet, por correo o en persona, y "
            "cómo pedir una audiencia si cree que la multa es un error."
        ),
        "body": """\
Tiene **30 días** desde la fecha de la multa para pagarla o para pedir una audiencia.

## Multas más comunes

| Infracción | Importe |
|---|---|
| Parquímetro vencido | $25 |
| Zona de permiso sin permiso | $50 |
| Limpieza de calles | $45 |
| Ruta de emergencia por nieve | $100 |
| A menos de 15 pies (4,5 metros) de una boca de incendios | $115 |

## Cómo pagar

- **Por internet**, en [www.example.org/tickets](https://www.example.org/tickets), con el
  número de la multa y la placa del vehículo. Se aceptan tarjetas y cheques electrónicos.
- **Por correo**, con un cheque o giro postal a nombre de "City of Riverton" y el número de
  la multa escrito, a Parking Violations Bureau, City Hall, 1 Broadway.
- **En persona**, en el Ayuntamiento, sala 104, de lunes a viernes de 8 a. m. a 5 p. m.

## Recargos

Se añade un recargo de **$25** a los 30 días y otro de **$25** a los 60 días. A los 90 días,
la deuda pasa a una agencia de cobros. Los vehículos con tres o más multas sin pagar durante
más de 60 días pueden ser inmovilizados con un cepo.

## Cómo impugnar una multa

1. Dentro de los 30 días, pida una audiencia por internet o en el reverso de la multa.
2. Elija una **audiencia por escrito** (suba fotos o recibos) o una **audiencia en persona**,
   los martes o jueves por la tarde.
3. Un funcionario de audiencias decide. La respuesta por escrito llega en unas **tres
   semanas**.

Son buenas pruebas la foto de una señal que falta o no se lee, el recibo del parquímetro con
tiempo restante o una denuncia policial si le robaron las placas. Mientras espera la
audiencia no se añaden recargos. Si tiene preguntas, llame al **(845) 555-0170**.
""",
        "tags": ["multa", "multas", "estacionamiento", "pago"],
        "language": "es",
        "audience": "public",
        "categories": [("General enquiries",)],
        "status": "published",
    },
    {
        "slug": "arboles-caidos-y-ramas",
        "title": "Árboles caídos y ramas peligrosas",
        "summary": (
            "Qué hacer si un árbol se ha caído o está a punto de caer, cómo reportar árboles "
            "secos en la calle y cómo pedir un árbol nuevo gratis."
        ),
        "body": """\
La cuadrilla forestal de la Ciudad cuida unos 9.000 **árboles de calle**, los que crecen entre
la acera y el bordillo, y todos los árboles de los parques municipales. Los árboles de un
terreno privado son responsabilidad del propietario, aunque caigan a la calle; aun así, la
Ciudad siempre retira la parte que bloquea la calzada.

## Emergencias

- Si un árbol o una rama grande **bloquea una calle**, llame a Obras Públicas al
  **(845) 555-0110**, de día o de noche. Las calles bloqueadas se despejan en unas
  **cuatro horas**.
- Si un árbol **toca cables eléctricos** o hay cables en el suelo, aléjese al menos 10 metros
  y llame al **911**. Solo la compañía eléctrica puede cortar la corriente.

## Lo que no es urgente

Repórtelo en [Riverton 311](/citizen), en **Parques y árboles**:

- una rama rota colgando de un árbol de la calle,
- un árbol seco o enfermo, o con hongos en la base,
- ramas que tapan una señal de alto, una farola o la acera,
- un tocón que quedó después de talar un árbol.

Incluya la dirección, una foto y, si hay varios árboles delante de la casa, cuál es.

## Cuánto tarda

1. Las ramas colgando se retiran en **tres días laborables**.
2. Un arborista revisa los árboles secos o dañados en **dos semanas** y decide si hay que
   podarlos o talarlos.
3. Los tocones se trituran en unos **tres meses**.

## Pida un árbol gratis

Los propietarios pueden pedir un árbol de calle gratuito, que se planta en primavera o en
otoño. El arborista elige una especie adecuada al espacio. Pídalo en Riverton 311 o llame a
Parques al (845) 555-0130.
""",
        "tags": ["árbol", "árboles", "ramas", "tormenta"],
        "language": "es",
        "audience": "public",
        "categories": [("Parks & trees", "Trees")],
        "status": "published",
    },
    {
        "slug": "eliminacion-de-grafiti",
        "title": "Eliminación de grafitis",
        "summary": (
            "Cómo reportar un grafiti en un edificio municipal o pedir que la Ciudad quite "
            "gratis los grafitis de su casa o negocio."
        ),
        "body": """\
Un grafiti que no se borra atrae otros grafitis, por eso Riverton los elimina rápido. La
cuadrilla usa agua a presión, disolventes o pintura del mismo color, según la superficie.

## En propiedad municipal

Señales, puentes, muros, paradas de autobús, edificios de parques y juegos infantiles se
limpian en **cinco días laborables**. Los grafitis con mensajes de odio, amenazas u
obscenidades se quitan en **24 horas**, también los fines de semana.

## En su casa o negocio

La Ciudad quita **gratis** los grafitis de viviendas y de negocios con menos de 25 empleados,
siempre que el propietario firme un formulario de autorización.

1. Reporte el grafiti en [Riverton 311](/citizen), en **Saneamiento → Grafiti**.
2. Indique que es el propietario; si es inquilino, añada los datos del dueño.
3. Firme el formulario que le enviaremos por correo. Permite a la cuadrilla trabajar en su
   propiedad y explica que igualamos el color de la pintura lo mejor posible.
4. La cuadrilla pasa en **diez días laborables** desde que recibimos el formulario.

Los propietarios que prefieran hacerlo ellos mismos deben quitar los grafitis en **diez días**
desde que reciben un aviso de Inspección de Códigos.

## Qué incluir en el reporte

- la dirección exacta y en qué parte del edificio está
- el tipo de superficie: ladrillo, piedra, madera pintada, metal o vidrio
- una foto, que también ayuda a la policía a relacionar firmas de distintos lugares

## Si ve a alguien pintando

No se enfrente a esa persona. Llame a la línea de la Policía para casos no urgentes,
**(845) 555-0190**, o al **911** si alguien corre peligro.
""",
        "tags": ["grafiti", "grafitis", "vandalismo", "pintura"],
        "language": "es",
        "audience": "public",
        "categories": [("Sanitation", "Graffiti")],
        "status": "published",
    },
    {
        "slug": "averias-de-agua-y-alcantarillado",
        "title": "Roturas de tuberías de agua y atascos del alcantarillado",
        "summary": (
            "Cómo reconocer una rotura de una tubería principal de agua, qué hacer con el agua "
            "turbia o un atasco del alcantarillado, y el teléfono de emergencias 24 horas."
        ),
        "body": """\
Las emergencias de agua no esperan al horario de oficina, y nosotros tampoco. Para cualquier
caso de esta página, llame a la **línea de emergencias de Agua y Alcantarillado,
(845) 555-0120**, que atiende las 24 horas. Por favor, llame en lugar de reportarlo por
internet, para que podamos enviar una cuadrilla enseguida.

## Señales de una rotura

- agua que brota del asfalto o de la acera
- una bajada repentina de la presión del agua en toda la calle
- un hundimiento o un socavón en la calzada

La cuadrilla suele llegar en **una hora**. Las reparaciones de las tuberías principales
tardan entre cuatro y ocho horas, y puede que se corte el agua de las casas cercanas. Si hace
falta hervir el agua, lo avisamos por Riverton Alerts y en
[www.example.org/alerts](https://www.example.org/alerts).

## Agua marrón o turbia después de una reparación

Es sedimento removido dentro de las tuberías y no es peligroso. Abra el grifo de agua **fría**
de la cocina durante cinco minutos. Si después de 30 minutos sigue turbia, llámenos. No ponga
la lavadora hasta que el agua salga limpia.

## Atasco del alcantarillado en el sótano

1. Deje de usar agua: ni cisterna, ni ducha, ni lavavajillas.
2. Pregunte a un vecino si tiene el mismo problema. Si es así, probablemente está atascada la
   tubería municipal.
3. Llame al **(845) 555-0120**. Una cuadrilla revisa la tubería principal en **dos horas**.
4. Si la tubería municipal funciona bien, el atasco está en la tubería privada de su casa y
   necesitará un plomero con licencia.

Fotografíe los daños antes de limpiar y guarde los recibos. Para evitar atascos, no tire aceite
de cocina por el fregadero ni toallitas por el inodoro.
""",
        "tags": ["agua", "tubería", "tuberías", "alcantarillado", "emergencia"],
        "language": "es",
        "audience": "public",
        "categories": [("Water & sewer",)],
        "status": "published",
    },
    {
        "slug": "emergencia-por-nieve",
        "title": "Emergencias por nieve y limpieza de calles",
        "summary": (
            "Cómo se declara una emergencia por nieve en Riverton, dónde no se puede estacionar, "
            "en qué orden pasan las quitanieves y cómo limpiar su acera."
        ),
        "body": """\
El alcalde declara una **emergencia por nieve** cuando se esperan diez centímetros (cuatro
pulgadas) de nieve o más, o una tormenta de hielo fuerte. El aviso se publica en Riverton
Alerts, en la página web de la Ciudad y en la radio local, normalmente antes de las 3 p. m.
del día anterior.

## Dónde estacionar

- Las **rutas de emergencia por nieve**, marcadas con señales rojas y blancas, deben quedar
  libres de coches. Los vehículos estacionados allí reciben una multa de $100 y son llevados
  por la grúa ($150 más el depósito).
- En las demás calles, estacione en el lado de los **números pares los días pares** y en el
  lado impar los días impares.
- Durante la emergencia se puede estacionar gratis en el garaje municipal de Fair Street y en
  Memorial Field.

## Orden de limpieza

1. Rutas de emergencia y calles que llevan al hospital y a los bomberos
2. Rutas de autobús y calles cerca de las escuelas
3. Cuestas y calles empinadas, que además reciben más sal
4. Calles residenciales y sin salida

Las calles residenciales suelen quedar limpias en las **12 horas** siguientes al final de la
nevada.

## Su acera

Los propietarios deben limpiar un paso de al menos **un metro** de ancho en las **24 horas**
siguientes al final de la nevada, incluidas las rampas de las esquinas. No eche la nieve a la
calle: se congela y forma bordes peligrosos. Si hay una boca de incendios delante de su casa,
despéjela.

Si su calle sigue sin limpiar 12 horas después de que pare de nevar, repórtelo en
[Riverton 311](/citizen) o llame al **(845) 555-0100**.
""",
        "tags": ["nieve", "quitanieves", "invierno", "estacionamiento"],
        "language": "es",
        "audience": "public",
        "categories": [("Streets",)],
        "status": "published",
    },
    # --- employees, English ----------------------------------------------------------------
    {
        "slug": "reset-your-password",
        "title": "Reset your City network password",
        "summary": (
            "Forgot your password or locked out? Reset your City network password yourself in "
            "a few minutes, or get help from the IT Service Desk."
        ),
        "body": """\
Your City network password is the one you use to sign in to your computer, email, the
employee portal and Employee Self-Service. Changing it in one place changes it everywhere.

## Reset it yourself

You can do this from any computer or phone, even at home, as long as you have set up
multi-factor authentication (MFA).

1. Go to the self-service password page at
   [www.example.org/password](https://www.example.org/password).
2. Enter your City email address, for example `j.rivera@example.org`.
3. Approve the sign-in request in your authenticator app, or type the code from your key fob.
4. Choose a new password and confirm it.
5. On a City laptop, lock the screen (**Windows key + L**) and unlock it with the new
   password while connected to the office network or the VPN, so the laptop learns it.

## Password rules

- at least **14 characters**; a short sentence is easier to remember than a jumble,
  for example `Maple trees turn red in October`
- not one of your last ten passwords, and not your name or username
- no forced expiry: you only have to change it if IT asks you to or you think someone knows it

## Locked out?

After **ten wrong attempts** your account locks for 15 minutes and then unlocks by itself.
If you are in a hurry, the Service Desk can unlock it sooner.

## Get help

Call the IT Service Desk at **ext. 4140** from a desk phone, or **(845) 555-0140** from
outside, Monday to Friday, 7:30 a.m. to 5:30 p.m. The technician will confirm your identity
by calling you back on the number in your HR record, so have that phone with you. IT will
never ask for your password, by phone or by email.
""",
        "tags": ["password", "account", "sign-in", "lockout"],
        "language": "en",
        "audience": "employees",
        "categories": [("Information technology", "Accounts & access")],
        "status": "published",
    },
    {
        "slug": "set-up-mfa",
        "title": "Set up multi-factor authentication (MFA)",
        "summary": (
            "Every City account needs a second sign-in step. Set up the authenticator app on "
            "your phone, or ask for a key fob if you don't use a smartphone."
        ),
        "body": """\
Multi-factor authentication (MFA) means that signing in needs two things: your password and
something you have with you. It blocks almost every attack that starts with a stolen
password, and it is required for email, the VPN and Employee Self-Service.

## Option 1: the authenticator app (recommended)

1. Install the free authenticator app named in the welcome email from IT on your phone,
   from the App Store or Google Play.
2. On a computer, go to [www.example.org/mfa](https://www.example.org/mfa) and sign in with
   your City email address and password.
3. Choose **Add sign-in method → Authenticator app** and press **Next** until a QR code
   appears.
4. In the app, tap **+**, choose **Work or school account**, and scan the QR code.
5. Approve the test notification. When you sign in later, type the two-digit number shown on
   the computer into the app.

The app does not give the City access to your personal data, photos or location.

## Option 2: a key fob

If you don't have a smartphone or prefer not to use it for work, request a **hardware key
fob** through the [employee portal](/employee). Pick it up at the IT Service Desk in City Hall,
Room B-12, with your ID badge. It shows a new six-digit code every 30 seconds.

## Add a backup

Add a second method so you are not locked out if your phone is lost or replaced:

- your **desk phone**, which receives a voice call with a code, or
- a **key fob** kept in a locked drawer at your desk.

## New phone?

Before you trade in an old phone, open [www.example.org/mfa](https://www.example.org/mfa) and
add the new one. If the old phone is already gone, call the IT Service Desk at **ext. 4140**;
after checking your identity, a technician clears your MFA so you can register again.

Never approve a sign-in request you did not start. If one appears out of the blue, deny it and
call IT right away: someone may have your password.
""",
        "tags": ["mfa", "security", "authenticator", "sign-in"],
        "language": "en",
        "audience": "employees",
        "categories": [("Information technology", "Accounts & access")],
        "status": "published",
    },
    {
        "slug": "connect-to-the-vpn",
        "title": "Connect to the City VPN from home",
        "summary": (
            "How to connect a City laptop to the VPN when working remotely, and what to try "
            "when the connection fails."
        ),
        "body": """\
The VPN (virtual private network) connects your City laptop to the office network from
anywhere, so you can reach shared drives, the permit and finance applications, and printers
as if you were at your desk. Email and Teams work without the VPN.

## Who can use it

The VPN works only on **City-issued laptops**. Personal computers and tablets cannot connect.
Your supervisor must approve remote access once; after that it stays on your account.

## Connect

1. Connect the laptop to your home Wi-Fi or a phone hotspot.
2. Click the **RivertonConnect** shield icon in the taskbar, next to the clock.
3. Click **Connect**. The server address is already filled in.
4. Sign in with your City email address and password, then approve the MFA request.
5. The shield turns green. Shared drives reconnect within a minute.

Disconnect when you finish for the day so the connection is free for others; the VPN also
disconnects by itself after 12 hours.

## When it doesn't work

- **At a hotel, library or café?** Open a web browser first and accept the Wi-Fi terms page,
  then try again.
- **"Authentication failed"**: check that your password has not just changed. If it has, see
  [Reset your City network password](/employee/kb/reset-your-password).
- **Connected but drives are missing**: open File Explorer and click **This PC → Refresh**, or
  restart the laptop while still connected to Wi-Fi.
- **Very slow**: stop streaming video on other devices at home, or sit closer to the router.
  Video calls in Teams work better with the VPN disconnected.

## Still stuck?

Call the IT Service Desk at **ext. 4140** or **(845) 555-0140**, Monday to Friday, 7:30 a.m.
to 5:30 p.m. Tell them the exact message on the screen and where you are working from.
""",
        "tags": ["vpn", "remote", "network", "home"],
        "language": "en",
        "audience": "employees",
        "categories": [("Information technology", "Network & VPN")],
        "status": "published",
    },
    {
        "slug": "guest-wifi",
        "title": "Wi-Fi for guests and visitors",
        "summary": (
            "How to get visitors, contractors and meeting guests online with the Riverton-Guest "
            "Wi-Fi, and how to arrange Wi-Fi for large events."
        ),
        "body": """\
City buildings have two Wi-Fi networks:

- **Riverton-Staff**, for City laptops and phones only. It connects automatically and never
  asks for a password. Please never share its settings.
- **Riverton-Guest**, for visitors, contractors, vendors and your own personal devices.

## Get a guest online

1. Ask the guest to join **Riverton-Guest** and open a web browser.
2. On the page that appears, they enter their name and email address and accept the terms.
3. A code is emailed to them. Once they enter it, they stay connected for **24 hours**.

For guests without email, the reception desk in each building has a **daily access code**,
printed each morning. Reception at City Hall is in the main lobby.

## Contractors who need longer access

A contractor working on site for several days or weeks can get a sponsored account for up to
**90 days**. Request it through the [employee portal](/employee) under **Information
technology → Network & VPN** with the contractor's name, company, email and end date. You are
the sponsor, so IT will ask you to confirm every 30 days that access is still needed.

## Limits

- Guest Wi-Fi is for web browsing, email and video calls. It cannot reach City printers,
  shared drives or internal applications.
- Adult content, file-sharing sites and games are blocked.
- Each device gets up to 10 Mbps, enough for a video call.

## Events and public meetings

For Council chambers, the Senior Center hall or any event with more than 30 guests, request
**event Wi-Fi** at least **three working days** ahead. IT will create a simple event password
and post it on a sign at the entrance.
""",
        "tags": ["wifi", "guest", "visitors", "network", "wireless"],
        "language": "en",
        "audience": "employees",
        "categories": [("Information technology", "Network & VPN")],
        "status": "published",
    },
    {
        "slug": "printer-e-404-paper-path-jam",
        "title": "Printer shows E-404: paper path jam",
        "summary": (
            "The E-404 error on City multifunction printers means paper is stuck in the paper "
            "path. Clear it safely in five steps, and know when to call IT."
        ),
        "body": """\
On the City's multifunction printers, error **E-404** means a sheet of paper is stuck
somewhere between the tray and the output. Most E-404 jams can be cleared in two minutes
without any tools.

## Clear the jam

1. **Don't** turn the printer off; it remembers where the jam is and lights that door.
2. Open the **front door** and lift the green lever marked **A**. Pull any paper out slowly,
   in the direction the paper travels, using both hands so it does not tear.
3. Pull out **paper tray 1 and tray 2** and look inside the opening for a crumpled sheet.
4. Open the **right-side door** (the duplex unit, used for double-sided printing) and check
   behind it.
5. Close every door and push the trays back in firmly. The printer checks itself and resumes
   the waiting jobs.

**Careful:** the fuser area behind door A is hot. Don't touch the metal rollers, and if a
torn piece is stuck inside the fuser, stop and call IT.

## Why E-404 keeps coming back

- **Damp or curled paper.** Keep reams sealed until you use them, and fan the stack before
  loading it.
- **Wrong paper in the tray.** Labels, cardstock and envelopes go in the bypass tray only.
- **Overfilled tray.** Stay below the fill line on the side of the tray.
- **Staples or paper clips** in documents fed through the scanner.

## When to call IT

If E-404 appears **three times in one day**, or the printer shows E-404 with no paper
visible, the pickup rollers are probably worn. Report it through the [employee portal](/employee)
under **Information technology → Hardware**, with the **asset tag** (a sticker starting with
**P-** on the front) and the room number. A technician usually replaces the rollers the next
working day. Meanwhile, print to another printer using
[Follow-Me printing](/employee/kb/follow-me-printing).
""",
        "tags": ["printer", "e-404", "jam", "paper", "hardware"],
        "language": "en",
        "audience": "employees",
        "categories": [("Information technology", "Hardware")],
        "status": "published",
    },
    {
        "slug": "follow-me-printing",
        "title": "Print to any City printer with Follow-Me printing",
        "summary": (
            "Send a print job once and collect it at any City multifunction printer by tapping "
            "your ID badge. Also covers color printing and scanning to email."
        ),
        "body": """\
With **Follow-Me printing**, your documents wait on a secure server until you walk up to any
City multifunction printer and tap your ID badge. Confidential papers no longer sit in the
output tray, and if one printer is broken you simply use another.

## Print

1. In any program, choose **File → Print** and pick the printer named **Riverton-FollowMe**.
   It is installed on every City computer.
2. Change settings such as double-sided or stapling if you need them, then click **Print**.
3. Go to any multifunction printer in City Hall, the Public Safety Building, the Library,
   the Public Works Garage or the Senior Center.
4. Tap your ID badge on the card reader on the right of the screen.
5. Choose your documents and press **Print**, or **Print all**.

Jobs you don't collect are deleted after **24 hours**.

## First time using your badge

The first time you tap, the printer asks you to sign in with your City username and password
to link the badge. You only do this once.

## Color and paper

- All printing is **black and white and double-sided** by default to save money and paper.
- To print in color, choose **Color** in the print settings. Color pages are charged to your
  department's budget, so use it when it matters.
- Legal-size paper is in tray 2 on the printers in City Hall Rooms 104, 201 and 310.

## Scanning

Tap your badge, press **Scan to me**, and the PDF arrives in your email within a minute.
Scans of more than 50 pages may be split into several emails.

## Problems

If the printer shows an error code, look it up in the knowledge base first, for example
[E-404: paper path jam](/employee/kb/printer-e-404-paper-path-jam). For anything else,
call the IT Service Desk at **ext. 4140**.
""",
        "tags": ["printer", "printing", "badge", "scanning"],
        "language": "en",
        "audience": "employees",
        "categories": [("Information technology", "Hardware")],
        "status": "published",
    },
    {
        "slug": "book-a-meeting-room",
        "title": "Book a meeting room",
        "summary": (
            "How to find and reserve a meeting room in City Hall and other City buildings, "
            "including the Council chambers, AV equipment and catering."
        ),
        "body": """\
Every bookable room has its own calendar in Outlook, so you reserve it simply by inviting it
to your meeting.

## Book a room

1. In Outlook, create a new meeting and add your attendees.
2. Click **Room Finder** (or **Browse more rooms** on the web) and choose the building.
3. Rooms that are free at that time are listed with their capacity, for example
   **CH-215 (12 seats, screen)**.
4. Add the room and send the invitation. The room accepts automatically within a minute if it
   is free; you'll get a decline if someone booked it first.

## Rules

- Book up to **six months** ahead. Recurring bookings end after six months and must be
  renewed, so unused rooms don't stay blocked.
- Meetings longer than **four hours** need approval from Facilities.
- If your meeting is cancelled, **cancel the room** too. Rooms that nobody checks in to on the
  screen outside the door within 15 minutes are released for others.
- Leave the room as you found it: wipe the whiteboard, take your papers and return the
  chairs.

## Special rooms

- **Council chambers** and the **Mayor's conference room** are booked through the City Clerk
  at ext. 4160, because Council meetings and hearings always take priority.
- The **Senior Center hall** is available to staff after 4 p.m. and on weekends.

## Equipment and catering

Rooms marked **screen** have a display and a video-conference camera; connect with the cable
on the table or start a Teams meeting from the room's touch panel. For a projector, a portable
microphone or extra chairs, submit a request under **Facilities** in the
[employee portal](/employee) at least **two working days** ahead. Catering is ordered by your
department, and the room must be booked for 15 extra minutes for setup.
""",
        "tags": ["meeting", "room", "booking", "outlook", "facilities"],
        "language": "en",
        "audience": "employees",
        "categories": [("Facilities",)],
        "status": "published",
    },
    {
        "slug": "book-a-pool-vehicle",
        "title": "Book a pool vehicle",
        "summary": (
            "How to reserve one of the City's shared pool cars for work trips, where to pick up "
            "the keys, and what to do about fuel, charging and accidents."
        ),
        "body": """\
The City keeps a **pool of twelve shared vehicles**, including four electric cars, for staff
who need to travel for work: site visits, training, meetings in other towns. Pool vehicles are
parked on level 1 of the Municipal Garage on Fair Street.

## Before your first booking

You need a valid New York driver's license on file with HR. Send a copy to HR once; the City
checks licenses through the state's monitoring program, so you don't need to send it again
when you renew. Drivers must also complete the 30-minute **defensive driving** course in the
training portal.

## Book

1. In the [employee portal](/employee), open **Facilities → Book a pool vehicle**.
2. Enter the date, pick-up and return times, destination and the purpose of the trip.
3. Say whether you need more than four seats or space for equipment.
4. Book at least **one working day** ahead. Same-day trips are possible if a car is free;
   call Facilities at ext. 4170.

Bookings are limited to **three days**. Overnight trips need your supervisor's approval.

## Pick up and return

- Keys are in the key cabinet in Room B-12 at City Hall. Tap your badge and the cabinet opens
  the slot for your car.
- Fill in the **trip log** in the glove box: date, starting and ending mileage, destination.
- Return the car with at least **half a tank**, using the fuel card in the key pouch. Electric
  cars must be plugged in to the chargers on level 1.
- Take your trash with you. Smoking and pets (other than service animals) are not allowed.

## Accidents and breakdowns

1. Make sure everyone is safe and call **911** if anyone is hurt.
2. Call the police to make a report, even for a small accident.
3. Take photos and exchange insurance information; the insurance card is in the glove box.
4. Call Fleet Services at ext. 4215 (or (845) 555-0110 after hours) before arranging a tow.

Pool vehicles are for City business only, not for personal errands or commuting.
""",
        "tags": ["vehicle", "pool", "car", "fleet", "travel"],
        "language": "en",
        "audience": "employees",
        "categories": [("Facilities",)],
        "status": "published",
    },
    {
        "slug": "view-and-download-your-payslip",
        "title": "View and download your payslip",
        "summary": (
            "Find your payslip for each payday in Employee Self-Service, download it as a PDF, "
            "and get your W-2 at the end of the year."
        ),
        "body": """\
City employees are paid **every other Friday** by direct deposit. Your payslip (also called a
pay stub) shows your gross pay, each deduction, and your year-to-date totals. Payslips are no
longer printed or mailed; you find them in **Employee Self-Service (ESS)**.

## View your payslip

1. Open ESS at [www.example.org/ess](https://www.example.org/ess). From home, you can use any
   browser; you do not need the VPN.
2. Sign in with your City email address and password, and approve the MFA request.
3. Click **Pay → Payslips**.
4. Select a pay date to see that payslip on screen.

Each payslip appears on the **Wednesday evening** before payday, so you can check your hours
and overtime before the money arrives.

## Download or print

Click the **PDF** icon next to the pay date. Lenders and landlords usually accept this PDF as
proof of income. If they need a letter confirming your job and salary instead, request an
**employment verification letter** from HR through the [employee portal](/employee).

## Reading your payslip

- **Gross pay**: regular hours, overtime, shift differential and any other earnings
- **Taxes**: federal, New York State, Social Security and Medicare
- **Deductions**: retirement contributions, health insurance, union dues, deferred
  compensation
- **Leave balances** for vacation, sick and personal time, as of the end of the pay period

## Your W-2

Your W-2 for the previous year is available in ESS under **Pay → Tax forms** by
**January 31**. Choose electronic W-2s in ESS to get yours earlier than the paper copy.

## Something looks wrong?

If hours or overtime are missing, ask your timekeeper first. For anything else, contact
Payroll at **ext. 4155** or payroll@example.org. Please report mistakes before payday when you
can; corrections are made on the next regular payroll.
""",
        "tags": ["payslip", "payroll", "pay", "w-2", "ess"],
        "language": "en",
        "audience": "employees",
        "categories": [("Human resources", "HR questions")],
        "status": "published",
    },
    {
        "slug": "new-hire-onboarding-checklist",
        "title": "New-hire onboarding: a checklist for managers",
        "summary": (
            "What a manager must request before a new employee's first day, how much notice IT "
            "and Facilities need, and what to plan for the first week."
        ),
        "body": """\
A good first day starts two weeks earlier. Once HR confirms the start date, submit one
**New hire onboarding** request and the service desk creates the tasks for IT, Facilities and
HR for you, so nobody is forgotten.

## Two weeks before the start date

1. In the [employee portal](/employee), open **Human resources → Onboarding → New hire
   onboarding**.
2. Enter the new employee's name, job title, department and start date.
3. Tick what they need: **laptop, email account, desk phone, mobile phone, desk and chair,
   building badge, parking permit**, and whether they will need a pool vehicle.
4. Name a colleague who can act as their **buddy** during the first month.

Submit at least **ten working days** ahead. Laptops in particular take time to set up; with
less notice, the new hire may start with a loaner.

## What each team does

- **IT** creates the account, prepares the laptop and phone, and adds the person to your
  department's shared folders and email lists. Tell IT which colleague's access to copy.
- **Facilities** prepares the desk, chair and nameplate and produces the badge, which needs a
  photo taken on day one.
- **HR** sends the welcome packet, schedules orientation, and sets up payroll and benefits.

You can follow each task on the request; it is complete when every child task is closed.

## The first week

- Day one: meet them at noon in City Hall, Room 215, when HR orientation ends.
- Walk them to their desk, introduce the team and their buddy, and show them the building.
- Book 30 minutes each day of the first week to answer questions.
- Make sure they finish the required training within **30 days**: cybersecurity awareness
  and New York State sexual harassment prevention.

Share [Your first week at the City](/employee/kb/your-first-week) with your new hire before
they start. Questions? Call HR at ext. 4150.
""",
        "tags": ["onboarding", "new-hire", "manager", "checklist"],
        "language": "en",
        "audience": "employees",
        "categories": [("Human resources", "Onboarding")],
        "status": "published",
    },
    {
        "slug": "your-first-week",
        "title": "Your first week at the City of Riverton",
        "summary": (
            "Welcome! What to bring on your first day, how orientation works, and the things to "
            "finish in your first 30 days: benefits, training and your accounts."
        ),
        "body": """\
Welcome to the City of Riverton. This page helps you through your first days.

## Your first day

Come to **City Hall, 1 Broadway**, at **8:00 a.m.** and tell the lobby reception that you are
here for **new employee orientation** in Room 215. New employees start on Mondays, and
orientation with Human Resources lasts until noon. Your manager meets you there afterwards.

Bring:

- original documents for the federal **Form I-9** (for example a passport, or a driver's
  license plus a Social Security card)
- a voided check or bank letter for **direct deposit**
- your emergency contact's name and phone number

## What you will receive

1. Your **ID badge**: the photo is taken during orientation. The badge opens doors and works
   at printers.
2. Your **laptop** and City email address, with a temporary password. You'll set your own
   password and multi-factor authentication with an IT technician that morning.
3. A **parking permit** for the Municipal Garage, if your manager requested one.

## Within 30 days

- **Enroll in benefits** in [Employee Self-Service](https://www.example.org/ess). If you miss
  the 30-day window, you must wait for open enrollment in November.
- Complete **cybersecurity awareness** and **sexual harassment prevention** training in the
  training portal. Both are required every year.
- Read the employee handbook and sign the acknowledgment in ESS.
- Set up your voicemail: press **Messages** on your desk phone and follow the prompts; the
  first-time PIN is in your welcome packet.

## Getting help

- Computer or account problems: IT Service Desk, **ext. 4140**
- Pay, benefits and leave: Human Resources, **ext. 4150**
- Desk, keys, heat or lights: Facilities, **ext. 4170**

Your manager has also chosen a **buddy** for you, a colleague who knows how things work and
is happy to answer the small questions. We're glad you're here.
""",
        "tags": ["onboarding", "new-hire", "orientation", "benefits"],
        "language": "en",
        "audience": "employees",
        "categories": [("Human resources", "Onboarding")],
        "status": "published",
    },
    {
        "slug": "request-new-software",
        "title": "Request new software",
        "summary": (
            "How to get a program installed on your City computer, which software is already "
            "approved, and how long new requests take."
        ),
        "body": """\
City computers don't give staff administrator rights, which keeps malware from installing
itself. Instead, IT installs software for you, usually remotely and without visiting your
desk.

## Already approved: install it yourself

Open **Software Center** from the Start menu. Everything listed there is approved and
licensed, and installs in a few minutes without a request. It includes, among others:

- Adobe Acrobat Reader and the PDF editor (the editor needs a license, see below)
- the mapping viewer used by Planning and Engineering
- Zoom, for meetings hosted by other organizations
- Notepad++, 7-Zip and other everyday tools

## Not in Software Center: submit a request

1. In the [employee portal](/employee), choose **Information technology → Software**.
2. Name the program, the version if it matters, and the website of the vendor.
3. Explain what you need it for and whether others in your team need it too.
4. If it costs money, give your department's **budget line** and your supervisor's name.

## What happens next

- Software that is already licensed, such as the PDF editor, is installed within **five
  working days** after your supervisor approves.
- New software goes through a **security and privacy review**: IT checks where the data is
  stored, how people sign in and whether it meets the City's records retention rules. This
  takes about **15 working days**, longer if a contract must be signed.
- Free browser extensions and cloud services also need this review before you use them with
  City data.

## Why not just use the free version?

Free online tools often keep copies of what you upload. Never upload documents with residents'
personal information, such as permit applications or tax records, to an unapproved website.
If in doubt, ask the IT Service Desk at ext. 4140.
""",
        "tags": ["software", "install", "license", "application"],
        "language": "en",
        "audience": "employees",
        "categories": [("Information technology", "Software")],
        "status": "published",
    },
    {
        "slug": "report-a-phishing-email",
        "title": "Report a suspicious or phishing email",
        "summary": (
            "How to spot a phishing email, report it with one click, and what to do if you "
            "already clicked a link or typed your password."
        ),
        "body": """\
Phishing emails try to trick you into clicking a link, opening an attachment or sending money.
They are the most common way attackers get into local government networks, and they are
getting harder to spot.

## Warning signs

- urgency: "your mailbox will be closed today", "payment overdue"
- a sender name you know, but an odd email address behind it
- a request to change a vendor's bank details or buy gift cards
- links whose address, when you hover over them, does not match the text
- an unexpected attachment, especially a ZIP file or a document asking you to "enable content"
- the **[EXTERNAL]** tag in the subject on a message that claims to be from a colleague

## Report it

1. Don't click links, open attachments or reply.
2. In Outlook, click **Report → Phishing** on the ribbon (on a phone, open the message menu
   and choose **Report phishing**).
3. The message is removed from your inbox and sent to IT Security for review.

If the email asks for a payment or a change to bank details, also call the person or vendor
using a phone number you already have, never the one in the email.

## Already clicked?

Act quickly. It is never too late, and nobody will be in trouble for reporting honestly.

1. Disconnect from the network: unplug the cable or turn off Wi-Fi.
2. Call the IT Service Desk at **ext. 4140** right away. After hours, call
   **(845) 555-0140** and choose option 9 for the on-call technician.
3. If you typed your password, IT will reset it and sign you out everywhere. Choose a new
   one as explained in [Reset your City network password](/employee/kb/reset-your-password).

## Practice emails

IT sends occasional **practice phishing emails**. If you click one, you'll see a short lesson.
Reporting them with the **Report** button counts as a success.
""",
        "tags": ["phishing", "email", "security", "scam"],
        "language": "en",
        "audience": "employees",
        "categories": [("Information technology",)],
        "status": "published",
    },
    {
        "slug": "report-a-building-repair",
        "title": "Report a repair or cleaning need in a City building",
        "summary": (
            "Broken doors, leaks, heating and lights, spills and restrooms: how to report "
            "problems in City buildings, and which ones need a phone call instead."
        ),
        "body": """\
Facilities Management looks after City Hall, the Public Safety Building, the Public Library,
the Public Works Garage and the Senior Center. Tell us as soon as something is wrong; small
leaks become big repairs.

## Call right away

Call Facilities at **ext. 4170** (or building security at **ext. 4000** before 7 a.m., after
6 p.m. and on weekends) for:

- water leaking from a ceiling, pipe or toilet
- no heat in winter or no air conditioning on a hot day in a public area
- a door that won't lock, a broken window, or someone locked in or out
- a smell of gas or burning: leave the area first, then call **911**
- a spill that someone could slip on

## Everything else: submit a request

1. In the [employee portal](/employee), choose **Facilities → Repairs** or **Facilities →
   Cleaning**.
2. Give the **building, floor and room number**, for example "City Hall, 2nd floor,
   Room 215".
3. Describe the problem and add a photo if it helps.

Typical requests:

- lights out or flickering, a stuck blind, a loose handrail
- a restroom out of paper or soap, a broken hand dryer
- a break room that needs a deep clean, or carpet stains
- furniture that needs to be fixed or removed

## How long it takes

Urgent problems are attended within **two hours** during working hours. Most repairs are done
within **five working days**. Repairs that need a contractor, such as roofing or elevator
work, can take longer; you'll get an update with a date. The nightly cleaning crew handles
cleaning requests submitted by 3 p.m. the same evening.
""",
        "tags": ["repair", "facilities", "cleaning", "building", "leak"],
        "language": "en",
        "audience": "employees",
        "categories": [("Facilities", "Repairs"), ("Facilities", "Cleaning")],
        "status": "published",
    },
    {
        "slug": "request-an-office-move",
        "title": "Request an office move or new furniture",
        "summary": (
            "Moving desks, changing offices or needing an ergonomic chair: how much notice "
            "Facilities and IT need, and how to pack."
        ),
        "body": """\
Facilities handles office moves within and between City buildings, from a single desk to a
whole department. IT moves the computers and phones at the same time.

## Plan ahead

| Move | Notice needed |
|---|---|
| One or two people, same building | 10 working days |
| Three to ten people | 15 working days |
| A whole department or another building | 30 working days |

## Request the move

1. In the [employee portal](/employee), choose **Facilities → Moves**.
2. List each person moving, with their current and new room and desk numbers.
3. Say which furniture moves with them and which stays.
4. Attach a simple floor plan if desks are being rearranged.
5. Get your department head's approval; the request asks for it automatically.

Facilities confirms a move date, usually a Friday afternoon, so you can work normally until
then and start at the new desk on Monday.

## Packing

- Crates with lids are delivered **three working days** before the move.
- Pack everything from your desk and drawers, and label each crate with your name and
  **new room number** using the labels provided.
- Leave your computer, monitors, keyboard and phone where they are. IT disconnects and
  reconnects them.
- Take personal valuables home.

## Furniture and ergonomics

For an ergonomic chair, a sit-stand desk or a keyboard tray, request a free **workstation
assessment** under Facilities → Moves. An assessor visits within ten working days and orders
what you need. A doctor's note is not required, but if you have one, HR can handle it as a
formal accommodation request at ext. 4150.
""",
        "tags": ["move", "furniture", "office", "ergonomics"],
        "language": "en",
        "audience": "employees",
        "categories": [("Facilities", "Moves")],
        "status": "published",
    },
    {
        "slug": "request-time-off",
        "title": "Request time off and check your leave balances",
        "summary": (
            "How to request vacation, sick and personal leave in Employee Self-Service, how "
            "much notice to give, and where to start for longer leaves."
        ),
        "body": """\
You request all paid time off in **Employee Self-Service (ESS)**, and your supervisor approves
it there. Your balances update every payday.

## Check your balances

Open ESS at [www.example.org/ess](https://www.example.org/ess) and click **Time → Leave
balances**. You'll see vacation, sick and personal time in hours, and how many hours you earn
each pay period. Balances also appear at the bottom of every payslip.

## Request time off

1. In ESS, click **Time → Request time off**.
2. Choose the type of leave and the dates. For part days, enter the number of hours.
3. Add a note if your supervisor needs context.
4. Click **Submit**. You'll get an email when it is approved or declined.

## How much notice

- **Vacation**: at least **two weeks** for a week or more off, and **two working days** for a
  single day. Requests are approved in the order received when several people in a team ask
  for the same dates.
- **Personal days**: at least two working days.
- **Sick leave**: call or message your supervisor before your shift starts, then enter the
  hours in ESS when you're back. Sick leave can also be used to care for a family member.

## Longer leaves

For a leave of more than five working days because of your own serious illness, a new child,
or caring for a family member, contact HR **before** the leave if you can. HR explains federal
Family and Medical Leave, New York Paid Family Leave and short-term disability, and which forms
your doctor needs to complete. Call HR at **ext. 4150** or submit a request under **Human
resources → HR questions** in the [employee portal](/employee). Your conversation is
confidential.

Unused vacation above your union contract's carry-over limit is lost at the end of the year,
so plan ahead.
""",
        "tags": ["leave", "vacation", "sick", "time-off"],
        "language": "en",
        "audience": "employees",
        "categories": [("Human resources", "HR questions")],
        "status": "published",
    },
    {
        "slug": "change-direct-deposit-or-tax-withholding",
        "title": "Change your direct deposit or tax withholding",
        "summary": (
            "Update your bank account or split your pay, and change your federal W-4 and New "
            "York IT-2104 withholding in Employee Self-Service."
        ),
        "body": """\
You can change your bank details and tax withholding yourself in **Employee Self-Service
(ESS)**. Changes made by **Monday at noon** of a payroll week apply to that Friday's pay;
later changes apply to the next payday.

## Change your direct deposit

1. Open ESS at [www.example.org/ess](https://www.example.org/ess) and click **Pay → Direct
   deposit**.
2. Click **Add account** and enter the routing and account numbers from a check or from your
   bank's app.
3. Choose whether the account gets your whole net pay, a fixed amount, or a percentage. You
   can split your pay between up to three accounts.
4. Approve the MFA request to confirm.

For safety, a new account starts receiving pay **one pay period** after you add it. Payroll
emails you to confirm the change, and your previous account keeps receiving pay until then.
Don't close your old account until you see the first deposit in the new one.

**Payroll never asks for bank details by email.** If you receive such a request, even one that
seems to come from HR or Payroll, report it as phishing.

## Change your tax withholding

1. In ESS, click **Pay → Tax withholding**.
2. Complete the federal **Form W-4** and, if needed, the New York State **Form IT-2104**.
3. If you live outside New York State, HR can tell you which form your state uses.

Payroll staff cannot give tax advice. The IRS withholding estimator on its website helps you
choose the right amounts. Review your withholding after:

- a marriage or divorce,
- the birth or adoption of a child,
- starting a second job or a spouse's change of job.

## Questions

Contact Payroll at **ext. 4155** or payroll@example.org, Monday to Friday, 8 a.m. to
4:30 p.m.
""",
        "tags": ["payroll", "deposit", "bank", "tax", "withholding"],
        "language": "en",
        "audience": "employees",
        "categories": [("Human resources", "HR questions")],
        "status": "published",
    },
    {
        "slug": "lost-or-stolen-device",
        "title": "Lost or stolen laptop or phone",
        "summary": (
            "What to do right away if a City laptop, tablet or phone is lost or stolen, how IT "
            "protects the data, and how to get a loaner."
        ),
        "body": """\
City laptops and phones hold email, files and sometimes residents' personal information. If
one is lost or stolen, report it **within the hour**, even if you think it may turn up. There
is no penalty for reporting a device that is later found.

## Right away

1. Call the IT Service Desk at **ext. 4140** or **(845) 555-0140**. After hours and on
   weekends, choose **option 9** to reach the on-call technician.
2. Tell them which device it is, when and where you last had it, and whether it was locked.
3. If it was stolen, report it to the police and ask for the **report number**. IT and the
   City's insurer need it.

## What IT does

- signs your account out of every device and resets your password,
- locks the device and shows a "return to City of Riverton" message with a phone number,
- **wipes** the device remotely once it connects to the internet, if it is not found within
  24 hours, or immediately if it was stolen.

City laptops are encrypted, so a thief cannot read the files without your password.

## Get a loaner

The IT Service Desk in City Hall, Room B-12, keeps **loaner laptops and phones**. Pick one up
the same day; your files are in OneDrive and your email in the cloud, so you lose very little.
A permanent replacement takes about **ten working days**. If the lost phone had your
authenticator app, register the new one as explained in
[Set up multi-factor authentication](/employee/kb/set-up-mfa).

## Found it again?

Bring it to IT before using it. If it has been wiped, a technician sets it up again in about
an hour.

## Personal phones with City email

If you read City email on a personal phone, report its loss too. IT removes only the City
mailbox and the work apps, never your personal photos or data.
""",
        "tags": ["laptop", "phone", "lost", "stolen", "security"],
        "language": "en",
        "audience": "employees",
        "categories": [("Information technology", "Hardware")],
        "status": "published",
    },
    {
        "slug": "shared-folder-access",
        "title": "Get access to a shared folder",
        "summary": (
            "How to request access to a department's shared drive or folder, who approves it, "
            "and how to map the drive on your computer."
        ),
        "body": """\
Each department keeps its working files on the **S: drive**, in a folder named after the
department, for example `S:\\Finance` or `S:\\Planning & Zoning`. Access is granted by folder,
and each folder has an **owner**, usually the department head or an office manager, who
decides who can read or change it.

## Request access

1. In the [employee portal](/employee), choose **Information technology → Accounts &
   access**.
2. Give the **full path** of the folder, such as `S:\\Engineering\\Capital Projects`. If you
   don't know it, ask a colleague who already has access to copy it from File Explorer's
   address bar.
3. Say whether you need to **read** files only or also **change** them.
4. Explain briefly why you need it.

The request goes to the folder owner for approval. Once approved, IT grants access within
**two working days**. Sign out and back in (or restart) for the new access to appear.

## Map the S: drive

If the S: drive is missing from **This PC**:

1. Open File Explorer and click **This PC → Map network drive**.
2. Choose the letter **S:** and enter `\\\\files\\shared` as the folder.
3. Tick **Reconnect at sign-in** and click **Finish**.

From home, connect to the [VPN](/employee/kb/connect-to-the-vpn) first.

## Good habits

- Don't store residents' personal information in folders that the whole department can read.
- Don't email large files to colleagues; send a link to the file in the shared folder.
- When someone leaves your team, ask the folder owner to remove their access. IT also
  removes it automatically when HR records a transfer or departure.

Deleted something by mistake? IT can restore files from the previous 30 days. Call
ext. 4140 with the folder path and the approximate time.
""",
        "tags": ["drive", "folder", "access", "files", "permissions"],
        "language": "en",
        "audience": "employees",
        "categories": [("Information technology", "Accounts & access")],
        "status": "published",
    },
    {
        "slug": "legacy-vpn-client-setup",
        "title": "Set up the old VPN client (retired)",
        "summary": (
            "Retired: the old VPN client was replaced by RivertonConnect. Kept for reference "
            "only; see the current VPN article instead."
        ),
        "body": """\
**This article is retired.** The old VPN client was switched off when every City laptop
received the **RivertonConnect** client. For current instructions, see
[Connect to the City VPN from home](/employee/kb/connect-to-the-vpn).

The steps below are kept only for staff who find the old client still installed on a laptop
that has been in storage.

## The old setup steps

1. Open the old VPN client from the Start menu under **City Tools**.
2. Type the server name that IT emailed to you and click **Connect**.
3. Enter your username in the form `RIVERTON\\username`, not your email address.
4. Enter your password followed immediately by the six-digit code from your key fob, without
   a space.
5. Accept the security banner. The padlock icon in the taskbar turns yellow when connected.

## Known problems with the old client

- It disconnected every time a laptop went to sleep.
- It did not work on hotel and café networks that require a sign-in page.
- It could not use the authenticator app, only key fobs.

These problems were the reason for the change.

## If you still have the old client

- Do **not** try to connect with it; the old server no longer exists.
- Bring the laptop to the IT Service Desk in City Hall, Room B-12, or submit a request under
  **Information technology → Network & VPN** in the [employee portal](/employee). IT will
  remove the old client, install RivertonConnect and apply missing updates, which takes about
  an hour.
- Key fobs issued for the old VPN still work for multi-factor authentication. Keep yours.
""",
        "tags": ["vpn", "legacy", "remote", "retired"],
        "language": "en",
        "audience": "employees",
        "categories": [("Information technology", "Network & VPN")],
        "status": "archived",
    },
    {
        "slug": "paper-timesheets",
        "title": "Submit a paper timesheet (retired)",
        "summary": (
            "Retired: paper timesheets were replaced by time entry in Employee Self-Service. "
            "This article is kept for reference only."
        ),
        "body": """\
**This article is retired.** All departments now record hours in
[Employee Self-Service (ESS)](https://www.example.org/ess) under **Time → Timesheet**. Paper
timesheets are no longer accepted by Payroll.

The process below is kept because older records and audits still refer to it.

## How paper timesheets worked

1. Each employee picked up a two-week timesheet form from their department's office manager.
2. Hours were written in ink for each day, with overtime in the separate column and leave
   codes such as **V** (vacation), **S** (sick) and **P** (personal).
3. The employee signed the sheet on the last Friday of the pay period.
4. The supervisor checked and signed it, and the office manager delivered the stack to Payroll
   in City Hall, Room 108, by **Monday at 10 a.m.**
5. Payroll typed the hours into the payroll system by Tuesday evening.

## Why it changed

- Sheets arriving late delayed pay for whole departments.
- Handwriting errors caused about 40 pay corrections a month.
- Supervisors could not approve hours when they were away from the office.

## If you find an old paper form

Please recycle it. If you need to correct hours from a pay period before time entry moved to
ESS, contact Payroll at **ext. 4155** with the pay date and the correct hours; Payroll keeps
the scanned sheets for seven years.

For the current process, see the time entry guide in ESS, or ask your department's timekeeper.
""",
        "tags": ["timesheet", "payroll", "paper", "retired"],
        "language": "en",
        "audience": "employees",
        "categories": [("Human resources", "HR questions")],
        "status": "archived",
    },
    {
        "slug": "book-a-hot-desk",
        "title": "Book a hot desk at City Hall (pilot)",
        "summary": (
            "Draft: during the hybrid work pilot, staff who work from home part of the week "
            "share bookable desks on the third floor of City Hall."
        ),
        "body": """\
**Draft for the hybrid work pilot. Details may change before publication.**

From the start of the pilot, staff in Finance, Planning & Zoning and the Assessor's Office who
work from home two or more days a week no longer have an assigned desk. Instead, they book
one of **24 shared desks** on the third floor of City Hall, around Room 310.

## Book a desk

1. In Outlook, create an appointment for the day you'll be in the office.
2. Open **Room Finder**, choose **City Hall, 3rd floor desks**, and pick a desk, for example
   **CH-310-D07**.
3. Send the invitation. Desks can be booked up to **two weeks** ahead, for whole days only.

## Check in

Scan the QR code on the desk with your phone by **10 a.m.**, or the booking is released for
someone else.

## What every desk has

- a docking station: plug in one cable and your laptop connects to two monitors, the keyboard
  and the network
- a headset hook and a power outlet for your phone
- a locker nearby for personal items; lockers are assigned by Facilities, not booked

## Clean desk rule

At the end of the day, take everything with you or put it in your locker, and wipe the desk
with the cleaning wipes on each row. Papers left on a desk overnight are put in confidential
shredding bins by the cleaning crew.

## Feedback

Questions and feedback about the pilot go to Facilities under **Facilities → Moves** in the
[employee portal](/employee). The pilot will be reviewed after six months.
""",
        "tags": ["desk", "hybrid", "booking", "pilot"],
        "language": "en",
        "audience": "employees",
        "categories": [("Facilities", "Moves")],
        "status": "draft",
    },
    {
        "slug": "claim-mileage",
        "title": "Claim mileage for driving your own car",
        "summary": (
            "When you use your own car for City business, claim mileage at the IRS rate: what "
            "counts, what to record, and how to submit the claim."
        ),
        "body": """\
If no pool vehicle is available, or your supervisor agrees that using your own car makes more
sense, the City reimburses you for business miles at the current **IRS standard mileage
rate**. Payroll updates the rate in January each year.

## What counts

- trips from your usual workplace to a site visit, training or meeting, and back
- trips between two work locations during the day
- parking fees and tolls, with receipts

## What doesn't count

- your normal commute between home and your usual workplace
- fines for parking or traffic violations
- fuel, repairs or insurance; the mileage rate already covers them

If you go straight from home to another work location, claim only the miles **beyond** your
normal commute.

## Keep a log

For each trip, record:

1. the date,
2. where you started and where you went,
3. the purpose of the trip,
4. the miles driven, from an online map or your odometer.

## Submit your claim

1. In [Employee Self-Service](https://www.example.org/ess), open **Expenses → Mileage
   claim**.
2. Enter each trip from your log and attach receipts for parking and tolls.
3. Submit the claim **within 60 days** of the trips; older trips cannot be paid.
4. Your supervisor approves, and the reimbursement is added to your next regular pay. It is
   not taxed and appears on your payslip as a separate line.

## Insurance

Your own auto insurance covers you while driving for work. Make sure it is current; the City
may ask for your insurance card before approving regular mileage claims. If you have an
accident on a work trip, tell your supervisor and HR at ext. 4150 the same day.
""",
        "tags": ["mileage", "expenses", "car", "reimbursement"],
        "language": "en",
        "audience": "employees",
        "categories": [("Human resources", "HR questions")],
        "status": "in_review",
    },
    # --- employees, Spanish ----------------------------------------------------------------
    {
        "slug": "restablecer-su-contrasena",
        "title": "Restablecer su contraseña de la red municipal",
        "summary": (
            "¿Olvidó su contraseña o se le bloqueó la cuenta? Restablezca usted mismo la "
            "contraseña de la red municipal en unos minutos."
        ),
        "body": """\
Su contraseña de la red municipal es la que usa para entrar en su computadora, el correo, el
portal de empleados y el Autoservicio del Empleado (ESS). Si la cambia en un sitio, se cambia
en todos.

## Restablézcala usted mismo

Puede hacerlo desde cualquier computadora o teléfono, incluso desde casa, siempre que ya tenga
configurada la autenticación multifactor (MFA).

1. Abra la página de contraseñas en
   [www.example.org/password](https://www.example.org/password).
2. Escriba su correo electrónico municipal.
3. Apruebe la solicitud en la aplicación de autenticación o escriba el código de su llavero.
4. Elija una contraseña nueva y confírmela.
5. En una computadora portátil de la Ciudad, bloquee la pantalla (**tecla Windows + L**) y
   desbloquéela con la contraseña nueva mientras está conectado a la red de la oficina o a la
   VPN.

## Reglas de las contraseñas

- al menos **14 caracteres**; una frase corta es más fácil de recordar, por ejemplo
  `Los arces se ponen rojos en octubre`
- no puede ser ninguna de sus últimas diez contraseñas
- no caducan: solo debe cambiarla si IT se lo pide o si cree que alguien la conoce

## ¿Cuenta bloqueada?

Después de **diez intentos fallidos**, la cuenta se bloquea durante 15 minutos y luego se
desbloquea sola. Si tiene prisa, el Service Desk puede desbloquearla antes.

## Ayuda

Llame al IT Service Desk a la **ext. 4140** desde un teléfono de escritorio, o al
**(845) 555-0140** desde fuera, de lunes a viernes de 7:30 a. m. a 5:30 p. m. IT nunca le
pedirá su contraseña, ni por teléfono ni por correo.
""",
        "tags": ["contraseña", "contraseñas", "cuenta", "acceso"],
        "language": "es",
        "audience": "employees",
        "categories": [("Information technology", "Accounts & access")],
        "status": "published",
    },
    {
        "slug": "consultar-su-recibo-de-pago",
        "title": "Consultar y descargar su recibo de pago",
        "summary": (
            "Dónde encontrar el recibo de pago (payslip) de cada día de pago en el Autoservicio "
            "del Empleado, cómo descargarlo en PDF y cómo obtener el formulario W-2."
        ),
        "body": """\
Los empleados de la Ciudad cobran **cada dos viernes** por depósito directo. El recibo de
pago (en inglés, *payslip* o *pay stub*) muestra el sueldo bruto, cada deducción y los totales
del año. Los recibos ya no se imprimen ni se envían por correo: están en el **Autoservicio
del Empleado (ESS)**.

## Ver su recibo de pago

1. Abra ESS en [www.example.org/ess](https://www.example.org/ess). Desde casa puede usar
   cualquier navegador; no necesita la VPN.
2. Inicie sesión con su correo municipal y su contraseña, y apruebe la solicitud de MFA.
3. Haga clic en **Pay → Payslips**.
4. Elija una fecha de pago para ver ese recibo en pantalla.

Cada recibo aparece el **miércoles por la tarde** antes del día de pago, así puede revisar
sus horas y horas extra antes de cobrar.

## Descargar o imprimir

Haga clic en el icono **PDF** junto a la fecha. Los bancos y los arrendadores suelen aceptar este
PDF como comprobante de ingresos. Si le piden una carta que confirme su empleo y su sueldo,
solicítela a Recursos Humanos en el [portal de empleados](/employee).

## Qué aparece en los recibos

- **Sueldo bruto**: horas normales, horas extra y otros ingresos
- **Impuestos**: federal, del Estado de Nueva York, Seguro Social y Medicare
- **Deducciones**: jubilación, seguro médico, cuotas sindicales
- **Saldos de permisos**: vacaciones, enfermedad y días personales

## El formulario W-2

El W-2 del año anterior está en ESS, en **Pay → Tax forms**, antes del **31 de enero**.

## ¿Algo no cuadra?

Si faltan horas, hable primero con la persona que registra el tiempo en su departamento. Para
todo lo demás, llame a Nómina (Payroll) a la **ext. 4155** o escriba a payroll@example.org.
""",
        "tags": ["payslip", "nómina", "recibo", "pago"],
        "language": "es",
        "audience": "employees",
        "categories": [("Human resources", "HR questions")],
        "status": "published",
    },
    {
        "slug": "configurar-la-autenticacion-multifactor",
        "title": "Configurar la autenticación multifactor (MFA)",
        "summary": (
            "Todas las cuentas municipales necesitan un segundo paso al iniciar sesión. "
            "Configure la aplicación en su teléfono o pida un llavero si no usa smartphone."
        ),
        "body": """\
La autenticación multifactor (MFA) significa que para iniciar sesión necesita dos cosas: su
contraseña y algo que lleva consigo. Así se bloquean casi todos los ataques que empiezan con
una contraseña robada. Es obligatoria para el correo, la VPN y el Autoservicio del Empleado.

## Opción 1: la aplicación de autenticación (recomendada)

1. Instale en su teléfono la aplicación gratuita indicada en el correo de bienvenida de IT.
2. En una computadora, entre en [www.example.org/mfa](https://www.example.org/mfa) con su
   correo municipal y su contraseña.
3. Elija **Add sign-in method → Authenticator app** y pulse **Next** hasta que aparezca un
   código QR.
4. En la aplicación, toque **+**, elija **Cuenta profesional o educativa** y escanee el
   código.
5. Apruebe la notificación de prueba. Cuando inicie sesión más adelante, escriba en la
   aplicación el número de dos cifras que aparece en la computadora.

La aplicación no da a la Ciudad acceso a sus fotos, sus datos personales ni su ubicación.

## Opción 2: un llavero

Si no tiene smartphone o prefiere no usarlo para el trabajo, pida un **llavero** (key fob) en
el [portal de empleados](/employee). Recójalo en el IT Service Desk del Ayuntamiento, sala
B-12, con su credencial. Muestra un código nuevo de seis cifras cada 30 segundos.

## Añada un método de respaldo

Agregue un segundo método para no quedarse sin acceso si pierde o cambia de teléfono:

- su **teléfono de escritorio**, que recibe una llamada con un código, o
- un **llavero** guardado bajo llave en su escritorio.

## ¿Teléfono nuevo?

Antes de deshacerse del teléfono viejo, añada el nuevo en la misma página. Si ya no tiene el
teléfono viejo, llame a la **ext. 4140**: después de comprobar su identidad, un técnico
borrará su MFA para que pueda registrarse de nuevo.

Nunca apruebe una solicitud de inicio de sesión que usted no haya iniciado. Recházela y llame a
IT: alguien podría tener su contraseña.
""",
        "tags": ["mfa", "seguridad", "autenticación", "acceso"],
        "language": "es",
        "audience": "employees",
        "categories": [("Information technology", "Accounts & access")],
        "status": "published",
    },
    # --- agents (internal) -----------------------------------------------------------------
    {
        "slug": "triage-a-pothole-report",
        "title": "Triage a pothole report",
        "summary": (
            "Internal: how to check, prioritize and route a new pothole ticket, when to raise "
            "it to high or critical, and how to create the AssetWorks work order."
        ),
        "body": """\
**Internal: service desk staff only.** Pothole tickets are routed to Public Works
automatically, but every one still needs a human look within the **Resident reports** SLA
(first response within eight working hours).

## 1. Check the location

1. Open the ticket and confirm the location pin matches the written address. Residents often
   drop the pin on their own house.
2. If the street is a **state route**, reply with the **Not a city responsibility** canned
   response, forward the report to the NYSDOT residency by email, and resolve.
3. If the address is inside the **Harbor Road work zone** (Water St to the marina entrance),
   the contractor is responsible: add the tag `harbor-road`, assign the ticket to the project
   inspector queue, and tell the resident it was passed to the project team.

## 2. Look for duplicates

Search open tickets within 100 feet of the pin. If one exists, **merge** the new ticket into
the older one so the resident gets the same updates. See
[Merge duplicate streetlight reports](/agent/kb/merge-duplicate-streetlight-reports); the same
steps apply.

## 3. Set the priority

| Situation | Priority |
|---|---|
| Caused a crash or injury, or bigger than a car tire in a travel lane | critical |
| Travel lane or crosswalk, deeper than 3 inches | high |
| Travel lane or crosswalk, shallower | medium |
| Shoulder, parking lane or alley | low |

For **critical**, also call Public Works dispatch at **ext. 4210** (after hours:
(845) 555-0110) so a crew can cone off the hole right away. Don't rely on the ticket alone.

## 4. Create the work order

In **AssetWorks**, create a work order of type **STR-PATCH**, paste the ticket reference into
the *External reference* field, and attach the photo. Copy the work order number into an
internal note on the ticket. Crews close the work order from their tablets, and the ticket is
then resolved with the **Resolved – please confirm** response.

## Common mistakes

- Setting **critical** without phoning dispatch.
- Creating a second work order for a ticket that was merged as a duplicate.
- Sending **Need more details** when the pin and photo already show the spot. Use it only when
  the location is truly unclear; the SLA clock pauses while we wait.
""",
        "tags": ["pothole", "triage", "assetworks", "priority", "internal"],
        "language": "en",
        "audience": "agents",
        "categories": [("Streets", "Potholes")],
        "status": "published",
    },
    {
        "slug": "merge-duplicate-streetlight-reports",
        "title": "Merge duplicate streetlight reports",
        "summary": (
            "Internal: how to spot duplicate streetlight tickets, which ticket to keep, and how "
            "to merge them so every resident still gets the repair update."
        ),
        "body": """\
**Internal: service desk staff only.** A dark streetlight on a busy street can produce ten
tickets in one evening. Merging keeps one work order per pole, and every requester still gets
notified when the light is fixed.

## Spot duplicates

Two tickets are duplicates when they concern the **same pole**. Check in this order:

1. the **pole number** (tag `RV-` plus five digits), the most reliable;
2. the **location pin**, within about 50 feet;
3. the written address, allowing for both sides of the street.

Several lights out in a row are **not** duplicates of each other: that pattern usually means a
circuit fault. Keep them separate, but link them and add the note "possible circuit fault" so
the electrician checks the feeder first.

## Choose the ticket to keep

Keep the **oldest open** ticket, the one that already has an AssetWorks work order, or the one
with the best details (pole number and photo), in that order of preference.

## Merge

1. Open the ticket you want to close as a duplicate.
2. Choose **Merge into…** and search for the ticket to keep by reference or pole number.
3. Check the preview: both requesters should appear in the kept ticket's watcher list.
4. Confirm. The duplicate is closed as **merged**, its comments and attachments are copied
   into the kept ticket, and its requester receives an automatic email with the kept
   ticket's reference.

Do **not** merge tickets from different requesters if one of them reports a **knocked-down
pole or exposed wires**; that ticket is critical and goes to Public Works dispatch at
ext. 4210 immediately.

## After merging

- Update the kept ticket's description with the pole number if it was missing.
- Residents are told to use **Me too** on the map instead of filing again (see the public
  article [Report a streetlight](/citizen/kb/report-a-streetlight-outage)); point repeat
  reporters to it.
- If the light belongs to the electric utility (wooden pole, no `RV-` tag), use the **Not a
  city responsibility** response, send the pole details to the utility's municipal liaison
  mailbox, and record their reference number in an internal note.
- Never merge a resolved ticket back into an open one; create a link instead, so SLA reports
  stay correct.
""",
        "tags": ["streetlight", "duplicates", "merge", "internal"],
        "language": "en",
        "audience": "agents",
        "categories": [("Streets", "Streetlights")],
        "status": "published",
    },
    {
        "slug": "reset-an-employees-mfa",
        "title": "Reset an employee's MFA",
        "summary": (
            "Internal: verify the caller's identity, clear their MFA registration so they can "
            "enroll a new phone or key fob, and record the reset."
        ),
        "body": """\
**Internal: IT Service Desk staff only.** An MFA reset gives someone a way into a City account,
so it is the most common target of social engineering. Never skip the identity check, even for
a colleague you know or a caller who sounds senior and in a hurry.

## 1. Verify identity

Use **one** of these methods, in this order:

1. **In person** at the Service Desk, Room B-12, with the City ID badge. Compare the photo.
2. **Call-back**: hang up and call the employee on the mobile number in their HR record in
   Employee Self-Service admin. Never call a number the caller gives you.
3. **Manager confirmation**: the employee's manager, verified by call-back on their own HR
   number, confirms the request in a ticket comment.

If none of these works, don't reset. Explain politely and log the attempt.

## 2. Reset

1. Open the identity admin console (**IAM console → Users**) and search by email.
2. Open **Authentication methods** and note the registered methods in the ticket.
3. Click **Require re-register MFA**, then **Revoke sessions** to sign out stolen sessions.
4. If the old phone was lost or stolen, also follow
   [Lost or stolen laptop or phone](/employee/kb/lost-or-stolen-device) and reset the password.
5. For a lost key fob, mark the fob serial as **lost** in the token inventory sheet.

## 3. Help them re-enroll

Stay on the line while the employee signs in at the MFA page and registers the new phone or
fob. Confirm a test sign-in works before ending the call.

## 4. Record it

- Add an **internal note**: verification method used, methods removed, time of reset.
- Set the ticket category to **Information technology → Accounts & access**.
- If the employee did **not** request the reset, or reports MFA prompts they did not start,
  escalate to IT Security at ext. 4145 as a possible compromise and set priority to
  **critical**.

More than two resets for the same person in 30 days also goes to IT Security for review.
""",
        "tags": ["mfa", "reset", "identity", "security", "internal"],
        "language": "en",
        "audience": "agents",
        "categories": [("Information technology", "Accounts & access")],
        "status": "published",
    },
    {
        "slug": "water-main-break-escalation",
        "title": "Escalation rules for water main breaks",
        "summary": (
            "Internal: who to call, in which order and how fast, when a water main break, "
            "sinkhole or sewer backup is reported through any channel."
        ),
        "body": """\
**Internal: service desk staff only.** A water main break is always **critical**. The ticket is
the record; the **phone call** is what gets a crew moving. Never end your shift with a main
break reported only in the queue.

## Step 1: within 5 minutes

1. Set the ticket to **critical** and category **Water & sewer**. The Critical SLA runs on the
   24/7 clock: first response in 30 minutes, resolution target 4 hours.
2. Call **Water dispatch at ext. 4220** (after hours: the on-call supervisor through
   (845) 555-0120, option 2). Give the location, what the caller sees, and whether water is
   entering buildings.
3. Note the name of the person you spoke to and the time in an internal note.

## Step 2: who else to notify

- **Sinkhole, road collapse, or water across a travel lane:** Police dispatch at
  **ext. 4900**, for traffic control.
- **A hospital, school, nursing home or the Senior Center without water:** the Deputy Director
  of Public Works at **ext. 4205**.
- **More than 50 homes without water, or an outage likely to last over 8 hours:** the
  Emergency Management duty officer at **ext. 4950**.
- **Any sign of contamination, or a boil water notice:** the County Health Department
  liaison, through the Deputy Director.

## Step 3: keep the public informed

- Reply to the reporter with a short, factual update. Don't promise a restoration time the crew
  has not confirmed.
- Merge follow-up reports about the same break into the first ticket.
- When Water dispatch confirms a shutoff area, post the outage in the status banner so callers
  to 311 hear it first.

## Sewer backups

Sewer backups into homes are **high**, or **critical** if three or more addresses on the same
block report one. Call Water dispatch the same way; the crew checks the main within two hours.
If the main is clear, close with the private-lateral explanation and the claims information
from the [residents' article](/citizen/kb/water-main-breaks-and-sewer-backups).

## Afterwards

Water dispatch closes the AssetWorks work order; you resolve the ticket once the crew reports
water restored and the street made safe.
""",
        "tags": ["water", "escalation", "emergency", "sewer", "internal"],
        "language": "en",
        "audience": "agents",
        "categories": [("Water & sewer",)],
        "status": "published",
    },
    {
        "slug": "handling-an-abusive-caller",
        "title": "Handle an abusive or threatening caller",
        "summary": (
            "Internal: how to calm an angry caller, when you may end a call, how to respond to "
            "threats, and how to record the incident."
        ),
        "body": """\
**Internal: service desk staff only.** Most angry callers are frustrated with a problem, not
with you, and calm down once they feel heard. You are never expected to accept abuse.

## Angry, but not abusive

1. Let them finish. Don't interrupt or argue.
2. Acknowledge the problem in your own words: "Your street has been dark for two weeks and you
   have called three times. I understand why you're upset."
3. Say what you **can** do, with a realistic timeframe, and do it while they are on the line,
   for example raising the ticket's priority or adding a note for the supervisor.
4. Give them the ticket reference.

## Abusive: swearing at you, insults, slurs

1. Give **one warning**, calmly: "I want to help you, but I can't continue if you speak to me
   that way."
2. If it continues: "I'm ending this call now. You're welcome to call back or write to us."
3. End the call. You don't need a supervisor's permission.

## Threats

If a caller threatens to harm **you, staff, themselves or anyone else**, or mentions a weapon:

- Stay calm and keep them talking if you safely can. Note their exact words.
- Signal a colleague to call Police dispatch at **ext. 4900**, or press the **red panic
  button** under the 311 desk, which alerts City Hall security.
- For threats of self-harm, stay on the line and tell police dispatch; they will send help.

## Afterwards

- Add an **internal note** to the caller's contact record: date, time, what was said. Stick
  to facts, no opinions.
- Tell the 311 supervisor on duty at ext. 4311. Repeated abuse can lead to a written
  **contact restriction**, after which the person may contact the City only in writing.
- Take a ten-minute break. The Employee Assistance Program offers free, confidential support
  at (845) 555-0155 and [www.example.org/eap](https://www.example.org/eap).

Never share other staff members' names, schedules or locations with a caller.
""",
        "tags": ["caller", "abuse", "safety", "phone", "internal"],
        "language": "en",
        "audience": "agents",
        "categories": [("General enquiries",)],
        "status": "published",
    },
    {
        "slug": "reissue-a-parking-permit",
        "title": "Reissue a residential parking permit in PermitTrack",
        "summary": (
            "Internal: how to reissue a lost, damaged or changed residential parking permit "
            "in PermitTrack, which fees apply, and how to void the old sticker."
        ),
        "body": """\
**Internal: Parking Office and service desk staff only.** Residents ask for a reissue when a
windshield is replaced, a sticker is lost or damaged, they change cars, or they move within
the same zone. All of these are handled in **PermitTrack**; never issue a new permit for a
reissue, or the household will show two active permits.

## Before you start

- Residents' rules and prices are in the public article
  [Residential parking permits](/citizen/kb/residential-parking-permits).
- A plate with tickets unpaid for more than 60 days cannot get a reissue until they are paid.

## 1. Find the permit

1. In PermitTrack, open **Parking → Residential permits**.
2. Search by plate, permit number, or address. Check that the requester's name is on the
   household record; if not, ask for proof of residency first.

## 2. Choose the reason

| Reason | Fee | Documents |
|---|---|---|
| Windshield replaced | $5 | Repair invoice |
| Lost or stolen sticker | $5 | Police report number if stolen |
| New vehicle | $5 | New registration at the zone address |
| Moved within the same zone | free | Lease or utility bill for the new address |
| Damaged sticker | $5 | The remains of the old sticker |

Moving to a **different zone** is not a reissue: cancel the old permit with a pro-rated refund
and issue a new one.

## 3. Reissue

1. Click **Actions → Reissue** and pick the reason.
2. Update the plate or address if it changed. PermitTrack checks the plate against the DMV
   registration feed overnight and flags mismatches in the morning report.
3. Take the fee at the counter or send the resident the online payment link from PermitTrack.
4. Print the new sticker, or queue it for mailing (mailed stickers go out within five working
   days). Offer a **temporary permit** printout valid for 14 days.

PermitTrack **voids the old sticker number** automatically; enforcement handhelds receive the
void list at 6 a.m. the next day. Warn the resident not to use the old sticker.

## 4. Close the ticket

Add the new permit number in an internal note and resolve the ticket. If PermitTrack shows an
error such as "household limit reached", don't override it: escalate to the Parking Office
supervisor at ext. 4175.
""",
        "tags": ["parking", "permit", "permittrack", "reissue", "internal"],
        "language": "en",
        "audience": "agents",
        "categories": [("General enquiries",)],
        "status": "published",
    },
    {
        "slug": "dark-traffic-signal-dispatch",
        "title": "Dispatch for dark or damaged traffic signals",
        "summary": (
            "Internal: traffic signal tickets are raised to high automatically; when to make "
            "them critical, who to call day and night, and how to follow up."
        ),
        "body": """\
**Internal: service desk staff only.** A routing rule raises every traffic signal ticket of
low or medium priority to **high** and sends it to Public Works. That is the minimum. Some
signal problems need a phone call within minutes.

## Make it critical and call when

- the signal is **dark or flashing** at an intersection with four or more lanes, or on a snow
  emergency route;
- a signal head or pole has been **hit**, is hanging, or is lying in the road;
- the caller reports **conflicting greens** (green in two crossing directions).

Call the **signal shop at ext. 4230** (weekdays 7 a.m.–3:30 p.m.). Outside those hours, call
Public Works at (845) 555-0110 and ask for the **signal technician on call**. For a knocked
down pole or conflicting greens, also call Police dispatch at **ext. 4900** so an officer
directs traffic.

## Leave it high when

- only one bulb or one direction is out,
- a pedestrian button or countdown display does not work,
- the signal is flashing red in all directions on a quiet residential corner at night
  (this can be the normal late-night mode; check the signal schedule sheet in the shared
  folder `S:\\PublicWorks\\Signals`).

## Timing complaints

Complaints about long waits, short greens or a missing left-turn arrow are **not** urgent.
Lower them to **medium**, set the category to **Streets → Traffic signals**, and assign to the
traffic engineer's queue with the note "timing review". The engineer replies within 30 days.

## Follow up

1. Record each phone call (who, when) in an internal note.
2. The signal shop closes its AssetWorks work order when the repair is done; resolve the
   ticket only when the work order is closed.
3. If the same intersection has three or more tickets in a month, tag the ticket
   `repeat-signal` so the engineer reviews the cabinet and detection equipment.

What residents are told is in
[Traffic signal dark, stuck or damaged](/citizen/kb/traffic-signal-problems).
""",
        "tags": ["traffic", "signal", "dispatch", "escalation", "internal"],
        "language": "en",
        "audience": "agents",
        "categories": [("Streets", "Traffic signals")],
        "status": "published",
    },
    {
        "slug": "requests-the-city-does-not-handle",
        "title": "Requests the City does not handle: where to refer them",
        "summary": (
            "Internal: a referral list for reports that belong to the state, the county, "
            "utilities or private owners, and how to close them politely."
        ),
        "body": """\
**Internal: service desk staff only.** About one request in twelve concerns something the City
does not own or run. Residents don't know who is responsible, and they shouldn't have to.
Refer them clearly, pass the details on yourself whenever you can, and close the ticket with
the **Not a city responsibility** canned response, adapted to the case.

## Referral list

- **State routes** (potholes, signs, plowing): the NYSDOT residency. Email them the details
  from the ticket.
- **County roads and county bridges:** the County Highway Department. Phone the county
  dispatcher at ext. 4990.
- **Wooden utility poles, lights mounted on them, power outages:** the electric utility. Give
  the resident the utility's outage number; for streetlights, email the municipal liaison.
- **Gas smell outdoors:** the gas utility. Tell the caller to leave the area and call 911 now;
  don't wait for a ticket.
- **Public schools and school buses:** the school district office.
- **Trash at apartment buildings with five or more units:** the building's private hauler.
  Send it to Code Enforcement if piles stay longer than a week.
- **Cable and internet lines:** the provider named on the tag on the pole.

## How to close it

1. Check first: is it really not ours? Sidewalks next to City property, City street trees and
   City parking lots **are** ours even if they look private.
2. Pass the report on yourself where the table says so, and record the agency's reference in
   an internal note.
3. Reply to the resident with who handles it, the contact details, and what you already sent
   them. Avoid "not our problem"; say "this is handled by…". City office numbers are listed
   in [City Hall hours](/citizen/kb/city-hall-hours-and-holidays).
4. Resolve the ticket with the resolution code **Referred**.

## When in doubt

Ask the Public Works duty supervisor at ext. 4210 or the 311 supervisor at ext. 4311 before
closing. A wrongly closed ticket costs us more than a two-minute question.
""",
        "tags": ["referral", "triage", "utility", "state", "internal"],
        "language": "en",
        "audience": "agents",
        "categories": [("General enquiries",)],
        "status": "published",
    },
    {
        "slug": "missed-collection-triage",
        "title": "Missed collection: triage and hauler callbacks",
        "summary": (
            "Internal: checking a missed trash or recycling report against the route data, "
            "when to send a truck back, and how to handle repeat misses."
        ),
        "body": """\
**Internal: service desk staff only.** Missed collection tickets spike after holidays and
storms. Most are real misses, but a quarter are bins put out late or left on purpose by the
crew. Checking first saves a truck trip. Residents see the rules in
[Trash or recycling was not picked up](/citizen/kb/missed-trash-or-recycling-collection).

## 1. Check the timing

- Reports before **6 p.m.** on collection day: reply that the truck is still on its route and
  set the ticket to **waiting** until the next morning.
- Reports after **noon on the next working day**: explain the deadline politely and resolve;
  the material goes out at the next regular pickup. Exceptions: seniors and residents with an
  approved **backdoor service** card, and whole-street misses.

## 2. Check the route data

Open the route sheet in **AssetWorks → Sanitation → Daily routes** for that address:

- **Completed with a tag**: the crew left a yellow sticker (contamination, overweight, bags on
  the lid). Reply with the reason from the tag and resolve.
- **Completed, no tag**: a genuine miss. Go to step 3.
- **Route not finished**: the truck is coming; tell the resident and set to waiting.

## 3. Send a truck back

1. Add the address to the **go-back list** in AssetWorks before 2 p.m. for same-day return,
   otherwise it goes on the next morning's list.
2. Set the ticket to **in progress** and send the **Crew scheduled** response, changed to say
   "within one working day".
3. The crew marks the go-back done on the tablet; resolve the ticket then.

Whole-street misses: merge the tickets, then call the sanitation supervisor at ext. 4240; a
street is usually missed because of a blocked road or a new driver.

## 4. Repeat misses

If the address has **three misses in 60 days**, tag it `repeat-miss` and assign the ticket to
the sanitation supervisor, who calls the resident within two working days and may put the
address on the route driver's special attention list.
""",
        "tags": ["trash", "collection", "triage", "assetworks", "internal"],
        "language": "en",
        "audience": "agents",
        "categories": [("Sanitation", "Missed collection")],
        "status": "published",
    },
    {
        "slug": "offensive-graffiti-response",
        "title": "Offensive graffiti: same-day removal and police referral",
        "summary": (
            "Internal: how to handle graffiti with hate symbols, threats or obscenity: priority, "
            "police notification, photo evidence and communication."
        ),
        "body": """\
**Internal: service desk staff only.** Graffiti containing hate symbols, slurs, threats
against a person or group, or obscene images must be covered or removed within **24 hours**,
including weekends. It may also be a crime the police need to investigate, so the order of
steps matters.

## 1. Set priority

Set the ticket to **high** and tag it `offensive`. Set it to **critical** if it names or
threatens a specific person, school, place of worship or business.

## 2. Preserve the evidence

Before anyone removes it, the police need photos. If the reporter attached clear photos, save
them to the ticket as attachments. If not, ask the graffiti crew lead to photograph it when
they arrive, with a measuring tape in the frame.

## 3. Notify the police

Call the Police Department's community affairs desk at **ext. 4910** on weekdays, or Police
dispatch at **ext. 4900** at other times. Give the ticket reference and location. Record the
police incident number in an internal note. For threats against a specific person or place,
police are notified **before** the crew is dispatched.

## 4. Dispatch the crew

1. Create an AssetWorks work order of type **SAN-GRAF-URGENT**.
2. Call the graffiti crew lead at ext. 4245 (weekends: Public Works on call at
   (845) 555-0110). If full removal is not possible the same day, the crew paints a temporary
   cover.
3. On private property, the crew may cover offensive graffiti **without** the owner's signed
   consent form; try to reach the owner, and leave a notice card if you can't.

## 5. Communicate with care

- Reply to the reporter that the graffiti is being removed and, if they wish, that police have
  been informed. Don't describe or repeat the content in the reply.
- For ordinary graffiti, follow the timelines in the public article
  [Graffiti removal](/citizen/kb/graffiti-removal).
- Never share the reporter's name with the property owner or the media. Refer media
  questions to the Mayor's Office communications line at ext. 4020.
""",
        "tags": ["graffiti", "hate", "police", "priority", "internal"],
        "language": "en",
        "audience": "agents",
        "categories": [("Sanitation", "Graffiti")],
        "status": "published",
    },
    {
        "slug": "snow-emergency-call-surge",
        "title": "Snow emergency call surge playbook",
        "summary": (
            "Draft, internal: staffing, scripts and ticket handling for Riverton 311 during a "
            "declared snow emergency, when call volume triples."
        ),
        "body": """\
**Internal draft: not yet approved by the 311 supervisor. Do not use for training yet.**

During a declared snow emergency, calls to Riverton 311 typically triple, most of them about
towing, unplowed streets and parking. This playbook keeps the queue manageable.

## Staffing

- The 311 supervisor activates the **snow schedule** when the emergency is declared: two
  extra agents from Customer Service on each shift, and 311 phone hours extended to
  **6 a.m.–10 p.m.** until the emergency is lifted.
- Agents from other teams who help out sign in to the **Snow** queue only.

## Scripts

- **"Where is my car?"** Look up the plate in the tow log (`S:\\311\\Snow\\TowLog.xlsx`,
  refreshed every 30 minutes by the tow dispatcher at ext. 4260). Give the impound lot
  address on Mill Street and the fees: $100 ticket, $150 tow, $20 a day storage.
- **"My street hasn't been plowed."** During the storm, explain the plowing order (see
  [Snow emergencies and plowing](/citizen/kb/snow-emergency-and-plowing)) and **do not
  create a ticket** unless it is a medical access problem. After the snow has stopped for
  12 hours, create a ticket in **Streets** with the tag `snow-missed`.
- **Medical access** (dialysis, oxygen delivery, home nursing): set **critical** and call
  Public Works dispatch at ext. 4210 directly; they send a plow within two hours.

## Ticket handling

1. Merge all `snow-missed` tickets on the same street into the oldest one.
2. Use the canned response **Snow: street on the list** for every missed-street ticket.
3. Sidewalk complaints go to Code Enforcement only **24 hours** after the snow stops.

## After the emergency

The supervisor exports the `snow-missed` tickets for the Public Works debrief and returns
staff to normal queues. Open questions for this draft: whether to add a recorded phone message
for towing questions, and whether tow lookups should move to PermitTrack.
""",
        "tags": ["snow", "surge", "callcenter", "towing", "internal"],
        "language": "en",
        "audience": "agents",
        "categories": [("Streets",)],
        "status": "draft",
    },
]
