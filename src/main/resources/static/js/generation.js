// The generation page: a "reset" button puts its textarea's default text back
// (data-reset-target="#id" on the button, data-default-text on the textarea).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-reset-target]");
    if (!button) {
      return;
    }
    var field = document.querySelector(button.getAttribute("data-reset-target"));
    if (!field) {
      return;
    }
    field.value = field.getAttribute("data-default-text") || "";
    field.dispatchEvent(new Event("input", { bubbles: true }));
    field.focus();
  });
})();
