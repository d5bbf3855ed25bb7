/**
 * The pure core of compliance: the check catalogue ({@link dev.warden.compliance.core.CheckId}), findings and their
 * lifecycle, the frameworks' controls as reviewed data, and the node facts reports quote.
 *
 * <p>No I/O beyond reading the framework files shipped with the build; no clock (callers pass times). What it must
 * never do: call a control met that no check covers (it is then the operator's), or let a finding's identity depend
 * on anything but its check and resource.
 */
package dev.warden.compliance.core;
