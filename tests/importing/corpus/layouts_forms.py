"""Layouts exported by online form tools (Microsoft Forms, Google Forms), as they download.

Every expected result is worked out by hand from PRODUCT.md's Domain rules (see
layouts_office.py), plus:
- a respondent is identified by e-mail if given, else by name; per purpose, each respondent's
  latest return counts and any refusal wins (two carers who disagree -> the more restrictive);
- "tick any uses you object to": ticked = refuse, not ticked = consent; in a consent-phrased
  tick list, a purpose not ticked is refuse.
"""

from __future__ import annotations

from datetime import date, datetime

from tests.importing.corpus.model import (
    ALL,
    NO_IMAGES,
    NO_RESTRICTION,
    Cell,
    Column,
    Layout,
    Row,
    column_values,
    restricted,
    ticks,
    write_csv,
    write_xlsx,
    yes_no,
)

MS_META = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time"]


def _ms(
    n: int, day: int, hh: int, mm: int, email: str = "anonymous", name: str | None = None
) -> list[Cell]:
    """The columns Microsoft Forms puts first ("anyone can respond": Email = anonymous)."""
    start = datetime(2025, 9, day, hh, mm, 0)
    done = datetime(2025, 9, day, hh, mm + 3, 30)
    return [n, start, done, email, name, None]


# ---------------------------------------------------------------------------------------------
# D. Microsoft Forms "anyone can respond": Email = anonymous, Name empty; the carer's name and
#    e-mail asked as questions. Two carers of one child answer differently.
# ---------------------------------------------------------------------------------------------
D_Q = [
    "Can we use photographs of your child in displays around the academy?",
    "Can we use photographs of your child on the academy and trust websites?",
    "Can we use photographs of your child on the academy and trust social media?",
    "Can we use photographs of your child in newsletters and the prospectus?",
    "Can we share photographs of your child with local and national press?",
    "Can we make video recordings and livestreams that include your child?",
]
D_HEAD = [
    *MS_META,
    "Your name",
    "Your email address",
    "Your relationship to the child",
    "Child's full name",
    "Child's date of birth",
    "Child's class",
    *D_Q,
]
Y, N = "Yes", "No"
D_ROWS: list[Row] = [
    D_HEAD,
    [
        *_ms(1, 9, 8, 1),
        "Rhian Evans",
        "rhian.evans@example.net",
        "Mother",
        "Siôn Evans",
        date(2015, 9, 3),
        "5W",
        Y,
        Y,
        Y,
        Y,
        Y,
        Y,
    ],
    [
        *_ms(2, 9, 8, 15),
        "Gareth Llewelyn-Jones",
        "gareth.lj@example.com",
        "Father",
        "Angharad Llewelyn-Jones",
        date(2015, 11, 14),
        "5W",
        Y,
        Y,
        N,
        Y,
        Y,
        Y,
    ],
    [
        *_ms(3, 9, 19, 40),
        "Siân Llewelyn-Jones",
        "sian.llewelynjones@example.org",
        "Mother",
        "Angharad Llewelyn Jones",
        date(2015, 11, 14),
        "5W",
        Y,
        Y,
        Y,
        Y,
        Y,
        Y,
    ],
    [
        *_ms(4, 10, 7, 30),
        "Ola Nowak",
        "ola.nowak@example.pl",
        "Mother",
        "Kuba Nowak",
        date(2018, 6, 21),
        "3B",
        Y,
        N,
        Y,
        Y,
        Y,
        Y,
    ],
    [
        *_ms(5, 10, 21, 5),
        "Ola Nowak",
        "ola.nowak@example.pl",
        "Mother",
        "Jakub Nowak",
        date(2018, 6, 21),
        "3B",
        Y,
        Y,
        Y,
        Y,
        Y,
        Y,
    ],
    [
        *_ms(6, 11, 9, 0),
        "Chidi Okafor",
        "chidi.okafor@example.com",
        "Father",
        "Chiamaka Okafor",
        date(2015, 5, 1),
        "6G",
        N,
        N,
        N,
        N,
        N,
        N,
    ],
    [
        *_ms(7, 11, 12, 10),
        "Emma Clarke",
        "emma.clarke@example.co.uk",
        "Mother",
        "Zoe Clarke",
        date(2016, 8, 12),
        "5W",
        Y,
        Y,
        Y,
        Y,
        N,
        Y,
    ],
    [
        *_ms(8, 11, 18, 20),
        "Tom Clarke",
        "tom.clarke@example.co.uk",
        "Stepfather",
        "Zoë Clarke",
        date(2016, 8, 12),
        "5W",
        Y,
        Y,
        Y,
        Y,
        Y,
        Y,
    ],
    [
        *_ms(9, 12, 8, 45),
        "Huw Rhys",
        "huw.rhys@example.cymru",
        "Father",
        "Gwen Rhys",
        date(2019, 1, 23),
        "2T",
        Y,
        Y,
        Y,
        Y,
        Y,
        N,
    ],
    [
        *_ms(10, 12, 9, 50),
        "Karen Hughes",
        "karen.hughes@example.com",
        "Mother",
        "Oliver Hughes",
        date(2020, 6, 4),
        "1M",
        Y,
        Y,
        Y,
        Y,
        Y,
        Y,
    ],
    [
        *_ms(11, 12, 10, 5),
        "Dev Patel",
        "dev.patel@example.com",
        "Father",
        "Priya Patel",
        date(2017, 3, 17),
        "4R",
        Y,
        Y,
        N,
        Y,
        N,
        Y,
    ],
    [
        *_ms(12, 13, 16, 30),
        "Mark Hughes",
        "mark.hughes@example.com",
        "Father",
        "Olly Hughes",
        date(2020, 6, 4),
        "1M",
        Y,
        N,
        Y,
        Y,
        Y,
        Y,
    ],
    [
        *_ms(13, 13, 17, 0),
        "Delyth Thomas",
        None,
        "Mother",
        "Ffion Thomas",
        date(2020, 4, 2),
        "1M",
        Y,
        Y,
        Y,
        Y,
        Y,
        N,
    ],
    [
        *_ms(14, 14, 8, 10),
        "Gareth Thomas",
        None,
        "Father",
        "Ffion Thomas",
        date(2020, 4, 2),
        "1M",
        Y,
        Y,
        Y,
        Y,
        Y,
        Y,
    ],
]

LAYOUT_D = Layout(
    table=D_ROWS,
    name="d_msforms_anonymous_two_carers",
    covers="Microsoft Forms 'anyone can respond' (Email = anonymous, Name empty, 'Your name' / "
    "'Your email address' questions); two carers disagree; one carer changes their mind",
    build=lambda d: write_xlsx(d / "msforms-anonymous.xlsx", D_ROWS, sheet="Form1"),
    columns=(
        *(
            Column(q, "purpose", (p,), column_values(D_ROWS, q, yes_no((p,))))
            for q, p in zip(D_Q, ALL, strict=True)
        ),
        Column("Your email address", "respondent_email"),
        Column("Your name", "respondent_name"),
        # placeholders: "anonymous" and blank identify nobody
        Column("Email", "", forbidden_roles=("respondent_email", "respondent_name")),
        Column("Name", "", forbidden_roles=("respondent_email", "respondent_name")),
        Column("Child's full name", "full_name"),
        Column("Child's date of birth", "dob"),
    ),
    expected={
        "L01": NO_RESTRICTION,
        # Gareth refuses social media; Siân (another e-mail) consents later: two respondents,
        # any refusal wins (and the hyphen left out of the surname is ignored)
        "L02": restricted("social_media"),
        # the same e-mail twice: one respondent, the latest return (all Yes) counts
        "L05": NO_RESTRICTION,
        "L09": NO_IMAGES,
        # Emma refuses press, Tom (stepfather, later) consents to all: the refusal stands
        "L10": restricted("press"),
        "L11": restricted("video"),
        # Karen consents to all; Mark (later, another e-mail) refuses website: refusal wins
        "L17": restricted("website"),
        "L20": restricted("press", "social_media"),
        # no e-mail given: Delyth and Gareth are two respondents by name (not one "anonymous"):
        # Delyth's refusal of video stands after Gareth's later consent
        "L14": restricted("video"),
    },
    review_rows=frozenset(),
)

# ---------------------------------------------------------------------------------------------
# E. Google Forms multiple-choice grid "Please tell us your choices [Row]", I agree / I do not
#    agree; downloaded as CSV (UTF-8, UK locale).
# ---------------------------------------------------------------------------------------------
E_STEM = "Please tell us your choices"
E_ROWS_Q = {
    "Displays around the academy": "internal",
    "School website": "website",
    "Social media": "social_media",
    "Newsletters and prospectus": "print",
    "Local newspapers": "press",
    "Videos of school events": "video",
}
E_Q = [f"{E_STEM} [{r}]" for r in E_ROWS_Q]
AG, NA = "I agree", "I do not agree"
E_HEAD = [
    "Timestamp",
    "Email address",
    "Child's first name",
    "Child's surname",
    "Child's date of birth",
    "Child's class",
    "Your name",
    *E_Q,
    "Other",
]
E_ROWS: list[Row] = [
    E_HEAD,
    [
        "08/09/2025 19:02:11",
        "anna.wojcik@example.pl",
        "Zofia",
        "Wójcik",
        "28/04/2017",
        "4R",
        "Anna Wójcik",
        AG,
        AG,
        AG,
        AG,
        AG,
        AG,
        "No",
    ],
    [
        "08/09/2025 20:14:56",
        "amina.sa@example.com",
        "Yusuf",
        "Smith-Ahmed",
        "10/10/2017",
        "3B",
        "Amina Smith-Ahmed",
        AG,
        AG,
        NA,
        AG,
        NA,
        AG,
        "",
    ],
    [
        "09/09/2025 07:45:03",
        "mererid@example.cymru",
        "Dafydd",
        "ap Gruffydd",
        "19/12/2014",
        "6G",
        "Mererid ap Gruffydd",
        NA,
        NA,
        NA,
        NA,
        NA,
        NA,
        "",
    ],
    [
        "09/09/2025 12:31:40",
        "marta.k@example.pl",
        "Łukasz",
        "Kowalczyk",
        "09/07/2019",
        "2T",
        "Marta Kowalczyk",
        AG,
        NA,
        NA,
        AG,
        AG,
        AG,
        "",
    ],
    [
        "09/09/2025 21:08:19",
        "delyth.thomas@example.cymru",
        "Ffion",
        "Thomas",
        "02/04/2020",
        "1M",
        "Delyth Thomas",
        AG,
        AG,
        AG,
        AG,
        "",
        AG,
        "",
    ],
    [
        "10/09/2025 08:12:00",
        "piotr.s@example.pl",
        "Ewa",
        "Szymańska",
        "25/02/2015",
        "6G",
        "Piotr Szymański",
        AG,
        AG,
        AG,
        AG,
        AG,
        NA,
        "",
    ],
    [
        "10/09/2025 18:59:59",
        "jana.mueller@example.de",
        "Lena",
        "Müller",
        "29/02/2016",
        "5W",
        "Jana Müller",
        NA,
        AG,
        AG,
        AG,
        AG,
        AG,
        "First name only, please",
    ],
    [
        "11/09/2025 06:30:27",
        "li.chen@example.com",
        "Wei",
        "Chen",
        "20/12/2019",
        "1M",
        "Li Chen",
        AG,
        AG,
        AG,
        NA,
        AG,
        AG,
        "",
    ],
    [
        "11/09/2025 22:02:45",
        "kasia.d@example.pl",
        "Gosia",
        "Dąbrowska",
        "05/03/2016",
        "5W",
        "Katarzyna Dąbrowska",
        AG,
        AG,
        AG,
        AG,
        AG,
        AG,
        "",
    ],
]

LAYOUT_E = Layout(
    table=E_ROWS,
    name="e_google_forms_grid",
    covers="Google Forms multiple-choice grid 'Please tell us your choices [School website]' "
    "…, I agree / I do not agree, a grid row left blank, an 'Other' free-text column; CSV",
    build=lambda d: write_csv(d / "google-grid.csv", E_ROWS),
    columns=(
        *(
            Column(q, "purpose", (p,), column_values(E_ROWS, q, yes_no((p,), AG, NA)))
            for q, p in zip(E_Q, E_ROWS_Q.values(), strict=True)
        ),
        Column("Other", "limitation"),  # PRODUCT.md: "other" free text = limitation
    ),
    expected={
        "L03": NO_RESTRICTION,  # "Other": "No" says nothing
        "L06": restricted("press", "social_media"),
        "L08": NO_IMAGES,
        "L12": restricted("social_media", "website"),
        "L14": restricted(),  # [Local newspapers] left blank = unanswered
        "L18": restricted("video"),
        "L22": restricted("internal", limitation=True),  # free text under "Other"
        "L24": restricted("print"),
        "L07": NO_RESTRICTION,  # preferred forename "Gosia"
    },
    review_rows=frozenset(),
)

# ---------------------------------------------------------------------------------------------
# F. Microsoft Forms Likert: "Question.Statement" columns; Strongly agree … Strongly disagree,
#    Neutral = unanswered. The stem mentions "videos": each statement decides its purpose.
# ---------------------------------------------------------------------------------------------
F_STEM = "How do you feel about us using your child's photographs and videos?"
F_STATEMENTS = {
    "In displays around the academy": "internal",
    "On the academy website": "website",
    "On our social media (Facebook, Instagram, YouTube)": "social_media",
    "In newsletters and the prospectus": "print",
    "In the local newspaper": "press",
    "In video recordings of school events": "video",
}
F_Q = [f"{F_STEM}.{s}" for s in F_STATEMENTS]
F_HEAD = [*MS_META, "Child's name", "Child's date of birth", "Child's class", *F_Q]
SA, A, NE, D, SD = "Strongly agree", "Agree", "Neutral", "Disagree", "Strongly disagree"
F_LIKERT = {SA: "consent", A: "consent", NE: "unanswered", D: "refuse", SD: "refuse"}
F_ROWS: list[Row] = [
    F_HEAD,
    [
        *_ms(1, 8, 9, 0, "rhian.evans@example.net", "Rhian Evans"),
        "Siôn Evans",
        date(2015, 9, 3),
        "5W",
        SA,
        SA,
        SA,
        SA,
        SA,
        SA,
    ],
    [
        *_ms(2, 8, 9, 20, "siobhan.obrien@example.ie", "Siobhan O'Brien"),
        "Aoife O'Brien",
        date(2017, 2, 7),
        "4R",
        A,
        A,
        D,
        A,
        A,
        A,
    ],
    [
        *_ms(3, 8, 10, 2, "ola.nowak@example.pl", "Ola Nowak"),
        "Jakub Nowak",
        date(2018, 6, 21),
        "3B",
        SD,
        SD,
        SD,
        SD,
        SD,
        SD,
    ],
    [
        *_ms(4, 8, 11, 45, "chidi.okafor@example.com", "Chidi Okafor"),
        "Chiamaka Okafor",
        date(2015, 5, 1),
        "6G",
        A,
        NE,
        A,
        A,
        A,
        A,
    ],
    [
        *_ms(5, 9, 8, 30, "huw.rhys@example.cymru", "Huw Rhys"),
        "Gwenllian Rhys",
        date(2019, 1, 23),
        "2T",
        A,
        A,
        A,
        A,
        SD,
        A,
    ],
    [
        *_ms(6, 9, 13, 10, "lan.nguyen@example.com", "Lan Nguyen"),
        "Thi Mai Nguyen",
        date(2018, 5, 16),
        "3B",
        SA,
        A,
        D,
        SD,
        A,
        NE,
    ],
    [
        *_ms(7, 9, 17, 25, "bethan.w@example.cymru", "Bethan Williams"),
        "Cerys Williams",
        date(2018, 11, 11),
        "2T",
        A,
        A,
        A,
        A,
        A,
        A,
    ],
    [
        *_ms(8, 10, 7, 55, "fiona.macdonald@example.scot", "Fiona MacDonald"),
        "Iain MacDonald",
        date(2016, 8, 8),
        "5W",
        D,
        A,
        A,
        A,
        A,
        A,
    ],
    [
        *_ms(9, 10, 20, 40, "orla.nibhriain@example.ie", "Orla Ní Bhriain"),
        "Saoirse Ní Bhriain",
        date(2018, 10, 13),
        "2T",
        A,
        A,
        A,
        A,
        A,
        D,
    ],
    [
        *_ms(10, 11, 7, 5, "rhodri.williams@example.cymru", "Rhodri Williams"),
        "Cerys Williams",
        date(2018, 11, 11),
        "2T",
        A,
        A,
        D,
        A,
        A,
        A,
    ],
]

LAYOUT_F = Layout(
    table=F_ROWS,
    name="f_msforms_likert",
    covers="Microsoft Forms Likert 'Question.Statement' columns, Strongly agree … Strongly "
    "disagree, Neutral = unanswered; the stem mentions videos; two signed-in carers",
    build=lambda d: write_xlsx(d / "msforms-likert.xlsx", F_ROWS, sheet="Form1"),
    columns=tuple(
        Column(
            q, "purpose", (p,), column_values(F_ROWS, q, {v: {p: a} for v, a in F_LIKERT.items()})
        )
        for q, p in zip(F_Q, F_STATEMENTS.values(), strict=True)
    ),
    expected={
        "L01": NO_RESTRICTION,
        "L04": restricted("social_media"),
        "L05": NO_IMAGES,  # Strongly disagree to every statement
        "L09": restricted(),  # Neutral (website) = unanswered
        "L11": restricted("press"),
        "L15": restricted("print", "social_media"),  # video Neutral = unanswered
        # Bethan agrees to all; Rhodri (another e-mail in the Email column, later) disagrees
        # with social media: two respondents, the refusal wins
        "L16": restricted("social_media"),
        "L19": restricted("internal"),
        "L23": restricted("video"),  # only the video statement maps to video
    },
    review_rows=frozenset(),
)

# ---------------------------------------------------------------------------------------------
# G. Bilingual Welsh / English form (Microsoft Forms, signed-in accounts), Ydw / Yes,
#    Nac ydw / No; dates of birth typed as text.
# ---------------------------------------------------------------------------------------------
_AGREE = "Ydych chi'n cytuno i ni ddefnyddio lluniau o'ch plentyn"
_EN = "Do you agree to us using photographs of your child"
G_Q = {
    f"{_AGREE} mewn arddangosfeydd yn yr academi? / {_EN} in displays in the academy?": "internal",
    f"{_AGREE} ar wefannau'r academi a'r ymddiriedolaeth? / {_EN} on the academy and trust "
    "websites?": "website",
    f"{_AGREE} ar gyfryngau cymdeithasol yr academi? / {_EN} on the academy's "
    "social media?": "social_media",
    f"{_AGREE} mewn cylchlythyrau a'r prosbectws? / {_EN} in newsletters and the "
    "prospectus?": "print",
    f"{_AGREE} yn y wasg? / {_EN} in the press?": "press",
    "Ydych chi'n cytuno i ni recordio fideo o'ch plentyn? / Do you agree to us recording "
    "video of your child?": "video",
}
G_HEAD = [
    *MS_META,
    "Enw'r plentyn / Child's name",
    "Dyddiad geni / Date of birth",
    "Dosbarth / Class",
    "Eich enw / Your name",
    *G_Q,
]
W_Y, W_N = "Ydw / Yes", "Nac ydw / No"
G_ROWS: list[Row] = [
    G_HEAD,
    [
        *_ms(1, 8, 8, 5, "mererid@example.cymru", "Mererid ap Gruffydd"),
        "Dafydd ap Gruffydd",
        "19/12/2014",
        "6G",
        "Mererid ap Gruffydd",
        W_Y,
        W_Y,
        W_Y,
        W_Y,
        W_Y,
        W_Y,
    ],
    [
        *_ms(2, 8, 8, 40, "huw.rhys@example.cymru", "Huw Rhys"),
        "Gwenllian Rhys",
        "23/01/2019",
        "2T",
        "Huw Rhys",
        W_Y,
        W_N,
        W_N,
        W_Y,
        W_Y,
        W_Y,
    ],
    [
        *_ms(3, 8, 12, 0, "delyth.thomas@example.cymru", "Delyth Thomas"),
        "Ffion Thomas",
        "02/04/2020",
        "1M",
        "Delyth Thomas",
        W_N,
        W_N,
        W_N,
        W_N,
        W_N,
        W_N,
    ],
    [
        *_ms(4, 9, 7, 15, "rhian.evans@example.net", "Rhian Evans"),
        " SION  evans ",
        "03/09/2015",
        "5W",
        "Rhian Evans",
        W_Y,
        W_Y,
        W_Y,
        W_Y,
        W_N,
        W_Y,
    ],
    [
        *_ms(5, 9, 19, 30, "nia.jones@example.cymru", "Nia Jones"),
        "Ieuan Jones",
        "06/09/2017",
        "3B",
        "Nia Jones",
        W_Y,
        W_Y,
        W_Y,
        W_Y,
        W_Y,
        W_N,
    ],
    [
        *_ms(6, 10, 9, 5, "bethan.w@example.cymru", "Bethan Williams"),
        "Cerys Williams",
        "11/11/2018",
        "2T",
        "Bethan Williams",
        W_Y,
        W_Y,
        W_Y,
        W_Y,
        W_Y,
        W_Y,
    ],
    [
        *_ms(7, 10, 21, 45, "sian.llewelynjones@example.org", "Siân Llewelyn-Jones"),
        "Angharad Llewelyn-Jones",
        "14/11/2015",
        "5W",
        "Siân Llewelyn-Jones",
        W_N,
        W_Y,
        W_Y,
        W_Y,
        W_Y,
        W_Y,
    ],
    [
        *_ms(8, 11, 6, 50, "orla.nibhriain@example.ie", "Orla Ní Bhriain"),
        "Saoirse Ní Bhriain",
        "13/10/2018",
        "2T",
        "Orla Ní Bhriain",
        W_Y,
        W_Y,
        W_Y,
        W_N,
        W_Y,
        W_Y,
    ],
]

LAYOUT_G = Layout(
    table=G_ROWS,
    name="g_welsh_bilingual_form",
    covers="bilingual Welsh/English headers (Enw'r plentyn / Child's name, Dyddiad geni / "
    "Date of birth, Dosbarth / Class) and answers Ydw / Yes, Nac ydw / No",
    build=lambda d: write_xlsx(d / "ffurflen-ddwyieithog.xlsx", G_ROWS, sheet="Form1"),
    columns=(
        *(
            Column(q, "purpose", (p,), column_values(G_ROWS, q, yes_no((p,), W_Y, W_N)))
            for q, p in G_Q.items()
        ),
        Column("Enw'r plentyn / Child's name", "full_name"),
        Column("Dyddiad geni / Date of birth", "dob"),
    ),
    expected={
        "L08": NO_RESTRICTION,
        "L11": restricted("social_media", "website"),
        "L14": NO_IMAGES,  # Nac ydw / No to every question
        "L01": restricted("press"),
        "L21": restricted("video"),  # "recordio fideo" = video recordings
        "L16": NO_RESTRICTION,
        "L02": restricted("internal"),
        "L23": restricted("print"),
    },
    review_rows=frozenset(),
)

# ---------------------------------------------------------------------------------------------
# J. "Tick any uses you object to" (Microsoft Forms choices joined with ';'), including
#    "None of these – I'm happy for all of them", plus a conditions column.
# ---------------------------------------------------------------------------------------------
J_OPTIONS = {
    "Displays in the academy": "internal",
    "Academy and trust websites": "website",
    "Social media": "social_media",
    "Newsletters and prospectus": "print",
    "Local and national press": "press",
    "Video recordings and livestreams": "video",
}
J_NONE = "None of these – I'm happy for all of them"
J_Q = "Tick any uses you object to"
J_COND = "Any other conditions?"


def _objects(*options: str) -> str:
    return "".join(f"{o};" for o in options)


J_HEAD = [*MS_META, "Your child's name", "Date of birth", "Class", J_Q, J_COND]
J_ROWS: list[Row] = [
    J_HEAD,
    [
        *_ms(1, 8, 8, 0, "anna.wojcik@example.pl", "Anna Wójcik"),
        "Zofia Wójcik",
        date(2017, 4, 28),
        "4R",
        _objects(J_NONE),
        None,
    ],
    [
        *_ms(2, 8, 9, 0, "ola.nowak@example.pl", "Ola Nowak"),
        "Kuba Nowak",
        date(2018, 6, 21),
        "3B",
        _objects("Social media"),
        "None",
    ],
    [
        *_ms(3, 8, 10, 0, "kasia.d@example.pl", "Katarzyna Dąbrowska"),
        "Małgorzata Dąbrowska",
        date(2016, 3, 5),
        "5W",
        _objects(*J_OPTIONS),
        None,
    ],
    [
        *_ms(4, 8, 11, 0, "emma.clarke@example.co.uk", "Emma Clarke"),
        "Zoë Clarke",
        date(2016, 8, 12),
        "5W",
        _objects("Academy and trust websites", "Local and national press"),
        None,
    ],
    [
        *_ms(5, 9, 8, 0, "marta.k@example.pl", "Marta Kowalczyk"),
        "Łukasz Kowalczyk",
        date(2019, 7, 9),
        "2T",
        _objects(J_NONE),
        "Group photos only",
    ],
    [
        *_ms(6, 9, 9, 0, "lan.nguyen@example.com", "Lan Nguyen"),
        "Mai Nguyen",
        date(2018, 5, 16),
        "3B",
        _objects("Video recordings and livestreams"),
        None,
    ],
    [
        *_ms(7, 9, 10, 0, "piotr.s@example.pl", "Piotr Szymański"),
        "Ewa Szymańska",
        date(2015, 2, 25),
        "6G",
        _objects(J_NONE),
        None,
    ],
    [
        *_ms(8, 9, 11, 0, "dev.patel@example.com", "Dev Patel"),
        "Priya Patel",
        date(2017, 3, 17),
        "4R",
        _objects("Social media", "Newsletters and prospectus"),
        None,
    ],
    [
        *_ms(9, 10, 8, 0, "li.chen@example.com", "Li Chen"),
        "Wei Chen",
        date(2019, 12, 20),
        "1M",
        _objects("Displays in the academy"),
        None,
    ],
]


def _j_meaning() -> dict[str, dict[str, str]]:
    meaning: dict[str, dict[str, str]] = {}
    for row in J_ROWS[1:]:
        cell = str(row[J_HEAD.index(J_Q)])
        chosen = [J_OPTIONS[o] for o in cell.split(";") if o and o != J_NONE]
        meaning[cell] = ticks(chosen, objection=True)  # None of these: nothing refused
    return meaning


LAYOUT_J = Layout(
    table=J_ROWS,
    name="j_objection_tick_list_none_of_these",
    covers="'Tick any uses you object to' (Microsoft Forms ';'-joined) with a 'None of these – "
    "I'm happy for all of them' option; a conditions column",
    build=lambda d: write_xlsx(d / "msforms-objections.xlsx", J_ROWS, sheet="Form1"),
    columns=(
        Column(J_Q, "tick_list", ALL, column_values(J_ROWS, J_Q, _j_meaning())),
        Column(J_COND, "limitation"),
    ),
    expected={
        "L03": NO_RESTRICTION,  # "None of these": no objection, and not a limitation
        "L05": restricted("social_media"),  # ticked = refuse, unticked = consent
        "L07": NO_IMAGES,  # every use ticked as objected
        "L10": restricted("press", "website"),
        "L12": restricted(limitation=True),  # None of these + "Group photos only"
        "L15": restricted("video"),
        "L18": NO_RESTRICTION,
        "L20": restricted("print", "social_media"),
        "L24": restricted("internal"),
    },
    review_rows=frozenset(),
)

# ---------------------------------------------------------------------------------------------
# K. A consent-phrased tick list (Google Forms checkboxes joined with ", "; one option itself
#    contains commas, as real forms do), plus a Comments column; CSV.
# ---------------------------------------------------------------------------------------------
K_OPTIONS = {
    "Displays around the academy": "internal",
    "Academy and trust websites": "website",
    "Social media (Facebook, Instagram, YouTube)": "social_media",
    "Newsletters, prospectus and printed publicity": "print",
    "Local and national press": "press",
    "Video recordings and livestreams": "video",
}
K_Q = "Which of these uses do you give consent for? (tick all that apply)"
K_HEAD = [
    "Timestamp",
    "Email address",
    "Child's full name",
    "Child's date of birth",
    "Child's class",
    K_Q,
    "Comments",
]


def _consents(*options: str) -> str:
    return ", ".join(options)


K_CHOSEN: dict[str, tuple[str, ...]] = {
    _consents(*K_OPTIONS): ALL,
    _consents("Displays around the academy", "Academy and trust websites"): ("internal", "website"),
    _consents(
        "Displays around the academy",
        "Academy and trust websites",
        "Social media (Facebook, Instagram, YouTube)",
        "Newsletters, prospectus and printed publicity",
        "Local and national press",
    ): ("internal", "website", "social_media", "print", "press"),
    _consents("Displays around the academy"): ("internal",),
    _consents(
        "Displays around the academy",
        "Newsletters, prospectus and printed publicity",
        "Video recordings and livestreams",
    ): ("internal", "print", "video"),
    _consents(
        "Displays around the academy",
        "Academy and trust websites",
        "Social media (Facebook, Instagram, YouTube)",
        "Newsletters, prospectus and printed publicity",
        "Video recordings and livestreams",
    ): ("internal", "website", "social_media", "print", "video"),
}
_k = list(K_CHOSEN)
K_ROWS: list[Row] = [
    K_HEAD,
    [
        "08/09/2025 18:20:41",
        "gareth.lj@example.com",
        "Angharad Llewelyn-Jones",
        "14/11/2015",
        "5W",
        _k[0],
        "",
    ],
    [
        "08/09/2025 19:03:12",
        "siobhan.obrien@example.ie",
        "Aoife O'Brien",
        "07/02/2017",
        "4R",
        _k[1],
        "",
    ],
    [
        "09/09/2025 07:59:00",
        "amina.sa@example.com",
        "Yusuf Smith-Ahmed",
        "10/10/2017",
        "3B",
        _k[2],
        "",
    ],
    [
        "09/09/2025 20:14:03",
        "chidi.okafor@example.com",
        "Chiamaka Okafor",
        "01/05/2015",
        "6G",
        _k[3],
        "",
    ],
    [
        "10/09/2025 08:44:44",
        "maria.dsouza@example.com",
        "Ananya D'Souza",
        "30/09/2019",
        "1M",
        _k[0],
        "Please do not use her surname",
    ],
    [
        "10/09/2025 12:00:05",
        "karen.hughes@example.com",
        "Oliver Hughes",
        "04/06/2020",
        "1M",
        _k[4],
        "",
    ],
    [
        "11/09/2025 09:30:30",
        "fiona.macdonald@example.scot",
        "Iain MacDonald",
        "08/08/2016",
        "5W",
        _k[0],
        "N/A",
    ],
    [
        "11/09/2025 21:15:00",
        "nia.jones@example.cymru",
        "Ieuan Jones",
        "06/09/2017",
        "3B",
        _k[5],
        "",
    ],
    [
        "12/09/2025 07:05:10",
        "sian.llewelynjones@example.org",
        "Angharad Llewelyn-Jones",
        "14/11/2015",
        "5W",
        _k[1],
        "",
    ],
]

LAYOUT_K = Layout(
    table=K_ROWS,
    name="k_consent_tick_list_google",
    covers="consent-phrased tick list (Google Forms ', '-joined, an option containing commas): "
    "unticked = refuse; a Comments column read as the limitation",
    build=lambda d: write_csv(d / "google-consent-ticks.csv", K_ROWS),
    columns=(
        Column(
            K_Q,
            "tick_list",
            ALL,
            column_values(K_ROWS, K_Q, {cell: ticks(chosen) for cell, chosen in K_CHOSEN.items()}),
        ),
        Column("Comments", "limitation"),
    ),
    expected={
        # Gareth ticks all; Siân (another e-mail, later) ticks displays and websites only:
        # two respondents, her unticked uses are refusals and win
        "L02": restricted("print", "press", "social_media", "video"),
        "L04": restricted("print", "press", "social_media", "video"),  # unticked = refuse
        "L06": restricted("video"),
        "L09": restricted("print", "press", "social_media", "video", "website"),
        "L13": restricted(limitation=True),  # free-text comment = limitation (PRODUCT.md)
        "L17": restricted("press", "social_media", "website"),
        "L19": NO_RESTRICTION,  # "N/A" says nothing
        "L21": restricted("press"),
    },
    review_rows=frozenset(),
)

# ---------------------------------------------------------------------------------------------
# P. A form that never asks about one purpose (no press question): that purpose is unanswered
#    for everyone, so nobody can be `no_restriction` (or `no_images`). Google Forms CSV,
#    "I consent" / "I do not consent".
# ---------------------------------------------------------------------------------------------
P_Q = {
    "Photographs in displays around the academy": "internal",
    "Photographs on the academy and trust websites": "website",
    "Photographs on social media": "social_media",
    "Photographs in newsletters and the prospectus": "print",
    "Video recordings of concerts and assemblies": "video",
}
C_, D_ = "I consent", "I do not consent"
P_HEAD = ["Timestamp", "Email Address", "Pupil's name", "Pupil's date of birth", "Year group", *P_Q]
P_ROWS: list[Row] = [
    P_HEAD,
    [
        "08/09/2025 08:00:00",
        "rhian.evans@example.net",
        "Siôn Evans",
        "03/09/2015",
        "Year 5",
        C_,
        C_,
        C_,
        C_,
        C_,
    ],
    [
        "08/09/2025 09:10:00",
        "siobhan.obrien@example.ie",
        "Aoife O'Brien",
        "07/02/2017",
        "Year 4",
        D_,
        D_,
        D_,
        D_,
        D_,
    ],
    [
        "08/09/2025 10:20:00",
        "mererid@example.cymru",
        "Dafydd ap Gruffydd",
        "19/12/2014",
        "Year 6",
        C_,
        D_,
        C_,
        C_,
        C_,
    ],
    [
        "09/09/2025 11:30:00",
        "emma.clarke@example.co.uk",
        "Zoë Clarke",
        "12/08/2016",
        "Year 5",
        C_,
        C_,
        C_,
        C_,
        D_,
    ],
    [
        "09/09/2025 12:40:00",
        "maria.dsouza@example.com",
        "Ananya D'Souza",
        "30/09/2019",
        "Year 1",
        C_,
        C_,
        C_,
        C_,
        C_,
    ],
    [
        "09/09/2025 13:50:00",
        "bethan.w@example.cymru",
        "Cerys Williams",
        "11/11/2018",
        "Year 2",
        D_,
        C_,
        C_,
        C_,
        C_,
    ],
    [
        "10/09/2025 14:00:00",
        "dev.patel@example.com",
        "Priya Patel",
        "17/03/2017",
        "Year 4",
        C_,
        C_,
        D_,
        D_,
        C_,
    ],
    [
        "10/09/2025 15:10:00",
        "orla.nibhriain@example.ie",
        "Saoirse Ní Bhriain",
        "13/10/2018",
        "Year 2",
        C_,
        C_,
        C_,
        C_,
        C_,
    ],
]

LAYOUT_P = Layout(
    table=P_ROWS,
    name="p_purpose_never_asked",
    covers="a form with no question for one purpose (press): unanswered for all -> nobody "
    "no_restriction / no_images; 'I consent' / 'I do not consent'",
    build=lambda d: write_csv(d / "no-press-question.csv", P_ROWS),
    columns=tuple(
        Column(q, "purpose", (p,), column_values(P_ROWS, q, yes_no((p,), C_, D_)))
        for q, p in P_Q.items()
    ),
    expected={
        "L01": restricted(),  # consents to all it was asked; press unanswered
        # refuses all five asked, press unanswered: not *every* purpose refused
        "L04": restricted("internal", "print", "social_media", "video", "website"),
        "L08": restricted("website"),
        "L10": restricted("video"),
        "L13": restricted(),
        "L16": restricted("internal"),
        "L20": restricted("print", "social_media"),
        "L23": restricted(),
    },
    review_rows=frozenset(),
)

# ---------------------------------------------------------------------------------------------
# Q. Google Forms grid whose stem is an objection ("Do you object to … [Row]", Yes/No): the
#    stem gives the polarity, each row its purposes (two rows cover two purposes each);
#    downloaded from Google Sheets as .xlsx (real dates).
# ---------------------------------------------------------------------------------------------
Q_STEM = "Do you object to us using photographs of your child in the following ways?"
Q_ROWS_Q = {
    "In displays around school": ("internal",),
    "On our websites and social media": ("social_media", "website"),
    "In newsletters, the prospectus or the local press": ("print", "press"),
    "In films of school events": ("video",),
}
Q_Q = [f"{Q_STEM} [{r}]" for r in Q_ROWS_Q]
Q_HEAD = [
    "Timestamp",
    "Email address",
    "Child's name",
    "Child's date of birth",
    "Child's class",
    *Q_Q,
]


def _ts(day: int, hh: int) -> datetime:
    return datetime(2025, 9, day, hh, 12, 40)


Q_ROWS: list[Row] = [
    Q_HEAD,
    [
        _ts(8, 8),
        "gareth.lj@example.com",
        "Angharad Llewelyn-Jones",
        date(2015, 11, 14),
        "5W",
        N,
        N,
        N,
        N,
    ],
    [_ts(8, 9), "ola.nowak@example.pl", "Kuba Nowak", date(2018, 6, 21), "3B", N, Y, N, N],
    [_ts(8, 10), "kasia.d@example.pl", "Gosia Dąbrowska", date(2016, 3, 5), "5W", Y, Y, Y, Y],
    [_ts(9, 11), "huw.rhys@example.cymru", "Gwen Rhys", date(2019, 1, 23), "2T", N, N, Y, N],
    [_ts(9, 12), "delyth.thomas@example.cymru", "Ffion Thomas", date(2020, 4, 2), "1M", N, N, N, Y],
    [_ts(9, 13), "piotr.s@example.pl", "Ewa Szymańska", date(2015, 2, 25), "6G", Y, N, N, N],
    [_ts(10, 14), "nia.jones@example.cymru", "Ieuan Jones", date(2017, 9, 6), "3B", N, N, N, None],
    [_ts(10, 15), "li.chen@example.com", "Wei Chen", date(2019, 12, 20), "1M", N, Y, Y, N],
]

LAYOUT_Q = Layout(
    table=Q_ROWS,
    name="q_google_grid_objection_stem",
    covers="Google Forms grid with an objection stem 'Do you object to … [Row]' Yes/No; rows "
    "covering two purposes; .xlsx download",
    build=lambda d: write_xlsx(d / "google-grid-objections.xlsx", Q_ROWS, sheet="Form responses 1"),
    columns=tuple(
        Column(q, "purpose", ps, column_values(Q_ROWS, q, yes_no(ps, objection=True)))
        for q, ps in zip(Q_Q, Q_ROWS_Q.values(), strict=True)
    ),
    expected={
        "L02": NO_RESTRICTION,  # No to every objection
        "L05": restricted("social_media", "website"),  # Yes = objects, to both purposes
        "L07": NO_IMAGES,
        "L11": restricted("print", "press"),
        "L14": restricted("video"),
        "L18": restricted("internal"),
        "L21": restricted(),  # [In films of school events] blank = unanswered
        "L24": restricted("print", "press", "social_media", "website"),
    },
    review_rows=frozenset(),
)

FORMS_LAYOUTS = (LAYOUT_D, LAYOUT_E, LAYOUT_F, LAYOUT_G, LAYOUT_J, LAYOUT_K, LAYOUT_P, LAYOUT_Q)
