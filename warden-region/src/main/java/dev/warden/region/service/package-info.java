/**
 * What a region does with its links: the membership (join tokens, joining, leaving), the control region's IAM change
 * log (captured from the IAM tables after every change and signed), a member's replica of it (pulled over the link,
 * verified, applied in order, with its staleness reported), the deployment root (the control region's root
 * cross-certifies each member's root, {@code DeploymentRoot}), and the audit events of all of it.
 */
package dev.warden.region.service;
