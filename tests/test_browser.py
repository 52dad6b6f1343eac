"""A real headless Chromium (Debian's chromium + chromium-driver, driven by Selenium) opens
the query page: the CodeMirror editor (in a shadow root, under the page's strict CSP) shows
and completes SPARQL, stored queries run and show their tables, the address is shareable,
and the charts of a two-county store keep the counties apart."""

from __future__ import annotations

import pytest

from kg_build.queries import get_query
from tests.serving import (
    QUERIES_TRIG,
    live_server,
    need_service,
    store_from_trig,
    two_report_store,
)

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
)


EDITOR_LINES = (
    "return [...document.querySelector('.editor-host').shadowRoot"
    ".querySelectorAll('.cm-content .cm-line')].map((l) => l.textContent)"
)


def editor_lines(driver) -> list[str]:
    """The lines the editor shows (CodeMirror draws the document, one .cm-line per line)."""
    return driver.execute_script(EDITOR_LINES)


def query_text(driver) -> str:
    """The whole text of the editor (window.kaipingQueryText, set by static/app.js)."""
    return driver.execute_script("return window.kaipingQueryText()")


def severe(driver) -> list[dict]:
    """Console errors, a CSP violation among them (Chromium logs those as SEVERE)."""
    return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


@pytest.fixture()
def browser():
    chromium = need_service("KAIPING_KG_CHROMIUM", "Chromium")
    driver_path = need_service("KAIPING_KG_CHROMEDRIVER", "chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def test_page_runs_a_stored_query_and_shows_its_table(browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    store = store_from_trig(QUERIES_TRIG, tmp_path / "store")
    with live_server(store) as server:
        browser.get(server.url)
        wait = WebDriverWait(browser, 30)
        item = wait.until(
            ec.element_to_be_clickable(
                (By.CSS_SELECTOR, '#stored li[data-name="projects-by-cluster"]')
            )
        )
        item.click()
        # the stored query opens on its SPARQL: the YAML header (# lines) folded to one line
        text = get_query("projects-by-cluster").text
        header = [line for line in text.split("\n") if line.startswith("#")]
        assert len(header) > 5
        lines = wait.until(lambda d: editor_lines(d) if len(editor_lines(d)) > 3 else None)
        assert lines[0].startswith("# title:")
        assert not [line for line in lines[1:] if line.startswith("#")]  # the rest is folded
        assert any(line.startswith("SELECT") for line in lines)  # the SPARQL is in view
        assert query_text(browser) == text
        browser.find_element(By.CSS_SELECTOR, 'input[data-param="cluster"]').send_keys("生物医药")
        browser.find_element(By.ID, "run").click()
        table = wait.until(ec.presence_of_element_located((By.ID, "results-table")))
        header = [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
        assert header == [c.name for c in get_query("projects-by-cluster").columns]
        rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
        texts = [r.text for r in rows]
        assert len(rows) == 1 and "生物医药产业专业园" in texts[0]  # the fixture's one park
        # the charts are drawn as SVG by the page itself
        wait.until(
            ec.presence_of_element_located(
                (By.CSS_SELECTOR, "#chart-targets svg, #chart-targets p")
            )
        )
        assert severe(browser) == []


def test_page_opens_its_address_and_keeps_it_shareable(browser, tmp_path):
    """`/?query=…` opens that query in the editor; `/?stored=NAME&param=…` the stored query
    with its parameters; Run writes the state back into the address and the download link."""
    import urllib.parse

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    query = (
        "SELECT ?label WHERE { ?park a <https://w3id.org/kaiping-kg/ontology#Park> ;\n"
        "  <http://www.w3.org/2000/01/rdf-schema#label> ?label } # 园区"
    )
    store = store_from_trig(QUERIES_TRIG, tmp_path / "store")
    with live_server(store) as server:
        wait = WebDriverWait(browser, 30)
        browser.get(server.url + "?" + urllib.parse.urlencode({"query": query}))
        wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".editor-host")))
        wait.until(lambda d: editor_lines(d) == query.split("\n"))  # the query, in the editor
        table = wait.until(ec.presence_of_element_located((By.ID, "results-table")))
        assert [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")] == ["label"]
        shown = urllib.parse.parse_qs(urllib.parse.urlsplit(browser.current_url).query)
        assert shown == {"query": [query]}  # Run kept the address
        download = browser.find_element(By.ID, "download").get_attribute("href")
        assert urllib.parse.parse_qs(urllib.parse.urlsplit(download).query)["query"] == [query]

        address = {"stored": "projects-by-cluster", "cluster": "生物医药"}
        browser.get(server.url + "?" + urllib.parse.urlencode(address))
        field = wait.until(
            ec.presence_of_element_located((By.CSS_SELECTOR, 'input[data-param="cluster"]'))
        )
        assert field.get_property("value") == "生物医药"
        text = query_text(browser)
        assert text == get_query("projects-by-cluster").text
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#results-table tbody tr")) == 1)
        assert "生物医药产业专业园" in browser.find_element(By.ID, "results-table").text
        field.clear()
        field.send_keys("氢能")
        browser.find_element(By.ID, "run").click()
        wait.until(lambda d: "%E6%B0%A2" in d.current_url)  # 氢 in the address
        shown = urllib.parse.parse_qs(urllib.parse.urlsplit(browser.current_url).query)
        assert shown == {"stored": ["projects-by-cluster"], "cluster": ["氢能"]}
        download = browser.find_element(By.ID, "download").get_attribute("href")
        parts = urllib.parse.urlsplit(download)
        assert parts.path == "/queries/projects-by-cluster"
        assert urllib.parse.parse_qs(parts.query) == {"cluster": ["氢能"], "format": ["json"]}
        browser.find_element(By.ID, "copy-link").click()
        wait.until(lambda d: d.find_element(By.ID, "status").text.strip() != "")
        assert severe(browser) == []


def test_result_tables_keep_cjk_words_whole_and_scroll_in_their_box(browser, tmp_path):
    import urllib.parse

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wide = (
        "SELECT ?park ?label ?a ?b ?c WHERE { ?park a <https://w3id.org/kaiping-kg/ontology#Park>"
        " ; <http://www.w3.org/2000/01/rdf-schema#label> ?label"
        " BIND(?label AS ?a) BIND(?label AS ?b) BIND(?label AS ?c) }"
    )
    store = store_from_trig(QUERIES_TRIG, tmp_path / "store")
    with live_server(store) as server:
        browser.set_window_size(900, 900)
        browser.get(server.url + "?" + urllib.parse.urlencode({"query": wide}))
        table = WebDriverWait(browser, 30).until(
            ec.presence_of_element_located((By.ID, "results-table"))
        )
        header = table.find_element(By.CSS_SELECTOR, "thead th:nth-child(2)")
        label = table.find_element(By.CSS_SELECTOR, "tbody tr td:nth-child(2)")
        assert label.text.startswith("生物医药产业专业园")
        assert label.size["height"] <= header.size["height"] + 2  # one line, not broken
        sizes = browser.execute_script(
            "const r = document.getElementById('results'), d = document.documentElement;"
            "return [r.scrollWidth, r.clientWidth, d.scrollWidth, d.clientWidth];"
        )
        box_content, box, page_content, page = sizes
        assert box_content > box  # the table is wider than its box and scrolls there
        assert page_content <= page  # the page itself does not scroll sideways


def test_editor_highlights_and_completes_keywords_prefixes_and_ontology_terms(browser, tmp_path):
    import urllib.parse

    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    store = store_from_trig(QUERIES_TRIG, tmp_path / "store")
    with live_server(store) as server:
        browser.get(server.url + "?" + urllib.parse.urlencode({"query": "ASK {}"}))
        wait = WebDriverWait(browser, 30)
        wait.until(lambda d: editor_lines(d) == ["ASK {}"])
        # highlighting: the keyword is drawn in a colour of its own
        colours = browser.execute_script(
            "const c = document.querySelector('.editor-host').shadowRoot"
            ".querySelector('.cm-content');"
            "const line = c.querySelector('.cm-line');"
            "const span = [...line.querySelectorAll('span')].find((s) => s.textContent === 'ASK');"
            "return [span ? getComputedStyle(span).color : null, getComputedStyle(line).color];"
        )
        assert colours[0] is not None and colours[0] != colours[1]

        def complete(typed: str) -> list[str]:
            """Type at the end of the text; the completion list the editor offers."""
            content = browser.execute_script(
                "return document.querySelector('.editor-host').shadowRoot"
                ".querySelector('.cm-content')"
            )
            content.click()
            ActionChains(browser).key_down(Keys.CONTROL).send_keys(Keys.END).key_up(
                Keys.CONTROL
            ).send_keys(typed).perform()
            return wait.until(
                lambda d: d.execute_script(
                    "const t = document.querySelector('.editor-host').shadowRoot"
                    ".querySelector('.cm-tooltip-autocomplete');"
                    "return t ? [...t.querySelectorAll('li')].map((li) => li.textContent) : null"
                )
            )

        options = complete(" kp:Park")
        assert any(o.startswith("kp:Park") and "园区" in o for o in options)  # term + label
        ActionChains(browser).send_keys(Keys.ENTER).perform()
        declared = "PREFIX kp: <https://w3id.org/kaiping-kg/ontology#>\n"
        # choosing a term of an undeclared prefix declares it
        wait.until(lambda d: query_text(d) == declared + "ASK {} kp:Park")
        assert any(o.startswith("kp:supports") for o in complete(" kp:supports"))
        ActionChains(browser).send_keys(Keys.ENTER).perform()
        wait.until(lambda d: query_text(d) == declared + "ASK {} kp:Park kp:supports")  # once
        assert any(o.startswith("SELECT") for o in complete(" SEL"))  # a keyword
        ActionChains(browser).send_keys(Keys.ESCAPE).perform()
        assert any(o.startswith("skos:") for o in complete(" sko"))  # a prefix
        ActionChains(browser).send_keys(Keys.ESCAPE).perform()
        text = query_text(browser)
        assert text == declared + "ASK {} kp:Park kp:supports SEL sko"
        # the address and the download follow what was typed
        download = browser.find_element("id", "download").get_attribute("href")
        assert urllib.parse.parse_qs(urllib.parse.urlsplit(download).query)["query"] == [text]
        assert severe(browser) == []


def test_result_cells_link_only_http_iris_and_use_prefixed_names(browser, tmp_path):
    import urllib.parse

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    query = (
        'SELECT ?a ?b WHERE { VALUES (?a ?b) { (<javascript:alert(1)> "x") '
        '(<https://w3id.org/kaiping-kg/ontology#Park> "y") } } ORDER BY ?b'
    )
    store = store_from_trig(QUERIES_TRIG, tmp_path / "store")
    with live_server(store) as server:
        browser.get(server.url + "?" + urllib.parse.urlencode({"query": query}))
        table = WebDriverWait(browser, 30).until(
            ec.presence_of_element_located((By.ID, "results-table"))
        )
        first, second = table.find_elements(By.CSS_SELECTOR, "tbody tr td:first-child")
        assert first.find_elements(By.TAG_NAME, "a") == []  # javascript: stays text
        assert first.text == "javascript:alert(1)"
        park = second.find_element(By.TAG_NAME, "a")
        assert park.text == "kp:Park" and park.get_attribute("href") == server.url + "ontology#Park"
        assert park.get_attribute("title") == "https://w3id.org/kaiping-kg/ontology#Park"


def test_charts_of_two_counties_keep_them_apart(browser, tmp_path):
    from selenium.webdriver.support.ui import WebDriverWait

    store = two_report_store(tmp_path)
    with live_server(store) as server:
        browser.get(server.url)
        wait = WebDriverWait(browser, 60)
        bars = "#chart-growth svg rect[data-group]"
        wait.until(lambda d: d.execute_script(f"return document.querySelectorAll('{bars}').length"))
        groups = browser.execute_script(
            "return [...document.querySelectorAll('#chart-growth svg text.group')]"
            ".map((t) => t.textContent)"
        )
        assert groups == ["开平市 2024", "水口镇 2024"]
        gdp = browser.execute_script(
            f"return [...document.querySelectorAll('{bars}[data-label=\"地区生产总值\"]')]"
            ".map((r) => [r.dataset.group, r.querySelector('title').textContent])"
        )
        assert sorted(gdp) == [
            ["开平市 2024", "开平市 2024 地区生产总值 增长 growth: 2.5%"],
            ["水口镇 2024", "水口镇 2024 地区生产总值 增长 growth: 2.8%"],
        ]
        targets = "#chart-targets svg rect[data-group]"
        wait.until(
            lambda d: d.execute_script(f"return document.querySelectorAll('{targets}').length")
        )
        fixed = browser.execute_script(
            f"return [...document.querySelectorAll('{targets}[data-label=\"固定资产投资\"]')]"
            ".map((r) => r.querySelector('title').textContent)"
        )
        assert sorted(fixed) == [
            "开平市 2025 固定资产投资 目标 target: 3%",
            "水口镇 2025 固定资产投资 上年实绩 actual, year before: 13%",
            "水口镇 2025 固定资产投资 目标 target: 6%",
        ]
        assert severe(browser) == []
