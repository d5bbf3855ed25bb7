package dev.warden.compliance.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.compliance.ComplianceException;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The reviewed framework files: each loads, names only real checks, and together they map every check. */
class FrameworksTest {
    /** What each framework's control IDs look like, so a typo ("IA5", "CR1.1", "5.1.1") fails review here. */
    private static final java.util.Map<String, Pattern> ID_SHAPES = java.util.Map.of(
            "etsi-en-303-645", Pattern.compile("(5\\.\\d{1,2}|6)-\\d{1,2}"),
            "nist-800-53", Pattern.compile("[A-Z]{2}-\\d{1,2}(\\(\\d{1,2}\\))?"),
            "cis-v8", Pattern.compile("\\d{1,2}\\.\\d{1,2}"),
            "iec-62443-4-2", Pattern.compile("CR \\d\\.\\d{1,2}( RE\\(\\d\\))?"));

    static List<String> ids() {
        return Frameworks.IDS;
    }

    @ParameterizedTest
    @MethodSource("ids")
    void everyFileLoadsWithItsOwnIdTitleVersionAndUrl(String id) {
        Framework framework = Frameworks.load(id);

        assertThat(framework.id()).isEqualTo(id);
        assertThat(framework.title()).isNotBlank();
        assertThat(framework.version()).isNotBlank();
        assertThat(framework.url()).startsWith("https://");
        assertThat(framework.controls()).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("ids")
    void controlIdsAreUniqueAndShapedLikeTheFrameworks(String id) {
        Framework framework = Frameworks.load(id);
        Set<String> seen = new HashSet<>();

        for (Control control : framework.controls()) {
            assertThat(seen.add(control.id()))
                    .as("duplicate control %s", control.id())
                    .isTrue();
            assertThat(control.id()).matches(ID_SHAPES.get(id));
            assertThat(control.title()).as(control.id()).isNotBlank();
            assertThat(control.checks()).as(control.id()).doesNotHaveDuplicates();
        }
    }

    @ParameterizedTest
    @MethodSource("ids")
    void uncoveredControlsNameTheirOwnerAndCoveredOnesAreWardens(String id) {
        for (Control control : Frameworks.load(id).controls()) {
            if (control.covered()) {
                assertThat(control.owner()).as(control.id()).isEqualTo(Responsibility.WARDEN);
            } else {
                assertThat(control.owner()).as(control.id()).isIn(Responsibility.OPERATOR, Responsibility.DEVICE_MAKER);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("ids")
    void everyFrameworkLeavesSomeControlsToTheOperatorOrDeviceMaker(String id) {
        // A report that called a whole framework Warden's would overclaim: each file lists the controls a reader
        // expects
        // that Warden does not check.
        assertThat(Frameworks.load(id).controls()).anyMatch(c -> !c.covered());
    }

    @Test
    void everyCheckIsMappedByAtLeastOneFramework() {
        Set<CheckId> mapped = EnumSet.noneOf(CheckId.class);
        Frameworks.all().forEach(f -> f.controls().forEach(c -> mapped.addAll(c.checks())));

        assertThat(EnumSet.complementOf(EnumSet.copyOf(mapped))).isEmpty();
    }

    @Test
    void anUnknownCheckNameIsAnErrorNotAnEmptyControl() throws Exception {
        var json = new ObjectMapper()
                .readTree(
                        "{\"id\":\"x\",\"controls\":[{\"id\":\"A-1\",\"title\":\"t\",\"checks\":[\"NO_SUCH_CHECK\"]}]}");

        assertThatThrownBy(() -> Frameworks.parse(json)).hasMessageContaining("NO_SUCH_CHECK");
    }

    @Test
    void anUncoveredControlWithoutAnOwnerIsAnError() throws Exception {
        var json = new ObjectMapper()
                .readTree("{\"id\":\"x\",\"controls\":[{\"id\":\"A-1\",\"title\":\"t\",\"checks\":[]}]}");

        assertThatThrownBy(() -> Frameworks.parse(json)).hasMessageContaining("owner");
    }

    @Test
    void aCoveredControlCannotBeGivenToSomeoneElse() throws Exception {
        var json = new ObjectMapper()
                .readTree("{\"id\":\"x\",\"controls\":[{\"id\":\"A-1\",\"title\":\"t\",\"checks\":[\"BUCKET_PUBLIC\"],"
                        + "\"owner\":\"operator\"}]}");

        assertThatThrownBy(() -> Frameworks.parse(json)).hasMessageContaining("drop its owner");
    }

    @Test
    void anUnknownFrameworkIsRefusedWithItsReason() {
        assertThatThrownBy(() -> Frameworks.load("pci-dss"))
                .isInstanceOf(ComplianceException.class)
                .hasMessageContaining("etsi-en-303-645");
    }
}
