// Page-wide behaviour shared by every page. No inline script anywhere (the CSP forbids it).
(function () {
  "use strict";

  // Send the CSRF token with every htmx request that changes something.
  document.addEventListener("htmx:configRequest", function (event) {
    var header = document.querySelector('meta[name="_csrf_header"]');
    var token = document.querySelector('meta[name="_csrf"]');
    if (header && token) {
      event.detail.headers[header.content] = token.content;
    }
  });

  // Forms and buttons that ask for confirmation: data-confirm="question".
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // The language <select> in the header submits its form on change.
  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-autosubmit]")) {
      event.target.form.submit();
    }
  });

  // Copy buttons: data-copy-target="#id".
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (!button) {
      return;
    }
    var source = document.querySelector(button.getAttribute("data-copy-target"));
    if (source && navigator.clipboard) {
      var text = source.matches("textarea, input") ? source.value : source.textContent.trim();
      navigator.clipboard.writeText(text).then(function () {
        button.setAttribute("data-copied", "true");
        window.setTimeout(function () { button.removeAttribute("data-copied"); }, 1500);
      });
    }
  });

  // Flash messages can be dismissed.
  document.addEventListener("click", function (event) {
    var close = event.target.closest("[data-dismiss]");
    if (close) {
      close.closest(".flash").remove();
    }
  });
})();
