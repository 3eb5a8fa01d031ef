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

/// A database that held statements before `statement_organization`,
/// `statement_tally` and `statement_facet_tally` existed gets them filled
/// by their migrations, with the rows the application would have written.
#[tokio::test]
async fn the_derived_tables_migrations_backfill_existing_statements() {
    use claimgraph::config::SeedScope;
    use claimgraph::services::seeding::load;
    use sea_orm::{ConnectOptions, EntityTrait, QueryOrder};

    type Facets = Vec<(i64, i64, String, String, i64)>;
    type Derived = (Vec<(i64, i64)>, Vec<(i64, i64, String, i64)>, Facets);
    async fn rows(db: &sea_orm::DatabaseConnection) -> Derived {
        let organizations = entity::statement_organization::Entity::find()
            .order_by_asc(entity::statement_organization::Column::StatementId)
            .order_by_asc(entity::statement_organization::Column::OrganizationId)
            .all(db)
            .await
            .expect("reads")
            .into_iter()
            .map(|r| (r.statement_id, r.organization_id))
            .collect();
        use entity::statement_tally::Column as T;
        let tally = entity::statement_tally::Entity::find()
            .order_by_asc(T::OrganizationId)
            .order_by_asc(T::TopicId)
            .order_by_asc(T::Month)
            .all(db)
            .await
            .expect("reads")
            .into_iter()
            .map(|r| (r.organization_id, r.topic_id, r.month, r.statements))
            .collect();
        use entity::statement_facet_tally::Column as F;
        let facets = entity::statement_facet_tally::Entity::find()
            .order_by_asc(F::OrganizationId)
            .order_by_asc(F::TopicId)
            .order_by_asc(F::Facet)
            .order_by_asc(F::Value)
            .all(db)
            .await
            .expect("reads")
            .into_iter()
            .map(|r| {
                let facet = sea_orm::ActiveEnum::to_value(&r.facet);
                (r.organization_id, r.topic_id, facet, r.value, r.statements)
            })
            .collect();
        (organizations, tally, facets)
    }

    for backend in backends() {
        let database = TestDatabase::create(backend).await;
        let mut options = ConnectOptions::new(database.url.clone());
        options.max_connections(1);
        let db = Database::connect(options).await.expect("connects");
        Migrator::up(&db, None).await.expect("up");
        load(&db, SeedScope::All).await.expect("the corpus loads");
        let derived = rows(&db).await;
        assert!(
            derived.0.len() > 40,
            "{backend:?}: {} rows",
            derived.0.len()
        );
        assert!(
            derived.1.len() > 40,
            "{backend:?}: {} rows",
            derived.1.len()
        );
        assert!(
            derived.2.len() > 100,
            "{backend:?}: {} facet rows",
            derived.2.len()
        );

        // Back to the schema before both tables, statements kept; then forward.
        let since = Migrator::get_applied_migrations(&db)
            .await
            .expect("reads the applied migrations")
            .iter()
            .rev()
            .position(|m| m.name() == "m20261122_000001_statement_organization")
            .expect("the migration was applied")
            + 1;
        Migrator::down(&db, Some(since as u32)).await.expect("down");
        let manager = migration::SchemaManager::new(&db);
        for table in [
            "statement_organization",
            "statement_tally",
            "statement_facet_tally",
        ] {
            assert!(
                !manager.has_table(table).await.expect("introspects"),
                "{backend:?}: {table} is gone"
            );
        }
        Migrator::up(&db, None).await.expect("up");
        assert_eq!(rows(&db).await, derived, "{backend:?}");
        // The curation migration, run again over stored statements: the
        // curated ones are confirmed, at version 1.
        let statements = entity::statement::Entity::find()
            .all(&db)
            .await
            .expect("reads");
        assert!(!statements.is_empty());
        assert!(
            statements.iter().all(|s| s.source == "curated"
                && s.review_status == entity::kinds::ReviewStatus::Confirmed
                && s.version == 1),
            "{backend:?}"
        );
        db.close().await.expect("closes");
    }
}

/// The sync migration gives rows stored before it the times known of
/// them: a statement's `created_at`, a document's `ingested_at`, and for
/// speakers and organizations the time of the migration; and takes them
/// away again on the way down.
#[tokio::test]
async fn the_sync_migration_backfills_created_and_updated_times() {
    use claimgraph::config::SeedScope;
    use claimgraph::services::seeding::load;
    use sea_orm::{ConnectOptions, EntityTrait};

    for backend in backends() {
        let database = TestDatabase::create(backend).await;
        let mut options = ConnectOptions::new(database.url.clone());
        options.max_connections(1);
        let db = Database::connect(options).await.expect("connects");
        Migrator::up(&db, None).await.expect("up");
        load(&db, SeedScope::All).await.expect("the corpus loads");

        let since = Migrator::get_applied_migrations(&db)
            .await
            .expect("reads the applied migrations")
            .iter()
            .rev()
            .position(|m| m.name() == "m20261204_000003_sync_timestamps")
            .expect("the migration was applied")
            + 1;
        Migrator::down(&db, Some(since as u32)).await.expect("down");
        let manager = migration::SchemaManager::new(&db);
        for (table, column) in [
            ("statement", "updated_at"),
            ("document", "created_at"),
            ("speaker", "updated_at"),
            ("organization", "created_at"),
        ] {
            assert!(
                !manager
                    .has_column(table, column)
                    .await
                    .expect("introspects"),
                "{backend:?}: {table}.{column} is gone"
            );
        }
        let before = chrono::Utc::now() - chrono::Duration::seconds(1);
        Migrator::up(&db, None).await.expect("up");
        let after = chrono::Utc::now() + chrono::Duration::seconds(1);

        let statements = entity::statement::Entity::find()
            .all(&db)
            .await
            .expect("reads");
        assert!(!statements.is_empty());
        // The later migrations ran over stored rows too: utterances were
        // given to every statement, and the document table rebuilt for
        // copies (on SQLite) kept every statement's document.
        assert!(
            statements.iter().all(|s| s.utterance_id == Some(s.id)),
            "{backend:?}: each statement has an utterance of its own"
        );
        let documents_kept = entity::document::Entity::find()
            .all(&db)
            .await
            .expect("reads")
            .into_iter()
            .map(|d| d.id)
            .collect::<std::collections::BTreeSet<_>>();
        assert!(
            statements
                .iter()
                .all(|s| documents_kept.contains(&s.document_id)),
            "{backend:?}: no statement lost its document"
        );
        assert!(
            statements.iter().all(|s| s.updated_at == s.created_at),
            "{backend:?}: a statement was last written when it was stored"
        );
        let documents = entity::document::Entity::find()
            .all(&db)
            .await
            .expect("reads");
        assert!(
            documents
                .iter()
                .all(|d| d.created_at == d.ingested_at && d.updated_at == d.ingested_at),
            "{backend:?}: a document was stored when it was ingested"
        );
        let speakers = entity::speaker::Entity::find()
            .all(&db)
            .await
            .expect("reads");
        assert!(
            speakers
                .iter()
                .all(|s| s.created_at == s.updated_at && (before..after).contains(&s.created_at)),
            "{backend:?}: a speaker gets the migration's time"
        );
        let organizations = entity::organization::Entity::find()
            .all(&db)
            .await
            .expect("reads");
        assert!(
            organizations
                .iter()
                .all(|o| (before..after).contains(&o.updated_at)),
            "{backend:?}: an organization gets the migration's time"
        );
        db.close().await.expect("closes");
    }
}
