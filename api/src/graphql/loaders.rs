//! DataLoaders: every nested field loads through here, one query per level of
//! the GraphQL document whatever the page size. A loader is made per request,
//! so nothing is cached between requests and instances stay stateless.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::Loader;
use entity::{
    affiliation, alias, document, kinds, mention, organization, proposition, revision, speaker,
    speaker_merge, stance, statement, statement_topic, topic, topic_keyword, utterance,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

/// Loads rows for the GraphQL layer in batches.
#[derive(Debug, Clone)]
pub struct DbLoader {
    pub db: DatabaseConnection,
}

/// Defines a key type and its loader: rows of one entity by primary key.
macro_rules! by_id {
    ($key:ident, $module:ident) => {
        #[doc = concat!("A `", stringify!($module), "` row id, as a DataLoader key.")]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $key(pub i64);

        impl Loader<$key> for DbLoader {
            type Value = $module::Model;
            type Error = Arc<DbErr>;

            async fn load(&self, keys: &[$key]) -> Result<HashMap<$key, Self::Value>, Self::Error> {
                let rows = $module::Entity::find()
                    .filter($module::Column::Id.is_in(keys.iter().map(|k| k.0)))
                    .all(&self.db)
                    .await?;
                Ok(rows.into_iter().map(|row| ($key(row.id), row)).collect())
            }
        }
    };
}

/// Defines a key type and its loader: the rows of one entity whose `$column`
/// equals the key, in `$order` order.
macro_rules! children {
    ($key:ident, $module:ident, $column:ident, $field:ident, $order:ident) => {
        #[doc = concat!("Loads `", stringify!($module), "` rows by `", stringify!($field), "`.")]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $key(pub i64);

        impl Loader<$key> for DbLoader {
            type Value = Vec<$module::Model>;
            type Error = Arc<DbErr>;

            async fn load(&self, keys: &[$key]) -> Result<HashMap<$key, Self::Value>, Self::Error> {
                let rows = $module::Entity::find()
                    .filter($module::Column::$column.is_in(keys.iter().map(|k| k.0)))
                    .order_by_asc($module::Column::$order)
                    .all(&self.db)
                    .await?;
                let mut grouped: HashMap<$key, Self::Value> = HashMap::new();
                for row in rows {
                    // Works for nullable and required columns alike.
                    let parent: Option<i64> = row.$field.into();
                    if let Some(parent) = parent {
                        grouped.entry($key(parent)).or_default().push(row);
                    }
                }
                Ok(grouped)
            }
        }
    };
}

/// A document row id, as a DataLoader key: the document without its texts
/// (`body` and `original` are left empty). Lists of statements name their
/// documents by title, and carrying every article's text along for that was
/// most of the work of a page; the texts load through [`DocumentText`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DocumentId(pub i64);

impl Loader<DocumentId> for DbLoader {
    type Value = document::Model;
    type Error = Arc<DbErr>;

    async fn load(
        &self,
        keys: &[DocumentId],
    ) -> Result<HashMap<DocumentId, Self::Value>, Self::Error> {
        use document::Column as C;
        let rows: Vec<document::Model> = document::Entity::find()
            .select_only()
            // Every column but the texts, which are blanked: a column added
            // to the table is read without a change here.
            .columns(
                <C as sea_orm::Iterable>::iter().filter(|c| !matches!(c, C::Body | C::Original)),
            )
            .column_as(Expr::val(""), "body")
            .column_as(Expr::val(""), "original")
            .filter(C::Id.is_in(keys.iter().map(|k| k.0)))
            .into_model()
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|row| (DocumentId(row.id), row))
            .collect())
    }
}

/// A document row id, as a DataLoader key for its copies (documents whose
/// `copy_of_id` it is), oldest first, without their texts (as [`DocumentId`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CopiesOfDocument(pub i64);

impl Loader<CopiesOfDocument> for DbLoader {
    type Value = Vec<document::Model>;
    type Error = Arc<DbErr>;

    async fn load(
        &self,
        keys: &[CopiesOfDocument],
    ) -> Result<HashMap<CopiesOfDocument, Self::Value>, Self::Error> {
        use document::Column as C;
        let rows: Vec<document::Model> = document::Entity::find()
            .select_only()
            .columns(
                <C as sea_orm::Iterable>::iter().filter(|c| !matches!(c, C::Body | C::Original)),
            )
            .column_as(Expr::val(""), "body")
            .column_as(Expr::val(""), "original")
            .filter(C::CopyOfId.is_in(keys.iter().map(|k| k.0)))
            .order_by_asc(C::Id)
            .into_model()
            .all(&self.db)
            .await?;
        let mut out: HashMap<CopiesOfDocument, Self::Value> = HashMap::new();
        for row in rows {
            if let Some(original) = row.copy_of_id {
                out.entry(CopiesOfDocument(original)).or_default().push(row);
            }
        }
        Ok(out)
    }
}

/// A document row id, as a DataLoader key for its texts: `(body, original)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DocumentText(pub i64);

impl Loader<DocumentText> for DbLoader {
    type Value = Arc<(String, String)>;
    type Error = Arc<DbErr>;

    async fn load(
        &self,
        keys: &[DocumentText],
    ) -> Result<HashMap<DocumentText, Self::Value>, Self::Error> {
        use document::Column as C;
        let rows: Vec<(i64, String, String)> = document::Entity::find()
            .select_only()
            .columns([C::Id, C::Body, C::Original])
            .filter(C::Id.is_in(keys.iter().map(|k| k.0)))
            .into_tuple()
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|(id, body, original)| (DocumentText(id), Arc::new((body, original))))
            .collect())
    }
}

by_id!(StatementId, statement);
by_id!(SpeakerId, speaker);
by_id!(OrganizationId, organization);
by_id!(TopicId, topic);
by_id!(AliasId, alias);
by_id!(PropositionId, proposition);
by_id!(UtteranceId, utterance);

/// An utterance row id, as a DataLoader key for what its reports say of it:
/// the organization of its first report, the outlets (names, sorted) and
/// languages of its reports that are not rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UtteranceReports(pub i64);

/// What [`UtteranceReports`] loads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportsSummary {
    pub organization_id: Option<i64>,
    pub outlets: Vec<String>,
    pub languages: Vec<String>,
}

impl Loader<UtteranceReports> for DbLoader {
    type Value = ReportsSummary;
    type Error = Arc<DbErr>;

    async fn load(
        &self,
        keys: &[UtteranceReports],
    ) -> Result<HashMap<UtteranceReports, Self::Value>, Self::Error> {
        let ids: Vec<i64> = keys.iter().map(|k| k.0).collect();
        let seen = crate::services::utterances::outlets_and_languages(&self.db, &ids).await?;
        let outlet_ids: Vec<i64> = seen.values().flat_map(|(o, _)| o.iter().copied()).collect();
        let outlet_names: HashMap<i64, String> = organization::Entity::find()
            .filter(organization::Column::Id.is_in(outlet_ids))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect();
        // The first report's organization: the lowest id of each utterance.
        let firsts: Vec<(Option<i64>, i64, Option<i64>)> = statement::Entity::find()
            .select_only()
            .column(statement::Column::UtteranceId)
            .column(statement::Column::Id)
            .column(statement::Column::OrganizationId)
            .filter(statement::Column::UtteranceId.is_in(ids.iter().copied()))
            .order_by_asc(statement::Column::Id)
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut out: HashMap<UtteranceReports, ReportsSummary> = HashMap::new();
        for (utterance, _, organization) in firsts {
            let Some(utterance) = utterance else { continue };
            out.entry(UtteranceReports(utterance))
                .or_insert_with(|| ReportsSummary {
                    organization_id: organization,
                    ..Default::default()
                });
        }
        for (utterance, (outlets, languages)) in seen {
            let entry = out.entry(UtteranceReports(utterance)).or_default();
            let mut names: Vec<String> = outlets
                .iter()
                .filter_map(|id| outlet_names.get(id).cloned())
                .collect();
            names.sort();
            entry.outlets = names;
            entry.languages = languages.into_iter().collect();
        }
        Ok(out)
    }
}

children!(
    StatementsOfDocument,
    statement,
    DocumentId,
    document_id,
    SpanStart
);
children!(AliasesOfSpeaker, alias, SpeakerId, speaker_id, Id);
children!(
    AliasesOfOrganization,
    alias,
    OrganizationId,
    organization_id,
    Id
);
children!(
    AffiliationsOfSpeaker,
    affiliation,
    SpeakerId,
    speaker_id,
    Id
);
children!(
    AffiliationsOfOrganization,
    affiliation,
    OrganizationId,
    organization_id,
    Id
);
children!(
    ChildrenOfOrganization,
    organization,
    ParentId,
    parent_id,
    Name
);
children!(MentionsOfStatement, mention, StatementId, statement_id, Id);
children!(KeywordsOfTopic, topic_keyword, TopicId, topic_id, Id);
children!(
    RevisionsOfStatement,
    revision,
    StatementId,
    statement_id,
    Id
);
children!(MergedIntoSpeaker, speaker_merge, IntoId, into_id, FromId);
children!(StancesOfStatement, stance, StatementId, statement_id, Id);

/// A proposition row id, as a DataLoader key for its `stanceCounts`: how
/// many listed statements stand each way on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StanceCountsOfProposition(pub i64);

impl Loader<StanceCountsOfProposition> for DbLoader {
    type Value = Vec<(kinds::Polarity, i64)>;
    type Error = Arc<DbErr>;

    async fn load(
        &self,
        keys: &[StanceCountsOfProposition],
    ) -> Result<HashMap<StanceCountsOfProposition, Self::Value>, Self::Error> {
        let ids: Vec<i64> = keys.iter().map(|k| k.0).collect();
        Ok(crate::services::stances::counts(&self.db, &ids)
            .await?
            .into_iter()
            .map(|(id, counts)| (StanceCountsOfProposition(id), counts))
            .collect())
    }
}

/// The topics of a statement, through `statement_topic`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TopicsOfStatement(pub i64);

impl Loader<TopicsOfStatement> for DbLoader {
    type Value = Vec<topic::Model>;
    type Error = Arc<DbErr>;

    async fn load(
        &self,
        keys: &[TopicsOfStatement],
    ) -> Result<HashMap<TopicsOfStatement, Self::Value>, Self::Error> {
        let links = statement_topic::Entity::find()
            .filter(statement_topic::Column::StatementId.is_in(keys.iter().map(|k| k.0)))
            .all(&self.db)
            .await?;
        let topics: HashMap<i64, topic::Model> = topic::Entity::find()
            .filter(topic::Column::Id.is_in(links.iter().map(|l| l.topic_id)))
            .order_by_asc(topic::Column::Key)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|t| (t.id, t))
            .collect();
        let mut grouped: HashMap<TopicsOfStatement, Self::Value> = HashMap::new();
        for link in links {
            if let Some(t) = topics.get(&link.topic_id) {
                grouped
                    .entry(TopicsOfStatement(link.statement_id))
                    .or_default()
                    .push(t.clone());
            }
        }
        for list in grouped.values_mut() {
            list.sort_by(|a, b| a.key.cmp(&b.key));
        }
        Ok(grouped)
    }
}
