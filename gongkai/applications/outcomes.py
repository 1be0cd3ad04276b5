"""The 21 outcomes: legal basis, remedies and the default text of the reply.

Pure data (no Django). Keys and labels come from ``gongkai.standard``; the
legal bases follow workflow.md §8. ``remedies`` says whether the reply must
tell the applicant how to seek 行政复议 (60 days, 行政复议法 2023 第二十条第一款)
or 行政诉讼 (6 months, 行政诉讼法第四十六条第一款); ``reconsideration_first``
marks the decisions that withhold information — 不予公开 and the withheld part
of 部分公开 — where reconsideration must come first (行政复议法 2023 第二十三条
第一款第（四）项) and the court follows within 15 days of the reconsideration
decision (行政诉讼法第四十五条). A referral to 行政查询 (第三十六条第（七）项)
withholds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai import standard


@dataclass(frozen=True)
class OutcomeInfo:
    key: str
    number: str
    label: str
    basis: str
    remedies: bool
    reconsideration_first: bool
    text: str  # the decision paragraph of the reply, {description} filled in

    @property
    def title(self) -> str:
        """As the table prints it: （三）不予公开 1.属于国家秘密 / （一）予以公开."""
        return outcome_title(self.key)


_BASIS = {
    "granted": "《中华人民共和国政府信息公开条例》第三十六条第（一）（二）项",
    "partially_granted": "《中华人民共和国政府信息公开条例》第三十六条第（二）项、第三十七条",
    "withheld_state_secret": "《中华人民共和国政府信息公开条例》第十四条",
    "withheld_law_prohibited": "《中华人民共和国政府信息公开条例》第十四条",
    "withheld_three_securities": "《中华人民共和国政府信息公开条例》第十四条",
    "withheld_third_party": "《中华人民共和国政府信息公开条例》第十五条",
    "withheld_internal_affairs": "《中华人民共和国政府信息公开条例》第十六条第一款",
    "withheld_process_info": "《中华人民共和国政府信息公开条例》第十六条第二款",
    "withheld_enforcement_files": "《中华人民共和国政府信息公开条例》第十六条第二款",
    "withheld_administrative_query": "《中华人民共和国政府信息公开条例》第三十六条第（七）项",
    "unavailable_not_held": "《中华人民共和国政府信息公开条例》第三十六条第（四）（五）项",
    "unavailable_needs_creation": "《中华人民共和国政府信息公开条例》第三十八条",
    "unavailable_unclear": "《中华人民共和国政府信息公开条例》第三十条",
    "not_processed_petition": "《中华人民共和国政府信息公开条例》第三十九条第一款",
    "not_processed_duplicate": "《中华人民共和国政府信息公开条例》第三十六条第（六）项",
    "not_processed_publication": "《中华人民共和国政府信息公开条例》第三十九条第二款",
    "not_processed_excessive": "《中华人民共和国政府信息公开条例》第三十五条",
    "not_processed_confirmation": "《中华人民共和国政府信息公开条例》第二条",
    "other_no_supplement": "《中华人民共和国政府信息公开条例》第三十条",
    "other_fee_unpaid": "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
    "other_other": "",
}

_TEXT = {
    "granted": "经审查，您申请获取的“{description}”属于公开范围，现予以公开，相关政府信息随本答复书一并提供。"
    "如所申请信息已经主动公开，可通过本机关门户网站政府信息公开专栏查阅。",
    "partially_granted": "经审查，您申请获取的“{description}”中，部分内容可以公开，现予以提供；"
    "其余部分属于不予公开的内容，理由如下：（请填写不予公开部分及理由）。",
    "withheld_state_secret": "经审查，您申请获取的“{description}”属于国家秘密，依法不予公开。",
    "withheld_law_prohibited": "经审查，您申请获取的“{description}”属于法律、行政法规禁止公开的政府信息，依法不予公开。",
    "withheld_three_securities": "经审查，您申请获取的“{description}”公开后可能危及国家安全、公共安全、经济安全、社会稳定，依法不予公开。",
    "withheld_third_party": "经审查，您申请获取的“{description}”涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，"
    "依法不予公开。",
    "withheld_internal_affairs": "经审查，您申请获取的“{description}”属于行政机关的内部事务信息，依法不予公开。",
    "withheld_process_info": "经审查，您申请获取的“{description}”属于行政机关在履行行政管理职能过程中形成的过程性信息，依法不予公开。",
    "withheld_enforcement_files": "经审查，您申请获取的“{description}”属于行政执法案卷信息，依法不予公开。",
    "withheld_administrative_query": "经审查，您申请获取的“{description}”属于行政查询事项，请按照相关法律、行政法规的规定办理查询。",
    "unavailable_not_held": "经查询，本机关未制作或获取您申请的“{description}”，该政府信息不存在。"
    "如属其他机关负责公开，请向（请填写负责公开的机关名称及联系方式；不属于其他机关负责公开的，删去本句）提出申请。",
    "unavailable_needs_creation": "经审查，您申请获取的“{description}”需要本机关对现有政府信息进行加工、分析，本机关不予提供。",
    "unavailable_unclear": "本机关已向您发出补正申请告知书，补正后申请内容仍不明确，本机关无法提供。",
    "not_processed_petition": "经审查，您提出的申请属于信访、投诉、举报等诉求，本机关不作为政府信息公开申请处理，请通过相应渠道提出。",
    "not_processed_duplicate": "经审查，您已就相同内容提出过政府信息公开申请，本机关已依法作出答复，对您的重复申请不予重复处理。",
    "not_processed_publication": "经审查，您申请获取的“{description}”属于公开出版物，请通过公开出版渠道获取。",
    "not_processed_excessive": "您申请公开政府信息的数量、频次明显超过合理范围，经本机关要求说明理由，您未能说明理由或理由不合理，本机关不予处理。",
    "not_processed_confirmation": "经审查，您要求本机关确认或重新出具您已获取的信息，该要求不是申请获取本机关在履行行政管理职能过程中"
    "制作或者获取的政府信息，不属于政府信息公开申请的处理范围，本机关不予处理。",
    "other_no_supplement": "本机关已向您发出补正申请告知书，您无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请。",
    "other_fee_unpaid": "本机关已向您发出收费通知，您逾期未缴纳信息处理费，视为放弃申请，本机关不再处理该政府信息公开申请。",
    "other_other": "（请填写处理情况）",
}

WITHHELD = tuple(r.key for r in standard.TABLE3_ROWS if r.group == "（三）不予公开")
# Information is withheld (行政复议法第二十三条第一款第（四）项): every 不予公开 row
# but the referral to 行政查询, and the withheld part of 部分公开.
WITHHOLDING = tuple(k for k in WITHHELD if k != "withheld_administrative_query") + ("partially_granted",)

# 第十五条 after a logged consultation (第三十二条): the third party was asked in writing.
THIRD_PARTY_CONSULTED_TEXT = (
    "经审查，您申请获取的“{description}”涉及第三方合法权益。本机关依法书面征求了第三方意见，第三方不同意公开，"
    "且不公开不会对公共利益造成重大影响，依法不予公开。"
)
THIRD_PARTY_CONSULTED_BASIS = "《中华人民共和国政府信息公开条例》第十五条、第三十二条"

OUTCOMES: dict[str, OutcomeInfo] = {
    key: OutcomeInfo(
        key=key,
        number=standard.TABLE3_ROW_BY_KEY[key].number,
        label=standard.TABLE3_ROW_BY_KEY[key].label,
        basis=_BASIS[key],
        remedies=key != "other_other",
        reconsideration_first=key in WITHHOLDING,
        text=_TEXT[key],
    )
    for key in standard.OUTCOME_KEYS
}
assert set(_BASIS) == set(_TEXT) == set(standard.OUTCOME_KEYS)

# Outcomes that only follow a given earlier step.
REQUIRES_CORRECTION = ("other_no_supplement", "unavailable_unclear")
REQUIRES_FEE_NOTICE = ("other_fee_unpaid",)


def outcome_title(key: str) -> str:
    row = standard.TABLE3_ROW_BY_KEY[key]
    return f"{row.group} {row.label}" if row.group else row.label


NO_BODY = "（请填写行政复议机关名称，或在机关设置中填写）"


def remedies_paragraph(info: OutcomeInfo, body: str | None) -> str:
    """How to challenge the reply. ``body`` is the 行政复议机关 (the agency's
    settings, 行政复议法第二十四—二十七条); when unknown the paragraph keeps a
    placeholder, and a letter with a placeholder cannot be approved or sent."""
    if not info.remedies:
        return ""
    body = body or NO_BODY
    if info.reconsideration_first:
        return (
            f"如对本答复不服，应当先自收到本答复书之日起六十日内向{body}申请行政复议"
            "（《中华人民共和国行政复议法》第二十条第一款、第二十三条第一款第（四）项）；"
            "对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内向人民法院提起行政诉讼"
            "（《中华人民共和国行政诉讼法》第四十五条）。"
        )
    return (
        f"如对本答复不服，可以自收到本答复书之日起六十日内向{body}申请行政复议"
        "（《中华人民共和国行政复议法》第二十条第一款），或者自收到本答复书之日起六个月内向人民法院提起行政诉讼"
        "（《中华人民共和国行政诉讼法》第四十六条第一款）。"
    )
