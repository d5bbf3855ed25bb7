package dev.warden.compliance.inventory;

import dev.warden.buckets.Bucket;
import dev.warden.compliance.ComplianceSettings;
import dev.warden.compliance.core.NodeFacts;
import dev.warden.kms.node.KmsArns;
import dev.warden.kms.store.KeyDao;
import dev.warden.kms.store.SecretDao;
import dev.warden.policy.Arn;
import dev.warden.policy.PolicyParser;
import dev.warden.policy.PolicyValidationException;
import dev.warden.storage.Database;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the node's state for one run: {@link #read} returns an {@link Inventory} whose parts are read on first use.
 * Read-only over every other capability's tables (through their DAOs); what it writes are compliance's own tables
 * (the trail scan's results and cursors). One reader serves every run, on the engine's single thread; what it caches
 * between runs (parsed certificates and policies) is keyed by what cannot change under it.
 */
public final class InventoryReader {
    private final Database database;
    private final ComplianceSettings settings;
    private final NodeSources node;
    private final RegistryReader registry;
    private final IamReader iam;
    private final TrailReader trail;

    public InventoryReader(Database database, ComplianceSettings settings, NodeSources node) {
        this.database = database;
        this.settings = settings;
        this.node = node;
        this.registry = new RegistryReader(database, settings.region(), node.nodeCas(), node.trustedFingerprints());
        this.iam = new IamReader(database);
        this.trail = new TrailReader(database, settings.region(), settings, node.auditKeys());
    }

    /** The inventory of a run that starts at {@code now}. */
    public Inventory read(Instant now) {
        return new Inventory(new RunSource(now));
    }

    /** Reads the audit trail since the last scan now (the engine does it before a run needs it, off the clock). */
    public void scanTrail(Instant now) {
        trail.scan(now);
    }

    private List<KmsKeyView> kmsKeys() {
        return database.read(h -> new KeyDao(h).list(settings.region())).stream()
                .map(k -> new KmsKeyView(
                        KmsArns.key(settings.region(), settings.account(), k.name()),
                        k.name(),
                        k.keySpec(),
                        k.state(),
                        k.createdAt(),
                        Optional.ofNullable(k.rotatedAt())))
                .toList();
    }

    private List<SecretView> secrets() {
        return database.read(h -> new SecretDao(h).list(settings.region())).stream()
                .map(s -> new SecretView(
                        KmsArns.secret(settings.region(), settings.account(), s.name()),
                        s.name(),
                        s.createdAt(),
                        Optional.ofNullable(s.rotatedAt())))
                .toList();
    }

    private BucketsView buckets() {
        List<BucketView> views = node.buckets().get().stream().map(this::bucket).toList();
        return new BucketsView(
                node.blockPublicAccess().getAsBoolean(),
                views,
                node.replication().get());
    }

    private BucketView bucket(Bucket b) {
        String arn = Arn.of("warden", settings.region(), settings.account(), "bucket/" + b.name())
                .toString();
        boolean everyone = false;
        if (b.policy() != null) {
            try {
                everyone = PolicyParser.parseResourcePolicy("bucket-" + b.name(), b.policy())
                        .grantsToEveryone();
            } catch (PolicyValidationException e) {
                // A stored resource policy that no longer parses grants nothing (it is refused when decided).
                everyone = false;
            }
        }
        return new BucketView(b.name(), arn, Optional.ofNullable(b.policy()), everyone);
    }

    /** Where one run's inventory reads each part from: this reader's DAOs and the node's sources, as of {@code now}. */
    private final class RunSource implements Inventory.Source {
        private final Instant now;

        RunSource(Instant now) {
            this.now = now;
        }

        @Override
        public List<CertificateView> certificates() {
            return registry.certificates();
        }

        @Override
        public Map<String, String> serviceCertificates() {
            return iam.serviceCertificates();
        }

        @Override
        public List<CaView> cas() {
            return registry.cas();
        }

        @Override
        public List<PolicyView> policies() {
            return iam.policies();
        }

        @Override
        public List<UserView> users() {
            return iam.users();
        }

        @Override
        public List<PrincipalView> principals() {
            return iam.principals();
        }

        @Override
        public List<ApiKeyView> apiKeys() {
            return iam.apiKeys();
        }

        @Override
        public Map<String, CredentialUse> usage() {
            return trail.usage(now);
        }

        @Override
        public List<SessionTakeOver> takeOvers() {
            return trail.takeOvers(now);
        }

        @Override
        public List<LiveSession> liveSessions() {
            return List.copyOf(node.liveSessions().get());
        }

        @Override
        public List<KmsKeyView> kmsKeys() {
            return InventoryReader.this.kmsKeys();
        }

        @Override
        public List<SecretView> secrets() {
            return InventoryReader.this.secrets();
        }

        @Override
        public BucketsView buckets() {
            return InventoryReader.this.buckets();
        }

        @Override
        public AuditView audit() {
            return trail.audit();
        }

        @Override
        public NodeFacts node() {
            return node.facts().get();
        }

        @Override
        public RegionIamView regionIam() {
            return node.regionIam().get();
        }

        @Override
        public List<BootView> boots() {
            return FirmwareReader.boots(database, settings.region());
        }
    }
}
