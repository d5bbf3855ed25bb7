/**
 * The node's configuration: every key with its documented default, resolved from command-line flag, then
 * {@code WARDEN_*} environment variable, then {@code warden.yaml}, then the default, into one immutable
 * {@link dev.warden.node.config.WardenConfig}.
 *
 * <p>Only the node and the CLI read it: capabilities get small settings records built from it (for example
 * {@code RegistrySettings}, {@code ApiSettings}), so no module below the node depends on how a value was set.
 * Unknown keys in {@code warden.yaml} are refused, so a typo never silently falls back to a default. Values may
 * reference secrets ({@code ${secret:NAME}}), resolved once the secrets manager is open and never logged; keys needed
 * before that (data directory, database, master key, audit trail) cannot.
 */
package dev.warden.node.config;
