package dev.warden.it;

import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.security.spec.AlgorithmParameterSpec;

/**
 * A switch that makes the audit writer's ECDSA signatures fail, as a lost HSM session would: a JCA provider put first
 * that delegates SHA256withECDSA to the platform, and refuses to sign on the audit writer thread while switched on.
 * Every other signature (TLS, certificate issuance) goes on.
 */
final class FailingAuditSigner extends Provider {
    private static final String NAME = "WardenTestFailingAuditSigner";
    private static volatile boolean failing;

    private FailingAuditSigner() {
        super(NAME, "1.0", "fails audit checkpoint signatures on demand");
        putService(new Service(this, "Signature", "SHA256withECDSA", Spi.class.getName(), null, null));
    }

    static void install() {
        if (Security.getProvider(NAME) == null) {
            Security.insertProviderAt(new FailingAuditSigner(), 1);
        }
    }

    static void uninstall() {
        failing = false;
        Security.removeProvider(NAME);
    }

    static void fail(boolean on) {
        failing = on;
    }

    /** Delegates to the platform's ECDSA; {@code sign} fails on the audit writer thread while the switch is on. */
    public static final class Spi extends SignatureSpi {
        private Signature delegate;

        public Spi() {}

        /** The first other provider that takes the key (the audit key may be a BouncyCastle key). */
        private static Signature platform(java.security.Key key) throws InvalidKeyException {
            InvalidKeyException last = new InvalidKeyException("no provider takes this key");
            for (Provider p : Security.getProviders("Signature.SHA256withECDSA")) {
                if (NAME.equals(p.getName())) {
                    continue;
                }
                try {
                    Signature s = Signature.getInstance("SHA256withECDSA", p);
                    if (key instanceof PrivateKey k) {
                        s.initSign(k);
                    } else {
                        s.initVerify((PublicKey) key);
                    }
                    return s;
                } catch (NoSuchAlgorithmException | InvalidKeyException | RuntimeException e) {
                    last = new InvalidKeyException(e);
                }
            }
            throw last;
        }

        @Override
        protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
            delegate = platform(publicKey);
        }

        @Override
        protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
            delegate = platform(privateKey);
        }

        @Override
        protected void engineUpdate(byte b) throws SignatureException {
            delegate.update(b);
        }

        @Override
        protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
            delegate.update(b, off, len);
        }

        @Override
        protected byte[] engineSign() throws SignatureException {
            if (failing && Thread.currentThread().getName().startsWith("warden-audit-writer")) {
                throw new SignatureException("the signing device does not answer");
            }
            return delegate.sign();
        }

        @Override
        protected boolean engineVerify(byte[] sigBytes) throws SignatureException {
            return delegate.verify(sigBytes);
        }

        @Override
        protected void engineSetParameter(AlgorithmParameterSpec params)
                throws java.security.InvalidAlgorithmParameterException {
            delegate.setParameter(params);
        }

        @Override
        @Deprecated
        protected void engineSetParameter(String param, Object value) {
            throw new InvalidParameterException("not supported");
        }

        @Override
        @Deprecated
        protected Object engineGetParameter(String param) {
            throw new InvalidParameterException("not supported");
        }
    }
}
