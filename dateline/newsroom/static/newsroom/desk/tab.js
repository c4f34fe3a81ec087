// Each editor tab names itself with a random token and sends it with everything the
// article form posts: autosaves, "Save draft", "Publish". The server remembers which
// versions this tab autosaved, so publishing after one's own autosave is not mistaken
// for a conflict, while another tab's or another editor's save still is.
//
// The token lives in this script only, never in the page: a duplicated or reloaded tab
// starts with a new one (a copied form must not pass for the tab it was copied from).
(() => {
  const bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  const token = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");

  // "formdata" is fired both for a real submit and for `new FormData(form)`, which is how
  // Wagtail's autosave builds its request; listening while it passes down to the form
  // sees both.
  document.addEventListener("formdata", (event) => {
    if (event.target instanceof HTMLFormElement && event.target.matches("[data-edit-form]")) {
      event.formData.set("desk_tab", token);
    }
  }, true);
})();
