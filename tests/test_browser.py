"""A real headless Chromium (Debian's chromium + chromium-driver, driven by Selenium) opens
the query page, runs the stored query "projects-by-cluster" and sees its table."""

from __future__ import annotations

import pytest

from kg_build.queries import get_query
from tests.serving import QUERIES_TRIG, live_server, need_service, store_from_trig

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
        errors = [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"]
        assert errors == []


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
        editor = wait.until(ec.presence_of_element_located((By.ID, "editor")))
        wait.until(lambda d: editor.get_property("value") == query)
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
        text = browser.find_element(By.ID, "editor").get_property("value")
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
        errors = [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"]
        assert errors == []


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
