package dev.warden.console.view;

/**
 * What every signed-in page shows around its content: its title, the section it belongs to, the signed-in user and
 * the session's anti-CSRF token (for the sign-out form).
 */
public record Frame(String title, String section, String user, String csrf) {}
