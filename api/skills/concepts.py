"""The built-in bilingual concept table (English ↔ Spanish) for matching strengths to needs.

A concept is one thing families offer or ask for ("fractions", "rides to school", "green card"), named
by the words caregivers actually write for it in English and in Spanish (including Spanglish and
regional variants), so a need written in one language finds a strength written in the other.
`broader` links a concept to the concept it is a kind of (fractions -> math), never to a mere relative.

Matching: each term is lower-cased, accents are stripped, and every word is stemmed with its own
language's Snowball stemmer, so plurals and verb forms need not be listed; a term of up to 3 words
matches as a phrase (stop words such as "de" or "the" are skipped). A term belongs to one concept only
(per language); avoid words that would match almost any text (help, kids, escuela...).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Concept:
    key: str  # stable id, ascii snake_case, e.g. "homework"
    en: tuple[str, ...]  # English terms; the first is the label shown to families
    es: tuple[str, ...]  # Spanish terms; the first is the label shown to families
    broader: str | None = None  # key of a broader concept this one is a kind of (e.g. fractions -> math)


@dataclass(frozen=True)
class Sense:
    """A term of the table that means another concept in a text filed under `category` (a category
    slug or its root, api/skills/taxonomy.py): "suspension" is a pupil's under most categories and a
    truck's under car repair; an "app" asked about under school apps is a school app, not a phone."""

    lang: str
    term: str
    category: str
    concept: str
    # A concept that, named elsewhere in the same text, chooses this meaning under any category:
    # "suspensión" beside "frenos" or "mecánico" is a truck's wherever the helper filed it.
    cue: str | None = None


CONCEPTS: tuple[Concept, ...] = (
    # Tutoring and homework
    # Teaching or learning a thing, either side of it: "teach my kid to ride" finds "le enseño a andar en
    # bici", and "quiere aprender" finds "I teach". (Lessons of a subject are their own concepts.)
    Concept(
        "teaching",
        ("teach", "teaching", "learn", "learning", "lessons", "show how"),
        ("enseñar", "enseño", "aprender", "aprenda", "lecciones", "enseñanza"),
    ),
    Concept(
        "tutoring",
        ("tutoring", "private lessons", "private tutor", "tutor"),
        (
            "tutoría",
            "clases particulares",
            "maestro particular",
            "asesoría escolar",
            "tutor",
            "regularización",
            "clases de regularización",
        ),
    ),
    Concept(
        "homework",
        ("homework", "assignment", "worksheet", "extra credit"),
        ("tarea", "deberes", "hoja de trabajo", "asignación"),
        "tutoring",
    ),
    # Math
    Concept(
        "math",
        ("math", "mathematics", "arithmetic", "place value", "number sense", "word problems", "maths"),
        (
            "matemáticas",
            "mate",
            "aritmética",
            "valor posicional",
            "problemas razonados",
            "problemas verbales",
            "matemática",
        ),
        "tutoring",
    ),
    Concept(
        "addition_subtraction",
        ("addition and subtraction", "subtraction", "adding numbers", "addition facts"),
        ("sumas y restas", "sumar números", "restar números"),
        "math",
    ),
    Concept(
        "multiplication",
        ("multiplication", "times tables", "long division", "division", "multiply"),
        ("multiplicación", "tablas de multiplicar", "división", "multiplicaciones", "multiplicar"),
        "math",
    ),
    Concept(
        "fractions",
        ("fractions", "decimal", "percentage", "ratio"),
        ("fracciones", "quebrados", "decimales", "porcentaje"),
        "math",
    ),
    Concept(
        "algebra", ("algebra", "pre-algebra", "equation"), ("álgebra", "prealgebra", "ecuaciones", "despejar"), "math"
    ),
    Concept(
        "geometry",
        ("geometry", "area and perimeter", "angles", "geometric shapes"),
        ("geometría", "área y perímetro", "ángulos", "figuras geométricas"),
        "math",
    ),
    Concept(
        "advanced_math",
        ("advanced math", "high school math", "AP math"),
        ("matemáticas avanzadas", "mate avanzada", "matemáticas de prepa"),
        "math",
    ),
    # Reading and writing
    Concept(
        "reading",
        ("reading", "reader", "reading level", "read aloud", "bedtime stories"),
        ("lectura", "leer", "nivel de lectura", "lector", "leer cuentos", "cuentos infantiles"),
        "tutoring",
    ),
    Concept(
        "phonics",
        ("phonics", "letter sounds", "sight words", "learning to read", "alphabet", "phonemic awareness"),
        ("fonética", "sonido de letras", "aprender a leer", "sílabas", "abecedario", "alfabeto", "silabario"),
        "reading",
    ),
    Concept(
        "reading_comprehension",
        ("reading comprehension", "comprehension"),
        ("comprensión lectora", "comprensión de lectura", "entender la lectura"),
        "reading",
    ),
    Concept(
        "writing",
        ("writing", "composition", "writing skills"),
        ("escritura", "escribir", "redacción", "redactar"),
        "tutoring",
    ),
    Concept(
        "essays",
        ("essay", "research paper", "paragraph"),
        ("ensayo", "composición", "trabajo de investigación", "párrafo"),
        "writing",
    ),
    Concept(
        "spelling",
        ("spelling", "spelling bee", "spelling words"),
        ("ortografía", "deletrear", "deletreo", "palabras de ortografía"),
        "writing",
    ),
    # Science and other subjects
    Concept(
        "science",
        ("science", "STEM", "science class"),
        ("ciencias", "ciencias naturales", "clase de ciencias"),
        "tutoring",
    ),
    Concept(
        "science_project",
        ("science project", "science fair", "science experiment"),
        ("proyecto de ciencias", "feria de ciencias", "experimento"),
        "science",
    ),
    Concept(
        "lab_sciences",
        ("lab science", "science lab", "lab report"),
        ("ciencias de laboratorio", "laboratorio", "reporte de laboratorio"),
        "science",
    ),
    Concept(
        "social_studies",
        ("social studies", "social science", "humanities"),
        ("estudios sociales", "ciencias sociales", "humanidades"),
        "tutoring",
    ),
    # Tests, college and adult education
    Concept(
        "test_prep",
        ("test prep", "test preparation", "exam", "practice test", "standardized test", "test taking"),
        ("preparación para exámenes", "examen", "exámenes de práctica", "examen estandarizado", "estudiar para examen"),
        "tutoring",
    ),
    Concept(
        "staar", ("STAAR", "state test", "state testing"), ("STAAR", "examen estatal", "examen STAAR"), "test_prep"
    ),
    Concept(
        "sat_act",
        ("SAT", "PSAT", "ACT test", "college entrance exam"),
        ("SAT", "PSAT", "examen de admisión", "examen ACT"),
        "test_prep",
    ),
    Concept(
        "college",
        ("college", "university", "college application", "college admissions"),
        ("universidad", "solicitud universitaria", "solicitud de admisión", "college"),
    ),
    Concept(
        "financial_aid",
        ("financial aid", "FAFSA", "student loan"),
        ("ayuda financiera", "FAFSA", "préstamo estudiantil"),
        "college",
    ),
    Concept(
        "adult_education",
        ("GED", "adult education", "high school diploma", "adult classes", "HiSET"),
        ("GED", "educación para adultos", "prepa abierta", "terminar la prepa", "clases para adultos", "HiSET"),
    ),
    # Languages and interpreting
    Concept(
        "interpreting",
        ("interpreting", "interpreter", "interpretation"),
        ("interpretación", "intérprete", "interpretar"),
    ),
    Concept(
        "translation",
        ("translation", "translate", "translator", "certified translation"),
        ("traducción", "traducir", "traductor", "traduzca", "traducción certificada"),
        "interpreting",
    ),
    Concept(
        "english_classes",
        (
            "English classes",
            "ESL",
            "learn English",
            "English practice",
            "ELL",
            "English lessons",
            "English conversation",
        ),
        (
            "clases de inglés",
            "aprender inglés",
            "practicar inglés",
            "ESL",
            "cursos de inglés",
            "hablar inglés",
            "conversación en inglés",
        ),
    ),
    Concept(
        "spanish_lessons",
        ("Spanish lessons", "learn Spanish", "Spanish practice", "Spanish class"),
        ("clases de español", "aprender español", "practicar español"),
    ),
    Concept(
        "other_languages",
        ("foreign languages", "French", "Portuguese", "Mandarin", "Arabic", "German", "Italian", "Japanese"),
        (
            "idiomas extranjeros",
            "francés",
            "portugués",
            "mandarín",
            "árabe",
            "alemán",
            "italiano",
            "japonés",
        ),
    ),
    Concept(
        "indigenous_languages",
        ("indigenous language", "Nahuatl", "Mixtec", "Kiche", "Mayan language"),
        ("lengua indígena", "náhuatl", "mixteco", "quiché", "lengua maya", "dialecto"),
        "other_languages",
    ),
    Concept(
        "dual_language",
        ("dual language", "bilingual program", "bilingual education", "immersion program"),
        ("doble idioma", "lenguaje dual", "programa bilingüe", "educación bilingüe"),
        "school_system",
    ),
    # Cooking and food
    Concept(
        "cooking",
        ("cooking", "recipe", "chef", "cooking lessons", "cook"),
        ("cocinar", "cocina", "receta", "cocinero", "clases de cocina"),
    ),
    Concept(
        "meals",
        ("meal", "dinner", "home cooked", "food", "supper"),
        ("comida casera", "comida hecha", "cena", "guisado"),
        "cooking",
    ),
    Concept(
        "meal_train",
        ("meal train", "bring meals", "meal delivery", "drop off dinner", "Meals on Wheels"),
        ("tren de comidas", "llevar comida", "llevarle comida", "comidas para familias", "comida a domicilio"),
        "meals",
    ),
    Concept("baking", ("baking", "cookies", "pastry"), ("repostería", "hornear", "galletas"), "cooking"),
    Concept(
        "traditional_food",
        ("traditional food", "mexican food", "latin food"),
        ("comida típica", "comida mexicana", "comida tradicional", "antojitos"),
        "cooking",
    ),
    Concept("tamales", ("tamales", "tamalada"), ("tamales", "tamalada", "hacer tamales"), "traditional_food"),
    Concept(
        "nutrition",
        ("nutrition", "healthy eating", "picky eater", "healthy meals"),
        ("nutrición", "alimentación saludable", "comer sano", "comida saludable"),
    ),
    Concept(
        "groceries",
        ("groceries", "grocery shopping", "grocery store", "grocery run", "food shopping"),
        ("supermercado", "hacer el mandado", "compras del súper", "abarrotes", "tienda de abarrotes"),
    ),
    # Home repair and trades
    Concept(
        "home_repair",
        ("home repair", "handyman", "house repairs", "odd jobs", "home maintenance", "handy man"),
        (
            "reparaciones del hogar",
            "arreglos caseros",
            "handyman",
            "todero",
            "reparaciones menores",
            "mantenimiento de casa",
            "maestro de obras",
            "arreglos de casa",
        ),
    ),
    Concept(
        "plumbing",
        ("plumbing", "plumber", "leaky faucet", "water leak", "pipes", "burst pipe"),
        ("plomería", "plomero", "fontanero", "fuga de agua", "tubería", "llave que gotea", "fontanería", "tubo roto"),
        "home_repair",
    ),
    Concept(
        "electrical",
        ("electrical", "electrician", "wiring", "electrical work"),
        ("electricista", "instalación eléctrica", "cableado", "trabajo eléctrico", "cables eléctricos"),
        "home_repair",
    ),
    Concept(
        "house_painting",
        (
            "painting walls",
            "house painting",
            "paint a room",
            "interior painting",
            "paint",
            "painter",
            "paint bedroom",
            "repaint",
        ),
        (
            "pintar la casa",
            "pintar paredes",
            "pintor de casas",
            "pintar",
            "pintor",
            "pintar recámara",
            "pintar cuarto",
            "pintura",
        ),
        "home_repair",
    ),
    Concept(
        "carpentry",
        ("carpentry", "carpenter", "woodworking", "build shelves", "woodwork"),
        ("carpintería", "carpintero", "trabajos en madera", "hacer repisas", "ebanista"),
        "home_repair",
    ),
    Concept(
        "appliance_repair",
        ("appliance repair", "dishwasher", "oven", "stove", "microwave"),
        ("electrodomésticos", "estufa", "microondas", "lavavajillas"),
        "home_repair",
    ),
    Concept(
        "roof_fence",
        ("roof repair", "roof leak", "gutters", "roofer", "roofing", "shingles", "roof"),
        ("techo", "gotera", "canaletas", "techero", "impermeabilizar", "arreglar techo"),
        "home_repair",
    ),
    Concept(
        "cleaning",
        ("house cleaning", "cleaning", "deep clean", "housekeeping", "maid service", "house cleaner", "mopping"),
        (
            "limpieza",
            "limpiar la casa",
            "hacer el aseo",
            "limpieza profunda",
            "limpieza de casas",
            "limpiadora",
            "trapear",
        ),
        "household",
    ),
    # Car repair and driving
    Concept(
        "car_repair",
        ("car repair", "mechanic", "auto repair", "car trouble", "fix my car", "car mechanic", "auto shop"),
        (
            "mecánico",
            "taller mecánico",
            "arreglar el carro",
            "reparar el carro",
            "carro descompuesto",
            "coche descompuesto",
            "arreglar el coche",
        ),
    ),
    Concept(
        "oil_change",
        ("oil change", "change the oil", "motor oil"),
        ("cambio de aceite", "cambiar el aceite", "aceite del carro"),
        "car_repair",
    ),
    Concept(
        "tires",
        ("flat tire", "spare tire", "new tires", "tyre", "tire change"),
        ("llanta", "llanta ponchada", "ponchada", "neumático", "caucho", "goma ponchada", "cambiar llanta"),
        "car_repair",
    ),
    Concept("brakes", ("brakes", "brake pads"), ("frenos", "balatas"), "car_repair"),
    # "suspension" itself is a pupil's (behavior) but under car repair (SENSES below).
    Concept(
        "car_suspension",
        ("shocks", "struts", "shock absorbers", "wheel alignment"),
        ("amortiguadores", "alineación y balanceo", "rótulas"),
        "car_repair",
    ),
    Concept(
        "vehicle_paperwork",
        (
            "car inspection",
            "vehicle registration",
            "license plates",
            "car title",
            "car insurance",
            "car registration",
            "registration sticker",
        ),
        (
            "inspección del carro",
            "placas del carro",
            "registro del carro",
            "título del carro",
            "aseguranza del carro",
            "seguro del carro",
            "renovar placas",
            "calcomanía del carro",
        ),
    ),
    Concept(
        "drivers_license",
        (
            "driver's license",
            "driving test",
            "learner's permit",
            "driving record",
            "license test",
            "road test",
            "driver license",
        ),
        (
            "licencia de manejar",
            "licencia de conducir",
            "examen de manejo",
            "permiso de aprendiz",
            "licencia",
            "licencia de manejo",
        ),
    ),
    Concept(
        "driving_lessons",
        ("driving lessons", "learn to drive", "teach to drive", "driving practice"),
        ("clases de manejo", "aprender a manejar", "enseñar a manejar", "practicar manejo"),
        "drivers_license",
    ),
    # Sewing and gardening
    Concept(
        "sewing",
        ("sewing", "mending", "sewing machine", "seamstress", "sew"),
        ("costura", "coser", "costurera", "máquina de coser", "remendar"),
    ),
    Concept(
        "alterations",
        ("alterations", "hem", "tailor", "altering clothes", "hemming"),
        ("arreglos de ropa", "bastilla", "dobladillo", "ajustar ropa", "sastre", "subir bastilla", "arreglar ropa"),
        "sewing",
    ),
    Concept(
        "knitting",
        ("knitting", "knit", "knitting needles"),
        ("tejer", "tejido", "agujas de tejer", "tejer con agujas"),
        "crafts",
    ),
    Concept(
        "gardening", ("gardening", "garden", "plants", "composting"), ("jardinería", "jardín", "plantas", "sembrar")
    ),
    Concept(
        "yard_work",
        ("yard work", "landscaping", "yard care", "lawn care"),
        ("yarda", "jardinero", "césped", "trabajo de yarda"),
        "gardening",
    ),
    # Tech help
    Concept(
        "tech_help",
        ("tech help", "technology", "tech support", "tech savvy", "zoom", "video call"),
        ("tecnología", "soporte técnico", "ayuda con tecnología", "zoom", "videollamada"),
    ),
    Concept(
        "computers",
        ("computer", "laptop", "chromebook", "desktop", "pc", "computer classes", "computer skills"),
        ("computadora", "compu", "laptop", "chromebook", "clases de computación", "computación básica", "computador"),
        "tech_help",
    ),
    Concept(
        "office_software",
        ("microsoft office", "microsoft word", "spreadsheet", "microsoft excel", "google docs", "powerpoint"),
        ("Microsoft Word", "excel", "hoja de cálculo", "google docs", "powerpoint"),
        "computers",
    ),
    Concept(
        "phones",
        ("phone", "smartphone", "cell phone", "iphone", "android", "app", "cellphone"),
        ("celular", "teléfono", "iphone", "android", "app", "descargar la app", "móvil", "teléfono celular"),
        "tech_help",
    ),
    Concept(
        "wifi",
        ("wifi", "internet", "hotspot", "router", "internet service"),
        ("wifi", "internet", "hotspot", "módem", "servicio de internet"),
        "tech_help",
    ),
    Concept(
        "email",
        ("email", "e-mail", "gmail", "password", "log in", "account locked"),
        ("correo electrónico", "correo", "email", "gmail", "contraseña", "iniciar sesión"),
        "tech_help",
    ),
    Concept(
        "printing",
        ("printing", "printer", "print out", "scanner", "scan", "photocopies"),
        ("imprimir", "impresora", "escanear", "escáner", "fotocopias", "sacar copias"),
        "tech_help",
    ),
    Concept(
        "online_safety",
        ("online safety", "parental controls", "internet safety"),
        ("seguridad en internet", "control parental", "seguridad digital"),
        "tech_help",
    ),
    Concept(
        "school_portals",
        (
            "parent portal",
            "school portal",
            "portal",
            "school app",
            "Skyward",
            "PowerSchool",
            "ParentSquare",
            "Home Access Center",
        ),
        (
            "portal de padres",
            "portal escolar",
            "aplicación escolar",
            "Skyward",
            "PowerSchool",
            "ParentSquare",
            "Home Access Center",
        ),
        "tech_help",
    ),
    Concept(
        "learning_platforms",
        (
            "Google Classroom",
            "Canvas",
            "Seesaw",
            "Schoology",
            "Class Dojo",
            "Clever app",
            "IXL",
            "Khan Academy",
            "Lexia",
            "Zearn",
        ),
        (
            "Google Classroom",
            "Canvas",
            "Seesaw",
            "Schoology",
            "Class Dojo",
            "Clever",
            "IXL",
            "Khan Academy",
            "Lexia",
            "Zearn",
        ),
        "school_portals",
    ),
    Concept(
        "coding",
        ("coding", "computer programming", "computer science", "python"),
        ("programación de computadoras", "aprender a programar", "código", "informática"),
        "tech_help",
    ),
    # Arts and music
    Concept(
        "arts",
        ("art", "artist", "arts and crafts", "art class"),
        ("arte", "artista", "artes plásticas", "clases de arte"),
    ),
    Concept(
        "visual_art",
        ("visual arts", "fine art", "art lessons"),
        ("artes visuales", "bellas artes", "pintura y dibujo"),
        "arts",
    ),
    Concept(
        "crafts",
        ("crafts", "craft projects", "DIY", "scrapbooking", "handmade"),
        ("manualidades", "artesanías", "hecho a mano", "proyectos de manualidades"),
        "arts",
    ),
    Concept(
        "graphic_design",
        ("graphic design", "flyer", "logo", "brochure", "poster"),
        ("diseño gráfico", "volante", "flyer", "logo", "cartulina"),
        "arts",
    ),
    Concept(
        "theater",
        ("theater", "acting class", "school play", "drama club", "drama", "musical theater"),
        ("teatro", "actuación", "obra de teatro", "actuar", "drama", "teatro musical"),
        "arts",
    ),
    Concept("music", ("music", "musician", "music lessons"), ("música", "músico", "clases de música"), "arts"),
    Concept(
        "instruments",
        ("instrument", "musical instrument", "instrument lessons"),
        ("instrumento", "instrumento musical", "tocar un instrumento"),
        "music",
    ),
    Concept("singing", ("singing", "voice lessons", "singer"), ("cantar", "canto", "clases de canto"), "music"),
    Concept("band", ("school band", "marching band"), ("banda", "banda de guerra"), "music"),
    Concept(
        "dance",
        ("dance", "ballet", "dance class", "choreography", "quinceañera dance"),
        ("baile", "danza", "ballet", "clases de baile", "coreografía", "vals"),
        "arts",
    ),
    # Sports and fitness
    Concept(
        "sports",
        ("sports", "athletics", "youth sports"),
        ("deportes", "deporte", "atletismo", "deportista", "liga infantil", "deportivo", "deportiva"),
    ),
    Concept(
        "coaching",
        ("coach", "coaching", "team practice", "assistant coach"),
        ("entrenador", "coach", "entrenar un equipo", "dirigir un equipo"),
        "sports",
    ),
    Concept(
        "soccer", ("soccer", "futbol", "soccer team"), ("fútbol", "futbol soccer", "soccer", "cascarita"), "sports"
    ),
    Concept("basketball", ("basketball", "hoops"), ("básquetbol", "baloncesto", "básquet"), "sports"),
    Concept(
        "baseball", ("baseball", "little league", "tee ball"), ("béisbol", "liga pequeña", "beisbolista"), "sports"
    ),
    Concept(
        "martial_arts",
        ("martial arts", "karate", "taekwondo", "jiu jitsu", "judo"),
        ("artes marciales", "karate", "taekwondo", "judo"),
        "sports",
    ),
    Concept(
        "gymnastics",
        ("gymnastics", "tumbling", "gymnastics class"),
        ("gimnasia artística", "acrobacias", "clases de gimnasia"),
        "sports",
    ),
    Concept("chess", ("chess", "chess club"), ("ajedrez", "club de ajedrez")),
    Concept(
        "swimming",
        ("swimming", "swim lessons", "learn to swim", "swimming pool", "water safety", "swim"),
        ("natación", "aprender a nadar", "clases de natación", "alberca", "piscina"),
        "sports",
    ),
    Concept(
        "fitness",
        ("exercise", "workout", "fitness class", "gym", "jogging", "physical activity"),
        (
            "ejercicio",
            "gimnasio",
            "entrenamiento físico",
            "salir a correr",
            "hacer ejercicio",
            "actividad física",
            "condición física",
        ),
        "sports",
    ),
    Concept(
        "outdoor_play",
        ("outdoor play", "camping", "playground", "outdoors"),
        ("jugar afuera", "parque", "acampar", "aire libre"),
        "fitness",
    ),
    # Childcare
    Concept(
        "childcare",
        ("childcare", "child care", "daycare", "day care"),
        ("cuidado de niños", "guardería", "estancia infantil", "cuidar niños", "cuidado infantil"),
    ),
    Concept(
        "babysitting",
        ("babysitting", "babysitter", "nanny", "sitter", "watch my kids", "overnight care", "babysit", "baby sitter"),
        ("niñera", "niñero", "cuidar mis hijos", "babysitter", "cuidadora", "cuidado nocturno"),
        "childcare",
    ),
    Concept(
        "after_school",
        ("after school care", "afterschool program", "aftercare", "before school care", "early drop off"),
        ("después de clases", "programa extraescolar", "cuidado extraescolar", "cuidado matutino"),
        "childcare",
    ),
    Concept(
        "summer_camp",
        ("summer camp", "day camp", "spring break camp", "summer program"),
        ("campamento de verano", "campamento", "curso de verano", "programa de verano"),
        "childcare",
    ),
    Concept(
        "playdates",
        ("playdate", "play date", "playmates", "play group"),
        ("jugar juntos", "amiguitos", "compañeros de juego", "reunión para jugar"),
    ),
    Concept(
        "scouts_clubs",
        ("girl scouts", "boy scouts", "scouting", "extracurricular"),
        ("scouts", "exploradores", "actividades extracurriculares", "clubes escolares"),
    ),
    Concept(
        "parenting",
        ("parenting advice", "tantrums", "positive discipline", "toddler", "raising kids"),
        ("crianza", "berrinches", "rabietas", "disciplina positiva", "educar hijos"),
    ),
    Concept(
        "elder_care",
        ("elder care", "elderly parent", "senior care", "grandparent care", "aging parent", "elderly care"),
        (
            "cuidado de ancianos",
            "adulto mayor",
            "cuidar abuelitos",
            "personas mayores",
            "cuidar ancianos",
            "cuidado de abuelos",
        ),
    ),
    # Rides and transportation
    Concept(
        "rides",
        ("ride", "transportation", "drive", "driver", "give a ride", "airport ride"),
        ("transporte", "raite", "ride", "aventón", "jalón", "llevar", "llevar al aeropuerto"),
    ),
    Concept(
        "school_rides",
        ("ride to school", "school drop off", "drop off", "carpool", "school run"),
        ("llevarlos a clases", "dejarlos en clases", "carpool", "compartir raite", "llevar a escuela"),
        "rides",
    ),
    Concept(
        "school_pickup",
        ("school pickup", "pick up", "pickup", "dismissal", "pick-up line"),
        ("recoger", "ir a recoger", "hora de salida", "salida escolar"),
        "school_rides",
    ),
    Concept(
        "walking_bus",
        ("walking bus", "walk to school", "crossing guard", "walking group"),
        ("autobús caminante", "caminar a clases", "ir caminando", "acompañar caminando"),
        "school_rides",
    ),
    Concept(
        "school_bus",
        ("school bus", "bus stop", "bus route", "bus driver"),
        (
            "autobús escolar",
            "camión escolar",
            "parada del autobús",
            "ruta del autobús",
            "camión de escuela",
            "autobús de escuela",
        ),
        "school_rides",
    ),
    Concept(
        "activity_rides",
        ("ride to practice", "take to practice", "rides to games", "ride to activities"),
        ("llevar al entrenamiento", "llevar a práctica", "llevar a actividades", "llevar al partido"),
        "rides",
    ),
    Concept(
        "appointment_rides",
        ("ride to appointment", "ride to doctor", "medical transportation", "medical ride"),
        ("llevar a citas", "llevar al doctor", "transporte médico"),
        "rides",
    ),
    Concept(
        "public_transit",
        ("public transit", "public transportation", "city bus", "bus pass", "light rail", "subway"),
        (
            "transporte público",
            "pase de autobús",
            "autobús urbano",
            "metro",
            "el bus",
            "camión urbano",
            "transporte urbano",
            "guagua",
        ),
        "rides",
    ),
    Concept(
        "car_seat",
        ("car seat", "booster seat", "booster", "car seat installation"),
        ("silla de carro", "asiento de carro", "silla para carro", "booster", "asiento elevado", "silla del carro"),
    ),
    # Navigating school
    Concept(
        "school_system",
        ("school system", "school district", "how school works", "navigating school"),
        ("sistema escolar", "distrito escolar", "sistema educativo", "entender la escuela"),
    ),
    Concept(
        "enrollment",
        ("enrollment", "enroll", "school registration", "register for school", "new student", "school signup"),
        ("inscripción", "inscribir", "registro", "matrícula", "estudiante nuevo", "matricular"),
        "school_system",
    ),
    Concept(
        "school_transfer",
        ("school transfer", "transfer schools", "magnet school", "charter school", "school choice"),
        ("cambio de escuela", "transferencia escolar", "escuela charter", "escuela magnet"),
        "enrollment",
    ),
    Concept(
        "pre_k",
        ("pre-k", "preschool", "kindergarten", "head start", "kinder", "pre-kindergarten"),
        ("prekínder", "preescolar", "entrar al kínder", "head start", "kínder"),
        "enrollment",
    ),
    Concept(
        "special_education",
        ("special education", "special ed", "sped", "disability", "special needs"),
        ("educación especial", "necesidades especiales", "discapacidad", "educación diferencial"),
        "school_system",
    ),
    Concept(
        "iep",
        ("IEP", "ARD meeting", "ARD", "individualized education"),
        ("IEP", "junta ARD", "ARD", "plan educativo individual", "PEI"),
        "special_education",
    ),
    Concept(
        "plan_504", ("504 plan", "504", "accommodations"), ("plan 504", "504", "acomodaciones"), "special_education"
    ),
    Concept(
        "sped_evaluation",
        ("evaluation", "FIIE", "psychoeducational", "testing for services"),
        ("evaluación", "evaluación del distrito", "evaluación psicológica"),
        "special_education",
    ),
    Concept(
        "dyslexia",
        ("dyslexia", "dyslexic", "reading disability"),
        ("dislexia", "disléxico", "problemas de aprendizaje"),
        "special_education",
    ),
    Concept(
        "adhd",
        ("ADHD", "attention deficit", "hyperactivity"),
        ("TDAH", "déficit de atención", "hiperactividad", "hiperactivo"),
        "special_education",
    ),
    Concept(
        "autism",
        ("autism", "autistic", "on the spectrum", "ABA therapy"),
        ("autismo", "autista", "espectro autista", "terapia ABA"),
        "special_education",
    ),
    Concept(
        "speech_therapy",
        ("speech therapy", "speech delay", "speech therapist", "language delay"),
        ("terapia de lenguaje", "terapia del habla", "retraso del habla", "problemas de lenguaje"),
        "special_education",
    ),
    Concept(
        "parent_teacher",
        (
            "parent-teacher conference",
            "teacher conference",
            "meeting with teacher",
            "parent conference",
            "talk to teacher",
            "teacher note",
        ),
        (
            "junta con maestra",
            "reunión con maestros",
            "conferencia de padres",
            "junta de padres",
            "hablar con maestra",
            "recado del maestro",
            "nota del maestro",
        ),
        "school_system",
    ),
    Concept(
        "report_card",
        ("report card", "progress report", "low grades", "GPA", "failing class", "graduation credits"),
        ("boleta", "boleta de calificaciones", "calificaciones", "reprobando", "promedio", "créditos para graduarse"),
        "school_system",
    ),
    Concept(
        "attendance",
        (
            "school attendance",
            "absences",
            "absent",
            "tardy",
            "truancy",
            "attendance letter",
            "truancy letter",
            "missing school",
        ),
        (
            "asistencia escolar",
            "faltas a clases",
            "ausencias",
            "inasistencias",
            "llegar tarde",
            "carta de asistencia",
            "carta de faltas",
            "faltas injustificadas",
            "ausentismo",
        ),
        "school_system",
    ),
    Concept(
        "school_lunch",
        (
            "school lunch",
            "free lunch",
            "reduced lunch",
            "lunch application",
            "lunch account",
            "packed lunch",
            "lunchbox",
            "cafeteria",
        ),
        (
            "almuerzo escolar",
            "almuerzo gratis",
            "lonche",
            "solicitud de almuerzo",
            "desayuno escolar",
            "lonchera",
            "cafetería escolar",
            "comida escolar",
        ),
        "school_system",
    ),
    Concept(
        "school_supplies",
        ("school supplies", "backpack", "supply list", "pencils", "notebooks", "binder"),
        ("útiles escolares", "mochila", "lista de útiles", "materiales escolares", "cuadernos", "lápices", "libretas"),
        "school_system",
    ),
    Concept(
        "behavior",
        ("behavior problems", "behavior plan", "suspension", "detention", "discipline referral", "misbehavior"),
        (
            "mal comportamiento",
            "conducta",
            "suspensión",
            "castigo escolar",
            "reporte de conducta",
            "problemas de conducta",
        ),
        "school_system",
    ),
    Concept(
        "bullying",
        ("bullying", "bully", "cyberbullying", "teasing"),
        ("bullying", "acoso escolar", "burlas", "ciberacoso"),
        "school_system",
    ),
    Concept(
        "field_trip",
        ("field trip", "permission slip", "school trip", "class trip"),
        ("excursión", "paseo escolar", "permiso firmado", "viaje escolar", "excursión escolar", "paseo de escuela"),
        "school_system",
    ),
    Concept(
        "emergency_contact",
        ("emergency contact", "emergency card", "authorized pickup"),
        ("contacto de emergencia", "persona autorizada", "tarjeta de emergencia"),
    ),
    # Documents, forms and cross-cutting tasks
    Concept(
        "documents",
        ("document", "paperwork", "form", "fill out forms", "application form"),
        ("documento", "papeles", "papeleo", "formulario", "llenar formas", "planilla"),
    ),
    Concept(
        "applying",
        ("apply", "application", "applying for", "eligibility"),
        ("aplicar", "solicitud", "solicitar", "llenar la solicitud", "elegibilidad"),
        "documents",
    ),
    Concept(
        "proof_of_address",
        ("proof of address", "proof of residency", "proof of income", "pay stubs"),
        ("comprobante de domicilio", "prueba de domicilio", "comprobante de ingresos", "talones de cheque"),
        "documents",
    ),
    Concept(
        "birth_certificate",
        ("birth certificate", "apostille"),
        ("acta de nacimiento", "partida de nacimiento", "certificado de nacimiento", "apostilla"),
        "documents",
    ),
    Concept(
        "photo_id",
        ("photo ID", "state ID", "identification", "ID card"),
        ("identificación", "credencial", "ID del estado", "tarjeta de identificación"),
        "documents",
    ),
    Concept(
        "social_security",
        ("social security", "SSN", "social security card"),
        ("seguro social", "número de social", "tarjeta del social"),
        "documents",
    ),
    Concept(
        "phone_call",
        ("phone call", "make a call", "calling offices", "phone calls"),
        ("llamada telefónica", "hacer una llamada", "llamar por teléfono", "hacer llamadas"),
    ),
    Concept(
        "appointment",
        ("appointment", "appt", "schedule an appointment", "book an appointment"),
        ("cita", "sacar cita", "agendar cita", "hacer una cita"),
    ),
    Concept(
        "legal_help",
        ("legal help", "lawyer", "attorney", "legal aid", "legal advice"),
        ("abogado", "asesoría legal", "ayuda legal", "consulta legal"),
    ),
    Concept(
        "custody",
        ("custody", "custody agreement", "visitation"),
        ("custodia", "régimen de visitas", "convenio de custodia"),
        "legal_help",
    ),
    # Immigration
    Concept(
        "immigration_papers",
        (
            "immigration",
            "immigration paperwork",
            "USCIS",
            "immigration forms",
            "immigration status",
            "immigration papers",
        ),
        (
            "inmigración",
            "migración",
            "trámites migratorios",
            "arreglar papeles",
            "papeles de migración",
            "papeles de inmigración",
        ),
    ),
    Concept(
        "green_card",
        ("green card", "permanent resident", "permanent residency", "legal residency", "residency card"),
        ("green card", "residencia", "tarjeta verde", "mica", "residencia permanente", "residencia legal"),
        "immigration_papers",
    ),
    Concept(
        "citizenship",
        (
            "citizenship",
            "citizenship test",
            "become a citizen",
            "naturalization interview",
            "citizenship application",
            "N-400",
        ),
        ("ciudadanía", "naturalización", "examen de ciudadanía", "hacerse ciudadano", "hacerse ciudadana"),
        "immigration_papers",
    ),
    Concept(
        "visa",
        ("visa", "tourist visa", "u visa", "visa renewal"),
        ("visa", "visa de turista", "visa U", "renovar la visa"),
        "immigration_papers",
    ),
    Concept(
        "work_permit",
        ("work permit", "EAD", "employment authorization"),
        ("permiso de trabajo", "EAD", "autorización de empleo"),
        "immigration_papers",
    ),
    Concept(
        "daca",
        ("DACA", "dreamer", "deferred action", "DACA renewal"),
        ("DACA", "dreamers", "acción diferida", "soñadores", "renovar DACA"),
        "immigration_papers",
    ),
    Concept(
        "asylum",
        ("asylum", "refugee", "TPS", "humanitarian parole"),
        ("asilo", "refugiado", "TPS", "asilo político"),
        "immigration_papers",
    ),
    Concept(
        "immigration_lawyer",
        ("immigration lawyer", "immigration court", "court date", "immigration hearing"),
        ("abogado de inmigración", "corte de inmigración", "cita en corte", "audiencia"),
        "legal_help",
    ),
    Concept(
        "deportation",
        ("deportation", "know your rights", "immigration raid", "ICE raid", "detained"),
        ("orden de deportación", "la migra", "conoce tus derechos", "detenido", "deportación", "deportar"),
        "immigration_papers",
    ),
    Concept(
        "itin", ("ITIN", "tax id number", "taxpayer id"), ("ITIN", "identificación fiscal", "número de taxes"), "taxes"
    ),
    Concept(
        "consulate",
        ("consulate", "mexican consulate", "matricula consular", "consular id"),
        ("consulado", "matrícula consular", "cita consular", "consulado mexicano"),
    ),
    Concept(
        "newcomers",
        ("newcomer", "new immigrant", "recently arrived", "settling in"),
        ("recién llegado", "inmigrante nuevo", "acabamos de llegar", "adaptarse al país", "recién llegamos"),
    ),
    # Health care
    Concept(
        "health_care",
        ("health care", "healthcare", "medical care", "medical"),
        ("atención médica", "salud", "servicios médicos", "cuidado médico"),
    ),
    Concept(
        "doctor",
        (
            "doctor",
            "pediatrician",
            "primary care",
            "family doctor",
            "checkup",
            "sports physical",
            "well child visit",
            "physical exam",
            "physician",
        ),
        ("doctor", "médico", "pediatra", "médico familiar", "chequeo", "examen físico", "examen médico"),
        "health_care",
    ),
    Concept(
        "clinic",
        ("clinic", "community clinic", "urgent care", "health center", "emergency room"),
        ("clínica", "clínica comunitaria", "centro de salud", "urgencias", "sala de emergencias"),
        "health_care",
    ),
    Concept(
        "dentist",
        ("dentist", "dental", "teeth cleaning", "toothache", "cavities", "cavity"),
        ("dentista", "dental", "limpieza dental", "dolor de muelas", "caries", "odontólogo"),
        "health_care",
    ),
    Concept(
        "vision",
        (
            "eye doctor",
            "glasses",
            "eye exam",
            "optometrist",
            "vision",
            "eyeglasses",
            "contact lenses",
            "ophthalmologist",
        ),
        (
            "oculista",
            "anteojos",
            "lentes",
            "lentes graduados",
            "examen de vista",
            "optometrista",
            "gafas",
            "lentes de contacto",
            "oftalmólogo",
        ),
        "health_care",
    ),
    Concept(
        "vaccines",
        ("vaccine", "vaccination", "shots", "immunization", "shot records"),
        ("vacuna", "vacunación", "cartilla de vacunación", "inmunización", "registro de vacunas"),
        "health_care",
    ),
    Concept(
        "pharmacy",
        ("pharmacy", "prescription", "medicine", "prescription refill", "drugstore"),
        ("farmacia", "receta médica", "medicina", "medicamento", "botica"),
        "health_care",
    ),
    Concept(
        "pregnancy",
        ("pregnancy", "pregnant", "prenatal care", "OB-GYN", "midwife", "expecting a baby"),
        ("embarazo", "control prenatal", "partera", "ginecólogo", "encinta"),
        "health_care",
    ),
    Concept(
        "illness",
        ("illness", "chronic illness", "surgery", "hospital stay"),
        ("enfermedad", "enfermedad crónica", "cirugía", "hospitalizado"),
        "health_care",
    ),
    Concept(
        "physical_therapy",
        ("physical therapy", "physical therapist", "rehab"),
        ("terapia física", "fisioterapia", "rehabilitación"),
        "health_care",
    ),
    Concept(
        "mental_health",
        ("mental health", "anxiety", "depression", "stress", "panic attacks", "anxious", "depressed"),
        ("salud mental", "ansiedad", "depresión", "estrés", "ataques de pánico", "ansiosa", "ansioso", "deprimida"),
        "health_care",
    ),
    Concept(
        "therapy",
        ("therapy", "therapist", "counseling", "psychologist", "counselor", "school counselor"),
        ("terapia", "terapeuta", "psicólogo", "consejería", "consejero", "consejero escolar"),
        "mental_health",
    ),
    Concept(
        "health_insurance",
        ("health insurance", "insurance", "coverage", "healthcare.gov", "obamacare"),
        ("seguro médico", "aseguranza médica", "cobertura médica", "seguro de salud", "obamacare"),
        "health_care",
    ),
    Concept(
        "medicaid",
        ("Medicaid", "CHIP", "STAR Kids", "medical card"),
        ("tarjeta de Medicaid", "CHIP", "tarjeta médica", "STAR Kids"),
        "health_insurance",
    ),
    # Benefits, food and housing
    Concept(
        "benefits",
        ("benefits", "public benefits", "government assistance", "assistance programs", "SSI", "disability benefits"),
        (
            "beneficios",
            "asistencia pública",
            "programas del gobierno",
            "ayuda del gobierno",
            "SSI",
            "beneficios por discapacidad",
        ),
    ),
    Concept(
        "food_assistance",
        ("food assistance", "free food", "food insecurity", "food help"),
        ("asistencia alimentaria", "comida gratis", "alimentos gratis", "ayuda con comida"),
        "benefits",
    ),
    Concept(
        "food_stamps",
        ("food stamps", "SNAP", "EBT", "Lone Star card"),
        ("estampillas", "cupones de comida", "SNAP", "EBT", "tarjeta Lone Star"),
        "food_assistance",
    ),
    Concept(
        "wic",
        ("WIC", "baby formula", "infant formula"),
        ("WIC", "fórmula para bebé", "leche de fórmula", "fórmula"),
        "food_assistance",
    ),
    Concept(
        "food_bank",
        ("food bank", "food pantry", "food distribution", "free groceries", "food drive"),
        ("banco de comida", "banco de alimentos", "despensa", "entrega de comida", "colecta de comida"),
        "food_assistance",
    ),
    Concept(
        "housing",
        (
            "affordable housing",
            "housing assistance",
            "find an apartment",
            "place to live",
            "housing help",
            "housing search",
            "apartment hunting",
        ),
        ("vivienda", "depa", "vivienda económica", "buscar apartamento", "buscar vivienda", "buscar casa"),
        "benefits",
    ),
    Concept(
        "section_8",
        ("housing voucher", "section 8 housing", "public housing"),
        ("vale de vivienda", "programa sección 8", "vivienda pública"),
        "housing",
    ),
    Concept(
        "rent",
        ("rent", "rent assistance", "late rent", "behind on rent", "pay rent"),
        ("renta", "alquiler", "pagar la renta", "renta atrasada"),
        "housing",
    ),
    Concept(
        "eviction",
        ("eviction", "landlord", "tenant rights", "evicted", "eviction notice"),
        ("desalojo", "evicción", "landlord", "arrendador", "dueño del apartamento", "aviso de desalojo"),
        "housing",
    ),
    Concept(
        "homelessness",
        ("homeless", "shelter", "emergency housing", "nowhere to live", "homeless shelter"),
        ("situación de calle", "albergue", "refugio temporal", "indigente", "desamparado"),
        "housing",
    ),
    Concept(
        "bills",
        ("bills", "pay bills", "past due", "overdue bill", "medical bills"),
        ("biles", "facturas", "cuentas por pagar", "pagos atrasados", "biles del hospital", "cuentas médicas"),
    ),
    Concept(
        "utility_bills",
        ("utility bill", "utilities"),
        ("servicios públicos", "pagar servicios", "biles de servicios"),
        "bills",
    ),
    Concept(
        "childcare_subsidy",
        ("childcare subsidy", "childcare assistance", "workforce solutions"),
        ("ayuda para guardería", "subsidio de guardería", "workforce solutions"),
        "benefits",
    ),
    Concept(
        "holiday_help",
        ("holiday gifts", "angel tree", "toy drive", "christmas gifts"),
        ("regalos de navidad", "juguetes para navidad", "árbol de ángeles", "colecta de juguetes"),
        "benefits",
    ),
    Concept(
        "clothing",
        ("clothes", "clothing", "clothing donations", "used clothes"),
        ("ropa", "ropa usada", "ropa de segunda"),
    ),
    Concept(
        "baby_gear",
        (
            "baby gear",
            "stroller",
            "crib",
            "high chair",
            "baby clothes",
            "hand-me-downs",
            "bassinet",
            "pack and play",
            "baby carrier",
        ),
        (
            "artículos de bebé",
            "carriola",
            "cuna",
            "silla alta",
            "ropa de bebé",
            "coche de bebé",
            "corral para bebé",
            "portabebé",
        ),
    ),
    # Jobs and money
    Concept(
        "jobs",
        ("job", "employment", "job search", "job opening", "hiring", "job hunt", "job hunting", "job fair"),
        (
            "empleo",
            "buscar trabajo",
            "chamba",
            "jale",
            "oferta de trabajo",
            "vacante",
            "feria de empleo",
            "feria de trabajo",
        ),
    ),
    Concept(
        "resume", ("resume", "cv", "cover letter"), ("currículum", "currículo", "hoja de vida", "CV", "resume"), "jobs"
    ),
    Concept(
        "job_interview",
        ("job interview", "interview", "mock interview"),
        ("entrevista", "entrevista de trabajo", "práctica de entrevista"),
        "jobs",
    ),
    Concept(
        "job_application",
        ("job application", "apply for jobs", "online application"),
        ("solicitud de empleo", "aplicar a trabajos", "aplicación de trabajo"),
        "jobs",
    ),
    Concept(
        "job_training",
        ("job training", "certification", "CDL", "vocational training", "trade school"),
        ("capacitación", "certificación", "curso técnico", "licencia CDL", "escuela técnica"),
        "jobs",
    ),
    Concept(
        "small_business",
        ("small business", "start a business", "side business", "LLC", "selling food", "entrepreneur"),
        ("negocio", "negocio propio", "emprender", "emprendimiento", "vender comida", "emprendedora", "emprendedor"),
        "jobs",
    ),
    Concept(
        "workers_rights",
        ("wage theft", "unpaid wages", "workers rights", "workplace injury", "overtime pay", "minimum wage"),
        (
            "robo de salario",
            "salario no pagado",
            "derechos laborales",
            "accidente de trabajo",
            "horas extra",
            "salario mínimo",
        ),
        "jobs",
    ),
    Concept(
        "personal_finance",
        ("personal finance", "money management", "finances", "financial literacy"),
        ("finanzas", "finanzas personales", "manejo del dinero", "educación financiera"),
    ),
    Concept(
        "budgeting",
        ("budget", "budgeting", "saving money", "spending plan"),
        ("presupuesto", "ahorrar", "gastos del mes", "administrar el dinero"),
        "personal_finance",
    ),
    Concept(
        "taxes",
        ("taxes", "tax return", "tax filing", "W2", "1099", "tax refund", "tax preparer", "income tax"),
        (
            "impuestos",
            "taxes",
            "declaración de impuestos",
            "hacer los taxes",
            "W2",
            "preparador de impuestos",
            "declaración de taxes",
        ),
        "personal_finance",
    ),
    Concept(
        "bank_account",
        ("bank account", "checking account", "savings account", "debit card", "open an account", "send money", "ATM"),
        (
            "cuenta de banco",
            "cuenta bancaria",
            "abrir una cuenta",
            "tarjeta de débito",
            "cuenta de ahorros",
            "enviar dinero",
            "mandar dinero",
            "cajero automático",
        ),
        "personal_finance",
    ),
    Concept(
        "credit",
        ("credit", "credit score", "credit card", "credit report", "build credit"),
        ("crédito", "historial de crédito", "tarjeta de crédito", "puntaje de crédito"),
        "personal_finance",
    ),
    Concept(
        "loans_debt",
        ("loan", "debt", "payday loan", "debt collector"),
        ("préstamo", "deuda", "cobranza", "cobradores"),
        "personal_finance",
    ),
    # Emotional support
    Concept(
        "emotional_support",
        ("emotional support", "moral support", "support group", "encouragement", "overwhelmed", "burnout"),
        ("apoyo emocional", "apoyo moral", "grupo de apoyo", "dar ánimo", "agobiada", "abrumada"),
    ),
    Concept(
        "listening",
        ("listening ear", "talk to someone", "listen", "vent"),
        ("alguien que escuche", "desahogarme", "escuchar", "platicar"),
        "emotional_support",
    ),
    Concept(
        "loneliness",
        ("lonely", "loneliness", "isolated", "make friends"),
        ("soledad", "me siento sola", "aislada", "hacer amigos"),
        "emotional_support",
    ),
    Concept(
        "grief",
        ("grief", "loss", "passed away", "funeral", "bereavement", "death"),
        ("pérdida familiar", "proceso de duelo", "falleció", "funeral", "velorio", "luto"),
        "emotional_support",
    ),
    Concept(
        "divorce",
        ("divorce", "separated parents", "single mom", "single parent"),
        ("divorcio", "separación", "madre soltera", "mamá soltera", "papá soltero"),
        "emotional_support",
    ),
    Concept(
        "domestic_violence",
        ("domestic violence", "abuse", "unsafe at home", "safe house"),
        ("violencia doméstica", "abuso", "maltrato", "violencia familiar"),
    ),
    Concept(
        "new_baby",
        ("new baby", "newborn", "baby", "new parents", "first-time mom"),
        ("bebé", "recién nacido", "nuevo bebé", "padres primerizos", "mamá primeriza"),
    ),
    Concept(
        "postpartum",
        ("postpartum", "postpartum depression", "c-section recovery"),
        ("posparto", "depresión posparto", "cuarentena", "después del parto", "cesárea"),
        "new_baby",
    ),
    Concept(
        "breastfeeding",
        ("breastfeeding", "lactation", "pumping", "breast pump"),
        ("lactancia", "amamantar", "dar pecho", "sacaleches", "extractor de leche"),
        "new_baby",
    ),
    # Advocacy and organizing
    Concept(
        "advocacy",
        ("advocacy", "advocate", "parent rights", "self-advocacy"),
        ("defensa de derechos", "alzar la voz", "defender derechos", "derechos de padres", "defensoría"),
    ),
    Concept(
        "board_meetings",
        ("school board", "board meeting", "public comment", "city council", "trustees"),
        ("mesa directiva", "junta del distrito", "consejo escolar", "comentario público", "concejo municipal"),
        "advocacy",
    ),
    Concept(
        "public_speaking",
        ("public speaking", "give a speech", "testify", "speak publicly"),
        ("hablar en público", "dar un discurso", "discurso", "testificar"),
        "advocacy",
    ),
    Concept(
        "organizing",
        ("community organizing", "organizer", "petition", "rally", "door knocking", "voter registration", "census"),
        (
            "organización comunitaria",
            "organizar padres",
            "petición",
            "manifestación",
            "juntar firmas",
            "registrarse para votar",
            "censo",
        ),
        "advocacy",
    ),
    Concept(
        "pta",
        ("PTA", "PTO", "parent association", "booster club", "parent committee"),
        ("PTA", "asociación de padres", "comité de padres", "sociedad de padres", "PTO"),
    ),
    Concept(
        "volunteering",
        ("volunteer", "volunteering", "room parent", "chaperone"),
        ("voluntario", "voluntariado", "padre voluntario"),
    ),
    Concept(
        "fundraising",
        ("fundraiser", "fundraising", "raise money", "bake sale", "donations"),
        ("recaudar fondos", "recaudación", "kermés", "colecta", "donaciones"),
    ),
    # Household: moving, lending, pets, errands
    Concept(
        "household",
        ("household", "errands", "chores", "around the house", "running errands"),
        ("quehaceres", "diligencias", "hacer vueltas", "tareas domésticas"),
    ),
    Concept(
        "moving",
        (
            "moving house",
            "moving day",
            "movers",
            "moving truck",
            "packing boxes",
            "heavy lifting",
            "moving boxes",
            "cardboard boxes",
        ),
        (
            "mudanza",
            "mudarse",
            "camión de mudanza",
            "empacar cajas",
            "cargar muebles",
            "cajas",
            "cajas de mudanza",
            "fletes y mudanzas",
        ),
        "household",
    ),
    Concept(
        "furniture",
        ("furniture", "couch", "sofa", "mattress", "bed frame", "dresser", "bookcase"),
        ("muebles", "sofá", "colchón", "literas", "sillón", "ropero", "librero"),
        "household",
    ),
    Concept(
        "lending",
        ("lending", "borrow", "loaner", "share items"),
        ("pedir prestado", "intercambio", "trueque"),
        "household",
    ),
    Concept(
        "tool_lending",
        ("tools", "power tools", "ladder", "drill", "toolbox", "lawn mower"),
        ("herramientas", "escalera", "taladro", "caja de herramientas", "podadora"),
        "lending",
    ),
    Concept("pets", ("pet", "pet care", "dog", "cat", "puppy"), ("mascota", "perro", "perrito", "gato"), "household"),
    Concept(
        "haircuts",
        ("haircut", "barber", "hairstylist", "barbershop", "hair salon"),
        (
            "corte de pelo",
            "cortar el pelo",
            "peluquera",
            "estilista",
            "barbero",
            "corte de cabello",
            "peluquería",
            "barbería",
        ),
    ),
    # Events and celebrations
    Concept(
        "events",
        ("event", "celebration", "party", "gathering"),
        ("evento", "celebración", "fiesta", "festejo", "convivio"),
    ),
    Concept(
        "birthday_party",
        ("birthday party", "birthday", "kids party"),
        ("cumpleaños", "fiesta de cumpleaños", "cumpleañero", "fiesta infantil"),
        "events",
    ),
    Concept(
        "quinceanera",
        ("quinceañera", "quince party", "sweet sixteen"),
        ("quinceañera", "fiesta de quince", "XV años", "quinceañero", "quince años", "XV"),
        "events",
    ),
    Concept(
        "religious_celebration",
        ("religious celebration", "church event", "religious ceremony"),
        ("celebración religiosa", "fiesta religiosa", "ceremonia religiosa"),
        "events",
    ),
    Concept(
        "cultural_celebration",
        ("cinco de mayo", "hispanic heritage"),
        ("fiestas patrias", "cinco de mayo", "herencia hispana", "tradiciones mexicanas"),
        "events",
    ),
    Concept(
        "school_events",
        ("school carnival", "fall festival", "family night", "fun run", "school dance"),
        ("carnaval escolar", "festival de otoño", "noche de familias", "festival escolar", "baile escolar"),
        "events",
    ),
    Concept(
        "event_planning",
        ("event planning", "party planning", "event planner", "plan a party"),
        ("organizar eventos", "planear una fiesta", "organizar una fiesta", "planeación de eventos"),
        "events",
    ),
    Concept(
        "decorations",
        ("decorations", "balloons", "balloon arch", "centerpieces", "decorate"),
        ("decoración", "globos", "arco de globos", "centros de mesa", "adornos"),
        "events",
    ),
    Concept(
        "party_rentals",
        ("party rentals", "tables and chairs", "bounce house", "folding tables", "canopy", "DJ", "sound system"),
        ("mesas y sillas", "brincolín", "inflable", "renta de sillas", "carpa", "DJ", "bocinas"),
        "events",
    ),
    Concept(
        "photography",
        ("photography", "photographer", "photo shoot", "family photos", "headshots"),
        ("fotografía", "fotógrafo", "sesión de fotos", "fotos", "retratos"),
        "events",
    ),
    # ---- Long tail: school subjects in detail ----
    Concept(
        "calculus",
        ("calculus", "precalculus", "AP calculus", "derivatives"),
        ("cálculo", "precálculo", "cálculo diferencial", "derivadas"),
        "advanced_math",
    ),
    Concept(
        "trigonometry",
        ("trigonometry", "trig", "sine and cosine"),
        ("trigonometría", "seno y coseno", "funciones trigonométricas"),
        "advanced_math",
    ),
    Concept(
        "statistics",
        ("statistics", "probability", "AP statistics", "data analysis"),
        ("estadística", "probabilidad", "análisis de datos"),
        "advanced_math",
    ),
    Concept(
        "biology",
        ("biology", "anatomy", "life science", "AP biology"),
        ("biología", "anatomía", "ciencias biológicas"),
        "lab_sciences",
    ),
    Concept(
        "chemistry",
        ("chemistry", "AP chemistry", "periodic table", "chemical equations"),
        ("química", "tabla periódica", "clase de química"),
        "lab_sciences",
    ),
    Concept(
        "physics",
        ("physics class", "physics homework", "AP physics", "physics tutor"),
        ("clase de física", "física", "tarea de física"),
        "lab_sciences",
    ),
    Concept(
        "history",
        ("history", "US history", "world history", "Texas history"),
        ("historia", "historia universal", "historia mexicana"),
        "social_studies",
    ),
    Concept(
        "geography",
        ("geography", "map skills", "maps", "world map"),
        ("geografía", "mapas", "mapa mundi"),
        "social_studies",
    ),
    Concept(
        "civics",
        ("civics", "government class", "US government", "constitution"),
        ("civismo", "educación cívica", "formación cívica", "constitución"),
        "social_studies",
    ),
    Concept(
        "economics",
        ("economics class", "AP economics", "macroeconomics", "microeconomics"),
        ("clase de economía", "macroeconomía", "microeconomía"),
        "social_studies",
    ),
    Concept(
        "physical_education",
        ("PE class", "physical education", "gym class", "PE uniform"),
        ("educación física", "clase de deportes", "clase de educación"),
        "school_system",
    ),
    Concept(
        "handwriting",
        ("handwriting", "cursive", "penmanship", "letter formation", "neat writing"),
        ("caligrafía", "letra cursiva", "letra de molde", "letra bonita", "letra manuscrita"),
        "writing",
    ),
    Concept(
        "grammar",
        ("grammar", "punctuation", "parts of speech", "sentence structure"),
        ("gramática", "signos de puntuación", "reglas de acentuación", "sintaxis", "acentos"),
        "writing",
    ),
    Concept(
        "book_report",
        ("book report", "book review", "book summary"),
        ("reporte de lectura", "reseña de libro", "resumen de libro", "reporte de libro"),
        "essays",
    ),
    Concept(
        "vocabulary",
        ("vocabulary", "vocab words", "word meanings"),
        ("vocabulario", "significado de palabras", "palabras nuevas"),
        "reading",
    ),
    Concept(
        "poetry",
        ("poetry", "poem", "spoken word", "poetry recital"),
        ("poesía", "poema", "declamación", "declamar"),
        "writing",
    ),
    Concept(
        "creative_writing",
        ("creative writing", "short story", "write stories", "storytelling"),
        ("escritura creativa", "cuento corto", "escribir cuentos", "narrativa"),
        "writing",
    ),
    Concept(
        "robotics",
        ("robotics", "robotics club", "lego robotics", "robot"),
        ("robótica", "club de robótica", "robots", "lego robótica"),
        "coding",
    ),
    Concept(
        "web_design",
        ("web design", "website", "build a website", "wordpress"),
        ("diseño web", "página web", "sitio web", "diseñar páginas"),
        "tech_help",
    ),
    Concept(
        "typing",
        ("typing", "keyboarding", "typing skills", "touch typing"),
        ("mecanografía", "teclear", "escribir en teclado", "escribir rápido"),
        "computers",
    ),
    Concept(
        "study_skills",
        ("study skills", "study habits", "executive function", "time management", "note taking"),
        ("hábitos de estudio", "técnicas de estudio", "métodos de estudio", "tomar apuntes", "organizar su tiempo"),
        "homework",
    ),
    Concept(
        "debate",
        ("debate", "debate team", "speech and debate", "mock trial"),
        ("debate", "equipo de debate", "oratoria", "concurso de oratoria"),
        "public_speaking",
    ),
    Concept(
        "college_essay",
        ("college essay", "personal statement", "common app", "admission essay"),
        ("ensayo universitario", "carta de motivación", "ensayo de admisión", "declaración personal"),
        "college",
    ),
    Concept(
        "scholarships",
        ("scholarship", "scholarship application", "grant money", "scholarship essay"),
        ("beca", "solicitud de beca", "becas universitarias", "buscar becas"),
        "financial_aid",
    ),
    Concept(
        "community_college",
        ("community college", "junior college", "associate degree"),
        ("colegio comunitario", "carrera técnica", "título asociado"),
        "college",
    ),
    Concept(
        "advanced_classes",
        ("AP classes", "honors classes", "dual credit", "AP exam", "IB program"),
        ("clases AP", "clases avanzadas", "crédito dual", "clases de honores", "examen AP"),
        "school_system",
    ),
    Concept(
        "gifted",
        ("gifted and talented", "GT program", "gifted program", "gifted kids"),
        ("talentosos y dotados", "programa GT", "niños dotados", "superdotado"),
        "school_system",
    ),
    Concept(
        "summer_school",
        ("summer school", "credit recovery", "summer learning"),
        ("escuela de verano", "recuperación de créditos", "clases de verano"),
        "school_system",
    ),
    Concept(
        "homeschool",
        ("homeschool", "homeschooling", "virtual school", "online school"),
        ("educación en casa", "escuela en casa", "homeschool", "escuela virtual", "clases en línea"),
        "school_system",
    ),
    Concept(
        "graduation",
        ("graduation", "cap and gown", "graduation party", "senior year"),
        ("graduación", "toga y birrete", "fiesta de graduación", "último año", "graduarse"),
        "events",
    ),
    Concept(
        "sign_language",
        ("sign language", "ASL", "american sign language", "deaf culture"),
        ("lengua de señas", "lenguaje de señas", "LSM", "señas"),
        "other_languages",
    ),
    Concept(
        "library",
        ("library", "library card", "public library", "library books"),
        ("biblioteca", "tarjeta de biblioteca", "biblioteca pública"),
        "reading",
    ),
    Concept(
        "books",
        ("books", "children's books", "book donations", "chapter books"),
        ("libros infantiles", "donar libros", "libros en español", "libros de lectura", "cuentos para niños"),
        "reading",
    ),
    # ---- Long tail: music and arts ----
    Concept(
        "piano",
        ("piano", "piano lessons", "keyboard lessons", "pianist"),
        ("piano", "clases de piano", "clases de teclado", "pianista"),
        "instruments",
    ),
    Concept(
        "guitar",
        ("guitar", "guitar lessons", "electric guitar", "bass guitar", "acoustic guitar"),
        ("guitarra", "clases de guitarra", "requinto", "guitarrón", "bajo eléctrico"),
        "instruments",
    ),
    Concept(
        "violin",
        ("violin", "viola", "cello", "fiddle", "string instruments"),
        ("violín", "viola", "violonchelo", "chelo", "instrumentos de cuerda"),
        "instruments",
    ),
    Concept(
        "drums",
        ("drums", "drum lessons", "drummer", "percussion", "drum set"),
        ("clases de batería", "baterista", "percusión", "tambor", "tocar batería"),
        "instruments",
    ),
    Concept(
        "brass",
        ("trumpet", "trombone", "tuba", "french horn", "brass instruments"),
        ("trompeta", "trombón", "tuba", "corno francés", "instrumentos de metal"),
        "instruments",
    ),
    Concept(
        "flute",
        ("flute", "recorder", "piccolo", "flute lessons"),
        ("flauta", "flauta dulce", "pícolo", "clases de flauta"),
        "instruments",
    ),
    Concept("clarinet", ("clarinet", "oboe", "bassoon"), ("clarinete", "oboe", "fagot"), "instruments"),
    Concept("saxophone", ("saxophone", "sax", "alto sax"), ("saxofón", "sax", "saxo"), "instruments"),
    Concept("ukulele", ("ukulele", "uke"), ("ukulele", "ukelele"), "instruments"),
    Concept(
        "accordion",
        ("accordion", "norteño music", "bajo sexto"),
        ("acordeón", "música norteña", "bajo sexto", "norteño"),
        "instruments",
    ),
    Concept(
        "mariachi",
        ("mariachi", "mariachi band", "mariachi music"),
        ("mariachi", "mariachis", "grupo de mariachi"),
        "band",
    ),
    Concept(
        "orchestra",
        ("orchestra", "youth orchestra", "string orchestra"),
        ("orquesta", "orquesta juvenil", "orquesta sinfónica"),
        "band",
    ),
    Concept(
        "choir",
        ("choir", "chorus", "church choir", "children's choir"),
        ("coro", "coro de iglesia", "coral", "coro infantil"),
        "singing",
    ),
    Concept(
        "music_theory",
        ("music theory", "read music", "sheet music", "reading music"),
        ("solfeo", "leer música", "partituras", "teoría musical"),
        "music",
    ),
    Concept(
        "drawing",
        ("drawing", "sketching", "illustration", "comics", "drawing lessons"),
        ("dibujo", "dibujar", "bocetos", "ilustración", "historietas", "clases de dibujo"),
        "visual_art",
    ),
    Concept(
        "painting_art",
        ("painting lessons", "painting class", "watercolor", "acrylic painting", "oil painting", "canvas painting"),
        (
            "clases de pintura",
            "pintura artística",
            "acuarela",
            "pintura al óleo",
            "pintar cuadros",
            "pintura en lienzo",
        ),
        "visual_art",
    ),
    Concept(
        "pottery",
        ("pottery", "ceramics", "clay", "sculpture", "play dough"),
        ("cerámica", "barro", "alfarería", "escultura", "plastilina"),
        "arts",
    ),
    Concept(
        "crochet",
        ("crochet", "amigurumi", "crochet hook"),
        ("crochet", "ganchillo", "gancho de tejer", "tejer a gancho"),
        "crafts",
    ),
    Concept(
        "embroidery",
        ("embroidery", "cross stitch", "needlepoint", "embroider"),
        ("bordado", "bordar", "punto de cruz", "deshilado"),
        "crafts",
    ),
    Concept(
        "quilting", ("quilting", "quilt", "patchwork"), ("colcha de retazos", "retazos", "hacer colchas"), "sewing"
    ),
    Concept(
        "jewelry_making",
        ("jewelry making", "beading", "friendship bracelets", "bead bracelets"),
        ("bisutería", "pulseras", "hacer aretes", "chaquira"),
        "crafts",
    ),
    Concept(
        "cricut",
        ("cricut", "vinyl decals", "custom shirts", "t-shirt printing", "heat press"),
        ("cricut", "vinil", "playeras personalizadas", "estampado de playeras", "sublimación"),
        "crafts",
    ),
    Concept(
        "puppets",
        ("puppets", "puppet show", "marionettes"),
        ("títeres", "marionetas", "teatro guiñol", "función de títeres"),
        "theater",
    ),
    Concept(
        "face_painting",
        ("face painting", "face paint", "glitter tattoos", "face painter", "paint faces"),
        ("pintacaritas", "pintar caritas", "maquillaje artístico", "pinta caritas", "pintar la cara", "pintar caras"),
        "events",
    ),
    Concept(
        "pinatas",
        ("piñata", "make a piñata", "piñata making"),
        ("piñata", "hacer piñatas", "piñatero", "piñatas"),
        "birthday_party",
    ),
    Concept(
        "papel_picado",
        ("papel picado", "tissue paper banners", "paper flowers"),
        ("papel picado", "flores de papel", "banderitas de papel"),
        "crafts",
    ),
    Concept(
        "video_editing",
        ("video editing", "videography", "edit videos", "youtube channel"),
        ("editar videos", "videografía", "edición de video", "canal de youtube"),
        "photography",
    ),
    Concept(
        "folklorico",
        ("folklorico", "ballet folklorico", "folk dance", "mexican folk dance"),
        ("ballet folklórico", "danza folklórica", "folklor", "bailes regionales"),
        "dance",
    ),
    Concept(
        "hip_hop",
        ("hip hop dance", "hip hop", "breakdance", "breakdancing", "street dance"),
        ("hip hop", "baile urbano", "breakdance", "danza urbana"),
        "dance",
    ),
    Concept(
        "latin_dance",
        ("salsa dancing", "cumbia", "bachata", "latin dance", "salsa lessons"),
        ("clases de salsa", "cumbia", "bachata", "baile de salón", "bailar salsa"),
        "dance",
    ),
    Concept(
        "zumba",
        ("zumba", "dance fitness", "zumba class"),
        ("zumba", "bailoterapia", "clases de zumba", "baile fitness"),
        "fitness",
    ),
    Concept(
        "yoga",
        ("yoga", "kids yoga", "meditation", "mindfulness", "stretching"),
        ("yoga", "meditación", "mindfulness", "estiramientos", "relajación"),
        "fitness",
    ),
    Concept(
        "entertainer",
        ("clown", "magician", "party entertainer", "magic show"),
        ("payaso", "payasita", "mago", "show infantil", "animador de fiestas"),
        "birthday_party",
    ),
    # ---- Long tail: sports ----
    Concept(
        "volleyball",
        ("volleyball", "volleyball team", "beach volleyball"),
        ("voleibol", "voli", "equipo de voleibol", "vóley"),
        "sports",
    ),
    Concept(
        "tennis",
        ("tennis", "tennis lessons", "pickleball", "tennis racket"),
        ("clases de tenis", "jugar tenis", "pickleball", "raqueta"),
        "sports",
    ),
    Concept("ping_pong", ("ping pong", "table tennis"), ("ping pong", "tenis de mesa"), "sports"),
    Concept(
        "softball",
        ("softball", "fastpitch", "softball team"),
        ("sóftbol", "equipo de sóftbol", "bola suave"),
        "baseball",
    ),
    Concept(
        "football",
        ("american football", "flag football", "football", "tackle football"),
        ("fútbol americano", "tocho bandera", "flag football", "tochito"),
        "sports",
    ),
    Concept(
        "running",
        ("running", "track and field", "cross country", "5k race", "marathon", "running club"),
        ("correr", "carreras", "maratón", "pista y campo", "club de corredores"),
        "sports",
    ),
    Concept(
        "biking",
        ("bike riding", "bike", "bicycle", "training wheels", "ride a bike", "cycling"),
        ("bicicleta", "bici", "andar en bici", "rueditas", "ciclismo", "montar bicicleta"),
        "outdoor_play",
    ),
    Concept(
        "bike_repair",
        ("bike repair", "fix bike", "bike tire", "bike chain"),
        ("arreglar bicicleta", "reparar bici", "llanta de bici", "cadena de bici"),
        "biking",
    ),
    Concept(
        "skateboarding",
        ("skateboarding", "skateboard", "skate park", "scooter"),
        ("patineta", "skatepark", "andar en patineta", "scooter", "monopatín"),
        "sports",
    ),
    Concept(
        "skating",
        ("roller skating", "ice skating", "rollerblades", "skating", "roller skates"),
        ("patinaje", "patines", "patinar", "patinaje sobre hielo"),
        "sports",
    ),
    Concept(
        "fishing",
        ("fishing", "fishing trip", "fishing pole", "go fishing"),
        ("pesca", "pescar", "ir a pescar", "caña de pescar"),
        "outdoor_play",
    ),
    Concept(
        "hiking",
        ("hiking", "hike", "nature walk", "trails"),
        ("senderismo", "caminata", "senderos", "caminar montaña"),
        "outdoor_play",
    ),
    Concept(
        "boxing",
        ("boxing", "boxing class", "boxing gym", "kickboxing"),
        ("boxeo", "clases de box", "gimnasio de box", "kickboxing"),
        "martial_arts",
    ),
    Concept(
        "wrestling",
        ("wrestling", "wrestling team", "lucha libre"),
        ("lucha libre", "lucha olímpica", "lucha grecorromana"),
        "martial_arts",
    ),
    Concept("golf", ("golf", "mini golf", "golf lessons"), ("golf", "clases de golf", "minigolf"), "sports"),
    Concept(
        "cheer",
        ("cheerleading", "cheer team", "cheerleader", "pom squad"),
        ("porristas", "porrista", "porras", "equipo de porras"),
        "sports",
    ),
    Concept(
        "horseback_riding",
        ("horseback riding", "horses", "horse riding", "riding lessons"),
        ("equitación", "montar a caballo", "caballos", "clases de equitación"),
        "sports",
    ),
    Concept(
        "sports_equipment",
        ("sports equipment", "cleats", "shin guards", "soccer ball", "baseball glove"),
        ("equipo deportivo", "tachones", "espinilleras", "balón", "guante de béisbol"),
        "sports",
    ),
    # ---- Long tail: home and repair ----
    Concept(
        "fence",
        ("fence", "fence repair", "gate", "wooden fence"),
        ("barda", "reja", "portón", "cerco", "arreglar la barda"),
        "home_repair",
    ),
    Concept(
        "toilet",
        ("toilet", "running toilet", "clogged toilet", "toilet repair"),
        ("inodoro", "excusado", "taza del baño", "escusado", "sanitario"),
        "plumbing",
    ),
    Concept(
        "clogged_drain",
        ("clogged drain", "clogged sink", "drain cleaning", "garbage disposal", "slow drain"),
        ("destapar", "drenaje tapado", "lavabo tapado", "fregadero tapado", "caño tapado"),
        "plumbing",
    ),
    Concept(
        "water_heater",
        ("water heater", "hot water", "no hot water", "tankless heater"),
        ("calentador de agua", "boiler", "agua caliente", "calentador"),
        "plumbing",
    ),
    Concept(
        "outlets",
        ("outlet", "power outlet", "circuit breaker", "breaker", "GFCI"),
        ("enchufe", "contacto eléctrico", "tomacorriente", "breaker", "pastilla eléctrica"),
        "electrical",
    ),
    Concept(
        "light_fixtures",
        ("light fixture", "ceiling fan", "light switch", "install lights"),
        ("lámpara de techo", "ventilador de techo", "apagador", "instalar lámparas", "foco"),
        "electrical",
    ),
    Concept(
        "hvac",
        ("air conditioning", "AC unit", "heater", "furnace", "heating", "HVAC", "thermostat", "AC repair"),
        ("aire acondicionado", "calefacción", "calentón", "minisplit", "clima", "aire", "termostato"),
        "home_repair",
    ),
    Concept(
        "washer_dryer",
        ("washing machine", "washer", "dryer", "dryer vent"),
        ("lavadora", "secadora", "lavadora de ropa"),
        "appliance_repair",
    ),
    Concept(
        "fridge",
        ("refrigerator", "fridge", "freezer", "ice maker"),
        ("refrigerador", "refri", "nevera", "congelador", "máquina de hielo"),
        "appliance_repair",
    ),
    Concept(
        "furniture_assembly",
        ("assemble furniture", "furniture assembly", "IKEA furniture", "put together furniture"),
        ("armar muebles", "ensamblar muebles", "armar una cama", "armar un mueble"),
        "carpentry",
    ),
    Concept(
        "tv_mounting",
        ("mount a tv", "tv mounting", "hang shelves", "hang pictures", "wall mount"),
        ("colgar la tele", "instalar la tele", "colgar cuadros", "colgar repisas"),
        "carpentry",
    ),
    Concept(
        "drywall",
        ("drywall", "sheetrock", "patch holes", "hole in wall", "drywall repair"),
        ("tablaroca", "drywall", "resanar", "hoyo pared", "sheetrock"),
        "home_repair",
    ),
    Concept(
        "flooring",
        ("flooring", "tile", "laminate floor", "carpet installation", "floor repair"),
        ("piso", "loseta", "azulejo", "piso laminado", "instalar alfombra"),
        "home_repair",
    ),
    Concept(
        "windows_doors",
        ("window repair", "broken window", "window screens", "door repair", "garage door", "sliding door"),
        ("ventana rota", "mosquiteros", "vidrio roto", "arreglar puerta", "puerta del garaje", "puerta corrediza"),
        "home_repair",
    ),
    Concept(
        "locks",
        ("locksmith", "locked out", "change locks", "door lock", "spare key"),
        ("cerrajero", "cerradura", "chapa", "cambiar chapa", "copia de llave"),
        "home_repair",
    ),
    Concept(
        "blinds_curtains",
        ("blinds", "curtains", "curtain rods"),
        ("persianas", "cortinas", "cortineros"),
        "home_repair",
    ),
    Concept(
        "lawn_mowing",
        ("lawn mowing", "mow the lawn", "cut grass", "mowing", "weed eating"),
        (
            "cortar el zacate",
            "cortar el pasto",
            "zacate",
            "podar el pasto",
            "desyerbar",
            "cortar la grama",
            "cortar el césped",
        ),
        "yard_work",
    ),
    Concept(
        "tree_trimming",
        (
            "tree trimming",
            "tree removal",
            "cut branches",
            "tree service",
            "stump removal",
            "fallen branch",
            "tree branch",
        ),
        (
            "podar árboles",
            "cortar ramas",
            "cortar un árbol",
            "tumbar árbol",
            "rama del árbol",
            "rama caída",
            "rama quebrada",
        ),
        "yard_work",
    ),
    Concept(
        "leaf_raking",
        ("raking leaves", "rake leaves", "leaf blower", "yard cleanup"),
        ("rastrillar hojas", "barrer hojas", "sopladora", "limpiar la yarda"),
        "yard_work",
    ),
    Concept(
        "pest_control",
        ("pest control", "exterminator", "pests", "fumigation", "bugs in house"),
        ("control de plagas", "fumigar", "fumigación", "plagas", "exterminador"),
        "home_repair",
    ),
    Concept("roaches", ("roaches", "cockroaches", "roach"), ("cucarachas", "cucaracha"), "pest_control"),
    Concept(
        "rodents",
        ("rats", "rodents", "mouse traps", "rat problem", "rodent control"),
        ("ratones", "ratas", "roedores", "trampas para ratones"),
        "pest_control",
    ),
    Concept("bed_bugs", ("bed bugs", "bedbugs"), ("chinches", "chinches de cama"), "pest_control"),
    Concept(
        "insects",
        ("ants", "termites", "wasps", "bee nest", "fire ants"),
        ("hormigas", "termitas", "avispas", "colmena", "comején"),
        "pest_control",
    ),
    Concept("mold", ("mold", "mildew", "black mold"), ("moho", "hongos pared", "humedad en paredes"), "home_repair"),
    Concept(
        "pressure_washing",
        ("pressure washing", "power washing", "pressure washer"),
        ("lavado a presión", "hidrolavadora", "karcher"),
        "cleaning",
    ),
    Concept(
        "masonry",
        ("concrete", "masonry", "bricklaying", "patio slab", "sidewalk repair"),
        ("concreto", "cemento", "albañil", "albañilería", "colado"),
        "home_repair",
    ),
    Concept("welding", ("welding", "welder", "weld"), ("soldadura", "soldador", "soldar", "herrería"), "home_repair"),
    Concept(
        "smoke_detectors",
        ("smoke detector", "smoke alarm", "carbon monoxide detector"),
        ("detector de humo", "alarma de humo", "detector de monóxido"),
        "home_repair",
    ),
    Concept(
        "decluttering",
        ("declutter", "decluttering", "home organizing", "organize closets", "tidying up"),
        ("ordenar la casa", "organizar closets", "desorden", "organizar la casa"),
        "cleaning",
    ),
    Concept(
        "laundry",
        ("laundry", "wash clothes", "laundromat", "folding laundry"),
        ("lavar ropa", "lavandería", "ropa sucia", "doblar ropa"),
        "household",
    ),
    Concept(
        "junk_removal",
        ("junk removal", "haul away", "dump run", "bulk trash", "trash pickup"),
        ("llevar al basurero", "tiradero", "basura voluminosa", "sacar tiliches", "tirar basura"),
        "household",
    ),
    Concept(
        "storage",
        ("storage unit", "storage space", "store boxes", "storage"),
        ("bodega", "almacenamiento", "guardar muebles", "storage"),
        "moving",
    ),
    Concept(
        "truck_lending",
        ("pickup truck", "borrow a truck", "truck", "trailer", "haul"),
        ("troca", "camioneta", "prestar camioneta", "tráiler", "remolque"),
        "lending",
    ),
    # ---- Long tail: car ----
    Concept(
        "car_battery",
        ("car battery", "jump start", "dead battery", "jumper cables"),
        ("batería del carro", "pasar corriente", "batería descargada", "cables pasacorriente", "batería muerta"),
        "car_repair",
    ),
    Concept(
        "check_engine",
        ("check engine light", "engine noise", "engine trouble", "transmission", "engine"),
        ("check engine", "ruido del motor", "luz del motor", "transmisión", "falla del motor", "motor"),
        "car_repair",
    ),
    Concept(
        "windshield",
        ("windshield", "cracked windshield", "windshield wipers"),
        ("parabrisas", "limpiaparabrisas", "vidrio del carro"),
        "car_repair",
    ),
    Concept(
        "towing",
        ("tow truck", "towing", "car towed", "roadside assistance"),
        ("grúa", "asistencia en carretera", "remolcaron carro"),
        "car_repair",
    ),
    Concept(
        "car_wash",
        ("car wash", "car detailing", "clean my car"),
        ("lavar el carro", "lavado de carro", "detallado de carro", "car wash"),
        None,
    ),
    Concept(
        "car_buying",
        ("buy a car", "used car", "car dealer", "car payment"),
        ("comprar carro", "carro usado", "lote de carros", "pagos del carro"),
        None,
    ),
    Concept(
        "car_accident",
        ("car accident", "car crash", "fender bender", "accident report"),
        ("accidente de carro", "choque", "chocaron", "accidente de tráfico"),
        "legal_help",
    ),
    Concept(
        "traffic_tickets",
        ("traffic ticket", "speeding ticket", "parking ticket", "tickets"),
        ("multa", "multa de tránsito", "infracción", "multas"),
        "legal_help",
    ),
    # ---- Long tail: baby and health ----
    Concept(
        "diapers",
        ("diapers", "pull-ups", "baby wipes", "diaper", "pampers"),
        ("pañales", "toallitas húmedas", "calzoncitos entrenadores", "pañal", "pampers"),
        "baby_gear",
    ),
    Concept(
        "potty_training",
        ("potty training", "toilet training", "potty train", "potty"),
        ("dejar el pañal", "control de esfínteres", "enseñar al baño", "bacinica", "nica"),
        "parenting",
    ),
    Concept(
        "sleep_training",
        (
            "sleep training",
            "sleep schedule",
            "bedtime routine",
            "won't sleep",
            "sleep",
            "naps",
            "night waking",
            "sleep regression",
            "sleepless nights",
        ),
        (
            "rutina de dormir",
            "hora de dormir",
            "no duerme",
            "entrenamiento del sueño",
            "dormir",
            "siestas",
            "despierta de noche",
            "regresión del sueño",
            "noches sin dormir",
        ),
        "parenting",
    ),
    Concept(
        "teething",
        ("teething", "teeth coming in", "baby teeth"),
        ("dentición", "le salen dientes", "dientes de leche", "dentadura"),
        "new_baby",
    ),
    Concept(
        "colic",
        ("colic", "fussy baby", "gassy baby", "reflux"),
        ("cólicos", "bebé llorón", "gases del bebé", "reflujo"),
        "new_baby",
    ),
    Concept(
        "head_lice",
        ("head lice", "lice", "nits", "lice treatment"),
        ("piojos", "liendres", "quitar piojos", "tratamiento de piojos"),
        "health_care",
    ),
    Concept(
        "asthma",
        ("asthma", "inhaler", "nebulizer", "breathing treatment"),
        ("asma", "inhalador", "nebulizador", "bombita", "asmático"),
        "illness",
    ),
    Concept(
        "diabetes",
        ("diabetes", "diabetic", "insulin", "blood sugar"),
        ("diabetes", "diabético", "insulina", "azúcar alta", "glucosa"),
        "illness",
    ),
    Concept(
        "allergies",
        ("allergies", "food allergy", "nut allergy", "epipen", "nut-free", "peanut allergy"),
        ("alergia", "alergias alimentarias", "alérgico", "epipen", "alergia al cacahuate", "alergia al maní"),
        "illness",
    ),
    Concept(
        "cancer",
        ("cancer", "chemo", "chemotherapy", "cancer treatment"),
        ("cáncer", "quimioterapia", "quimio", "tratamiento de cáncer"),
        "illness",
    ),
    Concept(
        "sick_child",
        ("flu", "fever", "sick kid", "stomach bug", "covid", "runny nose", "common cold", "cough"),
        ("gripe", "gripa", "fiebre", "calentura", "niño enfermo", "resfriado", "catarro", "tos"),
        "illness",
    ),
    Concept(
        "braces",
        ("braces", "orthodontist", "retainer", "orthodontics"),
        ("brackets", "frenillos", "ortodoncista", "ortodoncia", "frenos dentales"),
        "dentist",
    ),
    Concept(
        "hearing",
        ("hearing test", "hearing aids", "deaf", "hard of hearing", "audiologist"),
        ("audición", "aparatos auditivos", "sordo", "audiólogo", "examen de audición"),
        "health_care",
    ),
    Concept(
        "doula",
        ("doula", "birth plan", "labor support", "childbirth class"),
        ("doula", "plan de parto", "acompañante de parto", "curso de parto"),
        "pregnancy",
    ),
    Concept(
        "early_intervention",
        ("early intervention", "ECI", "developmental delay", "milestones"),
        ("intervención temprana", "ECI", "retraso del desarrollo", "desarrollo infantil"),
        "special_education",
    ),
    Concept(
        "occupational_therapy",
        ("occupational therapy", "sensory processing", "fine motor skills", "sensory issues"),
        ("terapia ocupacional", "procesamiento sensorial", "motricidad fina", "problemas sensoriales"),
        "physical_therapy",
    ),
    Concept(
        "disability_services",
        ("wheelchair", "disability services", "mobility aid", "adaptive equipment", "walker"),
        ("silla de ruedas", "servicios de discapacidad", "andadera", "equipo adaptado", "andador"),
        "special_education",
    ),
    Concept(
        "first_aid",
        ("CPR", "first aid", "first aid kit", "CPR class"),
        ("RCP", "primeros auxilios", "botiquín", "curso de primeros"),
        "health_care",
    ),
    Concept(
        "vaping",
        ("vaping", "vape", "drugs", "alcohol", "substance use", "addiction"),
        ("vapear", "vape", "drogas", "alcohol", "adicción", "adicciones"),
        "parenting",
    ),
    Concept(
        "puberty",
        ("puberty", "sex ed", "sex education", "menstruation"),
        ("pubertad", "educación sexual", "menstruación", "cambios del cuerpo"),
        "parenting",
    ),
    Concept(
        "teen_dating",
        ("teen dating", "dating", "boyfriend", "girlfriend"),
        ("noviazgo", "novio", "novios"),
        "parenting",
    ),
    Concept(
        "bedwetting",
        ("bedwetting", "wets the bed", "bed wetting"),
        ("mojar la cama", "enuresis", "orinarse", "se orina"),
        "parenting",
    ),
    Concept(
        "foster_care",
        ("foster care", "kinship care", "raising grandkids", "foster parent"),
        ("cuidado de crianza", "hogar temporal", "abuelos criando", "padres de crianza"),
        "parenting",
    ),
    Concept(
        "screen_time",
        ("screen time", "video games", "gaming", "tablet time"),
        ("tiempo de pantalla", "videojuegos", "maquinitas", "juegos de video"),
        "online_safety",
    ),
    Concept(
        "social_media",
        ("social media", "instagram", "tiktok", "snapchat", "facebook"),
        ("redes sociales", "instagram", "tiktok", "snapchat", "facebook", "feis"),
        "online_safety",
    ),
    Concept(
        "tablets", ("tablet", "iPad", "kindle", "kids tablet"), ("tableta", "iPad", "kindle", "tablet"), "computers"
    ),
    Concept(
        "computer_repair",
        ("computer repair", "slow computer", "computer virus", "fix laptop"),
        ("reparar computadora", "arreglar laptop", "virus", "computadora lenta"),
        "computers",
    ),
    Concept(
        "phone_repair",
        ("phone repair", "cracked screen", "screen repair", "broken phone"),
        ("pantalla rota", "arreglar celular", "reparar celular", "celular roto"),
        "phones",
    ),
    # ---- Long tail: food ----
    Concept(
        "special_diets",
        ("special diet", "dietary restrictions", "food restrictions"),
        ("dieta especial", "restricciones alimentarias", "dieta"),
        "nutrition",
    ),
    Concept(
        "vegetarian",
        ("vegetarian", "meatless", "plant-based", "no meat"),
        ("vegetariano", "vegetariana", "comida sin carne", "base de plantas", "sin carne"),
        "special_diets",
    ),
    Concept("vegan", ("vegan", "dairy-free vegan"), ("vegano", "vegana", "veganos"), "special_diets"),
    # What a meal is made of: "beans and veggies" finds "frijoles, lentejas y verduras".
    Concept(
        "legumes",
        ("beans", "lentils", "chickpeas", "legumes", "black beans", "pinto beans"),
        ("frijoles", "lentejas", "garbanzos", "habichuelas", "frijoles negros"),
        "cooking",
    ),
    Concept("vegetables", ("vegetables", "veggies", "greens"), ("verduras", "vegetales", "verdura"), "cooking"),
    # Low cost, said of anything: "cheap dinners" and "comidas baratas", "low-cost clinic" and "clínica
    # económica" share it.
    Concept(
        "low_cost",
        ("cheap", "inexpensive", "affordable", "low cost", "low-cost", "budget-friendly"),
        ("barato", "barata", "económico", "económica", "bajo costo", "de bajo costo"),
    ),
    Concept(
        "gluten_free",
        ("gluten-free", "celiac", "gluten free", "no gluten"),
        ("sin gluten", "celíaco", "celiaquía", "libre de gluten"),
        "special_diets",
    ),
    Concept(
        "diabetic_meals",
        ("diabetic meals", "low sugar", "sugar-free", "low carb"),
        ("comida para diabéticos", "bajo en azúcar", "bajo en carbohidratos", "comida diabética"),
        "special_diets",
    ),
    Concept(
        "lactose",
        ("lactose intolerant", "dairy-free", "dairy free", "lactose free"),
        ("intolerante lactosa", "intolerancia lactosa", "deslactosada", "lactosa"),
        "special_diets",
    ),
    Concept(
        "baby_food",
        ("baby food", "purees", "starting solids"),
        ("papillas", "comida para bebé", "alimentación complementaria", "purés"),
        "nutrition",
    ),
    Concept(
        "meal_prep",
        ("meal prep", "freezer meals", "batch cooking", "weekly meals"),
        ("preparar comidas", "comida congelada", "cocinar por adelantado", "comidas semanales"),
        "meals",
    ),
    Concept(
        "catering",
        ("catering", "cater an event", "food for party", "party food"),
        ("taquiza", "banquete", "catering", "comida para eventos", "comida para fiesta"),
        "cooking",
    ),
    Concept(
        "bread",
        ("bread", "homemade bread", "sourdough", "bread making"),
        ("pan", "pan casero", "hacer pan", "pan dulce", "panadería", "bolillos"),
        "baking",
    ),
    Concept(
        "cakes",
        ("cake", "cake decorating", "birthday cake", "cupcakes", "custom cakes"),
        ("pastel", "bizcocho", "decorar pasteles", "pastel de cumpleaños", "tres leches", "queque"),
        "baking",
    ),
    Concept(
        "desserts",
        ("desserts", "flan", "sweets", "candy"),
        ("postres", "flan", "gelatinas", "dulces", "dulces típicos"),
        "baking",
    ),
    Concept("pupusas", ("pupusas", "pupusa"), ("pupusas", "pupusería", "hacer pupusas"), "traditional_food"),
    Concept("empanadas", ("empanadas", "empanada"), ("empanadas", "hacer empanadas"), "traditional_food"),
    Concept(
        "tortillas",
        ("tortillas", "homemade tortillas", "flour tortillas"),
        ("tortillas", "tortillas de harina", "tortillas hechas", "tortillería"),
        "traditional_food",
    ),
    Concept(
        "mexican_dishes",
        ("tacos", "pozole", "enchiladas", "birria", "mole"),
        ("tacos", "pozole", "enchiladas", "birria", "mole", "menudo"),
        "traditional_food",
    ),
    Concept(
        "canning",
        ("canning", "preserves", "pickling", "jam making"),
        ("conservas", "enlatar", "mermelada", "encurtidos"),
        "cooking",
    ),
    Concept(
        "vegetable_garden",
        ("vegetable garden", "growing vegetables", "raised beds", "grow tomatoes"),
        ("huerto", "huerta", "cultivar verduras", "sembrar verduras", "sembrar tomates"),
        "gardening",
    ),
    # ---- Long tail: paperwork and money ----
    Concept(
        "credit_repair",
        ("credit repair", "fix my credit", "bad credit", "collections"),
        ("reparar crédito", "crédito malo", "arreglar crédito", "limpiar crédito"),
        "credit",
    ),
    Concept(
        "electric_bill",
        ("electric bill", "light bill", "power bill", "electricity bill"),
        ("recibo de luz", "bill de luz", "pagar la luz", "cuenta de luz"),
        "utility_bills",
    ),
    Concept(
        "water_bill",
        ("water bill", "water utility", "sewer bill"),
        ("recibo del agua", "pagar el agua", "bill del agua", "cuenta del agua"),
        "utility_bills",
    ),
    Concept(
        "gas_bill",
        ("gas bill", "gas company", "gas service"),
        ("recibo del gas", "bill del gas", "servicio de gas"),
        "utility_bills",
    ),
    Concept(
        "utility_shutoff",
        ("shut off notice", "disconnection notice", "power shut off", "lights cut off"),
        ("corte de luz", "cortaron la luz", "aviso de corte", "cortaron el agua"),
        "utility_bills",
    ),
    Concept(
        "energy_assistance",
        ("energy assistance", "LIHEAP", "CEAP", "utility assistance"),
        ("ayuda luz", "LIHEAP", "asistencia de energía", "ayuda para biles"),
        "utility_bills",
    ),
    Concept(
        "low_cost_internet",
        ("low-cost internet", "affordable internet", "internet essentials", "cheap internet"),
        ("internet económico", "internet bajo costo", "internet barato", "internet gratis"),
        "wifi",
    ),
    Concept(
        "phone_plan",
        ("phone plan", "cell plan", "prepaid phone", "phone bill", "lifeline phone"),
        ("plan de celular", "plan telefónico", "celular prepagado", "recargas", "saldo"),
        "phones",
    ),
    Concept(
        "medicaid_renewal",
        ("Medicaid renewal", "renew Medicaid", "CHIP renewal", "lost Medicaid"),
        ("renovar Medicaid", "renovación de Medicaid", "renovar CHIP", "renovación de CHIP"),
        "medicaid",
    ),
    Concept(
        "unemployment",
        ("unemployment", "unemployment benefits", "laid off", "TWC", "lost my job"),
        ("desempleo", "beneficios de desempleo", "me despidieron", "perdí mi trabajo", "desempleado"),
        "benefits",
    ),
    Concept(
        "child_support",
        ("child support", "support payments", "attorney general"),
        ("manutención", "pensión alimenticia", "child support", "procuraduría"),
        "custody",
    ),
    Concept(
        "divorce_papers",
        ("divorce papers", "file for divorce", "divorce lawyer", "divorce court"),
        ("papeles de divorcio", "tramitar divorcio", "demanda de divorcio", "abogado de divorcio"),
        "legal_help",
    ),
    Concept(
        "notary",
        ("notary", "notary public", "notarize", "notarized"),
        ("notario", "notario público", "notarizar", "notariado"),
        "documents",
    ),
    Concept(
        "passport",
        ("passport", "passport renewal", "passport photos", "passport application"),
        ("pasaporte", "renovar pasaporte", "fotos de pasaporte", "sacar pasaporte"),
        "photo_id",
    ),
    Concept(
        "guardianship",
        ("power of attorney", "legal guardianship", "estate planning", "guardianship"),
        ("poder notarial", "carta poder", "testamento", "tutela legal", "tutela"),
        "legal_help",
    ),
    Concept(
        "lease",
        ("lease", "rental agreement", "lease renewal", "security deposit"),
        ("contrato de renta", "contrato de arrendamiento", "depósito de seguridad", "renovar contrato"),
        "housing",
    ),
    Concept(
        "life_insurance",
        ("life insurance", "renters insurance", "home insurance"),
        ("seguro de vida", "seguro de inquilino", "seguro de casa"),
        None,
    ),
    Concept(
        "police_report",
        ("police report", "crime victim", "stolen", "burglary"),
        ("reporte policial", "denuncia", "víctima de crimen", "me robaron", "robo"),
        "legal_help",
    ),
    Concept(
        "scams",
        ("scam", "fraud", "identity theft", "scammer"),
        ("estafa", "fraude", "robo de identidad", "estafador"),
        "legal_help",
    ),
    # ---- Long tail: family life and celebrations ----
    Concept(
        "baptism",
        ("baptism", "christening", "godparents", "baptized"),
        ("bautizo", "bautismo", "padrinos", "padrino"),
        "religious_celebration",
    ),
    Concept(
        "first_communion",
        ("first communion", "communion", "confirmation", "catechism"),
        ("primera comunión", "confirmación", "catecismo", "doctrina"),
        "religious_celebration",
    ),
    Concept(
        "wedding",
        ("wedding", "wedding planning", "wedding reception", "vow renewal"),
        ("boda", "casamiento", "fiesta de boda", "renovación de votos"),
        "events",
    ),
    Concept(
        "christmas",
        ("christmas", "christmas tree", "christmas lights", "santa"),
        ("navidad", "árbol de navidad", "luces navideñas", "nochebuena", "santa clos"),
        "events",
    ),
    Concept(
        "posadas",
        ("posada", "las posadas", "pastorela"),
        ("posada navideña", "posadas", "pastorela"),
        "cultural_celebration",
    ),
    Concept(
        "dia_de_muertos",
        ("dia de muertos", "day of dead", "ofrenda", "altar", "sugar skulls"),
        ("día de muertos", "altar de muertos", "ofrenda", "calaveritas", "pan de muerto"),
        "cultural_celebration",
    ),
    Concept(
        "three_kings",
        ("three kings day", "rosca de reyes", "epiphany"),
        ("día de reyes", "rosca de reyes", "reyes magos"),
        "cultural_celebration",
    ),
    Concept(
        "halloween",
        ("halloween", "trick or treat", "trunk or treat"),
        ("halloween", "pedir dulces", "noche de brujas"),
        "events",
    ),
    Concept(
        "thanksgiving",
        ("thanksgiving", "thanksgiving dinner", "turkey dinner"),
        ("acción de gracias", "cena de thanksgiving", "pavo"),
        "events",
    ),
    Concept(
        "easter",
        ("easter", "egg hunt", "easter eggs"),
        ("pascua", "semana santa", "búsqueda de huevos", "cascarones"),
        "events",
    ),
    Concept(
        "baby_shower",
        ("baby shower", "gender reveal", "sprinkle"),
        ("baby shower", "fiesta de bebé", "revelación de género"),
        "events",
    ),
    Concept(
        "prom",
        ("prom", "homecoming", "prom dress", "homecoming mum"),
        ("prom", "baile de graduación", "vestido de graduación", "homecoming"),
        "events",
    ),
    Concept(
        "costumes",
        ("costume", "halloween costume", "costumes"),
        ("disfraz", "disfraces", "vestuario", "disfrazarse"),
        "sewing",
    ),
    Concept(
        "dog_walking",
        ("dog walking", "walk my dog", "dog walker"),
        ("pasear al perro", "pasear perros", "paseador de perros", "sacar al perro", "paseo perros"),
        "pets",
    ),
    Concept(
        "pet_sitting",
        ("pet sitting", "pet sitter", "feed my cat", "watch my dog"),
        ("cuidar mascotas", "cuidar al perro", "cuidar mi gato", "cuidador de mascotas"),
        "pets",
    ),
    Concept(
        "vet",
        ("vet", "veterinarian", "spay", "neuter", "pet vaccines"),
        ("veterinario", "veterinaria", "esterilizar", "castrar", "vacunas para perro"),
        "pets",
    ),
    Concept(
        "dog_training",
        ("dog training", "puppy training", "obedience training"),
        ("entrenar perro", "adiestrar perro", "adiestramiento canino", "entrenar al perrito"),
        "pets",
    ),
    Concept(
        "pet_grooming",
        ("dog grooming", "pet grooming", "groomer", "bathe the dog"),
        ("estética canina", "bañar al perro", "peluquería canina", "grooming"),
        "pets",
    ),
    Concept(
        "pet_adoption",
        ("adopt a dog", "pet adoption", "rehome", "adopt a cat"),
        ("adoptar perro", "adopción de mascotas", "adoptar gato", "dar en adopción"),
        "pets",
    ),
    Concept(
        "date_night",
        ("date night", "parents night out", "kids night out"),
        ("noche de pareja", "salir en pareja", "cita romántica", "noche libre"),
        "babysitting",
    ),
    Concept(
        "outings",
        ("museum", "zoo", "aquarium", "family outing", "day trip"),
        ("museo", "zoológico", "acuario", "paseo familiar", "salida familiar"),
        "outdoor_play",
    ),
    Concept(
        "beauty",
        ("makeup", "manicure", "nails", "hair and makeup", "updo"),
        ("maquillaje", "uñas", "manicure", "peinado", "peinados"),
        "haircuts",
    ),
    Concept(
        "hair_braiding",
        ("hair braiding", "braids", "box braids", "cornrows"),
        ("trenzas", "hacer trenzas", "trenzado", "peinar trenzas"),
        "haircuts",
    ),
    Concept(
        "shoes",
        ("shoes", "sneakers", "boots", "school shoes", "sandals", "flip flops"),
        ("zapatos", "tenis", "botas", "huaraches", "zapatos escolares", "sandalias", "chanclas", "zapatillas"),
        "clothing",
    ),
    Concept(
        "school_uniform",
        ("school uniform", "uniforms", "polo shirts", "khaki pants"),
        ("uniforme", "uniforme escolar", "uniformes", "camisa polo"),
        "clothing",
    ),
    Concept(
        "winter_coat",
        ("winter coat", "jacket", "coat", "sweater", "hoodie", "winter jacket"),
        ("chamarra", "abrigo", "suéter", "chaqueta", "sudadera", "chumpa", "chompa", "abrigo de invierno"),
        "clothing",
    ),
    # ---- Long tail: more ----
    Concept(
        "earth_science",
        ("earth science", "astronomy", "geology", "space science"),
        ("ciencias terrestres", "astronomía", "geología", "ciencias del espacio"),
        "science",
    ),
    Concept(
        "engineering",
        ("engineering club", "engineering class", "bridge project", "engineering design"),
        ("ingeniería", "club de ingeniería", "ingeniero"),
        "science",
    ),
    Concept(
        "college_visits",
        ("college visit", "campus tour", "college tours"),
        ("visitar universidades", "recorrido universitario", "visita universitaria"),
        "college",
    ),
    Concept(
        "military",
        ("JROTC", "ROTC", "military recruiter", "join the army", "military service"),
        ("ROTC", "reclutador militar", "ejército", "servicio militar"),
        None,
    ),
    Concept(
        "internship",
        ("internship", "summer internship", "job shadowing"),
        ("prácticas profesionales", "pasantía", "internado"),
        "jobs",
    ),
    Concept(
        "service_hours",
        ("community service hours", "service hours", "volunteer hours"),
        ("horas de servicio", "servicio comunitario", "horas voluntarias"),
        "volunteering",
    ),
    Concept(
        "kinder_readiness",
        ("kindergarten readiness", "ready for kindergarten", "kinder prep"),
        ("preparación para kínder", "listo para kínder", "preparar para kínder"),
        "pre_k",
    ),
    Concept(
        "art_supplies",
        ("art supplies", "markers", "crayons", "colored pencils"),
        ("materiales de arte", "crayolas", "marcadores", "lápices de colores"),
        "school_supplies",
    ),
    Concept(
        "calculator",
        ("graphing calculator", "calculator", "TI-84", "scientific calculator"),
        ("calculadora gráfica", "calculadora científica", "calculadora graficadora"),
        "school_supplies",
    ),
    Concept(
        "music_production",
        ("music production", "beat making", "songwriting", "recording studio"),
        ("producción musical", "componer canciones", "grabar música", "estudio de grabación"),
        "music",
    ),
    Concept(
        "origami",
        ("origami", "paper crafts", "paper folding"),
        ("origami", "papiroflexia", "figuras de papel"),
        "crafts",
    ),
    Concept(
        "candle_soap",
        ("candle making", "soap making", "candles", "homemade soap"),
        ("hacer velas", "hacer jabón", "velas aromáticas", "jabón artesanal"),
        "crafts",
    ),
    Concept(
        "murals",
        ("mural", "murals", "street art", "graffiti art"),
        ("mural", "murales", "arte urbano", "grafiti"),
        "visual_art",
    ),
    Concept(
        "animation",
        ("animation", "stop motion", "filmmaking", "short film"),
        ("animación", "hacer películas", "cortometraje", "cine"),
        "video_editing",
    ),
    Concept(
        "weightlifting",
        ("weightlifting", "lifting weights", "strength training", "weight room"),
        ("pesas", "levantar pesas", "entrenamiento de fuerza", "gimnasio de pesas"),
        "fitness",
    ),
    Concept(
        "walking_buddy",
        ("walking buddy", "walking partner", "walk together", "mall walking"),
        ("compañera de caminata", "caminar juntas", "caminar juntos", "salir a caminar"),
        "fitness",
    ),
    Concept(
        "jump_rope",
        ("jump rope", "double dutch", "jumping rope"),
        ("saltar la cuerda", "brincar la cuerda", "saltar cuerda"),
        "fitness",
    ),
    Concept("referee", ("referee", "umpire", "ref games"), ("árbitro", "ampáyer", "arbitrar"), "coaching"),
    Concept(
        "cabinets",
        ("cabinets", "countertops", "kitchen remodel", "kitchen cabinets"),
        ("gabinetes", "alacenas", "cubiertas de cocina", "remodelar cocina"),
        "carpentry",
    ),
    Concept(
        "remodeling",
        ("remodeling", "renovation", "home improvement", "remodel"),
        ("remodelación", "remodelar", "renovación de casa", "ampliación"),
        "home_repair",
    ),
    Concept(
        "caulking",
        ("caulking", "grout", "caulk", "regrout"),
        ("sellador", "silicón", "boquilla", "sellar tina"),
        "home_repair",
    ),
    Concept(
        "faucet",
        ("faucet", "shower head", "sink faucet", "shower repair"),
        ("grifo", "regadera", "llave del agua", "llave del lavabo"),
        "plumbing",
    ),
    Concept(
        "sprinklers",
        ("sprinklers", "sprinkler system", "irrigation", "drip irrigation"),
        ("aspersores", "sistema de riego", "riego por goteo", "regar"),
        "yard_work",
    ),
    Concept(
        "house_sitting",
        ("house sitting", "water plants", "check on house", "collect mail"),
        ("cuidar la casa", "regar plantas", "recoger el correo", "cuidar casa"),
        "household",
    ),
    Concept(
        "ironing", ("ironing", "iron clothes", "press clothes"), ("planchar", "planchado", "planchar ropa"), "laundry"
    ),
    Concept(
        "carpet_cleaning",
        ("carpet cleaning", "steam cleaning", "upholstery cleaning", "shampoo carpet"),
        ("lavar alfombras", "limpieza de alfombras", "lavar sala", "lavado de sillones"),
        "cleaning",
    ),
    Concept(
        "car_lights",
        ("headlight", "tail light", "headlights", "brake light"),
        ("faros", "calaveras del carro", "luces del carro", "foco del carro"),
        "car_repair",
    ),
    Concept(
        "auto_body",
        ("dent repair", "body work", "paint job", "car scratches", "bumper"),
        ("hojalatería", "hojalatero", "pintura del carro", "abolladura", "defensa del carro"),
        "car_repair",
    ),
    Concept(
        "nutritionist",
        ("nutritionist", "dietitian", "diet plan"),
        ("nutriólogo", "nutrióloga", "plan de alimentación"),
        "nutrition",
    ),
    Concept(
        "weight_loss",
        ("weight loss", "lose weight", "losing weight"),
        ("bajar de peso", "perder peso", "adelgazar"),
        "nutrition",
    ),
    Concept(
        "blood_pressure",
        ("blood pressure", "hypertension", "high cholesterol"),
        ("presión alta", "hipertensión", "colesterol alto", "presión arterial"),
        "illness",
    ),
    Concept(
        "epilepsy",
        ("epilepsy", "seizures", "seizure disorder"),
        ("epilepsia", "convulsiones", "ataques epilépticos"),
        "illness",
    ),
    Concept(
        "skin_conditions",
        ("eczema", "rash", "skin condition", "acne"),
        ("eczema", "dermatitis", "sarpullido", "ronchas", "acné"),
        "illness",
    ),
    Concept(
        "womens_health",
        ("mammogram", "pap smear", "women's health", "birth control"),
        ("mamografía", "papanicolaou", "salud femenina", "anticonceptivos"),
        "health_care",
    ),
    Concept(
        "stuttering", ("stuttering", "stutter", "stammer"), ("tartamudeo", "tartamudez", "tartamudea"), "speech_therapy"
    ),
    Concept(
        "down_syndrome",
        ("down syndrome", "cerebral palsy", "genetic condition"),
        ("síndrome de down", "parálisis cerebral", "condición genética"),
        "special_education",
    ),
    Concept(
        "crisis_support",
        ("suicidal", "self-harm", "crisis line", "suicide prevention"),
        ("suicidio", "autolesiones", "línea de crisis", "pensamientos suicidas"),
        "mental_health",
    ),
    Concept("halal_kosher", ("halal", "kosher", "halal food"), ("halal", "kosher", "comida halal"), "special_diets"),
    Concept(
        "bbq",
        ("bbq", "barbecue", "grill", "carne asada", "cookout"),
        ("carne asada", "asador", "parrillada", "barbacoa", "asar carne"),
        "cooking",
    ),
    Concept(
        "money_orders",
        ("money order", "cashier's check", "check cashing"),
        ("giro postal", "money order", "cheque de caja", "cambiar cheques"),
        "bank_account",
    ),
    Concept(
        "home_buying",
        ("buy a house", "first-time homebuyer", "mortgage", "home loan"),
        ("comprar casa", "hipoteca", "enganche", "préstamo hipotecario"),
        "housing",
    ),
    Concept(
        "property_tax",
        ("property taxes", "property tax", "homestead exemption"),
        ("impuestos de propiedad", "exención homestead", "impuesto predial"),
        "taxes",
    ),
    Concept(
        "name_change",
        ("name change", "change my name", "legal name"),
        ("cambio de nombre", "cambiar nombre", "corregir nombre"),
        "documents",
    ),
    Concept(
        "marriage_certificate",
        ("marriage license", "marriage certificate", "get married"),
        ("acta de matrimonio", "licencia de matrimonio", "casarse por civil"),
        "documents",
    ),
    Concept(
        "dual_citizenship",
        ("dual citizenship", "CURP", "mexican nationality"),
        ("doble nacionalidad", "CURP", "nacionalidad mexicana"),
        "consulate",
    ),
    Concept(
        "landlord_repairs",
        ("landlord repairs", "repair request", "code violation", "housing inspector"),
        ("reparaciones del dueño", "inspector de vivienda", "violación de código"),
        "housing",
    ),
    Concept(
        "family_reunion",
        ("family reunion", "anniversary party", "cousins reunion"),
        ("reunión familiar", "aniversario", "reunión de primos"),
        "events",
    ),
    Concept(
        "game_night",
        ("game night", "board games", "card games"),
        ("noche de juegos", "juegos de mesa", "juegos de cartas"),
        "playdates",
    ),
    Concept("ramadan_eid", ("Eid", "Ramadan", "iftar"), ("Ramadán", "Eid", "iftar"), "cultural_celebration"),
    Concept(
        "mothers_day",
        ("mother's day", "father's day", "mothers day"),
        ("día de madres", "día del padre", "festival de mamás"),
        "events",
    ),
    Concept(
        "teen_jobs",
        ("first job", "summer job", "teen job", "part-time job"),
        ("primer trabajo", "trabajo de verano", "trabajo para jóvenes", "medio tiempo"),
        "jobs",
    ),
    Concept(
        "teen_parenting",
        ("teenager", "teen parenting", "rebellious teen", "moody teen"),
        ("adolescente rebelde", "crianza de adolescentes", "adolescente", "hijo adolescente"),
        "parenting",
    ),
    Concept(
        "gangs",
        ("gangs", "gang activity", "gang violence"),
        ("pandillas", "pandilleros", "violencia de pandillas"),
        "parenting",
    ),
    Concept(
        "toys",
        ("toys", "toy donation", "legos", "board game donation"),
        ("juguetes", "donar juguetes", "legos", "juguetes usados"),
        None,
    ),
    Concept(
        "camping_gear",
        ("camping gear", "tent", "cooler", "sleeping bag"),
        ("casa de campaña", "tienda de campaña", "hielera", "bolsa de dormir"),
        "lending",
    ),
    Concept(
        "tv_setup",
        ("tv setup", "smart tv", "roku", "streaming"),
        ("configurar la tele", "smart tv", "roku", "streaming"),
        "tech_help",
    ),
    Concept(
        "hacked_account",
        ("hacked", "hacked account", "phishing", "account hacked"),
        ("hackearon", "cuenta hackeada", "me hackearon", "phishing"),
        "email",
    ),
    # Everyday topics added later: chores and household items, school letters, job skills, small business, elder care
    Concept(
        "dishes",
        ("washing dishes", "wash dishes", "dirty dishes"),
        ("lavar los trastes", "lavar platos", "lavar trastes", "trastes sucios"),
        "household",
    ),
    Concept(
        "kitchenware",
        ("pots and pans", "kitchenware", "kitchen utensils"),
        ("ollas y sartenes", "trastes de cocina", "utensilios de cocina"),
        "household",
    ),
    Concept(
        "bedding",
        ("bedding", "blankets", "pillows", "bed sheets"),
        ("cobijas", "sábanas", "cobertores", "almohadas", "frazadas"),
        "household",
    ),
    Concept(
        "cleaning_supplies",
        ("cleaning supplies", "cleaning products", "detergent", "bleach"),
        ("productos de limpieza", "artículos de limpieza", "detergente", "cloro"),
        "cleaning",
    ),
    Concept(
        "window_cleaning",
        ("window cleaning", "window washing", "clean windows"),
        ("limpiar ventanas", "lavar vidrios", "limpieza de ventanas"),
        "cleaning",
    ),
    Concept(
        "recycling",
        ("recycling", "recycling bin", "trash day", "trash cans"),
        ("reciclaje", "reciclar", "botes de basura", "contenedor de reciclaje"),
        "household",
    ),
    Concept(
        "hygiene_products",
        ("hygiene products", "toiletries", "feminine products", "period products"),
        ("productos de higiene", "artículos de higiene", "toallas sanitarias", "toallas femeninas"),
    ),
    Concept(
        "garage_sale",
        ("garage sale", "yard sale", "flea market"),
        ("venta de garaje", "venta de garage", "venta de patio", "tianguis", "mercado de pulgas"),
    ),
    Concept(
        "chores_allowance",
        ("chore chart", "weekly allowance", "pocket money"),
        ("tabla de quehaceres", "quehaceres de niños"),
        "parenting",
    ),
    Concept(
        "siblings",
        ("siblings", "sibling rivalry", "new sibling"),
        ("hermanitos", "rivalidad entre hermanos", "celos entre hermanos", "peleas entre hermanos"),
        "parenting",
    ),
    Concept(
        "babyproofing",
        ("babyproofing", "childproofing", "baby gates"),
        ("seguridad para bebés", "puerta para bebé", "protectores de enchufes"),
        "new_baby",
    ),
    # School letters and records
    Concept(
        "school_letters",
        ("school letter", "letter from school", "school notice"),
        ("carta de escuela", "aviso escolar", "citatorio", "carta escolar"),
        "school_system",
    ),
    Concept(
        "transcripts",
        ("school transcript", "transcripts", "school records"),
        ("certificado de estudios", "kárdex", "historial académico", "expediente escolar"),
        "school_system",
    ),
    Concept(
        "foreign_credentials",
        ("credential evaluation", "foreign diploma", "foreign degree"),
        ("revalidar estudios", "revalidación de estudios", "validar título", "título extranjero"),
        "documents",
    ),
    Concept(
        "document_translation",
        ("translate documents", "document translation", "translate a letter"),
        ("traducir documentos", "traducción de documentos", "traducir una carta"),
        "translation",
    ),
    Concept(
        "school_pictures",
        ("picture day", "school pictures", "school photos"),
        ("día de fotos", "fotos escolares", "fotos de escuela"),
        "school_system",
    ),
    Concept("yearbook", ("yearbook", "yearbook photos"), ("anuario", "anuario escolar"), "school_system"),
    Concept(
        "dress_code",
        ("dress code", "dress code violation"),
        ("código de vestimenta", "reglamento de vestir"),
        "school_uniform",
    ),
    Concept(
        "school_nurse",
        ("school nurse", "nurse's office", "medication at school"),
        ("enfermera escolar", "enfermería escolar", "enfermera de escuela"),
        "health_care",
    ),
    Concept(
        "summer_meals",
        ("summer meals", "summer lunch program", "free summer lunch"),
        ("comidas de verano", "almuerzos de verano", "almuerzo gratis verano"),
        "food_assistance",
    ),
    # Tests
    Concept(
        "tsi_test",
        ("TSI test", "TSI", "college placement test", "Accuplacer"),
        ("examen TSI", "TSI", "examen de ubicación", "Accuplacer"),
        "test_prep",
    ),
    Concept(
        "asvab",
        ("ASVAB", "ASVAB test", "military entrance exam"),
        ("ASVAB", "examen ASVAB", "examen militar"),
        "test_prep",
    ),
    Concept(
        "toefl",
        ("TOEFL", "IELTS", "English proficiency test"),
        ("TOEFL", "IELTS", "examen de inglés", "examen de suficiencia"),
        "test_prep",
    ),
    Concept(
        "benchmark_tests",
        ("MAP test", "iReady", "benchmark test", "MAP testing"),
        ("examen MAP", "iReady", "examen de diagnóstico", "prueba MAP"),
        "test_prep",
    ),
    # Job skills
    Concept(
        "forklift",
        ("forklift", "forklift certification", "forklift license", "forklift operator"),
        ("montacargas", "licencia de montacargas", "certificación de montacargas", "operador de montacargas"),
        "job_training",
    ),
    Concept(
        "cdl",
        ("commercial driver's license", "truck driving school", "truck driver", "trucking school"),
        ("licencia comercial", "manejar tráiler", "chofer de tráiler", "escuela de tráileros"),
        "job_training",
    ),
    Concept(
        "food_handler",
        ("food handler card", "food handlers", "food handler's permit", "ServSafe", "food safety certificate"),
        ("manejo de alimentos", "manipulador de alimentos", "certificado de alimentos", "tarjeta de alimentos"),
        "job_training",
    ),
    Concept(
        "osha",
        ("OSHA", "OSHA card", "OSHA training", "construction safety"),
        ("OSHA", "tarjeta OSHA", "curso OSHA", "seguridad en construcción"),
        "job_training",
    ),
    Concept(
        "healthcare_training",
        ("CNA", "nursing assistant", "phlebotomy", "medical assistant", "pharmacy technician"),
        ("asistente de enfermería", "flebotomía", "asistente médico", "técnico de farmacia", "CNA"),
        "job_training",
    ),
    Concept(
        "cosmetology",
        ("cosmetology", "beauty school", "cosmetology license", "barber license"),
        ("cosmetología", "escuela de belleza", "licencia de cosmetología", "curso de belleza"),
        "job_training",
    ),
    Concept(
        "cashier",
        ("cashier", "cash register", "cashier job"),
        ("cajera", "cajero", "caja registradora", "trabajo de cajera"),
        "jobs",
    ),
    Concept(
        "customer_service",
        ("customer service", "call center", "customer service job"),
        ("servicio al cliente", "centro de llamadas", "call center", "atención al cliente"),
        "jobs",
    ),
    Concept(
        "construction_jobs",
        ("construction work", "construction job", "construction worker"),
        ("trabajo de construcción", "trabajador de construcción", "construcción", "obrero"),
        "jobs",
    ),
    Concept(
        "warehouse_jobs",
        ("warehouse job", "warehouse work", "warehouse worker"),
        ("trabajo de bodega", "trabajo en almacén", "trabajo de empaque"),
        "jobs",
    ),
    Concept(
        "janitorial",
        ("janitor", "janitorial", "custodian", "office cleaning"),
        ("conserje", "intendencia", "limpieza de oficinas", "trabajo de limpieza"),
        "jobs",
    ),
    Concept(
        "restaurant_jobs",
        ("restaurant job", "line cook", "waiter", "waitress", "busser"),
        ("mesero", "mesera", "trabajo en restaurante", "ayudante de cocina", "lavaplatos"),
        "jobs",
    ),
    # Small business
    Concept(
        "vendor_permit",
        ("vendor permit", "food permit", "food truck", "street vendor", "business license"),
        ("permiso de vendedor", "permiso de comida", "vendedor ambulante", "licencia de negocio", "food truck"),
        "small_business",
    ),
    Concept(
        "business_taxes",
        ("business taxes", "self-employed taxes", "sales tax", "self-employment tax"),
        ("impuestos de negocio", "impuesto de ventas", "trabajador independiente", "autoempleo"),
        "taxes",
    ),
    Concept(
        "bookkeeping",
        ("bookkeeping", "bookkeeper", "quickbooks", "business invoices"),
        ("contabilidad", "contador", "contadora", "quickbooks", "llevar las cuentas"),
        "small_business",
    ),
    Concept(
        "home_food_business",
        ("cottage food", "home bakery", "sell baked goods", "sell tamales"),
        ("vender postres", "vender tamales", "venta de comida", "repostería en casa"),
        "small_business",
    ),
    Concept(
        "selling_online",
        ("sell online", "facebook marketplace", "etsy", "online store"),
        ("vender en línea", "marketplace", "tienda en línea", "vender por internet"),
        "small_business",
    ),
    Concept(
        "home_daycare",
        ("home daycare", "daycare license", "childcare license", "in-home daycare"),
        ("guardería en casa", "licencia de guardería", "guardería casera"),
        "childcare",
    ),
    # Elder care
    Concept(
        "home_health_aide",
        ("home health aide", "caregiver", "caregiving", "home nurse"),
        ("asistente de salud", "enfermera a domicilio", "cuidador de ancianos", "cuidadora de ancianos"),
        "elder_care",
    ),
    Concept(
        "dementia",
        ("dementia", "alzheimer's", "memory loss", "alzheimers"),
        ("demencia", "alzheimer", "pérdida de memoria", "demencia senil"),
        "elder_care",
    ),
    Concept(
        "nursing_home",
        ("nursing home", "assisted living", "adult day care", "senior center"),
        ("asilo de ancianos", "casa de retiro", "residencia de ancianos", "centro para mayores"),
        "elder_care",
    ),
    Concept(
        "medicare",
        ("Medicare", "Medicare enrollment", "Medicare Part D"),
        ("Medicare", "inscripción en Medicare", "seguro para mayores"),
        "health_insurance",
    ),
    Concept(
        "senior_companion",
        ("senior companion", "visit seniors", "senior visits"),
        ("acompañar abuelitos", "compañía para ancianos", "visitar ancianos"),
        "elder_care",
    ),
    Concept(
        "respite_care",
        ("respite care", "caregiver break", "caregiver support"),
        ("cuidado de respiro", "relevo del cuidador", "descanso para cuidadores"),
    ),
    Concept(
        "hospice",
        ("hospice", "end-of-life care", "palliative care"),
        ("cuidados paliativos", "hospicio", "cuidado paliativo"),
        "health_care",
    ),
    Concept(
        "school_project",
        ("school project", "diorama", "poster board project", "class project"),
        ("maqueta", "proyecto escolar", "proyecto de clase"),
        "homework",
    ),
    Concept(
        "business_registration",
        ("register a business", "EIN", "DBA", "assumed name"),
        ("registrar negocio", "EIN", "nombre comercial", "registrar una empresa"),
        "small_business",
    ),
    Concept(
        "reference_letter",
        ("reference letter", "letter of recommendation", "recommendation letter"),
        ("carta de recomendación", "carta de referencia"),
    ),
    Concept(
        "background_check",
        ("background check", "fingerprinting", "criminal record"),
        ("verificación de antecedentes", "huellas digitales", "antecedentes penales", "toma de huellas"),
    ),
    Concept(
        "apprenticeship",
        ("apprenticeship", "apprentice program", "trade apprenticeship"),
        ("programa de aprendices", "aprendizaje de oficio", "aprender un oficio"),
        "job_training",
    ),
    Concept(
        "gig_driving",
        ("rideshare driver", "Uber driver", "DoorDash", "delivery driver"),
        ("chofer de Uber", "manejar para Uber", "DoorDash", "repartidor"),
        "jobs",
    ),
    Concept(
        "lost_pet",
        ("lost dog", "lost pet", "missing cat", "lost cat"),
        ("perro perdido", "mascota perdida", "gato perdido", "perdí mi perro"),
        "pets",
    ),
    Concept(
        "accessibility_home",
        ("wheelchair ramp", "grab bars", "accessibility ramp"),
        ("rampa", "barras de apoyo", "rampa de acceso"),
        "home_repair",
    ),
)

# Terms matched only as written (or with an -s/-es plural), never by their stem, because the stem is
# also that of a common word with another meaning: "probably" is not probability, "minded" not
# mindfulness, "recording" not a recorder, "engineering" not an engine, "a date" not dating, "run
# errands" not running, "boxes" not boxing, "book an appointment" not books, "multiple" not
# multiplication, "visiting" not visitation; "quebró" (broke) is not "quebrados" (fractions), "cerca"
# (near) not a "cerco", "un rato" not "ratas", "pesos" not "pesas", "lento" not "lentes", "llanto"
# not a "llanta", "boletos" not a "boleta", "deportaron" not "deportes",
# "matarse" not "mate", "soldado" not "soldar", "bordes" not "bordado", "a menudo" not menudo.
# Found by stemming the 40,000 commonest words of each language (wordfreq) and reading which share a
# stem with a term of the table; the self-check below holds each to a term of the table.
# fmt: off
_AS_WRITTEN_EN = (
    "probability", "mindfulness", "recorder", "humanities", "blinds", "glasses", "petition", "engine",
    "shocks", "retainer", "animation", "purees", "collections", "confirmation", "dating", "gaming",
    "wedding", "bedding", "nails", "calculator", "teething", "preserves", "multiplication", "visitation",
    "benefits", "certification", "pumping", "organizer", "derivatives", "typing", "books", "running",
    "boxing",
)
_AS_WRITTEN_ES = (
    "cerco", "ratas", "pesas", "purés", "señas", "nica", "menudo", "mole", "posadas", "botas",
    "conservas", "tuba", "barro", "bordado", "bordar", "viola", "colado", "soldar", "excusado",
    "internado", "quebrados", "mate", "lentes", "llanta", "boleta", "kínder", "techo", "logo", "deportes",
    "deporte", "deportista", "deportivo", "deportiva",
)
# fmt: on
AS_WRITTEN: frozenset[tuple[str, str]] = frozenset(
    [*(("en", t) for t in _AS_WRITTEN_EN), *(("es", t) for t in _AS_WRITTEN_ES)]
)

SENSES: tuple[Sense, ...] = (
    # "Ride" beside a bike is riding it, not a ride somewhere.
    Sense("en", "ride", "sports.fitness", "biking", cue="biking"),
    Sense("en", "suspension", "trades.car_repair", "car_suspension", cue="car_repair"),
    Sense("es", "suspensión", "trades.car_repair", "car_suspension", cue="car_repair"),
    # Under car repair, a truck is the vehicle to fix, not one to borrow.
    Sense("en", "truck", "trades.car_repair", "car_repair"),
    Sense("en", "pickup truck", "trades.car_repair", "car_repair"),
    Sense("es", "troca", "trades.car_repair", "car_repair"),
    Sense("es", "camioneta", "trades.car_repair", "car_repair"),
    # "Frenos" at the doctor's or beside a dentist are braces, not a car's brakes.
    Sense("es", "frenos", "health.doctors", "braces", cue="dentist"),
    # A "gato" under car repair, or beside a flat tire, is the jack, not a cat.
    Sense("es", "gato", "trades.car_repair", "car_repair", cue="car_repair"),
    # A "fórmula" in math homework is not baby formula.
    Sense("es", "fórmula", "tutoring.math", "math", cue="math"),
    Sense("en", "app", "tech.school_apps", "school_portals", cue="school_portals"),
    Sense("es", "app", "tech.school_apps", "school_portals", cue="school_portals"),
)


if __name__ == "__main__":
    import unicodedata

    def _norm(term: str) -> str:
        stripped = unicodedata.normalize("NFKD", term.lower())
        return "".join(c for c in stripped if not unicodedata.combining(c)).strip()

    keys = [c.key for c in CONCEPTS]
    assert len(keys) == len(set(keys)), sorted(k for k in set(keys) if keys.count(k) > 1)
    known = set(keys)
    seen: dict[tuple[str, str], str] = {}
    for c in CONCEPTS:
        assert c.key.isascii() and c.key.replace("_", "").isalnum() and c.key == c.key.lower(), c.key
        assert c.broader is None or c.broader in known, (c.key, c.broader)
        assert c.broader != c.key, c.key
        assert c.en and c.es, c.key
        for lang, terms in (("en", c.en), ("es", c.es)):
            for term in terms:
                assert term.strip() and len(term.split()) <= 3, (c.key, term)
                norm = (lang, _norm(term))
                assert norm not in seen, (norm, seen.get(norm), c.key)
                seen[norm] = c.key
    for lang, term in AS_WRITTEN:
        assert (lang, _norm(term)) in seen, ("AS_WRITTEN names no term of the table", lang, term)
    for sense in SENSES:
        assert sense.concept in known and seen.get((sense.lang, _norm(sense.term))), sense
        assert seen[(sense.lang, _norm(sense.term))] != sense.concept, sense
        assert sense.cue is None or sense.cue in known, sense
    # no cycles in broader links
    parent = {c.key: c.broader for c in CONCEPTS}
    for k in keys:
        path, cur = set(), k
        while cur is not None:
            assert cur not in path, ("broader cycle", k)
            path.add(cur)
            cur = parent[cur]
    n_en = sum(len(c.en) for c in CONCEPTS)
    n_es = sum(len(c.es) for c in CONCEPTS)
    print(f"ok: {len(CONCEPTS)} concepts, {n_en} English terms, {n_es} Spanish terms")
