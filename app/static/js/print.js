/* The "Print" buttons of pages meant for paper (_print.html's print_button): shown only
   where this script runs, since they need it. Loaded once per button; binds each once. */
(function () {
  "use strict";
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    if (button.dataset.printReady) return;
    button.dataset.printReady = "1";
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
