package dev.warden.region.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The residency table: who may replicate to whom, and that anything it does not know is closed. */
class JurisdictionsTest {
    private static final List<String> REGIONS =
            List.of("eu-west-1", "eu-central-1", "us-east-1", "us-west-2", "ap-south-1");

    @Test
    void euRegionsReplicateAmongThemselvesAndNowhereElse() {
        Jurisdictions t = Jurisdictions.NONE.with("eu", List.of("eu-west-1", "eu-central-1"));
        assertThat(t.mayReplicate("eu-west-1", "eu-central-1")).isTrue();
        assertThat(t.mayReplicate("eu-central-1", "eu-west-1")).isTrue();
        assertThat(t.mayReplicate("eu-west-1", "us-east-1")).isFalse();
        assertThat(t.mayReplicate("us-east-1", "eu-west-1")).isFalse();
        // A region in no jurisdiction may not even replicate to another region in none.
        assertThat(t.mayReplicate("us-east-1", "us-west-2")).isFalse();
        assertThat(t.mayReplicate(null, "eu-west-1")).isFalse();
    }

    @Test
    void settingAJurisdictionMovesItsRegionsAndAnEmptyOneIsRemoved() {
        Jurisdictions t = Jurisdictions.NONE
                .with("eu", List.of("eu-west-1", "eu-central-1"))
                .with("us", List.of("us-east-1", "eu-central-1"));
        assertThat(t.byJurisdiction())
                .isEqualTo(Map.of("eu", List.of("eu-west-1"), "us", List.of("eu-central-1", "us-east-1")));
        assertThat(t.with("us", List.of()).byJurisdiction()).isEqualTo(Map.of("eu", List.of("eu-west-1")));
        assertThat(t.with("eu", List.of("eu-west-1"))).isEqualTo(t);
    }

    @Test
    void malformedNamesAreRefused() {
        assertThatThrownBy(() -> Jurisdictions.NONE.with("EU!", List.of("eu-west-1")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Jurisdictions.NONE.with("eu", List.of("not a region")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void mayReplicateIsSymmetric(
            @ForAll("tables") Jurisdictions t, @ForAll("regions") String a, @ForAll("regions") String b) {
        assertThat(t.mayReplicate(a, b)).isEqualTo(t.mayReplicate(b, a));
    }

    @Property
    void aRegionReplicatesToItselfOnlyWithinAJurisdiction(
            @ForAll("tables") Jurisdictions t, @ForAll("regions") String a) {
        assertThat(t.mayReplicate(a, a)).isEqualTo(t.of(a).isPresent());
    }

    @Property
    void anUnknownRegionReplicatesNowhere(@ForAll("tables") Jurisdictions t, @ForAll("regions") String a) {
        assertThat(t.mayReplicate("xx-unknown-9", a)).isFalse();
        assertThat(t.mayReplicate(a, "xx-unknown-9")).isFalse();
    }

    @Property
    void mayReplicateIsTransitive(
            @ForAll("tables") Jurisdictions t,
            @ForAll("regions") String a,
            @ForAll("regions") String b,
            @ForAll("regions") String c) {
        if (t.mayReplicate(a, b) && t.mayReplicate(b, c)) {
            assertThat(t.mayReplicate(a, c)).isTrue();
        }
    }

    @Provide
    Arbitrary<String> regions() {
        return Arbitraries.of(REGIONS);
    }

    @Provide
    Arbitrary<Jurisdictions> tables() {
        Arbitrary<String> name = Arbitraries.of("eu", "us", "apac");
        return Arbitraries.maps(regions(), name).ofMaxSize(REGIONS.size()).map(Jurisdictions::of);
    }
}
