"""``gongkai rules``: the consistency rules, with id, severity and meaning."""


def register(sub) -> None:
    p = sub.add_parser("rules", help="列出全部一致性规则（编号、级别、含义）")
    p.set_defaults(handler=run)


def run(args) -> int:
    from gongkai.rules import RULES, SEVERITY_LABELS

    for rule in RULES:
        scope = "（跨年度）" if rule.cross_year else ""
        print(f"{rule.id:<12} {SEVERITY_LABELS[rule.severity]}  {rule.title}{scope}")
    return 0
