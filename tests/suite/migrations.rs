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
