package dev.warden.registry.residency;

import java.util.List;

/**
 * Where residency learns the deployment's other active regions (the node reads them from the region membership). May
 * block: it is asked off the I/O threads only, by {@link Residency#refresh()}.
 */
@FunctionalInterface
public interface DeploymentRegions {
    /** A region on its own: no other region's devices are recognised. */
    DeploymentRegions NONE = List::of;

    /** The active regions of the deployment other than this one. */
    List<HomeRegion> others();
}
