// The rank page: order K candidates best to worst in tiers (a tier with several candidates is a tie),
// by drag and drop (SortableJS) or entirely by keyboard. The state is kept here and written to the
// hidden "tiers" field as JSON of candidate positions: [[0], [1, 2], [3]].
(function () {
  "use strict";

  var F = window.Feedloop;

  function RankBoard(form) {
    this.form = form;
    this.data = form.dataset;
    this.tiesAllowed = this.data.tiesAllowed === "true";
    this.board = form.querySelector("[data-rank-board]");
    this.tiersField = form.querySelector("[data-rank-tiers]");
    this.noneBox = form.querySelector("[data-none-acceptable]");
    this.submit = form.querySelector("[data-rank-submit]");
    this.missing = form.querySelector("[data-rank-missing]");
    this.announcer = form.querySelector("[data-rank-announce]");
    this.strength = form.querySelector("[data-strength]");
    this.cards = Array.prototype.slice.call(form.querySelectorAll("[data-candidate-card]"));
    this.labels = this.cards.map(function (card) { return card.dataset.label; });
    this.tiers = [];
    this.selected = 0;
    this.sortables = [];
    this.submitting = false;
    this.restore();
    this.bind();
    this.render(false);
  }

  RankBoard.prototype.restore = function () {
    try {
      var stored = JSON.parse(this.tiersField.value || "[]");
      var k = this.cards.length;
      var seen = {};
      this.tiers = stored.map(function (tier) {
        return tier.filter(function (i) {
          var ok = Number.isInteger(i) && i >= 0 && i < k && !seen[i];
          seen[i] = true;
          return ok;
        });
      }).filter(function (tier) { return tier.length > 0; });
    } catch (e) {
      this.tiers = [];
    }
  };

  // ---- State helpers --------------------------------------------------------------------------------
  RankBoard.prototype.tierOf = function (candidate) {
    for (var t = 0; t < this.tiers.length; t++) {
      if (this.tiers[t].indexOf(candidate) >= 0) {
        return t;
      }
    }
    return -1;
  };

  RankBoard.prototype.unplaced = function () {
    var self = this;
    return this.cards.map(function (card, i) { return i; }).filter(function (i) { return self.tierOf(i) < 0; });
  };

  RankBoard.prototype.removeFromTiers = function (candidate) {
    var t = this.tierOf(candidate);
    if (t >= 0) {
      this.tiers[t].splice(this.tiers[t].indexOf(candidate), 1);
    }
    return t;
  };

  RankBoard.prototype.compact = function () {
    this.tiers = this.tiers.filter(function (tier) { return tier.length > 0; });
    this.tiers.forEach(function (tier) { tier.sort(function (a, b) { return a - b; }); });
  };

  // ---- Operations (keyboard and buttons) ------------------------------------------------------------
  /** Puts the candidate into tier n (1-based): joins it (a tie) or, past the end, opens a new last tier. */
  RankBoard.prototype.place = function (candidate, n) {
    var from = this.tierOf(candidate);
    var wasAlone = from >= 0 && this.tiers[from].length === 1;
    this.removeFromTiers(candidate);
    var index = n - 1;
    if (wasAlone && from < index) {
      index -= 1; // its own tier disappears and the ones below move up
    }
    this.compact();
    if (index >= this.tiers.length) {
      this.tiers.push([candidate]);
    } else if (this.tiesAllowed) {
      this.tiers[index].push(candidate);
    } else {
      this.tiers.splice(index, 0, [candidate]);
    }
    this.compact();
  };

  /** Ties the candidate with the tier above it (or, when not placed yet, with the last tier). */
  RankBoard.prototype.tieUp = function (candidate) {
    if (!this.tiesAllowed) {
      return false;
    }
    var t = this.tierOf(candidate);
    if (t < 0) {
      if (this.tiers.length === 0) {
        this.tiers.push([candidate]);
      } else {
        this.tiers[this.tiers.length - 1].push(candidate);
      }
    } else if (this.tiers[t].length === 1 && t > 0) {
      this.tiers.splice(t, 1);
      this.tiers[t - 1].push(candidate);
    } else {
      return false;
    }
    this.compact();
    return true;
  };

  /** Takes the candidate out of its tie, into its own tier just below. */
  RankBoard.prototype.untie = function (candidate) {
    var t = this.tierOf(candidate);
    if (t < 0 || this.tiers[t].length < 2) {
      return false;
    }
    this.removeFromTiers(candidate);
    this.tiers.splice(t + 1, 0, [candidate]);
    return true;
  };

  /** Moves the candidate one step up (-1) or down (+1); a tied candidate first leaves its tie. */
  RankBoard.prototype.move = function (candidate, direction) {
    var t = this.tierOf(candidate);
    if (t < 0) {
      this.tiers.push([candidate]);
      return true;
    }
    if (this.tiers[t].length > 1) {
      this.removeFromTiers(candidate);
      this.tiers.splice(direction < 0 ? t : t + 1, 0, [candidate]);
      return true;
    }
    var target = t + direction;
    if (target < 0 || target >= this.tiers.length) {
      return false;
    }
    var own = this.tiers.splice(t, 1)[0];
    this.tiers.splice(target, 0, own);
    return true;
  };

  RankBoard.prototype.unplace = function (candidate) {
    var t = this.removeFromTiers(candidate);
    this.compact();
    return t >= 0;
  };

  RankBoard.prototype.nextUnplacedAfter = function (candidate) {
    var free = this.unplaced();
    if (free.length === 0) {
      return candidate;
    }
    for (var i = 0; i < free.length; i++) {
      if (free[i] > candidate) {
        return free[i];
      }
    }
    return free[0];
  };

  // ---- Rendering -------------------------------------------------------------------------------------
  RankBoard.prototype.chip = function (candidate) {
    var chip = document.createElement("button");
    chip.type = "button";
    chip.className = "rank-chip";
    chip.dataset.candidate = String(candidate);
    chip.textContent = this.labels[candidate];
    chip.setAttribute("aria-label", this.describe(candidate));
    chip.setAttribute("aria-pressed", String(candidate === this.selected));
    if (candidate === this.selected) {
      chip.classList.add("is-selected");
    }
    return chip;
  };

  RankBoard.prototype.describe = function (candidate) {
    var label = this.labels[candidate];
    var t = this.tierOf(candidate);
    if (t < 0) {
      return F.format(this.data.msgChipUnplaced, label);
    }
    var self = this;
    var others = this.tiers[t].filter(function (c) { return c !== candidate; })
      .map(function (c) { return self.labels[c]; });
    return others.length === 0
      ? F.format(this.data.msgChipTier, label, t + 1)
      : F.format(this.data.msgChipTied, label, t + 1, others.join(", "));
  };

  RankBoard.prototype.zone = function (className, kind, index) {
    var zone = document.createElement("div");
    zone.className = className;
    zone.dataset.zone = kind;
    zone.dataset.index = String(index);
    return zone;
  };

  RankBoard.prototype.render = function (keepFocus) {
    var self = this;
    var hadFocus = keepFocus && document.activeElement && document.activeElement.classList.contains("rank-chip");
    this.sortables.forEach(function (s) { s.destroy(); });
    this.sortables = [];
    this.board.textContent = "";
    this.board.classList.toggle("is-disabled", this.noneBox && this.noneBox.checked);

    var poolWrap = document.createElement("div");
    poolWrap.className = "rank-pool-wrap";
    var poolTitle = document.createElement("p");
    poolTitle.className = "rank-pool-title";
    var free = this.unplaced();
    poolTitle.textContent = free.length ? this.data.msgPool : this.data.msgPoolDone;
    poolWrap.appendChild(poolTitle);
    var pool = this.zone("rank-pool", "pool", 0);
    free.forEach(function (c) { pool.appendChild(self.chip(c)); });
    poolWrap.appendChild(pool);
    this.board.appendChild(poolWrap);

    var list = document.createElement("div");
    list.className = "rank-tiers";
    list.setAttribute("role", "list");
    this.tiers.forEach(function (tier, t) {
      list.appendChild(self.zone("rank-gap", "gap", t));
      var row = document.createElement("div");
      row.className = "rank-tier" + (tier.length > 1 ? " is-tie" : "");
      row.setAttribute("role", "listitem");
      var number = document.createElement("span");
      number.className = "rank-tier-no";
      number.textContent = String(t + 1);
      number.setAttribute("aria-hidden", "true");
      row.appendChild(number);
      var chips = self.zone("rank-tier-chips", "tier", t);
      tier.forEach(function (c) { chips.appendChild(self.chip(c)); });
      row.appendChild(chips);
      var note = document.createElement("span");
      note.className = "rank-tier-note";
      if (tier.length > 1) {
        note.textContent = self.data.msgTie;
      } else if (t === 0) {
        note.textContent = self.data.msgBest;
      }
      row.appendChild(note);
      list.appendChild(row);
    });
    var last = this.zone("rank-gap rank-gap-last", "gap", this.tiers.length);
    last.dataset.hint = this.tiers.length ? this.data.msgDropNew : this.data.msgDropFirst;
    list.appendChild(last);
    this.board.appendChild(list);

    this.enableDragAndDrop();
    this.updateCards();
    this.updateSubmit();
    this.tiersField.value = JSON.stringify(this.tiers);
    if (hadFocus) {
      this.focusSelected();
    }
  };

  RankBoard.prototype.updateCards = function () {
    var self = this;
    this.cards.forEach(function (card, c) {
      card.classList.toggle("is-selected", c === self.selected);
      var badge = card.querySelector("[data-placement]");
      if (badge) {
        var t = self.tierOf(c);
        badge.textContent = t < 0 ? self.data.msgNotPlaced : F.format(self.data.msgPlacement, t + 1);
        badge.classList.toggle("is-placed", t >= 0);
        badge.classList.toggle("is-tie", t >= 0 && self.tiers[t].length > 1);
      }
    });
    if (this.strength) {
      var ordered = this.tiers.length === 2 && this.cards.length === 2;
      this.strength.hidden = !ordered || (this.noneBox && this.noneBox.checked);
      if (ordered) {
        var question = this.strength.querySelector("[data-strength-question]");
        question.textContent = F.format(this.data.msgStrength, this.labels[this.tiers[0][0]], this.labels[this.tiers[1][0]]);
      }
      this.strength.querySelectorAll("input").forEach(function (input) { input.disabled = !ordered; });
    }
  };

  /** What is still missing before the ranking can be submitted (empty when complete). */
  RankBoard.prototype.missingItems = function () {
    if (this.noneBox && this.noneBox.checked) {
      return [];
    }
    var self = this;
    var free = this.unplaced().map(function (c) { return self.labels[c]; });
    return free.length ? [F.format(this.data.msgMissingPlace, free.join(", "))] : [];
  };

  RankBoard.prototype.updateSubmit = function () {
    var missing = this.missingItems();
    var complete = missing.length === 0;
    this.submit.setAttribute("aria-disabled", String(!complete));
    this.submit.classList.toggle("is-incomplete", !complete);
    this.submit.textContent = complete ? this.data.msgSubmit : missing.join("; ");
    this.missing.textContent = complete ? this.data.msgReady : "";
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

  RankBoard.prototype.changed = function (candidate, advance) {
    if (advance) {
      this.selected = this.nextUnplacedAfter(candidate);
    }
    this.render(true);
    this.focusSelected();
    this.announce(candidate);
  };

  // ---- Drag and drop ---------------------------------------------------------------------------------
  RankBoard.prototype.enableDragAndDrop = function () {
    if (!window.Sortable || (this.noneBox && this.noneBox.checked)) {
      return;
    }
    var self = this;
    var board = this.board;
    this.board.querySelectorAll("[data-zone]").forEach(function (zone) {
      var isTier = zone.dataset.zone === "tier";
      self.sortables.push(window.Sortable.create(zone, {
        group: {
          name: "rank",
          put: function (to) {
            return self.tiesAllowed || !isTier || to.el.children.length === 0;
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
          self.readDom();
          self.selected = moved;
          // Sortable has finished with the DOM; rebuild it from the new state on the next frame.
          window.requestAnimationFrame(function () { self.changed(moved, false); });
        }
      }));
    });
  };

  /** Reads the order the person dragged into place: gaps with chips become new tiers. */
  RankBoard.prototype.readDom = function () {
    var tiers = [];
    this.board.querySelectorAll(".rank-tiers [data-zone]").forEach(function (zone) {
      var chips = Array.prototype.map.call(zone.querySelectorAll(".rank-chip"), function (chip) {
        return Number(chip.dataset.candidate);
      });
      if (chips.length === 0) {
        return;
      }
      if (zone.dataset.zone === "gap") {
        chips.forEach(function (c) { tiers.push([c]); });
      } else {
        tiers.push(chips);
      }
    });
    this.tiers = tiers;
    this.compact();
  };

  // ---- Keyboard --------------------------------------------------------------------------------------
  RankBoard.prototype.bind = function () {
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
    document.addEventListener("keydown", function (event) { self.onKey(event); });
    this.form.addEventListener("submit", function (event) {
      if (self.missingItems().length > 0) {
        event.preventDefault();
        self.missing.textContent = self.missingItems().join("; ");
        self.submit.focus();
        return;
      }
      event.preventDefault();
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
        window.Feedloop.leaving = true;
        self.form.querySelector("[data-active-seconds]").value = String(self.clock.seconds);
        self.form.submit();
      });
    });
    // Digits on a focused rating choose that value within its group; 0 (unless the scale has a 0),
    // Backspace and Delete clear the rating. None of them changes the ranking there.
    this.form.addEventListener("keydown", function (event) {
      var input = event.target;
      var rating = input.type === "radio" && input.closest("[data-rating]");
      if (!rating) {
        return;
      }
      var digit = /^[0-9]$/.test(event.key);
      if (!digit && event.key !== "Backspace" && event.key !== "Delete") {
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
    // Clicking the chosen value of a rating again clears it. The group remembers its value, since a
    // radio is already checked when its click event arrives.
    this.form.addEventListener("change", function (event) {
      var rating = event.target.type === "radio" && event.target.closest("[data-rating]");
      if (rating && event.target.checked) {
        rating.dataset.chosen = event.target.value;
      }
    });
    this.form.addEventListener("click", function (event) {
      var input = event.target;
      var rating = input.type === "radio" && input.closest("[data-rating]");
      if (rating && rating.dataset.chosen === input.value) {
        self.clearRating(rating);
      }
    });
  };

  RankBoard.prototype.clearRating = function (rating) {
    rating.querySelectorAll("input:checked").forEach(function (input) { input.checked = false; });
    delete rating.dataset.chosen;
  };

  RankBoard.prototype.onKey = function (event) {
    var target = event.target;
    if (event.defaultPrevented || event.altKey || event.metaKey) {
      return;
    }
    if (target.closest && target.closest("dialog")) {
      return;
    }
    if (event.key === "Enter" && event.ctrlKey) {
      event.preventDefault();
      this.form.requestSubmit(this.submit);
      return;
    }
    if (event.ctrlKey) {
      return;
    }
    if (event.key === "Escape") {
      if (target !== document.body && this.form.contains(target)) {
        this.focusSelected();
        event.preventDefault();
      }
      return;
    }
    if (F.isTyping(target)) {
      return;
    }
    var onRating = target.closest && target.closest("[data-rating], [data-flags], [data-strength]");
    var key = event.key;
    var c = this.selected;
    var handled = true;
    var none = this.noneBox && this.noneBox.checked;
    var letter = key.length === 1 ? this.labels.indexOf(key.toUpperCase()) : -1;
    if (key === "Enter") {
      if (target.tagName === "BUTTON" && !target.classList.contains("rank-chip") && target !== this.submit) {
        return; // a button's own Enter
      }
      this.form.requestSubmit(this.submit);
    } else if (onRating && /^(Arrow|Home|End|Tab| )/.test(key)) {
      return; // native radio and checkbox keys
    } else if (letter >= 0 && key !== "t" && key !== "n" && key !== "r" && key !== "u") {
      this.select(letter, true);
    } else if (/^[1-9]$/.test(key) && !none) {
      this.place(c, Number(key));
      this.changed(c, true);
    } else if ((key === "=" || key === "t") && !none) {
      if (this.tieUp(c)) {
        this.changed(c, true);
      }
    } else if ((key === "-" || key === "u") && !none) {
      if (this.untie(c)) {
        this.changed(c, false);
      }
    } else if ((key === "ArrowUp" || key === "[") && !none) {
      if (this.move(c, -1)) {
        this.changed(c, false);
      }
    } else if ((key === "ArrowDown" || key === "]") && !none) {
      if (this.move(c, 1)) {
        this.changed(c, false);
      }
    } else if (key === "ArrowLeft") {
      this.select((c + this.cards.length - 1) % this.cards.length, true);
    } else if (key === "ArrowRight") {
      this.select((c + 1) % this.cards.length, true);
    } else if ((key === "0" || key === "Backspace" || key === "Delete") && !none && !onRating) {
      if (this.unplace(c)) {
        this.changed(c, false);
      }
    } else if (key === "n" && this.noneBox) {
      this.noneBox.checked = !this.noneBox.checked;
      this.render(false);
      this.noneBox.focus();
    } else if (key === "r") {
      var first = this.cards[c].querySelector("[data-rating] input, [data-flags] input");
      if (first) {
        var checked = first.closest("[data-rating]") && first.closest("[data-rating]").querySelector("input:checked");
        (checked || first).focus();
      }
    } else if (key === "?") {
      var legend = this.form.querySelector("[data-key-legend]");
      if (legend) {
        legend.open = !legend.open;
      }
    } else {
      handled = false;
    }
    if (handled) {
      event.preventDefault();
    }
  };

  // ---- Kept in this browser while signed out -------------------------------------------------------
  /** Where this task's ranking is kept while signed out (the lease token tells people apart). */
  RankBoard.prototype.keptName = function () {
    return "rank-" + this.data.taskId + "-" + this.form.querySelector("input[name=leaseToken]").value;
  };

  /** The tiers, ratings, flags, strength, "none acceptable" and rationale, when anything was done. */
  RankBoard.prototype.keep = function () {
    var checked = Array.prototype.map.call(
      this.form.querySelectorAll("input[type=radio]:checked, input[type=checkbox]:checked"),
      function (input) { return { name: input.name, value: input.value }; });
    var rationale = this.form.querySelector("[data-rationale]");
    var text = rationale ? rationale.value : "";
    if (this.tiers.length > 0 || checked.length > 0 || text.trim() !== "") {
      F.keep(this.keptName(), { tiers: this.tiers, checked: checked, rationale: text });
    }
  };

  /** After signing in again: puts back what was kept when the session ended (nothing else stores it). */
  RankBoard.prototype.restoreKept = function () {
    var kept = F.takeKept(this.keptName());
    if (!kept || !Array.isArray(kept.tiers)) {
      return;
    }
    var form = this.form;
    (kept.checked || []).forEach(function (choice) {
      form.querySelectorAll("input[type=radio], input[type=checkbox]").forEach(function (input) {
        if (input.name === choice.name && input.value === choice.value) {
          input.checked = true;
          input.dispatchEvent(new Event("change", { bubbles: true }));
        }
      });
    });
    var rationale = form.querySelector("[data-rationale]");
    if (rationale && typeof kept.rationale === "string") {
      rationale.value = kept.rationale;
    }
    this.tiersField.value = JSON.stringify(kept.tiers);
    this.restore();
    this.render(false);
    F.notice(this.data.msgRestored);
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

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-rank-form]");
    if (!form) {
      return;
    }
    var board = new RankBoard(form);
    board.restoreKept();
    F.onSignedOut(function () { board.keep(); }, form.dataset.msgKept);
    board.clock = new F.ActiveClock("feedloop-active-" + form.dataset.taskId);
    F.lease(document.querySelector("[data-lease]"), board.clock);
    bindDiff(form);
    window.addEventListener("beforeunload", function (event) {
      var touched = board.tiers.length > 0 || (form.querySelector("[data-rationale]") || {}).value;
      if (touched && !F.leaving) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
    window.Feedloop.rankBoard = board;
  });
})();
