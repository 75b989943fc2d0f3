// Project settings form: editable lists (rating dimensions, flags) gain and lose rows.
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var add = event.target.closest("[data-add-row]");
    if (add) {
      var template = document.getElementById(add.getAttribute("data-add-row"));
      var rows = document.getElementById(add.getAttribute("data-rows"));
      if (template && rows) {
        var row = template.content.firstElementChild.cloneNode(true);
        rows.appendChild(row);
        var input = row.querySelector("input");
        if (input) {
          input.focus();
        }
      }
      return;
    }
    var remove = event.target.closest("[data-remove-row]");
    if (remove) {
      var list = remove.closest(".edit-list");
      remove.closest(".edit-row").remove();
      var next = list && list.querySelector(".edit-row:not(.edit-row-head) input");
      if (next) {
        next.focus();
      }
    }
  });
})();
