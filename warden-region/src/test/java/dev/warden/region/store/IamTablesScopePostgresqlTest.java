package dev.warden.region.store;

import dev.warden.testkit.PostgresFixture;

/** The same selections on PostgreSQL: the scope conditions are plain SQL that both databases must read alike. */
class IamTablesScopePostgresqlTest extends IamTablesScopeTest {
    @Override
    String databaseUrl() {
        return PostgresFixture.freshSchemaUrl();
    }
}
