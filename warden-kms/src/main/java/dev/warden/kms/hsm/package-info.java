/**
 * The KMS's keys of origin HSM in a PKCS#11 token (an HSM, SoftHSM2 in tests), through warden-pki's
 * {@link dev.warden.pki.Pkcs11KeySource} and the JDK's SunPKCS11 provider: {@link dev.warden.kms.hsm.Pkcs11HsmKeyStore}
 * is the {@link dev.warden.kms.HsmKeyStore} a node with an HSM hands to its KMS.
 *
 * <p>What it must never do: generate a private key outside the token, read one out of it (every key is a
 * sensitive, non-extractable token object and is only ever used through the provider), or put the PIN or key bytes in
 * a message. It owns no session: the node opens the token and closes it.
 */
package dev.warden.kms.hsm;
