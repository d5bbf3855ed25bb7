/** The job tables: plain JDBI on the caller's handle, so that the service decides what one transaction holds. */
package dev.warden.jobs.store;
