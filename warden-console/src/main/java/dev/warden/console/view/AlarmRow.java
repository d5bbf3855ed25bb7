package dev.warden.console.view;

/**
 * One alarm as the monitoring list shows it: {@code since} is when it was raised, {@code verification} the
 * operator's judgement so far ({@code unknown} until someone gives one).
 */
public record AlarmRow(
        long id,
        String severity,
        String profile,
        String behaviour,
        String target,
        String state,
        String verification,
        String since,
        boolean suppressed) {}
