/**
 * Warden's device gateway: an MQTT 3.1.1 / 5.0 broker on Netty that accepts only mutually authenticated TLS.
 *
 * <p>Entry points: {@link dev.warden.gateway.MqttGateway} built from a {@link dev.warden.gateway.GatewayConfig},
 * {@link dev.warden.gateway.GatewayTls}, a {@link dev.warden.gateway.DeviceAuthenticator}, a
 * {@link dev.warden.gateway.PolicyProvider} and {@link dev.warden.gateway.GatewayEvents};
 * {@link dev.warden.gateway.SessionRegistry} cuts devices off.
 *
 * <p>Security decisions:
 * <ul>
 *   <li>Fail closed everywhere: an authenticator or policy provider that throws or returns null, or a policy
 *       evaluation error, refuses.</li>
 *   <li>The authenticator runs at every CONNECT, so TLS session resumption cannot bring a revoked certificate back.
 *       Connections are registered right after the TLS handshake, so a revocation also reaches connections that are
 *       still authenticating; an authentication that raced with a revocation is run again.</li>
 *   <li>By default the client ID must equal the thing name ({@link dev.warden.gateway.GatewayConfig#clientIdMustEqualThing}):
 *       the built-in device policy allows {@code client/${iot:ClientId}}, i.e. any client ID.</li>
 *   <li>A denied PUBLISH: MQTT 5 QoS 1/2 gets PUBACK/PUBREC 0x87, MQTT 5 QoS 0 is dropped; MQTT 3.1.1 has no
 *       negative acknowledgement, so the connection is closed, as AWS IoT does. A denied SUBSCRIBE gets 0x87 (MQTT 5)
 *       or 0x80 (3.1.1) for that filter. Retained publishes need iot:RetainPublish too (as in AWS IoT). A shared
 *       subscription is authorized as {@code topicfilter/$share/<group>/<filter>}.</li>
 *   <li>iot:Receive is decided at each delivery, with the receiving connection's policies. On resuming a persistent
 *       session, subscriptions its current policies no longer allow are dropped.</li>
 *   <li>No will is published for a connection cut by revocation.</li>
 * </ul>
 *
 * <p>MQTT 5 topic aliases are accepted from clients (up to 16, resolved before authorization); the gateway sends
 * none. Not implemented (announced to MQTT 5 clients where the protocol allows): subscription identifiers, will
 * delay interval (wills are published at once),
 * session expiry changes in DISCONNECT, enhanced authentication (AUTH), request/response information.
 */
package dev.warden.gateway;
