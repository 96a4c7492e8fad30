// ===----------------------------------------------------------------------===
// Schema and indexes. Indexes follow the queries: backends by name (unique, and the list filter),
// by type, by tag; models by (backend, stage); APIs by backend; product attachments both ways.
// ===----------------------------------------------------------------------===

import GRDB

extension EmulatorStore {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            // `seq` keeps creation order for paging; ids are the service's 32-hex strings.
            try db.execute(sql: """
                CREATE TABLE backend (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL UNIQUE,
                    type TEXT NOT NULL,
                    description TEXT NOT NULL DEFAULT '',
                    created TEXT NOT NULL,
                    modified TEXT NOT NULL
                );
                CREATE INDEX backend_by_type ON backend(type, seq);

                CREATE TABLE backend_tag (
                    backend_id TEXT NOT NULL REFERENCES backend(id) ON DELETE CASCADE,
                    key TEXT NOT NULL,
                    value TEXT NOT NULL DEFAULT '',
                    PRIMARY KEY (backend_id, key)
                ) WITHOUT ROWID;
                CREATE INDEX backend_tag_by_pair ON backend_tag(key, value);

                CREATE TABLE backend_model (
                    id TEXT PRIMARY KEY,
                    backend_id TEXT NOT NULL REFERENCES backend(id),
                    stage TEXT NOT NULL,
                    type TEXT NOT NULL,
                    description TEXT NOT NULL DEFAULT '',
                    config TEXT NOT NULL,
                    created TEXT NOT NULL,
                    modified TEXT NOT NULL,
                    UNIQUE (backend_id, stage)
                );

                CREATE TABLE api_group (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    region TEXT NOT NULL DEFAULT 'cn-hangzhou'
                );

                CREATE TABLE api (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    description TEXT NOT NULL DEFAULT '',
                    group_id TEXT NOT NULL,
                    method TEXT NOT NULL,
                    path TEXT NOT NULL,
                    backend_id TEXT
                );
                CREATE INDEX api_by_backend ON api(backend_id);

                -- The stages an API is published to.
                CREATE TABLE api_stage (
                    api_id TEXT NOT NULL REFERENCES api(id) ON DELETE CASCADE,
                    stage TEXT NOT NULL,
                    PRIMARY KEY (api_id, stage)
                ) WITHOUT ROWID;

                CREATE TABLE app (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    description TEXT NOT NULL DEFAULT '',
                    extend TEXT NOT NULL DEFAULT ''
                );

                CREATE TABLE api_product (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    created TEXT NOT NULL
                );

                CREATE TABLE product_api (
                    product_id TEXT NOT NULL REFERENCES api_product(id) ON DELETE CASCADE,
                    api_id TEXT NOT NULL,
                    stage TEXT NOT NULL,
                    attached TEXT NOT NULL,
                    PRIMARY KEY (product_id, api_id, stage)
                ) WITHOUT ROWID;
                CREATE INDEX product_api_by_api ON product_api(api_id, stage);

                CREATE TABLE app_authorization (
                    app_id INTEGER NOT NULL REFERENCES app(id) ON DELETE CASCADE,
                    product_id TEXT NOT NULL REFERENCES api_product(id) ON DELETE CASCADE,
                    valid_until TEXT NOT NULL DEFAULT '',
                    description TEXT NOT NULL DEFAULT '',
                    authorized TEXT NOT NULL,
                    PRIMARY KEY (app_id, product_id)
                ) WITHOUT ROWID;
                CREATE INDEX app_authorization_by_product ON app_authorization(product_id, app_id);

                -- What ModifyBackendModel / DeleteBackendModel changed, for DescribeUpdateBackendTask.
                CREATE TABLE update_task (
                    id TEXT PRIMARY KEY,
                    backend_id TEXT NOT NULL,
                    stage TEXT NOT NULL,
                    results TEXT NOT NULL,
                    created TEXT NOT NULL
                );
                """)
        }
        return migrator
    }
}
