/**
 * The playbook runs' tables ({@code playbook_runs}, {@code playbook_steps}; migration {@code V23__playbooks.sql}):
 * one DAO on one JDBI handle, so that the runner decides what goes into each transaction. Ids are MAX(id)+1 inside
 * the inserting transaction, times epoch milliseconds, as in Warden's other stores. Results are stored as JSON and
 * never hold a secret value or a message payload: the actions that produce them promise that.
 */
package dev.warden.incident.playbook.store;
