// The live composer (dateline/live/admin_views.py), made fast: Ctrl+Enter (Cmd+Enter) posts,
// the post goes by fetch and the fresh list of entries comes back with the answer, and the
// list is read again now and then so that other editors' entries show up. Without this
// script the same forms post and redirect back.
(() => {
  "use strict";

  const root = document.querySelector("[data-live-composer]");
  if (!root) return;
  const form = root.querySelector("[data-composer-form]");
  const errors = root.querySelector("[data-composer-errors]");
  const status = root.querySelector("[data-composer-status]");
  const text = form.querySelector("textarea");
  const REFRESH = 5000;
  let sending = false;

  const list = () => root.querySelector("[data-composer-entries]");

  function showEntries(html) {
    const holder = document.createElement("div");
    holder.innerHTML = html;
    const fresh = holder.querySelector("[data-composer-entries]");
    if (fresh) list().replaceWith(fresh);
  }

  function showErrors(fieldErrors) {
    errors.replaceChildren();
    for (const [name, messages] of Object.entries(fieldErrors)) {
      const field = form.elements[name];
      const label = field && field.labels && field.labels[0] ? field.labels[0].textContent.trim() + ": " : "";
      for (const error of messages) {
        const line = document.createElement("p");
        line.textContent = label + error.message;
        errors.append(line);
      }
    }
    errors.hidden = !errors.childElementCount;
  }

  async function post() {
    if (sending) return;
    sending = true;
    status.textContent = "";
    try {
      const response = await fetch(form.action || window.location.pathname, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const answer = await response.json();
      if (!response.ok) {
        showErrors(answer.errors || {});
        return;
      }
      showErrors({});
      showEntries(answer.entries);
      status.textContent = answer.message;
      form.reset();
      text.value = "";
      text.focus();
    } catch (error) {
      // The server could not be reached or answered no JSON: the plain post still works.
      form.submit();
    } finally {
      sending = false;
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    post();
  });

  form.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      post();
    }
  });

  // Not while an editor is busy in the list: the new list would drop what they typed.
  function busyInList() {
    const entries = list();
    return entries.contains(document.activeElement) || entries.querySelector("details[open]");
  }

  async function refresh() {
    if (document.hidden || sending || busyInList()) return;
    try {
      const response = await fetch(root.dataset.entriesUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (response.ok && !busyInList()) showEntries((await response.json()).entries);
    } catch (error) {
      // Offline for a moment: the next round tries again.
    }
  }

  window.setInterval(refresh, REFRESH);
})();
