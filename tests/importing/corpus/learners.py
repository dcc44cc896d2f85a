"""The learner list of the corpus academy (a SIMS-style CSV export)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from stdnum.gb import upn as stdnum_upn

from tests.importing.corpus.model import write_csv

ACADEMY = "CRP"
ACADEMY_NAME = "Cwm Rhondda Primary Academy"


@dataclass(frozen=True)
class Learner:
    id: str
    surname: str
    forename: str
    preferred: str
    dob: str  # dd/mm/yyyy
    year: int
    reg: str

    @property
    def upn(self) -> str:
        body = f"873219925{int(self.id[1:]):03d}"  # LA 873, DfE 2199, issued 25, serial
        return stdnum_upn.calc_check_digit(body) + body

    @property
    def adno(self) -> str:
        return f"00{3100 + int(self.id[1:])}"


# Born 1 Sep – 31 Aug: Year 1 2019/20, Year 2 2018/19, Year 3 2017/18, Year 4 2016/17,
# Year 5 2015/16, Year 6 2014/15 (academic year 2025/26).
LEARNERS: tuple[Learner, ...] = (
    Learner("L01", "Evans", "Siôn", "", "03/09/2015", 5, "5W"),
    Learner("L02", "Llewelyn-Jones", "Angharad", "", "14/11/2015", 5, "5W"),
    Learner("L03", "Wójcik", "Zofia", "", "28/04/2017", 4, "4R"),
    Learner("L04", "O'Brien", "Aoife", "", "07/02/2017", 4, "4R"),
    Learner("L05", "Nowak", "Jakub", "Kuba", "21/06/2018", 3, "3B"),
    Learner("L06", "Smith-Ahmed", "Yusuf", "", "10/10/2017", 3, "3B"),
    Learner("L07", "Dąbrowska", "Małgorzata", "Gosia", "05/03/2016", 5, "5W"),
    Learner("L08", "ap Gruffydd", "Dafydd", "", "19/12/2014", 6, "6G"),
    Learner("L09", "Okafor", "Chiamaka", "", "01/05/2015", 6, "6G"),
    Learner("L10", "Clarke", "Zoë", "", "12/08/2016", 5, "5W"),
    Learner("L11", "Rhys", "Gwenllian", "Gwen", "23/01/2019", 2, "2T"),
    Learner("L12", "Kowalczyk", "Łukasz", "", "09/07/2019", 2, "2T"),
    Learner("L13", "D'Souza", "Ananya", "", "30/09/2019", 1, "1M"),
    Learner("L14", "Thomas", "Ffion", "", "02/04/2020", 1, "1M"),
    Learner("L15", "Nguyen", "Thi Mai", "Mai", "16/05/2018", 3, "3B"),
    Learner("L16", "Williams", "Cerys", "", "11/11/2018", 2, "2T"),
    Learner("L17", "Hughes", "Oliver", "Olly", "04/06/2020", 1, "1M"),
    Learner("L18", "Szymańska", "Ewa", "", "25/02/2015", 6, "6G"),
    Learner("L19", "MacDonald", "Iain", "", "08/08/2016", 5, "5W"),
    Learner("L20", "Patel", "Priya", "", "17/03/2017", 4, "4R"),
    Learner("L21", "Jones", "Ieuan", "", "06/09/2017", 3, "3B"),
    Learner("L22", "Müller", "Lena", "", "29/02/2016", 5, "5W"),
    Learner("L23", "Ní Bhriain", "Saoirse", "", "13/10/2018", 2, "2T"),
    Learner("L24", "Chen", "Wei", "", "20/12/2019", 1, "1M"),
)
BY_ID = {learner.id: learner for learner in LEARNERS}


def write_learner_list(directory: Path) -> Path:
    rows: list[list[str | None]] = [
        [
            "UPN",
            "Adno",
            "Legal Surname",
            "Legal Forename",
            "Preferred Forename",
            "DOB",
            "Year",
            "Reg Group",
        ]
    ]
    for x in LEARNERS:
        rows.append(
            [
                x.upn,
                x.adno,
                x.surname,
                x.forename,
                x.preferred or x.forename,
                x.dob,
                str(x.year),
                x.reg,
            ]
        )
    return write_csv(directory / "learners-sims.csv", rows)
