package dev.warden.firmware.images;

import dev.warden.buckets.BucketException;
import dev.warden.buckets.BucketReason;
import dev.warden.buckets.BucketStore;
import dev.warden.firmware.FirmwareException;
import dev.warden.firmware.FirmwareReason;
import dev.warden.firmware.FirmwareRelease;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Images as objects of the bucket {@value #BUCKET}. The parts of one image sit under a prefix that names its type,
 * version and SHA-256, so that a second upload of the same version can never overwrite the parts of a published
 * image, and an image read back is refused unless it hashes to what was published.
 */
public final class ImageStore {
    public static final String BUCKET = "warden-firmware";

    private final BucketStore buckets;

    public ImageStore(BucketStore buckets) {
        this.buckets = buckets;
    }

    /** Stores {@code image} for a release of {@code type}/{@code version}; returns the number of parts written. */
    public int put(String type, String version, String sha256, byte[] image) {
        ensureBucket();
        int partSize = BucketStore.MAX_OBJECT_BYTES;
        int parts = Math.max(1, (image.length + partSize - 1) / partSize);
        for (int i = 0; i < parts; i++) {
            byte[] part = Arrays.copyOfRange(image, i * partSize, Math.min(image.length, (i + 1) * partSize));
            buckets.put(BUCKET, partKey(type, version, sha256, i), part, "application/octet-stream");
        }
        return parts;
    }

    /** The image of {@code release}, whole, after checking its length and SHA-256. */
    public byte[] read(FirmwareRelease release) {
        ByteArrayOutputStream image = new ByteArrayOutputStream((int) release.length());
        for (int i = 0; i < release.parts(); i++) {
            try {
                image.writeBytes(buckets.get(
                                BUCKET,
                                partKey(release.thingType(), release.version().text(), release.sha256(), i))
                        .content());
            } catch (BucketException e) {
                throw corrupt(release, "part " + i + " is missing (" + e.reason() + ")");
            }
        }
        byte[] bytes = image.toByteArray();
        if (bytes.length != release.length() || !sha256(bytes).equals(release.sha256())) {
            throw corrupt(release, "it does not hash to the published SHA-256");
        }
        return bytes;
    }

    public static String sha256(byte[] bytes) {
        return digest("SHA-256", bytes);
    }

    public static String sha512(byte[] bytes) {
        return digest("SHA-512", bytes);
    }

    private void ensureBucket() {
        try {
            buckets.bucket(BUCKET);
        } catch (BucketException e) {
            if (e.reason() != BucketReason.NO_SUCH_BUCKET) {
                throw e;
            }
            try {
                buckets.create(BUCKET, null);
            } catch (BucketException raced) {
                if (raced.reason() != BucketReason.BUCKET_ALREADY_EXISTS) {
                    throw raced;
                }
            }
        }
    }

    private static String partKey(String type, String version, String sha256, int part) {
        return "images/" + type + "/" + version + "/" + sha256.substring(0, 16) + "/part-"
                + String.format("%04d", part);
    }

    private static FirmwareException corrupt(FirmwareRelease release, String why) {
        return new FirmwareException(
                FirmwareReason.IMAGE_CORRUPT,
                "the stored image of " + release.thingType() + " " + release.version() + " is refused: " + why);
    }

    private static String digest(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }
}
