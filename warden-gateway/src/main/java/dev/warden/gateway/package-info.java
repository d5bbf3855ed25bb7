/**
 * Warden's device gateway: an MQTT 3.1.1 / 5.0 broker on Netty that accepts only mutually authenticated TLS.
 *
 * <p>Entry points: {@link dev.warden.gateway.MqttGateway} built from a {@link dev.warden.gateway.GatewayConfig},
 * {@link dev.warden.gateway.GatewayTls}, a {@link dev.warden.gateway.DeviceAuthenticator}, a
 * {@link dev.warden.gateway.PolicyProvider} and {@link dev.warden.gateway.GatewayEvents};
 * {@link dev.warden.gateway.SessionRegistry} cuts devices off. An optional {@link dev.warden.gateway.PublishListener}
 * receives every authorized PUBLISH ({@link dev.warden.gateway.AcceptedPublish}, once per message, on the broker
 * thread: it must queue, never block), e.g. for storage at rest.
 *
 * <p>Structure, threads and who owns what:
 * <ul>
 *   <li>{@link dev.warden.gateway.MqttGateway} starts the threads (one accept loop, one I/O event loop per core, one
 *       broker thread, a bounded pool of authentication workers, the journal's writer thread; the broker thread, its
 *       {@code Broker} and {@code SessionJournal} as one {@code BrokerThread}) and
 *       {@code GatewayChannels} builds each listener and connection pipeline (firewall first, then TLS, codec,
 *       {@code MqttConnection}).</li>
 *   <li>I/O event loop, one per connection: {@code MqttConnection} (the Netty handler: state, what CONNECT
 *       negotiated, closing) and its per-connection helpers {@code ConnectHandler} (TLS outcome, CONNECT,
 *       authentication handed to a worker, refusals), {@code InboundPublishes} (publish rate, {@code TopicAliases},
 *       iot:Publish), {@code InboundSubscriptions} (filter validation, iot:Subscribe), {@code Disconnects}
 *       (DISCONNECT or close, and the first cause), {@code ConnectionCounters} and {@code OutboundPressure}. Accepted work goes to the broker thread through {@code BrokerInbox}, in
 *       order per connection.</li>
 *   <li>Broker thread only: {@code Broker} (the facade the connections and the gateway call) and behind it
 *       {@code SessionTable} (sessions, take-over, expiry, waiting wills), {@code SessionRestore},
 *       {@code Subscriptions} (with {@code SubscriptionIndex} and {@code SharedSubscriptions}), {@code MessageRouter}
 *       (retained messages and routing), {@code PublishFlow} (QoS flows, acknowledgement order) and each
 *       {@code Session} with its {@code InflightWindow}. A connection's {@code SessionBinding} (its session and
 *       deferred-acknowledgement count) and {@code OutboundPublishes} (the PUBLISHes written to it, within its
 *       negotiated limits) are broker-side state kept with the connection and touched only through their methods
 *       (the count also by the journal's writer thread when a deferred acknowledgement is written).</li>
 *   <li>No class reads or writes another's fields: state changes go through methods of the owner; what any thread
 *       may call is marked as such ({@code MqttConnection#kick}, its writes and getters, {@code SessionRegistry}).</li>
 * </ul>
 *
 * <p>Security decisions:
 * <ul>
 *   <li>Fail closed everywhere: an authenticator or policy provider that throws or returns null, or a policy
 *       evaluation error, refuses.</li>
 *   <li>The authenticator runs at every CONNECT, so TLS session resumption cannot bring a revoked certificate back.
 *       Connections are registered right after the TLS handshake, so a revocation also reaches connections that are
 *       still authenticating; an authentication that raced with a revocation is run again.</li>
 *   <li>Which client IDs a thing may use is decided by its policies alone ({@code iot:Connect} on
 *       {@code client/<clientId>}), as in AWS IoT: the built-in device policy allows only
 *       {@code client/${iot:Connection.Thing.ThingName}}. An empty client ID is assigned the thing name (MQTT 5: in
 *       CONNACK; MQTT 3.1.1 only with a clean session) before that check. A second connection with a client ID
 *       takes it over (the older one gets DISCONNECT 0x8E on MQTT 5; {@link dev.warden.gateway.GatewayEvents#sessionTakenOver}),
 *       but resumes its persistent session only if it is the same thing's.</li>
 *   <li>A denied PUBLISH: MQTT 5 QoS 1/2 gets PUBACK/PUBREC 0x87, MQTT 5 QoS 0 is dropped; MQTT 3.1.1 has no
 *       negative acknowledgement, so the connection is closed, as AWS IoT does. A denied SUBSCRIBE gets 0x87 (MQTT 5)
 *       or 0x80 (3.1.1) for that filter. Retained publishes need iot:RetainPublish too (as in AWS IoT). A shared
 *       subscription is authorized as {@code topicfilter/$share/<group>/<filter>}.</li>
 *   <li>On a topic that must be sealed end to end ({@link dev.warden.gateway.SealedTopics}, opt-in, none by
 *       default), a PUBLISH whose payload is not an envelope is refused the same way but with 0x99 Payload format
 *       invalid on MQTT 5 (the device may publish there; its payload is what is wrong), and reported as a denied
 *       iot:Publish explained {@code PAYLOAD_NOT_SEALED}. The gateway checks the envelope's format only; it cannot
 *       open it.</li>
 *   <li>iot:Receive is decided at each delivery, with the receiving connection's policies. On resuming a persistent
 *       session, subscriptions its current policies no longer allow are dropped.</li>
 *   <li>No will is published for a connection cut by revocation.</li>
 *   <li>An authenticator may answer that a device is served by another server
 *       ({@link dev.warden.gateway.AuthenticationResult.Redirected}, e.g. a device of another region): CONNACK 0x9C
 *       Use Another Server with a Server Reference on MQTT 5, 0x05 on MQTT 3.1.1, then close; no session, will or
 *       message of it is kept, the attempt goes to {@link dev.warden.gateway.GatewayEvents#connectRedirected} and
 *       does not count toward a ban. The authenticator is given the whole chain the client presented.</li>
 *   <li>A malformed packet closes its connection at once (MQTT 5 after DISCONNECT 0x81, or 0x95 for a declared
 *       length over the maximum packet size): {@code PacketFramer} hands the decoder only whole packets whose
 *       length-prefixed fields (strings, binary data, properties) fit inside them, so no field can make it wait for
 *       bytes the fixed header says are not coming. Like other protocol errors it does not count toward a ban.</li>
 * </ul>
 *
 * <p>Connection firewall ({@link dev.warden.gateway.ConnectionFirewall}, rules in
 * {@link dev.warden.gateway.FirewallRules}): every accepted TCP connection is decided before any handler, TLS
 * included, is installed, so a refused one is closed without a byte of TLS. In order: deny CIDRs (deny wins), allow
 * CIDRs (empty = all), active ban, per-address token bucket, connections per address, connections in total. Failed
 * TLS handshakes (TLS errors and handshakes left hanging; not a peer that merely closed, nor a handshake that timed
 * out while the I/O threads were behind, see {@link dev.warden.gateway.EventLoopLag}) and CONNECTs refused for the
 * device's certificate or client ID (not for an authenticator outage) count toward an automatic, escalating ban of
 * the address (unless in {@link dev.warden.gateway.FirewallRules#banExempt()}) and, for refused CONNECTs, of the
 * client ID and the thing, each under its own {@link dev.warden.gateway.BanPolicy}; a banned client ID or thing is
 * refused after authentication (MQTT 5: 0x8A). Operators ban and unban any of the three
 * ({@link dev.warden.gateway.BanTarget}); bans end on time (the accept loop sweeps them every second). Every
 * refusal, ban, expiry and unban goes to {@link dev.warden.gateway.GatewayEvents} and
 * {@link dev.warden.gateway.MqttGateway#counters()}. After CONNECT, each client has a publish token bucket (beyond it:
 * MQTT 5 DISCONNECT 0x96, 3.1.1 close), and nothing is written to a connection that is not writable: QoS 0 to it is
 * dropped, QoS 1/2 waits in its bounded queue, and one that stays unwritable is cut off
 * ({@link dev.warden.gateway.SlowConsumerPolicy}). Every drop is counted by {@link dev.warden.gateway.DropReason} in
 * total and per subscriber ({@link dev.warden.gateway.MqttGateway#subscriberDrops}), and the first and last drop of
 * each episode are logged with the client. Connections, messages and payload bytes each way, denials and failed
 * handshakes are totalled gateway-wide ({@link dev.warden.gateway.MqttGateway#totals()}, counted by
 * {@code CountingEvents} before any listener runs). Publishers are slowed down only for a subscriber whose policies
 * allow iot:PushBack (a trusted application, decided at CONNECT): what it cannot take yet waits in its queue and the
 * publishers of those messages are not read ({@link dev.warden.gateway.PublisherHolds}, Netty auto-read set from the
 * broker thread, so nothing waits) until it is writable again with a short queue, for at most
 * {@link dev.warden.gateway.SlowConsumerPolicy#maxPushBack()} at a time; then it drops as any other subscriber
 * ({@code push-back-expired}) until it has caught up. Not yet: per-thing-group CIDR rules (no thing groups exist),
 * cutting live connections of an address when it is banned, per-prefix (e.g. IPv6 /64) buckets.
 *
 * <p>Persistent sessions survive a restart when the gateway is given a {@link dev.warden.gateway.SessionStore}: the
 * broker records each change (subscriptions and expiry; QoS 1/2 messages held, sent, released, acknowledged) as a
 * {@link dev.warden.gateway.SessionChange} with device data in opaque encoded bytes, a writer thread hands them to the
 * store in batches, and {@link dev.warden.gateway.MqttGateway#start()} restores what it returns before listening. A
 * PUBACK/PUBREC for a message now held by a persistent session, or retained, is sent only once the store has it;
 * clean sessions never reach the store and their acknowledgements are not delayed. Retained messages are stored
 * under a random id (never their topic, which is device data) with the thing that published them; a will waiting for
 * its MQTT 5 will delay on a persistent session is stored with its due time, published after a restart when due and
 * dropped if its client resumes the session first. Inbound QoS 2 state is not stored.
 *
 * <p>MQTT 5 topic aliases are accepted from clients (up to 16, resolved before authorization), and the gateway
 * assigns its own for what it sends, up to the client's Topic Alias Maximum (at most 64; {@code OutboundTopicAliases}).
 * Subscription identifiers are kept with subscriptions (stored with persistent sessions) and sent with every PUBLISH
 * they match, all of them when several match. A DISCONNECT may change the session expiry (not from 0: protocol
 * error). Server Keep Alive is sent whenever the gateway's keep-alive bounds change the request. Not implemented
 * (announced to MQTT 5 clients where the protocol allows): enhanced authentication (AUTH), request/response
 * information. Every deliberate difference from the specification is listed in the README ("MQTT: deliberate
 * differences from the specification").
 */
package dev.warden.gateway;
