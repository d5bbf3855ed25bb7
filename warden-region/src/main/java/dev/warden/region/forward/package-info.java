/**
 * Admin requests forwarded between regions (issue 24): a request made at one region's admin API for another region's
 * data goes over the region link to that region, which authenticates the caller's token, decides with its own copy of
 * IAM ({@code warden:RequestedRegion} is the region the request was made in) and audits it; the answer comes back the
 * same way. The region it was made in audits the forwarding.
 *
 * <p>An incident playbook's change of a user or service account in a member region goes the same way to the control
 * region ({@link dev.warden.region.forward.IamContainment}), where IAM is written, so that the change log carries it
 * to every region.
 */
package dev.warden.region.forward;
