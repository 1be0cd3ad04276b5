"""What the labels of the national format look like in published text:
distinctive cores that survive typos, line breaks, spaces and fused numbers.
Patterns apply to normalized text (NFKC, spaces between non-digits removed,
ASCII brackets)."""

from __future__ import annotations

import re

from gongkai import standard


def fw(p: str) -> str:
    """Let a pattern written with ASCII brackets/colons accept full-width ones."""
    p = p.replace(r"\(", "[(（]").replace(r"\)", "[)）]")
    return re.sub(r"(?<!\?):", "[:：]", p)


# ---------------------------------------------------------------- sections
_NUM = r"(?:[一二三四五六七八九十]{1,2}\s*[、.,，]|第[一二三四五六七八九十]{1,2}部分\s*[、.,，:：]?)"
SECTION_PATTERNS: dict[str, str] = {
    "overview": r"总体情况|总体概述|基本情况",
    "active": r"主动公开政府信息(?:的)?情况|主动公开政府信息",
    "requests": r"收到和处理政府信息公开申请(?:的)?情况|收到和处理政府信息公开申请",
    "appeals": r"[^\d。;；\t]{0,16}?复议[^\d。;；\t]{0,10}?诉讼(?:的)?情况",
    "problems": r"[^\d。;；\t]{0,14}?存在的?主要问题(?:及|和)?(?:改进)?(?:情况)?",
    "other": r"其他需要报告的事项",
}
HEADING = re.compile(
    "|".join(f"(?P<{k}>{_NUM}\\s*(?:{p}))" for k, p in SECTION_PATTERNS.items())
)
# a heading on a line of its own, without its number
BARE_HEADING = re.compile(
    r"^\s*(?:第[一二三四五六七八九十]部分\s*)?(?:"
    + "|".join(f"(?P<{k}>{p})" for k, p in SECTION_PATTERNS.items() if k not in ("appeals", "problems"))
    + r"|(?P<appeals>(?:政府信息公开)?(?:因政府信息公开(?:申请)?)?(?:提起)?行政复议[、和及与]?(?:提起)?行政诉讼(?:的)?情况)"
    + r"|(?P<problems>(?:政府信息公开工作)?存在的?主要问题及改进情况))\s*$"
)

# ---------------------------------------------------------------- table 2
T2_ROWS_2021 = {
    "regulations": r"规章",
    "normative_documents": r"(?:行政)?规范性文件",
    "licensing": r"行政许可",
    "punishment": r"行政处罚",
    "coercion": r"行政强制",
    "fees_10k_yuan": r"行政事业性收费|事业性收费",
}
T2_ROWS_2019 = dict(T2_ROWS_2021)
T2_ROWS_2019.pop("fees_10k_yuan")
T2_ROWS_2019.update({
    "fees": r"行政事业性收费|事业性收费",
    "other_services": r"其他对外管理服务事项|对外管理服务",
    "procurement": r"政府集中采购|集中采购",
})
T2_2019_MARKERS = re.compile(fw(r"本年新制作|本年新公开|对外公开总数|上一年项目数|本年增/?减|采购项目数|采购总金额|第二十条第\(九\)项|政府集中采购"))
# header phrases that sit between a table-2 label and its numbers in fused text
T2_NOISE = re.compile(fw(
    r"第二十条第\s*\(?[一二三四五六七八九十0-9]+\)?\s*项|信息内容"
    r"|本年度?(?:制发|废止|度止|止|新制作|新公开)(?:件数|数量)?|本年处理决定数量|本年收费金额|现行有效件数|对外公开总数量"
    r"|上一年项目数量|本年增/?减|处理决定数量|采购项目数量|采购总金额|\(?单位:?万元\)?|万元"
))

# ---------------------------------------------------------------- table 3
T3_ROW_PATTERNS: list[tuple[str, str]] = [
    ("new_received", r"本年新收(?:政府信息公开)?(?:申请)?(?:数量)?"),
    ("carried_over", r"上年结转(?:政府信息公开)?(?:申请)?(?:数量)?"),
    ("granted", r"予以公开"),
    ("partially_granted", r"部分公开(?:\((?:区分处理的)?[^()\d]{0,20}\)?)?"),
    ("withheld_state_secret", r"属于国家秘密|国家秘密|属于国家秘"),
    ("withheld_law_prohibited", r"其他法律行?政?法?规?禁?止?公开|其他法律|法规禁止公开|行政止公开"),
    ("withheld_three_securities", r"危及\W{0,2}三安全一稳定\W{0,2}|三安全一稳定\W{0,2}|危及"),
    ("withheld_third_party", r"保护第三方合法权益|第三方合法权益"),
    ("withheld_internal_affairs", r"属于三类内部事务信?息?|内部事务信?息?|属于三类内"),
    ("withheld_process_info", r"属于四类过程性信息|过程性信息|属于四类过"),
    ("withheld_enforcement_files", r"属于行政执法案卷|执法案卷|属于行政执"),
    ("withheld_administrative_query", r"属于行政查询事项|行政查询事?项?|属于行政查"),
    ("unavailable_not_held", r"本机关不掌握相关政府信息|不掌握相关政?府?信?息?|不掌握|本机关不掌"),
    ("unavailable_needs_creation", r"没有现成信息需要另行制作|没有现成信息|另行制作"),
    ("unavailable_unclear", r"补正后申请内容仍不明确|仍不明确|补正后申请"),
    ("not_processed_petition", r"信访举报投诉类申请|信访举报|投诉类申请"),
    ("not_processed_duplicate", r"重复申请"),
    ("not_processed_publication", r"要求提供公开出版物|公开出版物|要求提供公开"),
    ("not_processed_excessive", r"无正当理由大量反复申请|大量反复申?请?|无正当理由大量"),
    ("not_processed_confirmation", r"要求行政机关确认或重新出具已获取信息|重新出具已?获?取?信?息?|确认或重新|要求行政机关确认"),
    ("other_no_supplement", r"申请人无正当理由逾期不补正|逾期不补正|申请人无正当理由"),
    ("other_fee_unpaid", r"申请人逾期未按收费通知要求缴纳费用|逾期未按收费|缴纳费用|收费通知|申请人逾期未按"),
    # 3.其他 (OCR reads the point as a comma: 3，其他)
    ("other_other", r"(?:(?<=[.、])|(?<=\d[,，]))其他(?!法律|处理|结果|情形|组织|对外|需要)"),
    ("total_processed", r"\(七\)总计|七\)总计|\(七\)合计"),
    ("carried_forward", r"结转下一?年度?继?续?办?理?|下年度继续办理"),
    # group labels: not rows themselves
    ("g:withheld", r"\(三\)不予公开|不予公开"),
    ("g:unavailable", r"\(四\)无法提供|无法提供"),
    ("g:not_processed", r"\(五\)不予处理|不予处理"),
    ("other_processed", r"\(六\)其他处理|其他处理"),
    ("g:results", r"本年度办理结果|办理结果"),
    ("bare_total", r"总计|合计"),
]
T3_LABEL = re.compile("|".join(f"(?P<r{i}>{fw(p)})" for i, (_k, p) in enumerate(T3_ROW_PATTERNS)))
T3_LABEL_KEYS = [k for k, _p in T3_ROW_PATTERNS]
# the order rows are printed in; other_processed takes the place of the three （六） rows
T3_ORDER: list[str] = list(standard.TABLE3_KEYS)
T3_INDEX: dict[str, float] = {k: i for i, k in enumerate(T3_ORDER)}
T3_INDEX["other_processed"] = T3_INDEX["other_no_supplement"] - 0.5
SUB_HEAD = re.compile(r"(\d)\s*[.、]\s*[^\d\t.、()（）]{0,14}$")

# ---------------------------------------------------------------- table 4
T4_HEADER = re.compile(r"行政复议|行政诉讼|结果维持|结果纠正|其他结果|尚未审结|未经复议|复议后起诉|维持|纠正|审结|总计")
