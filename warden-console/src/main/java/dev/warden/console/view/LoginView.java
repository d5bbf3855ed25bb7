package dev.warden.console.view;

/** The sign-in form: the one-use token bound to the browser's sign-in cookie, the name typed, and why it failed. */
public record LoginView(String loginToken, String user, String error) {}
