"""Result formatting: aligned tables with Chinese widths, W3C CSV and TSV, JSON objects and
JSON Lines, SPARQL JSON and XML."""

from __future__ import annotations

import csv
import io
import json

from kg_build.answers import Result, Term, result_from_json
from kg_build.output import (
    render,
    render_csv,
    render_json,
    render_jsonl,
    render_objects,
    render_table,
    sparql_json,
    sparql_tsv,
    sparql_xml,
    width,
)

XSD = "http://www.w3.org/2001/XMLSchema#"


def lit(value: str, datatype: str | None = None, lang: str | None = None) -> Term:
    return Term("literal", value, datatype, lang)


RESULT = Result(
    "select",
    ("indicator", "value", "unit", "subject"),
    (
        (
            lit("地区生产总值", lang="zh"),
            lit("515.47", XSD + "decimal"),
            lit("亿元"),
            Term("uri", "https://w3id.org/kaiping-kg/id/place/guangdong/jiangmen/kaiping"),
        ),
        (lit("GDP"), lit("2.5", XSD + "decimal"), lit("%"), None),
    ),
)


def test_width_counts_chinese_as_two_columns():
    assert width("开平市") == 6
    assert width("GDP") == 3
    assert width("亿元,%") == 6  # full-width comma is wide too
    assert width("a\tb") == 2  # controls count zero


def column_of(line: str, text: str) -> int:
    """Terminal column where `text` starts in `line`."""
    return width(line[: line.index(text)])


def test_table_aligns_chinese_cells():
    header, rule, first, second = render_table(RESULT).splitlines()
    assert header.split() == ["indicator", "value", "unit", "subject"]
    # the first column is 12 terminal columns wide (地区生产总值), then two spaces
    assert second.startswith("GDP" + " " * 9 + "  ")
    assert column_of(first, "亿元") == column_of(second, "%") == column_of(header, "unit")
    assert column_of(first, "https://") == column_of(header, "subject")
    # numbers are right-aligned: 2.5 ends where 515.47 ends
    assert column_of(first, "515.47") + 6 == column_of(second, "2.5") + 3
    assert second.rstrip() == second  # no trailing blanks for the unbound cell


def test_table_rule_matches_widest_cell():
    rule = render_table(RESULT).splitlines()[1]
    assert rule.split("  ")[0] == "-" * 12  # 地区生产总值: six wide characters


def test_table_newlines_inside_a_cell_stay_on_one_row():
    result = Result("select", ("text",), ((lit("第一行\n第二行"),),))
    assert render_table(result).splitlines()[2] == "第一行 第二行"


def test_csv_plain_values_and_quoting():
    result = Result("select", ("a", "b"), ((lit('他说"好",对'), None),))
    text = render_csv(result)
    assert text == 'a,b\r\n"他说""好"",对",\r\n'
    two_lines = Result("select", ("t",), ((lit("一\n二"),),))
    assert render_csv(two_lines) == 't\r\n"一\n二"\r\n'
    rows = list(csv.reader(io.StringIO(render_csv(RESULT))))
    assert rows[1] == [
        "地区生产总值",
        "515.47",
        "亿元",
        "https://w3id.org/kaiping-kg/id/place/guangdong/jiangmen/kaiping",
    ]
    assert rows[2] == ["GDP", "2.5", "%", ""]


def test_tsv_is_the_sparql_tsv():
    assert render(RESULT, "tsv") == sparql_tsv(RESULT)
    assert render(RESULT, "tsv").startswith("?indicator\t?value")


def test_json_is_an_array_of_row_objects():
    rows = json.loads(render(RESULT, "json"))
    assert rows == [
        {
            "indicator": "地区生产总值",
            "value": 515.47,
            "unit": "亿元",
            "subject": "https://w3id.org/kaiping-kg/id/place/guangdong/jiangmen/kaiping",
        },
        {"indicator": "GDP", "value": 2.5, "unit": "%", "subject": None},
    ]
    assert render_objects(Result("select", ("a",), ())) == "[]\n"


def test_json_numbers_keep_their_digits_and_booleans_are_json():
    odd = Result(
        "select",
        ("d", "big", "i", "inf", "b", "n"),
        (
            (
                lit("+1.50", XSD + "decimal"),
                lit("123456789012345678901.000000000000000000001", XSD + "decimal"),
                lit("007", XSD + "integer"),
                lit("INF", XSD + "double"),
                lit("true", XSD + "boolean"),
                Term("bnode", "b0"),
            ),
        ),
    )
    line = render_jsonl(odd)
    assert '"big": 123456789012345678901.000000000000000000001' in line  # never rounded
    assert json.loads(line) == {
        "d": 1.50,
        "big": 123456789012345678901.0,
        "i": 7,
        "inf": "INF",
        "b": True,
        "n": "_:b0",
    }


def test_jsonl_is_one_object_a_line():
    lines = render(RESULT, "jsonl").splitlines()
    assert [json.loads(line) for line in lines] == json.loads(render(RESULT, "json"))
    assert render_jsonl(Result("select", ("a",), ())) == ""
    assert json.loads(render(Result("ask", boolean=False), "jsonl")) == {"boolean": False}


def test_json_is_sparql_results_and_round_trips():
    assert render(RESULT, "sparql-json") == render_json(RESULT)
    data = json.loads(render_json(RESULT))
    assert data["head"]["vars"] == ["indicator", "value", "unit", "subject"]
    first, second = data["results"]["bindings"]
    assert first["indicator"] == {"type": "literal", "value": "地区生产总值", "xml:lang": "zh"}
    assert first["value"] == {"type": "literal", "value": "515.47", "datatype": XSD + "decimal"}
    assert first["unit"] == {"type": "literal", "value": "亿元"}
    assert first["subject"]["type"] == "uri"
    assert "subject" not in second  # unbound
    assert result_from_json(data) == RESULT


def test_ask_in_every_format():
    yes = Result("ask", boolean=True)
    assert json.loads(render(yes, "sparql-json")) == {"head": {}, "boolean": True}
    assert json.loads(render(yes, "json")) == [{"boolean": True}]
    assert render(yes, "csv") == "boolean\r\ntrue\r\n"
    assert render(yes, "tsv") == "?boolean\ntrue\n"
    assert "<boolean>true</boolean>" in render(yes, "sparql-xml")
    assert render(yes, "table").splitlines()[2] == "true"
    assert result_from_json({"head": {}, "boolean": False}) == Result("ask", boolean=False)


def test_empty_result_has_a_header():
    empty = Result("select", ("a", "列"), ())
    assert render_table(empty).splitlines() == ["a  列", "-  --"]
    assert render_csv(empty) == "a,列\r\n"


def test_blank_nodes_show_as_labels():
    result = Result("select", ("b",), ((Term("bnode", "b0"),),))
    assert render_csv(result) == "b\r\n_:b0\r\n"
    assert render(result, "tsv").splitlines()[1] == "_:b0"
    assert json.loads(render(result, "json")) == [{"b": "_:b0"}]


def test_sparql_tsv_cells_are_ntriples_terms():
    text = sparql_tsv(RESULT)
    header, first, second = text.splitlines()
    assert header == "?indicator\t?value\t?unit\t?subject"
    assert first.split("\t") == [
        '"地区生产总值"@zh',
        f'"515.47"^^<{XSD}decimal>',
        '"亿元"',
        "<https://w3id.org/kaiping-kg/id/place/guangdong/jiangmen/kaiping>",
    ]
    assert second.endswith("\t")  # unbound
    assert sparql_tsv(Result("select", ("t",), ((lit("a\tb"),),))).splitlines()[1] == '"a\\tb"'
    assert sparql_tsv(Result("ask", boolean=False)) == "?boolean\nfalse\n"


def test_sparql_xml_and_compact_json():
    xml = sparql_xml(RESULT)
    assert '<variable name="indicator"/>' in xml
    assert '<literal xml:lang="zh">地区生产总值</literal>' in xml
    assert f'<literal datatype="{XSD}decimal">515.47</literal>' in xml
    assert "<binding" in xml and xml.count("<result>") == 2
    assert "<boolean>true</boolean>" in sparql_xml(Result("ask", boolean=True))
    data = json.loads(sparql_json(RESULT, truncated=True))
    assert data["truncated"] is True and data == {**json.loads(render_json(RESULT)), **data}
    assert "\n" not in sparql_json(RESULT)
