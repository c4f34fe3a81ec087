import pathlib
import pytest
from dateline.site.tests.browser import (  # noqa: F401
    browser, migrated_database, needs_chromium, serve_media)
from dateline.newsroom.models import Tag

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True),
              pytest.mark.usefixtures("needs_chromium", "migrated_database")]


def test_explore(browser, editor, make_draft, global_edition):
    for n in range(3):
        Tag.objects.create(edition=global_edition, name=f"Tag {n}", slug=f"tag-{n}")
    article = make_draft("Explore")
    tab = browser.open()
    page = tab.goto("/admin/login/")
    page.fill("#id_username", "editor"); page.fill("#id_password", "pw-editor")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    page.add_init_script("document.addEventListener('w-unsaved:watch-edits', () => { window.__watching = true; })")
    page = tab.goto(f"/admin/snippets/newsroom/article/edit/{article.pk}/")
    page.wait_for_function("window.__watching === true")
    posts = []
    page.on("request", lambda r: posts.append((r.method, r.url, r.headers.get("accept"), r.post_data and ("desk_tab" in r.post_data))) if r.method == "POST" else None)
    with page.expect_response(lambda r: r.request.method == "POST" and "/edit/" in r.url) as resp:
        page.fill("#id_headline", "Explore 1")
    print(resp.value.json())
    page.click("text=Classification")
    page.click("#id_tag_links-OPEN_MODAL")
    page.wait_for_selector(".modal-dialog")
    page.screenshot(path="/tmp/shots/modal.png")
    pathlib.Path("/tmp/shots/modal.html").write_text(page.inner_html(".modal-dialog"))
    page.locator(".modal-dialog input[type=checkbox]").first.check()
    page.locator(".modal-dialog [type=submit]").click()
    page.wait_for_timeout(300)
    page.locator("footer .dropdown-toggle, footer [data-w-dropdown-target=toggle]").first.click()
    page.screenshot(path="/tmp/shots/menu.png")
    page.click("button[name=action-publish]")
    page.wait_for_load_state("load")
    page.screenshot(path="/tmp/shots/after.png")
    print(page.url)
    print(page.locator(".messages").inner_text())
    print(posts)
