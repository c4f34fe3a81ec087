/* Most read: tell the site this article was read. One beacon, no cookie, nothing else. */
(function () {
  "use strict";
  var me = document.currentScript;
  var id = me && me.getAttribute("data-article");
  var url = me && me.getAttribute("data-url");
  if (id && url && navigator.sendBeacon) {
    navigator.sendBeacon(url, id);
  }
})();
