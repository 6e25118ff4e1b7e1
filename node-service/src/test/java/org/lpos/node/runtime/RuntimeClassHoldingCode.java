package org.lpos.node.runtime;

/**
 * A runtime-side record that breaks the rooms rule on purpose (a queued closure, as the precheck's
 * inputs once were), so {@code RoomsTest} can show the rule fails.
 */
public record RuntimeClassHoldingCode(Runnable forward) {}
