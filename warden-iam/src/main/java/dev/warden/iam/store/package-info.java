/**
 * IAM's tables (admin credential hashes, users, groups and roles, service accounts, policies and their attachments),
 * one DAO per aggregate, each working on a Jdbi handle the caller opened.
 *
 * <p>DAOs never open transactions themselves: the services in {@code dev.warden.iam} (and the registry, for policies
 * attached to things) compose several of them in one {@code Database.inTransaction}, so a check and the write it
 * guards commit together. What is stored is already safe to store: hashes instead of credentials and keys, KMS
 * ciphertext instead of TOTP seeds, and only policy documents that passed validation. Migrations are in
 * {@code db/migration/iam}.
 */
package dev.warden.iam.store;
