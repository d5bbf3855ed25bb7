/**
 * Where monitoring listens: the gateway's events and accepted publishes, the connections' delivery counters, and the
 * admin API's outcomes as recorded in the audit trail, each turned into observations for the monitor thread.
 *
 * <p>What these classes must never do: block the thread that calls them (I/O, broker and request threads), or stop
 * the event from reaching the audit trail they sit in front of.
 */
package dev.warden.monitor.taps;
