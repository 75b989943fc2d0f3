package dev.feedloop.quality;

/** How far an item's work has come, from its ordinary task slots (gold tasks left out). */
public enum ItemState {
    /** Slots are open and nobody has taken or finished one yet. */
    WAITING,
    /** Some slot is taken or finished, and some is not finished. */
    IN_PROGRESS,
    /** Every slot is finished (or the item has none). */
    COMPLETE
}
