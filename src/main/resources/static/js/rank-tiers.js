// The ranking of the rank page without any page around it: K candidates (0..K-1) ordered best to
// worst in tiers, where a tier of several candidates is a tie. It knows the moves (place, tie,
// untie, move up and down, take out), what a key press on the board means, and the form field's
// JSON ([[0], [1, 2], [3]]). No DOM here: the page (rank.js) draws it, and node's test runner
// checks it (src/test/js). Loaded as a plain script it adds Feedloop.Tiers; under node it is the
// module's export.
(function (root, factory) {
  "use strict";
  var Tiers = factory();
  if (typeof module === "object" && module.exports) {
    module.exports = Tiers;
  } else {
    root.Feedloop = root.Feedloop || {};
    root.Feedloop.Tiers = Tiers;
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  /**
   * The tiers of one task.
   * @param {number} count how many candidates there are (K)
   * @param {boolean} tiesAllowed whether the project lets several candidates share a tier
   */
  function TierModel(count, tiesAllowed) {
    this.count = count;
    this.tiesAllowed = !!tiesAllowed;
    this.tiers = [];
  }

  /**
   * Tiers read back from the form field's JSON (or an array): positions that are not candidates of
   * this task, repeated ones and empty tiers are dropped; anything that is not a list of lists gives
   * no tiers at all.
   */
  TierModel.prototype.load = function (value) {
    var k = this.count;
    var seen = {};
    var stored;
    try {
      stored = typeof value === "string" ? JSON.parse(value || "[]") : value;
    } catch (e) {
      stored = null;
    }
    if (!Array.isArray(stored) || !stored.every(Array.isArray)) {
      this.tiers = [];
      return this;
    }
    this.tiers = stored.map(function (tier) {
      return tier.filter(function (i) {
        var ok = Number.isInteger(i) && i >= 0 && i < k && !seen[i];
        if (ok) {
          seen[i] = true;
        }
        return ok;
      });
    });
    if (!this.tiesAllowed) {
      // A stored tie on a project without ties: every candidate keeps its order in a tier of its own.
      this.tiers = [].concat.apply([], this.tiers.map(function (tier) {
        return tier.map(function (c) { return [c]; });
      }));
    }
    this.compact();
    return this;
  };

  /** The form field's value: the tiers as JSON of candidate positions. */
  TierModel.prototype.serialise = function () {
    return JSON.stringify(this.tiers);
  };

  /** The tier (0-based) the candidate is in, or -1 when it is not placed. */
  TierModel.prototype.tierOf = function (candidate) {
    for (var t = 0; t < this.tiers.length; t++) {
      if (this.tiers[t].indexOf(candidate) >= 0) {
        return t;
      }
    }
    return -1;
  };

  /** The candidates not placed in any tier, in order. */
  TierModel.prototype.unplaced = function () {
    var free = [];
    for (var c = 0; c < this.count; c++) {
      if (this.tierOf(c) < 0) {
        free.push(c);
      }
    }
    return free;
  };

  TierModel.prototype.isTie = function (t) {
    return t >= 0 && t < this.tiers.length && this.tiers[t].length > 1;
  };

  /** The others in the candidate's tier (empty when it is alone or not placed). */
  TierModel.prototype.tiedWith = function (candidate) {
    var t = this.tierOf(candidate);
    return t < 0 ? [] : this.tiers[t].filter(function (c) { return c !== candidate; });
  };

  /** Two candidates, one above the other: the case where the page asks how much better. */
  TierModel.prototype.isOrderedPair = function () {
    return this.count === 2 && this.tiers.length === 2;
  };

  TierModel.prototype.isEmpty = function () {
    return this.tiers.length === 0;
  };

  TierModel.prototype.removeFromTiers = function (candidate) {
    var t = this.tierOf(candidate);
    if (t >= 0) {
      this.tiers[t].splice(this.tiers[t].indexOf(candidate), 1);
    }
    return t;
  };

  /** Drops empty tiers and keeps each tier in candidate order. */
  TierModel.prototype.compact = function () {
    this.tiers = this.tiers.filter(function (tier) { return tier.length > 0; });
    this.tiers.forEach(function (tier) { tier.sort(function (a, b) { return a - b; }); });
  };

  /**
   * Puts the candidate into tier n (1-based): joins it (a tie) or, without ties, goes in before it;
   * past the end it opens a new last tier.
   */
  TierModel.prototype.place = function (candidate, n) {
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
    return true;
  };

  /** Ties the candidate with the tier above it (or, when not placed yet, with the last tier). */
  TierModel.prototype.tieUp = function (candidate) {
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
  TierModel.prototype.untie = function (candidate) {
    var t = this.tierOf(candidate);
    if (t < 0 || this.tiers[t].length < 2) {
      return false;
    }
    this.removeFromTiers(candidate);
    this.tiers.splice(t + 1, 0, [candidate]);
    return true;
  };

  /** Moves the candidate one step up (-1) or down (+1); a tied candidate first leaves its tie. */
  TierModel.prototype.move = function (candidate, direction) {
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

  /** Takes the candidate out of the ranking, back to the unplaced ones. */
  TierModel.prototype.unplace = function (candidate) {
    var t = this.removeFromTiers(candidate);
    this.compact();
    return t >= 0;
  };

  /** The next unplaced candidate after this one (wrapping round); the candidate itself when all are placed. */
  TierModel.prototype.nextUnplacedAfter = function (candidate) {
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

  /**
   * The tiers as a person dragged them: zones from top to bottom, each {kind: "gap" | "tier",
   * candidates: [...]}. Each candidate dropped into a gap becomes a tier of its own; a tier zone
   * stays one tier (a tie when it holds several and ties are allowed).
   */
  TierModel.prototype.fromZones = function (zones) {
    var tiers = [];
    var tiesAllowed = this.tiesAllowed;
    zones.forEach(function (zone) {
      if (zone.candidates.length === 0) {
        return;
      }
      if (zone.kind === "gap" || !tiesAllowed) {
        zone.candidates.forEach(function (c) { tiers.push([c]); });
      } else {
        tiers.push(zone.candidates.slice());
      }
    });
    this.tiers = tiers;
    this.compact();
    return this;
  };

  /**
   * Applies a tier command from keyCommand to the candidate. Returns whether the tiers changed and
   * whether the selection should go on to the next unplaced candidate.
   */
  TierModel.prototype.apply = function (command, candidate) {
    var changed;
    switch (command.action) {
      case "place":
        changed = this.place(candidate, command.tier);
        return { changed: changed, advance: true };
      case "tieUp":
        changed = this.tieUp(candidate);
        return { changed: changed, advance: changed };
      case "untie":
        return { changed: this.untie(candidate), advance: false };
      case "move":
        return { changed: this.move(candidate, command.direction), advance: false };
      case "unplace":
        return { changed: this.unplace(candidate), advance: false };
      default:
        return { changed: false, advance: false };
    }
  };

  var TIER_ACTIONS = { place: true, tieUp: true, untie: true, move: true, unplace: true };

  /** Whether the command changes the tiers (the others select, toggle or open something). */
  function changesTiers(command) {
    return !!command && TIER_ACTIONS[command.action] === true;
  }

  /**
   * What a key press on the rank board means, or null when the board leaves the key alone.
   * Enter, Escape and Ctrl combinations are the page's (they depend on the focused element).
   * @param {string} key the KeyboardEvent's key
   * @param {object} state {labels: ["A", ...], selected, none (none acceptable is ticked),
   *        onRating (focus is on a rating, flag or strength control), hasNoneBox}
   */
  function keyCommand(key, state) {
    var labels = state.labels;
    var count = labels.length;
    var c = state.selected;
    var none = !!state.none;
    var letter = key.length === 1 ? labels.indexOf(key.toUpperCase()) : -1;
    if (state.onRating && /^(Arrow|Home|End|Tab| )/.test(key)) {
      return null; // native radio and checkbox keys
    }
    if (letter >= 0 && key !== "t" && key !== "n" && key !== "r" && key !== "u") {
      return { action: "select", candidate: letter };
    }
    if (!none) {
      if (/^[1-9]$/.test(key)) {
        return { action: "place", tier: Number(key) };
      }
      if (key === "=" || key === "t") {
        return { action: "tieUp" };
      }
      if (key === "-" || key === "u") {
        return { action: "untie" };
      }
      if (key === "ArrowUp" || key === "[") {
        return { action: "move", direction: -1 };
      }
      if (key === "ArrowDown" || key === "]") {
        return { action: "move", direction: 1 };
      }
    }
    if (key === "ArrowLeft") {
      return { action: "select", candidate: (c + count - 1) % count };
    }
    if (key === "ArrowRight") {
      return { action: "select", candidate: (c + 1) % count };
    }
    if ((key === "0" || key === "Backspace" || key === "Delete") && !none && !state.onRating) {
      return { action: "unplace" };
    }
    if (key === "n" && state.hasNoneBox) {
      return { action: "toggleNone" };
    }
    if (key === "r") {
      return { action: "rate" };
    }
    if (key === "?") {
      return { action: "legend" };
    }
    return null;
  }

  return { TierModel: TierModel, keyCommand: keyCommand, changesTiers: changesTiers };
});
