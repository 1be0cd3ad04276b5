"""信息处理费 under 《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）.
No Django.

Free in principle (条例第四十二条); a fee only where the quantity or frequency
of an applicant's requests clearly exceeds a reasonable range, by one of two
progressive methods, one method per application:

* 按件 (per applicant, per calendar month, all decision types counted):
  up to 10 free; the 11th–30th 100元 each; from the 31st, in bands of 10, each
  band 100元 a 件 more than the one before (31–40 200元, 41–50 300元, …).
* 按量 (pages of paper, or the page-equivalent of e-mailed or copied data):
  up to 30 pages free; pages 31–100 10元 each; 101–200 20元 each; from the
  201st 40元 each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

BASIS = "《中华人民共和国政府信息公开条例》第四十二条、《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
DOCUMENT = "国办函〔2020〕109号"
FREE_ITEMS = 10
FREE_PAGES = 30
PAGE_BANDS = ((30, Decimal(0)), (100, Decimal(10)), (200, Decimal(20)), (None, Decimal(40)))  # (last page, price)


def _check_count(n, what: str) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise ValueError(f"{what}应为整数，实际为{n!r}")
    if n < 0:
        raise ValueError(f"{what}不能为负数：{n}")
    return n


def per_item(count_in_month: int) -> Decimal:
    """按件: the fee for an applicant's Nth application in a calendar month."""
    n = _check_count(count_in_month, "当月申请件数")
    if n == 0:
        raise ValueError("当月第几件申请应从1开始计")
    if n <= FREE_ITEMS:
        return Decimal(0)
    if n <= 30:
        return Decimal(100)
    return Decimal(200 + 100 * ((n - 31) // 10))


def per_item_total(n: int) -> Decimal:
    """按件: the total for an applicant's first ``n`` applications in a month."""
    n = _check_count(n, "当月申请件数")
    return sum((per_item(i) for i in range(1, n + 1)), Decimal(0))


@dataclass(frozen=True)
class Band:
    first: int
    last: int
    unit_price: Decimal
    unit: str

    @property
    def count(self) -> int:
        return self.last - self.first + 1

    @property
    def subtotal(self) -> Decimal:
        return self.unit_price * self.count

    def text(self) -> str:
        span = f"第{self.first}{self.unit}" if self.first == self.last else f"第{self.first}至{self.last}{self.unit}"
        if not self.unit_price:
            return f"{span}，{self.count}{self.unit}，免费"
        return f"{span}，{self.count}{self.unit}×{self.unit_price}元＝{self.subtotal}元"


def _page_bands(pages: int) -> list[Band]:
    bands = []
    first = 1
    for last, price in PAGE_BANDS:
        if first > pages:
            break
        end = pages if last is None else min(last, pages)
        bands.append(Band(first, end, price, "页"))
        first = end + 1
    return bands


def _item_bands(first: int, last: int) -> list[Band]:
    bands: list[Band] = []
    for i in range(first, last + 1):
        price = per_item(i)
        if bands and bands[-1].unit_price == price and bands[-1].last == i - 1:
            bands[-1] = Band(bands[-1].first, i, price, "件")
        else:
            bands.append(Band(i, i, price, "件"))
    return bands


def per_volume(pages: int) -> Decimal:
    """按量: the fee for one application's ``pages`` pages (progressive)."""
    pages = _check_count(pages, "页数")
    return sum((b.subtotal for b in _page_bands(pages)), Decimal(0))


@dataclass
class FeeNotice:
    method: str  # "per_item" | "per_volume"
    quantity: int
    amount: Decimal
    bands: list[Band] = field(default_factory=list)
    basis: str = BASIS
    standard: str = ""
    payment_due: date | None = None
    text: str = ""

    @property
    def chargeable(self) -> bool:
        return self.amount > 0

    def to_dict(self) -> dict:
        return {
            "method": self.method,
            "quantity": self.quantity,
            "amount": str(self.amount),
            "bands": [
                {"first": b.first, "last": b.last, "unit": b.unit, "unit_price": str(b.unit_price), "subtotal": str(b.subtotal)}
                for b in self.bands
            ],
            "basis": self.basis,
            "standard": self.standard,
            "payment_due": self.payment_due.isoformat() if self.payment_due else None,
            "text": self.text,
        }


STANDARDS = {
    "per_item": "按件计收：同一申请人一个自然月内累计申请10件以下（含10件）的，不收费；11—30件（含30件）的部分，100元/件；"
    "31件以上的部分，以10件为一档，每增加一档，收费标准提高100元/件。",
    "per_volume": "按量计收：30页以下（含30页）的，不收费；31—100页（含100页）的部分，10元/页；"
    "101—200页（含200页）的部分，20元/页；200页以上的部分，40元/页。",
}


def notice(
    method: str,
    *,
    count_in_month: int | None = None,
    pages: int | None = None,
    notice_received_on: date | None = None,
    cal=None,
    payment_days: int = 20,
) -> FeeNotice:
    """The content of a 收费通知 for one application: method, amount with its
    breakdown, the standard and the legal basis, and — given the day the
    applicant receives the notice — the payment deadline (20 working days from
    the following day)."""
    if method == "per_item":
        if count_in_month is None:
            raise ValueError("按件计收须写明这是申请人当月的第几件申请（count_in_month）")
        quantity = _check_count(count_in_month, "当月申请件数")
        amount = per_item(quantity)
        bands = _item_bands(quantity, quantity)
        what = f"本申请为您本自然月内提出的第{quantity}件政府信息公开申请"
    elif method == "per_volume":
        if pages is None:
            raise ValueError("按量计收须写明页数（pages）")
        quantity = _check_count(pages, "页数")
        amount = per_volume(quantity)
        bands = _page_bands(quantity)
        what = f"本申请所需提供的政府信息共{quantity}页"
    else:
        raise ValueError(f"未知的计收方式“{method}”，应为 per_item（按件）或 per_volume（按量）")
    due = None
    if notice_received_on is not None:
        if cal is None:
            from gongkai.clock import calendar

            cal = calendar.official()
        due = cal.add_working_days(notice_received_on, payment_days)
    from gongkai.clock.calendar import cn_date

    if amount:
        detail = "；".join(b.text() for b in bands if b.unit_price)
        text = f"{what}，依据{BASIS}，应缴纳信息处理费{amount}元（{detail}）。"
        if due:
            text += (
                f"请自收到本通知之次日起{payment_days}个工作日内（{cn_date(due)}前）缴纳；"
                "逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。"
            )
    else:
        text = f"{what}，依据{BASIS}，不收取信息处理费。"
    return FeeNotice(
        method=method,
        quantity=quantity,
        amount=amount,
        bands=bands,
        standard=STANDARDS[method],
        payment_due=due,
        text=text,
    )
