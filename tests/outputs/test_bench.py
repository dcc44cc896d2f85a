"""``make bench`` keeps working (at a size a test can afford)."""

from __future__ import annotations

import pytest

from bench import outputs as bench
from consent_desk.domain.rules import on_restriction_list


def test_bench_prints_a_ratio_for_each_output(capsys: pytest.CaptureFixture[str]) -> None:
    bench.main(1, academy_learners=80, trust_academies=3, trust_learners=240)
    lines = [line for line in capsys.readouterr().out.splitlines() if " ratio " in line]
    assert len(lines) == 4
    assert all(line.rstrip().endswith("x") for line in lines)


def test_synthetic_trust_is_the_size_asked_and_follows_the_rules() -> None:
    trust = bench.synthetic_trust(academies=5, learners=1000, seed=1)
    assert len(trust) == 5
    assert sum(sum(1 for r in rows if r.on_roll) for _, rows in trust) == 1000
    for _, rows in trust:
        for r in rows:
            assert r.on_restriction_list == on_restriction_list(r.status, r.on_roll, True)
