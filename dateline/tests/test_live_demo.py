"""The demo server started for real on another port, and a newsroom made from nothing with
the operators' commands: every absolute link names the port the site is served on."""

import json
import re

from bs4 import BeautifulSoup

from dateline.health.tests.fault import dateline, free_port, service, wait_for
from dateline.ingest.tests.samples import FORMATS, story

from .live import answers, environment, get, prepared_data_dir


def absolute_urls(text):
    return set(re.findall(r"https?://[^\s\"'<>]+", text))


def test_the_demo_on_another_port_names_that_port_everywhere(tmp_path):
    """`PORT=N dateline demo --empty`, then `newsroom init`, `edition add`, `labels add`,
    `labels map` and `ingest --publish` in another process: the canonical and hreflang
    links, the feed, robots.txt, the sitemap and the API's urls all say http://127.0.0.1:N,
    and nothing says port 8000."""
    data = prepared_data_dir(tmp_path / "data")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = environment("demo", data, PORT=port, WEB_CONCURRENCY=1)
    with service(env, "demo", "--empty", log_path=tmp_path / "demo.log") as demo:
        wait_for(lambda: answers(port), timeout=120, message="the demo")
        assert f"Dateline (no demo content): {base}/" in demo.log()
        assert re.search(r"Administrator\s+user 'admin'\s+password '", demo.log())
        assert get(port, "/")[0] == 404  # no edition yet: the desk asks for one

        dateline(env, "newsroom", "init", "--code", "main", "--language", "uk", "--name",
                 "Дейтлайн")  # the demo's administrator is the newsroom's
        dateline(env, "edition", "add", "--code", "global", "--language", "en", "--name",
                 "Dateline Global")
        dateline(env, "labels", "add", "global", "Opinion")
        dateline(env, "labels", "map", "global", "Commentary", "Opinion")
        feed = tmp_path / "wire.xml"
        feed.write_bytes(FORMATS["rss"]([story(1, genres=["Commentary"])]))
        dateline(env, "ingest", str(feed), "--edition", "global", "--publish")

        status, _headers, rss = get(port, "/feeds/global/rss.xml")
        assert status == 200
        item = BeautifulSoup(rss, "xml").find("item")
        assert item.find("link").text.startswith(f"{base}/global/news/")
        status, _headers, page = get(port, item.find("link").text.removeprefix(base))
        assert status == 200
        head = BeautifulSoup(page, "html.parser").head
        assert head.find("link", rel="canonical")["href"] == item.find("link").text
        assert "Opinion" in page  # the mapped label, beside the headline
        status, _headers, home = get(port, "/global/")
        alternates = {link["hreflang"]: link["href"] for link in
                      BeautifulSoup(home, "html.parser").head.find_all("link", hreflang=True)}
        assert alternates == {"uk": f"{base}/", "en": f"{base}/global/",
                              "x-default": f"{base}/"}

        robots = get(port, "/robots.txt")[2]
        assert f"Sitemap: {base}/sitemap.xml" in robots
        sitemap = get(port, "/sitemap.xml")[2]
        editions = json.loads(get(port, "/api/v1/editions")[2])["items"]
        assert {edition["url"] for edition in editions} == {f"{base}/", f"{base}/global/"}
        for text in (rss, page, home, robots, sitemap, json.dumps(editions)):
            urls = absolute_urls(text)
            assert not {url for url in urls if "127.0.0.1:8000" in url}
            assert {url for url in urls if url.startswith(base)}
