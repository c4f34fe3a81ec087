// "More news": without JavaScript a link to the next page; with it, the next chunk is
// fetched and put in place of the link, and focus moves to the first new headline.
document.addEventListener("click", async (event) => {
  const link = event.target.closest("a[data-more]");
  if (!link || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  if (link.getAttribute("aria-busy") === "true") return;
  link.setAttribute("aria-busy", "true");
  const url = new URL(link.href);
  url.searchParams.set("partial", "1");
  try {
    const response = await fetch(url, { headers: { Accept: "text/html" } });
    if (!response.ok) throw new Error(String(response.status));
    const template = document.createElement("template");
    template.innerHTML = await response.text();
    const firstNew = template.content.querySelector(".items a");
    link.replaceWith(template.content);
    if (firstNew) firstNew.focus({ preventScroll: true });
  } catch (error) {
    window.location.assign(link.href);
  }
});

// On phones the feed after an article shows its first day: "More news" shows the rest of
// what the page holds (without JavaScript, a link to the news from the second day on).
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-reveal]");
  if (!link || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  const feed = link.closest(".feed");
  feed.classList.remove("collapsed");
  link.remove();
  feed.querySelectorAll(".items")[1]?.querySelector("a")?.focus({ preventScroll: true });
});
