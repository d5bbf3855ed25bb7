package dev.warden.kms.rotation;

import dev.warden.kms.KmsException;
import dev.warden.kms.KmsReason;
import dev.warden.kms.SecretRotator;
import dev.warden.kms.SecretValue;
import java.security.SecureRandom;

/** Rotates a password that nothing external checks: a new random password from an alphabet safe in URLs and SQL literals. */
public final class RandomPasswordRotator implements SecretRotator {
    static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_.~";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int length;

    /** @param length 16 to 256 characters (about 5.9 bits each) */
    public RandomPasswordRotator(int length) {
        if (length < 16 || length > 256) {
            throw new KmsException(KmsReason.INVALID_ARGUMENT, "password length must be 16 to 256");
        }
        this.length = length;
    }

    public RandomPasswordRotator() {
        this(32);
    }

    @Override
    public SecretValue createSecret(SecretValue current) {
        return SecretValue.of(randomPassword(length));
    }

    static String randomPassword(int length) {
        StringBuilder password = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    @Override
    public String toString() {
        return "RandomPasswordRotator[" + length + " characters]";
    }
}
