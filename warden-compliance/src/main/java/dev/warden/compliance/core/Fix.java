package dev.warden.compliance.core;

/**
 * How to fix a finding with one command: the CLI line a person would type, and the admin API call it makes (method,
 * path, IAM action), so that a fix run through Warden is authorized and audited as that person's own call.
 */
public record Fix(String command, String method, String path, String iamAction, String body) {}
