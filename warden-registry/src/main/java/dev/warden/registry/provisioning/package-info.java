/**
 * Fleet provisioning, as AWS IoT does it: templates, claims (claim certificates and enrollment tokens), provisioning
 * by claim over HTTPS or MQTT, device-initiated certificate rotation, and just-in-time provisioning for certificates
 * signed by a registered manufacturer CA.
 *
 * <p>A claim is the weakest credential Warden accepts, so everything here fails closed: a claim can do nothing but
 * exchange a CSR for one unique certificate through its template, and a pre-provisioning hook that times out, errs
 * or answers anything but an explicit allow refuses. The intent is recorded durably in the audit trail before a thing
 * or certificate exists. MQTT requests arrive as a gateway {@code PublishListener} on the broker thread and are
 * handed at once to a small bounded pool ({@code mqtt-provisioning} threads); a full queue is answered THROTTLED,
 * never by blocking the broker. Replies go only to the requesting client.
 */
package dev.warden.registry.provisioning;
