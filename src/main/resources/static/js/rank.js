// The rank page: order K candidates best to worst in tiers (a tier with several candidates is a tie),
// by drag and drop (SortableJS) or entirely by keyboard. The tiers themselves are a
// Feedloop.Tiers.TierModel (rank-tiers.js); this file draws them, reads drags and keys, and writes
// the hidden "tiers" field. What was done on a task and not sent yet is kept in this browser, so
// closing the tab or an ended session does not lose it.
(function () {
  "use strict";

  var F = window.Feedloop;

  function RankBoard(form) {
    this.form = form;
    this.data = form.dataset;
    this.board = form.querySelector("[data-rank-board]");
    this.tiersField = form.querySelector("[data-rank-tiers]");
    this.noneBox = form.querySelector("[data-none-acceptable]");
    this.submit = form.querySelector("[data-rank-submit]");
    this.missing = form.querySelector("[data-rank-missing]");
    this.announcer = form.querySelector("[data-rank-announce]");
    this.strength = form.querySelector("[data-strength]");
    this.rationale = form.querySelector("[data-rationale]");
    this.cards = Array.prototype.slice.call(form.querySelectorAll("[data-candidate-card]"));
    this.labels = this.cards.map(function (card) { return card.dataset.label; });
    this.model = new F.Tiers.TierModel(this.cards.length, this.data.tiesAllowed === "true");
    this.model.load(this.tiersField.value);
    this.selected = 0;
    this.sortables = [];
    this.submitting = false;
    this.bind();
    this.render(false);
  }

  RankBoard.prototype.noneAcceptable = function () {
    return !!(this.noneBox && this.noneBox.checked);
  };

  // ---- Rendering -------------------------------------------------------------------------------------
  RankBoard.prototype.render = function (keepFocus) {
    var hadFocus = keepFocus && document.activeElement && document.activeElement.classList.contains("rank-chip");
    this.sortables.forEach(function (s) { s.destroy(); });
    this.sortables = [];
    this.board.textContent = "";
    this.board.classList.toggle("is-disabled", this.noneAcceptable());
    this.board.appendChild(this.renderPool());
    this.board.appendChild(this.renderTiers());
    this.enableDragAndDrop();
    this.updateCards();
    this.updateStrength();
    this.updateSubmit();
    this.tiersField.value = this.model.serialise();
    this.keepDraft();
    if (hadFocus) {
      this.focusSelected();
    }
  };

  RankBoard.prototype.renderPool = function () {
    var self = this;
    var free = this.model.unplaced();
    var wrap = element("div", "rank-pool-wrap");
    wrap.appendChild(element("p", "rank-pool-title", free.length ? this.data.msgPool : this.data.msgPoolDone));
    var pool = zone("rank-pool", "pool", 0);
    free.forEach(function (c) { pool.appendChild(self.chip(c)); });
    wrap.appendChild(pool);
    return wrap;
  };

  RankBoard.prototype.renderTiers = function () {
    var self = this;
    var tiers = this.model.tiers;
    var list = element("div", "rank-tiers");
    list.setAttribute("role", "list");
    tiers.forEach(function (tier, t) {
      list.appendChild(zone("rank-gap", "gap", t));
      list.appendChild(self.tierRow(tier, t));
    });
    var last = zone("rank-gap rank-gap-last", "gap", tiers.length);
    last.dataset.hint = tiers.length ? this.data.msgDropNew : this.data.msgDropFirst;
    list.appendChild(last);
    return list;
  };

  RankBoard.prototype.tierRow = function (tier, t) {
    var self = this;
    var tie = tier.length > 1;
    var row = element("div", "rank-tier" + (tie ? " is-tie" : ""));
    row.setAttribute("role", "listitem");
    var number = element("span", "rank-tier-no", String(t + 1));
    number.setAttribute("aria-hidden", "true");
    row.appendChild(number);
    var chips = zone("rank-tier-chips", "tier", t);
    tier.forEach(function (c) { chips.appendChild(self.chip(c)); });
    row.appendChild(chips);
    row.appendChild(element("span", "rank-tier-note", tie ? this.data.msgTie : t === 0 ? this.data.msgBest : ""));
    return row;
  };

  RankBoard.prototype.chip = function (candidate) {
    var chip = element("button", "rank-chip", this.labels[candidate]);
    chip.type = "button";
    chip.dataset.candidate = String(candidate);
    chip.setAttribute("aria-label", this.describe(candidate));
    chip.setAttribute("aria-pressed", String(candidate === this.selected));
    chip.classList.toggle("is-selected", candidate === this.selected);
    return chip;
  };

  /** Where the candidate stands, in words (chips' labels and the announcement after a move). */
  RankBoard.prototype.describe = function (candidate) {
    var label = this.labels[candidate];
    var t = this.model.tierOf(candidate);
    if (t < 0) {
      return F.format(this.data.msgChipUnplaced, label);
    }
    var labels = this.labels;
    var others = this.model.tiedWith(candidate).map(function (c) { return labels[c]; });
    return others.length === 0
      ? F.format(this.data.msgChipTier, label, t + 1)
      : F.format(this.data.msgChipTied, label, t + 1, others.join(", "));
  };

  RankBoard.prototype.updateCards = function () {
    var self = this;
    this.cards.forEach(function (card, c) {
      card.classList.toggle("is-selected", c === self.selected);
      var badge = card.querySelector("[data-placement]");
      if (badge) {
        var t = self.model.tierOf(c);
        badge.textContent = t < 0 ? self.data.msgNotPlaced : F.format(self.data.msgPlacement, t + 1);
        badge.classList.toggle("is-placed", t >= 0);
        badge.classList.toggle("is-tie", self.model.isTie(t));
      }
    });
  };

  /** "How much better is A than B?": asked only for two candidates placed one above the other. */
  RankBoard.prototype.updateStrength = function () {
    if (!this.strength) {
      return;
    }
    var ordered = this.model.isOrderedPair();
    this.strength.hidden = !ordered || this.noneAcceptable();
    if (ordered) {
      var tiers = this.model.tiers;
      this.strength.querySelector("[data-strength-question]").textContent =
        F.format(this.data.msgStrength, this.labels[tiers[0][0]], this.labels[tiers[1][0]]);
    }
    this.strength.querySelectorAll("input").forEach(function (input) { input.disabled = !ordered; });
  };

  /** What is still missing before the ranking can be submitted (empty when complete). */
  RankBoard.prototype.missingItems = function () {
    if (this.noneAcceptable()) {
      return [];
    }
    var labels = this.labels;
    var free = this.model.unplaced().map(function (c) { return labels[c]; });
    return free.length ? [F.format(this.data.msgMissingPlace, free.join(", "))] : [];
  };

  RankBoard.prototype.updateSubmit = function () {
    var missing = this.missingItems();
    var complete = missing.length === 0;
    this.submit.setAttribute("aria-disabled", String(!complete));
    this.submit.classList.toggle("is-incomplete", !complete);
    this.submit.textContent = complete ? this.data.msgSubmit : missing.join("; ");
    this.missing.textContent = complete ? this.data.msgReady : "";
    this.missing.classList.remove("is-missing");
  };

  RankBoard.prototype.announce = function (candidate) {
    if (this.announcer) {
      this.announcer.textContent = this.describe(candidate);
    }
  };

  RankBoard.prototype.focusSelected = function () {
    var chip = this.board.querySelector('.rank-chip[data-candidate="' + this.selected + '"]');
    if (chip) {
      chip.focus();
    }
  };

  RankBoard.prototype.select = function (candidate, focus) {
    this.selected = candidate;
    this.render(false);
    this.cards[candidate].scrollIntoView({ block: "nearest" });
    if (focus) {
      this.focusSelected();
    }
  };

  /** After the tiers changed: draw them, keep the focus on the board, say where the candidate is now. */
  RankBoard.prototype.changed = function (candidate, advance) {
    if (advance) {
      this.selected = this.model.nextUnplacedAfter(candidate);
    }
    this.render(true);
    this.focusSelected();
    this.announce(candidate);
  };

  function element(tag, className, text) {
    var node = document.createElement(tag);
    node.className = className;
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  /** A place chips can be dropped on: the pool, a gap between tiers (a new tier) or a tier (a tie). */
  function zone(className, kind, index) {
    var node = element("div", className);
    node.dataset.zone = kind;
    node.dataset.index = String(index);
    return node;
  }

  // ---- Drag and drop ---------------------------------------------------------------------------------
  RankBoard.prototype.enableDragAndDrop = function () {
    if (!window.Sortable || this.noneAcceptable()) {
      return;
    }
    var self = this;
    this.board.querySelectorAll("[data-zone]").forEach(function (zoneElement) {
      self.sortables.push(window.Sortable.create(zoneElement, self.sortableOptions(zoneElement)));
    });
  };

  RankBoard.prototype.sortableOptions = function (zoneElement) {
    var self = this;
    var board = this.board;
    var isTier = zoneElement.dataset.zone === "tier";
    return {
      group: {
        name: "rank",
        put: function (to) {
          return self.model.tiesAllowed || !isTier || to.el.children.length === 0;
        }
      },
      animation: 120,
      forceFallback: true,
      fallbackOnBody: true,
      fallbackTolerance: 3,
      emptyInsertThreshold: 12,
      ghostClass: "rank-chip-ghost",
      chosenClass: "rank-chip-chosen",
      dragClass: "rank-chip-drag",
      onStart: function () { board.classList.add("is-dragging"); },
      onEnd: function (event) {
        board.classList.remove("is-dragging");
        var moved = Number(event.item.dataset.candidate);
        self.model.fromZones(self.droppedZones());
        self.selected = moved;
        // Sortable has finished with the DOM; rebuild it from the new state on the next frame.
        window.requestAnimationFrame(function () { self.changed(moved, false); });
      }
    };
  };

  /** The gaps and tiers as the person dragged them, top to bottom, with the candidates in each. */
  RankBoard.prototype.droppedZones = function () {
    return Array.prototype.map.call(this.board.querySelectorAll(".rank-tiers [data-zone]"), function (zoneElement) {
      return {
        kind: zoneElement.dataset.zone,
        candidates: Array.prototype.map.call(zoneElement.querySelectorAll(".rank-chip"), function (chip) {
          return Number(chip.dataset.candidate);
        })
      };
    });
  };

  // ---- Events ----------------------------------------------------------------------------------------
  RankBoard.prototype.bind = function () {
    var self = this;
    this.bindSelection();
    this.bindSubmit();
    this.bindRatings();
    document.addEventListener("keydown", function (event) { self.onKey(event); });
    // Ratings, flags, strength and rationale are part of what is kept until it is sent.
    this.form.addEventListener("change", function () { self.keepDraft(); });
    this.form.addEventListener("input", function () { self.keepDraft(); });
  };

  RankBoard.prototype.bindSelection = function () {
    var self = this;
    this.board.addEventListener("click", function (event) {
      var chip = event.target.closest(".rank-chip");
      if (chip) {
        self.select(Number(chip.dataset.candidate), true);
      }
    });
    this.cards.forEach(function (card, c) {
      card.addEventListener("click", function (event) {
        if (!event.target.closest("input, label, button, a, select, textarea")) {
          self.selected = c;
          self.render(false);
        }
      });
    });
    if (this.noneBox) {
      this.noneBox.addEventListener("change", function () { self.render(false); });
    }
  };

  RankBoard.prototype.bindSubmit = function () {
    var self = this;
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (self.missingItems().length > 0) {
        self.missing.textContent = F.format(self.data.msgNotSubmitted, self.missingItems().join("; "));
        self.missing.classList.add("is-missing");
        self.submit.focus();
        return;
      }
      if (self.submitting) {
        return;
      }
      // A form sent without a session would be refused and the ranking lost: ask first.
      self.submitting = true;
      F.whenSignedIn().then(function (signedIn) {
        if (!signedIn) {
          self.submitting = false;
          return;
        }
        F.leaving = true;
        self.form.querySelector("[data-active-seconds]").value = String(self.clock.seconds);
        F.dropKept(self.keptName());
        self.form.submit();
      });
    });
  };

  /**
   * Digits on a focused rating choose that value within its group; 0 (unless the scale has a 0),
   * Backspace and Delete clear the rating. None of them changes the ranking there. Clicking the
   * chosen value again clears it (the group remembers its value, since a radio is already checked
   * when its click event arrives).
   */
  RankBoard.prototype.bindRatings = function () {
    var self = this;
    function ratingOf(input) {
      return input.type === "radio" && input.closest("[data-rating]");
    }
    this.form.addEventListener("keydown", function (event) {
      var rating = ratingOf(event.target);
      var digit = /^[0-9]$/.test(event.key);
      if (!rating || (!digit && event.key !== "Backspace" && event.key !== "Delete")) {
        return;
      }
      var option = digit ? rating.querySelector('input[value="' + event.key + '"]') : null;
      if (option) {
        option.checked = true;
        option.focus();
        option.dispatchEvent(new Event("change", { bubbles: true }));
      } else if (!digit || event.key === "0") {
        self.clearRating(rating);
      }
      event.preventDefault();
      event.stopPropagation();
    }, true);
    this.form.addEventListener("change", function (event) {
      var rating = ratingOf(event.target);
      if (rating && event.target.checked) {
        rating.dataset.chosen = event.target.value;
      }
    });
    this.form.addEventListener("click", function (event) {
      var rating = ratingOf(event.target);
      if (rating && rating.dataset.chosen === event.target.value) {
        self.clearRating(rating);
      }
    });
  };

  RankBoard.prototype.clearRating = function (rating) {
    rating.querySelectorAll("input:checked").forEach(function (input) { input.checked = false; });
    delete rating.dataset.chosen;
    this.keepDraft();
  };

  // ---- Keyboard --------------------------------------------------------------------------------------
  RankBoard.prototype.onKey = function (event) {
    var target = event.target;
    if (event.defaultPrevented || event.altKey || event.metaKey || (target.closest && target.closest("dialog"))) {
      return;
    }
    if (this.pageKey(event)) {
      event.preventDefault();
      return;
    }
    if (event.ctrlKey || event.key === "Enter" || event.key === "Escape" || F.isTyping(target)) {
      return;
    }
    var command = F.Tiers.keyCommand(event.key, {
      labels: this.labels,
      selected: this.selected,
      none: this.noneAcceptable(),
      onRating: !!(target.closest && target.closest("[data-rating], [data-flags], [data-strength]")),
      hasNoneBox: !!this.noneBox
    });
    if (command) {
      this.run(command);
      event.preventDefault();
    }
  };

  /** Ctrl+Enter and Enter submit, Escape goes back to the board; true when the key was one of them. */
  RankBoard.prototype.pageKey = function (event) {
    var target = event.target;
    if (event.key === "Enter" && event.ctrlKey) {
      this.form.requestSubmit(this.submit);
      return true;
    }
    if (event.ctrlKey) {
      return false;
    }
    if (event.key === "Escape") {
      if (target !== document.body && this.form.contains(target)) {
        this.focusSelected();
        return true;
      }
      return false;
    }
    if (event.key === "Enter" && !F.isTyping(target)) {
      if (target.tagName === "BUTTON" && !target.classList.contains("rank-chip") && target !== this.submit) {
        return false; // a button's own Enter
      }
      this.form.requestSubmit(this.submit);
      return true;
    }
    return false;
  };

  RankBoard.prototype.run = function (command) {
    var c = this.selected;
    if (F.Tiers.changesTiers(command)) {
      var result = this.model.apply(command, c);
      if (result.changed || command.action === "place") {
        this.changed(c, result.advance);
      }
    } else if (command.action === "select") {
      this.select(command.candidate, true);
    } else if (command.action === "toggleNone") {
      this.noneBox.checked = !this.noneBox.checked;
      this.render(false);
      this.noneBox.focus();
    } else if (command.action === "rate") {
      this.focusRating(c);
    } else if (command.action === "legend") {
      var legend = this.form.querySelector("[data-key-legend]");
      if (legend) {
        legend.open = !legend.open;
      }
    }
  };

  /** R: focus the candidate's first rating (its chosen value when it has one) or its first flag. */
  RankBoard.prototype.focusRating = function (candidate) {
    var first = this.cards[candidate].querySelector("[data-rating] input, [data-flags] input");
    if (first) {
      var rating = first.closest("[data-rating]");
      var checked = rating && rating.querySelector("input:checked");
      (checked || first).focus();
    }
  };

  // ---- Kept in this browser until it is sent ---------------------------------------------------------
  /** Where this task's ranking is kept (the lease token tells people and attempts apart). */
  RankBoard.prototype.keptName = function () {
    return "rank-" + this.data.taskId + "-" + this.form.querySelector("input[name=leaseToken]").value;
  };

  /** The tiers, ratings, flags, strength, "none acceptable" and rationale; null when nothing was done. */
  RankBoard.prototype.snapshot = function () {
    var checked = Array.prototype.map.call(
      this.form.querySelectorAll("input[type=radio]:checked, input[type=checkbox]:checked"),
      function (input) { return { name: input.name, value: input.value }; });
    var text = this.rationale ? this.rationale.value : "";
    // A text the page showed as already saved (an adjudication's current note) is nothing to keep.
    var saved = this.rationale ? this.rationale.getAttribute("data-saved-text") : null;
    if (this.model.isEmpty() && checked.length === 0
        && (text.trim() === "" || (saved !== null && text.trim() === saved.trim()))) {
      return null;
    }
    return { tiers: this.model.tiers, checked: checked, rationale: text };
  };

  /** Keeps what was done so far, so that closing the tab does not lose it (dropped on submit). */
  RankBoard.prototype.keepDraft = function () {
    if (!this.keeping || this.submitting) {
      return;
    }
    try {
      var state = this.snapshot();
      if (state) {
        F.keep(this.keptName(), state);
      } else {
        F.dropKept(this.keptName());
      }
    } catch (e) { /* storage full or refused: the page goes on as before */ }
  };

  /** The session ended: keep the ranking, and say so when it comes back after signing in. */
  RankBoard.prototype.keep = function () {
    var state = this.snapshot();
    if (state) {
      state.signedOut = true;
      F.keep(this.keptName(), state);
    }
  };

  /**
   * Puts back what was kept on this task (after signing in again, or on opening it again), then
   * starts keeping: until then, drawing the empty board must not overwrite what was kept.
   */
  RankBoard.prototype.restoreKept = function () {
    var kept = F.readKept(this.keptName());
    if (kept && Array.isArray(kept.tiers)) {
      this.putBack(kept);
    }
    this.keeping = true;
    this.keepDraft();
  };

  RankBoard.prototype.putBack = function (kept) {
    var form = this.form;
    (kept.checked || []).forEach(function (choice) {
      form.querySelectorAll("input[type=radio], input[type=checkbox]").forEach(function (input) {
        if (input.name === choice.name && input.value === choice.value) {
          input.checked = true;
          input.dispatchEvent(new Event("change", { bubbles: true }));
        }
      });
    });
    if (this.rationale && typeof kept.rationale === "string") {
      this.rationale.value = kept.rationale;
    }
    this.model.load(kept.tiers);
    this.render(false);
    F.notice(kept.signedOut ? this.data.msgRestored : this.data.msgDraftRestored);
  };

  // ---- Diff between two answers -------------------------------------------------------------------
  function bindDiff(form) {
    var left = form.querySelector("[data-diff-left]");
    var right = form.querySelector("[data-diff-right]");
    if (!left || !right) {
      return;
    }
    function distinct(changed) {
      if (left.value === right.value) {
        var other = changed === left ? right : left;
        other.selectedIndex = (other.selectedIndex + 1) % other.options.length;
      }
    }
    left.addEventListener("change", function () { distinct(left); });
    right.addEventListener("change", function () { distinct(right); });
  }

  F.start("[data-rank-form]", function (form) {
    var board = F.startTask(form, new RankBoard(form));
    bindDiff(form);
    F.warnBeforeLeaving(function () { return board.snapshot() !== null; });
    F.rankBoard = board;
  });
})();
