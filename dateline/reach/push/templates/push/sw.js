// Dateline's service worker: it shows the alerts the newsroom pushes and opens the story.
// It has no fetch handler: pages always come from the network (and the site's caches).
self.addEventListener("push", (event) => {
  let alert;
  try {
    alert = event.data ? event.data.json() : null;
  } catch (error) {
    return;
  }
  if (!alert || !alert.title) return;
  // The tag names the article: a second push about it replaces the first, never adds.
  event.waitUntil(self.registration.showNotification(alert.title, {
    body: alert.body || "",
    icon: alert.icon || undefined,
    tag: alert.tag,
    data: { url: alert.url },
  }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = event.notification.data && event.notification.data.url;
  if (!url) return;
  event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true })
    .then((windows) => {
      const open = windows.find((client) => client.url === url && "focus" in client);
      return open ? open.focus() : self.clients.openWindow(url);
    }));
});
