// Pages that update themselves: the news feed beside articles and on the home page
// (section.feed[data-updates]) and the entries of live coverage (ol[data-stream]).
// Every reader asks the same address for "the latest", never for changes since a moment
// of their own, so the caches answer them all. Without JavaScript a reload shows the same.
(() => {
  // How often to ask (ms), unless the element says (data-every): a live stream is asked
  // every 2-2.5 s so that an entry is on screen within 3 s of its post.
  const EVERY = 10000;
  const when = (el) => Date.parse(el.querySelector("time")?.getAttribute("datetime") || 0);
  const hrefOf = (li) => li.querySelector("a")?.getAttribute("href");
  const parse = (html) => {
    const template = document.createElement("template");
    template.innerHTML = html;
    return template.content;
  };

  // A reader who has scrolled past the top of a list is not moved: what is new waits
  // behind a "N new" button until they ask for it.
  function holder(anchor, text) {
    const button = Object.assign(document.createElement("button"),
      { type: "button", className: "new-pill", hidden: true });
    const region = document.createElement("div");
    region.setAttribute("aria-live", "polite");
    region.append(button);
    anchor.before(region);
    let waiting = [], count = 0;
    button.addEventListener("click", () => {
      waiting.forEach((apply) => apply());
      waiting = [], count = 0;
      button.hidden = true;
      region.scrollIntoView({ block: "start" });
    });
    return (apply, added) => {
      if (!waiting.length && region.getBoundingClientRect().top >= 0) return apply();
      waiting.push(apply);
      count += added;
      button.textContent = (text || "{n} new").replace("{n}", count);
      button.hidden = false;
    };
  }

  function entries(list, data) {
    for (const id of data.gone) document.getElementById(`entry-${id}`)?.remove();
    const fresh = data.entries.map((entry) => {
      const shown = document.getElementById(`entry-${entry.id}`);
      if (shown && Date.parse(shown.dataset.changed) === Date.parse(entry.changed)) {
        return { el: shown, added: false };
      }
      const el = parse(entry.html).firstElementChild;
      if (shown) shown.replaceWith(el);
      return { el, added: !shown };
    });
    // The stream's order (pinned first, then newest) on top of what the page holds.
    const arrange = () => {
      let next = list.firstElementChild;
      for (const { el } of fresh) {
        if (el !== next) list.insertBefore(el, next);
        next = el.nextElementSibling;
      }
    };
    const added = fresh.filter((item) => item.added).length;
    if (added) list.hold(arrange, added);
    else arrange();
  }

  // The breaking-news banner comes with the newest news: shown, changed or taken down.
  function banner(got) {
    const fresh = got.querySelector("template[data-breaking]");
    if (!fresh) return;
    const now = fresh.content.querySelector(".breaking");
    const shown = document.querySelector(".masthead .breaking");
    if (!now) shown?.remove();
    else if (!shown) document.querySelector(".masthead")?.append(now);
    else if (shown.outerHTML !== now.outerHTML) shown.replaceWith(now);
  }

  function feed(section, html) {
    const got = parse(html);
    banner(got);
    const times = [...got.querySelectorAll(".items li")].map(when);
    if (!times.length) return;
    const shown = new Map([...section.querySelectorAll(".items li")].map((li) => [hrefOf(li), li]));
    const adds = [];
    for (const header of got.querySelectorAll(".day")) {
      for (const li of header.nextElementSibling.querySelectorAll("li")) {
        const old = shown.get(hrefOf(li));
        shown.delete(hrefOf(li));
        if (!old) adds.push([header, li]);
        else if (old.outerHTML !== li.outerHTML) old.replaceWith(li.cloneNode(true));
      }
    }
    // What the newest stretch held but holds no more was taken down.
    const oldest = Math.min(...times);
    for (const li of shown.values()) if (when(li) >= oldest) li.remove();
    if (adds.length) section.hold(() => adds.reverse().forEach(([h, li]) => place(section, h, li)), adds.length);
  }

  // Into its day's list, or a new day on top, before anything older.
  function place(section, header, li) {
    const day = [...section.querySelectorAll(".day")].find((h) => h.textContent === header.textContent);
    let items = day?.nextElementSibling;
    if (!items) {
      items = header.nextElementSibling.cloneNode(false);
      section.querySelector(".day").before(header.cloneNode(true), items);
    }
    const older = [...items.children].find((other) => when(other) <= when(li));
    items.insertBefore(li.cloneNode(true), older || null);
  }

  async function poll(el, url, apply, accept) {
    if (document.visibilityState === "visible") {
      try {
        const response = await fetch(url, { headers: { Accept: accept } });
        // The coverage was taken down: nothing of it stays on screen.
        if (response.status === 404 && el.dataset.stream) return el.replaceChildren();
        if (response.ok) apply(el, accept === "application/json" ? await response.json() : await response.text());
      } catch (error) { /* offline for a moment: the next round tries again */ }
    }
    const every = Number(el.dataset.every) || EVERY;
    setTimeout(() => poll(el, url, apply, accept), every * (1 + Math.random() / 4));
  }

  for (const list of document.querySelectorAll("[data-stream]")) {
    list.hold = holder(list, list.dataset.newText);
    poll(list, list.dataset.stream, entries, "application/json");
  }
  for (const section of document.querySelectorAll("[data-updates]")) {
    const firstDay = section.querySelector(".day");
    if (!firstDay) continue; // an empty feed fills on reload
    section.hold = holder(firstDay, section.dataset.newText);
    poll(section, section.dataset.updates, feed, "text/html");
  }
})();
