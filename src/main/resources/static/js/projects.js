// Project pages: editable lists of the settings form (rating dimensions, flags) gain and lose rows;
// forms marked data-remember-fields get what was typed back when the page returns with an error.
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

  // The server answers a refused form with a redirect and a message: put back what the person had
  // typed and ticked, so only the wrong part needs changing. Kept for this tab only, used once.
  var REMEMBERED = "feedloop-form-";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.matches("[data-remember-fields]")) {
      return;
    }
    var fields = Array.prototype.filter.call(form.elements, function (input) {
      return input.name && input.type !== "hidden" && input.type !== "submit" && input.type !== "button";
    }).map(function (input) {
      var checkable = input.type === "checkbox" || input.type === "radio";
      return { name: input.name, value: input.value, checked: checkable ? input.checked : null };
    });
    try {
      window.sessionStorage.setItem(REMEMBERED + form.getAttribute("action"), JSON.stringify(fields));
    } catch (e) { /* private mode: the form comes back empty, as before */ }
  });

  window.Feedloop.start("form[data-remember-fields]", function () {
    var refused = document.querySelector(".flashes .flash-error");
    document.querySelectorAll("form[data-remember-fields]").forEach(function (form) {
      var key = REMEMBERED + form.getAttribute("action");
      var fields = null;
      try {
        fields = JSON.parse(window.sessionStorage.getItem(key) || "null");
        window.sessionStorage.removeItem(key);
      } catch (e) { /* nothing to put back */ }
      if (!refused || !Array.isArray(fields)) {
        return;
      }
      fields.forEach(function (field) {
        Array.prototype.forEach.call(form.elements, function (input) {
          if (input.name !== field.name) {
            return;
          }
          if (field.checked === null) {
            input.value = field.value;
          } else if (input.value === field.value) {
            input.checked = field.checked;
          }
        });
      });
    });
  });
})();
