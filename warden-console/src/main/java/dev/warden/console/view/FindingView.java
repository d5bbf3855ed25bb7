package dev.warden.console.view;

/**
 * One finding's page, which is also the confirmation step of its fix: the finding, and (when it has one) what the
 * fix will do, the CLI command and API call it is, and {@code fixRoute}, the console route that runs it for the
 * signed-in user (empty when the console does not run this kind of fix: then the command is shown to run by hand).
 * {@code notice} says that a fix just ran.
 */
public record FindingView(
        Frame frame,
        ComplianceView.FindingRow finding,
        String status,
        String detail,
        String firstSeen,
        String lastSeen,
        String fixEffect,
        String fixCall,
        String fixAction,
        String fixRoute,
        String notice) {}
