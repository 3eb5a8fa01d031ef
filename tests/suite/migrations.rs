//! Every migration runs up, down and up again on each backend.

use migration::{Migrator, MigratorTrait};
use sea_orm::Database;

use crate::harness::{TestDatabase, backends};

#[tokio::test]
async fn migrations_run_up_down_and_up_again() {
    for backend in backends() {
        let database = TestDatabase::create(backend).await;
        let db = Database::connect(&database.url).await.expect("connects");
        Migrator::up(&db, None).await.expect("up");
        let applied = Migrator::get_applied_migrations(&db)
            .await
            .expect("status")
            .len();
        assert_eq!(
            applied,
            Migrator::migrations().len(),
            "{backend:?}: every migration applied"
        );

        Migrator::down(&db, None).await.expect("down");
        assert!(
            Migrator::get_applied_migrations(&db)
                .await
                .expect("status")
                .is_empty(),
            "{backend:?}: every migration reverted"
        );
        let manager = migration::SchemaManager::new(&db);
        for table in [
            "document",
            "statement",
            "speaker",
            "organization",
            "alias",
            "topic",
        ] {
            assert!(
                !manager.has_table(table).await.expect("introspects"),
                "{backend:?}: {table} dropped"
            );
        }

        Migrator::up(&db, None).await.expect("up again");
        assert!(manager.has_table("statement").await.expect("introspects"));
        db.close().await.expect("closes");
    }
}

/// A database that held statements before `statement_organization` existed
/// gets it filled by the migration with exactly the rows the application
/// derives when it loads the corpus.
#[tokio::test]
async fn the_statement_organization_migration_backfills_existing_statements() {
    use claimgraph::config::SeedScope;
    use claimgraph::services::seeding::load;
    use sea_orm::{ConnectOptions, EntityTrait, QueryOrder};

    async fn rows(db: &sea_orm::DatabaseConnection) -> Vec<(i64, i64)> {
        entity::statement_organization::Entity::find()
            .order_by_asc(entity::statement_organization::Column::StatementId)
            .order_by_asc(entity::statement_organization::Column::OrganizationId)
            .all(db)
            .await
            .expect("reads")
            .into_iter()
            .map(|r| (r.statement_id, r.organization_id))
            .collect()
    }

    for backend in backends() {
        let database = TestDatabase::create(backend).await;
        let mut options = ConnectOptions::new(database.url.clone());
        options.max_connections(1);
        let db = Database::connect(options).await.expect("connects");
        Migrator::up(&db, None).await.expect("up");
        load(&db, SeedScope::All).await.expect("the corpus loads");
        let derived = rows(&db).await;
        assert!(derived.len() > 40, "{backend:?}: {} rows", derived.len());

        // Back to the schema before the table, statements kept; then forward.
        Migrator::down(&db, Some(2)).await.expect("down two");
        let manager = migration::SchemaManager::new(&db);
        assert!(
            !manager
                .has_table("statement_organization")
                .await
                .expect("introspects"),
            "{backend:?}: the table is gone"
        );
        Migrator::up(&db, None).await.expect("up");
        assert_eq!(rows(&db).await, derived, "{backend:?}");
        db.close().await.expect("closes");
    }
}
