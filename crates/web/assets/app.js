// llmpath dashboard: a little progressive enhancement. Every page works without this file.
(function () {
  "use strict";

  // Roadmap: highlight the topics whose title or id matches the filter box.
  function roadmapFilter() {
    var input = document.getElementById("roadmap-filter");
    var graph = document.getElementById("roadmap-graph");
    if (!input || !graph) return;
    var nodes = graph.querySelectorAll(".node.topic");
    input.addEventListener("input", function () {
      var needle = input.value.trim().toLowerCase();
      graph.classList.toggle("filtering", needle.length > 0);
      nodes.forEach(function (node) {
        var title = node.querySelector("title");
        var hay = ((title ? title.textContent : "") + " " + node.id).toLowerCase();
        node.classList.toggle("match", needle.length > 0 && hay.indexOf(needle) !== -1);
      });
    });
  }

  // Practice tasks: a changed status is submitted at once (the button stays for keyboards).
  function autoSubmit() {
    document.querySelectorAll("select[id^='practice-status-']").forEach(function (select) {
      select.addEventListener("change", function () {
        if (select.form) select.form.requestSubmit();
      });
    });
  }

  // Log forms: a second click while a slow write is in flight does not log twice.
  function singleSubmit() {
    document.querySelectorAll("form[method='post']").forEach(function (form) {
      form.addEventListener("submit", function () {
        form.querySelectorAll("button[type='submit']").forEach(function (button) {
          window.setTimeout(function () { button.disabled = true; }, 0);
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    roadmapFilter();
    autoSubmit();
    singleSubmit();
  });
})();
