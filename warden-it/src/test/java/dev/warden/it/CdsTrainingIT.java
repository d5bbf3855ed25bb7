package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The launcher builds its class-data archive by running {@code warden cds-training}; when the training fails the
 * launcher only warns and runs without the archive, so nothing else would notice that it broke.
 */
class CdsTrainingIT {
    @Test
    void theTrainingRunOfTheLauncherSucceeds() {
        NodeHarness.CliResult result = Cli.run(List.of("cds-training"));
        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    }
}
