/* Survey pages: show a conditional question as soon as its condition holds; on a resident's
   page also tick "other" as its text is typed, keep to "at most N" as boxes are ticked, and
   let a ranking be filled by tapping its options in order. Without this script every
   question of the page is shown, the selects fill a ranking and the server checks it all. */
(function () {
  "use strict";
  var form = document.querySelector(".survey-form");
  if (!form) return;
  var paper = form.classList.contains("paper-form");
  // Paper entry: back to the first answer after each saved questionnaire.
  if (paper && !document.querySelector(".error-summary")) {
    var first = form.querySelector("input:not([type=hidden]), select, textarea");
    if (first) first.focus();
  }

  function fire(element) {
    element.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function liveRegion(after, id) {
    var region = document.createElement("p");
    region.className = "hint live-hint";
    region.id = id;
    region.setAttribute("aria-live", "polite");
    after.insertAdjacentElement("afterend", region);
    return region;
  }

  // Conditional questions -----------------------------------------------------------
  var conditional = form.querySelectorAll("[data-show-if]");
  if (conditional.length) {
    document.documentElement.classList.add("js-conditions");
    var answers = function (key) {
      var values = [];
      form.querySelectorAll('[name="' + key + '"]').forEach(function (input) {
        if ((input.type === "radio" || input.type === "checkbox") && !input.checked) return;
        if (input.value.trim() !== "") values.push(input.value.trim());
      });
      return values;
    };
    var holds = function (condition) {
      var given = answers(condition.question);
      if (condition.answered) return given.length > 0;
      var wanted = (condition.one_of || [condition.equals]).map(String);
      return given.some(function (v) { return wanted.indexOf(v) !== -1; });
    };
    var update = function () {
      conditional.forEach(function (question) {
        question.hidden = !holds(JSON.parse(question.getAttribute("data-show-if")));
      });
    };
    form.addEventListener("change", update);
    form.addEventListener("input", update);
    update();
  }
  if (paper) return;  // the librarian types what is on paper, as it is: no more help

  // "Other, namely:" typed is "other" chosen; "other" unticked leaves no text behind ------
  form.querySelectorAll(".other-text input").forEach(function (text) {
    var key = text.name.replace(/__other$/, "");
    var box = form.querySelector('input[name="' + key + '"][value="other"]');
    if (!box) return;
    text.addEventListener("input", function () {
      if (text.value.trim() !== "" && !box.checked && !box.disabled) {
        box.checked = true;
        fire(box);
      }
    });
    box.addEventListener("change", function () {
      if (box.type === "checkbox" && !box.checked) text.value = "";
    });
  });

  // At most N answers ------------------------------------------------------------------
  form.querySelectorAll("[data-max-choices]").forEach(function (choices) {
    var max = parseInt(choices.getAttribute("data-max-choices"), 10);
    var boxes = choices.querySelectorAll('input[type="checkbox"]');
    var other = choices.querySelector(".other-text input");
    var region = liveRegion(choices, choices.id + "-limit");
    var said = "";
    function update() {
      var ticked = 0;
      boxes.forEach(function (box) { if (box.checked) ticked += 1; });
      var full = ticked >= max;
      boxes.forEach(function (box) {
        box.disabled = full && !box.checked;
      });
      if (other) other.disabled = full && other.value.trim() === "" &&
        !choices.querySelector('input[value="other"]:checked');
      var message = ticked > max ? choices.getAttribute("data-over")
        : full ? choices.getAttribute("data-full") : "";
      if (message !== said) region.textContent = said = message;
    }
    choices.addEventListener("change", update);
    update();
  });

  // A ranking filled by tapping its options in order -----------------------------------
  form.querySelectorAll(".ranking[data-tap]").forEach(function (ranking) {
    var rows = Array.prototype.slice.call(ranking.querySelectorAll(".rank-row"));
    var selects = rows.map(function (row) { return row.querySelector("select"); });
    var intro = document.createElement("p");
    intro.className = "hint";
    intro.textContent = ranking.getAttribute("data-tap");
    ranking.insertAdjacentElement("beforebegin", intro);
    var reset = document.createElement("button");
    reset.type = "button";
    reset.className = "secondary rank-reset";
    reset.textContent = ranking.getAttribute("data-reset");
    ranking.insertAdjacentElement("afterend", reset);
    var region = liveRegion(reset, ranking.id + "-said");

    function place(select) { return parseInt(select.value, 10) || 0; }
    function say(text) { region.textContent = text; }
    function show() {
      rows.forEach(function (row, i) {
        row.classList.toggle("rank-placed", place(selects[i]) > 0);
      });
    }
    rows.forEach(function (row, i) {
      var label = row.querySelector("label");
      var name = label.textContent.trim();
      var tap = document.createElement("button");
      tap.type = "button";
      tap.className = "rank-tap";
      tap.textContent = name;
      label.classList.add("visually-hidden");  // the select keeps its name; the tile shows it
      row.appendChild(tap);
      tap.addEventListener("click", function () {
        var select = selects[i];
        var mine = place(select);
        if (mine) {  // tapped again: out of the order, and those after it move up
          selects.forEach(function (other) {
            var theirs = place(other);
            if (theirs > mine) other.value = String(theirs - 1);
          });
          select.value = "";
          say(ranking.getAttribute("data-removed").replace("{option}", name));
        } else {
          var taken = selects.map(place);
          var next = 1;
          while (taken.indexOf(next) !== -1) next += 1;
          select.value = String(next);
          say(ranking.getAttribute("data-placed").replace("{option}", name)
            .replace("{place}", String(next)));
        }
        selects.forEach(fire);
      });
    });
    reset.addEventListener("click", function () {
      selects.forEach(function (select) { select.value = ""; fire(select); });
      say(ranking.getAttribute("data-cleared"));
      rows[0].querySelector(".rank-tap").focus();
    });
    ranking.addEventListener("change", show);
    show();
  });
})();
