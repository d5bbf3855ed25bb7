/**
 * Firmware images in the region's firmware bucket: split into parts no larger than a bucket object, each encrypted
 * at rest by the bucket store, and checked against the published SHA-256 when read back.
 */
package dev.warden.firmware.images;
