"""``gongkai schema``: the JSON Schema of the exchange format."""

import json


def register(sub) -> None:
    p = sub.add_parser("schema", help="打印年度报告交换格式（gongkai.annual-report/1）的 JSON Schema")
    p.set_defaults(handler=run)


def run(args) -> int:
    from gongkai.model import json_schema

    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return 0
