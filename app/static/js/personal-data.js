/* Paper cards and idea edits: warn while the librarian types that the text seems to hold
   personal data (the server's own check, app/cafes/personal_data.py). Without this script
   the warning appears after saving, and a card with personal data waits for moderation. */
(function () {
  "use strict";
  document.querySelectorAll("form[data-personal-data-check]").forEach(function (form) {
    var url = form.getAttribute("data-personal-data-check");
    var names = form.getAttribute("data-personal-data-fields").split(" ");
    var fields = names.map(function (name) { return form.elements[name]; }).filter(Boolean);
    var live = form.querySelector(".personal-data-live");
    var token = form.elements.csrf_token;
    var timer = null;
    var asked;
    if (!live || !fields.length) return;

    function show(message) {
      live.textContent = "";
      if (!message) return;
      var warning = document.createElement("p");
      warning.className = "warning personal-data-warning";
      warning.textContent = message;
      live.appendChild(warning);
    }

    function typed() {
      return fields.map(function (field) { return field.value; }).join("\n");
    }

    function check() {
      var text = typed();
      if (text === asked) return;
      asked = text;
      var body = new FormData();
      body.append("text", text);
      if (token) body.append("csrf_token", token.value);
      fetch(url, { method: "POST", body: body, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (answer) {
          if (answer && text === asked) show(answer.found ? answer.message : "");
        })
        .catch(function () { /* offline: the warning comes after saving */ });
    }

    fields.forEach(function (field) {
      field.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(check, 300);
      });
    });
    asked = typed(); // what the page came with is checked by the server already
  });
})();
