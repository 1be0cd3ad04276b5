"""信息处理费 under 国办函〔2020〕109号: the 办法's bands, worked examples
and boundaries."""

from datetime import date
from decimal import Decimal

import pytest

from gongkai.clock import calendar, fees
from gongkai.clock.calendar import WorkCalendar, load_schedules


@pytest.mark.parametrize(
    "n, fee",
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (50, 300), (51, 400), (71, 600)],
)
def test_per_item_band_boundaries(n, fee):
    assert fees.per_item(n) == Decimal(fee)


@pytest.mark.parametrize(
    "n, total",
    [
        (10, 0),
        (11, 100),
        (30, 2000),  # 20 × 100
        (31, 2200),
        (35, 3000),  # worked example, 35 applications in one month: 10 free + 20×100 + 5×200
        (40, 4000),
        (41, 4300),
        (50, 7000),  # 2000 + 10×200 + 10×300
    ],
)
def test_per_item_totals(n, total):
    assert fees.per_item_total(n) == Decimal(total)


@pytest.mark.parametrize(
    "pages, fee",
    [
        (0, 0),
        (30, 0),
        (31, 10),
        (100, 700),  # 70 × 10
        (101, 720),
        (200, 2700),  # 700 + 100 × 20
        (201, 2740),
        (250, 4700),  # 700 + 2000 + 50 × 40
    ],
)
def test_per_volume_boundaries(pages, fee):
    assert fees.per_volume(pages) == Decimal(fee)


def test_per_volume_is_progressive_not_flat():
    # a flat rate at the top band would charge 250 × 40
    assert fees.per_volume(250) < Decimal(250 * 40)
    assert all(fees.per_volume(p + 1) >= fees.per_volume(p) for p in range(400))


@pytest.mark.parametrize("bad", [-1, "3", 2.5, True])
def test_bad_counts(bad):
    with pytest.raises(ValueError):
        fees.per_volume(bad)
    with pytest.raises(ValueError):
        fees.per_item(bad)


def test_per_item_counts_from_one():
    with pytest.raises(ValueError, match="从1开始"):
        fees.per_item(0)


def test_notice_per_volume_with_payment_due():
    cal = WorkCalendar(load_schedules([calendar.DATA_DIR]))
    n = fees.notice("per_volume", pages=250, notice_received_on=date(2026, 9, 28), cal=cal)
    assert n.amount == Decimal(4700)
    assert n.chargeable
    assert [(b.first, b.last, b.unit_price) for b in n.bands] == [
        (1, 30, 0), (31, 100, 10), (101, 200, 20), (201, 250, 40)
    ]
    assert n.payment_due == date(2026, 10, 30)  # 20 working days from the day after receipt
    assert "国办函〔2020〕109号" in n.basis and "国办函〔2020〕109号" in n.text
    assert "4700元" in n.text and "2026年10月30日" in n.text and "视为放弃申请" in n.text
    assert n.to_dict()["amount"] == "4700"


def test_notice_per_item():
    n = fees.notice("per_item", count_in_month=35)
    assert n.amount == Decimal(200)
    assert "第35件" in n.text
    free = fees.notice("per_item", count_in_month=10)
    assert free.amount == 0 and not free.chargeable and "不收取" in free.text


def test_notice_errors():
    with pytest.raises(ValueError, match="按件"):
        fees.notice("per_item")
    with pytest.raises(ValueError, match="页数"):
        fees.notice("per_volume")
    with pytest.raises(ValueError, match="计收方式"):
        fees.notice("per_hour", pages=3)
