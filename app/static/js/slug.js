/* The zone form's address (slug), filled from the town's name as it is typed: "Łeba" ->
   "leba", "Grodzisk Mazowiecki" -> "grodzisk-mazowiecki" (as app/core/text.py's slugify).
   Only until the person edits the address: what they type is theirs. Without this script
   the server makes the same address when the field is left empty. */
(function () {
  "use strict";
  function slugify(text) {
    return text
      .replace(/[łŁ]/g, "l")
      .normalize("NFKD")
      .replace(/[^\x00-\x7f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60);
  }
  document.querySelectorAll("[data-slug-from]").forEach(function (box) {
    var town = document.getElementById(box.dataset.slugFrom);
    var slug = box.querySelector("input");
    if (!town || !slug) return;
    // An address already there (sent back with an error, or typed) is the person's own,
    // unless it is what the town gives.
    var edited = slug.value !== "" && slug.value !== slugify(town.value);
    slug.addEventListener("input", function () {
      edited = slug.value !== "";
    });
    town.addEventListener("input", function () {
      if (!edited) slug.value = slugify(town.value);
    });
  });
})();
