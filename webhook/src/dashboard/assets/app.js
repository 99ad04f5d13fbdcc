// The dashboard's one script: keyboard navigation and the live tail. Every page works
// without it, but the live tail. No inline script anywhere (the CSP forbids it).
(function () {
  "use strict";
  var rows = function () { return Array.prototype.slice.call(document.querySelectorAll("tbody.deliveries tr")); };
  var selected = -1;

  function select(index) {
    var all = rows();
    if (all.length === 0) { return; }
    index = Math.max(0, Math.min(all.length - 1, index));
    all.forEach(function (row, i) { row.classList.toggle("selected", i === index); });
    all[index].scrollIntoView({ block: "nearest" });
    selected = index;
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "SELECT" || target.tagName === "TEXTAREA");
    if (event.key === "Escape" && typing) { target.blur(); return; }
    if (typing || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var all = rows();
    if (event.key === "/") {
      var search = document.getElementById("search");
      if (search) { event.preventDefault(); search.focus(); search.select(); }
    } else if (event.key === "j") {
      select(selected + 1);
    } else if (event.key === "k") {
      select(selected < 0 ? 0 : selected - 1);
    } else if (event.key === "Enter" && selected >= 0 && all[selected]) {
      var link = all[selected].querySelector("a.open");
      if (link) { link.click(); }
    } else if (event.key === "r") {
      var row = selected >= 0 ? all[selected] : document.querySelector("[data-replay-form]");
      var form = row && (row.matches("form") ? row : row.querySelector("form.replay"));
      if (form) { form.requestSubmit(); }
    }
  });

  var table = document.querySelector("tbody.deliveries[data-tail]");
  if (table && window.EventSource) {
    var indicator = document.getElementById("tail");
    var source = new EventSource(table.getAttribute("data-tail"));
    source.addEventListener("open", function () {
      if (indicator) { indicator.textContent = "live"; indicator.classList.add("live"); }
    });
    source.addEventListener("error", function () {
      if (indicator) { indicator.textContent = "reconnecting"; indicator.classList.remove("live"); }
    });
    source.addEventListener("delivery", function (event) {
      // The server renders and escapes the row; this only places it.
      var holder = document.createElement("tbody");
      holder.innerHTML = event.data;
      var row = holder.firstElementChild;
      if (!row || document.getElementById(row.id)) { return; }
      row.classList.add("fresh");
      table.insertBefore(row, table.firstElementChild);
      var empty = document.getElementById("empty");
      if (empty) { empty.remove(); }
      if (selected >= 0) { selected += 1; }
    });
  }
})();
