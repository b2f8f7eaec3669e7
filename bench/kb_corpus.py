"""The benchmark city's help articles: topics, the phrases they are written in, and the slots.

Each topic is written in one language for some audiences and holds pools of titles, summaries,
intro sentences, list items (checks and steps) and closing notes, with slots (a street, a
building, a printer's error code...). ``kb.py`` draws a language and an audience first, then a
topic that is written for both, then fills one article from the pools with one set of slot
values, so an article about the printer on the third floor of City Hall says so throughout.

Rare terms are rare by construction: "Harbor Road" is one street slot in about 120,
"payslip" is one of four names for the pay document, "E-404" one error-code slot in about 140.
"""

import random

# --- slot values ---------------------------------------------------------------------------

STREETS = [
    "Maple Ave", "Oak St", "Main St", "Elm St", "Washington Blvd", "Lincoln Ave", "Park Rd",
    "Cedar Ln", "Broadway", "Market St", "River Rd", "Church St", "Highland Ave", "Jefferson St",
    "Pine St", "Lake Shore Dr", "Franklin Ave", "Mill St", "Spring St", "Chestnut St",
    "Walnut St", "Center St", "Union St", "Prospect Ave", "Grove St", "Hillside Ave",
    "Bridge St", "School St", "Front St", "Madison Ave", "Orchard Rd", "Quarry Road",
    "Depot St", "Canal St", "Birch Ln", "Summit Ave", "Ferry Road", "Academy St",
]  # fmt: skip
HARBOR_ROAD = "Harbor Road"
HARBOR_ROAD_SHARE = 0.008  # of street slots: a long road, but one of many
NEIGHBORHOODS = [
    "Northside", "Old Town", "the East End", "Riverside", "Millbrook", "Southgate",
    "the West Hills", "Cedar Heights", "downtown", "the Flats",
]  # fmt: skip
BUILDINGS = [
    "City Hall", "the City Hall Annex", "the Public Safety Building", "the Public Works Yard",
    "the Main Library", "the Eastside Library", "the Senior Center", "the Water Plant",
    "the Municipal Court", "the Parks Operations Center", "the Fleet Garage",
    "the Riverside Community Center",
]  # fmt: skip
LIBRARIES = ["the Main Library", "the Eastside Library", "the Northside branch library"]
NEIGHBORHOODS_ES = ["Northside", "Old Town", "East End", "Riverside", "Millbrook", "Southgate"]
BUILDINGS_ES = [
    "el Ayuntamiento", "el anexo del Ayuntamiento", "la Biblioteca Central", "el Centro de Mayores",
    "la planta de agua", "el edificio de Seguridad Pública", "el Centro Comunitario Riverside",
]  # fmt: skip
LIBRARIES_ES = ["la Biblioteca Central", "la biblioteca de Eastside", "la biblioteca de Northside"]
PARKS = [
    "Riverside Park", "Lincoln Park", "Memorial Field", "Oak Grove", "Harbor Green",
    "Millbrook Commons", "Cedar Hill Park", "Veterans Park",
]  # fmt: skip
FLOORS = ["first", "second", "third", "fourth", "fifth"]
FLOORS_ES = ["primer", "segundo", "tercer", "cuarto", "quinto"]
PRINTER_MODELS = [
    "HP LaserJet M507", "Xerox VersaLink C405", "Canon imageRUNNER 2630", "Brother HL-L6200",
    "Lexmark MS621", "Ricoh IM 430", "Kyocera ECOSYS M3655",
]  # fmt: skip
# 48 codes; E-404 (paper path jam) is one of them.
PRINTER_CODES = [f"E-{n}" for n in (101, 102, 110, 203, 210, 215, 301, 302, 310, 315, 320)] + [
    f"E-{n}" for n in (401, 402, 404, 405, 410, 411, 502, 510, 520, 530, 601, 602, 610, 702)
] + [f"E-{n}" for n in (707, 711, 801, 811, 820, 900, 901, 910)] + [
    f"W-{n}" for n in (110, 120, 204, 230, 330, 340, 410, 450, 512, 620, 701, 733, 850, 990)
]  # fmt: skip
E404_SHARE = 0.012  # of error-code slots: a handful of articles in 20,000
OTHER_CODES = [code for code in PRINTER_CODES if code != "E-404"]
APPS = [
    "Outlook", "Teams", "Excel", "Munis", "PermitTrack", "ArcGIS Pro", "Adobe Acrobat",
    "Laserfiche", "Kronos", "OneDrive", "AssetWorks", "the timekeeping app",
]  # fmt: skip
LAPTOPS = ["Dell Latitude 5440", "Lenovo ThinkPad T14", "Surface Laptop 5", "HP EliteBook 840"]
VPN_CLIENTS = ["GlobalProtect", "FortiClient", "Cisco Secure Client"]
MFA_APPS = ["Microsoft Authenticator", "Duo Mobile", "Okta Verify"]
BULK_ITEMS = [
    "couch", "mattress", "box spring", "refrigerator", "washing machine", "armchair",
    "dresser", "treadmill", "dining table", "air conditioner",
]  # fmt: skip
BULK_ITEMS_ES = ["sofá", "colchón", "refrigerador", "lavadora", "sillón", "cómoda", "mesa"]
TREES = ["oak", "maple", "linden", "honey locust", "pin oak", "sycamore", "ash"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
WEEKDAYS_ES = ["lunes", "martes", "miércoles", "jueves", "viernes"]
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
MONTHS_ES = [
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
    "octubre", "noviembre", "diciembre",
]  # fmt: skip
HOURS = ["8 a.m. to 5 p.m.", "7 a.m. to 7 p.m.", "8:30 a.m. to 4:30 p.m.", "9 a.m. to 6 p.m."]
HOURS_ES = ["de 8 a 17 h", "de 7 a 19 h", "de 8:30 a 16:30 h", "de 9 a 18 h"]
# What employees call the document that shows their pay; "payslip" is the rarest name.
PAY_DOCUMENTS = [("pay statement", 40), ("pay stub", 30), ("earnings statement", 18)]
PAY_DOCUMENTS += [("payslip", 5)]


class Slots(dict):
    """Fills a template's slots lazily, once per article: every phrase of one article sees
    the same street, building or error code."""

    def __init__(self, rng: random.Random):
        super().__init__()
        self.rng = rng

    def __missing__(self, key):
        r = self.rng
        value = {
            "street": lambda: HARBOR_ROAD if r.random() < HARBOR_ROAD_SHARE else r.choice(STREETS),
            "cross": lambda: r.choice(STREETS),
            "num": lambda: r.randint(2, 2400),
            "neighborhood": lambda: r.choice(NEIGHBORHOODS),
            "neighborhood_es": lambda: r.choice(NEIGHBORHOODS_ES),
            "building_es": lambda: r.choice(BUILDINGS_ES),
            "library_es": lambda: r.choice(LIBRARIES_ES),
            "building": lambda: r.choice(BUILDINGS),
            "library": lambda: r.choice(LIBRARIES),
            "park": lambda: r.choice(PARKS),
            "floor": lambda: r.choice(FLOORS),
            "floor_es": lambda: r.choice(FLOORS_ES),
            "room": lambda: f"{r.randint(1, 4)}{r.randint(1, 40):02d}",
            "model": lambda: r.choice(PRINTER_MODELS),
            "code": lambda: "E-404" if r.random() < E404_SHARE else r.choice(OTHER_CODES),
            "printer": lambda: f"PRN-{r.randint(1, 80):02d}",
            "app": lambda: r.choice(APPS),
            "laptop": lambda: r.choice(LAPTOPS),
            "vpn": lambda: r.choice(VPN_CLIENTS),
            "mfa": lambda: r.choice(MFA_APPS),
            "ext": lambda: r.randint(2000, 6999),
            "phone": lambda: f"(845) 555-{r.randint(100, 199):04d}",
            "hours": lambda: r.choice(HOURS),
            "hours_es": lambda: r.choice(HOURS_ES),
            "weekday": lambda: r.choice(WEEKDAYS),
            "weekday_es": lambda: r.choice(WEEKDAYS_ES),
            "month": lambda: r.choice(MONTHS),
            "month_es": lambda: r.choice(MONTHS_ES),
            "day": lambda: r.randint(1, 28),
            "year": lambda: r.randint(2021, 2026),
            "n": lambda: r.choice((2, 3, 4, 5, 6, 8, 10)),
            "days": lambda: r.choice((2, 3, 5, 7, 10)),
            "minutes": lambda: r.choice((5, 10, 15, 20, 30)),
            "zone": lambda: f"{r.choice('ABCDEFGH')}{r.randint(1, 9)}",
            "fee": lambda: f"${r.choice((15, 25, 30, 40, 50, 75, 120))}",
            "item": lambda: r.choice(BULK_ITEMS),
            "item2": lambda: r.choice(BULK_ITEMS),
            "item_es": lambda: r.choice(BULK_ITEMS_ES),
            "tree": lambda: r.choice(TREES),
            "pole": lambda: f"RV-{r.randint(10000, 14999)}",
            "ticket": lambda: f"SR-{r.randint(100000, 999999)}",
            "payslip": lambda: _weighted(r, PAY_DOCUMENTS),
            "limit": lambda: r.choice((3, 4, 5, 6)),
            "pages": lambda: r.choice((10, 20, 25, 50)),
        }[key]()
        self[key] = value
        return value


def _weighted(rng: random.Random, pairs) -> str:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


# --- the shape of an article ---------------------------------------------------------------

HEADINGS = {
    "en": {
        "checks": ["Before you start", "Before you begin", "What you need", "Check first"],
        "steps": ["Steps", "How to do it", "What to do", "Step by step", "How it works"],
        "after": ["What happens next", "If it still does not work", "Good to know", "Afterwards"],
        "contact": ["Need more help?", "Contact", "Still stuck?", "Questions"],
    },
    "es": {
        "checks": ["Antes de empezar", "Qué necesita", "Compruebe primero"],
        "steps": ["Pasos", "Cómo hacerlo", "Qué hacer", "Paso a paso"],
        "after": ["Qué pasa después", "Si sigue sin funcionar", "Bueno saber"],
        "contact": ["¿Necesita ayuda?", "Contacto", "Preguntas"],
    },
}

# Closing lines by language and audience, used by every topic.
CONTACT = {
    ("en", "public"): [
        "Call Riverton 311 at **(845) 555-0100**, Monday to Friday, {hours}.",
        "You can also use the [311 portal](/citizen) at any time of day.",
        "The counter on the first floor of City Hall is open {hours} on working days.",
        "Most replies arrive within {days} working days; urgent safety problems are handled "
        "the same day.",
        "Reports can be made in English or Spanish, and interpreters are available by phone.",
        "If you filed a request, reply to the confirmation email to add photos or details.",
    ],
    ("en", "employees"): [
        "Open a request in the [employee portal](/employee) or call extension {ext}.",
        "The service desk is staffed {hours} on working days.",
        "Urgent problems that stop your work can be phoned in to extension {ext} at any time.",
        "Search the [staff help pages](/employee/kb) for related answers before you call.",
        "Your supervisor can approve requests on your behalf when you are out of the office.",
    ],
    ("en", "agents"): [
        "Log every call in the ticket before you hang up, even when it is resolved.",
        "If in doubt, ask the team lead on duty before you promise a date.",
        "Internal guidance: do not send this article to callers; use the public version.",
        "Link duplicate requests instead of closing them, so the caller gets the updates.",
        "Escalate through the on-call list when the caller reports an immediate danger.",
    ],
    ("es", "public"): [
        "Llame a Riverton 311 al **(845) 555-0100**, de lunes a viernes, {hours_es}.",
        "También puede usar el [portal 311](/citizen) a cualquier hora.",
        "La ventanilla de la planta baja del Ayuntamiento atiende {hours_es} los días hábiles.",
        "La mayoría de las respuestas llegan en {days} días hábiles.",
        "Atendemos en español y en inglés, y hay intérpretes por teléfono.",
    ],
    ("es", "employees"): [
        "Abra una solicitud en el [portal del personal](/employee) o llame a la extensión {ext}.",
        "El servicio de ayuda atiende {hours_es} los días hábiles.",
        "Su supervisor puede aprobar solicitudes en su nombre cuando usted no está.",
    ],
    ("es", "agents"): [
        "Registre cada llamada en el ticket antes de colgar.",
        "Si tiene dudas, consulte al jefe de turno antes de prometer una fecha.",
        "Guía interna: no envíe este artículo a quien llama; use la versión pública.",
    ],
}

# General sentences any article of that language and audience may end with.
FILLER = {
    ("en", "public"): [
        "This page is reviewed every {month} by the department that provides the service.",
        "The information on this page is also available in large print at the City Hall counter.",
        "Residents who cannot use the portal can ask a neighbor, a library or 311 to file for "
        "them.",
        "The City does not share your contact details outside the department that handles "
        "your request.",
        "Photos you attach are used only to find and fix the problem.",
        "Follow your request with the reference number in the confirmation email, such as "
        "{ticket}.",
        "Requests filed on weekends are reviewed on the next working day.",
        "If the problem is on private property, the owner is responsible for the repair.",
        "Rules and fees are set by the City Council and may change each year.",
        "Tell us whether this article helped with the buttons below.",
    ],
    ("en", "employees"): [
        "This article applies to all City departments unless yours has its own procedure.",
        "Staff at {building} can also ask the floor coordinator on the {floor} floor.",
        "Requests you open are visible to your supervisor.",
        "Keep the reference number, such as {ticket}, when you follow up.",
        "Most requests are handled within {days} working days.",
        "Contractors and volunteers follow the same steps with their sponsor's approval.",
        "The policy behind this article is in the employee handbook, section {n}.",
        "If this article is out of date, use the feedback buttons below.",
        "Screenshots of error messages help the desk more than a description.",
    ],
    ("en", "agents"): [
        "Use the caller's words in the ticket subject so the search log stays useful.",
        "Set the category before saving so routing picks the right team.",
        "Quote the reference number, such as {ticket}, when you call back.",
        "Keep the caller's contact details in the ticket fields, not in notes.",
        "Do not promise dates the crews have not confirmed.",
        "This guidance was last reviewed with the team leads in {month} {year}.",
        "When the caller is upset, summarise what happens next before ending the call.",
        "Internal notes are never shown to the requester.",
    ],
    ("es", "public"): [
        "Esta página se revisa cada {month_es}.",
        "La información está disponible en letra grande en la ventanilla del Ayuntamiento.",
        "La Ciudad no comparte sus datos de contacto fuera del departamento que atiende su "
        "solicitud.",
        "Siga su solicitud con el número de referencia del correo de confirmación, como {ticket}.",
        "Las solicitudes de fin de semana se revisan el siguiente día hábil.",
        "Si el problema está en una propiedad privada, la reparación corresponde al dueño.",
        "Díganos si este artículo le ayudó con los botones de abajo.",
    ],
    ("es", "employees"): [
        "Este artículo se aplica a todos los departamentos municipales.",
        "Guarde el número de referencia, como {ticket}, para el seguimiento.",
        "La mayoría de las solicitudes se atienden en {days} días hábiles.",
        "Si este artículo está desactualizado, use los botones de abajo.",
        "Una captura de pantalla del mensaje de error ayuda más que una descripción.",
    ],
    ("es", "agents"): [
        "Use las palabras de quien llama en el asunto del ticket.",
        "Elija la categoría antes de guardar para que el ticket llegue al equipo correcto.",
        "No prometa fechas que las cuadrillas no han confirmado.",
        "Cite el número de referencia, como {ticket}, al devolver la llamada.",
        "Las notas internas nunca se muestran a quien hizo la solicitud.",
    ],
}

# Optional endings that date a title, as real knowledge bases do.
TITLE_QUALIFIERS = {
    "en": ["({year} update)", "({month} {year})", "– updated {month} {year}"],
    "es": ["(actualizado en {year})", "({month_es} de {year})"],
}


# --- topics --------------------------------------------------------------------------------
# key: (language, {audience: weight}, category paths, tags, pools)
# Category paths are those of the demo tree (servicedesk/demo.py, CATEGORIES).

IT_HW = ("Information technology", "Hardware")
IT_SW = ("Information technology", "Software")
IT_ACC = ("Information technology", "Accounts & access")
IT_NET = ("Information technology", "Network & VPN")
IT = ("Information technology",)
FAC = ("Facilities",)
FAC_REP = ("Facilities", "Repairs")
FAC_MOVE = ("Facilities", "Moves")
HR = ("Human resources",)
HR_Q = ("Human resources", "HR questions")
HR_ON = ("Human resources", "Onboarding")
STREETS_ = ("Streets",)
POTHOLES = ("Streets", "Potholes")
LIGHTS = ("Streets", "Streetlights")
SIDEWALKS = ("Streets", "Sidewalks")
WATER = ("Water & sewer",)
SAN = ("Sanitation",)
MISSED = ("Sanitation", "Missed collection")
DUMPING = ("Sanitation", "Illegal dumping")
GRAFFITI = ("Sanitation", "Graffiti")
PARKS_ = ("Parks & trees",)
PARK_MAINT = ("Parks & trees", "Park maintenance")
TREES_ = ("Parks & trees", "Trees")
GENERAL = ("General enquiries",)

TOPICS: list[dict] = [
    # --- IT, employees and agents --------------------------------------------------------
    {
        "key": "printer-error",
        "language": "en",
        "audiences": {"employees": 3, "agents": 1},
        "weight": 3,
        "categories": [IT_HW, IT],
        "tags": ["printer", "printing", "error", "jam", "hardware", "toner", "paper", "{code}"],
        "titles": [
            "Printer shows {code} on the {floor} floor",
            "Fix error {code} on the {model}",
            "What printer error {code} means",
            "Printer {printer} stuck on {code}",
            "Clear a {code} error on a shared printer",
            "The {model} printer keeps showing {code}",
        ],
        "summaries": [
            "What error {code} on the {model} means, how to clear it yourself and when to "
            "call the service desk.",
            "The shared printer on the {floor} floor of {building} shows {code}: the quick "
            "fix, and what to report if it comes back.",
            "Most {code} errors are cleared in a minute by opening the trays and doors in "
            "the right order.",
        ],
        "intro": [
            "Error {code} on a {model} usually means the printer stopped a job half way and "
            "is waiting for someone to check the paper path.",
            "Shared printers such as {printer} on the {floor} floor of {building} show {code} "
            "when a sheet is caught between the tray and the fuser.",
            "The printer keeps the rest of the queue until the error is cleared, so the jobs "
            "of everyone on the floor wait behind it.",
            "Do not switch the printer off while it shows {code}: the half-printed job is "
            "kept in memory and prints again once the path is clear.",
            "Printers that show {code} more than twice a week usually need a new pickup "
            "roller, which the vendor replaces under the service contract.",
        ],
        "checks": [
            "Note the exact code on the display, for example {code}.",
            "Read the asset tag on the front of the printer ({printer}).",
            "Check that the tray holds plain letter paper, not card stock or labels.",
            "Make sure nobody is in the middle of a large job ({pages} pages or more).",
            "Look for a second message under the code, such as a tray number.",
        ],
        "steps": [
            "Open the front door and pull out the toner cartridge.",
            "Remove any paper you can see, pulling gently in the direction of the paper path.",
            "Open the rear door and check the fuser area; it may be hot.",
            "Pull out tray 2 completely and look for a sheet caught behind it.",
            "Close every door firmly until it clicks.",
            "Wait for the printer to restart the job; do not resend it from your computer.",
            "If the code comes back, print a configuration page from the printer menu.",
            "Fan the paper stack before you put it back in the tray.",
        ],
        "after": [
            "If {code} comes back within a day, open a request with the asset tag {printer} "
            "and a photo of the display.",
            "The desk can see the printer's error log remotely and often orders the part "
            "before a technician visits.",
            "While the printer is out of service, send your jobs to the nearest other printer "
            "on the {floor} floor.",
            "Toner and paper are stocked by Facilities, not IT: ask at the supply room.",
        ],
    },
    {
        "key": "printing",
        "language": "en",
        "audiences": {"employees": 5, "agents": 1},
        "weight": 2.5,
        "categories": [IT_HW, IT],
        "tags": ["printer", "printing", "scanning", "badge", "follow-me", "copier"],
        "titles": [
            "Add a printer on your City laptop",
            "Print with your badge using Follow-Me printing",
            "Scan a document to your email",
            "Print in color on the {floor} floor",
            "Set up printing at {building}",
            "Release print jobs at any City printer",
        ],
        "summaries": [
            "How to add the Follow-Me printer queue, release jobs with your badge and scan to "
            "email from any City copier.",
            "Jobs wait in one queue until you tap your badge at a printer, so confidential "
            "pages never sit in the tray.",
            "Printing at {building}: which printer to use, color rules and how to scan.",
        ],
        "intro": [
            "Every City building uses Follow-Me printing: you print to one queue and release "
            "the job at whichever printer is closest.",
            "Jobs wait for {days} days in the queue and are then deleted.",
            "Color printing is allowed for public documents and maps; use black and white "
            "for drafts.",
            "The copiers in {building} also scan to email and to your home folder.",
            "Printing from a personal phone or laptop is not supported on the staff network.",
        ],
        "checks": [
            "You need your City badge and a laptop joined to the City network.",
            "Check that the printer shows the Follow-Me sign on its display.",
            "Make sure your badge was registered at the printer once before.",
        ],
        "steps": [
            "Open Settings, then Printers & scanners, and choose Add device.",
            "Pick the queue named FollowMe-BW or FollowMe-Color.",
            "Print as usual from {app}.",
            "At any printer, tap your badge on the reader beside the display.",
            "Choose the jobs to release and press Print.",
            "To scan, tap your badge, choose Scan to me and press Start.",
            "The first time, sign in at the printer with your network user name to link your "
            "badge.",
        ],
        "after": [
            "If your badge is not recognised, register it again at the printer with your "
            "network user name.",
            "Jobs larger than {pages} pages print faster on the copier in the mail room.",
            "Report a broken printer with its asset tag; it starts with PRN.",
        ],
    },
    {
        "key": "password-reset",
        "language": "en",
        "audiences": {"employees": 5, "agents": 1},
        "weight": 3.5,
        "categories": [IT_ACC, IT],
        "tags": ["password", "account", "sign-in", "lockout", "reset", "self-service"],
        "titles": [
            "Reset your City network password",
            "Your password expired: change it from home",
            "Unlock your account after too many attempts",
            "Change your password before it expires",
            "Password rules for City accounts",
            "Forgot your password for {app}",
            "Reset a password with self-service",
        ],
        "summaries": [
            "Reset a forgotten or expired network password yourself, unlock a locked account "
            "and learn the password rules.",
            "One password opens Windows, email, {app} and the VPN; here is how to change it "
            "safely.",
            "Locked out after {limit} wrong attempts? The lock clears itself after "
            "{minutes} minutes, or reset the password now.",
        ],
        "intro": [
            "Your network password opens your laptop, email, {app} and the VPN, so changing it "
            "changes it everywhere.",
            "Passwords expire every 180 days; you get a reminder email {days} days before.",
            "After {limit} wrong attempts the account locks for {minutes} minutes.",
            "The service desk never asks for your password, by phone or by email.",
            "A strong password is a passphrase of at least 14 characters, such as three "
            "unrelated words.",
        ],
        "checks": [
            "You need the phone you registered for multi-factor sign-in.",
            "Close {app} and other programs that may keep trying the old password.",
            "If you are at home, connect to the internet first; the VPN is not needed.",
        ],
        "steps": [
            "Go to the self-service password page from the employee portal.",
            "Enter your work email address and approve the request on your phone.",
            "Type a new password twice; it must not match your last 12 passwords.",
            "Sign out of Windows and sign in with the new password.",
            "Update the password on your phone's mail app when it asks.",
            "Reconnect to the VPN with the new password.",
            "If self-service refuses the request, call the desk at extension {ext}.",
        ],
        "after": [
            "If the account locks again right after a reset, an old device is still trying "
            "the previous password; check your phone's mail app first.",
            "The desk can reset the password for you after checking your identity with your "
            "employee number.",
            "Never write your password down or share it with a co-worker.",
        ],
    },
    {
        "key": "mfa",
        "language": "en",
        "audiences": {"employees": 4, "agents": 1},
        "weight": 2.5,
        "categories": [IT_ACC],
        "tags": ["mfa", "security", "authenticator", "sign-in", "phone", "verification"],
        "titles": [
            "Set up multi-factor sign-in with {mfa}",
            "Move {mfa} to a new phone",
            "Sign in when you do not have your phone",
            "Stop repeated MFA prompts on your laptop",
            "Register a security key for your account",
        ],
        "summaries": [
            "Multi-factor sign-in asks for a tap on your phone after you sign in; set it up "
            "in ten minutes.",
            "How to move {mfa} to a new phone without getting locked out.",
        ],
        "intro": [
            "Multi-factor sign-in protects your account even when someone learns your password.",
            "You approve each new sign-in in {mfa} on your phone.",
            "Prompts you did not expect mean someone else is trying to sign in: deny them and "
            "call the desk.",
            "A hardware security key works without a phone and is available from the desk.",
        ],
        "checks": [
            "Install {mfa} from your phone's app store.",
            "Have your laptop and phone next to each other.",
            "Keep your badge at hand.",
        ],
        "steps": [
            "Open the security info page from the employee portal.",
            "Choose Add sign-in method and pick {mfa}.",
            "Scan the QR code shown on the screen with the app.",
            "Approve the test notification.",
            "Add a second method, such as a text message, as a backup.",
            "Remove old phones from the list.",
        ],
        "after": [
            "If you lost your phone, call extension {ext}; the desk verifies your identity "
            "and issues a temporary access code.",
            "Repeated prompts on a laptop usually stop after you sign out and back in once.",
        ],
    },
    {
        "key": "vpn",
        "language": "en",
        "audiences": {"employees": 4, "agents": 1},
        "weight": 8,
        "categories": [IT_NET, IT],
        "tags": ["vpn", "remote", "network", "home", "{vpn}", "connection"],
        "titles": [
            "Connect to the City VPN from home",
            "VPN disconnects every few minutes",
            "{vpn} will not connect after an update",
            "VPN connected but shared drives missing",
            "Fix slow VPN connections at home",
            "The VPN disconnects when your laptop sleeps",
        ],
        "summaries": [
            "How to connect with {vpn}, and what to check when the VPN disconnects or "
            "connects without reaching shared drives.",
            "Most VPN disconnects come from home Wi-Fi power saving; two settings fix them.",
        ],
        "intro": [
            "The City VPN, {vpn}, connects your laptop to shared drives and {app} from "
            "outside City buildings.",
            "If the VPN disconnects every {minutes} minutes, the home router is often "
            "dropping idle connections.",
            "You do not need the VPN for email, Teams or the employee portal.",
            "The VPN disconnects on its own after 12 hours; connect again to continue.",
            "Hotel and coffee-shop networks sometimes block the VPN; a phone hotspot works.",
        ],
        "checks": [
            "Make sure you can open a public website first.",
            "Restart the laptop if it has not been restarted this week.",
            "Check that {vpn} shows the portal vpn.riverton.example.org.",
        ],
        "steps": [
            "Open {vpn} from the system tray.",
            "Choose Connect and sign in with your network account.",
            "Approve the sign-in on your phone.",
            "Wait until the icon shows Connected before opening drives.",
            "If it disconnects, turn off Wi-Fi power saving in the adapter settings.",
            "Plug the laptop into the router with a cable to compare.",
            "Collect the logs from the {vpn} menu and attach them to your request.",
        ],
        "after": [
            "If the VPN still disconnects, open a request with the time it dropped and the "
            "name of your internet provider.",
            "The network team can see failed connections for {days} days.",
        ],
    },
    {
        "key": "wifi-staff",
        "language": "en",
        "audiences": {"employees": 5, "agents": 1},
        "weight": 4,
        "categories": [IT_NET],
        "tags": ["wifi", "wireless", "network", "guest", "visitors"],
        "titles": [
            "Wi-Fi in {building} for staff and guests",
            "Get a guest Wi-Fi code for a visitor",
            "Laptop will not join the staff Wi-Fi",
            "Weak Wi-Fi in room {room}",
        ],
        "summaries": [
            "Staff laptops join CityStaff on their own; visitors use CityGuest with a daily "
            "code from the front desk.",
        ],
        "intro": [
            "City laptops join the CityStaff network automatically with your account.",
            "Visitors use CityGuest, whose access code changes every day at midnight.",
            "Phones you own should use CityGuest, not CityStaff.",
            "Coverage in {building} is weakest on the {floor} floor near the stairwells.",
        ],
        "checks": ["Turn Wi-Fi off and on again.", "Forget the network and join it again."],
        "steps": [
            "Choose CityStaff from the list of networks.",
            "If asked, sign in with your network account.",
            "For a visitor, ask reception for today's guest code.",
            "Report weak coverage with the room number, {room}.",
        ],
        "after": ["Coverage surveys are done each {month}; weak spots get new access points."],
    },
    {
        "key": "software",
        "language": "en",
        "audiences": {"employees": 4, "agents": 1},
        "weight": 6,
        "categories": [IT_SW, IT],
        "tags": ["software", "install", "license", "application", "{app}"],
        "titles": [
            "Request {app} for your laptop",
            "{app} crashes when opening large files",
            "Update {app} to the current version",
            "Software you can install yourself",
            "Get a license for {app}",
        ],
        "summaries": [
            "Approved software installs itself from the Software Center; everything else is "
            "requested and approved by your supervisor.",
            "What to do when {app} crashes, freezes or asks for a license.",
        ],
        "intro": [
            "Most approved software, including {app}, installs from the Software Center "
            "without an administrator.",
            "Licensed software needs your supervisor's approval and a cost center.",
            "Updates are pushed on the second {weekday} of each month.",
            "Crashes in {app} are often fixed by clearing its cache.",
        ],
        "checks": ["Restart the laptop before reinstalling.", "Save your open files."],
        "steps": [
            "Open Software Center from the Start menu.",
            "Search for {app} and choose Install.",
            "If it is not listed, open a software request in the employee portal.",
            "Give the business reason and the cost center.",
            "Your supervisor approves the request by email.",
        ],
        "after": [
            "Installs are usually done within {days} working days of approval.",
            "Unlicensed software found on City laptops is removed.",
        ],
    },
    {
        "key": "email",
        "language": "en",
        "audiences": {"employees": 4, "agents": 1},
        "weight": 6,
        "categories": [IT],
        "tags": ["email", "outlook", "phishing", "calendar", "mailbox", "security"],
        "titles": [
            "Report a suspicious or phishing email",
            "Your mailbox is almost full",
            "Share your calendar with a co-worker",
            "Set an out-of-office reply in Outlook",
            "Email stuck in the Outbox",
            "Open a shared mailbox in Outlook",
        ],
        "summaries": [
            "Spot a phishing email, report it with one click and what to do if you already "
            "clicked a link.",
            "Mailbox limits, shared mailboxes, calendars and out-of-office replies.",
        ],
        "intro": [
            "Phishing emails pretend to come from the bank, a vendor or the City itself and "
            "ask you to sign in or pay.",
            "If you signed in on a suspicious page after clicking a link, call the desk at once.",
            "Mailboxes hold 50 GB; older mail moves to the archive automatically.",
            "Shared mailboxes appear in Outlook within an hour of being granted.",
        ],
        "checks": ["Do not click links in the suspicious message.", "Note who sent it."],
        "steps": [
            "Select the message and choose Report, then Phishing.",
            "Delete the message from your inbox.",
            "If you clicked a link, tell the desk at once.",
            "To share a calendar, right-click it and choose Sharing permissions.",
            "For out-of-office, choose File, then Automatic Replies.",
        ],
        "after": ["The security team reviews reported messages within {days} hours."],
    },
    {
        "key": "devices",
        "language": "en",
        "audiences": {"employees": 5, "agents": 1},
        "weight": 5,
        "categories": [IT_HW],
        "tags": ["laptop", "phone", "hardware", "lost", "stolen", "repair", "monitor"],
        "titles": [
            "Lost or stolen laptop or phone",
            "Your {laptop} will not turn on",
            "Get a second monitor for your desk",
            "Replace a cracked phone screen",
            "Return equipment when you leave",
        ],
        "summaries": [
            "What to do the moment a City laptop or phone goes missing, and how repairs and "
            "replacements work.",
        ],
        "intro": [
            "Report a lost or stolen device at once, even outside working hours: the desk can "
            "wipe it remotely.",
            "Laptops such as the {laptop} are replaced every four years.",
            "A second monitor is standard for staff who work at a desk most of the day.",
        ],
        "checks": ["Note the asset tag on the bottom of the device."],
        "steps": [
            "Call extension {ext} and report the device lost or stolen.",
            "File a police report for a theft and keep the report number.",
            "For repairs, bring the device to the desk at {building}.",
            "Back up files to OneDrive before a repair.",
        ],
        "after": ["Loaner laptops are available for up to {days} days."],
    },
    # --- facilities ----------------------------------------------------------------------
    {
        "key": "meeting-rooms",
        "language": "en",
        "audiences": {"employees": 6, "agents": 1},
        "weight": 6,
        "categories": [FAC],
        "tags": ["meeting", "room", "booking", "outlook", "facilities", "projector"],
        "titles": [
            "Book a meeting room in {building}",
            "Meeting room {room}: equipment and capacity",
            "Book the council chambers for a meeting",
            "Projector in meeting room {room} not working",
            "Cancel or change a meeting room booking",
        ],
        "summaries": [
            "Meeting rooms are booked in Outlook like a person; larger rooms need approval "
            "from Facilities.",
            "Meeting room {room} in {building}: seats, screen, video calls and how to book.",
        ],
        "intro": [
            "Every meeting room in {building} has its own calendar in Outlook.",
            "Meeting room {room} seats {n} dozen people at most and has a screen for video calls.",
            "Bookings longer than four hours need approval from Facilities.",
            "Rooms not checked in within {minutes} minutes of the start are released.",
        ],
        "checks": ["Know how many people will attend.", "Check whether you need a video call."],
        "steps": [
            "Create a meeting in Outlook and open the Room Finder.",
            "Choose {building} and the {floor} floor.",
            "Pick a free room and send the invitation.",
            "Check in on the panel outside the room when you arrive.",
            "Report broken equipment with the room number.",
        ],
        "after": ["Leave the room as you found it; catering is cleared by the host."],
    },
    {
        "key": "building-repairs",
        "language": "en",
        "audiences": {"employees": 5, "agents": 1},
        "weight": 7,
        "categories": [FAC_REP, FAC],
        "tags": ["repair", "facilities", "heating", "leak", "building", "cleaning"],
        "titles": [
            "Report a leak or heating problem in {building}",
            "Office too cold or too hot",
            "Lights out in room {room}",
            "Broken door lock on the {floor} floor",
            "Request cleaning after a spill",
            "Elevator out of service at {building}",
        ],
        "summaries": [
            "Repairs in City buildings: what to report online, what to phone in and how "
            "quickly Facilities responds.",
        ],
        "intro": [
            "Facilities maintains {building} and every other City building.",
            "Temperatures are kept between 68 and 74 degrees during working hours.",
            "Leaks near electrical equipment are emergencies: phone extension {ext}.",
            "Routine repairs are scheduled within {days} working days.",
        ],
        "checks": ["Note the room number and floor.", "Take a photo if it is safe to do so."],
        "steps": [
            "Open a facilities request in the employee portal.",
            "Choose the building and give the room number, {room}.",
            "Describe what is wrong and since when.",
            "For a leak, put a bucket under it and move papers away.",
        ],
        "after": ["You get an email when the work order is closed."],
    },
    {
        "key": "office-moves",
        "language": "en",
        "audiences": {"employees": 1},
        "weight": 3,
        "categories": [FAC_MOVE],
        "tags": ["move", "furniture", "office", "ergonomics", "desk"],
        "titles": [
            "Request an office move or new furniture",
            "Get an ergonomic chair or desk",
            "Plan a team move to {building}",
        ],
        "summaries": ["Moves, furniture and ergonomic equipment: lead times and approvals."],
        "intro": [
            "Moves of fewer than {n} people are scheduled within three weeks.",
            "Ergonomic assessments are free and take about {minutes} minutes.",
        ],
        "checks": ["Agree the move with your supervisor first."],
        "steps": [
            "Open a move request with the old and new desks.",
            "Pack personal items in the crates Facilities delivers.",
            "Label monitors and docks with the new desk number.",
        ],
        "after": ["IT reconnects phones and docks the morning after the move."],
    },
    # --- human resources -----------------------------------------------------------------
    {
        "key": "payroll",
        "language": "en",
        "audiences": {"employees": 5, "agents": 1},
        "weight": 7,
        "categories": [HR_Q, HR],
        "tags": ["payroll", "pay", "deposit", "tax", "w-2", "ess", "{payslip}"],
        "titles": [
            "View and download your {payslip}",
            "Your {payslip} shows the wrong hours",
            "Change your direct deposit bank account",
            "Understand the deductions on your {payslip}",
            "Get a copy of your W-2",
            "Change your tax withholding",
            "When is payday in {month}",
        ],
        "summaries": [
            "Every {payslip} since {year} is in Employee Self-Service; download one, or fix "
            "hours that look wrong.",
            "Direct deposit, tax withholding and W-2 forms: what you change yourself and what "
            "payroll changes.",
        ],
        "intro": [
            "Your {payslip} is published in Employee Self-Service two days before payday.",
            "Overtime appears on the {payslip} of the pay period after it was approved.",
            "Direct deposit changes take one full pay period to take effect.",
            "Pay is deposited every other {weekday}.",
            "W-2 forms for {year} are available by January 31.",
        ],
        "checks": [
            "Have your employee number ready.",
            "Check the hours your supervisor approved in the timekeeping app.",
        ],
        "steps": [
            "Sign in to Employee Self-Service from the employee portal.",
            "Open Pay, then {payslip}s, and choose the pay date.",
            "Choose Download to save it as a PDF.",
            "To change direct deposit, open Pay, then Direct Deposit.",
            "If hours are wrong, ask your supervisor to correct them before payroll closes.",
        ],
        "after": [
            "Payroll corrections are paid on the next regular payday.",
            "Questions about a {payslip} go to payroll at extension {ext}.",
        ],
    },
    {
        "key": "leave",
        "language": "en",
        "audiences": {"employees": 1},
        "weight": 4,
        "categories": [HR_Q],
        "tags": ["leave", "vacation", "sick", "time-off", "holiday"],
        "titles": [
            "Request time off and check your leave balances",
            "Call in sick before your shift",
            "Carry over unused vacation into {year}",
            "Apply for family or medical leave",
        ],
        "summaries": ["Vacation, sick and personal leave: requesting it and reading balances."],
        "intro": [
            "Leave balances update every pay period.",
            "Up to {n} days of vacation carry over into the next year.",
            "Sick time can be used for your own illness or to care for family.",
        ],
        "checks": ["Agree dates with your supervisor before you request them."],
        "steps": [
            "Open the timekeeping app and choose Request time off.",
            "Pick the leave type and the dates.",
            "Submit; your supervisor gets an email to approve.",
        ],
        "after": ["Family and medical leave is arranged with HR at extension {ext}."],
    },
    {
        "key": "onboarding",
        "language": "en",
        "audiences": {"employees": 3, "agents": 1},
        "weight": 4,
        "categories": [HR_ON, HR],
        "tags": ["onboarding", "new-hire", "manager", "checklist", "orientation"],
        "titles": [
            "New-hire onboarding: a checklist for managers",
            "Your first week at the City",
            "Order a laptop and badge for a new hire",
            "Orientation day at {building}",
        ],
        "summaries": [
            "What a new hire needs before day one, and who sets it up: IT, Facilities, HR.",
        ],
        "intro": [
            "Start onboarding at least {days} working days before the start date.",
            "New hires get a laptop, a badge and a network account.",
            "Orientation is held every {weekday} morning at {building}.",
        ],
        "checks": ["Have the start date, job title and cost center."],
        "steps": [
            "Open a new-hire request in the employee portal.",
            "Choose the equipment and software the role needs.",
            "Book a desk and a locker with Facilities.",
            "Give the new hire the first-day instructions.",
        ],
        "after": ["The account details are sent to the manager by email."],
    },
    {
        "key": "city-jobs",
        "language": "en",
        "audiences": {"public": 2, "employees": 1},
        "weight": 2,
        "categories": [HR, GENERAL],
        "tags": ["jobs", "seasonal", "lifeguard", "careers", "apply", "{payslip}"],
        "titles": [
            "Apply for seasonal jobs with the City",
            "Summer lifeguard and camp counselor jobs",
            "How seasonal staff are paid",
            "Volunteer at {park}",
        ],
        "summaries": [
            "Seasonal jobs open each {month}: lifeguards, camp counselors and park crews.",
        ],
        "intro": [
            "The City hires about {n} hundred seasonal workers each summer.",
            "Seasonal staff are paid every other {weekday}; each {payslip} is emailed.",
            "Applicants must be at least 16 years old.",
        ],
        "checks": ["Have a resume and two references ready."],
        "steps": [
            "Open the careers page and search for seasonal jobs.",
            "Apply online; paper forms are available at City Hall.",
            "Interviews are held at {park} and {building}.",
        ],
        "after": ["Offers are sent by email within {days} weeks."],
    },
    # --- public services -----------------------------------------------------------------
    {
        "key": "library-printing",
        "language": "en",
        "audiences": {"public": 1},
        "weight": 1.5,
        "categories": [GENERAL],
        "tags": ["library", "printer", "printing", "copies", "scanning", "wifi"],
        "titles": [
            "Print, copy and scan at {library}",
            "Print from your phone at the library",
            "Library printer prices and limits",
            "Use the public computers at {library}",
        ],
        "summaries": [
            "Public computers, Wi-Fi printing, copies and scans at {library}: prices and "
            "how to pay.",
        ],
        "intro": [
            "Every library branch has a public printer, a copier and a scanner.",
            "Black and white prints cost 10 cents a page; color costs 50 cents.",
            "You can send a job to the library printer from your phone over the free Wi-Fi.",
            "Print jobs wait at the release station until the library closes, then are deleted.",
            "Library card holders get {pages} free pages a week.",
        ],
        "checks": ["Bring your library card or buy a guest pass at the desk."],
        "steps": [
            "Send the document to the printer from a public computer or your phone.",
            "Go to the release station and sign in with your card number.",
            "Pay with coins, a card or your print credit.",
            "Collect the pages from the printer tray.",
        ],
        "after": [
            "If the printer jams, ask staff at the desk; do not open the printer yourself.",
        ],
    },
    {
        "key": "portal-account",
        "language": "en",
        "audiences": {"public": 1},
        "weight": 2,
        "categories": [GENERAL],
        "tags": ["account", "password", "311", "portal", "sign-in", "email"],
        "titles": [
            "Create an account on the 311 portal",
            "Reset your 311 portal password",
            "Change the email address on your account",
            "Follow your requests without an account",
            "Sign-in link not arriving by email",
        ],
        "summaries": [
            "An account lets you follow every request you filed; reset a forgotten password "
            "or change your email.",
        ],
        "intro": [
            "You can report problems without an account, but an account keeps your requests "
            "in one list.",
            "Password reset links expire after {minutes} minutes.",
            "City staff will never ask for your portal password.",
            "If the reset email does not arrive, check the spam folder first.",
        ],
        "checks": ["Use the email address you signed up with."],
        "steps": [
            "Open the 311 portal and choose Sign in.",
            "Choose Forgot password and enter your email address.",
            "Open the link in the email and choose a new password.",
            "Sign in again with the new password.",
        ],
        "after": ["Call 311 if you no longer have access to your email address."],
    },
    {
        "key": "wifi-public",
        "language": "en",
        "audiences": {"public": 1},
        "weight": 2,
        "categories": [GENERAL],
        "tags": ["wifi", "internet", "library", "park", "free"],
        "titles": [
            "Free public Wi-Fi in City buildings and parks",
            "Connect to Wi-Fi at {library}",
            "Wi-Fi at {park}",
        ],
        "summaries": ["Free Wi-Fi is available in libraries, City Hall and {park}."],
        "intro": [
            "RivertonFree is open to all; accept the terms on the welcome page.",
            "Sessions last {n} hours, then you accept the terms again.",
        ],
        "checks": ["Turn on Wi-Fi on your device."],
        "steps": ["Choose RivertonFree.", "Accept the terms of use on the page that opens."],
        "after": ["Report a Wi-Fi outage at a park with the park's name."],
    },
    {
        "key": "potholes",
        "language": "en",
        "audiences": {"public": 1},
        "weight": 7,
        "categories": [POTHOLES, STREETS_],
        "tags": ["pothole", "potholes", "street", "pavement", "road", "repair"],
        "titles": [
            "Report a pothole on {street}",
            "How quickly potholes are filled",
            "Pothole damaged my car: filing a claim",
            "Potholes on {street} near {cross}",
            "Report a pothole",
        ],
        "summaries": [
            "How to report a pothole, what details help the crew find it and how quickly "
            "it is usually filled.",
            "Potholes on {street} and other City streets are patched all year round.",
        ],
        "intro": [
            "Potholes form fastest in late winter, when water freezes in cracks overnight.",
            "Public Works patches potholes on every City street, including {street}.",
            "State routes are maintained by the state, not the City.",
            "Potholes in a travel lane are usually filled within {days} working days.",
            "From December to March crews use a cold patch and return in spring.",
        ],
        "checks": [
            "Check that the hole is on a City street.",
            "Note the nearest address, such as {num} {street}.",
        ],
        "steps": [
            "Open the 311 portal and choose Report a pothole.",
            "Enter the address or drop a pin on the map.",
            "Choose the size and whether it is in the travel lane.",
            "Add a photo taken safely from the sidewalk.",
        ],
        "after": [
            "You get an email when the crew marks the job done.",
            "Claims for tire damage go to the City Clerk; keep your receipt.",
        ],
    },
    {
        "key": "streetlights",
        "language": "en",
        "audiences": {"public": 1},
        "weight": 6,
        "categories": [LIGHTS, STREETS_],
        "tags": ["streetlight", "streetlights", "lighting", "pole", "outage"],
        "titles": [
            "Report a streetlight that is out",
            "Streetlight out on {street}",
            "Streetlight flickering or on during the day",
            "Several streetlights out in {neighborhood}",
            "Find the pole number of a streetlight",
        ],
        "summaries": [
            "Streetlights that are out, flickering or damaged: how to find the pole number "
            "and what happens after you report.",
        ],
        "intro": [
            "Every City pole carries a tag with a number such as {pole}.",
            "A single streetlight out is usually repaired within {days} working days.",
            "Several lights out in a row on {street} point to a cable fault, which takes longer.",
            "Lights on wooden utility poles belong to the electric utility.",
        ],
        "checks": ["Read the pole number, or note the house number across the street."],
        "steps": [
            "Open the 311 portal and choose Streetlight out.",
            "Enter the pole number or the closest address on {street}.",
            "Choose out, flickering, on during the day, or damaged.",
            "If the light already has an open report, choose Me too.",
        ],
        "after": ["A downed pole or exposed wires is an emergency: call 911."],
    },
    {
        "key": "roadworks",
        "language": "en",
        "audiences": {"public": 1},
        "weight": 5,
        "categories": [STREETS_],
        "tags": ["roadwork", "detour", "paving", "construction", "closure", "{street}"],
        "titles": [
            "{street} resurfacing: detours and schedule",
            "Lane closures on {street} this {month}",
            "Water main work on {street} near {cross}",
            "Paving season {year}: which streets and when",
            "Sidewalk and curb work on {street}",
        ],
        "summaries": [
            "Work on {street} between {cross} and the river: dates, detours, parking and "
            "trash pickup while it lasts.",
        ],
        "intro": [
            "Crews will work on {street} from {month} {day}, weekdays from 7 a.m. to 5 p.m.",
            "Through traffic is detoured to {cross}; local access stays open.",
            "Parking on {street} is suspended on the days crews work on that block.",
            "Trash and recycling pickup on {street} continues on the usual day.",
            "Residents of {street} receive a letter one week before their block is paved.",
        ],
        "checks": ["Move cars off the street by 7 a.m. on the posted days."],
        "steps": [
            "Check the posted signs for your block's dates.",
            "Move your car before crews start or it may be towed.",
            "Put bins at the corner of {cross} if the street is closed.",
        ],
        "after": [
            "Questions about the {street} project go to Public Works at {phone}.",
            "Dates may move by a few days because of rain.",
        ],
    },
    {
        "key": "sidewalks",
        "language": "en",
        "audiences": {"public": 1},
        "weight": 3,
        "categories": [SIDEWALKS],
        "tags": ["sidewalk", "sidewalks", "curb", "trip", "ramp"],
        "titles": [
            "Report a sidewalk trip hazard",
            "Broken sidewalk on {street}",
            "Request a curb ramp at {cross}",
        ],
        "summaries": ["Raised or broken sidewalks, missing curb ramps: who repairs what."],
        "intro": [
            "Property owners repair the sidewalk in front of their property.",
            "The City repairs sidewalks lifted by street-tree roots.",
        ],
        "checks": ["Note the address, such as {num} {street}."],
        "steps": ["Report the hazard in the 311 portal.", "Add a photo of the raised slab."],
        "after": ["Temporary asphalt wedges go down within {days} days."],
    },
    {
        "key": "snow",
        "language": "en",
        "audiences": {"public": 3, "employees": 1},
        "weight": 4,
        "categories": [STREETS_],
        "tags": ["snow", "plowing", "winter", "parking", "ice"],
        "titles": [
            "Snow emergencies and plowing order",
            "Where to park during a snow emergency",
            "Report an unplowed street",
            "Clear snow from your sidewalk",
        ],
        "summaries": ["How snow emergencies work, plowing order and parking rules."],
        "intro": [
            "Main roads such as {street} are plowed first, then side streets.",
            "During a snow emergency, parking is banned on marked snow routes.",
            "Sidewalks must be cleared within 24 hours after the snow stops.",
        ],
        "checks": ["Sign up for emergency alerts on the City website."],
        "steps": [
            "Move your car off snow routes when an emergency is declared.",
            "Use the free lots at {park} and {building}.",
            "Report an unplowed street after 24 hours.",
        ],
        "after": ["Cars left on snow routes are towed at a fee of {fee}."],
    },
    {
        "key": "bulk-waste",
        "language": "en",
        "audiences": {"public": 1},
        "weight": 6,
        "categories": [SAN],
        "tags": ["bulk", "waste", "furniture", "mattress", "appliances", "trash"],
        "titles": [
            "Schedule a bulk waste pickup",
            "Bulk waste pickup for a {item}",
            "Get rid of a {item} and a {item2}",
            "Bulk waste collection days in {neighborhood}",
            "What counts as bulk waste",
        ],
        "summaries": [
            "Furniture, mattresses and appliances are collected for free, up to {limit} items "
            "a month, by appointment.",
        ],
        "intro": [
            "Bulk waste pickup is free for up to {limit} items per household each month.",
            "Appliances with refrigerant, such as a {item}, are collected separately.",
            "Bulk waste in {neighborhood} is collected on {weekday}s.",
            "Mattresses and box springs must be wrapped in plastic.",
        ],
        "checks": ["List each item, for example a {item} and a {item2}."],
        "steps": [
            "Open the 311 portal and choose Schedule a bulk waste pickup.",
            "List the items and give your address.",
            "Put items at the curb after 6 p.m. the evening before.",
            "Keep bulk waste off the sidewalk so people can pass.",
        ],
        "after": ["Items left out without an appointment may be fined as illegal dumping."],
    },
    {
        "key": "collection",
        "language": "en",
        "audiences": {"public": 1},
        "weight": 6,
        "categories": [MISSED, SAN],
        "tags": ["trash", "recycling", "collection", "missed", "garbage", "compost"],
        "titles": [
            "Trash or recycling was not picked up",
            "Collection schedule for {neighborhood}",
            "What goes in the recycling bin",
            "Holiday changes to trash collection in {month}",
            "Replace a broken or stolen bin",
        ],
        "summaries": [
            "Missed pickups, holiday schedules, recycling rules and replacement bins.",
        ],
        "intro": [
            "Trash in {neighborhood} is collected on {weekday}s; recycling every other week.",
            "A missed pickup reported before noon the next day is usually collected that day.",
            "Plastic bags and foam never go in the recycling bin.",
            "Collection moves one day later in a week with a holiday.",
        ],
        "checks": ["Bins must be at the curb by 6 a.m."],
        "steps": [
            "Check the schedule for your street first.",
            "Report a missed pickup in the 311 portal.",
            "Leave the bin at the curb until it is collected.",
        ],
        "after": ["Replacement bins cost {fee} and are delivered within {days} days."],
    },
    {
        "key": "graffiti-dumping",
        "language": "en",
        "audiences": {"public": 1},
        "weight": 4,
        "categories": [GRAFFITI, DUMPING, SAN],
        "tags": ["graffiti", "dumping", "vandalism", "cleanup", "litter"],
        "titles": [
            "Report graffiti on {street}",
            "Report illegal dumping in {neighborhood}",
            "Free graffiti removal for homeowners",
            "Tires and trash dumped behind {building}",
        ],
        "summaries": ["Graffiti and dumped items on public and private property."],
        "intro": [
            "Graffiti on public property is removed within {days} working days.",
            "Offensive graffiti is removed the same day.",
            "Dumping is fined up to {fee} per item.",
        ],
        "checks": ["Do not touch needles or chemicals; keep away."],
        "steps": ["Report it in the 311 portal.", "Add a photo and the closest address."],
        "after": ["Homeowners sign a consent form before crews remove graffiti."],
    },
    {
        "key": "parks-trees",
        "language": "en",
        "audiences": {"public": 4, "employees": 1},
        "weight": 6,
        "categories": [TREES_, PARK_MAINT, PARKS_],
        "tags": ["park", "tree", "playground", "pavilion", "trees", "storm"],
        "titles": [
            "Reserve a pavilion at {park}",
            "Fallen tree or hanging limb on {street}",
            "Playground repairs at {park}",
            "Request a street tree in front of your home",
            "Restrooms at {park}: hours and cleaning",
        ],
        "summaries": [
            "Parks, playgrounds and street trees: reservations, repairs and storm damage.",
        ],
        "intro": [
            "Pavilions at {park} can be reserved from {month} to October.",
            "A {tree} that blocks {street} after a storm is cleared first.",
            "Street trees are planted each spring and fall for free.",
            "Playground equipment is inspected every month.",
        ],
        "checks": ["Stay away from downed wires near a fallen tree."],
        "steps": [
            "Reserve online and pay the {fee} permit fee.",
            "Report a fallen limb in the 311 portal.",
            "Give the address, such as {num} {street}.",
        ],
        "after": ["Storm cleanup can take {days} days after a major storm."],
    },
    {
        "key": "parking-permits",
        "language": "en",
        "audiences": {"public": 1},
        "weight": 6,
        "categories": [GENERAL],
        "tags": ["parking", "permit", "residential", "zone", "visitor"],
        "titles": [
            "Residential parking permits",
            "Apply for a parking permit in zone {zone}",
            "Visitor parking permit for guests",
            "Renew your residential parking permit",
            "Parking permit for a contractor on {street}",
        ],
        "summaries": [
            "Who can get a residential parking permit, what it costs ({fee}) and how to "
            "renew it or get a visitor permit.",
        ],
        "intro": [
            "Residents of zone {zone} can park without time limits with a permit.",
            "A residential parking permit costs {fee} a year.",
            "Each household may buy {limit} visitor passes a month.",
            "Permits are tied to the license plate, not the car owner.",
        ],
        "checks": ["Have your vehicle registration and proof of address."],
        "steps": [
            "Apply in the 311 portal or at the counter at City Hall.",
            "Upload the registration and a utility bill.",
            "Pay the fee online.",
            "Your permit is linked to your plate within {days} days.",
        ],
        "after": ["Lost permits are reissued for a fee of {fee}."],
    },
    {
        "key": "parking-tickets",
        "language": "en",
        "audiences": {"public": 1},
        "weight": 3,
        "categories": [GENERAL],
        "tags": ["parking", "ticket", "fine", "hearing", "payment"],
        "titles": [
            "Pay or contest a parking ticket",
            "Parking ticket on {street}: request a hearing",
            "Payment plans for parking fines",
        ],
        "summaries": ["Pay a parking ticket online, or contest it within 30 days."],
        "intro": [
            "Parking tickets must be paid or contested within 30 days.",
            "Late tickets add a penalty of {fee}.",
        ],
        "checks": ["Have the ticket number and the plate."],
        "steps": ["Pay online or contest the ticket with photos.", "Request a hearing date."],
        "after": ["Hearings are held every {weekday} at the Municipal Court."],
    },
    {
        "key": "permits",
        "language": "en",
        "audiences": {"public": 1},
        "weight": 5,
        "categories": [GENERAL],
        "tags": ["permit", "building", "construction", "inspection", "event", "block party"],
        "titles": [
            "Do I need a building permit?",
            "Hold a block party on {street}",
            "Schedule a building inspection",
            "Permit for a dumpster on {street}",
            "Special event permit at {park}",
        ],
        "summaries": ["Building, event and street-use permits: when you need one and fees."],
        "intro": [
            "Most work that changes structure, wiring or plumbing needs a building permit.",
            "Block party permits are free and need signatures from {n} neighbors.",
            "A dumpster on {street} needs a street-use permit of {fee}.",
            "Inspections are booked at least {days} working days ahead.",
        ],
        "checks": ["Have a drawing of the work and the contractor's license number."],
        "steps": [
            "Apply online and upload your plans.",
            "Pay the permit fee.",
            "Post the permit where it can be seen from the street.",
            "Book the inspection when the work is ready.",
        ],
        "after": ["Work without a permit may be stopped and fined."],
    },
    {
        "key": "water-sewer",
        "language": "en",
        "audiences": {"public": 1},
        "weight": 5,
        "categories": [WATER],
        "tags": ["water", "sewer", "leak", "main", "pressure", "bill"],
        "titles": [
            "Water main break on {street}",
            "Low water pressure in {neighborhood}",
            "Sewer backup in your basement",
            "Pay or read your water bill",
            "Report a water leak in the street",
        ],
        "summaries": ["Leaks, low pressure, sewer backups and water bills."],
        "intro": [
            "Water bubbling up through the pavement on {street} may be a main break.",
            "Breaks are answered around the clock.",
            "Low pressure in {neighborhood} is often caused by hydrant flushing.",
            "Water bills are sent every three months.",
        ],
        "checks": ["Check whether your neighbors have the same problem."],
        "steps": [
            "Call the water emergency line at {phone}.",
            "Report slow leaks in the 311 portal.",
            "For a sewer backup, do not use water until the line is checked.",
        ],
        "after": ["Boil-water notices are sent by text and posted on the website."],
    },
    # --- agents only ---------------------------------------------------------------------
    {
        "key": "printer-desk",
        "language": "en",
        "audiences": {"agents": 1},
        "weight": 2,
        "categories": [IT_HW],
        "tags": ["printer", "triage", "vendor", "internal", "{code}", "hardware"],
        "titles": [
            "Triage printer error {code}",
            "Printer {printer} repeat faults: when to call the vendor",
            "Remote reset of a {model} printer",
            "Printer tickets: what to ask the caller",
        ],
        "summaries": [
            "Which printer errors the desk clears remotely, which need a visit, and when the "
            "vendor is called under contract.",
        ],
        "intro": [
            "Error {code} on a {model} can be cleared remotely from the print console.",
            "Repeat faults on {printer} within {days} days go to the vendor.",
            "Ask for the asset tag and the code on the display before anything else.",
        ],
        "checks": ["Open the print console and find the printer by its asset tag."],
        "steps": [
            "Check the printer's error log for {code}.",
            "Pause the queue and clear stuck jobs.",
            "Restart the printer remotely.",
            "If the code returns, log a vendor call with the contract number.",
        ],
        "after": ["Record the vendor's reference in the ticket."],
    },
    {
        "key": "password-desk",
        "language": "en",
        "audiences": {"agents": 1},
        "weight": 2,
        "categories": [IT_ACC],
        "tags": ["password", "identity", "verification", "reset", "internal", "mfa"],
        "titles": [
            "Verify a caller before a password reset",
            "Reset an employee's password and MFA",
            "Locked accounts: find the device that locks them",
            "Temporary passwords for new hires",
        ],
        "summaries": [
            "How the desk verifies identity before resetting a password or MFA, and how to "
            "find what keeps locking an account.",
        ],
        "intro": [
            "Never reset a password for a caller you have not verified.",
            "Verification uses the employee number and a callback to the desk phone on file.",
            "Accounts that lock again within {minutes} minutes have a device using an old "
            "password.",
        ],
        "checks": ["Confirm the employee number and call back the number on file."],
        "steps": [
            "Open the account in the directory console.",
            "Set a temporary password and require a change at next sign-in.",
            "Check the lockout source in the sign-in log.",
            "Document the verification in the ticket.",
        ],
        "after": ["Resets for elected officials go to the team lead."],
    },
    {
        "key": "pothole-triage",
        "language": "en",
        "audiences": {"agents": 1},
        "weight": 4,
        "categories": [POTHOLES, STREETS_],
        "tags": ["pothole", "triage", "assetworks", "priority", "internal"],
        "titles": [
            "Triage a pothole report",
            "Pothole on a state route: refer it",
            "Priority rules for potholes on {street}",
            "Merge duplicate pothole reports",
        ],
        "summaries": ["How to set priority and crew for pothole reports, and what to refer."],
        "intro": [
            "Potholes in a travel lane on {street} are priority 2.",
            "Reports on state routes are referred; tell the caller who maintains the road.",
            "Create the work order in AssetWorks from the ticket.",
        ],
        "checks": ["Confirm the location on the map."],
        "steps": [
            "Check the map for open reports within 50 feet.",
            "Link duplicates to the oldest report.",
            "Set priority by lane and size.",
            "Create the work order.",
        ],
        "after": ["Crews close the work order; the ticket resolves itself."],
    },
    {
        "key": "streetlight-dispatch",
        "language": "en",
        "audiences": {"agents": 1},
        "weight": 3,
        "categories": [LIGHTS],
        "tags": ["streetlight", "dispatch", "utility", "internal", "pole"],
        "titles": [
            "Dispatch streetlight repairs",
            "Streetlight on a utility pole: forward it",
            "Several streetlights out on {street}: circuit fault",
        ],
        "summaries": [
            "Which streetlight reports go to the City electricians and which to the utility."
        ],
        "intro": [
            "City poles have a tag starting with RV, such as {pole}.",
            "Three or more lights out in a row on {street} are one circuit ticket.",
        ],
        "checks": ["Ask for the pole tag."],
        "steps": ["Look up the pole in the asset map.", "Assign to Streets & Lighting."],
        "after": ["Utility reports are tracked with the utility's reference."],
    },
    {
        "key": "bulk-desk",
        "language": "en",
        "audiences": {"agents": 1},
        "weight": 3,
        "categories": [SAN],
        "tags": ["bulk", "waste", "scheduling", "hauler", "internal"],
        "titles": [
            "Schedule bulk waste pickups for callers",
            "Bulk waste over the monthly limit",
            "Missed bulk waste pickup: hauler callback",
        ],
        "summaries": ["Booking bulk waste pickups by phone and handling missed ones."],
        "intro": [
            "Households get {limit} free items a month; more items are billed at {fee}.",
            "Missed bulk pickups are sent to the hauler before 10 a.m. for same-day service.",
        ],
        "checks": ["Confirm the address and the list of items."],
        "steps": ["Book the next free date for the route.", "Read back the rules to the caller."],
        "after": ["Log the hauler's callback in the ticket."],
    },
    {
        "key": "parking-desk",
        "language": "en",
        "audiences": {"agents": 1},
        "weight": 3,
        "categories": [GENERAL],
        "tags": ["parking", "permit", "permittrack", "reissue", "internal"],
        "titles": [
            "Reissue a parking permit in PermitTrack",
            "Parking permit refunds and transfers",
            "Change the plate on a parking permit",
        ],
        "summaries": ["Parking permit changes the desk makes in PermitTrack."],
        "intro": [
            "Permits are reissued when the plate changes, for free.",
            "Refunds are prorated by month.",
        ],
        "checks": ["Verify proof of address in zone {zone}."],
        "steps": ["Open the permit in PermitTrack.", "Change the plate and save."],
        "after": ["The permit updates for enforcement within an hour."],
    },
    {
        "key": "payroll-desk",
        "language": "en",
        "audiences": {"agents": 1},
        "weight": 2,
        "categories": [HR_Q],
        "tags": ["payroll", "internal", "hr", "{payslip}", "escalation"],
        "titles": [
            "Answer questions about a {payslip}",
            "Payroll questions: what the desk can answer",
        ],
        "summaries": ["Which pay questions the desk answers and which go to payroll."],
        "intro": [
            "The desk can tell staff where to find a {payslip}; it never discusses pay amounts.",
            "Anything about a wrong amount goes to payroll as a confidential ticket.",
        ],
        "checks": ["Confirm the caller is the employee."],
        "steps": ["Walk the caller through Employee Self-Service.", "Escalate amount errors."],
        "after": ["Payroll answers within {days} working days."],
    },
    {
        "key": "call-handling",
        "language": "en",
        "audiences": {"agents": 1},
        "weight": 4,
        "categories": [GENERAL],
        "tags": ["calls", "callers", "triage", "safety", "internal", "referral"],
        "titles": [
            "Handle an abusive or threatening caller",
            "Requests the City does not handle: referrals",
            "Call surge playbook for storms",
            "Transfer a call to {building}",
        ],
        "summaries": ["How the contact center handles difficult calls, surges and referrals."],
        "intro": [
            "You may end a call after one warning if the caller is abusive.",
            "During a surge, record short tickets and call back later.",
            "Utility, state and county matters are referred with the right phone number.",
        ],
        "checks": ["Stay calm and note the time of the call."],
        "steps": [
            "Warn the caller once.",
            "End the call and log it.",
            "Tell the team lead on duty.",
        ],
        "after": ["Threats are reported to the police the same day."],
    },
    # --- Spanish -------------------------------------------------------------------------
    {
        "key": "printer-error-es",
        "language": "es",
        "audiences": {"employees": 3, "agents": 1},
        "weight": 2,
        "categories": [IT_HW],
        "tags": ["impresora", "printer", "error", "atasco", "papel", "{code}"],
        "titles": [
            "La impresora muestra el error {code}",
            "Qué significa el error {code} de la impresora",
            "Atasco de papel en la impresora {printer}",
            "Resolver el error {code} en la {model}",
        ],
        "summaries": [
            "Qué significa el error {code} en la {model} y cómo eliminarlo usted mismo.",
        ],
        "intro": [
            "El error {code} indica que una hoja quedó atrapada en el recorrido del papel.",
            "La impresora {printer} del {floor_es} piso retiene la cola hasta que se resuelve.",
            "No apague la impresora mientras muestra {code}.",
        ],
        "checks": ["Anote el código exacto y la etiqueta {printer}."],
        "steps": [
            "Abra la puerta frontal y retire el tóner.",
            "Retire el papel atascado con cuidado.",
            "Cierre todas las puertas hasta oír un clic.",
            "Espere a que la impresora reanude el trabajo.",
        ],
        "after": ["Si el error vuelve, abra una solicitud con una foto de la pantalla."],
    },
    {
        "key": "password-es",
        "language": "es",
        "audiences": {"employees": 1},
        "weight": 3,
        "categories": [IT_ACC],
        "tags": ["contraseña", "cuenta", "acceso", "bloqueo"],
        "titles": [
            "Restablecer su contraseña de la red municipal",
            "Su contraseña caducó: cámbiela desde casa",
            "Desbloquear su cuenta tras varios intentos",
            "Reglas para las contraseñas del personal",
        ],
        "summaries": ["Restablezca una contraseña olvidada o caducada y desbloquee su cuenta."],
        "intro": [
            "La contraseña de red abre su equipo, el correo y la VPN.",
            "Las contraseñas caducan cada 180 días.",
            "Tras {limit} intentos fallidos, la cuenta se bloquea {minutes} minutos.",
        ],
        "checks": ["Tenga a mano el teléfono registrado para la verificación."],
        "steps": [
            "Abra la página de autoservicio de contraseñas.",
            "Escriba su correo y apruebe la solicitud en el teléfono.",
            "Escriba la nueva contraseña dos veces.",
            "Vuelva a conectar la VPN con la nueva contraseña.",
        ],
        "after": ["El servicio de ayuda nunca le pedirá su contraseña."],
    },
    {
        "key": "payroll-es",
        "language": "es",
        "audiences": {"employees": 1},
        "weight": 4,
        "categories": [HR_Q],
        "tags": ["nómina", "recibo", "pago", "depósito"],
        "titles": [
            "Consultar y descargar su recibo de pago",
            "Cambiar la cuenta de depósito directo",
            "Las horas de su recibo de pago no cuadran",
        ],
        "summaries": ["Sus recibos de pago están en el autoservicio del empleado desde {year}."],
        "intro": [
            "El recibo de pago se publica dos días antes del día de pago.",
            "El pago se deposita cada dos {weekday_es}.",
        ],
        "checks": ["Tenga su número de empleado."],
        "steps": [
            "Entre al autoservicio del empleado.",
            "Abra Pago y elija la fecha.",
            "Descargue el recibo en PDF.",
        ],
        "after": ["Las correcciones se pagan en el siguiente día de pago."],
    },
    {
        "key": "meeting-rooms-es",
        "language": "es",
        "audiences": {"employees": 1},
        "weight": 2,
        "categories": [FAC],
        "tags": ["sala", "reuniones", "reserva", "outlook"],
        "titles": [
            "Reservar una sala de reuniones en {building_es}",
            "La sala {room}: equipos y capacidad",
        ],
        "summaries": ["Las salas se reservan en Outlook como si fueran una persona."],
        "intro": ["Cada sala tiene su propio calendario en Outlook."],
        "checks": ["Sepa cuántas personas asistirán."],
        "steps": ["Cree una reunión y abra el buscador de salas.", "Elija una sala libre."],
        "after": ["Las reservas sin confirmar se liberan a los {minutes} minutos."],
    },
    {
        "key": "portal-account-es",
        "language": "es",
        "audiences": {"public": 1},
        "weight": 3,
        "categories": [GENERAL],
        "tags": ["cuenta", "contraseña", "311", "portal"],
        "titles": [
            "Crear una cuenta en el portal 311",
            "Restablecer la contraseña del portal 311",
            "Cambiar el correo electrónico de su cuenta",
        ],
        "summaries": ["Una cuenta guarda todas sus solicitudes en una sola lista."],
        "intro": [
            "Puede reportar problemas sin cuenta.",
            "Los enlaces para restablecer la contraseña caducan a los {minutes} minutos.",
        ],
        "checks": ["Use el correo con el que se registró."],
        "steps": [
            "Abra el portal 311 y elija Iniciar sesión.",
            "Elija Olvidé mi contraseña.",
            "Abra el enlace del correo y elija una contraseña nueva.",
        ],
        "after": ["Revise la carpeta de correo no deseado si el mensaje no llega."],
    },
    {
        "key": "potholes-es",
        "language": "es",
        "audiences": {"public": 1},
        "weight": 5,
        "categories": [POTHOLES],
        "tags": ["bache", "baches", "calle", "pavimento"],
        "titles": [
            "Cómo reportar un bache",
            "Baches en la calle {street}",
            "Cuánto tardan en reparar un bache",
            "Un bache dañó mi coche: cómo reclamar",
        ],
        "summaries": [
            "Cómo reportar un bache en una calle de la ciudad y cuánto tarda la reparación.",
        ],
        "intro": [
            "Los baches aparecen sobre todo al final del invierno.",
            "Obras Públicas rellena baches en todas las calles municipales, como {street}.",
            "Los baches en un carril se rellenan en {days} días hábiles.",
        ],
        "checks": ["Anote la dirección, por ejemplo {num} {street}."],
        "steps": [
            "Abra el portal 311 y elija Reportar un bache.",
            "Indique la dirección o marque el punto en el mapa.",
            "Añada una foto tomada desde la acera.",
        ],
        "after": ["Recibirá un correo cuando la cuadrilla termine."],
    },
    {
        "key": "streetlights-es",
        "language": "es",
        "audiences": {"public": 1},
        "weight": 4,
        "categories": [LIGHTS],
        "tags": ["farola", "farolas", "alumbrado", "poste"],
        "titles": [
            "Farolas apagadas o que parpadean",
            "Farola apagada en la calle {street}",
            "Cómo encontrar el número del poste",
        ],
        "summaries": ["Farolas apagadas, que parpadean o dañadas: cómo reportarlas."],
        "intro": [
            "Cada poste municipal lleva una placa con un número como {pole}.",
            "Una farola apagada se repara en unos {days} días hábiles.",
        ],
        "checks": ["Lea el número del poste."],
        "steps": ["Abra el portal 311 y elija Farola apagada.", "Indique el número del poste."],
        "after": ["Un poste caído es una emergencia: llame al 911."],
    },
    {
        "key": "roadworks-es",
        "language": "es",
        "audiences": {"public": 1},
        "weight": 3,
        "categories": [STREETS_],
        "tags": ["obras", "desvío", "asfaltado", "calle"],
        "titles": [
            "Obras en {street}: desvíos y calendario",
            "Cierre de carriles en {street} en {month_es}",
            "Asfaltado de calles en {year}",
        ],
        "summaries": ["Obras en {street}: fechas, desvíos y estacionamiento."],
        "intro": [
            "Las cuadrillas trabajarán en {street} desde el {day} de {month_es}.",
            "El tráfico se desvía por {cross}.",
            "No se puede estacionar en {street} los días de obra.",
        ],
        "checks": ["Retire su coche antes de las 7 de la mañana."],
        "steps": ["Consulte los carteles de su cuadra.", "Saque los contenedores a {cross}."],
        "after": ["Preguntas sobre las obras: Obras Públicas, {phone}."],
    },
    {
        "key": "bulk-waste-es",
        "language": "es",
        "audiences": {"public": 1},
        "weight": 4,
        "categories": [SAN],
        "tags": ["residuos", "voluminosos", "muebles", "recogida"],
        "titles": [
            "Recogida de residuos voluminosos",
            "Deshacerse de un {item_es} viejo",
            "Días de recogida de voluminosos en {neighborhood_es}",
        ],
        "summaries": ["Muebles, colchones y electrodomésticos se recogen gratis con cita."],
        "intro": [
            "La recogida es gratuita hasta {limit} objetos al mes por hogar.",
            "Los colchones deben ir envueltos en plástico.",
        ],
        "checks": ["Haga una lista de los objetos, por ejemplo un {item_es}."],
        "steps": ["Pida cita en el portal 311.", "Saque los objetos la noche anterior."],
        "after": ["Los objetos sin cita pueden multarse como vertido ilegal."],
    },
    {
        "key": "collection-es",
        "language": "es",
        "audiences": {"public": 1},
        "weight": 4,
        "categories": [MISSED],
        "tags": ["basura", "reciclaje", "recogida", "contenedor"],
        "titles": [
            "No pasaron a recoger la basura",
            "Qué se puede reciclar en Riverton",
            "Calendario de recogida en {neighborhood_es}",
        ],
        "summaries": ["Recogidas no realizadas, calendario y reglas de reciclaje."],
        "intro": [
            "La basura en {neighborhood_es} se recoge los {weekday_es}.",
            "Las bolsas de plástico no van al contenedor de reciclaje.",
        ],
        "checks": ["Los contenedores deben estar en la acera a las 6 de la mañana."],
        "steps": ["Reporte la recogida pendiente en el portal 311."],
        "after": ["Un contenedor nuevo cuesta {fee}."],
    },
    {
        "key": "parking-permits-es",
        "language": "es",
        "audiences": {"public": 1},
        "weight": 3,
        "categories": [GENERAL],
        "tags": ["permiso", "estacionamiento", "zona", "visitantes"],
        "titles": [
            "Permisos de estacionamiento residencial",
            "Solicitar un permiso para la zona {zone}",
            "Permiso de estacionamiento para visitantes",
        ],
        "summaries": ["Quién puede obtener un permiso de estacionamiento y cuánto cuesta."],
        "intro": [
            "Un permiso residencial cuesta {fee} al año.",
            "Cada hogar puede comprar {limit} pases de visitante al mes.",
        ],
        "checks": ["Tenga el registro del vehículo y un comprobante de domicilio."],
        "steps": ["Solicítelo en el portal 311.", "Pague la tarifa en línea."],
        "after": ["El permiso queda vinculado a su matrícula en {days} días."],
    },
    {
        "key": "water-es",
        "language": "es",
        "audiences": {"public": 1},
        "weight": 3,
        "categories": [WATER],
        "tags": ["agua", "tubería", "alcantarillado", "fuga"],
        "titles": [
            "Rotura de tubería de agua en {street}",
            "Poca presión de agua en {neighborhood_es}",
            "Atasco del alcantarillado en su sótano",
        ],
        "summaries": ["Fugas, poca presión y atascos del alcantarillado."],
        "intro": [
            "El agua que sale del pavimento puede indicar una rotura de tubería.",
            "Las roturas se atienden a cualquier hora.",
        ],
        "checks": ["Pregunte si sus vecinos tienen el mismo problema."],
        "steps": ["Llame a la línea de emergencias de agua, {phone}."],
        "after": ["Los avisos de hervir el agua se envían por mensaje de texto."],
    },
    {
        "key": "library-printing-es",
        "language": "es",
        "audiences": {"public": 1},
        "weight": 2,
        "categories": [GENERAL],
        "tags": ["biblioteca", "impresora", "copias", "escáner"],
        "titles": [
            "Imprimir y escanear en {library_es}",
            "Imprimir desde el teléfono en la biblioteca",
        ],
        "summaries": ["Impresora, copiadora y escáner públicos en cada biblioteca."],
        "intro": [
            "Cada biblioteca tiene una impresora pública.",
            "La impresión en blanco y negro cuesta 10 centavos por página.",
        ],
        "checks": ["Traiga su tarjeta de la biblioteca."],
        "steps": ["Envíe el documento a la impresora.", "Pague en la estación de impresión."],
        "after": ["Si la impresora se atasca, avise al personal."],
    },
    {
        "key": "call-handling-es",
        "language": "es",
        "audiences": {"agents": 1},
        "weight": 2,
        "categories": [GENERAL],
        "tags": ["llamadas", "interno", "triaje", "referencias"],
        "titles": [
            "Atender llamadas en español",
            "Derivar solicitudes que no son de la ciudad",
            "Llamadas durante una tormenta",
        ],
        "summaries": ["Guía interna del centro de atención para llamadas en español."],
        "intro": [
            "Registre las solicitudes en inglés o en español; el sistema acepta ambos.",
            "Durante una tormenta, anote tickets breves y devuelva la llamada después.",
        ],
        "checks": ["Confirme la dirección del problema."],
        "steps": ["Registre la llamada.", "Lea las reglas a quien llama."],
        "after": ["Consulte al jefe de turno si tiene dudas."],
    },
    {
        "key": "pothole-triage-es",
        "language": "es",
        "audiences": {"agents": 1},
        "weight": 1,
        "categories": [POTHOLES],
        "tags": ["bache", "triaje", "prioridad", "interno"],
        "titles": [
            "Clasificar un reporte de bache",
            "Prioridad de los baches en {street}",
        ],
        "summaries": ["Cómo fijar la prioridad de un bache y qué derivar al estado."],
        "intro": ["Los baches en un carril de {street} tienen prioridad 2."],
        "checks": ["Confirme la ubicación en el mapa."],
        "steps": ["Vincule los duplicados.", "Cree la orden de trabajo."],
        "after": ["La cuadrilla cierra la orden de trabajo."],
    },
]

# --- what the benchmark asks -------------------------------------------------------------

# Terms whose spread the generator reports (case-insensitive whole words in title, summary,
# body or tags).
WATCHED_TERMS = ["printer", "password", "Harbor Road", "payslip", "E-404"]

ONE_WORD_QUERIES = [
    "printer", "password", "payslip", "E-404", "vpn", "recycling", "pothole", "graffiti",
    "snow", "mfa", "wifi", "pasword", "baches", "contraseña", "streetlight",
]  # fmt: skip
TWO_WORD_QUERIES = [
    "Harbor Road", "vpn disconnects", "bulk waste", "parking permit", "meeting room",
    "streetlight out", "pasword reset", "baches calle", "printer jam", "password reset",
    "missed pickup", "direct deposit", "water leak", "building permit", "block party",
    "guest wifi",
]  # fmt: skip
# What people type into a request subject, sent one keystroke at a time from the third
# character (the portal asks for suggestions as the subject grows).
TYPED = [
    "password", "printer jam", "harbor road", "streetlight", "bulk waste", "parking permit",
    "vpn disconnects", "payslip", "recycling", "baches calle", "meeting room", "pothole",
    "e-404",
]  # fmt: skip
