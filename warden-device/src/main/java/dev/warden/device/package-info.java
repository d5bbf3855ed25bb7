/**
 * Warden's device SDK: what runs on a device (or a simulator) to join a Warden fleet.
 *
 * <ul>
 *   <li>{@link dev.warden.device.Provisioner}: provisioning by claim (claim certificate over mTLS, or enrollment
 *       token) and certificate rotation over the node's HTTPS API. The key pair is generated on the device; only a
 *       CSR leaves it. The node is trusted through the pinned Warden root alone.</li>
 *   <li>{@link dev.warden.device.CredentialStore} / {@link dev.warden.device.DeviceCredentials}: the key (mode 0600),
 *       certificate and CA chain on disk, in the layout the {@code warden device} CLI writes, replaced crash-safely
 *       on rotation.</li>
 *   <li>{@link dev.warden.device.DeviceClient}: the mTLS MQTT 5 / 3.1.1 connection to the gateway (client ID = thing
 *       name) with jittered exponential reconnect.</li>
 *   <li>{@link dev.warden.device.RegionDiscovery} / {@link dev.warden.device.NearestRegion}: in a multi-region
 *       deployment, asking any region where the device's home gateway is, and provisioning a new device into the
 *       allowed region with the shortest measured TCP+TLS connection time. {@code DeviceClient} follows one Use
 *       Another Server redirect when configured with the deployment's roots.</li>
 *   <li>{@link dev.warden.device.FleetSimulator}: N simulated devices publishing at a fixed rate, for load tests and
 *       {@code warden device simulate}.</li>
 *   <li>{@code dev.warden.device.metrics}: device-side metrics for the node's security monitoring (listening ports,
 *       connections, traffic, custom metrics), reported on a schedule and on demand; simulated fleets report them
 *       too, and can misbehave on request.</li>
 * </ul>
 *
 * <p>Every failure is a {@link dev.warden.device.DeviceException} with a stable
 * {@link dev.warden.device.DeviceErrorReason}; node refusals are
 * {@link dev.warden.device.ProvisioningRejectedException}s carrying the node's error code. Nothing in this package
 * logs or prints key material or enrollment tokens.
 *
 * <p>Private keys live where {@link dev.warden.device.DeviceKeys} makes them: in software (then in a file created
 * with mode 0600, never chmod-ed afterwards) or in a PKCS#11 token through {@link dev.warden.device.TokenKeys}
 * (sensitive, non-extractable: the token signs the CSR, the TLS handshake and the boot attestation). A token key
 * needs JDK TLS: with netty-tcnative on the class path the MQTT client would take OpenSSL, which cannot use a key it
 * cannot read, so {@link dev.warden.device.DeviceClient} refuses it up front and names the fix. The device holds no
 * HPKE private key: it seals to the application's public keys.
 *
 * <p>Not done yet: checking the gateway's certificate revocation status (OCSP) from the device, and crash-safe
 * staging of a rotated key inside a token (files only).
 */
package dev.warden.device;
