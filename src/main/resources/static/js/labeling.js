// Shared behaviour of the labeling pages (write, rank, review, history): syntax highlighting of
// rendered code blocks, folding long answers, the lease timer with heartbeats, active-time counting,
// and dialogs. Every text shown comes from data-* attributes that the templates fill from the
// message bundles. No inline script anywhere (the CSP forbids it).
(function () {
  "use strict";

  var Feedloop = window.Feedloop = window.Feedloop || {};

  /** "{0} of {1}" style message formatting. */
  Feedloop.format = function (pattern) {
    var args = Array.prototype.slice.call(arguments, 1);
    return String(pattern || "").replace(/\{(\d+)\}/g, function (match, index) {
      return args[index] !== undefined ? args[index] : match;
    });
  };

  /**
   * A message for a count in the page's language: patterns.one for one thing (in that language's
   * sense), patterns.other otherwise; both "{0} ..." patterns.
   */
  Feedloop.plural = function (count, patterns) {
    var category = "other";
    try {
      category = new Intl.PluralRules(document.documentElement.lang || undefined).select(count);
    } catch (e) { /* an unknown language: the general form */ }
    var pattern = category === "one" && patterns.one ? patterns.one : patterns.other;
    return Feedloop.format(pattern, count);
  };

  Feedloop.isTyping = function (element) {
    if (!element) {
      return false;
    }
    var tag = element.tagName;
    if (tag === "TEXTAREA" || tag === "SELECT" || element.isContentEditable) {
      return true;
    }
    return tag === "INPUT" && !/^(radio|checkbox|button|submit|reset)$/i.test(element.type);
  };

  // ---- Syntax highlighting of rendered markdown --------------------------------------------------
  Feedloop.highlight = function (root) {
    if (!window.hljs) {
      return;
    }
    (root || document).querySelectorAll(".md pre code").forEach(function (block) {
      if (block.dataset.highlighted) {
        return;
      }
      var explicit = /\blanguage-[\w+#-]+/.test(block.className);
      if (!explicit && block.textContent.length > 20000) {
        return; // auto-detection on huge blocks would stall the page
      }
      window.hljs.highlightElement(block);
    });
  };

  // ---- "Show more" for long answers --------------------------------------------------------------
  Feedloop.fold = function (root) {
    (root || document).querySelectorAll("[data-foldable]").forEach(function (box) {
      if (box.dataset.foldReady) {
        return;
      }
      box.dataset.foldReady = "true";
      var button = box.parentElement.querySelector("[data-fold-toggle]");
      if (!button) {
        return;
      }
      if (box.scrollHeight <= box.clientHeight + 24) {
        box.classList.remove("is-folded");
        button.hidden = true;
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        var folded = box.classList.toggle("is-folded");
        button.textContent = folded ? button.dataset.more : button.dataset.less;
        button.setAttribute("aria-expanded", String(!folded));
      });
    });
  };

  // ---- Active time: seconds the page was visible and the person did something in the last minute --
  function ActiveClock(key) {
    var stored = key ? Number(window.sessionStorage.getItem(key)) : 0;
    this.seconds = isFinite(stored) ? stored : 0;
    this.lastActivity = Date.now();
    var self = this;
    ["keydown", "mousemove", "mousedown", "scroll", "touchstart", "input"].forEach(function (type) {
      document.addEventListener(type, function () { self.lastActivity = Date.now(); }, { passive: true, capture: true });
    });
    window.setInterval(function () {
      if (self.isActive()) {
        self.seconds += 1;
        if (key) {
          window.sessionStorage.setItem(key, String(self.seconds));
        }
      }
    }, 1000);
  }
  ActiveClock.prototype.isActive = function () {
    return document.visibilityState === "visible" && Date.now() - this.lastActivity < 60000;
  };
  Feedloop.ActiveClock = ActiveClock;

  /**
   * Start-up of a task page (write, rank) once its form is bound: work kept in this browser comes
   * back, is kept again when the session ends, active time is counted and the lease is kept alive.
   * page has restoreKept() and keep(); it gains clock.
   */
  Feedloop.startTask = function (form, page) {
    page.restoreKept();
    Feedloop.onSignedOut(function () { page.keep(); }, form.dataset.msgKept);
    page.clock = new ActiveClock("feedloop-active-" + form.dataset.taskId);
    Feedloop.lease(document.querySelector("[data-lease]"), page.clock);
    return page;
  };

  // ---- Lease timer and heartbeats -----------------------------------------------------------------
  // <div data-lease data-heartbeat-url=".." data-lease-token=".." data-expires-at="ISO"
  //      data-msg-left="{0} left" data-msg-expired="..">
  Feedloop.lease = function (element, clock) {
    if (!element) {
      return null;
    }
    var expiresAt = Date.parse(element.dataset.expiresAt);
    var label = element.querySelector("[data-lease-label]") || element;
    var lost = false;
    var lastBeat = Date.now();

    function render() {
      var left = Math.max(0, Math.round((expiresAt - Date.now()) / 1000));
      var minutes = Math.floor(left / 60);
      var seconds = left % 60;
      var text = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
      if (left === 0 || lost) {
        label.textContent = element.dataset.msgExpired;
        element.classList.add("is-expired");
        element.classList.remove("is-low");
      } else {
        label.textContent = Feedloop.format(element.dataset.msgLeft, text);
        element.classList.toggle("is-low", left < 300);
        element.classList.remove("is-expired");
      }
    }

    function beat() {
      if (Feedloop.signedOut) {
        return; // nothing to renew until the person signs in again
      }
      lastBeat = Date.now();
      Feedloop.post(element.dataset.heartbeatUrl, { leaseToken: element.dataset.leaseToken })
        .then(function (response) {
          if (response.status === 409 || response.status === 410 || response.status === 404) {
            lost = true;
            render();
            return null;
          }
          return response.ok ? response.json() : null;
        })
        .then(function (body) {
          if (body && body.expiresAt) {
            expiresAt = Date.parse(body.expiresAt);
            lost = false;
            render();
          }
        })
        .catch(function () { /* offline: the next beat tries again */ });
    }

    window.setInterval(render, 1000);
    // Beat every minute while the person works on the page; a page left alone lets its lease run out.
    window.setInterval(function () {
      if (clock.isActive() && Date.now() - lastBeat >= 55000) {
        beat();
      }
    }, 5000);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible" && Date.now() - lastBeat > 15000) {
        beat();
      }
    });
    render();
    return { beat: beat };
  };

  // ---- Dialogs: buttons with data-open-dialog="#id"; <dialog> closes itself on Escape --------------
  document.addEventListener("click", function (event) {
    var opener = event.target.closest("[data-open-dialog]");
    if (opener) {
      var dialog = document.querySelector(opener.getAttribute("data-open-dialog"));
      if (dialog && !dialog.open) {
        dialog.showModal();
      }
      return;
    }
    var closer = event.target.closest("[data-close-dialog]");
    if (closer) {
      closer.closest("dialog").close();
    }
  });

  // Skipping leaves the task on purpose: no "unsaved changes" question. A skip sent without a
  // session would be refused: ask first, and say the session ended instead.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.closest("#skip-dialog") || form.dataset.signedInChecked) {
      return;
    }
    event.preventDefault();
    Feedloop.whenSignedIn().then(function (signedIn) {
      if (!signedIn) {
        form.closest("dialog").close();
        return;
      }
      form.dataset.signedInChecked = "true";
      Feedloop.leaving = true;
      form.requestSubmit();
    });
  });

  // Skip dialogs: the free-text reason is required when "other" is chosen.
  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-skip-reason]")) {
      var form = event.target.form;
      var text = form.querySelector("[data-skip-text]");
      if (text) {
        text.required = event.target.value === "other";
      }
    }
  });

  // ---- A confirmation in the page's own dialog: <dialog data-confirm-dialog> with [data-confirm-text],
  // [data-confirm-ok] and [data-close-dialog]. Resolves true when confirmed.
  Feedloop.confirm = function (text) {
    var dialog = document.querySelector("[data-confirm-dialog]");
    if (!dialog) {
      return Promise.resolve(window.confirm(text));
    }
    dialog.querySelector("[data-confirm-text]").textContent = text;
    return new Promise(function (resolve) {
      var ok = dialog.querySelector("[data-confirm-ok]");
      function done(result) {
        ok.removeEventListener("click", onOk);
        dialog.removeEventListener("close", onClose);
        resolve(result);
      }
      function onOk() { dialog.close("ok"); }
      function onClose() { done(dialog.returnValue === "ok"); }
      dialog.returnValue = "";
      ok.addEventListener("click", onOk);
      dialog.addEventListener("close", onClose);
      dialog.showModal();
      ok.focus();
    });
  };

  // ---- Panels that open and close (guidelines) ---------------------------------------------------
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-toggle-panel]");
    if (!toggle) {
      return;
    }
    var panel = document.querySelector(toggle.getAttribute("data-toggle-panel"));
    var open = panel.hidden;
    panel.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    if (open) {
      var focusable = panel.querySelector("[data-panel-focus]") || panel;
      focusable.focus();
    } else {
      toggle.focus();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var panel = event.target.closest && event.target.closest("[data-panel]");
    if (panel && !panel.hidden) {
      panel.hidden = true;
      var toggle = document.querySelector('[data-toggle-panel="#' + panel.id + '"]');
      if (toggle) {
        toggle.setAttribute("aria-expanded", "false");
        toggle.focus();
      }
    }
  });

  function ready() {
    Feedloop.highlight(document);
    Feedloop.fold(document);
  }
  document.addEventListener("DOMContentLoaded", ready);
  // Content swapped in by htmx (preview, diff) gets the same treatment.
  document.addEventListener("htmx:afterSwap", function (event) {
    Feedloop.highlight(event.target);
    Feedloop.fold(event.target);
  });
})();
