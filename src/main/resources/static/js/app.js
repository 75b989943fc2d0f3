// Page-wide behaviour shared by every page. No inline script anywhere (the CSP forbids it).
(function () {
  "use strict";

  var Feedloop = window.Feedloop = window.Feedloop || {};

  /** The CSRF header of this page (from the layout's meta tags), as an object to add to a request's headers. */
  Feedloop.csrfHeaders = function () {
    var headers = {};
    var header = document.querySelector('meta[name="_csrf_header"]');
    var token = document.querySelector('meta[name="_csrf"]');
    if (header && token) {
      headers[header.content] = token.content;
    }
    return headers;
  };

  // Send the CSRF token with every htmx request that changes something.
  document.addEventListener("htmx:configRequest", function (event) {
    Object.assign(event.detail.headers, Feedloop.csrfHeaders());
  });

  function post(url, fields, keepalive) {
    var body = new URLSearchParams();
    Object.keys(fields).forEach(function (key) {
      if (fields[key] !== null && fields[key] !== undefined) {
        body.append(key, fields[key]);
      }
    });
    var headers = Feedloop.csrfHeaders();
    headers["Content-Type"] = "application/x-www-form-urlencoded;charset=UTF-8";
    headers["Accept"] = "application/json";
    return fetch(url, { method: "POST", body: body, headers: headers, credentials: "same-origin", keepalive: !!keepalive })
      .then(Feedloop.checkSignedIn);
  }

  /** POSTs a form-encoded body with the CSRF header; resolves with the Response (a 401 ends the session). */
  Feedloop.post = function (url, fields) {
    return post(url, fields, false);
  };

  /** Feedloop.post that may finish while the page closes (fetch keepalive). */
  Feedloop.postKeepalive = function (url, fields) {
    return post(url, fields, true);
  };

  /** Page start-up: runs init(element) once the page is parsed, when the page has such an element. */
  Feedloop.start = function (selector, init) {
    document.addEventListener("DOMContentLoaded", function () {
      var element = document.querySelector(selector);
      if (element) {
        init(element);
      }
    });
  };

  /**
   * Asks before the page is left while unsent(): the browser's own "leave page?" question. Not when
   * the page itself sends the person on (Feedloop.leaving). beforeAsking runs first (a last save).
   */
  Feedloop.warnBeforeLeaving = function (unsent, beforeAsking) {
    window.addEventListener("beforeunload", function (event) {
      if (Feedloop.leaving || !unsent()) {
        return;
      }
      if (beforeAsking) {
        beforeAsking();
      }
      event.preventDefault();
      event.returnValue = "";
    });
  };

  // The sign-in page: a refused sign-in comes back without the username typed (the server redirects
  // to /login?error), so this tab remembers it and puts it back, with the cursor in the password.
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-login-form]");
    if (!form) {
      return;
    }
    var KEY = "feedloop-login-username";
    var username = form.querySelector("[name=username]");
    var password = form.querySelector("[name=password]");
    var params = new URLSearchParams(window.location.search);
    try {
      var last = window.sessionStorage.getItem(KEY);
      if (last && !username.value && (params.has("error") || params.has("locked"))) {
        username.value = last;
        password.focus();
      }
      window.sessionStorage.removeItem(KEY);
    } catch (e) { /* storage refused: the field stays empty */ }
    form.addEventListener("submit", function () {
      try { window.sessionStorage.setItem(KEY, username.value); } catch (e) { /* private mode */ }
    });
  });

  // Forms and buttons that ask for confirmation: data-confirm="question" (once, not again when the
  // form is sent on after the session check below).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute("data-confirm");
    if (form.dataset.sessionChecked) {
      return;
    }
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

  // ---- The session ended: a request of the page's scripts answered 401 ---------------------------
  // The layout's notice says so, with a link that signs in again and comes back to this page (the
  // login page returns to the address it was asked for). Pages keep what the person was doing with
  // Feedloop.onSignedOut(keep, detail): keep() runs when the session ends and again when the page is
  // left; detail is a sentence shown in the notice.
  var keepers = [];
  Feedloop.signedOut = false;

  function keepAll() {
    keepers.forEach(function (keeper) {
      try {
        keeper.keep();
      } catch (e) { /* storage full or refused: the notice still says what happened */ }
    });
  }

  function showSignedOut() {
    var notice = document.querySelector("[data-signed-out]");
    if (!notice) {
      return;
    }
    var params = new URLSearchParams(window.location.search);
    params.delete("continue");
    var query = params.toString();
    notice.querySelector("[data-sign-in-again]").href = window.location.pathname + (query ? "?" + query : "");
    notice.querySelector("[data-signed-out-detail]").textContent =
      keepers.map(function (keeper) { return keeper.detail || ""; }).join(" ").trim();
    notice.hidden = false;
  }

  Feedloop.onSignedOut = function (keep, detail) {
    keepers.push({ keep: keep || function () {}, detail: detail });
    if (Feedloop.signedOut) {
      keepAll();
      showSignedOut();
    }
  };

  /** The session ended: stop talking to the server, keep the page's work, say so. */
  Feedloop.sessionEnded = function () {
    if (!Feedloop.signedOut) {
      Feedloop.signedOut = true;
      keepAll();
    }
    showSignedOut();
  };

  /** Passes a fetch Response on; a 401 ends the session on this page. */
  Feedloop.checkSignedIn = function (response) {
    if (response.status === 401) {
      Feedloop.sessionEnded();
    }
    return response;
  };

  /** Resolves true while the page is signed in (asks the server); false after saying it is not. */
  Feedloop.whenSignedIn = function () {
    var notice = document.querySelector("[data-signed-out]");
    if (Feedloop.signedOut) {
      Feedloop.sessionEnded();
      return Promise.resolve(false);
    }
    if (!notice || !notice.dataset.checkUrl) {
      return Promise.resolve(true);
    }
    return fetch(notice.dataset.checkUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return Feedloop.checkSignedIn(response).status !== 401; })
      .catch(function () { return true; }); // offline: the page goes on as it would have
  };

  // htmx answers 401 before it would act on HX-Refresh (a reload would lose the page's work).
  document.addEventListener("htmx:beforeOnLoad", function (event) {
    if (event.detail.xhr && event.detail.xhr.status === 401) {
      event.preventDefault();
      Feedloop.sessionEnded();
    }
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-sign-in-again]")) {
      keepAll();
      Feedloop.leaving = true;
    }
  });
  window.addEventListener("pagehide", function () {
    if (Feedloop.signedOut) {
      keepAll();
    }
  });

  // Work a page keeps in this browser while signed out, under "feedloop-kept-<name>"; taken once.
  // Copies nobody came back for are dropped after a week.
  var KEPT = "feedloop-kept-";
  var KEPT_DAYS = 7;

  Feedloop.keep = function (name, value) {
    window.localStorage.setItem(KEPT + name, JSON.stringify({ keptAt: Date.now(), value: value }));
  };

  Feedloop.takeKept = function (name) {
    try {
      var raw = window.localStorage.getItem(KEPT + name);
      window.localStorage.removeItem(KEPT + name);
      var kept = raw ? JSON.parse(raw) : null;
      return kept && kept.value !== undefined ? kept.value : null;
    } catch (e) {
      return null;
    }
  };

  /** What is kept under the name, left in place (for work kept until it is sent); null when nothing is. */
  Feedloop.readKept = function (name) {
    try {
      var raw = window.localStorage.getItem(KEPT + name);
      var kept = raw ? JSON.parse(raw) : null;
      return kept && kept.value !== undefined ? kept.value : null;
    } catch (e) {
      return null;
    }
  };

  Feedloop.dropKept = function (name) {
    try { window.localStorage.removeItem(KEPT + name); } catch (e) { /* private mode */ }
  };

  document.addEventListener("DOMContentLoaded", function () {
    try {
      var oldest = Date.now() - KEPT_DAYS * 24 * 3600 * 1000;
      for (var i = window.localStorage.length - 1; i >= 0; i--) {
        var key = window.localStorage.key(i);
        if (key && key.indexOf(KEPT) === 0) {
          var kept = JSON.parse(window.localStorage.getItem(key) || "null");
          if (!kept || !(kept.keptAt > oldest)) {
            window.localStorage.removeItem(key);
          }
        }
      }
    } catch (e) { /* private mode or a foreign value: nothing to tidy */ }
  });

  /** A short message among the page's flash messages. */
  Feedloop.notice = function (text) {
    var flashes = document.querySelector(".flashes");
    if (!flashes || !text) {
      return;
    }
    var flash = document.createElement("div");
    flash.className = "flash flash-ok";
    flash.setAttribute("role", "status");
    flash.dataset.notice = "";
    flash.textContent = text;
    flashes.appendChild(flash);
  };
  // ---- Forms the pages post ---------------------------------------------------------------------
  // When the session has ended meanwhile, the server can only refuse such a post (its CSRF token
  // ended with the session) and what was typed would be lost. So a post form first asks whether the
  // page is still signed in. If it is not, the typed fields (never passwords or files) are kept in
  // this browser, the signed-out notice says so, and they come back in the same form when the person
  // returns to this page signed in. Forms with their own submit (write, rank) and htmx forms are not
  // touched; an unanswered check (offline) sends the form as before.
  var FORM_KEPT = "form:";

  function checkedForm(form) {
    return (form.getAttribute("method") || "").toLowerCase() === "post"
      && form.closest("main")
      && !form.hasAttribute("hx-post")
      && !form.matches("[data-login-form], .lang-switch");
  }

  function formKey(form) {
    return FORM_KEPT + window.location.pathname + window.location.search + "|" + form.getAttribute("action");
  }

  function keptFields(form) {
    return Array.prototype.filter.call(form.elements, function (input) {
      return input.name && input.name.toLowerCase().indexOf("password") < 0
        && ["hidden", "file", "submit", "button", "reset", "password"].indexOf(input.type) < 0;
    }).map(function (input) {
      var checkable = input.type === "checkbox" || input.type === "radio";
      return { name: input.name, value: input.value, checked: checkable ? input.checked : null };
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || form.dataset.sessionChecked || !checkedForm(form)) {
      return;
    }
    event.preventDefault();
    if (form.dataset.sessionChecking) {
      return;
    }
    form.dataset.sessionChecking = "true";
    var submitter = event.submitter && event.submitter.form === form ? event.submitter : null;
    Feedloop.whenSignedIn().then(function (signedIn) {
      delete form.dataset.sessionChecking;
      if (!signedIn) {
        if (!form.dataset.keptSignedOut && keptFields(form).length > 0) {
          form.dataset.keptSignedOut = "true";
          Feedloop.onSignedOut(function () { Feedloop.keep(formKey(form), keptFields(form)); },
            document.querySelector("[data-signed-out]").dataset.formKept);
        }
        return;
      }
      form.dataset.sessionChecked = "true";
      try {
        if (submitter) {
          form.requestSubmit(submitter);
        } else {
          form.requestSubmit();
        }
      } finally {
        delete form.dataset.sessionChecked;
      }
    });
  });

  document.addEventListener("DOMContentLoaded", function () {
    var restored = false;
    document.querySelectorAll("main form").forEach(function (form) {
      if (!checkedForm(form)) {
        return;
      }
      var fields = Feedloop.takeKept(formKey(form));
      if (!Array.isArray(fields)) {
        return;
      }
      var seen = {};
      fields.forEach(function (field) {
        var same = Array.prototype.filter.call(form.elements, function (input) {
          return input.name === field.name;
        });
        if (field.checked !== null) {
          same.forEach(function (input) {
            if (input.value === field.value) {
              input.checked = field.checked;
            }
          });
          return;
        }
        var index = seen[field.name] || 0;
        seen[field.name] = index + 1;
        if (same[index]) {
          same[index].value = field.value;
        }
      });
      restored = true;
    });
    var notice = document.querySelector("[data-signed-out]");
    if (restored && notice) {
      Feedloop.notice(notice.dataset.formBack);
    }
  });

  // A form that came back refused with a message next to a field: the page opens at that field,
  // with the cursor in it, unless the message is already at the top of the page.
  document.addEventListener("DOMContentLoaded", function () {
    var error = document.querySelector("main form .field-error");
    if (!error || document.querySelector(".flashes .flash-error")) {
      return;
    }
    var field = error.closest(".field, fieldset, .card-plain") || error;
    var input = field.querySelector(".has-error input:not([type=hidden]), .has-error textarea, .has-error select, "
      + "[aria-invalid=true]") || field.querySelector("input:not([type=hidden]), textarea, select");
    field.scrollIntoView({ block: "center" });
    if (input && !input.readOnly && document.activeElement === document.body) {
      input.focus({ preventScroll: true });
    }
  });
})();
