// "Copy link" in an article's share row: without JavaScript a link to the article; with
// it, the address goes to the clipboard and the row says so.
document.addEventListener("click", async (event) => {
  const link = event.target.closest("a[data-copy]");
  if (!link || !navigator.clipboard || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  const status = link.closest(".share")?.querySelector(".share-status");
  try {
    await navigator.clipboard.writeText(link.href);
    if (status) status.textContent = link.dataset.copied;
  } catch (error) {
    if (status) status.textContent = link.href; // to copy by hand
  }
});
