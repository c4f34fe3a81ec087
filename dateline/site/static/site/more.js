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
