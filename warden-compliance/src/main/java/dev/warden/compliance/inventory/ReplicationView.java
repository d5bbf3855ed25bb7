package dev.warden.compliance.inventory;

/**
 * A bucket's replication rule as the node judges it now.
 *
 * @param residencyAllowed whether the deployment's current jurisdictions let this region's data reach the destination
 */
public record ReplicationView(String bucket, String arn, String destination, boolean residencyAllowed) {}
