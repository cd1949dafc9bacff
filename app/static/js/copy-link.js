/* "Copy the link" next to a read-only field (button[data-copy] names the field): shown only
   where this script runs; without it the resident selects the link and copies it. */
(function () {
  "use strict";
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (!field || button.dataset.copyReady) return;
    button.dataset.copyReady = "1";
    button.hidden = false;

    function say(message) {
      if (status) status.textContent = message;
    }

    function fallback() {
      field.focus();
      field.select();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
      say(button.getAttribute(copied ? "data-copied" : "data-copy-failed"));
    }

    button.addEventListener("click", function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(function () {
          say(button.getAttribute("data-copied"));
        }, fallback);
      } else {
        fallback();
      }
    });
  });
})();
