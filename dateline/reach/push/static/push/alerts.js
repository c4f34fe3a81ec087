// "Get alerts": web push, only when the reader asks. The prompt stays hidden until this
// script runs in a browser that can push; nothing asks for permission until the reader
// clicks "Turn on alerts" (the browser's own question comes then, from that click).
(() => {
  const box = document.querySelector(".push-alerts[data-push]");
  if (!box || !("serviceWorker" in navigator) || !("PushManager" in window)
      || !("Notification" in window)) return;
  const open = box.querySelector(".push-open"), panel = box.querySelector(".push-panel");
  const on = box.querySelector(".push-on"), off = box.querySelector(".push-off");
  const status = box.querySelector(".push-status");
  const say = (text) => { status.textContent = text; };
  const showing = (subscribed) => { on.hidden = subscribed; off.hidden = !subscribed; };
  let config = null;

  const settings = async () => {
    if (!config) {
      const response = await fetch(box.dataset.push, { credentials: "same-origin" });
      if (!response.ok) throw new Error(`push key: ${response.status}`);
      config = await response.json();
    }
    return config;
  };
  const post = async (url, body) => {
    const response = await fetch(url, {
      method: "POST", credentials: "same-origin", body: JSON.stringify(body),
      headers: { "Content-Type": "application/json", "X-CSRFToken": config.csrfToken },
    });
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    return response.json();
  };
  const key = (text) => {
    const raw = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - text.length % 4) % 4));
    return Uint8Array.from(raw, (c) => c.charCodeAt(0));
  };
  const current = async () => {
    const registration = await navigator.serviceWorker.getRegistration("/");
    return registration ? registration.pushManager.getSubscription() : null;
  };

  open.addEventListener("click", async () => {
    const expanded = open.getAttribute("aria-expanded") === "true";
    open.setAttribute("aria-expanded", String(!expanded));
    panel.hidden = expanded;
    if (!expanded) showing(Boolean(await current().catch(() => null)));
  });

  on.addEventListener("click", async () => {
    const permission = Notification.requestPermission();  // within the click
    try {
      if (await permission !== "granted") return say(box.dataset.denied);
      const { publicKey, worker, subscribe } = await settings();
      const registration = await navigator.serviceWorker.register(worker, { scope: "/" });
      await navigator.serviceWorker.ready;
      const subscription = await registration.pushManager.subscribe(
        { userVisibleOnly: true, applicationServerKey: key(publicKey) });
      const scope = panel.querySelector("input[name=push-scope]:checked").value;
      await post(subscribe, { ...subscription.toJSON(), edition: box.dataset.edition, scope });
      showing(true);
      say(box.dataset.on);
    } catch (error) {
      say(box.dataset.failed);
    }
  });

  off.addEventListener("click", async () => {
    try {
      const subscription = await current();
      if (subscription) {
        await post((await settings()).unsubscribe, { endpoint: subscription.endpoint });
        await subscription.unsubscribe();
      }
      showing(false);
      say(box.dataset.off);
    } catch (error) {
      say(box.dataset.failed);
    }
  });

  box.hidden = false;
})();
