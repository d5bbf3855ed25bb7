package dev.warden.kms.store;

/** A row of {@code kms_data_keys}: one owner's data keyset, wrapped by version {@code kekVersion} of {@code keyArn}. */
public record DataKeyRow(String region, String owner, String keyArn, int kekVersion, String wrappedKey) {
    @Override
    public String toString() {
        return "DataKeyRow[" + owner + ", " + keyArn + " v" + kekVersion + "]";
    }
}
