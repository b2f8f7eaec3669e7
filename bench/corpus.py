"""The benchmark city: teams, categories and the phrases its tickets are written in.

Every leaf category has subject templates and description sentences with slots (a street, a
building, an asset tag...). ``generate.py`` fills them from a seeded ``random.Random``, so the
text is varied and realistic (a filter on "vpn" or "streetlight" matches a share of tickets like
it would in a real desk) and the same seed always writes the same database.
"""

# (name, department, email)
TEAMS = [
    ("IT Service Desk", "Information Technology", "itdesk@city.example.org"),
    ("Network & Telecom", "Information Technology", "network@city.example.org"),
    ("Applications Support", "Information Technology", "apps@city.example.org"),
    ("Facilities Maintenance", "General Services", "facilities@city.example.org"),
    ("Streets & Lighting", "Public Works", "streets@city.example.org"),
    ("Sanitation", "Public Works", "sanitation@city.example.org"),
    ("Parks & Forestry", "Parks and Recreation", "parks@city.example.org"),
    ("Water & Sewer", "Utilities", "water@city.example.org"),
    ("HR Services", "Human Resources", "hr@city.example.org"),
    ("Fleet Services", "General Services", "fleet@city.example.org"),
    ("311 Contact Center", "Mayor's Office", "311@city.example.org"),
]

# Category tree: root -> (audience, default team, {leaf: weight}). The weight is the leaf's
# share of the tickets; with the root weights below a term like "streetlight" lands in about 4%
# of tickets and "hydrant" in well under 1%.
CATEGORIES = {
    "IT": (
        "employees",
        "IT Service Desk",
        {
            "Hardware": 9,
            "Software": 7,
            "Network & VPN": 7,
            "Accounts & access": 9,
            "Email & calendar": 5,
            "Desk phones": 3,
            "Printers": 6,
        },
    ),
    "Facilities": (
        "employees",
        "Facilities Maintenance",
        {
            "Heating & cooling": 5,
            "Plumbing": 3,
            "Electrical": 2,
            "Cleaning": 3,
            "Doors & keys": 2,
            "Elevators": 1,
        },
    ),
    "Streets": (
        "residents",
        "Streets & Lighting",
        {"Potholes": 9, "Streetlights": 7, "Traffic signals": 3, "Signs": 2, "Sidewalks": 3},
    ),
    "Sanitation": (
        "residents",
        "Sanitation",
        {"Missed collection": 8, "Bulk item pickup": 4, "Illegal dumping": 3, "Recycling bins": 3},
    ),
    "Parks": ("residents", "Parks & Forestry", {"Trees": 4, "Playgrounds": 1, "Graffiti": 2}),
    "Water": (
        "residents",
        "Water & Sewer",
        {"Water main leak": 2, "Low pressure": 1, "Fire hydrants": 1, "Sewer backup": 1},
    ),
    "HR": ("employees", "HR Services", {"Onboarding": 2, "Payroll": 2, "Benefits": 1}),
    "Fleet": ("employees", "Fleet Services", {"Vehicle repair": 2, "Pool vehicles": 1}),
}

# Leaf -> (subject templates, description sentences). Slots are filled by generate.py.
PHRASES = {
    "Hardware": (
        [
            "Laptop {asset} will not boot",
            "Monitor flickering at desk {desk}",
            "Docking station not detecting laptop {asset}",
            "Keyboard and mouse dead on {asset}",
            "Blue screen on workstation {asset} after update",
            "Laptop battery swelling on {asset}",
            "Need a second monitor for desk {desk}",
        ],
        [
            "The machine shows a black screen after the logo.",
            "I already tried restarting it twice.",
            "The fan is very loud and it gets hot within minutes.",
            "It started after the update last {weekday}.",
            "I have a presentation at {hour} and need this working.",
            "The asset tag is on the bottom of the case.",
        ],
    ),
    "Software": (
        [
            "{app} crashes when opening reports",
            "Need {app} installed on {asset}",
            "{app} license expired for my account",
            "Error {code} in {app} when saving",
            "{app} very slow since this morning",
        ],
        [
            "The error message says the service is unavailable.",
            "Other people on my floor have the same problem.",
            "I need it for the council meeting packet.",
            "I attached a screenshot of the error.",
            "Reinstalling did not help.",
        ],
    ),
    "Network & VPN": (
        [
            "VPN drops every {n} minutes on laptop {asset}",
            "Cannot connect to VPN from home",
            "Wi-Fi down on floor {floor} of {building}",
            "Network jack dead in room {room}",
            "VPN asks for password again and again",
            "Slow network at {building}",
        ],
        [
            "The VPN client shows 'connection lost' and reconnects.",
            "It happens on both the office network and at home.",
            "The whole floor is affected, not only me.",
            "Wired connection works but Wi-Fi does not.",
            "I work remotely on {weekday}s and cannot reach the file shares.",
        ],
    ),
    "Accounts & access": (
        [
            "Password reset for {person}",
            "Account locked after too many attempts",
            "Access to shared drive {share} for {person}",
            "New hire account needed for {person}",
            "Remove access for departing employee {person}",
            "MFA phone changed, cannot sign in",
        ],
        [
            "My account was locked this morning.",
            "I changed phones and the authenticator app is gone.",
            "The manager approved the access by email.",
            "Please give read-only access.",
            "The start date is next {weekday}.",
        ],
    ),
    "Email & calendar": (
        [
            "Shared mailbox {share} not showing in Outlook",
            "Calendar invites not arriving",
            "Mailbox full, cannot send",
            "Phishing email received from {domain}",
            "Distribution list update for {share}",
        ],
        [
            "Messages stay in the outbox.",
            "I did not click the link.",
            "The meeting room calendar shows no bookings.",
            "Several colleagues received the same message.",
        ],
    ),
    "Desk phones": (
        [
            "Desk phone at extension {ext} has no dial tone",
            "Voicemail PIN reset for extension {ext}",
            "Forward extension {ext} to mobile",
            "Headset not working with softphone",
        ],
        [
            "Callers hear a busy signal.",
            "The display shows 'registering'.",
            "I am out of the office until {weekday}.",
        ],
    ),
    "Printers": (
        [
            "Printer {printer} paper jam on floor {floor}",
            "Printer {printer} offline",
            "Toner low on {printer}",
            "Cannot scan to email from {printer}",
            "Printer {printer} prints blank pages",
        ],
        [
            "The display says paper jam in tray 2 but there is no paper stuck.",
            "Nobody on the floor can print.",
            "We need it for the permit applications this afternoon.",
            "I restarted the printer already.",
        ],
    ),
    "Heating & cooling": (
        [
            "No heat in room {room} of {building}",
            "Air conditioning too cold on floor {floor}",
            "Thermostat broken in room {room} at {building}",
            "Strange smell from the vents in {building}",
        ],
        [
            "It is {temp} degrees in the office.",
            "Staff are wearing coats at their desks.",
            "The vent makes a rattling noise.",
            "It has been like this since {weekday}.",
        ],
    ),
    "Plumbing": (
        [
            "Leaking faucet in a restroom at {building}",
            "Toilet clogged on floor {floor}",
            "Water on the floor in the kitchen at {building}",
            "No hot water in {building}",
        ],
        [
            "Someone put a wet floor sign there.",
            "The water is spreading towards the carpet.",
            "Please send someone today.",
        ],
    ),
    "Electrical": (
        [
            "Outlets dead in room {room}",
            "Lights flickering in a hallway at {building}",
            "Breaker keeps tripping on floor {floor}",
        ],
        [
            "Half of the room has no power.",
            "It smells a bit like burning plastic.",
            "The lights buzz and go off for a second.",
        ],
    ),
    "Cleaning": (
        [
            "Spill cleanup needed in the lobby of {building}",
            "Trash not collected in room {room}",
            "Restroom supplies empty on floor {floor}",
        ],
        ["The bins were not emptied all week.", "There is coffee all over the stairs."],
    ),
    "Doors & keys": (
        [
            "Badge reader broken at the entrance of {building}",
            "Key needed for room {room}",
            "Door does not lock in room {room} at {building}",
        ],
        ["The door stays unlocked after hours.", "My badge works at other doors."],
    ),
    "Elevators": (
        [
            "Elevator stuck between floors in {building}",
            "Elevator out of service at {building}",
        ],
        ["Visitors in wheelchairs cannot reach the second floor.", "The alarm button rang."],
    ),
    "Potholes": (
        [
            "Pothole on {street} near #{num}",
            "Large pothole at {street} and {street2}",
            "Pothole damaged my tire on {street}",
            "Road surface breaking up on {street}",
        ],
        [
            "It is about {size} inches wide and deep enough to damage a car.",
            "Cars swerve into the other lane to avoid it.",
            "It is in the right lane heading {direction}.",
            "It has been there for {n} weeks and keeps getting bigger.",
            "Cyclists are at risk at night.",
        ],
    ),
    "Streetlights": (
        [
            "Streetlight out on {street} near #{num}",
            "Streetlight flickering at {street} and {street2}",
            "Streetlight on during the day on {street}",
            "Several streetlights dark on {street}",
            "Streetlight pole leaning on {street}",
        ],
        [
            "The whole block is dark at night.",
            "The light turns on and off every few seconds.",
            "Pole number {pole} is the one in front of the bus stop.",
            "It has been out since {weekday}.",
            "People walk their dogs there and it feels unsafe.",
        ],
    ),
    "Traffic signals": (
        [
            "Traffic signal stuck on red at {street} and {street2}",
            "Pedestrian signal not working at {street}",
            "Traffic light timing too short at {street} and {street2}",
        ],
        [
            "Drivers are running the light.",
            "The walk button does nothing.",
            "Children cross here on the way to school.",
        ],
    ),
    "Signs": (
        [
            "Stop sign knocked down at {street} and {street2}",
            "Street name sign missing on {street}",
            "Graffiti on road sign on {street}",
        ],
        ["A truck hit it last night.", "Visitors keep missing the turn."],
    ),
    "Sidewalks": (
        [
            "Broken sidewalk in front of #{num} {street}",
            "Tree roots lifting sidewalk on {street}",
            "Curb ramp blocked at {street} and {street2}",
        ],
        [
            "My neighbor tripped here last week.",
            "It is impossible to pass with a stroller or wheelchair.",
        ],
    ),
    "Missed collection": (
        [
            "Trash not picked up on {street}",
            "Recycling missed at #{num} {street}",
            "Yard waste not collected on {street}",
        ],
        [
            "The bins were out by 6 am.",
            "The whole street was skipped on {weekday}.",
            "This is the second time this month.",
        ],
    ),
    "Bulk item pickup": (
        [
            "Bulk pickup request: {item} at #{num} {street}",
            "Schedule pickup for old {item}",
        ],
        [
            "The {item} is at the curb.",
            "I can put it out any day this week.",
        ],
    ),
    "Illegal dumping": (
        [
            "Illegal dumping behind #{num} {street}",
            "Mattresses dumped on {street}",
            "Construction debris left at {street} and {street2}",
        ],
        [
            "Someone left a pile of tires and bags in the alley.",
            "It attracts rats.",
            "A white van dropped it off at night.",
        ],
    ),
    "Recycling bins": (
        [
            "Replace damaged recycling bin at #{num} {street}",
            "New trash bin for #{num} {street}",
        ],
        ["The lid broke during collection.", "We just moved in and have no bins."],
    ),
    "Trees": (
        [
            "Fallen tree blocking {street}",
            "Tree branch hanging over power lines on {street}",
            "Dead tree in front of #{num} {street}",
        ],
        [
            "The storm last night brought it down.",
            "A large branch is about to fall on the sidewalk.",
            "The tree has not had leaves for two seasons.",
        ],
    ),
    "Playgrounds": (
        [
            "Broken swing at {park}",
            "Playground slide damaged at {park}",
        ],
        ["There is a sharp edge where children play.", "The chain is rusted through."],
    ),
    "Graffiti": (
        [
            "Graffiti on wall at {park}",
            "Graffiti on bus shelter at {street} and {street2}",
        ],
        ["It is offensive and right next to the school.", "It appeared over the weekend."],
    ),
    "Water main leak": (
        [
            "Water bubbling up from street at {street} and {street2}",
            "Possible water main break on {street}",
        ],
        ["Water is running down the gutter.", "The road is starting to sink near the drain."],
    ),
    "Low pressure": (
        ["Low water pressure at #{num} {street}", "Brown water from tap on {street}"],
        ["It started this morning.", "The neighbors have the same problem."],
    ),
    "Fire hydrants": (
        ["Fire hydrant leaking on {street}", "Fire hydrant knocked over at {street} and {street2}"],
        ["Water is gushing onto the sidewalk.", "A car hit it."],
    ),
    "Sewer backup": (
        ["Sewer backing up at #{num} {street}", "Storm drain clogged on {street}"],
        ["There is a strong smell in the basement.", "The street floods when it rains."],
    ),
    "Onboarding": (
        [
            "Onboarding for {person} starting {weekday}",
            "Equipment and accounts for new hire {person}",
        ],
        [
            "They need a laptop, a badge and an email account.",
            "The position is in {building}.",
        ],
    ),
    "Payroll": (
        ["Overtime missing from last paycheck", "Direct deposit change for {person}"],
        ["The hours were approved by my supervisor.", "I attached the form."],
    ),
    "Benefits": (
        ["Question about dental plan enrollment", "Add dependent to health plan"],
        ["My daughter was born last month.", "The enrollment window closes {weekday}."],
    ),
    "Vehicle repair": (
        [
            "Pool car {plate} check engine light on",
            "Flat tire on truck {plate}",
            "Brakes squealing on van {plate}",
        ],
        [
            "The vehicle is parked in the lot at {building}.",
            "It is needed for inspections tomorrow.",
        ],
    ),
    "Pool vehicles": (
        ["Need a pool car on {weekday} for site visits", "Van needed to move furniture"],
        ["I will pick it up at 8 am.", "Two people will travel."],
    ),
}

# Sentences any ticket may carry, before or after the category's own.
OPENERS = [
    "Hello,",
    "Hi,",
    "Good morning,",
    "Reported by phone.",
    "Walk-in at the front counter.",
    "",
    "",
]
CLOSERS = [
    "Thank you.",
    "Thanks for your help.",
    "Please call me back at {phone}.",
    "Please let me know when someone can come.",
    "This is urgent for our team.",
    "",
    "",
]

AGENT_REPLIES = [
    "Thanks for reporting this. We have scheduled a crew to look at it.",
    "Thank you, we are looking into it and will update you shortly.",
    "Could you send a photo or a more exact location?",
    "A technician will contact you today.",
    "We reset it on our side. Could you try again and tell us if it works?",
    "This has been fixed. Please let us know if the problem comes back.",
    "We ordered the part; it should arrive within {n} business days.",
    "The work order is in; the crew expects to be there on {weekday}.",
]
REQUESTER_REPLIES = [
    "Thanks, it works again.",
    "It is still happening.",
    "Here is the photo you asked for.",
    "The exact spot is in front of the bakery.",
    "Any update on this?",
    "Thank you for the quick fix!",
]
INTERNAL_NOTES = [
    "Checked the asset history: second report this quarter.",
    "Called the requester, no answer. Left a voicemail.",
    "Duplicate reports came in by phone as well.",
    "Vendor ticket opened with the contractor.",
    "Crew 4 has this on tomorrow's route.",
    "Needs a budget approval from the lead before ordering.",
]

STREETS = [
    "Maple Ave",
    "Oak St",
    "Main St",
    "Elm St",
    "Washington Blvd",
    "Lincoln Ave",
    "Park Rd",
    "Cedar Ln",
    "Broadway",
    "Market St",
    "River Rd",
    "Church St",
    "Highland Ave",
    "Jefferson St",
    "Pine St",
    "Lake Shore Dr",
    "Franklin Ave",
    "Mill St",
    "Spring St",
    "Chestnut St",
    "Walnut St",
    "Center St",
    "Union St",
    "Prospect Ave",
    "Grove St",
    "Hillside Ave",
    "Bridge St",
    "School St",
    "Front St",
    "Madison Ave",
]
BUILDINGS = [
    "City Hall",
    "the Annex",
    "the Public Safety Building",
    "the Library",
    "the Water Plant",
    "the DPW Garage",
    "the Courthouse",
    "the Senior Center",
    "the Recreation Center",
]
PARKS = ["Riverside Park", "Lincoln Park", "Memorial Field", "Oak Grove", "Harbor Green"]
APPS = ["Outlook", "Excel", "the permit system", "ArcGIS", "Tyler Munis", "Teams", "Adobe Acrobat"]
ITEMS = ["couch", "refrigerator", "mattress", "washing machine", "desk", "television"]
SHARES = ["planning", "finance", "clerk", "permits", "council", "payroll", "dispatch"]
DOMAINS = ["secure-billing.example.net", "paypa1-support.example.com", "hr-portal.example.info"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
DIRECTIONS = ["north", "south", "east", "west"]
FIRST_NAMES = [
    "Maria",
    "James",
    "Aisha",
    "Wei",
    "Carlos",
    "Emily",
    "Dmitri",
    "Fatima",
    "John",
    "Priya",
    "Luis",
    "Sarah",
    "Kwame",
    "Olga",
    "Mohammed",
    "Hannah",
    "Jin",
    "Grace",
    "Ahmed",
    "Sofia",
    "David",
    "Nora",
    "Tomás",
    "Keisha",
    "Ivan",
    "Mei",
    "Patrick",
    "Leila",
    "Samuel",
    "Ana",
]
LAST_NAMES = [
    "Garcia",
    "Smith",
    "Khan",
    "Chen",
    "Rodriguez",
    "Johnson",
    "Petrov",
    "Ali",
    "Williams",
    "Patel",
    "Hernandez",
    "Brown",
    "Mensah",
    "Ivanova",
    "Hassan",
    "Miller",
    "Kim",
    "O'Brien",
    "Nguyen",
    "Rossi",
    "Cohen",
    "Kowalski",
    "Silva",
    "Jackson",
    "Novak",
    "Wang",
    "Murphy",
    "Haddad",
    "Okafor",
    "Santos",
]
MAIL_DOMAINS = ["example.org", "example.com", "mail.example.net", "example.edu"]

# Free-text filter terms the benchmark asks for: common ones match a few percent of tickets,
# rare ones a fraction of a percent (so the queue scans far before it fills a page).
COMMON_TERMS = ["vpn", "streetlight", "printer", "pothole"]
RARE_TERMS = ["hydrant", "elevator", "playground", "thermostat"]
# A second paragraph some requesters add.
POSTSCRIPTS = [
    "I reported this before but never heard back.",
    "My phone number is {phone} if you need more details.",
    "I am available {weekday} morning if someone needs to come by.",
    "Photos attached.",
    "The reference from the last time was lost, sorry.",
    "PS: the same thing happened last winter.",
]
