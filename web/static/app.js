/* tiepcan — progressive enhancement only: every page works without this. */
(function () {
  "use strict";
  /* "Mở tất cả / Thu gọn tất cả" for pages with <details> sections. */
  function addToggles() {
    var all = document.querySelectorAll("details");
    var bar = document.querySelector("[data-toggle-details]");
    if (!bar || all.length === 0) return;
    function make(label, open) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "secondary";
      b.textContent = label;
      b.addEventListener("click", function () {
        for (var i = 0; i < all.length; i++) all[i].open = open;
      });
      bar.appendChild(b);
    }
    make("Mở tất cả", true);
    make("Thu gọn tất cả", false);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", addToggles);
  } else {
    addToggles();
  }
})();
