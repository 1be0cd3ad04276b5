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


def test_2019_template_warns_from_2021_on_only(gold_dir):
    report = load_report(gold_dir / "pingtan_2021.json")
    report.template = "2019"
    assert [f.rule for f in rules.check(report) if f.severity == rules.WARNING] == ["S.TEMPLATE"]
    report.year = 2020  # the 2021 template applies from the 2021 reports on
    assert [f.rule for f in rules.check(report) if f.rule == "S.TEMPLATE"] == []
    report.year, report.template = 2019, "2021"
    report.requests.other_processed = [0] * 7
    report.requests.other_no_supplement = report.requests.other_fee_unpaid = report.requests.other_other = None
    assert [f.rule for f in rules.check(report) if f.rule == "S.TEMPLATE"] == []


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
    report.sections.overview = "因政府信息公开申请提起行政复议、行政诉讼共1件。"  # the joint figure: 1 + 0 + 0
    assert [f for f in rules.check(report) if f.rule == "N.TEXT"] == []
    report.sections.overview = "共有行政诉讼案件0件、行政复议案件1件，均已结案。"  # pingtan's wording
    assert [f for f in rules.check(report) if f.rule == "N.TEXT"] == []


# ---------------------------------------------------------------- sharper N.TEXT


def _ntext(report, text):
    report.sections = {"overview": text, "problems": "问题", "other": "其他"}
    return [f.message for f in rules.check(report) if f.rule == "N.TEXT"]


@pytest.mark.parametrize("name", ["000_04d0c90127c5455c", "hongze_district_gov_2023", "pingtan_2021",
                                  "pingtan_2022_page", "shanghai_stcsm_2024_pdf2md"])
def test_corpus_reports_have_no_finding_that_is_not_a_real_discrepancy(corpus_dir, name):
    """Precision: the five real reports as read get only the discrepancies
    they really have (hongze's table 4 totals and its one-row （六）)."""
    from gongkai.reader import read

    path = next(p for p in corpus_dir.iterdir() if p.stem.startswith(name) and p.suffix in (".txt", ".pdf", ".md"))
    found = [(f.rule, f.path) for f in rules.check(read(path)) if f.severity != rules.INFO]
    expected = {"hongze_district_gov_2023": [("T4.SUM", "appeals.reconsideration.4"),
                                             ("T4.SUM", "appeals.litigation_after_reconsideration.4"),
                                             ("S.TEMPLATE", "requests.other_processed")]}
    assert found == expected.get(name, [])


def test_combined_and_per_outcome_figures(gold_dir):
    report = load_report(gold_dir / "pingtan_2022.json")  # granted 21, partly 9, withheld 4, unavailable 37
    ok = "予以公开及部分公开30件，不予公开4件，无法提供37件，不予处理0件。"
    assert _ntext(report, ok) == []
    found = _ntext(report, "予以公开及部分公开63件，无法提供5件。")
    assert len(found) == 2
    assert "予以公开及部分公开 63 件" in found[0] and "= 30" in found[0]
    assert "无法提供 5 件" in found[1] and "= 37" in found[1]
    assert len(_ntext(report, "不予公开5件；不予处理1件。")) == 2


def test_joint_appeal_figure_and_table_2_figures(gold_dir):
    report = load_report(gold_dir / "pingtan_2022.json")  # appeals 2 + 1; made 88, in force 698, licensing 10690
    assert _ntext(report, "因政府信息公开申请提起行政复议、行政诉讼共3件。制发规范性文件88件，行政许可10690件。") == []
    found = _ntext(report, "提起行政复议、行政诉讼共5件。本年制发规范性文件90件，作出行政许可决定100件。")
    assert len(found) == 3
    assert "合计 5 件" in found[0] and "= 3" in found[0]
    assert any("制发规范性文件 90 件，表二 = 88" in m for m in found)
    assert any("行政许可 100 件，表二 = 10690" in m for m in found)
    assert _ntext(report, "行政事业性收费9116.36万元。") == []
    assert len(_ntext(report, "行政事业性收费9000万元。")) == 1
    # 信息处理费 is not table 2's 行政事业性收费
    assert _ntext(report, "全年收取信息处理费0元，无收取信息处理费情况。") == []


@pytest.mark.parametrize("text", [
    "本年新收政府信息公开申请数量为80件。",
    "全年收到政府信息公开申请共计80件。",
    "收到政府信息公开申请：80件。",
    "收到政府信息公开申请总数为80件。",
    "收办政府信息公开申请案件80件。",
])
def test_peer_tool_phrasings_of_applications_received(gold_dir, text):
    report = load_report(gold_dir / "pingtan_2022.json")  # new 74 (+1 carried over)
    found = _ntext(report, text)
    assert len(found) == 1 and "收到申请 80 件" in found[0] and "= 74" in found[0]
    assert _ntext(report, text.replace("80", "74")) == []


def test_processed_phrasing_and_every_mention(gold_dir):
    report = load_report(gold_dir / "pingtan_2022.json")  # processed 75
    assert _ntext(report, "本年共办结政府信息公开申请75件。") == []
    found = _ntext(report, "本年共办结政府信息公开申请70件。全年收到政府信息公开申请74件，后又收到政府信息公开申请90件。")
    assert [m.split("称")[1].split("，")[0] for m in found] == ["办结 70 件", "收到申请 90 件"]


def test_appeals_are_not_applications_and_no_match_across_a_sentence(gold_dir):
    report = load_report(gold_dir / "pingtan_2022.json")
    assert _ntext(report, "受理行政复议申请2件。收到行政复议申请2件。") == []
    assert _ntext(report, "本年收到了申请。共办理其他事项500件。") == []
    assert _ntext(report, "收到政府信息公开申请！500件材料已归档。") == []


def test_missing_or_blank_table_3_or_4_is_an_error(gold_dir):
    report = load_report(gold_dir / "pingtan_2022.json")
    assert [f for f in rules.check(report) if f.rule == "S.TABLES"] == []
    report.requests = {}
    report.appeals = {"reconsideration": [None] * 5}
    found = rules.check(report)
    assert [f.path for f in found if f.rule == "S.TABLES"] == ["requests", "appeals"]
    assert all(f.severity == rules.ERROR for f in found if f.rule == "S.TABLES")
    assert not [f for f in found if f.rule.startswith(("T3.", "T4."))], "one error, not 40 无法核对"


@pytest.mark.parametrize("text,warns", [("无", True), ("暂无问题。", True), ("无。", True), ("暂无", True),
                                        ("暂无问题，下一步将加强培训。", False), ("人员力量不足。", False)])
def test_problems_section_saying_only_none_warns(gold_dir, text, warns):
    report = load_report(gold_dir / "pingtan_2022.json")
    report.sections = {"overview": "x", "problems": text, "other": "y"}
    assert bool([f for f in rules.check(report) if f.rule == "S.PROBLEMS"]) is warns


@pytest.mark.parametrize("agency,warns", [
    ("延津县应急管理局", True), ("淮安市洪泽区人民政府", True), ("某县某镇人民政府", True), ("北京市朝阳区望京街道办事处", True),
    ("上海市科学技术委员会", False), ("淮安市人民政府", False), ("平潭综合实验区管委会", False), ("河南省应急管理厅", False),
    ("广西壮族自治区人民政府", False), ("广西壮族自治区南宁市青秀区人民政府", True),
])
def test_county_or_township_body_reporting_regulations_made_warns(gold_dir, agency, warns):
    report = load_report(gold_dir / "pingtan_2022.json")
    report.agency = agency
    report.active.regulations.made = 2
    assert bool([f for f in rules.check(report) if f.rule == "T2.REGULATIONS"]) is warns
    report.active.regulations.made = 0
    assert [f for f in rules.check(report) if f.rule == "T2.REGULATIONS"] == []
