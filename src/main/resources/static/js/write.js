// The write page: a markdown editor with live preview (rendered on the server through htmx), drafts
// saved on the server every few seconds and when the editor loses focus (versioned, so a second tab
// or device on the same task is noticed instead of overwritten), "start from answer X",
// Ctrl+Enter to submit (with a confirmation for very short answers), a warning before leaving
// with unsaved text, and counts of the characters pasted and typed into the answer (sent with every
// draft save and the submit, so they add up over the draft's whole life).
(function () {
  "use strict";

  var F = window.Feedloop;
  var SAVE_EVERY_MS = 4000;

  function Editor(form) {
    this.form = form;
    this.data = form.dataset;
    this.textarea = form.querySelector("[data-editor]");
    this.basedOn = form.querySelector("[data-based-on]");
    this.state = document.querySelector("[data-save-state]");
    this.basedOnLabel = document.querySelector("[data-based-on-label]");
    this.draftVersionField = form.querySelector("[data-draft-version-field]");
    this.conflictBox = document.querySelector("[data-draft-conflict]");
    this.draftVersion = Number(this.data.draftVersion || 0);
    this.pastedChars = Number(this.data.pastedChars || 0);
    this.typedChars = Number(this.data.typedChars || 0);
    this.inserting = false;
    this.draggingOwnText = false;
    this.conflict = false;
    this.version = 0;
    this.savedVersion = 0;
    this.saving = false;
    this.submitting = false;
    this.savedAt = this.data.savedAt ? new Date(this.data.savedAt) : null;
    this.showSaved(this.savedAt ? "saved" : "empty");
    this.bind();
    this.count();
  }

  Editor.prototype.dirty = function () {
    return this.version !== this.savedVersion;
  };

  Editor.prototype.showSaved = function (kind) {
    if (!this.state) {
      return;
    }
    var text;
    if (kind === "saving") {
      text = this.data.msgSaving;
    } else if (kind === "error") {
      text = this.data.msgSaveError;
    } else if (kind === "signed-out") {
      text = this.data.msgSignedOut;
    } else if (kind === "dirty") {
      text = this.data.msgUnsaved;
    } else if (kind === "saved" && this.savedAt) {
      text = F.format(this.data.msgSaved, this.savedAt.toLocaleTimeString(document.documentElement.lang || [], { hour: "2-digit", minute: "2-digit", second: "2-digit" }));
    } else {
      text = this.data.msgEmpty;
    }
    this.state.textContent = text;
    this.state.dataset.state = kind;
  };

  Editor.prototype.changed = function () {
    this.version += 1;
    this.showSaved(F.signedOut ? "signed-out" : "dirty");
    this.count();
  };

  Editor.prototype.count = function () {
    var counter = document.querySelector("[data-word-count]");
    if (counter) {
      var words = this.textarea.value.trim().split(/\s+/).filter(Boolean).length;
      counter.textContent = F.plural(words, { one: this.data.msgWordsOne, other: this.data.msgWords });
    }
  };

  /**
   * Saves the draft if it changed, over the draft version this page last loaded or saved;
   * keepalive lets a save finish while the page closes. Nothing is saved while another tab or
   * device holds a newer draft (until the person chooses what to do).
   */
  Editor.prototype.save = function (keepalive) {
    if (!this.dirty() || this.saving || this.submitting || this.conflict || F.signedOut) {
      return;
    }
    var self = this;
    var version = this.version;
    this.saving = true;
    this.showSaved("saving");
    var body = {
      leaseToken: this.data.leaseToken,
      content: this.textarea.value,
      basedOnCandidateId: this.basedOn.value || null,
      version: this.draftVersion,
      pastedChars: this.pastedChars,
      typedChars: this.typedChars
    };
    var request = keepalive
      ? F.postKeepalive(this.data.draftUrl, body)
      : F.post(this.data.draftUrl, body);
    request.then(function (response) {
      self.saving = false;
      return self.readSaved(response);
    }).then(function (saved) {
      if (!saved) {
        return;
      }
      self.savedVersion = version;
      self.setDraftVersion(saved.version);
      self.savedAt = saved.updatedAt ? new Date(saved.updatedAt) : new Date();
      self.showSaved(self.dirty() ? "dirty" : "saved");
    }).catch(function () {
      self.saving = false;
      self.showSaved(F.signedOut ? "signed-out" : "error");
    });
  };

  /** The saved draft from a save's answer; null when another tab or device saved a newer one. */
  Editor.prototype.readSaved = function (response) {
    if (response.ok) {
      return response.json();
    }
    var self = this;
    return response.json().catch(function () { return null; }).then(function (problem) {
      if (response.status === 409 && problem && problem.code === "draft-conflict") {
        self.showConflict(true);
        return null;
      }
      throw new Error("status " + response.status);
    });
  };

  Editor.prototype.setDraftVersion = function (version) {
    this.draftVersion = Number(version) || 0;
    if (this.draftVersionField) {
      this.draftVersionField.value = String(this.draftVersion);
    }
  };

  /** Shows or hides the notice that another tab or device saved a newer draft; the text stays as it is. */
  Editor.prototype.showConflict = function (on) {
    this.conflict = on;
    if (this.conflictBox) {
      this.conflictBox.hidden = !on;
    }
    this.showSaved(on || this.dirty() ? "dirty" : "saved");
  };

  /** The draft stored on the server now (as another tab or device saved it). */
  Editor.prototype.fetchDraft = function () {
    var url = this.data.draftUrl + "?leaseToken=" + encodeURIComponent(this.data.leaseToken);
    return fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("status " + response.status);
        }
        return response.json();
      });
  };

  /** "Load the newer draft": replaces the text with the stored draft (Ctrl+Z brings this tab's text back). */
  Editor.prototype.loadNewerDraft = function () {
    var self = this;
    this.fetchDraft().then(function (draft) {
      self.replaceAll(draft.content || "");
      self.basedOn.value = draft.basedOnCandidateId || "";
      var button = draft.basedOnCandidateId
        ? document.querySelector('[data-start-from="' + CSS.escape(draft.basedOnCandidateId) + '"]')
        : null;
      self.showBasedOn(button ? button.dataset.label : null);
      self.setDraftVersion(draft.version);
      self.pastedChars = Number(draft.pastedChars || 0);
      self.typedChars = Number(draft.typedChars || 0);
      self.savedVersion = self.version;
      self.savedAt = draft.updatedAt ? new Date(draft.updatedAt) : null;
      self.showConflict(false);
      self.textarea.focus();
    }).catch(function () { self.showSaved("error"); });
  };

  /** "Keep editing here": this tab's text replaces the newer draft, and autosaving resumes. */
  Editor.prototype.keepThisText = function () {
    var self = this;
    this.fetchDraft().then(function (draft) {
      self.setDraftVersion(draft.version);
      self.showConflict(false);
      self.version += 1;
      self.save(false);
      self.textarea.focus();
    }).catch(function () { self.showSaved("error"); });
  };

  Editor.prototype.insertAtCursor = function (text) {
    this.textarea.focus();
    if (!document.execCommand || !document.execCommand("insertText", false, text)) {
      var start = this.textarea.selectionStart;
      var end = this.textarea.selectionEnd;
      this.textarea.setRangeText(text, start, end, "end");
      this.textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }
  };

  /**
   * Replaces the whole text, keeping the browser's undo history where it can. The page put this
   * text in (a candidate to start from, a newer draft), so it counts neither as typed nor as pasted.
   */
  Editor.prototype.replaceAll = function (text) {
    this.textarea.focus();
    this.textarea.select();
    this.inserting = true;
    try {
      if (!document.execCommand || !document.execCommand("insertText", false, text)) {
        this.textarea.value = text;
        this.textarea.dispatchEvent(new Event("input", { bubbles: true }));
      }
    } finally {
      this.inserting = false;
    }
    this.textarea.setSelectionRange(0, 0);
    this.textarea.scrollTop = 0;
  };

  /**
   * Enter inside a list item continues the list; Enter on an empty item ends it: the bare marker
   * goes, that line stays empty and the caret moves to a new line below it, so what is typed next is
   * a paragraph of its own and not a continuation of the last item.
   */
  Editor.prototype.continueList = function (event) {
    var ta = this.textarea;
    if (ta.selectionStart !== ta.selectionEnd) {
      return false;
    }
    var caret = ta.selectionStart;
    var before = ta.value.slice(0, caret);
    var lineStart = before.lastIndexOf("\n") + 1;
    var lineEnd = ta.value.indexOf("\n", caret);
    var line = before.slice(lineStart);
    var rest = ta.value.slice(caret, lineEnd < 0 ? ta.value.length : lineEnd);
    var match = /^(\s*)([-*+]|(\d+)([.)]))(\s+)(\[[ xX]\]\s+)?/.exec(line);
    if (!match) {
      return false;
    }
    event.preventDefault();
    if (line.length === match[0].length && rest.trim() === "") {
      ta.setSelectionRange(lineStart, lineEnd < 0 ? ta.value.length : lineEnd);
      this.insertAtCursor("\n");
      // Set the caret explicitly: Chromium leaves it before a trailing line break otherwise.
      ta.setSelectionRange(lineStart + 1, lineStart + 1);
      return true;
    }
    var marker = match[3] ? (Number(match[3]) + 1) + match[4] : match[2];
    var box = match[6] ? "[ ] " : "";
    this.insertAtCursor("\n" + match[1] + marker + match[5] + box);
    return true;
  };

  Editor.prototype.submit = function () {
    var self = this;
    var text = this.textarea.value.trim();
    var hint = document.querySelector("[data-submit-hint]");
    if (text.length === 0) {
      if (hint) {
        hint.textContent = this.data.msgEmptySubmit;
      }
      this.textarea.focus();
      return;
    }
    var short = text.length < Number(this.data.minLength || 0);
    var proceed = short ? F.confirm(this.data.msgShortConfirm) : Promise.resolve(true);
    proceed.then(function (yes) {
      if (!yes) {
        self.textarea.focus();
        return;
      }
      // A form sent without a session would be refused and its text lost: ask first.
      return F.whenSignedIn().then(function (signedIn) {
        if (!signedIn || self.submitting) {
          return;
        }
        self.submitting = true;
        F.leaving = true;
        // the lease ends with this submit: a fix's live diff still waiting or on its way would only
        // be refused for it
        self.form.dataset.submitting = "true";
        document.querySelectorAll("[data-fix-diff]").forEach(function (diff) {
          if (window.htmx) {
            window.htmx.trigger(diff, "htmx:abort");
          }
        });
        self.form.querySelector("[data-active-seconds]").value = String(self.clock.seconds);
        self.form.querySelector("[data-pasted-chars-field]").value = String(self.pastedChars);
        self.form.querySelector("[data-typed-chars-field]").value = String(self.typedChars);
        self.form.submit();
      });
    });
  };

  /** Takes away "write an answer first" once there is text (a hint left standing reads as a new refusal). */
  Editor.prototype.clearSubmitHint = function () {
    var hint = document.querySelector("[data-submit-hint]");
    if (hint && hint.textContent && this.textarea.value.trim().length > 0) {
      hint.textContent = "";
    }
  };

  /** Where this task's text is kept while signed out (the lease token tells people apart). */
  Editor.prototype.keptName = function () {
    return "write-" + this.data.taskId + "-" + this.data.leaseToken;
  };

  /** Keeps the unsaved text in this browser when the session has ended. */
  Editor.prototype.keep = function () {
    this.showSaved("signed-out");
    if (this.dirty()) {
      F.keep(this.keptName(), {
        content: this.textarea.value,
        basedOnCandidateId: this.basedOn.value || null,
        pastedChars: this.pastedChars,
        typedChars: this.typedChars,
        serverSavedAt: this.savedAt ? this.savedAt.toISOString() : null
      });
    }
  };

  /**
   * After signing in again: puts back the text kept when the session ended, unless the server has
   * a draft saved after the last one this page knew of (another tab went on with the task).
   */
  Editor.prototype.restoreKept = function () {
    var kept = F.takeKept(this.keptName());
    if (!kept || typeof kept.content !== "string" || kept.content === this.textarea.value) {
      return;
    }
    var serverAt = this.data.savedAt ? Date.parse(this.data.savedAt) : NaN;
    var knownAt = kept.serverSavedAt ? Date.parse(kept.serverSavedAt) : NaN;
    if (!isNaN(serverAt) && (isNaN(knownAt) || serverAt > knownAt)) {
      return;
    }
    this.textarea.value = kept.content;
    this.basedOn.value = kept.basedOnCandidateId || "";
    if (typeof kept.pastedChars === "number" && typeof kept.typedChars === "number") {
      this.pastedChars = kept.pastedChars;
      this.typedChars = kept.typedChars;
    }
    var source = null;
    document.querySelectorAll("[data-start-from]").forEach(function (button) {
      if (button.dataset.startFrom === kept.basedOnCandidateId) {
        source = button;
      }
    });
    this.showBasedOn(source ? source.dataset.label : null);
    this.changed();
    if (window.htmx) {
      window.htmx.trigger(this.textarea, "preview");
    }
    F.notice(this.data.msgRestored);
  };

  /** Characters as the server stores them: with LF line breaks. */
  function length(text) {
    return text ? text.replace(/\r\n?/g, "\n").length : 0;
  }

  /**
   * Counts what goes into the answer: the text of every paste and of every drop from outside the
   * editor as pasted; every character typed (keys, line breaks, finished IME compositions,
   * spelling corrections) as typed. Deleting subtracts nothing.
   */
  Editor.prototype.countInput = function () {
    var self = this;
    var ta = this.textarea;
    ta.addEventListener("paste", function (event) {
      var data = event.clipboardData;
      self.pastedChars += length(data ? data.getData("text/plain") || data.getData("text") : "");
    });
    ta.addEventListener("dragstart", function () { self.draggingOwnText = true; });
    ta.addEventListener("dragend", function () { self.draggingOwnText = false; });
    ta.addEventListener("drop", function (event) {
      // Text moved inside the editor was counted when it first went in.
      if (!self.draggingOwnText && event.dataTransfer) {
        self.pastedChars += length(event.dataTransfer.getData("text/plain") || event.dataTransfer.getData("text"));
      }
      self.draggingOwnText = false;
    });
    ta.addEventListener("compositionend", function (event) {
      self.typedChars += length(event.data);
    });
    ta.addEventListener("input", function (event) {
      if (self.inserting || event.isComposing) {
        return;
      }
      var type = event.inputType;
      if (type === "insertText" || type === "insertReplacementText") {
        var text = event.data;
        if (text == null && event.dataTransfer) {
          text = event.dataTransfer.getData("text/plain");
        }
        self.typedChars += length(text);
      } else if (type === "insertLineBreak" || type === "insertParagraph") {
        self.typedChars += 1;
      }
    });
  };

  Editor.prototype.bind = function () {
    var self = this;
    this.countInput();
    this.textarea.addEventListener("input", function () {
      self.changed();
      self.clearSubmitHint();
    });
    this.textarea.addEventListener("blur", function () { self.save(false); });
    this.textarea.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.ctrlKey && !event.metaKey && !event.shiftKey && !event.altKey) {
        self.continueList(event);
      }
    });
    window.setInterval(function () { self.save(false); }, SAVE_EVERY_MS);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") {
        self.save(true);
      }
    });
    F.warnBeforeLeaving(function () { return self.dirty(); }, function () { self.save(true); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && !event.target.closest("dialog")) {
        event.preventDefault();
        self.submit();
      }
    });
    document.body.addEventListener("htmx:beforeRequest", function (event) {
      if (self.submitting && event.detail.elt && event.detail.elt.matches("[data-fix-diff]")) {
        event.preventDefault();
      }
    });
    this.form.addEventListener("submit", function (event) {
      if (!self.submitting) {
        event.preventDefault();
        self.submit();
      }
    });

    document.addEventListener("click", function (event) {
      if (event.target.closest("[data-draft-load]")) {
        self.loadNewerDraft();
      } else if (event.target.closest("[data-draft-keep]")) {
        self.keepThisText();
      }
    });

    // "Start from answer X": copy the candidate's text into the editor, remember which one.
    document.addEventListener("click", function (event) {
      var button = event.target.closest("[data-start-from]");
      if (!button) {
        return;
      }
      var source = document.querySelector(button.dataset.source);
      var apply = function (yes) {
        if (!yes) {
          return;
        }
        var dialog = button.closest("dialog");
        if (dialog) {
          dialog.close();
        }
        self.basedOn.value = button.dataset.startFrom;
        self.replaceAll(source.value);
        self.showBasedOn(button.dataset.label);
        self.changed();
        self.clearSubmitHint();
        self.save(false);
      };
      if (self.textarea.value.trim().length > 0 && self.textarea.value !== source.value) {
        F.confirm(F.format(self.data.msgReplaceConfirm, button.dataset.label)).then(apply);
      } else {
        apply(true);
      }
    });

    // Editor view: write, preview, or both side by side (remembered in this browser).
    var layout = document.querySelector("[data-editor-layout]");
    var tabs = document.querySelectorAll("[data-editor-mode]");
    function mode(name) {
      layout.dataset.mode = name;
      tabs.forEach(function (tab) {
        var on = tab.dataset.editorMode === name;
        tab.setAttribute("aria-selected", String(on));
        tab.tabIndex = on ? 0 : -1;
      });
      if (name !== "write" && window.htmx) {
        window.htmx.trigger(self.textarea, "preview");
      }
      try { window.localStorage.setItem("feedloop-editor-mode", name); } catch (e) { /* private mode */ }
    }
    tabs.forEach(function (tab) {
      tab.addEventListener("click", function () { mode(tab.dataset.editorMode); });
      tab.addEventListener("keydown", function (event) {
        if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
          var list = Array.prototype.slice.call(tabs);
          var next = list[(list.indexOf(tab) + (event.key === "ArrowRight" ? 1 : list.length - 1)) % list.length];
          next.focus();
          mode(next.dataset.editorMode);
          event.preventDefault();
        }
      });
    });
    var saved = null;
    try { saved = window.localStorage.getItem("feedloop-editor-mode"); } catch (e) { /* private mode */ }
    mode(saved === "preview" || saved === "split" ? saved : "write");

    var mono = document.querySelector("[data-monospace]");
    if (mono) {
      try { mono.checked = window.localStorage.getItem("feedloop-editor-mono") === "true"; } catch (e) { /* private mode */ }
      var applyMono = function () {
        self.textarea.classList.toggle("is-mono", mono.checked);
        try { window.localStorage.setItem("feedloop-editor-mono", String(mono.checked)); } catch (e) { /* private mode */ }
      };
      mono.addEventListener("change", applyMono);
      applyMono();
    }
  };

  /** The starting point in words (a model's draft), or nothing. */
  Editor.prototype.showStartedFrom = function (text) {
    if (this.basedOnLabel) {
      this.basedOnLabel.textContent = text || "";
      this.basedOnLabel.hidden = !text;
    }
  };

  Editor.prototype.showBasedOn = function (label) {
    if (this.basedOnLabel) {
      this.basedOnLabel.textContent = label ? F.format(this.data.msgBasedOn, label) : "";
      this.basedOnLabel.hidden = !label;
    }
  };

  F.start("[data-write-form]", function (form) {
    F.editor = F.startTask(form, new Editor(form));
    // On a phone the focused editor sits below the prompt, and the browser scrolls to it past the
    // "answer submitted" notice: the page starts at the top instead (the cursor stays in the editor).
    if (document.querySelector(".flashes .flash") && window.scrollY > 0) {
      window.scrollTo(0, 0);
    }
  });
})();
