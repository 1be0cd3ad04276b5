import copy
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai import rules, standard
from gongkai.model import Report, load_report, report_from_dict
from tests.core.strategies import consistent_reports


def errors(report):
    return [f for f in rules.check(report) if f.severity == rules.ERROR]


def test_hongze_has_exactly_two_t4_sum_errors(gold_dir):
    found = errors(load_report(gold_dir / "hongze_district_gov_2023.json"))
    assert [f.rule for f in found] == ["T4.SUM", "T4.SUM"]
    assert "表四 行政复议：总计 = 0" in found[0].message
    assert "= 11" in found[0].message
    assert "复议后起诉" in found[1].message


@pytest.mark.parametrize(
    "name", ["000_04d0c90127c5455c", "pingtan_2021", "pingtan_2022", "shanghai_stcsm_2024"]
)
def test_other_gold_reports_have_no_error(gold_dir, name):
    assert errors(load_report(gold_dir / f"{name}.json")) == []


def test_null_cell_is_reported_as_uncheckable_not_guessed(gold_dir):
    findings = rules.check(load_report(gold_dir / "shanghai_stcsm_2024.json"))
    info = [f for f in findings if f.severity == rules.INFO and f.rule.startswith("T3")]
    assert info, "shanghai's empty 总计 cell of 四 must be named as uncheckable"
    assert any("四、结转下年度继续办理" in f.message for f in info)


def test_balance_message_names_column_and_both_sides(gold_dir):
    data = json.loads((gold_dir / "000_04d0c90127c5455c.json").read_text())
    data["requests"]["new_received"][0] = 5
    data["requests"]["new_received"][6] = 5
    found = [f for f in errors(report_from_dict(data)) if f.rule == "T3.BALANCE"]
    assert [f.message for f in found] == [
        "表三 自然人列：一+二 = 5，（七）总计+四 = 0",
        "表三 总计列：一+二 = 5，（七）总计+四 = 0",
    ]


def test_cross_year_carry_and_in_force(gold_dir):
    y1 = load_report(gold_dir / "pingtan_2021.json")
    y2 = load_report(gold_dir / "pingtan_2022.json")
    assert [f for f in rules.check_across(y1, y2) if f.severity != rules.INFO] == []
    y2.requests.carried_over[0] = 0
    y2.active.normative_documents.in_force += 1
    found = {f.rule: f for f in rules.check_across(y1, y2)}
    assert found["X.CARRY"].severity == rules.ERROR
    assert "2022年 二、上年结转 = 0，2021年 四、结转下年度继续办理 = 1" in found["X.CARRY"].message
    assert found["X.INFORCE"].severity == rules.WARNING


def test_cross_year_needs_consecutive_years(gold_dir):
    y = load_report(gold_dir / "pingtan_2021.json")
    with pytest.raises(ValueError):
        rules.check_across(y, y)


def test_check_reports_pairs_consecutive_years_of_one_agency(gold_dir):
    y1 = load_report(gold_dir / "pingtan_2021.json")
    y2 = load_report(gold_dir / "pingtan_2022.json")
    y2.requests.carried_over = [0] * 7
    y2.requests.new_received = [n + 1 if i in (0, 6) else n for i, n in enumerate(y2.requests.new_received)]
    results = rules.check_reports([y2, y1])
    assert any(f.rule == "X.CARRY" for f in results[0])
    assert not any(f.rule == "X.CARRY" for f in results[1])


def test_negative_count_is_v_range_error(gold_dir):
    report = load_report(gold_dir / "000_04d0c90127c5455c.json")
    report.active.punishment = -1
    assert [f.rule for f in errors(report)] == ["V.RANGE"]


def test_sections_missing_and_out_of_order():
    report = Report(agency="某局", year=2024, sections={"overview": "x", "problems": "", "other": "y"},
                    section_order=["overview", "requests", "active", "appeals", "problems", "other"])
    msgs = [f.message for f in rules.check(report) if f.rule == "S.SECTIONS"]
    assert any("五、存在的主要问题及改进情况" in m for m in msgs)
    assert any("顺序" in m for m in msgs)


def test_2019_template_warns():
    report = Report(agency="某局", year=2020, template="2019", active=None)
    assert [f.rule for f in rules.check(report) if f.severity == rules.WARNING] == ["S.TEMPLATE"]


def test_narrative_figures_disagreeing_with_table_warn(gold_dir):
    report = load_report(gold_dir / "pingtan_2021.json")
    report.sections = {"overview": "本年度全区共收到70件申请，及时依法依规办结69件，1件结转下年度继续办理。",
                       "problems": "p", "other": "o"}
    assert [f for f in rules.check(report) if f.rule == "N.TEXT"] == []
    report.sections.overview = report.sections.overview.replace("70件", "72件")
    found = [f for f in rules.check(report) if f.rule == "N.TEXT"]
    assert len(found) == 1 and "72" in found[0].message and "70" in found[0].message


def test_late_publication_warns_by_level():
    dept = Report(agency="某县应急管理局", year=2023, published_on="2024-02-05")
    gov = Report(agency="某县人民政府", year=2023, published_on="2024-02-05")
    assert [f.rule for f in rules.check(dept) if f.rule == "D.PUBLISHED"] == ["D.PUBLISHED"]
    assert [f.rule for f in rules.check(gov) if f.rule == "D.PUBLISHED"] == []


@settings(max_examples=150, deadline=None)
@given(consistent_reports())
def test_report_built_to_satisfy_identities_passes(report):
    assert errors(report) == []


def _cells(report):
    out = []
    for key in standard.ALL_TABLE3_KEYS:
        if report.requests.row(key) is not None:
            out += [("requests", key, c) for c in range(7)]
    for g in standard.APPEAL_GROUPS:
        out += [("appeals", g.key, c) for c in range(5)]
    return out


@settings(max_examples=300, deadline=None)
@given(consistent_reports(), st.data(), st.integers(1, 1000), st.booleans())
def test_any_single_changed_number_in_table_3_or_4_is_caught(report, data, delta, down):
    table, key, col = data.draw(st.sampled_from(_cells(report)))
    changed = copy.deepcopy(report)
    row = getattr(getattr(changed, table), key)
    row[col] = row[col] - delta if down and row[col] >= delta else row[col] + delta
    found = {f.rule for f in errors(changed)}
    expected = {"requests": {"T3.BALANCE", "T3.SUM", "T3.ROWTOTAL"}, "appeals": {"T4.SUM"}}[table]
    assert found & expected, f"{table}.{key}.{col} changed by {delta} went unnoticed"


def test_narrative_appeal_figures_checked_against_table_4(gold_dir):
    report = load_report(gold_dir / "shanghai_stcsm_2024.json")
    text = "2024 年市科委有 1 件涉及政府信息公开工作的行政复议，该行政复议件未被纠错。涉及的行政诉讼数为\n0 件。"
    report.sections = {"overview": text, "problems": "p", "other": "o"}
    assert [f for f in rules.check(report) if f.rule == "N.TEXT"] == []
    report.sections.overview = text.replace("1 件", "2 件")
    found = [f.message for f in rules.check(report) if f.rule == "N.TEXT"]
    assert found == ["正文“有 2 件涉及政府信息公开工作的行政复议”称行政复议 2 件，表四行政复议总计 = 1"]
    report.sections.overview = "因政府信息公开申请提起行政复议、行政诉讼共3件。"
    assert [f for f in rules.check(report) if f.rule == "N.TEXT"] == []
    report.sections.overview = "共有行政诉讼案件0件、行政复议案件1件，均已结案。"  # pingtan's wording
    assert [f for f in rules.check(report) if f.rule == "N.TEXT"] == []
