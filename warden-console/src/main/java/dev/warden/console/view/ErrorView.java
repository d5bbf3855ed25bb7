package dev.warden.console.view;

/** A refused or failed request: its status, its stable reason code and a message without any secret. */
public record ErrorView(int status, String code, String message, String requestId) {}
