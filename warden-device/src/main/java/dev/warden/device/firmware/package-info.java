/**
 * Firmware updates on the device: the device verifies every update itself with its own TUF client
 * ({@code warden-tuf}), from the root it shipped with, whatever the network or the node says; it refuses any version
 * below its stored minimum (anti-rollback), and the minimum only moves up. {@link
 * dev.warden.device.firmware.FirmwareUpdater} fetches and verifies, the caller installs, then reports it installed;
 * {@link dev.warden.device.firmware.JobAgent} runs that for the jobs the node sends over MQTT.
 */
package dev.warden.device.firmware;
