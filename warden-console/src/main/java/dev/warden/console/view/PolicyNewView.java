package dev.warden.console.view;

/** The new-policy form: the name and document typed so far, and the validator's answer on them (null at first). */
public record PolicyNewView(Frame frame, String name, String document, ValidationView validation, String refusal) {}
