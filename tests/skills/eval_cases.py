"""A labelled evaluation set for strength-to-need matching (DESIGN.md §5).

One made-up school community in Austin, TX: the caregivers who offer strengths (with where they
live, the languages they speak, when they are free, and how busy they already are), the families
who ask, and needs written the way caregivers write them — English, Spanish, Spanglish, the odd
typo. Each need names the helper(s) a family liaison would point to ("gold"); hard cases also name
the tempting wrong helper(s) ("traps") and the rule that must hold for them.

Nothing here is tuned to the algorithm: gold labels say who a person would pick, not who the
ranking happens to pick. Places are neighbourhood centres, distances are approximate by design.
"""

from __future__ import annotations

from dataclasses import dataclass

COMMUNITY = "Riverside Heights Elementary"
TIMEZONE = "America/Chicago"

# Neighbourhood centres (lat, lng). The school is in East Austin; the last four are 35–50 km out.
PLACES: dict[str, tuple[float, float]] = {
    "east_austin": (30.2630, -97.7190),
    "mueller": (30.2980, -97.7050),
    "windsor_park": (30.3110, -97.6900),
    "hyde_park": (30.3050, -97.7290),
    "travis_heights": (30.2480, -97.7430),
    "montopolis": (30.2310, -97.7000),
    "dove_springs": (30.1870, -97.7390),
    "st_johns": (30.3400, -97.6900),
    "north_lamar": (30.3700, -97.7000),
    "del_valle": (30.2100, -97.6300),
    "pflugerville": (30.4390, -97.6200),
    "georgetown": (30.6330, -97.6770),
    "san_marcos": (29.8830, -97.9410),
    "lockhart": (29.8850, -97.6700),
    "taylor": (30.5710, -97.4090),
}

# Hard-case kinds and the rule each one checks (see test_matching_quality.py).
KINDS = {
    "plain": "an ordinary need: the gold helper should rank near the top",
    "other_meaning": "same words, another meaning: the trap must rank below the gold helper",
    "language": "language mismatch: the trap does not speak the need's language and must rank below the gold helper",
    "too_far": "in person, the trap lives beyond reach: it must never be suggested",
    "overloaded": "the trap is as good but already has several open matches: it must rank below the free helper",
    "blocked": "a block stands between the requester and the trap: it must never be suggested",
    "own_family": "the trap is in the requester's own family: it must never be suggested",
    "helped_before": "the families have helped each other before: the gold helper must beat an otherwise equal trap",
    "virtual_far": "virtual help: a far-away helper who works online must still be suggested",
}


@dataclass(frozen=True)
class Offer:
    """One strength: category slug, title, description, modes, weekly slots (day, "HH:MM", "HH:MM")."""

    category: str
    title: str
    description: str
    modes: tuple[str, ...] = ("in_person",)
    slots: tuple[tuple[str, str, str], ...] = ()
    languages: tuple[str, ...] = ()  # empty: the person's own languages


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    place: str
    languages: tuple[str, ...]
    offers: tuple[Offer, ...] = ()
    family: str | None = None  # shared household key (None: a household of their own)
    open_matches: int = 0  # matches offered/requested/accepted for other families' needs


@dataclass(frozen=True)
class Case:
    key: str
    requester: str
    category: str
    title: str
    description: str
    language: str | None
    mode: str  # in_person | virtual | either
    gold: tuple[str, ...]
    when: tuple[str, str, str] | None = None  # (day, "HH:MM", "HH:MM") in the school's timezone
    kind: str = "plain"
    traps: tuple[str, ...] = ()


def _o(category, title, description, modes=("in_person",), slots=(), languages=()) -> Offer:
    return Offer(category, title, description, tuple(modes), tuple(slots), tuple(languages))


WEEKDAYS_AFTERNOON = (("mon", "15:00", "18:00"), ("tue", "15:00", "18:00"), ("wed", "15:00", "18:00"), ("thu", "15:00", "18:00"), ("fri", "15:00", "18:00"))

HELPERS: list[Person] = [
    # --- tutoring ---------------------------------------------------------------------------------
    Person("maria_g", "María González", "east_austin", ("es", "en"), (
        _o("tutoring.math", "Tutoría de matemáticas", "Fracciones, multiplicación y división para primaria. Fui maestra de 4to grado en Monterrey.",
           ("in_person", "virtual"), (("tue", "18:00", "20:00"), ("thu", "18:00", "20:00"))),
        _o("cooking.meals", "Tamales para eventos", "Hago tamales y pozole para eventos de la escuela."),
    ), open_matches=1),
    Person("david_k", "David Kim", "mueller", ("en", "ko"), (
        _o("tutoring.math", "Math tutoring (middle school)", "Pre-algebra, algebra 1, word problems. Engineer by day, patient tutor by night.",
           ("in_person", "virtual"), (("mon", "19:00", "21:00"), ("wed", "19:00", "21:00"))),
    ), family="kim", open_matches=4),
    Person("nora", "Nora Quinn", "windsor_park", ("en",), (
        _o("tutoring.math", "Elementary math help", "Math facts, times tables, place value, fractions and long division for grades 2-5. Former para-educator, lots of games.",
           ("in_person", "virtual"), (("mon", "16:00", "18:00"), ("wed", "16:00", "18:00"))),
    )),
    Person("ben", "Ben Cohen", "hyde_park", ("en",), (
        _o("tutoring.math", "Middle school math tutor", "Pre-algebra, algebra 1, geometry, and getting ready for high school math. I tutored at ACC for 4 years.",
           ("in_person", "virtual"), (("mon", "19:00", "21:00"), ("wed", "19:00", "21:00"))),
    )),
    Person("ana_t", "Ana Torres", "montopolis", ("es", "en"), (
        _o("tutoring.math", "Matemáticas para secundaria", "Álgebra y geometría para middle school, y preparación para el examen STAAR de matemáticas.",
           ("virtual",), (("sun", "16:00", "19:00"),)),
    )),
    Person("tom_r", "Tom Reilly", "georgetown", ("en",), (
        _o("tutoring.math", "Math tutor - all levels", "Retired HS math teacher. Fractions, long division, word problems, algebra, geometry. Happy to help any kid who's stuck.",
           ("in_person",)),
        _o("trades.home_repair", "Handyman, 40 yrs experience", "Leaky faucets, doors that stick, drywall patches, fences. I'll fix it right.", ("in_person",)),
    )),
    Person("jen_w", "Jennifer Walsh", "hyde_park", ("en",), (
        _o("tutoring.reading", "Reading buddy / phonics", "Retired 1st grade teacher. Phonics, sight words, reading fluency, dyslexia-friendly strategies (Orton-Gillingham trained).",
           ("in_person",), (("mon", "09:00", "15:00"), ("tue", "09:00", "15:00"), ("wed", "09:00", "15:00"), ("thu", "09:00", "15:00"))),
    )),
    Person("rosa_m", "Rosa Martínez", "dove_springs", ("es",), (
        _o("tutoring.reading", "Lectura en español", "Leo cuentos con los niños y les ayudo con la lectura y la escritura en español. Mis hijos estuvieron en el programa dual.",
           ("in_person",), (("sat", "10:00", "13:00"),)),
    )),
    Person("luis_h", "Luis Hernández", "st_johns", ("es", "en"), (
        _o("tutoring.homework", "Ayuda con la tarea / homework club", "Ayudo con la tarea de todas las materias, grados 3 a 6, en español o inglés. Tengo mucha paciencia.",
           ("in_person",), (("mon", "16:00", "18:00"), ("tue", "16:00", "18:00"), ("wed", "16:00", "18:00"), ("thu", "16:00", "18:00"))),
    ), open_matches=1),
    Person("priya", "Priya Raman", "north_lamar", ("en", "hi"), (
        _o("tutoring.science", "Science fair projects & science homework", "Chemist. I can help plan a science fair project, explain experiments and the scientific method, make a great trifold board.",
           ("in_person", "virtual"), (("sun", "14:00", "17:00"),)),
    )),
    Person("alejandro", "Alejandro Paz", "hyde_park", ("es", "en"), (
        _o("tutoring.science", "Ciencias y feria de ciencias", "Soy biólogo en UT. Ayudo con proyectos y experimentos para la feria de ciencias, en español o inglés. Science fair projects too.",
           ("in_person", "virtual"), (("sat", "14:00", "17:00"),)),
    )),
    Person("sarah_b", "Sarah Brooks", "travis_heights", ("en",), (
        _o("tutoring.test_prep", "STAAR test prep", "Former middle school teacher. STAAR reading and math practice drills, test anxiety tips.",
           ("virtual",), (("tue", "19:00", "21:00"), ("sat", "09:00", "12:00"))),
    )),
    Person("kathy", "Kathy Morris", "mueller", ("en",), (
        _o("tutoring.homework", "Homework help K-2", "Sight words, reading logs, simple math homework for the little ones. Retired kindergarten aide.",
           ("in_person",), tuple((d, "15:30", "17:30") for d in ("mon", "tue", "wed", "thu"))),
    )),
    Person("daniela", "Daniela Ochoa", "north_lamar", ("es", "en"), (
        _o("tutoring.reading", "Reading in English for ELL kids", "Ayudo a niños que están aprendiendo inglés a leer en inglés. ESL reading, phonics, vocabulary, reading logs.",
           ("in_person", "virtual"), (("tue", "17:00", "19:00"), ("thu", "17:00", "19:00"))),
    )),
    Person("phil", "Phil Grant", "windsor_park", ("en",), (
        _o("tutoring.science", "Robotics & physics club", "Engineer. I run a LEGO robotics team for middle schoolers; physics, circuits, building things that move.",
           ("in_person",), (("sat", "10:00", "12:00"),)),
    )),
    Person("yuki", "Yuki Tanaka", "hyde_park", ("en", "ja"), (
        _o("tutoring.test_prep", "SAT / ACT prep", "For high schoolers: SAT and ACT math and reading strategies, practice tests, college essays.", ("virtual",)),
    )),
    # --- languages --------------------------------------------------------------------------------
    Person("carmen_v", "Carmen Vega", "east_austin", ("es", "en"), (
        _o("languages.interpreting", "Intérprete español-inglés", "Te acompaño a juntas en la escuela, citas médicas o llamadas para interpretar. Certified medical interpreter.",
           ("in_person", "virtual"), tuple((d, "09:00", "17:00") for d in ("mon", "tue", "wed", "thu", "fri"))),
    ), open_matches=5),
    Person("isabel", "Isabel Navarro", "east_austin", ("es", "en"), (
        _o("languages.interpreting", "Interpretación en la escuela", "Interpreto en conferencias de padres y maestros, juntas y citas. Bilingüe, trabajé en la oficina de la escuela.",
           ("in_person",), tuple((d, "13:00", "18:00") for d in ("mon", "tue", "wed", "thu", "fri"))),
    )),
    Person("jorge_s", "Jorge Salinas", "windsor_park", ("es", "en"), (
        _o("languages.interpreting", "Traducción de documentos", "Traduzco cartas de la escuela, formularios y documentos. Written translation Spanish <> English.", ("virtual",)),
    )),
    Person("emily_c", "Emily Chen", "mueller", ("en", "zh"), (
        _o("languages.other", "Mandarin practice for kids", "Heritage speaker; conversation practice and help with Chinese characters homework.",
           ("in_person", "virtual"), (("sat", "14:00", "16:00"),)),
    )),
    Person("laura_p", "Laura Peña", "hyde_park", ("es", "en"), (
        _o("languages.spanish", "Spanish conversation for kids & parents", "Native speaker from Colombia. Spanish practice with games and songs, help with dual-language homework.",
           ("in_person", "virtual"), (("wed", "17:00", "19:00"),)),
    )),
    Person("hugo", "Hugo Salcedo", "east_austin", ("es", "en"), (
        _o("languages.spanish", "Spanish reading & writing for heritage speakers", "Para niños que hablan español en casa pero no lo leen ni lo escriben: ortografía, acentos, lectura.",
           ("in_person", "virtual"), (("sat", "10:00", "12:00"),)),
    )),
    Person("mike_o", "Mike O'Neil", "travis_heights", ("en",), (
        _o("cooking.meals", "Spanish & Mexican cooking", "I love cooking Spanish food (paella, tortilla española) and Tex-Mex. Can bring meals or teach a cooking class for kids.",
           ("in_person",)),
    )),
    Person("grace_a", "Grace Adeyemi", "north_lamar", ("en", "fr"), (
        _o("languages.english", "English conversation practice for parents", "ESL volunteer for 5 years. Practice English for job interviews, talking with teachers, everyday situations.",
           ("in_person", "virtual"), (("tue", "10:00", "12:00"), ("thu", "10:00", "12:00"))),
    )),
    Person("beatriz", "Beatriz Ramos", "st_johns", ("es", "en"), (
        _o("languages.english", "Clases de inglés para adultos", "Enseño inglés básico para mamás y papás, con paciencia. Conversación y vocabulario para la escuela y el trabajo.",
           ("in_person",), (("mon", "18:00", "20:00"), ("wed", "18:00", "20:00"))),
    )),
    # --- cooking ----------------------------------------------------------------------------------
    Person("lupe", "Lupe Flores", "dove_springs", ("es",), (
        _o("cooking.meal_train", "Comidas para familias", "Cocino para familias que acaban de tener bebé o están pasando por un momento difícil. Comida mexicana casera."),
        _o("cooking.baking", "Pasteles y pan dulce", "Hago pasteles de cumpleaños, conchas y galletas. Les enseño repostería a los niños y comparto mis recetas."),
    )),
    Person("jess_m", "Jessica Moore", "mueller", ("en",), (
        _o("cooking.meal_train", "Meal train organizer", "I organize meal trains for families with a new baby, a surgery or a loss. Happy to set up the sign-up and cook dinners.",
           ("in_person", "virtual")),
    ), open_matches=5),
    Person("heather", "Heather Lane", "windsor_park", ("en",), (
        _o("cooking.meal_train", "Meals for families going through a hard time", "I can organize a meal train or bring dinners for a family after a surgery, new baby or loss.",
           ("in_person", "virtual")),
        _o("benefits.food", "Food pantry & SNAP help", "Food pantry volunteer; I can help with SNAP and WIC applications and find pantries near the school.",
           ("in_person", "virtual")),
    )),
    Person("karen_s", "Karen Schultz", "hyde_park", ("en",), (
        _o("cooking.baking", "Birthday cakes & baking with kids", "Home baker: cupcakes, birthday cakes, bread. I can teach kids (and grown-ups) to bake and decorate.",
           ("in_person",), (("sat", "09:00", "17:00"), ("sun", "09:00", "17:00"))),
    )),
    Person("fatima", "Fatima Noor", "north_lamar", ("en", "ar"), (
        _o("cooking.meals", "Halal family meals & meal prep", "Batch cooking on a budget, halal meals for the week, lunchbox ideas kids actually eat.", ("in_person", "virtual")),
    )),
    Person("rosa_elena", "Rosa Elena Vargas", "montopolis", ("es",), (
        _o("cooking.meals", "Cocina saludable con poco dinero", "Recetas fáciles y baratas para la semana, comida para diabéticos, loncheras para los niños.", ("in_person", "virtual")),
    )),
    # --- trades -----------------------------------------------------------------------------------
    Person("ramon", "Ramón Castillo", "montopolis", ("es",), (
        _o("trades.home_repair", "Reparaciones en casa", "Plomería, electricidad básica, puertas, drywall. 20 años en construcción. Arreglo fugas de agua y llaves que gotean.",
           ("in_person",), (("sat", "08:00", "18:00"), ("sun", "08:00", "14:00"))),
    )),
    Person("bill_t", "Bill Turner", "windsor_park", ("en",), (
        _o("trades.home_repair", "Handyman - small repairs", "Leaky faucets, hanging shelves, fixing doors, building tables and bookshelves, assembling IKEA stuff.",
           ("in_person",), (("sat", "09:00", "17:00"), ("sun", "09:00", "17:00"))),
    )),
    Person("efrain", "Efraín Lozano", "dove_springs", ("es", "en"), (
        _o("trades.home_repair", "Electricista", "Contactos, apagadores, lámparas, ventiladores de techo, breakers. Licensed electrician.", ("in_person",), (("sat", "08:00", "15:00"),)),
    )),
    Person("chuy", "Jesús 'Chuy' Ortega", "del_valle", ("es", "en"), (
        _o("trades.car_repair", "Mecánico / car repair", "Cambio de aceite, frenos, balatas, llantas, luz de check engine. Mechanic for 15 years, I can read the codes.",
           ("in_person",), (("sat", "08:00", "16:00"),)),
    )),
    Person("sam_o", "Samuel Ortiz", "lockhart", ("es", "en"), (
        _o("trades.car_repair", "Mecánica general", "Frenos, balatas, suspensión, check engine, aire acondicionado del carro. Tengo mi propio taller en casa.",
           ("in_person",), (("sat", "08:00", "16:00"), ("sun", "08:00", "12:00"))),
    )),
    Person("linh", "Linh Nguyen", "north_lamar", ("vi", "en"), (
        _o("trades.sewing", "Sewing & alterations", "Hemming pants, fixing uniforms, zippers, Halloween costumes, even folklórico dresses.", ("in_person",)),
    )),
    Person("teresa", "Teresa Jiménez", "east_austin", ("es",), (
        _o("trades.sewing", "Costura y arreglos", "Arreglo ropa, uniformes y vestidos de folklórico y de quinceañera. Doy clases de corte y confección.", ("in_person",)),
    )),
    Person("george_g", "George Green", "hyde_park", ("en",), (
        _o("trades.gardening", "Vegetable gardening & school garden", "Master gardener. Raised beds, composting, what grows in Central Texas, organic ways to deal with bugs and pests on tomatoes.",
           ("in_person",)),
    )),
    Person("sandra", "Sandra Fuentes", "montopolis", ("es",), (
        _o("trades.gardening", "Jardinería y plantas medicinales", "Hortalizas, hierbas, plantas medicinales y cómo hacer composta en casa.", ("in_person",)),
    )),
    # --- tech -------------------------------------------------------------------------------------
    Person("kevin_l", "Kevin Liu", "mueller", ("en", "zh"), (
        _o("tech.devices", "Computer & phone help", "Fix slow laptops, Chromebooks, printers, wifi, computer bugs and viruses, phone settings.",
           ("in_person", "virtual"), tuple((d, "19:00", "21:00") for d in ("mon", "tue", "wed", "thu"))),
    )),
    Person("tyler", "Tyler Reed", "travis_heights", ("en",), (
        _o("tech.devices", "Gaming PCs & building computers", "I build gaming PCs and can help kids build one: upgrades, RAM, graphics cards.", ("in_person",)),
    )),
    Person("sofia_r", "Sofía Ruiz", "st_johns", ("es", "en"), (
        _o("tech.school_apps", "Ayuda con Skyward, Canvas y apps de la escuela", "Les enseño a los papás a usar las aplicaciones de la escuela: ver calificaciones en Skyward, mensajes de la maestra en ClassDojo, y Canvas.",
           ("in_person", "virtual")),
        _o("tech.devices", "Arreglo computadoras y celulares", "Computadoras lentas, virus, wifi, impresoras, configurar el celular. Fix laptops too.", ("in_person", "virtual")),
    )),
    Person("amanda", "Amanda Price", "mueller", ("en",), (
        _o("tech.school_apps", "Canvas and Skyward help for parents", "PTA tech volunteer, I know Skyward, Canvas, ClassDojo and Seesaw inside out. Missing assignments, grades, passwords.",
           ("virtual",)),
    )),
    Person("raj", "Raj Patel", "north_lamar", ("en", "hi"), (
        _o("tech.coding", "Coding club - Scratch & Python", "Software engineer. Teaching kids Scratch, Python programming and Minecraft modding.", ("virtual",)),
    )),
    # --- arts -------------------------------------------------------------------------------------
    Person("diego_m", "Diego Morales", "east_austin", ("es", "en"), (
        _o("arts.music", "Clases de guitarra", "Guitarra para principiantes, niños y adultos. También mariachi y canto.", ("in_person",), (("fri", "17:00", "20:00"),)),
    )),
    Person("hannah", "Hannah Berg", "hyde_park", ("en", "de"), (
        _o("arts.music", "Piano & voice lessons for beginners", "Piano, reading music, scales, ear training and singing on pitch. Can help prepare auditions for choir or band.",
           ("in_person", "virtual")),
    )),
    Person("lucia", "Lucía Benítez", "st_johns", ("es", "en"), (
        _o("arts.music", "Coro y canto", "Dirijo el coro de la iglesia. Clases de canto para niños, leer música. Voice lessons and choir.", ("in_person", "virtual")),
    )),
    Person("yesenia", "Yesenia Cruz", "dove_springs", ("es",), (
        _o("arts.dance", "Baile folklórico", "Enseño folklórico a niñas y niños, y ayudo con los vestidos y el peinado para las presentaciones.",
           ("in_person",), (("sat", "09:00", "13:00"),)),
    )),
    Person("marcus", "Marcus Johnson", "windsor_park", ("en",), (
        _o("arts.visual", "Drawing & comics for kids", "Illustrator. Drawing, painting, comics, and putting together an art portfolio for magnet school applications.",
           ("in_person", "virtual")),
    )),
    Person("olivia", "Olivia Bennett", "mueller", ("en", "es"), (
        _o("events.photography", "Family photos & school events", "Photographer. I can take pictures at school events, graduations, quinceañeras, or do a family photo shoot.", ("in_person",)),
    )),
    # --- sports -----------------------------------------------------------------------------------
    Person("carlos_r", "Carlos Rivera", "montopolis", ("es", "en"), (
        _o("sports.coaching", "Entrenador de fútbol (soccer)", "Entreno equipos de fútbol juvenil U8-U12. Soccer training: tiros, pases, porteros.",
           ("in_person",), (("tue", "17:00", "19:30"), ("thu", "17:00", "19:30"), ("sat", "08:00", "12:00"))),
    )),
    Person("jake", "Jake Thompson", "travis_heights", ("en",), (
        _o("sports.coaching", "Youth basketball & baseball coach", "Basketball: free throws, jump shots, ball handling at the Mueller court. Baseball pitching and batting. Coached Little League 6 yrs.",
           ("in_person",)),
    )),
    Person("nadia", "Nadia Haddad", "north_lamar", ("en", "ar"), (
        _o("sports.swimming", "Swim lessons", "Lifeguard and swim instructor. Kids who are afraid of the water welcome.", ("in_person",), (("sat", "09:00", "12:00"), ("sun", "09:00", "12:00"))),
    )),
    Person("tasha", "Tasha Bell", "windsor_park", ("en",), (
        _o("sports.coaching", "Volleyball & track coach", "Middle school volleyball (serving, passing) and track. Speed drills and conditioning.", ("in_person",)),
    )),
    Person("roberto", "Roberto Luna", "dove_springs", ("es",), (
        _o("sports.fitness", "Caminatas y ejercicio en el parque", "Grupo de caminata y ejercicio para papás y mamás en el parque, con juegos para los niños.", ("in_person",)),
    )),
    # --- childcare --------------------------------------------------------------------------------
    Person("brenda", "Brenda Salazar", "dove_springs", ("es", "en"), (
        _o("childcare.after_school", "Cuidado después de la escuela", "Cuido niños después de la escuela en mi casa, cerca de la escuela. Les doy merienda y hacen la tarea.",
           ("in_person",), WEEKDAYS_AFTERNOON),
    )),
    Person("juana", "Juana Pérez", "st_johns", ("es",), (
        _o("childcare.after_school", "Cuido niños en las tardes", "Cuido niños de 3 a 6 en mi casa en St. Johns. Les ayudo con la tarea.", ("in_person",), WEEKDAYS_AFTERNOON),
    )),
    Person("irma", "Irma Delgado", "dove_springs", ("es",), (
        _o("childcare.babysitting", "Cuido niños", "Soy abuela, cuido bebés y niños entre semana. Puedo recogerlos de la escuela.",
           ("in_person",), tuple((d, "08:00", "17:00") for d in ("mon", "tue", "wed", "thu", "fri"))),
    )),
    Person("megan", "Megan Foster", "hyde_park", ("en",), (
        _o("childcare.babysitting", "Babysitting evenings & weekends", "CPR certified mom of 3. Happy to babysit or swap babysitting with other families for date night.",
           ("in_person",), (("fri", "18:00", "23:00"), ("sat", "10:00", "23:00"))),
        _o("household.pets", "Pet sitting", "Dogs, cats, reptiles (we have a ball python named Noodle), fish. Feeding and walks while you travel.", ("in_person",)),
    )),
    Person("chloe", "Chloe Adams", "hyde_park", ("en",), (
        _o("childcare.babysitting", "Babysitter (weekends)", "Mom of 2, former daycare teacher, CPR certified. Weekends are easiest for me.",
           ("in_person",), (("sat", "09:00", "18:00"), ("sun", "09:00", "18:00"))),
    )),
    # --- transportation ---------------------------------------------------------------------------
    Person("pat", "Patricia Wells", "mueller", ("en",), (
        _o("transportation.activities", "Rides to soccer / activities", "Minivan with 3 booster seats. I drive to the Mueller fields and the YMCA on weekday afternoons.",
           ("in_person",), tuple((d, "16:00", "19:00") for d in ("mon", "tue", "wed", "thu"))),
    )),
    Person("oscar", "Óscar Guerrero", "montopolis", ("es", "en"), (
        _o("transportation.activities", "Llevo niños al fútbol", "Los sábados llevo a los niños a los partidos de fútbol en Montopolis. Tengo una van de 7 asientos.",
           ("in_person",), (("sat", "08:00", "14:00"),)),
    )),
    Person("mario", "Mario Sánchez", "st_johns", ("es", "en"), (
        _o("transportation.appointments", "Llevo a citas", "Puedo llevar a citas médicas, del consulado o a la corte. Entre semana por la mañana.",
           ("in_person",), tuple((d, "08:00", "12:00") for d in ("mon", "tue", "wed", "thu", "fri"))),
    )),
    Person("denise", "Denise Carter", "east_austin", ("en",), (
        _o("transportation.school", "School drop-off rides", "I drive to Riverside Heights every morning and have 2 spare seats (booster included).",
           ("in_person",), tuple((d, "07:00", "08:30") for d in ("mon", "tue", "wed", "thu", "fri"))),
    )),
    # --- navigating school ------------------------------------------------------------------------
    Person("michelle", "Michelle Park", "hyde_park", ("en", "ko"), (
        _o("school_system.iep", "IEP & 504 help", "Special-ed advocate and mom of a child with autism. I can help you read an IEP, prepare for ARD meetings, request evaluations and services.",
           ("in_person", "virtual")),
    )),
    Person("veronica", "Verónica Aguilar", "montopolis", ("es", "en"), (
        _o("school_system.iep", "Apoyo con el IEP y educación especial", "Tengo un hijo con IEP. Te ayudo a entender la junta ARD, los servicios de educación especial y tus derechos. I can go with you to the meeting.",
           ("in_person", "virtual"), (("mon", "18:00", "20:00"), ("wed", "18:00", "20:00"))),
    )),
    Person("gabriela", "Gabriela Ríos", "san_marcos", ("es", "en"), (
        _o("school_system.iep", "Defensora de educación especial (IEP)", "Abogada de educación especial. Reviso el IEP contigo, preparo la junta ARD, evaluaciones, dislexia y autismo. Special education advocate.",
           ("in_person", "virtual")),
    )),
    Person("rachel", "Rachel Goldberg", "travis_heights", ("en",), (
        _o("school_system.enrollment", "School choice & enrollment", "Navigated AISD transfers, magnet applications and the lottery, pre-K enrollment. Happy to walk you through deadlines.", ("virtual",)),
    )),
    Person("pam", "Pam Whitaker", "mueller", ("en",), (
        _o("school_system.meetings", "Talking with teachers & the principal", "PTA president. Preparing for parent-teacher conferences, emailing teachers, behavior or bullying concerns, meeting the principal.",
           ("in_person", "virtual")),
    )),
    Person("alma", "Alma Reyes", "dove_springs", ("es",), (
        _o("school_system.enrollment", "Inscripción escolar", "Ayudo a inscribir a los niños en la escuela y en pre-K, y a llenar los papeles del distrito y del almuerzo gratis.",
           ("in_person",), tuple((d, "08:00", "12:00") for d in ("mon", "tue", "wed", "thu", "fri"))),
    )),
    # --- immigration ------------------------------------------------------------------------------
    Person("ernesto", "Ernesto Villanueva", "east_austin", ("es", "en"), (
        _o("immigration.paperwork", "Formularios de inmigración", "Ex-paralegal. Te ayudo a entender formularios y cartas de USCIS, y a organizar tus papeles para la audiencia (hearing) en la corte de inmigración. No soy abogado.",
           ("in_person", "virtual")),
    )),
    Person("ahmed", "Ahmed Yusuf", "north_lamar", ("en", "so", "ar"), (
        _o("immigration.newcomers", "Welcome newcomer families", "Came as a refugee 10 years ago. I help new families with bus routes, grocery stores, the clinic, opening a bank account and school.", ("in_person",)),
    )),
    Person("gloria", "Gloria Medina", "st_johns", ("es",), (
        _o("immigration.newcomers", "Ayuda a familias recién llegadas", "Acompaño a familias nuevas: cómo abrir una cuenta de banco, tomar el autobús, la clínica y la escuela.", ("in_person",)),
    )),
    # --- health, benefits, jobs -------------------------------------------------------------------
    Person("kim_rn", "Kimberly Brown", "windsor_park", ("en",), (
        _o("health.doctors", "Nurse - finding a pediatrician or clinic", "RN. Help finding a pediatrician or dentist, vaccines (shots) for school, hearing and vision follow-ups, low-cost clinics.",
           ("in_person", "virtual")),
    )),
    Person("samir", "Samir Aziz", "north_lamar", ("en", "ar"), (
        _o("health.doctors", "Retired pediatrician", "Questions about your child's health: which specialist to see, making sense of what the doctor said, asthma, allergies.", ("virtual",)),
    )),
    Person("norma", "Norma Gutiérrez", "east_austin", ("es",), (
        _o("health.doctors", "Promotora de salud", "Soy promotora de salud. Te ayudo a encontrar clínica, vacunas, dentista y lentes baratos, y a entender las indicaciones del doctor y las medicinas.",
           ("in_person", "virtual")),
    )),
    Person("patricia_l", "Patricia López", "dove_springs", ("es", "en"), (
        _o("health.insurance", "Medicaid y CHIP", "Trabajé en una clínica. Ayudo con las solicitudes y renovaciones de Medicaid, CHIP y MAP de Central Health.", ("in_person", "virtual")),
    )),
    Person("ruth", "Ruth Álvarez", "montopolis", ("es", "en"), (
        _o("benefits.food", "SNAP y WIC", "Te ayudo a aplicar para SNAP (estampillas de comida), WIC, y a encontrar los bancos de comida cercanos.", ("in_person", "virtual")),
        _o("benefits.housing", "Ayuda con la renta", "Derechos de inquilinos, ayuda para pagar la renta, cuando el landlord no quiere hacer reparaciones.", ("in_person", "virtual")),
    )),
    Person("dan", "Dan Miller", "mueller", ("en",), (
        _o("benefits.housing", "Housing & renters' rights", "Tenant rights volunteer. Repairs your landlord won't do (mold, AC, leaks), rental assistance, lease questions.", ("virtual",)),
    )),
    Person("monica", "Mónica Herrera", "windsor_park", ("es", "en"), (
        _o("jobs.resume", "Currículum y entrevistas", "Soy reclutadora. Te ayudo con tu currículum (resume), solicitudes de trabajo y entrevistas en inglés o español. Doy talleres gratis.",
           ("in_person", "virtual")),
    )),
    Person("steve", "Steve Adams", "travis_heights", ("en",), (
        _o("jobs.budgeting", "Taxes and budgeting", "CPA. Free tax return help (VITA certified), child tax credit, family budgets, ITIN questions.", ("in_person", "virtual")),
    )),
    # --- emotional support ------------------------------------------------------------------------
    Person("luz", "Luz Domínguez", "east_austin", ("es",), (
        _o("emotional_support.listening", "Alguien con quien hablar", "Si te sientes sola o abrumada, aquí estoy para escucharte y tomar un cafecito.", ("in_person", "virtual")),
    )),
    Person("silvia", "Silvia Valdez", "east_austin", ("es", "en"), (
        _o("emotional_support.listening", "Café de mamás / moms' circle", "Café de mamás los viernes para platicar, desahogarnos y apoyarnos. Moms' coffee circle.",
           ("in_person",), (("fri", "08:30", "10:30"),)),
    )),
    Person("anne", "Anne Wright", "hyde_park", ("en",), (
        _o("emotional_support.grief", "Grief support", "Lost my husband 3 years ago. I lead a grief circle for parents and can help you talk with kids about loss and death.", ("in_person", "virtual")),
    )),
    Person("paula", "Paula Soto", "mueller", ("es", "en"), (
        _o("emotional_support.new_parents", "Apoyo para mamás nuevas / new moms", "Consultora de lactancia. Breastfeeding, sleep, postpartum, potty training, the hard first years.", ("in_person", "virtual")),
    )),
    # --- household, events ------------------------------------------------------------------------
    Person("joe", "Joe Martínez", "del_valle", ("en", "es"), (
        _o("household.moving", "Truck & moving help", "Got a pickup truck and a dolly, can help move furniture and appliances on Saturdays.", ("in_person",), (("sat", "08:00", "16:00"),)),
    )),
    Person("ken", "Ken Watanabe", "windsor_park", ("en", "ja"), (
        _o("household.lending", "Tool library", "Power drill, ladder, pressure washer, tile saw, camping gear. Borrow anything, just bring it back.", ("in_person",)),
    )),
    Person("vane", "Vanessa Ibarra", "dove_springs", ("es", "en"), (
        _o("events.planning", "Organizo fiestas y eventos", "Piñatas, decoraciones, cumpleaños, posadas y eventos de la escuela. Event planning for PTA events too.", ("in_person",)),
    )),
]

REQUESTERS: list[Person] = [
    Person("r_ana", "Ana Beltrán", "east_austin", ("es",)),
    Person("r_marisol", "Marisol Paredes", "dove_springs", ("es",)),
    Person("r_yolanda", "Yolanda Ruiz", "dove_springs", ("es", "en")),
    Person("r_kayla", "Kayla Jensen", "mueller", ("en",)),
    Person("r_tiffany", "Tiffany Owens", "windsor_park", ("en",)),
    Person("r_andrea", "Andrea Kim", "mueller", ("en", "ko"), family="kim"),
    Person("r_jose", "José Luis Camacho", "st_johns", ("es",)),
    Person("r_blanca", "Blanca Estrada", "montopolis", ("es",)),
    Person("r_sam", "Samantha Hill", "hyde_park", ("en",)),
    Person("r_chris", "Chris Nguyen", "north_lamar", ("en", "vi")),
    Person("r_guadalupe", "Guadalupe Rangel", "north_lamar", ("es",)),
    Person("r_omar", "Omar Farah", "north_lamar", ("en", "so")),
    Person("r_leticia", "Leticia Campos", "east_austin", ("es", "en")),
    Person("r_brian", "Brian Scott", "travis_heights", ("en",)),
    Person("r_rocio", "Rocío Mendoza", "del_valle", ("es",)),
    Person("r_amy", "Amy Larson", "windsor_park", ("en",)),
    Person("r_elena", "Elena Morales", "montopolis", ("es",)),
    Person("r_jamal", "Jamal Washington", "east_austin", ("en",)),
    Person("r_karla", "Karla Ibáñez", "st_johns", ("es",)),
    Person("r_nicole", "Nicole Foster", "mueller", ("en",)),
    Person("r_dulce", "Dulce Herrera", "dove_springs", ("es",)),
    Person("r_mei", "Mei Lin", "north_lamar", ("en", "zh")),
    Person("r_francisco", "Francisco Ávila", "east_austin", ("es",)),
    Person("r_stephanie", "Stephanie Cruz", "travis_heights", ("en", "es")),
    Person("r_hao", "Hao Tran", "north_lamar", ("vi", "en")),
]

# (blocker, blocked): either direction hides the pair from each other.
BLOCKS: list[tuple[str, str]] = [
    ("r_yolanda", "brenda"),
    ("r_kayla", "amanda"),
    ("michelle", "r_tiffany"),
]

# (helper, requester): a completed match between the two families in the past.
HELPED_BEFORE: list[tuple[str, str]] = [
    ("chloe", "r_nicole"),
]

CASES: list[Case] = [
    # ============================== Spanish ==============================
    Case("es_fracciones", "r_ana", "tutoring.math", "Ayuda con fracciones",
         "Mi hija de 4to grado no entiende las fracciones y yo no sé cómo explicarle. ¿Alguien que le pueda ayudar los martes en la tarde?",
         "es", "in_person", ("maria_g",), when=("tue", "17:00", "19:00")),
    Case("es_lectura", "r_marisol", "tutoring.reading", "Lectura en español para mi hijo de 1er grado",
         "Está en el programa dual y le cuesta mucho leer en español. Busco alguien que lea con él los sábados.",
         "es", "in_person", ("rosa_m",), when=("sat", "10:00", "12:00")),
    Case("es_tarea", "r_jose", "tutoring.homework", "Ayuda con la tarea",
         "Mis dos hijos (3er y 5to grado) traen mucha tarea en ingles y yo no entiendo bien. Necesito alguien que les ayude entre semana despues de la escuela.",
         "es", "in_person", ("luis_h",), when=("mon", "16:30", "18:00")),
    Case("es_staar", "r_blanca", "tutoring.test_prep", "Preparación para el STAAR de matemáticas",
         "Mi hijo de 5to reprobó el STAAR de mate el año pasado. Quiero que practique antes del examen en abril.",
         "es", "either", ("ana_t",), kind="language", traps=("sarah_b",)),
    Case("es_ciencias", "r_guadalupe", "tutoring.science", "Proyecto para la feria de ciencias",
         "A mi hija le toca hacer un proyecto para la feria de ciencias (science fair) y no sabemos por dónde empezar. En casa hablamos español.",
         "es", "either", ("alejandro",), kind="language", traps=("priya",)),
    Case("es_interprete", "r_elena", "languages.interpreting", "Intérprete para conferencia con la maestra",
         "Tengo conferencia de padres y maestros el jueves a las 4 y la maestra no habla español. Necesito alguien que me acompañe a interpretar.",
         "es", "in_person", ("isabel",), when=("thu", "16:00", "17:00"), kind="overloaded", traps=("carmen_v",)),
    Case("es_traduccion", "r_karla", "languages.interpreting", "Traducir carta de la escuela",
         "Me llegó una carta de la escuela sobre las faltas de mi hijo y está en inglés. ¿Alguien me la puede traducir?",
         "es", "virtual", ("jorge_s", "carmen_v")),
    Case("es_ingles", "r_dulce", "languages.english", "Quiero aprender inglés",
         "Quiero practicar inglés para poder hablar con la maestra y en el trabajo. Soy principiante, los miércoles en la noche puedo.",
         "es", "in_person", ("beatriz",), when=("wed", "18:30", "20:00"), kind="language", traps=("grace_a",)),
    Case("es_comida_bebe", "r_rocio", "cooking.meal_train", "Comida para una familia con bebé recién nacido",
         "Mi vecina acaba de tener gemelos y su esposo trabaja doble turno. ¿Alguien puede llevarle comida esta semana?",
         "es", "in_person", ("lupe",)),
    Case("es_pastel", "r_francisco", "cooking.baking", "Pastel para el cumpleaños de mi hija",
         "Mi hija cumple 8 años el sábado. ¿Alguien que haga pasteles o que nos enseñe a hacer uno?",
         "es", "in_person", ("lupe",)),
    Case("es_fuga", "r_blanca", "trades.home_repair", "Fuga de agua debajo del fregadero",
         "Se está saliendo el agua debajo del fregadero de la cocina y la llave gotea. No tengo dinero para un plomero.",
         "es", "in_person", ("ramon",), kind="language", traps=("bill_t",)),
    Case("es_frenos", "r_rocio", "trades.car_repair", "Los frenos de mi camioneta rechinan",
         "Creo que hay que cambiar las balatas de los frenos. ¿Alguien que sepa de mecánica? Puedo pagar las partes.",
         "es", "in_person", ("chuy",), kind="too_far", traps=("sam_o",)),
    Case("es_taller", "r_jose", "trades.car_repair", "Mi carro hace un ruido raro",
         "Se prendió la luz de check engine y hace un ruido. No puedo pagar el taller ahorita, ¿alguien me puede ayudar a revisarlo?",
         "es", "in_person", ("chuy",), kind="other_meaning", traps=("monica",)),
    Case("es_folklorico_vestido", "r_guadalupe", "trades.sewing", "Arreglar vestido de folklórico",
         "Mi hija va a bailar folklórico en el evento del 16 de septiembre y hay que arreglarle el vestido, le queda grande.",
         "es", "in_person", ("teresa", "yesenia")),
    Case("es_computadora", "r_karla", "tech.devices", "Mi computadora está muy lenta",
         "La laptop que usamos para la tarea está lentísima y salen anuncios por todos lados, creo que tiene virus.",
         "es", "either", ("sofia_r",), kind="language", traps=("kevin_l",)),
    Case("es_skyward", "r_dulce", "tech.school_apps", "¿Cómo veo las calificaciones en Skyward?",
         "La maestra dice que revise las calificaciones en Skyward pero no sé usar la aplicación ni tengo la contraseña.",
         "es", "either", ("sofia_r",)),
    Case("es_guitarra", "r_leticia", "arts.music", "Clases de guitarra para mi hijo",
         "Tiene 10 años y quiere aprender guitarra. Los viernes en la tarde sería ideal.",
         "es", "in_person", ("diego_m",), when=("fri", "17:00", "18:30")),
    Case("es_folklorico", "r_marisol", "arts.dance", "Clases de folklórico",
         "Mis niñas quieren aprender a bailar folklórico. ¿Alguien da clases los sábados cerca de Dove Springs?",
         "es", "in_person", ("yesenia",), when=("sat", "10:00", "12:00")),
    Case("es_futbol", "r_elena", "sports.coaching", "Entrenador para equipo de fútbol",
         "Armamos un equipo de fútbol de niños de 8 años pero no tenemos entrenador. Practicamos martes y jueves a las 6.",
         "es", "in_person", ("carlos_r",), when=("tue", "18:00", "19:30")),
    Case("es_cuidado", "r_yolanda", "childcare.after_school", "Alguien que cuide a mi hijo después de la escuela",
         "Salgo del trabajo a las 5:30. Necesito que alguien recoja a mi hijo de 2do grado y lo cuide de 3 a 6.",
         "es", "in_person", ("irma",), when=("mon", "15:00", "18:00"), kind="blocked", traps=("brenda",)),
    Case("es_cita_corte", "r_guadalupe", "transportation.appointments", "Ride a mi cita en la corte",
         "Tengo cita en la corte de inmigración en el centro el martes a las 9 de la mañana y no tengo carro.",
         "es", "in_person", ("mario",), when=("tue", "08:00", "12:00"), kind="other_meaning", traps=("teresa",)),
    Case("es_ard", "r_jose", "school_system.iep", "Junta ARD para mi hijo",
         "La escuela quiere hacer una junta ARD para ver si mi hijo necesita un IEP por problemas del habla. No entiendo el proceso.",
         "es", "either", ("veronica", "gabriela"), kind="language", traps=("michelle",)),
    Case("es_iep_acompanar", "r_elena", "school_system.iep", "Que alguien me acompañe a la junta del IEP",
         "La junta del IEP es en persona en la escuela la próxima semana. Me siento sola y nerviosa, no quiero ir sin nadie.",
         "es", "in_person", ("veronica",), kind="too_far", traps=("gabriela",)),
    Case("es_iep_zoom", "r_dulce", "school_system.iep", "Revisar el borrador del IEP por videollamada",
         "Me mandaron el borrador del IEP de mi hija en inglés, son como 30 páginas. ¿Alguien que lo revise conmigo por Zoom?",
         "es", "virtual", ("veronica", "gabriela"), kind="virtual_far", traps=("gabriela",)),
    Case("es_prek", "r_francisco", "school_system.enrollment", "Inscribir a mi niño en pre-K",
         "Acabamos de llegar a Austin y quiero inscribir a mi hijo de 4 años en pre-K. ¿Qué papeles necesito?",
         "es", "either", ("alma",)),
    Case("es_uscis", "r_karla", "immigration.paperwork", "Carta de USCIS",
         "Me llegó una carta de USCIS pidiendo más evidencia y no entiendo qué tengo que mandar.",
         "es", "either", ("ernesto",)),
    Case("es_banco", "r_francisco", "immigration.newcomers", "Abrir una cuenta de banco",
         "Somos nuevos en el país. ¿Cómo abro una cuenta de banco sin seguro social? También quiero saber cómo usar el autobús.",
         "es", "in_person", ("gloria",), kind="other_meaning", traps=("ruth",)),
    Case("es_medicaid", "r_blanca", "health.insurance", "Ayuda con la aplicación de Medicaid",
         "Me negaron el Medicaid de mis hijos y no sé por qué. Necesito ayuda para llenar la aplicación otra vez.",
         "es", "either", ("patricia_l",), kind="other_meaning", traps=("sofia_r",)),
    Case("es_receta", "r_rocio", "health.doctors", "No entiendo la receta del doctor",
         "Al niño le dieron una receta para el asma y no entiendo cómo usar el inhalador. También busco una clínica más barata.",
         "es", "either", ("norma",), kind="other_meaning", traps=("lupe",)),
    Case("es_vista", "r_leticia", "health.doctors", "Examen de la vista para mi hijo",
         "La maestra dice que mi hijo no ve bien el pizarrón. ¿Dónde le pueden hacer un examen de la vista y lentes baratos?",
         "es", "either", ("norma",), kind="other_meaning", traps=("ana_t",)),
    Case("es_snap", "r_elena", "benefits.food", "Solicitud de SNAP (estampillas)",
         "Me quedé sin trabajo y quiero aplicar para estampillas de comida para mis hijos.",
         "es", "either", ("ruth",), kind="language", traps=("heather",)),
    Case("es_renta", "r_guadalupe", "benefits.housing", "El dueño no arregla el aire acondicionado",
         "Hace mucho calor y el landlord no quiere arreglar el AC. ¿Qué derechos tengo como inquilina?",
         "es", "either", ("ruth",), kind="language", traps=("dan",)),
    Case("es_resume", "r_rocio", "jobs.resume", "Hacer mi resume en inglés",
         "Quiero aplicar a trabajos de limpieza y de cocina pero no tengo resume.",
         "es", "virtual", ("monica",)),
    Case("es_impuestos", "r_jose", "jobs.budgeting", "Declarar impuestos con ITIN",
         "Trabajo por mi cuenta y nunca he declarado impuestos. Tengo ITIN.",
         "es", "either", ("steve",)),
    Case("es_sola", "r_marisol", "emotional_support.listening", "Me siento muy sola",
         "Mi esposo trabaja fuera y no tengo familia aquí. A veces solo necesito platicar con alguien.",
         "es", "in_person", ("luz", "silvia")),
    Case("es_lactancia", "r_karla", "emotional_support.new_parents", "Ayuda con lactancia",
         "Tengo un bebé de 3 semanas y me duele mucho dar pecho. No sé si lo estoy haciendo bien.",
         "es", "either", ("paula",)),
    Case("es_mudanza", "r_rocio", "household.moving", "Ayuda con la mudanza el sábado",
         "Nos cambiamos de apartamento el sábado, solo necesitamos una troca para la lavadora y unos muebles.",
         "es", "in_person", ("joe",), when=("sat", "09:00", "13:00")),
    Case("es_posada", "r_leticia", "events.planning", "Posada para la clase",
         "Quiero organizar una posada para el salón de mi hijo en diciembre. ¿Alguien que ayude con piñatas y decoraciones?",
         "es", "in_person", ("vane",)),
    Case("es_dentista", "r_ana", "health.doctors", "Llevar a mi hijo al dentista",
         "Tiene cita con el dentista el jueves a las 10 y no tengo carro. ¿Alguien me puede dar raite?",
         "es", "in_person", ("mario",), when=("thu", "09:30", "11:30")),
    Case("es_junta_interprete", "r_dulce", "school_system.meetings", "Intérprete para la junta con la maestra",
         "La maestra quiere hablar conmigo sobre las calificaciones de mi hijo y yo no hablo inglés. Necesito alguien que me interprete.",
         "es", "in_person", ("isabel", "carmen_v"), kind="language", traps=("pam",)),
    Case("es_tutor", "r_blanca", "tutoring", "Tutor para mi hija de 5to",
         "Va mal en matemáticas y en lectura, la maestra dice que necesita apoyo extra. Prefiero alguien que hable español.",
         "es", "in_person", ("maria_g", "luis_h")),
    Case("es_canto", "r_karla", "arts.music", "Clases de canto",
         "Mi hija quiere cantar en el coro de la escuela pero le da pena. ¿Alguien que le enseñe canto?",
         "es", "either", ("lucia",), kind="language", traps=("hannah",)),
    Case("es_luz", "r_elena", "trades.home_repair", "No sirven los contactos",
         "Los contactos de dos cuartos no sirven y el ventilador de techo tampoco prende.",
         "es", "in_person", ("efrain", "ramon")),
    Case("es_caminar", "r_dulce", "sports.fitness", "Hacer ejercicio con otras mamás",
         "Quiero bajar de peso y no me gusta ir sola al gym. ¿Alguien que camine en el parque?",
         "es", "in_person", ("roberto",)),
    Case("es_raite_futbol", "r_blanca", "transportation.activities", "Raite para los partidos de fútbol",
         "Mi hijo juega fútbol los sábados en la mañana y yo trabajo. ¿Alguien que lo lleve?",
         "es", "in_person", ("oscar",), when=("sat", "08:30", "11:00")),
    Case("es_cocina_sana", "r_guadalupe", "cooking.meals", "Recetas baratas y saludables",
         "Mi esposo tiene diabetes y quiero aprender a cocinar más sano sin gastar mucho.",
         "es", "either", ("rosa_elena",), kind="language", traps=("fatima",)),
    # ============================== English ==============================
    Case("en_times_tables", "r_amy", "tutoring.math", "Times tables!!",
         "My 3rd grader is really struggling with her multiplication tables. Looking for someone to drill math facts with her once a week.",
         "en", "in_person", ("nora", "maria_g"), kind="other_meaning", traps=("bill_t", "ken")),
    Case("en_long_division", "r_jamal", "tutoring.math", "Long division help at the library",
         "4th grader, long division and word problems. We can meet at the Terrazas library after school.",
         "en", "in_person", ("nora", "maria_g"), kind="too_far", traps=("tom_r",)),
    Case("en_fractions", "r_brian", "tutoring.math", "Fractions help (in person or zoom)",
         "5th grade fractions and decimals, she shuts down when she gets it wrong. Fine with Zoom or in person.",
         "en", "either", ("nora", "maria_g"), kind="too_far", traps=("tom_r",)),
    Case("en_prealgebra", "r_sam", "tutoring.math", "Pre-algebra help for 7th grader",
         "Son is in 7th grade pre-AP math and falling behind. Weeknights are best, Wednesday works.",
         "en", "either", ("ben", "ana_t"), when=("wed", "19:00", "20:30"), kind="overloaded", traps=("david_k",)),
    Case("en_algebra_family", "r_andrea", "tutoring.math", "Algebra 1 help for 8th grader",
         "My husband is an engineer but he and our son just argue about homework lol. Looking for someone else to help with algebra.",
         "en", "either", ("ben", "ana_t"), kind="own_family", traps=("david_k",)),
    Case("en_reading", "r_chris", "tutoring.reading", "Reading help - dyslexia?",
         "Our 2nd grader reverses letters and hates reading. Teacher thinks it might be dyslexia. Looking for a patient reading buddy.",
         "en", "in_person", ("jen_w",)),
    Case("en_book_reports", "r_hao", "tutoring.homework", "Reading log and book reports",
         "3rd grader has to read 20 min a day and write book reports, he refuses. Need someone patient to help with the reading and writing homework.",
         "en", "in_person", ("jen_w", "luis_h", "daniela")),
    Case("en_math_homework", "r_chris", "tutoring.homework", "5th grade math homework",
         "Fractions and decimals homework every night and I don't remember how to do any of it lol. Need someone to help him a couple evenings a week.",
         "en", "either", ("nora", "maria_g", "luis_h")),
    Case("en_science_fair", "r_mei", "tutoring.science", "Science fair project ideas",
         "5th grader needs to do a science fair project by March. She likes plants and slime lol",
         "en", "either", ("priya", "alejandro")),
    Case("en_staar", "r_amy", "tutoring.test_prep", "STAAR reading practice",
         "Our 4th grader gets really anxious on tests. Want to practice STAAR reading passages before spring.",
         "en", "virtual", ("sarah_b",)),
    Case("en_spanish", "r_brian", "languages.spanish", "Spanish practice for dual-language kindergartner",
         "We're an English-speaking family and our kid is in the dual language program. Looking for someone to practice Spanish with him, songs, games.",
         "en", "in_person", ("laura_p",), when=("wed", "17:30", "18:30"), kind="other_meaning", traps=("mike_o",)),
    Case("en_mandarin", "r_jamal", "languages.other", "Mandarin practice",
         "My daughter started Chinese at the after-school program and wants to practice speaking Mandarin with someone.",
         "en", "either", ("emily_c",)),
    Case("en_heritage_spanish", "r_stephanie", "languages.spanish", "Spanish reading & writing for my kids",
         "My kids understand Spanish from their abuela but can't read or write it. Want them to learn spelling and accents.",
         "en", "either", ("hugo",)),
    Case("en_english_wife", "r_omar", "languages.english", "English conversation for my wife",
         "My wife speaks Somali and Arabic, she wants to practice English to talk with the teachers. Daytime is best.",
         "en", "in_person", ("grace_a",), when=("tue", "10:00", "11:30")),
    Case("en_meal_train", "r_amy", "cooking.meal_train", "Meals for a family after surgery",
         "Our neighbor (2nd grade family) just had surgery. Can someone set up a meal train or bring dinners for 2 weeks?",
         "en", "in_person", ("heather",), kind="overloaded", traps=("jess_m",)),
    Case("en_halal", "r_omar", "cooking.meals", "Halal meal prep on a budget",
         "Working two jobs. Want to learn to batch cook halal meals for the week, and lunchbox ideas for the kids.",
         "en", "either", ("fatima",)),
    Case("en_cake", "r_sam", "cooking.baking", "Help baking a birthday cake",
         "Want to bake a unicorn cake with my daughter for her 6th birthday, total beginner here.",
         "en", "in_person", ("karen_s",)),
    Case("en_faucet", "r_amy", "trades.home_repair", "Leaky faucet + door that won't close",
         "Bathroom faucet drips all night and the back door sticks. Handy person wanted, will pay in tamales :)",
         "en", "in_person", ("bill_t",), kind="too_far", traps=("tom_r",)),
    Case("en_check_engine", "r_jamal", "trades.car_repair", "Check engine light on",
         "Check engine light came on in my Corolla, can anyone read the code before I take it to a shop?",
         "en", "in_person", ("chuy",), kind="too_far", traps=("sam_o",)),
    Case("en_hem", "r_chris", "trades.sewing", "Hem uniform pants",
         "Need 3 pairs of school uniform pants hemmed, kid is short lol.",
         "en", "in_person", ("linh",), kind="language", traps=("teresa",)),
    Case("en_costume", "r_mei", "arts.crafts", "Halloween costume help",
         "My daughter wants to be a monarch butterfly for Halloween. Need someone who can sew the wings and a cape, I can't sew at all.",
         "en", "in_person", ("linh",)),
    Case("en_tomatoes", "r_brian", "trades.gardening", "Bugs eating my tomatoes",
         "Something is chewing up my tomato plants and there are little bugs everywhere. Also want to start a raised bed with my kids.",
         "en", "in_person", ("george_g",), kind="other_meaning", traps=("kevin_l",)),
    Case("en_chromebook", "r_nicole", "tech.devices", "Chromebook won't connect to wifi",
         "School chromebook wont connect to our home wifi, and the printer says offline too.",
         "en", "either", ("kevin_l", "sofia_r")),
    Case("en_skyward", "r_kayla", "tech.school_apps", "How do I see grades in Skyward?",
         "I can't figure out Skyward or Canvas, where do I see missing assignments??",
         "en", "either", ("sofia_r",), kind="blocked", traps=("amanda",)),
    Case("en_python", "r_mei", "tech.coding", "Python for my 11 year old",
         "He finished all the Scratch tutorials and wants to learn Python programming. Any coders out there?",
         "en", "either", ("raj",), kind="other_meaning", traps=("megan",)),
    Case("en_pitch", "r_stephanie", "arts.music", "Help singing on pitch for choir audition",
         "My 5th grader is auditioning for the middle school choir. Needs help with pitch and reading music.",
         "en", "either", ("hannah", "lucia"), kind="other_meaning", traps=("jake",)),
    Case("en_portfolio", "r_hao", "arts.visual", "Art portfolio for magnet school",
         "Son loves drawing comics, he wants to apply to the fine arts magnet and needs a portfolio.",
         "en", "either", ("marcus",)),
    Case("en_basketball", "r_jamal", "sports.coaching", "Basketball shooting practice",
         "My 10 year old made the rec team and wants to work on his shooting and free throws.",
         "en", "in_person", ("jake",)),
    Case("en_volleyball", "r_mei", "sports.coaching", "Volleyball tryouts",
         "6th grader wants to try out for the middle school volleyball team in August, needs to practice serving.",
         "en", "in_person", ("tasha",)),
    Case("en_swim", "r_nicole", "sports.swimming", "Swim lessons - scared of water",
         "7 y/o is afraid of the water. Looking for patient swim lessons on weekends before summer.",
         "en", "in_person", ("nadia",), when=("sat", "09:00", "11:00")),
    Case("en_sitter_friday", "r_sam", "childcare.babysitting", "Babysitter Friday night",
         "Need a sitter for two kids (4 and 7) Friday 6-10pm, we have a wedding.",
         "en", "in_person", ("megan", "chloe"), when=("fri", "18:00", "22:00"), kind="language", traps=("irma",)),
    Case("en_sitter_saturday", "r_nicole", "childcare.babysitting", "Sitter for Saturday afternoon",
         "Need someone to watch my 5 year old Saturday 1-5 while I work a shift.",
         "en", "in_person", ("chloe",), when=("sat", "13:00", "17:00"), kind="helped_before", traps=("megan",)),
    Case("en_soccer_ride", "r_amy", "transportation.activities", "Ride to soccer practice Tuesdays",
         "I work until 6. Need a ride for my son from school to the Mueller fields on Tuesdays at 5.",
         "en", "in_person", ("pat",), when=("tue", "16:30", "17:30")),
    Case("en_school_ride", "r_jamal", "transportation.school", "Morning ride to school",
         "My car broke down, need someone to take my 2 kids to school in the mornings next week.",
         "en", "in_person", ("denise",), when=("mon", "07:15", "08:00")),
    Case("en_ard", "r_tiffany", "school_system.iep", "Preparing for our first ARD meeting",
         "My son was just evaluated for autism and we have our first ARD / IEP meeting. What should I ask for?",
         "en", "either", ("veronica", "gabriela"), kind="blocked", traps=("michelle",)),
    Case("en_magnet", "r_stephanie", "school_system.enrollment", "Magnet school application deadline",
         "Want to apply for a middle school magnet for next year, how do transfers and the lottery work?",
         "en", "virtual", ("rachel",)),
    Case("en_conference", "r_jamal", "school_system.meetings", "Parent-teacher conference about behavior",
         "Teacher wants to meet about my son's behavior in class. I get defensive in these meetings, want advice on how to go in.",
         "en", "either", ("pam",)),
    Case("en_bullying", "r_kayla", "school_system", "Who do I talk to about bullying?",
         "My daughter is being bullied on the bus. Not sure if I go to the teacher, the principal or the district.",
         "en", "either", ("pam",)),
    Case("en_court", "r_omar", "immigration.paperwork", "Court hearing for asylum case - what to bring?",
         "We have a hearing at immigration court next month. I need someone to help me organize the papers (I have a lawyer but she is very busy).",
         "en", "either", ("ernesto",), kind="other_meaning", traps=("jake",)),
    Case("en_newcomers", "r_hao", "immigration.newcomers", "Helping a newcomer family",
         "A new family from Afghanistan moved into our complex, they speak Pashto and a little English. Who can show them the bus, groceries, clinic?",
         "en", "in_person", ("ahmed",)),
    Case("en_shots", "r_chris", "health.doctors", "Where to get school shots cheap?",
         "Kids need their vaccines (shots) before school starts and we don't have a pediatrician yet.",
         "en", "either", ("kim_rn",), kind="other_meaning", traps=("jake",)),
    Case("en_hearing", "r_brian", "health.doctors", "Failed hearing screening",
         "School nurse says my kindergartner failed the hearing screening. Where do we go next?",
         "en", "either", ("kim_rn",), kind="other_meaning", traps=("ernesto",)),
    Case("en_asthma", "r_omar", "health.doctors", "Son's asthma keeps getting worse",
         "The clinic gave us an inhaler but he still coughs every night. What kind of doctor should we see?",
         "en", "either", ("samir", "kim_rn")),
    Case("en_chip", "r_amy", "health.insurance", "CHIP renewal",
         "Got a letter that our CHIP coverage ends unless we renew. Confused by the form.",
         "en", "either", ("patricia_l",)),
    Case("en_food", "r_jamal", "benefits.food", "Food pantry + SNAP",
         "Between jobs. Where are food pantries near the school, and how long does SNAP take?",
         "en", "either", ("heather", "ruth")),
    Case("en_mold", "r_chris", "benefits.housing", "Landlord won't fix mold",
         "Mold in the kids bedroom and the landlord keeps ignoring us. What can we do?",
         "en", "virtual", ("dan", "ruth")),
    Case("en_resume", "r_stephanie", "jobs.resume", "Resume for going back to work",
         "Stay at home mom for 8 years, want to get back into office work. My resume is ancient.",
         "en", "virtual", ("monica",)),
    Case("en_taxes", "r_nicole", "jobs.budgeting", "Free tax help",
         "Single mom, want to file my taxes and get the child tax credit, can't pay H&R Block.",
         "en", "either", ("steve",)),
    Case("en_grief", "r_stephanie", "emotional_support.grief", "Talking to my kids about their grandpa dying",
         "My dad passed last week and my kids (6 and 9) keep asking questions. I don't know what to say.",
         "en", "either", ("anne",)),
    Case("en_drill", "r_brian", "household.lending", "Borrow a drill",
         "Need a drill and a ladder for an afternoon to hang curtains.",
         "en", "in_person", ("ken",), kind="other_meaning", traps=("tasha",)),
    Case("en_promotion_photos", "r_amy", "events.photography", "Photos for 5th grade promotion",
         "Looking for someone to take pictures at the 5th grade promotion ceremony in May.",
         "en", "in_person", ("olivia",)),
    Case("en_food_drive", "r_stephanie", "events.planning", "Organize a canned food drive",
         "I want to run a canned food drive at school before Thanksgiving. Need help planning and making flyers.",
         "en", "in_person", ("vane", "heather"), kind="other_meaning", traps=("denise",)),
    Case("en_potty", "r_nicole", "emotional_support.new_parents", "Potty training help!!",
         "3 yo refuses to potty train and preschool wants him trained by August. Tips?",
         "en", "either", ("paula",), kind="other_meaning", traps=("carlos_r",)),
]
