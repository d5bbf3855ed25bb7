/**
 * The {@code warden} command line (picocli): {@code warden server} and {@code warden init}, admin commands that call
 * a node's HTTPS admin API, offline audit commands, and device-side commands built on the device SDK.
 *
 * <p>The top of the dependency graph: it may use every module, and no module may use it. Admin commands go through
 * {@link dev.warden.cli.AdminClient}, never around the API, so every change they make is authorized and audited by
 * the node; the client trusts the node through Warden's root CA only, never by turning verification off. Offline
 * audit commands (export, archive, verify, prove) open the database the data directory names, never a fresh empty
 * one, and verification needs only public keys. Secrets never come from the command line: passphrases and tokens are read from files,
 * the environment or the terminal, and nothing prints a key. A failure is one line and exit code 1
 * ({@link dev.warden.cli.CliException}).
 */
package dev.warden.cli;
