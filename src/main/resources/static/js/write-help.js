// The write page's model help (frontend-templates/labeling/write-help.html): "Draft with model"
// streams a fresh draft into the editor as server-sent events read from a POST (fetch, so the CSRF
// header goes with it), after asking before it replaces a text; "Stop" (or Escape) ends it and keeps
// what came so far. "Check my answer" sends the editor's text and shows the critique the server
// rendered (model text escaped there); nothing in the editor changes. Failures are shown in plain
// words and the editor's text stays.
(function () {
  "use strict";

  var F = window.Feedloop;

  function Help(panel, editor) {
    this.panel = panel;
    this.data = panel.dataset;
    this.editor = editor;
    this.select = panel.querySelector("[data-help-endpoint]");
    this.draftButton = panel.querySelector("[data-help-draft]");
    this.stopButton = panel.querySelector("[data-help-stop]");
    this.checkButton = panel.querySelector("[data-help-check]");
    this.status = panel.querySelector("[data-help-status]");
    this.error = panel.querySelector("[data-help-error]");
    this.critique = panel.querySelector("[data-help-critique]");
    this.abort = null;
    this.bind();
  }

  Help.prototype.headers = function (accept) {
    var headers = F.csrfHeaders();
    headers["Content-Type"] = "application/x-www-form-urlencoded;charset=UTF-8";
    headers["Accept"] = accept;
    headers["X-Requested-With"] = "fetch";
    return headers;
  };

  Help.prototype.endpointName = function () {
    var option = this.select ? this.select.options[this.select.selectedIndex] : null;
    return option ? option.textContent.split(" · ")[0] : "";
  };

  Help.prototype.say = function (text) {
    this.status.textContent = text || "";
  };

  Help.prototype.fail = function (text) {
    this.error.textContent = text || this.data.msgFailed;
    this.error.hidden = false;
  };

  Help.prototype.clearFailure = function () {
    this.error.hidden = true;
    this.error.textContent = "";
  };

  /** The message of a refused or failed request (problem JSON with "message"), else the general one. */
  Help.prototype.problem = function (response) {
    var self = this;
    return response.json().catch(function () { return null; }).then(function (problem) {
      self.fail(problem && problem.message ? problem.message : null);
    });
  };

  Help.prototype.busy = function (drafting) {
    this.draftButton.hidden = drafting;
    this.stopButton.hidden = !drafting;
    this.checkButton.disabled = drafting;
    this.select.disabled = drafting;
    this.editor.textarea.readOnly = drafting;
    if (drafting) {
      this.stopButton.focus();
    }
  };

  Help.prototype.askDraft = function () {
    var self = this;
    if (F.signedOut) {
      F.sessionEnded();
      return;
    }
    var text = this.editor.textarea.value;
    var proceed = text.trim().length > 0
      ? F.confirm(F.format(this.data.msgReplaceConfirm, this.endpointName()))
      : Promise.resolve(true);
    proceed.then(function (yes) {
      if (yes) {
        self.draft();
      } else {
        self.editor.textarea.focus();
      }
    });
  };

  Help.prototype.draft = function () {
    var self = this;
    var editor = this.editor;
    var name = this.endpointName();
    var body = new URLSearchParams();
    body.append("leaseToken", editor.data.leaseToken);
    body.append("endpointId", this.select.value);
    this.clearFailure();
    this.abort = new AbortController();
    this.say(F.format(this.data.msgDrafting, name));
    this.busy(true);
    var started = false;
    var finished = false;

    function start() {
      if (started) {
        return;
      }
      started = true;
      // The page puts the model's text in: neither typed nor pasted; Ctrl+Z brings the old text back.
      editor.replaceAll("");
      editor.basedOn.value = "";
      editor.showBasedOn(null);
    }

    function append(piece) {
      start();
      var ta = editor.textarea;
      var atEnd = ta.scrollTop + ta.clientHeight >= ta.scrollHeight - 4;
      ta.value += piece;
      ta.dispatchEvent(new Event("input", { bubbles: true }));
      if (atEnd) {
        ta.scrollTop = ta.scrollHeight;
      }
    }

    function end(message, failure) {
      if (finished) {
        return;
      }
      finished = true;
      self.abort = null;
      self.busy(false);
      if (started) {
        editor.showStartedFrom(F.format(self.data.msgStartedFrom, name));
        editor.save(false);
        if (window.htmx) {
          window.htmx.trigger(editor.textarea, "preview");
        }
      }
      self.say(message);
      if (failure) {
        self.fail(failure);
      }
      editor.textarea.focus();
    }

    fetch(this.data.draftUrl, {
      method: "POST", body: body, credentials: "same-origin", signal: this.abort.signal,
      headers: this.headers("text/event-stream")
    }).then(F.checkSignedIn).then(function (response) {
      if (response.status === 401) {
        end("");
        return null;
      }
      var type = response.headers.get("Content-Type") || "";
      if (!response.ok || type.indexOf("text/event-stream") !== 0 || !response.body) {
        end("");
        return self.problem(response);
      }
      return readEvents(response.body, function (kind, data) {
        if (kind === "piece" && typeof data.text === "string") {
          append(data.text);
        } else if (kind === "done") {
          end(F.format(self.data.msgDrafted, name));
        } else if (kind === "failure") {
          end("", data.message);
        }
      }).then(function () {
        end(started ? self.data.msgCut : "", started ? null : self.data.msgFailed);
      });
    }).catch(function (error) {
      if (error && error.name === "AbortError") {
        end(self.data.msgStopped);
      } else {
        end("", self.data.msgFailed);
      }
    });
  };

  Help.prototype.stop = function () {
    if (this.abort) {
      this.abort.abort();
    }
  };

  Help.prototype.check = function () {
    var self = this;
    var text = this.editor.textarea.value;
    this.clearFailure();
    if (text.trim().length === 0) {
      this.fail(this.data.msgNothingToCheck);
      this.editor.textarea.focus();
      return;
    }
    if (F.signedOut) {
      F.sessionEnded();
      return;
    }
    var body = new URLSearchParams();
    body.append("leaseToken", this.editor.data.leaseToken);
    body.append("endpointId", this.select.value);
    body.append("content", text);
    this.checkButton.disabled = true;
    this.draftButton.disabled = true;
    this.say(F.format(this.data.msgChecking, this.endpointName()));
    fetch(this.data.critiqueUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: this.headers("text/html, application/problem+json")
    }).then(F.checkSignedIn).then(function (response) {
      if (response.status === 401) {
        return null;
      }
      if (!response.ok) {
        return self.problem(response);
      }
      return response.text().then(function (html) {
        // The server rendered this fragment: model text in it is escaped or safely rendered markdown.
        self.critique.innerHTML = html;
        F.highlight(self.critique);
      });
    }).catch(function () {
      self.fail(self.data.msgFailed);
    }).then(function () {
      self.checkButton.disabled = false;
      self.draftButton.disabled = false;
      self.say("");
    });
  };

  Help.prototype.bind = function () {
    var self = this;
    if (!this.select) {
      return;
    }
    this.draftButton.addEventListener("click", function () { self.askDraft(); });
    this.stopButton.addEventListener("click", function () { self.stop(); });
    this.checkButton.addEventListener("click", function () { self.check(); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && self.abort && !event.target.closest("dialog")) {
        event.preventDefault();
        self.stop();
      }
    });
  };

  /** Reads a text/event-stream body, calling onEvent(name, parsedData) per event; resolves at its end. */
  function readEvents(stream, onEvent) {
    var reader = stream.getReader();
    var decoder = new TextDecoder();
    var buffer = "";

    function dispatch(block) {
      var name = "message";
      var data = [];
      block.split("\n").forEach(function (line) {
        if (line.indexOf("event:") === 0) {
          name = line.slice(6).trim();
        } else if (line.indexOf("data:") === 0) {
          data.push(line.slice(5).replace(/^ /, ""));
        }
      });
      if (data.length === 0) {
        return;
      }
      var parsed = null;
      try {
        parsed = JSON.parse(data.join("\n"));
      } catch (e) {
        return;
      }
      onEvent(name, parsed || {});
    }

    function pump() {
      return reader.read().then(function (chunk) {
        if (chunk.done) {
          buffer += decoder.decode();
          if (buffer.trim()) {
            dispatch(buffer.replace(/\r/g, ""));
          }
          return;
        }
        buffer += decoder.decode(chunk.value, { stream: true });
        buffer = buffer.replace(/\r\n?/g, "\n");
        var at;
        while ((at = buffer.indexOf("\n\n")) >= 0) {
          dispatch(buffer.slice(0, at));
          buffer = buffer.slice(at + 2);
        }
        return pump();
      });
    }
    return pump();
  }

  F.start("[data-write-help]", function (panel) {
    if (F.editor) {
      F.helpPanel = new Help(panel, F.editor);
    }
    // On a phone the panel is folded above the editor (app.css); the toolbar's toggle opens it
    // there, so it is reached without scrolling past Submit. Wider screens never show the toggle.
    var toggle = document.querySelector("[data-help-toggle]");
    if (toggle) {
      toggle.addEventListener("click", function () {
        var open = panel.classList.toggle("is-open");
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
        if (open) {
          panel.scrollIntoView({ block: "nearest" });
        }
      });
    }
  });
})();
