/**
 * The registry's tables (things and thing groups, certificates, claims, templates, manufacturer CAs, the CRL number)
 * as records and one DAO per table, each on a Jdbi handle the caller opened.
 *
 * <p>DAOs never open transactions: the services compose them in one {@code Database.inTransaction}, so a check and
 * the write it guards land together. Some states are made impossible here rather than checked elsewhere: there is no
 * way to un-revoke a certificate, a certificate belongs to at most one thing, and an enrollment token is stored only
 * as its SHA-256. Migrations are in {@code db/migration/registry}.
 */
package dev.warden.registry.store;
