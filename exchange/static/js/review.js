// Keyboard shortcuts on the review page: S same, D different, U unsure, K skip.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (target && (target.tagName === "TEXTAREA" || target.tagName === "INPUT")) { return; }
    var key = event.key.toLowerCase();
    var element = document.querySelector('[data-key="' + key + '"]');
    if (!element) { return; }
    event.preventDefault();
    element.click();
  });
}());
