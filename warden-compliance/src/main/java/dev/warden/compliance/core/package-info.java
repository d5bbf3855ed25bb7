/**
 * The pure core of compliance: the check catalogue ({@link dev.warden.compliance.core.CheckId}), findings and their
 * lifecycle, the frameworks' controls as reviewed data with who answers for each
 * ({@link dev.warden.compliance.core.Responsibility}), a framework's posture judged from the findings
 * ({@link dev.warden.compliance.core.FrameworkPosture}), and the node facts reports quote.
 *
 * <p>No I/O beyond reading the framework files shipped with the build; no clock (callers pass times). What it must
 * never do: call a control met that no check covers (it is then its owner's: the operator's or the device maker's) or
 * whose checks have not all run, or let a finding's identity depend on anything but its check and resource.
 */
package dev.warden.compliance.core;
