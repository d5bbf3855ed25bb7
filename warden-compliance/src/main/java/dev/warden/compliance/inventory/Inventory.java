package dev.warden.compliance.inventory;

import dev.warden.compliance.core.NodeFacts;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One run's view of everything the checks look at. Each part is read from its {@link Source} the first time a check
 * asks for it and kept for the rest of the run: a run of the bucket checks never reads a certificate.
 *
 * <p>Checks must treat every part as read-only. A part that fails to read throws to the check that asked; the engine
 * then leaves that check's findings as they were (a check that could not look has not seen a problem go away).
 */
public final class Inventory {
    /** Where the parts come from: the node's tables and services ({@link InventoryReader}), or a test's records. */
    public interface Source {
        List<CertificateView> certificates();

        /** Serial to service account, for the certificates of service accounts. */
        Map<String, String> serviceCertificates();

        List<CaView> cas();

        List<PolicyView> policies();

        List<UserView> users();

        List<PrincipalView> principals();

        List<ApiKeyView> apiKeys();

        /** When each credential was used, keyed {@code cert/SERIAL}, {@code apikey/ID}, {@code admin/ID}, {@code user/NAME}. */
        Map<String, CredentialUse> usage();

        List<SessionTakeOver> takeOvers();

        List<LiveSession> liveSessions();

        List<KmsKeyView> kmsKeys();

        List<SecretView> secrets();

        BucketsView buckets();

        AuditView audit();

        NodeFacts node();

        /** This node's copy of IAM as a member region; {@link RegionIamView#NOT_A_MEMBER} otherwise. */
        RegionIamView regionIam();

        /** Each thing's last boot attestation report. */
        default List<BootView> boots() {
            return List.of();
        }
    }

    private final Lazy<List<CertificateView>> certificates;
    private final Lazy<Map<String, String>> serviceCertificates;
    private final Lazy<List<CaView>> cas;
    private final Lazy<List<PolicyView>> policies;
    private final Lazy<List<UserView>> users;
    private final Lazy<List<PrincipalView>> principals;
    private final Lazy<List<ApiKeyView>> apiKeys;
    private final Lazy<Map<String, CredentialUse>> usage;
    private final Lazy<List<SessionTakeOver>> takeOvers;
    private final Lazy<List<LiveSession>> liveSessions;
    private final Lazy<List<KmsKeyView>> kmsKeys;
    private final Lazy<List<SecretView>> secrets;
    private final Lazy<BucketsView> buckets;
    private final Lazy<AuditView> audit;
    private final Lazy<NodeFacts> node;
    private final Lazy<RegionIamView> regionIam;
    private final Lazy<List<BootView>> boots;

    public Inventory(Source source) {
        certificates = new Lazy<>(source::certificates);
        serviceCertificates = new Lazy<>(source::serviceCertificates);
        cas = new Lazy<>(source::cas);
        policies = new Lazy<>(source::policies);
        users = new Lazy<>(source::users);
        principals = new Lazy<>(source::principals);
        apiKeys = new Lazy<>(source::apiKeys);
        usage = new Lazy<>(source::usage);
        takeOvers = new Lazy<>(source::takeOvers);
        liveSessions = new Lazy<>(source::liveSessions);
        kmsKeys = new Lazy<>(source::kmsKeys);
        secrets = new Lazy<>(source::secrets);
        buckets = new Lazy<>(source::buckets);
        audit = new Lazy<>(source::audit);
        node = new Lazy<>(source::node);
        regionIam = new Lazy<>(source::regionIam);
        boots = new Lazy<>(source::boots);
    }

    public List<CertificateView> certificates() {
        return certificates.get();
    }

    public Map<String, String> serviceCertificates() {
        return serviceCertificates.get();
    }

    public List<CaView> cas() {
        return cas.get();
    }

    public List<PolicyView> policies() {
        return policies.get();
    }

    public List<UserView> users() {
        return users.get();
    }

    public List<PrincipalView> principals() {
        return principals.get();
    }

    public List<ApiKeyView> apiKeys() {
        return apiKeys.get();
    }

    public Map<String, CredentialUse> usage() {
        return usage.get();
    }

    /** When a credential was last used, or null when the trail shows no use. */
    public Instant lastUse(String key) {
        CredentialUse use = usage.get().get(key);
        return use == null ? null : use.last();
    }

    public List<SessionTakeOver> takeOvers() {
        return takeOvers.get();
    }

    public List<LiveSession> liveSessions() {
        return liveSessions.get();
    }

    public List<KmsKeyView> kmsKeys() {
        return kmsKeys.get();
    }

    public List<SecretView> secrets() {
        return secrets.get();
    }

    public BucketsView buckets() {
        return buckets.get();
    }

    public AuditView audit() {
        return audit.get();
    }

    public NodeFacts node() {
        return node.get();
    }

    public RegionIamView regionIam() {
        return regionIam.get();
    }

    public List<BootView> boots() {
        return boots.get();
    }

    /** A part read once, on first use; thread-safe, so checks may run in parallel. */
    private static final class Lazy<T> {
        private final Supplier<T> source;
        private volatile T value;

        Lazy(Supplier<T> source) {
            this.source = source;
        }

        T get() {
            T v = value;
            if (v == null) {
                synchronized (this) {
                    v = value;
                    if (v == null) {
                        v = java.util.Objects.requireNonNull(source.get(), "an inventory part read as null");
                        value = v;
                    }
                }
            }
            return v;
        }
    }
}
