/* Survey pages: show a conditional question as soon as its condition holds.
   Without this script every question of the page is shown and the server decides. */
(function () {
  "use strict";
  var form = document.querySelector(".survey-form");
  if (!form) return;
  // Paper entry: back to the first answer after each saved questionnaire.
  if (form.classList.contains("paper-form") && !document.querySelector(".error-summary")) {
    var first = form.querySelector("input:not([type=hidden]), select, textarea");
    if (first) first.focus();
  }
  var conditional = form.querySelectorAll("[data-show-if]");
  if (!conditional.length) return;
  document.documentElement.classList.add("js-conditions");

  function answers(key) {
    var values = [];
    form.querySelectorAll('[name="' + key + '"]').forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) return;
      if (input.value.trim() !== "") values.push(input.value.trim());
    });
    return values;
  }

  function holds(condition) {
    var given = answers(condition.question);
    if (condition.answered) return given.length > 0;
    var wanted = (condition.one_of || [condition.equals]).map(String);
    return given.some(function (v) { return wanted.indexOf(v) !== -1; });
  }

  function update() {
    conditional.forEach(function (question) {
      question.hidden = !holds(JSON.parse(question.getAttribute("data-show-if")));
    });
  }

  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();
})();
