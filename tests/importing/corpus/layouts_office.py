"""Layouts typed up by an academy office (paper slips keyed into Excel or a CSV).

Every expected result is worked out by hand from PRODUCT.md's Domain rules:
- Status: `no_images` when every purpose is refused; `no_restriction` when every purpose is
  consented and there is no limitation; `restricted` otherwise; `not_returned` with no return.
- A limitation that only says nothing (none, n/a, no, nil, -, blank) is no limitation.
- A form handed in with nothing answered is a return with every purpose unanswered.
"""

from __future__ import annotations

from datetime import date

from tests.importing.corpus.learners import BY_ID
from tests.importing.corpus.model import (
    ALL,
    NO_IMAGES,
    NO_RESTRICTION,
    Cell,
    Column,
    Layout,
    Row,
    column_values,
    each,
    restricted,
    write_csv,
    write_xlsx,
    yes_no,
)


def _typo(upn: str) -> str:
    """The UPN with a wrong check letter (as mistyped by the office)."""
    return ("B" if upn[0] == "A" else "A") + upn[1:]


YES = "consent"
NO = "refuse"

# ---------------------------------------------------------------------------------------------
# A. The policy's own overall question (policy 10.1), Yes/No, typed sheet (.xlsx, real dates).
# ---------------------------------------------------------------------------------------------
OVERALL = (
    "Do you object to the academy and the trust using photographs and video images of your child?"
)
A_LIMIT = "Please state any limitations"
A_ROWS: list[Row] = [
    [
        "Child's first name",
        "Child's surname",
        "Date of birth",
        "Class",
        "Parent/carer name",
        "Date received",
        OVERALL,
        A_LIMIT,
    ],
    ["Siôn", "Evans", date(2015, 9, 3), "5W", "Rhian Evans", date(2025, 9, 8), "No", ""],
    [
        "Angharad",
        "Llewelyn-Jones",
        date(2015, 11, 14),
        "5W",
        "Gareth Llewelyn-Jones",
        date(2025, 9, 8),
        "Yes",
        "",
    ],
    [
        "Aoife",
        "O'Brien",
        date(2017, 2, 7),
        "4R",
        "Siobhan O'Brien",
        date(2025, 9, 9),
        "No",
        "First name only please",
    ],
    [
        "Yusuf",
        "Smith-Ahmed",
        date(2017, 10, 10),
        "3B",
        "Amina Smith-Ahmed",
        date(2025, 9, 9),
        "Yes",
        "",
    ],
    ["Chiamaka", "Okafor", date(2015, 5, 1), "6G", "Chidi Okafor", date(2025, 9, 10), "No", "none"],
    ["Gwen", "Rhys", date(2019, 1, 23), "2T", "Huw Rhys", date(2025, 9, 10), "No", "n/a"],
    ["Ananya", "D'Souza", date(2019, 9, 30), "1M", "Maria D'Souza", date(2025, 9, 11), "Yes", ""],
    [
        "Cerys",
        "Williams",
        date(2018, 11, 11),
        "2T",
        "Bethan Williams",
        date(2025, 9, 11),
        "No",
        "Group photos only",
    ],
    ["Priya", "Patel", date(2017, 3, 17), "4R", "Dev Patel", date(2025, 9, 12), "no", "-"],
    ["Lena", "Müller", date(2016, 2, 29), "5W", "Jana Müller", date(2025, 9, 12), "YES ", ""],
    ["Wei", "Chen", date(2019, 12, 20), "1M", "Li Chen", date(2025, 9, 12), "No", ""],
    ["Ieuan", "Jones", date(2017, 9, 6), "3B", "Nia Jones", date(2025, 9, 15), None, None],
]

LAYOUT_A = Layout(
    table=A_ROWS,
    name="a_policy_overall_question",
    covers="the policy's own question 'Do you object to … photographs and video images …' "
    "Yes/No (+ limitations column), .xlsx with real dates",
    build=lambda d: write_xlsx(d / "overall-question.xlsx", A_ROWS),
    columns=(
        # "photographs and video images" names the medium: the question covers every purpose.
        Column(
            OVERALL,
            "overall",
            ALL,
            column_values(
                A_ROWS,
                OVERALL,
                yes_no(ALL, objection=True) | {"no": each(ALL, YES), "YES": each(ALL, NO)},
            ),
        ),
        Column(A_LIMIT, "limitation"),
    ),
    expected={
        "L01": NO_RESTRICTION,  # No = no objection, no limitation
        "L02": NO_IMAGES,  # Yes = objects to every use -> every purpose refused
        "L04": restricted(limitation=True),  # No + "First name only please" = a limitation
        "L06": NO_IMAGES,
        "L09": NO_RESTRICTION,  # limitation "none" says nothing
        "L11": NO_RESTRICTION,  # matched on preferred forename; "n/a" says nothing
        "L13": NO_IMAGES,
        "L16": restricted(limitation=True),  # "Group photos only"
        "L20": NO_RESTRICTION,  # "no" (mixed case) and limitation "-" says nothing
        "L22": NO_IMAGES,  # "YES " (case, trailing space)
        "L24": NO_RESTRICTION,
        "L21": restricted(),  # returned (parent, date) with the question unanswered
    },
    review_rows=frozenset(),
)

# ---------------------------------------------------------------------------------------------
# B. Office typed sheet, one column per purpose, ✓ / ✗ with ✘, x, X as crosses (.xlsx).
# ---------------------------------------------------------------------------------------------
B_HEAD = [
    "Surname",
    "First name",
    "DOB",
    "Class",
    "Displays in school",
    "Academy website",
    "Social media",
    "Newsletters & prospectus",
    "Local press",
    "Video",
]
B_PURPOSES = dict(zip(B_HEAD[4:], ALL, strict=True))
T, F = "✓", "✗"
B_ROWS: list[Row] = [
    B_HEAD,
    ["Evans", "Sion", "03/09/2015", "5W", T, T, T, T, T, T],
    ["Wójcik", "Zofia", "28/04/2017", "4R", F, F, F, F, F, F],
    ["Nowak", "Kuba", "21/06/2018", "3B", T, T, "x", T, T, T],
    ["Dąbrowska", "Małgorzata", "05/03/2016", "5W", T, "✘", "✘", T, "✘", T],
    ["ap Gruffydd", "Dafydd", "19/12/2014", "6G", T, T, T, "X", "X", T],
    ["Clarke", "Zoe", "12/08/2016", "5W", T, T, T, T, T, "X"],
    ["Kowalczyk", "Łukasz", "09/07/2019", "2T", "X", "x", "✘", F, F, "x"],
    ["Thomas", "Ffion", "02/04/2020", "1M", T, T, T, T, None, T],
    ["Szymańska", "Ewa", 42060, "6G", T, T, T, T, T, T],  # DOB as an Excel serial
    ["Jones", "Ieuan", "06/09/2017", "3B", T, F, T, T, T, T],
    ["Ní Bhriain", "Saoirse", None, "2T", T, T, F, T, F, T],  # DOB left blank
]
# In a column that has ✓ and crosses, every cross (✗ ✘ x X) is "no".
B_MARKS = {"✓": YES, "✗": NO, "✘": NO, "x": NO, "X": NO}

LAYOUT_B = Layout(
    table=B_ROWS,
    name="b_office_ticks_and_crosses",
    covers="typed sheet, one column per purpose, ✓/✗ with ✘, x, X as crosses; a blank = unanswered",
    build=lambda d: write_xlsx(d / "ticks-crosses.xlsx", B_ROWS),
    columns=tuple(
        Column(
            h, "purpose", (p,), column_values(B_ROWS, h, {m: {p: a} for m, a in B_MARKS.items()})
        )
        for h, p in B_PURPOSES.items()
    ),
    expected={
        "L01": NO_RESTRICTION,  # all ✓ (accent left off "Sion": accents ignored)
        "L03": NO_IMAGES,  # all ✗
        "L05": restricted("social_media"),  # preferred forename "Kuba"; x beside ✓ = cross
        "L07": restricted("press", "social_media", "website"),  # ✘ = cross
        "L08": restricted("print", "press"),  # X = cross
        "L10": restricted("video"),
        "L12": NO_IMAGES,  # X, x, ✘, ✗ mixed: all crosses
        "L14": restricted(),  # press blank = unanswered
        "L18": NO_RESTRICTION,  # DOB given as the Excel serial 42060 = 25/02/2015
        "L21": restricted("website"),
        # no DOB: matched on name + registration group, unique in 2T
        "L23": restricted("press", "social_media"),
    },
    review_rows=frozenset(),
)

# ---------------------------------------------------------------------------------------------
# C. Typed sheet, lone ✓ with blanks under consent-phrased headers (.xlsx, real dates).
# ---------------------------------------------------------------------------------------------
C_HEAD = [
    "Pupil name",
    "Date of birth",
    "Class",
    "Parent/carer",
    "Date received",
    "I consent to photos in displays in school",
    "I consent to photos on the academy website",
    "I consent to photos on social media",
    "I consent to photos in newsletters and the prospectus",
    "I consent to photos in the local press",
    "I consent to video recordings",
]
C_PURPOSES = dict(zip(C_HEAD[5:], ALL, strict=True))
_: Cell = None
C_ROWS: list[Row] = [
    C_HEAD,
    [
        "Angharad Llewelyn-Jones",
        date(2015, 11, 14),
        "5W",
        "Gareth Llewelyn-Jones",
        date(2025, 9, 15),
        T,
        T,
        T,
        T,
        T,
        T,
    ],
    [
        "Aoife O'Brien",
        date(2017, 2, 7),
        "4R",
        "Siobhan O'Brien",
        date(2025, 9, 15),
        T,
        T,
        _,
        T,
        _,
        T,
    ],
    [
        "Yusuf Smith-Ahmed",
        date(2017, 10, 10),
        "3B",
        "Amina Smith-Ahmed",
        date(2025, 9, 15),
        T,
        _,
        _,
        _,
        _,
        _,
    ],
    [
        "Chiamaka Okafor",
        date(2015, 5, 1),
        "6G",
        "Chidi Okafor",
        date(2025, 9, 16),
        T,
        T,
        T,
        T,
        T,
        _,
    ],
    ["Gwenllian Rhys", date(2019, 1, 23), "2T", "Huw Rhys", date(2025, 9, 16), _, T, T, T, T, T],
    ["Mai Nguyen", date(2018, 5, 16), "3B", "Lan Nguyen", date(2025, 9, 16), T, T, T, T, T, T],
    ["Olly Hughes", date(2020, 6, 4), "1M", "Karen Hughes", date(2025, 9, 17), T, T, _, T, T, T],
    [
        "Iain MacDonald",
        date(2016, 8, 8),
        "5W",
        "Fiona MacDonald",
        date(2025, 9, 17),
        T,
        T,
        T,
        _,
        T,
        T,
    ],
    ["Wei Chen", date(2019, 12, 20), "1M", "Li Chen", date(2025, 9, 17), T, T, T, T, T, T],
]

LAYOUT_C = Layout(
    table=C_ROWS,
    name="c_lone_tick_consent_headers",
    covers="typed sheet, a lone ✓ with blanks under consent-phrased headers: ticked = consent, "
    "not ticked = refuse",
    build=lambda d: write_xlsx(d / "lone-tick.xlsx", C_ROWS),
    columns=tuple(
        # ✓ alone with blanks is ticked / not ticked; consent-phrased, so not ticked = refuse.
        Column(h, "purpose", (p,), column_values(C_ROWS, h, {T: {p: YES}}, blank={p: NO}))
        for h, p in C_PURPOSES.items()
    ),
    expected={
        "L02": NO_RESTRICTION,
        "L04": restricted("press", "social_media"),  # not ticked = refuse
        "L06": restricted("print", "press", "social_media", "video", "website"),
        "L09": restricted("video"),
        "L11": restricted("internal"),
        "L15": NO_RESTRICTION,  # preferred forename "Mai"
        "L17": restricted("social_media"),  # preferred forename "Olly"
        "L19": restricted("print"),
        "L24": NO_RESTRICTION,
    },
    review_rows=frozenset(),
)

# ---------------------------------------------------------------------------------------------
# H. Short typed headers, Y/N, CSV (UTF-8 with BOM, as Excel saves "CSV UTF-8").
# ---------------------------------------------------------------------------------------------
H_HEAD = [
    "Adno",
    "Surname",
    "Forename",
    "DOB",
    "Class",
    "Web",
    "FB/Insta",
    "Newsletter",
    "Local paper",
    "Displays",
    "Video",
    "Date in",
]
H_PURPOSES = {
    "Web": "website",
    "FB/Insta": "social_media",
    "Newsletter": "print",
    "Local paper": "press",
    "Displays": "internal",
    "Video": "video",
}
H_ROWS: list[Row] = [
    H_HEAD,
    ["3101", "Evans", "Siôn", "03/09/2015", "5W", "Y", "Y", "Y", "Y", "Y", "Y", "09/09/2025"],
    ["003105", "Nowak", "Jakub", "2018-06-21", "3B", "Y", "N", "Y", "N", "Y", "Y", "09/09/2025"],
    [
        "3107.0",
        "Dabrowska",
        "Malgorzata",
        "05/03/2016",
        "5W",
        "N",
        "N",
        "N",
        "N",
        "N",
        "N",
        "10/09/2025",
    ],
    ["", "ap Gruffydd", "Dafydd", "19/12/2014", "6G", "Y", "Y", "Y", "Y", "N", "Y", "10/09/2025"],
    ["", "Clarke", "Zoe", "12/08/2016", "5W", "y", "y", "n", "y", "y", "y", "10/09/2025"],
    ["", "Kowalczyk", "Lukasz", "09/07/2019", "2T", "Y", "Y", "Y", "Y", "Y", "N", "11/09/2025"],
    ["", "Thomas", "Ffion", "02/04/2020", "1M", "Y", "Y", "Y", "Y", "Y", "Y", "11/09/2025"],
    ["", "Williams", "Cerys", "11/11/2018", "2T", "N", "Y", "Y", "Y", "Y", "Y", "11/09/2025"],
    ["", "Szymanska", "Ewa", "25/02/2015", "6G", "Y", "Y", "Y", "", "Y", "Y", "12/09/2025"],
    ["", "Patel", "Priya", "17/03/2017", "4R", "N", "N", "N", "N", "N", "N", "12/09/2025"],
    ["", "Muller", "Lena", "29/02/2016", "5W", "Y", "Y", "Y", "Y", "Y", "Y", "12/09/2025"],
]

LAYOUT_H = Layout(
    table=H_ROWS,
    name="h_short_typed_headers",
    covers="short headers Web, FB/Insta, Newsletter, Local paper, Displays, Video, Date in; "
    "Y/N; CSV UTF-8 with BOM; ISO and day-first dates; Adno without leading zeros",
    build=lambda d: write_csv(d / "short-headers.csv", H_ROWS, encoding="utf-8-sig"),
    columns=(
        *(
            Column(
                h,
                "purpose",
                (p,),
                column_values(H_ROWS, h, yes_no((p,), "Y", "N") | yes_no((p,), "y", "n")),
            )
            for h, p in H_PURPOSES.items()
        ),
        Column("Date in", "received_at"),
    ),
    expected={
        "L01": NO_RESTRICTION,
        "L05": restricted("press", "social_media"),  # FB/Insta = social media, Local paper
        "L07": NO_IMAGES,  # every purpose N; name typed without Polish letters
        "L08": restricted("internal"),  # Displays = internal
        "L10": restricted("print"),  # Newsletter = print
        "L12": restricted("video"),
        "L14": NO_RESTRICTION,
        "L16": restricted("website"),  # Web = website
        "L18": restricted(),  # Local paper blank = unanswered
        "L20": NO_IMAGES,
        "L22": NO_RESTRICTION,
    },
    review_rows=frozenset(),
)

# ---------------------------------------------------------------------------------------------
# I. Statements that cover two purposes each, Yes/No (.xlsx).
# ---------------------------------------------------------------------------------------------
I_INT = "I agree to photographs of my child being used in displays in the academy"
I_WEB_SOC = (
    "I agree to photographs of my child being used on the academy's websites and social media"
)
I_PRINT_PRESS = (
    "I agree to photographs of my child in newsletters, the prospectus and the local press"
)
I_VIDEO = "I agree to videos of my child being recorded at school events"
I_ROWS: list[Row] = [
    [
        "UPN",
        "Name of child",
        "Date of birth",
        "Class",
        "Parent/carer",
        "Date returned",
        I_INT,
        I_WEB_SOC,
        I_PRINT_PRESS,
        I_VIDEO,
    ],
    [
        BY_ID["L02"].upn,
        "Angharad Llewelyn-Jones",
        "14/11/2015",
        "5W",
        "Siân Llewelyn-Jones",
        date(2025, 9, 8),
        "Yes",
        "Yes",
        "Yes",
        "Yes",
    ],
    [
        "",
        "Zofia Wojcik",
        date(2017, 4, 28),
        "4R",
        "Anna Wójcik",
        date(2025, 9, 8),
        "Yes",
        "No",
        "Yes",
        "Yes",
    ],
    [
        BY_ID["L05"].upn,
        "Kuba Nowak",
        "21/06/2018",
        "3B",
        "Ola Nowak",
        date(2025, 9, 9),
        "Yes",
        "Yes",
        "No",
        "Yes",
    ],
    [
        "",
        "Chiamaka Okafor",
        "01/05/2015",
        "6G",
        "Chidi Okafor",
        date(2025, 9, 9),
        "No",
        "No",
        "No",
        "No",
    ],
    [
        _typo(BY_ID["L13"].upn),
        "Ananya D'Souza",
        "30/09/2019",
        "1M",
        "Maria D'Souza",
        date(2025, 9, 9),
        "Yes",
        "No",
        "No",
        "Yes",
    ],
    [
        BY_ID["L15"].upn,
        "Thi Mai Nguyen",
        "16/05/2018",
        "3B",
        "Lan Nguyen",
        date(2025, 9, 10),
        "Yes",
        "Yes",
        "Yes",
        "No",
    ],
    [
        "",
        "Iain MacDonald",
        "08/08/2016",
        "5W",
        "Fiona MacDonald",
        date(2025, 9, 10),
        "Yes",
        "Yes",
        "Yes",
        "Yes",
    ],
    [
        BY_ID["L21"].upn,
        "Ieuan Jones",
        "06/09/2017",
        "3B",
        "Nia Jones",
        date(2025, 9, 10),
        "No",
        "Yes",
        "Yes",
        "Yes",
    ],
    [
        "",
        "Saoirse Ní Bhriain",
        "13/10/2018",
        "2T",
        "Orla Ní Bhriain",
        date(2025, 9, 11),
        "Yes",
        "No",
        "Yes",
        "No",
    ],
]
I_COLUMNS = {
    I_INT: ("internal",),
    I_WEB_SOC: ("social_media", "website"),
    I_PRINT_PRESS: ("print", "press"),
    I_VIDEO: ("video",),
}

LAYOUT_I = Layout(
    table=I_ROWS,
    name="i_two_purpose_statements",
    covers="one statement answering two purposes ('websites and social media', 'newsletters, "
    "the prospectus and the local press'), Yes/No; a UPN column with one wrong check "
    "letter",
    build=lambda d: write_xlsx(d / "two-purposes.xlsx", I_ROWS),
    columns=tuple(
        Column(h, "purpose", ps, column_values(I_ROWS, h, yes_no(ps)))
        for h, ps in I_COLUMNS.items()
    ),
    expected={
        "L02": NO_RESTRICTION,
        "L03": restricted("social_media", "website"),  # one No answers both purposes
        "L05": restricted("print", "press"),
        "L09": NO_IMAGES,
        # UPN with a wrong check letter: a typing error, matched on name + DOB, not reviewed
        "L13": restricted("print", "press", "social_media", "website"),
        "L15": restricted("video"),
        "L19": NO_RESTRICTION,
        "L21": restricted("internal"),
        "L23": restricted("social_media", "video", "website"),
    },
    review_rows=frozenset(),
)

# ---------------------------------------------------------------------------------------------
# L. Rows that must wait for review; a returned form with nothing answered (.xlsx, text DOBs,
#    a blank row in the middle: row numbers are the spreadsheet's own).
# ---------------------------------------------------------------------------------------------
L_HEAD = [
    "Child's name",
    "DOB",
    "Class",
    "Parent/carer name",
    "Date received",
    "Website",
    "SOCIAL MEDIA ",
    "Displays",
    "Print",
    "Press",
    "Video",
]
L_PURPOSES = dict(
    zip(L_HEAD[5:], ("website", "social_media", "internal", "print", "press", "video"), strict=True)
)
Y, N = "Yes", "No"
L_ROWS: list[Row] = [
    L_HEAD,  # row 1
    ["Siôn Evans", "03/09/2015", "5W", "Rhian Evans", "08/09/2025", Y, Y, Y, Y, Y, Y],  # 2
    [
        "Zofia Wójcik",
        "04/28/2017",
        "4R",
        "Anna Wójcik",
        "08/09/2025",  # 3
        Y,
        N,
        Y,
        Y,
        N,
        Y,
    ],
    [
        "Aoife O'Brien",
        "07/02/2017",
        "4R",
        "Siobhan O'Brien",
        "08/09/2025",  # 4
        N,
        N,
        Y,
        Y,
        Y,
        Y,
    ],
    [
        "Yusuf Smith-Ahmed",
        "10/10/2017",
        "3B",
        "Amina Smith-Ahmed",
        "09/09/2025",  # 5
        Y,
        "ask my husband",
        Y,
        Y,
        Y,
        Y,
    ],
    [],  # 6
    [
        "Dafydd ap Gruffydd",
        "19/12/2014",
        "6G",
        "Mererid ap Gruffydd",
        "09/09/2025",  # 7
        None,
        None,
        None,
        None,
        None,
        None,
    ],
    [
        "Tomos Bevan",
        "12/12/2016",
        "4R",
        "Sara Bevan",
        "09/09/2025",  # 8
        Y,
        Y,
        Y,
        Y,
        Y,
        Y,
    ],
    [
        "Zoë Clarke",
        "21/08/2016",
        "5W",
        "Emma Clarke",
        "10/09/2025",  # 9
        Y,
        Y,
        Y,
        Y,
        Y,
        Y,
    ],
    [
        "Łukasz Kowalczyk",
        "09/07/2019",
        "2T",
        "Marta Kowalczyk",
        "10/09/2025",  # 10
        N,
        N,
        N,
        N,
        N,
        N,
    ],
    [
        "Ffion Thomas",
        "02/04/2020",
        "1M",
        "Delyth Thomas",
        "10/09/2025",  # 11
        Y,
        Y,
        Y,
        Y,
        Y,
        N,
    ],
    [
        "Oliver Hughes",
        "04/06/2020",
        "1M",
        "Karen Hughes",
        "11/09/2025",  # 12
        Y,
        Y,
        N,
        Y,
        Y,
        Y,
    ],
    ["Priya Patel", "17/03/2017", "4R", "Dev Patel", "11/09/2025", Y, Y, Y, Y, Y, Y],  # 13
]

LAYOUT_L = Layout(
    table=L_ROWS,
    name="l_review_rows_and_empty_return",
    covers="month-first DOB 04/28/2017, an answer that is not an answer, a learner not on "
    "roll, a contradicting DOB (-> review); a returned form with nothing answered",
    build=lambda d: write_xlsx(d / "review-rows.xlsx", L_ROWS),
    columns=tuple(
        Column(
            h, "purpose", (p,), column_values(L_ROWS, h, yes_no((p,)) | {"ask my husband": {}})
        )  # {} = must not be consent
        for h, p in L_PURPOSES.items()
    ),
    expected={
        "L01": NO_RESTRICTION,
        # L03 row 3: DOB 04/28/2017 is not day-first -> review, nothing saved (not_returned)
        "L04": restricted("social_media", "website"),
        # L06 row 5: "ask my husband" is not an answer -> the row waits in review
        "L08": restricted(),  # returned (parent, date) with nothing answered
        # row 8: Tomos Bevan is on no roll -> review; row 9: Zoë Clarke's DOB contradicts -> review
        "L12": NO_IMAGES,
        "L14": restricted("video"),
        "L17": restricted("internal"),  # legal forename Oliver (preferred Olly)
        "L20": NO_RESTRICTION,
    },
    review_rows=frozenset({3, 5, 8, 9}),
)

# ---------------------------------------------------------------------------------------------
# M. CSV in Windows-1252 with semicolons and a title row above the header (Excel, UK locale).
# ---------------------------------------------------------------------------------------------
M_HEAD = [
    "Surname",
    "Forename",
    "Date of birth",
    "Reg group",
    "Photos in school",
    "Photos on website",
    "Photos on social media",
    "Photos in print",
    "Photos in the press",
    "Video",
    "Restrictions",
]
M_PURPOSES = dict(zip(M_HEAD[4:10], ALL, strict=True))
M_ROWS: list[Row] = [
    ["Cwm Rhondda Primary Academy – photo consent returns 2025/26"] + [""] * 10,  # row 1
    M_HEAD,  # row 2
    ["Evans", "Siôn", "3 Sept 2015", "5W", Y, Y, Y, Y, Y, Y, "none"],
    ["Dabrowska", "Malgorzata", "05/03/2016", "5W", N, N, N, N, N, N, ""],
    ["Szymanska", "Ewa", "2015-02-25", "6G", Y, Y, N, Y, Y, Y, "-"],
    ["Clarke", "Zoë", "12/08/2016", "5W", Y, Y, Y, Y, Y, Y, "First name only"],
    ["Müller", "Lena", "29/02/2016", "5W", Y, N, N, Y, Y, N, "n/a"],
    ["Kowalczyk", "Lukasz", "9 July 2019", "2T", Y, Y, Y, Y, N, Y, "nil"],
    ["Wójcik", "Zofia", "28/04/2017", "4R", Y, Y, Y, Y, Y, Y, "No photos with her full name"],
    ["O'Brien", "Aoife", "07/02/2017", "4R", Y, Y, Y, Y, Y, Y, "No"],
    ["ap Gruffydd", "Dafydd", "19/12/2014", "6G", N, Y, Y, Y, Y, Y, ""],
    ["Chen", "Wei", "20/12/2019", "1M", Y, Y, Y, Y, Y, Y, ""],
    [""] * 11,  # Excel keeps empty ';;;' lines at the end
    [""] * 11,
]

LAYOUT_M = Layout(
    table=M_ROWS,
    header_row=1,
    name="m_cp1252_semicolon_title_row",
    covers="CSV in Windows-1252, ';' separated, title row above the header, dates "
    "'3 Sept 2015' / ISO / day-first, a Restrictions free-text column",
    build=lambda d: write_csv(d / "returns-cp1252.csv", M_ROWS, encoding="cp1252", delimiter=";"),
    columns=(
        *(
            Column(h, "purpose", (p,), column_values(M_ROWS, h, yes_no((p,)), header_row=1))
            for h, p in M_PURPOSES.items()
        ),
        Column("Restrictions", "limitation"),
    ),
    expected={
        "L01": NO_RESTRICTION,  # "none" says nothing
        "L07": NO_IMAGES,
        "L18": restricted("social_media"),  # "-" says nothing
        "L10": restricted(limitation=True),  # "First name only"
        "L22": restricted("social_media", "video", "website"),
        "L12": restricted("press"),  # "nil" says nothing
        # "No photos with her full name" is a real limitation although it starts with "No"
        "L03": restricted(limitation=True),
        "L04": NO_RESTRICTION,  # limitation "No" says nothing
        "L08": restricted("internal"),
        "L24": NO_RESTRICTION,
    },
    review_rows=frozenset(),
)

# ---------------------------------------------------------------------------------------------
# N. A lone `x` under bare purpose headers: the file alone cannot say whether x is a tick or a
#    cross, so a careful importer asks. The paper slip said "put a cross in the box of any use
#    you do NOT agree to": the office confirms x = refuse, blank = no objection (consent).
# ---------------------------------------------------------------------------------------------
N_HEAD = [
    "Forename",
    "Surname",
    "DOB",
    "Form",
    "Displays",
    "Website",
    "Social media",
    "Newsletter",
    "Press",
    "Video",
]
N_PURPOSES = dict(zip(N_HEAD[4:], ALL, strict=True))
X = "x"
N_ROWS: list[Row] = [
    ["Photo consent slips 2025/26 (typed by the office)"],  # row 1
    N_HEAD,  # row 2
    ["Angharad", "Llewelyn-Jones", "14/11/2015", "5W", X, X, X, X, X, X],
    ["Aoife", "O'Brien", "07/02/2017", "4R", _, X, X, _, _, _],
    ["Yusuf", "Smith-Ahmed", "10/10/2017", "3B", _, _, _, _, X, _],
    ["Gwen", "Rhys", "23/01/2019", "2T", _, _, X, _, X, X],
    ["Ananya", "D'Souza", "30/09/2019", "1M", X, _, _, X, _, _],
    ["Cerys", "Williams", "11/11/2018", "2T", _, _, _, _, _, X],
    ["Iain", "MacDonald", "08/08/2016", "5W", _, X, _, _, _, _],
    ["Ieuan", "Jones", "06/09/2017", "3B", _, _, X, X, _, _],
]
N_MAPPING: list[dict[str, object]] = [
    {"header": "Forename", "role": "forename", "purposes": [], "objection": False},
    {"header": "Surname", "role": "surname", "purposes": [], "objection": False},
    {"header": "DOB", "role": "dob", "purposes": [], "objection": False},
    {"header": "Form", "role": "reg_group", "purposes": [], "objection": False},
] + [
    {
        "header": h,
        "role": "purpose",
        "purposes": [p],
        "objection": True,
        "values": {"x": "refuse", "": "consent"},
    }
    for h, p in N_PURPOSES.items()
]

LAYOUT_N = Layout(
    table=N_ROWS,
    header_row=1,
    name="n_lone_x_bare_headers_confirmed",
    covers="a lone 'x' with blanks under bare purpose headers (tick or cross?): unsure -> "
    "exit 3, then a person's --mapping (x = objects)",
    build=lambda d: write_xlsx(d / "lone-x.xlsx", N_ROWS, merges=["A1:J1"]),
    columns=tuple(Column(h, "", (), {}, sure=False) for h in N_PURPOSES),
    expected={  # all per the confirmed mapping: x = refuse
        "L02": NO_IMAGES,
        "L04": restricted("social_media", "website"),
        "L06": restricted("press"),
        "L11": restricted("press", "social_media", "video"),
        "L13": restricted("internal", "print"),
        "L16": restricted("video"),
        "L19": restricted("website"),
        "L21": restricted("print", "social_media"),
    },
    review_rows=frozenset(),
    mapping=N_MAPPING,
)

# ---------------------------------------------------------------------------------------------
# O. Objection-phrased question per purpose ("Do you object to …?" Yes = refuse), typed from
#    paper, a merged title row above the header (.xlsx).
# ---------------------------------------------------------------------------------------------
O_Q = {
    "Do you object to photos of your child in displays in the academy?": "internal",
    "Do you object to photos on the academy or trust website?": "website",
    "Do you object to photos on social media?": "social_media",
    "Do you object to photos in newsletters or the prospectus?": "print",
    "Do you object to photos in the press?": "press",
    "Do you object to video recordings of your child?": "video",
}
O_LIMIT = "Any other restrictions"
O_HEAD = [
    "Learner",
    "Date of birth",
    "Class",
    "Parent/carer signature",
    "Date signed",
    *O_Q,
    O_LIMIT,
]
O_ROWS: list[Row] = [
    ["Cwm Rhondda Primary Academy — Photographs and video 2025/26"],  # row 1 (merged)
    O_HEAD,  # row 2
    ["Zofia Wójcik", "28/04/2017", "4R", "Anna Wójcik", date(2025, 9, 8), N, N, N, N, N, N, ""],
    ["Jakub Nowak", "21/06/2018", "3B", "Ola Nowak", date(2025, 9, 8), N, N, Y, N, N, N, ""],
    ["Chiamaka Okafor", "01/05/2015", "6G", "Chidi Okafor", date(2025, 9, 8), Y, Y, Y, Y, Y, Y, ""],
    [
        "Łukasz Kowalczyk",
        "09/07/2019",
        "2T",
        "Marta Kowalczyk",
        date(2025, 9, 9),
        N,
        Y,
        N,
        N,
        Y,
        N,
        "",
    ],
    ["Thi Mai Nguyen", "16/05/2018", "3B", "Lan Nguyen", date(2025, 9, 9), N, N, N, N, N, Y, ""],
    [
        "Oliver Hughes",
        "04/06/2020",
        "1M",
        "Karen Hughes",
        date(2025, 9, 9),
        N,
        N,
        N,
        N,
        N,
        N,
        "Not with other children's names",
    ],
    ["Priya Patel", "17/03/2017", "4R", "Dev Patel", date(2025, 9, 10), Y, N, N, N, N, N, ""],
    ["Lena Müller", "29/02/2016", "5W", "Jana Müller", date(2025, 9, 10), N, N, N, Y, N, None, ""],
    ["Wei Chen", "20/12/2019", "1M", "Li Chen", date(2025, 9, 10), N, N, N, N, N, N, "none"],
]

LAYOUT_O = Layout(
    table=O_ROWS,
    header_row=1,
    name="o_objection_phrased_per_purpose",
    covers="'Do you object to … ?' per purpose (Yes = refuse, No = consent); merged title row "
    "above the header; 'Date signed' merged down over batches of rows",
    build=lambda d: write_xlsx(
        d / "objections-per-purpose.xlsx", O_ROWS, merges=["A1:L1", "E3:E5", "E6:E8"]
    ),  # one date per batch
    columns=(
        *(
            Column(
                q,
                "purpose",
                (p,),
                column_values(O_ROWS, q, yes_no((p,), objection=True), header_row=1),
            )
            for q, p in O_Q.items()
        ),
        Column(O_LIMIT, "limitation"),
    ),
    expected={
        "L03": NO_RESTRICTION,  # No to every objection = consents to every use
        "L05": restricted("social_media"),  # Yes to "object to … social media" = refuse
        "L09": NO_IMAGES,
        "L12": restricted("press", "website"),
        "L15": restricted("video"),
        "L17": restricted(limitation=True),
        "L20": restricted("internal"),
        "L22": restricted("print"),  # video left blank = unanswered
        "L24": NO_RESTRICTION,  # "none" says nothing
    },
    review_rows=frozenset(),
)

OFFICE_LAYOUTS = (
    LAYOUT_A,
    LAYOUT_B,
    LAYOUT_C,
    LAYOUT_H,
    LAYOUT_I,
    LAYOUT_L,
    LAYOUT_M,
    LAYOUT_N,
    LAYOUT_O,
)
