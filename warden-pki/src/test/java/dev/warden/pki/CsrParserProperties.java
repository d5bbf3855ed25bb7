package dev.warden.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** Fuzz-style properties: any bytes give a ValidatedCsr or a PkiException, nothing else. */
class CsrParserProperties {
    private static final List<byte[]> SEEDS = List.of(
            CsrBuilder.buildCsrDer(CsrBuilder.generateDeviceKey(KeyType.EC_P256), "seed-256"),
            CsrBuilder.buildCsrDer(CsrBuilder.generateDeviceKey(KeyType.EC_P384), "seed-384"));

    @Property(tries = 500)
    void randomBytesOnlyYieldPkiException(@ForAll @Size(max = 4096) byte[] input) {
        assertOnlyPkiOutcomes(input);
    }

    @Property(tries = 1000)
    void mutatedCsrsOnlyYieldResultOrPkiException(@ForAll("mutatedCsrs") byte[] input) {
        assertOnlyPkiOutcomes(input);
    }

    @Property(tries = 300)
    void mutatedPemOnlyYieldsResultOrPkiException(@ForAll("mutatedPem") byte[] input) {
        assertOnlyPkiOutcomes(input);
    }

    private static void assertOnlyPkiOutcomes(byte[] input) {
        try {
            assertThat(CsrParser.parse(input)).isNotNull();
        } catch (PkiException e) {
            assertThat(e.reason()).isNotNull();
        } catch (Throwable other) {
            throw new AssertionError("unexpected " + other, other);
        }
    }

    @Provide
    Arbitrary<byte[]> mutatedCsrs() {
        return Arbitraries.of(SEEDS)
                .flatMap(seed -> Arbitraries.oneOf(
                        // flip bits at random positions
                        Arbitraries.integers()
                                .between(0, seed.length - 1)
                                .list()
                                .ofMinSize(1)
                                .ofMaxSize(8)
                                .flatMap(positions -> Arbitraries.integers()
                                        .between(1, 255)
                                        .map(mask -> {
                                            byte[] copy = seed.clone();
                                            positions.forEach(p -> copy[p] ^= mask.byteValue());
                                            return copy;
                                        })),
                        // truncate
                        Arbitraries.integers().between(0, seed.length - 1).map(n -> java.util.Arrays.copyOf(seed, n)),
                        // overwrite a byte with a length-ish value to break TLV structure
                        Arbitraries.integers()
                                .between(0, seed.length - 1)
                                .flatMap(p -> Arbitraries.of(
                                                (byte) 0x80, (byte) 0x81, (byte) 0x84, (byte) 0xff, (byte) 0x00)
                                        .map(v -> {
                                            byte[] copy = seed.clone();
                                            copy[p] = v;
                                            return copy;
                                        }))));
    }

    @Provide
    Arbitrary<byte[]> mutatedPem() throws java.io.IOException {
        String pem = Pem.encodeCsr(new PKCS10CertificationRequest(SEEDS.get(0)));
        return Arbitraries.integers()
                .between(0, pem.length() - 1)
                .flatMap(p -> Arbitraries.chars().ascii().map(c -> {
                    StringBuilder copy = new StringBuilder(pem);
                    copy.setCharAt(p, c);
                    return copy.toString().getBytes(StandardCharsets.ISO_8859_1);
                }));
    }
}
