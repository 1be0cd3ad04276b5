"""The national annual-report format (国办公开办函〔2021〕30号) as data.

Everything that knows the shape of a report — the reader, the renderers, the
rules, the platform's report computation — takes rows, columns and labels from
here, so a label is spelled once. The 2019 variant (国办公开办函〔2019〕60号)
differs only in table 2 and in printing 三（六）其他处理 as one row.
"""

from __future__ import annotations

from dataclasses import dataclass

FORMAT_ID = "gongkai.annual-report/1"
TEMPLATES = ("2021", "2019")


@dataclass(frozen=True)
class Section:
    key: str
    number: str
    title: str
    narrative: bool

    @property
    def heading(self) -> str:
        """As printed: 一、总体情况."""
        return f"{self.number}、{self.title}"


SECTIONS: tuple[Section, ...] = (
    Section("overview", "一", "总体情况", True),
    Section("active", "二", "主动公开政府信息情况", False),
    Section("requests", "三", "收到和处理政府信息公开申请情况", False),
    Section("appeals", "四", "政府信息公开行政复议、行政诉讼情况", False),
    Section("problems", "五", "存在的主要问题及改进情况", True),
    Section("other", "六", "其他需要报告的事项", True),
)
NARRATIVE_SECTIONS = tuple(s.key for s in SECTIONS if s.narrative)
SECTION_BY_KEY = {s.key: s for s in SECTIONS}

# ---------------------------------------------------------------- table 2 (2021)


@dataclass(frozen=True)
class Table2Block:
    item: str  # 第二十条第（一）项
    columns: tuple[tuple[str, str], ...]  # (key, label)
    rows: tuple[tuple[str, str], ...]  # (key, label)


TABLE2_BLOCKS: tuple[Table2Block, ...] = (
    Table2Block(
        "第二十条第（一）项",
        (("made", "本年制发件数"), ("repealed", "本年废止件数"), ("in_force", "现行有效件数")),
        (("regulations", "规章"), ("normative_documents", "行政规范性文件")),
    ),
    Table2Block("第二十条第（五）项", (("count", "本年处理决定数量"),), (("licensing", "行政许可"),)),
    Table2Block(
        "第二十条第（六）项",
        (("count", "本年处理决定数量"),),
        (("punishment", "行政处罚"), ("coercion", "行政强制")),
    ),
    Table2Block(
        "第二十条第（八）项",
        (("amount", "本年收费金额（单位：万元）"),),
        (("fees_10k_yuan", "行政事业性收费"),),
    ),
)
DOCUMENT_KINDS = ("regulations", "normative_documents")
DOCUMENT_COLUMNS = ("made", "repealed", "in_force")
DECISION_KINDS = ("licensing", "punishment", "coercion")

# ---------------------------------------------------------------- table 2 (2019)
# Shape of ``active_2019`` in the exchange JSON: {row_key: {column_key: value}}.

TABLE2_2019_BLOCKS: tuple[Table2Block, ...] = (
    Table2Block(
        "第二十条第（一）项",
        (("new_made", "本年新制作数量"), ("new_published", "本年新公开数量"), ("total_published", "对外公开总数量")),
        (("regulations", "规章"), ("normative_documents", "规范性文件")),
    ),
    Table2Block(
        "第二十条第（五）项",
        (("previous", "上一年项目数量"), ("change", "本年增/减"), ("decisions", "处理决定数量")),
        (("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")),
    ),
    Table2Block(
        "第二十条第（六）项",
        (("previous", "上一年项目数量"), ("change", "本年增/减"), ("decisions", "处理决定数量")),
        (("punishment", "行政处罚"), ("coercion", "行政强制")),
    ),
    Table2Block(
        "第二十条第（八）项",
        (("previous", "上一年项目数量"), ("change", "本年增/减")),
        (("fees", "行政事业性收费"),),
    ),
    Table2Block(
        "第二十条第（九）项",
        (("count", "采购项目数量"), ("amount_10k_yuan", "采购总金额")),
        (("procurement", "政府集中采购"),),
    ),
)

# ---------------------------------------------------------------- table 3


@dataclass(frozen=True)
class Column:
    key: str
    label: str


APPLICANT_COLUMNS: tuple[Column, ...] = (
    Column("natural_person", "自然人"),
    Column("commercial", "商业企业"),
    Column("research", "科研机构"),
    Column("public_interest", "社会公益组织"),
    Column("legal_service", "法律服务机构"),
    Column("other_org", "其他"),
    Column("total", "总计"),
)
APPLICANT_TYPES = tuple(c.key for c in APPLICANT_COLUMNS[:6])
APPLICANT_TYPE_LABELS = {
    "natural_person": "自然人",
    "commercial": "法人或其他组织（商业企业）",
    "research": "法人或其他组织（科研机构）",
    "public_interest": "法人或其他组织（社会公益组织）",
    "legal_service": "法人或其他组织（法律服务机构）",
    "other_org": "法人或其他组织（其他）",
}
TOTAL_COLUMN = 6
ORG_HEADER = "法人或其他组织"
APPLICANT_HEADER = "申请人情况"
BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


@dataclass(frozen=True)
class Row:
    key: str
    label: str  # the label as the template prints it, without its group prefix
    number: str  # 一 / 二 / 三（一）/ 三（三）1 … as used in messages
    group: str | None = None  # the row-group label for （三）…（六） sub-items
    outcome: bool = False


def _outcome(key: str, label: str, number: str, group: str | None = None) -> Row:
    return Row(key, label, number, group, outcome=True)


_G3 = "（三）不予公开"
_G4 = "（四）无法提供"
_G5 = "（五）不予处理"
_G6 = "（六）其他处理"

TABLE3_ROWS: tuple[Row, ...] = (
    Row("new_received", "一、本年新收政府信息公开申请数量", "一"),
    Row("carried_over", "二、上年结转政府信息公开申请数量", "二"),
    _outcome("granted", "（一）予以公开", "三（一）"),
    _outcome("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "三（二）"),
    _outcome("withheld_state_secret", "1.属于国家秘密", "三（三）1", _G3),
    _outcome("withheld_law_prohibited", "2.其他法律行政法规禁止公开", "三（三）2", _G3),
    _outcome("withheld_three_securities", "3.危及“三安全一稳定”", "三（三）3", _G3),
    _outcome("withheld_third_party", "4.保护第三方合法权益", "三（三）4", _G3),
    _outcome("withheld_internal_affairs", "5.属于三类内部事务信息", "三（三）5", _G3),
    _outcome("withheld_process_info", "6.属于四类过程性信息", "三（三）6", _G3),
    _outcome("withheld_enforcement_files", "7.属于行政执法案卷", "三（三）7", _G3),
    _outcome("withheld_administrative_query", "8.属于行政查询事项", "三（三）8", _G3),
    _outcome("unavailable_not_held", "1.本机关不掌握相关政府信息", "三（四）1", _G4),
    _outcome("unavailable_needs_creation", "2.没有现成信息需要另行制作", "三（四）2", _G4),
    _outcome("unavailable_unclear", "3.补正后申请内容仍不明确", "三（四）3", _G4),
    _outcome("not_processed_petition", "1.信访举报投诉类申请", "三（五）1", _G5),
    _outcome("not_processed_duplicate", "2.重复申请", "三（五）2", _G5),
    _outcome("not_processed_publication", "3.要求提供公开出版物", "三（五）3", _G5),
    _outcome("not_processed_excessive", "4.无正当理由大量反复申请", "三（五）4", _G5),
    _outcome("not_processed_confirmation", "5.要求行政机关确认或重新出具已获取信息", "三（五）5", _G5),
    _outcome(
        "other_no_supplement",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "三（六）1",
        _G6,
    ),
    _outcome(
        "other_fee_unpaid",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "三（六）2",
        _G6,
    ),
    _outcome("other_other", "3.其他", "三（六）3", _G6),
    Row("total_processed", "（七）总计", "三（七）"),
    Row("carried_forward", "四、结转下年度继续办理", "四"),
)
RESULTS_HEADER = "三、本年度办理结果"
TABLE3_ROW_BY_KEY = {r.key: r for r in TABLE3_ROWS}
TABLE3_KEYS = tuple(r.key for r in TABLE3_ROWS)
OUTCOME_KEYS = tuple(r.key for r in TABLE3_ROWS if r.outcome)  # the 21 outcomes
OTHER_SUBROWS = ("other_no_supplement", "other_fee_unpaid", "other_other")
# The 2019 template (and some later reports) print （六）其他处理 as one row.
OTHER_PROCESSED = Row("other_processed", "（六）其他处理", "三（六）")
ALL_TABLE3_KEYS = TABLE3_KEYS + (OTHER_PROCESSED.key,)
OUTCOME_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("（一）予以公开", ("granted",)),
    ("（二）部分公开", ("partially_granted",)),
    (_G3, tuple(r.key for r in TABLE3_ROWS if r.group == _G3)),
    (_G4, tuple(r.key for r in TABLE3_ROWS if r.group == _G4)),
    (_G5, tuple(r.key for r in TABLE3_ROWS if r.group == _G5)),
    (_G6, OTHER_SUBROWS),
)

# ---------------------------------------------------------------- table 4


@dataclass(frozen=True)
class AppealGroup:
    key: str
    label: str
    parent: str | None  # 行政诉讼 for the two litigation groups


APPEAL_GROUPS: tuple[AppealGroup, ...] = (
    AppealGroup("reconsideration", "行政复议", None),
    AppealGroup("litigation_direct", "未经复议直接起诉", "行政诉讼"),
    AppealGroup("litigation_after_reconsideration", "复议后起诉", "行政诉讼"),
)
APPEAL_GROUP_BY_KEY = {g.key: g for g in APPEAL_GROUPS}
APPEAL_COLUMNS: tuple[Column, ...] = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)
APPEAL_OUTCOMES = tuple(c.key for c in APPEAL_COLUMNS[:4])


def report_title(agency: str, year: int) -> str:
    """The title every agency prints: 延津县应急管理局2023年政府信息公开工作年度报告."""
    return f"{agency}{year}年政府信息公开工作年度报告"


def heading(section_key: str) -> str:
    """A section heading as printed, e.g. 三、收到和处理政府信息公开申请情况."""
    return SECTION_BY_KEY[section_key].heading
