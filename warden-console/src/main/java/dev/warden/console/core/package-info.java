/**
 * The console's rules, without I/O or a web framework: how long a session lives ({@link SessionLifetime}), which
 * state-changing requests are the console's own ({@link RequestChecks}: same origin and the session's anti-CSRF
 * token, each failing closed), keyset paging ({@link PageRequest}; the Monitoring page's alarm list, {@link AlarmQuery}),
 * an incident's clocks as met, breached, overdue or running and the phases it may move to ({@link IncidentClocks}),
 * which stored compliance fixes the console runs and what each will do ({@link FixPlan}), how a key's or secret's
 * rotation stands against compliance's period ({@link RotationState}), a line diff of two policy versions
 * ({@link LineDiff}), the gateway's traffic per minute over the last day ({@link TrafficHistory}), the simulator's context lines ({@link ContextLines}), and the security headers of every response
 * ({@link SecurityHeaders}). Times are passed in; nothing here reads a clock.
 */
package dev.warden.console.core;
