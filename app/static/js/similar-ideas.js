/* While a resident types an idea's title, the board's ideas that read like it (the
   server's own similarity, GET data-similar-ideas?q=). Once they have been shown, the
   form says so (checked=1) and is sent at once; without this script the server shows
   them in a check step before storing the idea. */
(function () {
  "use strict";
  document.querySelectorAll("form[data-similar-ideas]").forEach(function (form) {
    var url = form.getAttribute("data-similar-ideas");
    var title = form.elements.title;
    var checked = form.elements.checked;
    var live = form.querySelector(".similar-live");
    var timer = null;
    var asked = "";
    if (!title || !checked || !live) return;

    function show(ideas) {
      live.textContent = "";
      checked.value = ideas.length ? "1" : "0";
      if (!ideas.length) return;
      var heading = document.createElement("p");
      heading.textContent = live.getAttribute("data-heading");
      var list = document.createElement("ul");
      list.className = "link-list";
      ideas.forEach(function (idea) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        // The idea's card on this page, where its "Support" button is; else its own page.
        link.href = document.getElementById("idea-" + idea.id) ? "#idea-" + idea.id : idea.url;
        var words = document.createElement("bdi");
        words.className = "user-text";
        words.textContent = idea.title;
        link.appendChild(words);
        item.appendChild(link);
        item.appendChild(document.createTextNode(" (" + idea.supports + ")"));
        list.appendChild(item);
      });
      live.appendChild(heading);
      live.appendChild(list);
    }

    function look() {
      var text = title.value.trim();
      if (text === asked) return;
      asked = text;
      if (text.length < 3) { show([]); return; }
      var sep = url.indexOf("?") === -1 ? "?" : "&";
      fetch(url + sep + "q=" + encodeURIComponent(text), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (answer) {
          if (answer && text === asked) show(answer.ideas || []);
        })
        .catch(function () { /* offline or limited: the server's check step shows them */ });
    }

    title.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(look, 400);
    });
  });
})();
