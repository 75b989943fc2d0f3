// The rank page's tier model, without a browser: node --test src/test/js (run by ./mvnw verify).
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { TierModel, keyCommand, changesTiers } = require("../../main/resources/static/js/rank-tiers.js");

function model(count, tiers, tiesAllowed = true) {
  return new TierModel(count, tiesAllowed).load(tiers);
}

test.describe("loading the form field", () => {
  test("reads the tiers of candidate positions", () => {
    assert.deepEqual(model(4, "[[0],[1,2],[3]]").tiers, [[0], [1, 2], [3]]);
  });

  test("drops positions that are not candidates, repeats and empty tiers", () => {
    assert.deepEqual(model(3, "[[0, 7, -1, 1.5, \"2\"], [], [0, 2], [2]]").tiers, [[0], [2]]);
  });

  test("gives no tiers for text that is not JSON or not a list of lists", () => {
    assert.deepEqual(model(3, "not json").tiers, []);
    assert.deepEqual(model(3, "{\"a\": 1}").tiers, []);
    assert.deepEqual(model(3, "[1, 2]").tiers, []);
    assert.deepEqual(model(3, "").tiers, []);
  });

  test("splits a stored tie into single tiers when the project has no ties", () => {
    assert.deepEqual(model(3, "[[1, 0], [2]]", false).tiers, [[1], [0], [2]]);
  });

  test("writes back exactly what the server reads", () => {
    const m = model(4, []);
    m.place(2, 1);
    m.place(0, 2);
    m.tieUp(3);
    assert.equal(m.serialise(), "[[2],[0,3]]");
    assert.deepEqual(model(4, m.serialise()).tiers, m.tiers);
  });
});

test.describe("placing by number", () => {
  test("past the end opens a new last tier", () => {
    const m = model(3, []);
    m.place(1, 5);
    assert.deepEqual(m.tiers, [[1]]);
    m.place(0, 2);
    assert.deepEqual(m.tiers, [[1], [0]]);
  });

  test("into an existing tier makes a tie, kept in candidate order", () => {
    const m = model(3, [[2], [1]]);
    m.place(0, 1);
    assert.deepEqual(m.tiers, [[0, 2], [1]]);
  });

  test("without ties goes in before that tier", () => {
    const m = model(3, [[2], [1]], false);
    m.place(0, 1);
    assert.deepEqual(m.tiers, [[0], [2], [1]]);
  });

  test("moving a candidate that is alone further down counts the tiers after its own goes", () => {
    const m = model(3, [[0], [1], [2]]);
    m.place(0, 3);
    assert.deepEqual(m.tiers, [[1], [0, 2]]);
  });

  test("placing a candidate in the tier it is in changes nothing", () => {
    const m = model(3, [[0], [1, 2]]);
    m.place(1, 2);
    assert.deepEqual(m.tiers, [[0], [1, 2]]);
  });
});

test.describe("ties", () => {
  test("tie-up joins the tier above", () => {
    const m = model(3, [[0], [1], [2]]);
    assert.equal(m.tieUp(2), true);
    assert.deepEqual(m.tiers, [[0], [1, 2]]);
  });

  test("an unplaced candidate ties with the last tier, or starts the first", () => {
    const m = model(3, []);
    assert.equal(m.tieUp(1), true);
    assert.deepEqual(m.tiers, [[1]]);
    assert.equal(m.tieUp(0), true);
    assert.deepEqual(m.tiers, [[0, 1]]);
  });

  test("the best tier and a candidate already tied cannot tie up", () => {
    const m = model(3, [[0], [1, 2]]);
    assert.equal(m.tieUp(0), false);
    assert.equal(m.tieUp(1), false);
    assert.deepEqual(m.tiers, [[0], [1, 2]]);
  });

  test("no tie-up when the project has no ties", () => {
    const m = model(2, [[0], [1]], false);
    assert.equal(m.tieUp(1), false);
    assert.deepEqual(m.tiers, [[0], [1]]);
  });

  test("untie puts the candidate in its own tier just below", () => {
    const m = model(4, [[0, 1, 2], [3]]);
    assert.equal(m.untie(1), true);
    assert.deepEqual(m.tiers, [[0, 2], [1], [3]]);
    assert.equal(m.untie(3), false);
    assert.equal(model(2, []).untie(0), false);
  });

  test("tiedWith names the others in the tier", () => {
    const m = model(4, [[0, 1, 2], [3]]);
    assert.deepEqual(m.tiedWith(1), [0, 2]);
    assert.deepEqual(m.tiedWith(3), []);
    assert.equal(m.isTie(0), true);
    assert.equal(m.isTie(1), false);
    assert.equal(m.isTie(-1), false);
  });
});

test.describe("moving up and down", () => {
  test("swaps a single tier with its neighbour", () => {
    const m = model(3, [[0], [1], [2]]);
    assert.equal(m.move(2, -1), true);
    assert.deepEqual(m.tiers, [[0], [2], [1]]);
    assert.equal(m.move(0, 1), true);
    assert.deepEqual(m.tiers, [[2], [0], [1]]);
  });

  test("stops at the top and the bottom", () => {
    const m = model(2, [[0], [1]]);
    assert.equal(m.move(0, -1), false);
    assert.equal(m.move(1, 1), false);
    assert.deepEqual(m.tiers, [[0], [1]]);
  });

  test("a tied candidate leaves its tie above or below", () => {
    assert.deepEqual(tap(model(3, [[0, 1], [2]]), (m) => m.move(1, -1)).tiers, [[1], [0], [2]]);
    assert.deepEqual(tap(model(3, [[0, 1], [2]]), (m) => m.move(0, 1)).tiers, [[1], [0], [2]]);
  });

  test("an unplaced candidate goes to the end", () => {
    const m = model(3, [[1]]);
    assert.equal(m.move(0, -1), true);
    assert.deepEqual(m.tiers, [[1], [0]]);
  });

  test("taking a candidate out leaves no empty tier", () => {
    const m = model(3, [[0], [1], [2]]);
    assert.equal(m.unplace(1), true);
    assert.deepEqual(m.tiers, [[0], [2]]);
    assert.deepEqual(m.unplaced(), [1]);
    assert.equal(m.unplace(1), false);
  });
});

test.describe("what is left to place", () => {
  test("the next unplaced candidate comes after the current one and wraps round", () => {
    const m = model(4, [[1], [3]]);
    assert.equal(m.nextUnplacedAfter(1), 2);
    assert.equal(m.nextUnplacedAfter(2), 0);
    assert.equal(model(2, [[0], [1]]).nextUnplacedAfter(1), 1);
  });

  test("a pair one above the other is an ordered pair, a tied pair is not", () => {
    assert.equal(model(2, [[1], [0]]).isOrderedPair(), true);
    assert.equal(model(2, [[0, 1]]).isOrderedPair(), false);
    assert.equal(model(3, [[0], [1]]).isOrderedPair(), false);
  });
});

test.describe("reading a drag", () => {
  test("candidates dropped in gaps become tiers of their own, a tier zone stays a tie", () => {
    const m = model(4, [[0], [1]]);
    m.fromZones([
      { kind: "gap", candidates: [3] },
      { kind: "tier", candidates: [2, 0] },
      { kind: "gap", candidates: [] },
      { kind: "tier", candidates: [] },
      { kind: "gap", candidates: [1] },
    ]);
    assert.deepEqual(m.tiers, [[3], [0, 2], [1]]);
  });

  test("without ties a tier zone with two candidates becomes two tiers", () => {
    const m = model(2, [], false).fromZones([{ kind: "tier", candidates: [1, 0] }]);
    assert.deepEqual(m.tiers, [[1], [0]]);
  });
});

test.describe("keys on the board", () => {
  const state = (extra = {}) => ({ labels: ["A", "B", "C", "D"], selected: 1, none: false, onRating: false, hasNoneBox: true, ...extra });

  test("letters select their candidate, in either case", () => {
    assert.deepEqual(keyCommand("c", state()), { action: "select", candidate: 2 });
    assert.deepEqual(keyCommand("D", state()), { action: "select", candidate: 3 });
  });

  test("digits place, = and t tie up, - and u untie, arrows and brackets move", () => {
    assert.deepEqual(keyCommand("3", state()), { action: "place", tier: 3 });
    assert.deepEqual(keyCommand("=", state()), { action: "tieUp" });
    assert.deepEqual(keyCommand("t", state()), { action: "tieUp" });
    assert.deepEqual(keyCommand("-", state()), { action: "untie" });
    assert.deepEqual(keyCommand("u", state()), { action: "untie" });
    assert.deepEqual(keyCommand("ArrowUp", state()), { action: "move", direction: -1 });
    assert.deepEqual(keyCommand("[", state()), { action: "move", direction: -1 });
    assert.deepEqual(keyCommand("]", state()), { action: "move", direction: 1 });
    assert.deepEqual(keyCommand("0", state()), { action: "unplace" });
    assert.deepEqual(keyCommand("Delete", state()), { action: "unplace" });
  });

  test("left and right select the neighbours, wrapping round", () => {
    assert.deepEqual(keyCommand("ArrowLeft", state({ selected: 0 })), { action: "select", candidate: 3 });
    assert.deepEqual(keyCommand("ArrowRight", state({ selected: 3 })), { action: "select", candidate: 0 });
  });

  test("t, n, r and u are commands even when a candidate has that letter", () => {
    const many = state({ labels: "ABCDEFGHIJKLMNOPQRSTU".split("") });
    assert.deepEqual(keyCommand("t", many), { action: "tieUp" });
    assert.deepEqual(keyCommand("n", many), { action: "toggleNone" });
    assert.deepEqual(keyCommand("r", many), { action: "rate" });
    assert.deepEqual(keyCommand("T", many), { action: "select", candidate: 19 });
  });

  test("with none acceptable ticked the tiers stay as they are", () => {
    for (const key of ["1", "=", "t", "-", "ArrowUp", "]", "0", "Backspace"]) {
      assert.equal(keyCommand(key, state({ none: true })), null, key);
    }
    assert.deepEqual(keyCommand("n", state({ none: true })), { action: "toggleNone" });
    assert.deepEqual(keyCommand("a", state({ none: true })), { action: "select", candidate: 0 });
  });

  test("on a rating the native keys and Backspace are the rating's", () => {
    for (const key of ["ArrowUp", "ArrowLeft", "Tab", " ", "Home", "End", "Backspace", "0"]) {
      assert.equal(keyCommand(key, state({ onRating: true })), null, key);
    }
    assert.deepEqual(keyCommand("2", state({ onRating: true })), { action: "place", tier: 2 });
  });

  test("n without the none-acceptable box, and other keys, mean nothing", () => {
    assert.equal(keyCommand("n", state({ hasNoneBox: false })), null);
    assert.equal(keyCommand("x", state()), null);
    assert.equal(keyCommand("F5", state()), null);
    assert.deepEqual(keyCommand("?", state()), { action: "legend" });
  });

  test("only tier commands change the tiers", () => {
    assert.equal(changesTiers({ action: "place", tier: 1 }), true);
    assert.equal(changesTiers({ action: "select", candidate: 0 }), false);
    assert.equal(changesTiers(null), false);
  });

  test("a whole ranking by keys: A best, B and C tied, D last", () => {
    const m = model(4, []);
    const labels = ["A", "B", "C", "D"];
    let selected = 0;
    for (const key of ["a", "1", "2", "=", "3"]) {
      const command = keyCommand(key, { labels, selected, none: false, onRating: false, hasNoneBox: true });
      if (command.action === "select") {
        selected = command.candidate;
      } else {
        const result = m.apply(command, selected);
        if (result.advance) {
          selected = m.nextUnplacedAfter(selected);
        }
      }
    }
    assert.equal(m.serialise(), "[[0],[1,2],[3]]");
    assert.deepEqual(m.unplaced(), []);
  });

  test("apply says whether the selection moves on", () => {
    const m = model(3, [[0]]);
    assert.deepEqual(m.apply({ action: "place", tier: 2 }, 1), { changed: true, advance: true });
    assert.deepEqual(m.apply({ action: "tieUp" }, 0), { changed: false, advance: false });
    assert.deepEqual(m.apply({ action: "move", direction: -1 }, 1), { changed: true, advance: false });
    assert.deepEqual(m.apply({ action: "select", candidate: 2 }, 1), { changed: false, advance: false });
  });
});

function tap(value, action) {
  action(value);
  return value;
}
