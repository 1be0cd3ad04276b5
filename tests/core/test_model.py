import json
from decimal import Decimal

import pytest

from gongkai import standard
from gongkai.model import ReportError, json_schema, load_report, report_from_dict


def test_gold_files_load(gold_dir):
    files = sorted(gold_dir.glob("*.json"))
    assert len(files) == 5
    for f in files:
        report = load_report(f)
        assert report.agency and report.year >= 2019
        assert report.requests.other_processed is not None


def test_other_processed_is_sum_of_its_rows(gold_dir):
    report = load_report(gold_dir / "pingtan_2021.json")
    assert report.requests.other_processed == [1, 0, 0, 0, 0, 0, 1]


def test_bad_field_is_named_in_chinese():
    data = {"agency": "某局", "year": 2023, "requests": {"granted": [1, 2, 3]}}
    with pytest.raises(ReportError) as err:
        report_from_dict(data)
    assert "requests.granted" in str(err.value)
    assert "长度" in str(err.value)


def test_string_count_is_rejected():
    data = {"agency": "某局", "year": 2023, "active": {"licensing": "许多"}}
    with pytest.raises(ReportError) as err:
        report_from_dict(data)
    assert "active.licensing" in str(err.value)


def test_schema_mentions_every_table3_key():
    props = json_schema()["$defs"]["Requests"]["properties"]
    assert set(props) == set(standard.ALL_TABLE3_KEYS)
    assert len(standard.OUTCOME_KEYS) == 21


def test_fee_decimals_survive_round_trip(gold_dir):
    report = load_report(gold_dir / "pingtan_2021.json")
    again = json.loads(report.to_json())
    assert again["active"]["fees_10k_yuan"] == 24252.311082
    assert load_report(gold_dir / "pingtan_2021.json").active.fees_10k_yuan == Decimal("24252.311082")
