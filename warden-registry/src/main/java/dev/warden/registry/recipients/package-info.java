/**
 * The registry's directory of recipients of end-to-end sealed payloads: each application's public keyset, published
 * by the application, handed to devices (over MQTT) so that they seal to it ({@code warden-e2e}). Public material
 * only: what opens the payloads never reaches the platform.
 */
package dev.warden.registry.recipients;
