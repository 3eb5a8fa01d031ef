//! Validation: from the raw TOML text to a [`Corpus`] whose every reference resolves.
//!
//! Everything here works on strings handed in, not on the compiled-in files,
//! so that tests can feed small broken fixtures and see the error they cause.
//! The first problem found is returned; each names its file and line.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;

use super::raw::{
    RawAffiliation, RawAlias, RawArticle, RawOrganization, RawProposition, RawRegistry, RawSpeaker,
    RawStatement, RawTopic,
};
use super::{
    Affiliation, Alias, ArticleSource, Corpus, CuratedStance, Document, EntityRef, Keyword,
    Organization, OrganizationKind, Polarity, Proposition, REGISTRY_PATH, Registry, SeedError,
    Speaker, Statement, Topic, article_path,
};
use crate::date::PartialDate;
use text::{clean, fold};

/// One TOML file being read: its path for messages, its text for line numbers.
struct Source<'a> {
    file: String,
    text: &'a str,
}

impl Source<'_> {
    fn line(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.text.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }

    fn error(&self, span: Range<usize>, message: impl Into<String>) -> SeedError {
        SeedError {
            file: self.file.clone(),
            line: Some(self.line(span.start)),
            message: message.into(),
        }
    }

    fn parse<T: DeserializeOwned>(&self) -> Result<T, SeedError> {
        toml::from_str(self.text).map_err(|e| SeedError {
            file: self.file.clone(),
            line: e.span().map(|s| self.line(s.start)),
            message: e.message().trim().to_owned(),
        })
    }
}

/// What a registry key names; organizations and speakers share one namespace
/// so that `about` can name either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entity {
    Organization(OrganizationKind),
    Speaker,
}

/// The keys a document may refer to.
#[derive(Debug, Default)]
struct Keys {
    entities: HashMap<String, Entity>,
    topics: HashSet<String>,
    propositions: HashSet<String>,
}

pub(super) fn build(
    registry_toml: &str,
    articles: &[ArticleSource<'_>],
) -> Result<Corpus, SeedError> {
    let source = Source {
        file: REGISTRY_PATH.to_owned(),
        text: registry_toml,
    };
    let raw: RawRegistry = source.parse()?;
    let (registry, keys) = build_registry(&source, raw)?;

    let mut slugs = HashSet::new();
    let mut documents = Vec::with_capacity(articles.len());
    for article in articles {
        if !slugs.insert(article.slug) {
            return Err(SeedError {
                file: article_path(article.slug),
                line: None,
                message: format!("article {:?} is listed twice", article.slug),
            });
        }
        documents.push(build_document(article, &keys)?);
    }
    Ok(Corpus {
        registry,
        documents,
    })
}

// ---------------------------------------------------------------------------
// Registry

fn check_key(source: &Source<'_>, key: &Spanned<String>) -> Result<(), SeedError> {
    let k = key.get_ref();
    let well_formed = k.starts_with(|c: char| c.is_ascii_lowercase())
        && k.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if well_formed {
        Ok(())
    } else {
        Err(source.error(
            key.span(),
            format!("key {k:?} must be lower-case ASCII letters, digits and underscores, starting with a letter"),
        ))
    }
}

fn check_language(source: &Source<'_>, span: Range<usize>, lang: &str) -> Result<(), SeedError> {
    if lang.len() == 2 && lang.bytes().all(|b| b.is_ascii_lowercase()) {
        Ok(())
    } else {
        Err(source.error(
            span,
            format!("language {lang:?} must be an ISO 639-1 code such as \"ru\" or \"en\""),
        ))
    }
}

fn check_non_empty(
    source: &Source<'_>,
    span: Range<usize>,
    what: &str,
    value: &str,
) -> Result<(), SeedError> {
    if value.trim().is_empty() {
        Err(source.error(span, format!("{what} is empty")))
    } else {
        Ok(())
    }
}

fn parse_date(
    source: &Source<'_>,
    span: Range<usize>,
    value: &str,
) -> Result<PartialDate, SeedError> {
    value
        .parse()
        .map_err(|e: crate::date::DateParseError| source.error(span, e.to_string()))
}

/// The value of a closed vocabulary of the data model (`entity::kinds`)
/// that `name` spells, as the data files and the database spell it.
fn vocabulary<T>(source: &Source<'_>, what: &str, name: &Spanned<String>) -> Result<T, SeedError>
where
    T: sea_orm::ActiveEnum<Value = String> + sea_orm::Iterable,
{
    T::iter()
        .find(|k| k.to_value() == *name.get_ref())
        .ok_or_else(|| {
            let names: Vec<String> = T::iter().map(|k| k.to_value()).collect();
            source.error(
                name.span(),
                format!(
                    "{what} {:?} is not one of {}",
                    name.get_ref(),
                    names.join(", ")
                ),
            )
        })
}

/// Collects aliases across the registry: one folded key may name only one entity.
#[derive(Debug, Default)]
struct AliasTable {
    /// Folded alias -> (entity key, line of the alias).
    owners: HashMap<String, (String, usize)>,
}

impl AliasTable {
    /// The entity's aliases, its own name first, with duplicates (by folded
    /// key) within the entity dropped.
    fn aliases(
        &mut self,
        source: &Source<'_>,
        key: &str,
        name: &Spanned<String>,
        raw: &[Spanned<RawAlias>],
    ) -> Result<Vec<Alias>, SeedError> {
        let own_name = Spanned::new(
            name.span(),
            RawAlias {
                name: name.get_ref().clone(),
                lang: None,
            },
        );
        let mut out: Vec<Alias> = Vec::with_capacity(raw.len() + 1);
        for alias in std::iter::once(&own_name).chain(raw) {
            let RawAlias { name, lang } = alias.get_ref();
            check_non_empty(source, alias.span(), "alias name", name)?;
            if let Some(lang) = lang {
                check_language(source, alias.span(), lang)?;
            }
            let folded = fold(name);
            if folded.is_empty() {
                return Err(source.error(
                    alias.span(),
                    format!("alias {name:?} of {key:?} has no letters or digits to match on"),
                ));
            }
            let line = source.line(alias.span().start);
            match self.owners.get(&folded) {
                Some((owner, first_line)) if owner != key => {
                    return Err(source.error(
                        alias.span(),
                        format!(
                            "alias {name:?} (matching key {folded:?}) of {key:?} is already an alias of {owner:?} (line {first_line}); an ambiguous name must not be an alias of either"
                        ),
                    ));
                }
                Some(_) => {}
                None => {
                    self.owners.insert(folded.clone(), (key.to_owned(), line));
                }
            }
            if let Some(kept) = out.iter_mut().find(|a| a.folded == folded) {
                // The name itself carries no language; a listed spelling of it may.
                if kept.lang.is_none() && kept.name == *name {
                    kept.lang.clone_from(lang);
                }
                continue;
            }
            out.push(Alias {
                name: name.clone(),
                lang: lang.clone(),
                folded,
            });
        }
        Ok(out)
    }
}

fn build_registry(source: &Source<'_>, raw: RawRegistry) -> Result<(Registry, Keys), SeedError> {
    let mut keys = Keys::default();
    // Keys first, so that parents and affiliations may point forward in the file.
    let mut first_line: HashMap<String, usize> = HashMap::new();
    let declared = raw
        .organization
        .iter()
        .map(|o| {
            Ok((
                &o.key,
                Entity::Organization(vocabulary(source, "organization kind", &o.kind)?),
            ))
        })
        .chain(raw.speaker.iter().map(|s| Ok((&s.key, Entity::Speaker))));
    for entry in declared {
        let (key, entity) = entry?;
        check_key(source, key)?;
        if let Some(line) = first_line.get(key.get_ref()) {
            return Err(source.error(
                key.span(),
                format!("key {:?} is already used on line {line}", key.get_ref()),
            ));
        }
        first_line.insert(key.get_ref().clone(), source.line(key.span().start));
        keys.entities.insert(key.get_ref().clone(), entity);
    }

    let mut aliases = AliasTable::default();
    let mut organizations = Vec::with_capacity(raw.organization.len());
    for org in &raw.organization {
        organizations.push(build_organization(source, org, &keys, &mut aliases)?);
    }
    let organizations = parents_first(source, &raw.organization, organizations)?;

    let mut speakers = Vec::with_capacity(raw.speaker.len());
    for speaker in &raw.speaker {
        speakers.push(build_speaker(source, speaker, &keys, &mut aliases)?);
    }

    let mut topics = Vec::with_capacity(raw.topic.len());
    for topic in &raw.topic {
        check_key(source, &topic.key)?;
        if !keys.topics.insert(topic.key.get_ref().clone()) {
            return Err(source.error(
                topic.key.span(),
                format!("topic key {:?} is used twice", topic.key.get_ref()),
            ));
        }
        topics.push(build_topic(source, topic)?);
    }

    let mut propositions = Vec::with_capacity(raw.proposition.len());
    for proposition in &raw.proposition {
        check_key(source, &proposition.key)?;
        if !keys.propositions.insert(proposition.key.get_ref().clone()) {
            return Err(source.error(
                proposition.key.span(),
                format!(
                    "proposition key {:?} is used twice",
                    proposition.key.get_ref()
                ),
            ));
        }
        propositions.push(build_proposition(source, proposition, &keys)?);
    }

    let registry = Registry {
        organizations,
        speakers,
        topics,
        propositions,
    };
    Ok((registry, keys))
}

fn build_organization(
    source: &Source<'_>,
    raw: &RawOrganization,
    keys: &Keys,
    aliases: &mut AliasTable,
) -> Result<Organization, SeedError> {
    let key = raw.key.get_ref();
    check_non_empty(source, raw.name.span(), "name", raw.name.get_ref())?;
    if let Some(country) = &raw.country {
        let c = country.get_ref();
        if !(c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase())) {
            return Err(source.error(
                country.span(),
                format!(
                    "country {c:?} must be an upper-case ISO 3166-1 alpha-2 code such as \"KZ\""
                ),
            ));
        }
    }
    if let Some(parent) = &raw.parent {
        match keys.entities.get(parent.get_ref()) {
            Some(Entity::Organization(_)) => {}
            Some(Entity::Speaker) => {
                return Err(source.error(
                    parent.span(),
                    format!(
                        "parent {:?} of {key:?} is a speaker, not an organization",
                        parent.get_ref()
                    ),
                ));
            }
            None => {
                return Err(source.error(
                    parent.span(),
                    format!(
                        "parent {:?} of {key:?} is not a known organization",
                        parent.get_ref()
                    ),
                ));
            }
        }
    }
    Ok(Organization {
        key: key.clone(),
        name: raw.name.get_ref().clone(),
        kind: vocabulary(source, "organization kind", &raw.kind)?,
        country: raw.country.as_ref().map(|c| c.get_ref().clone()),
        parent: raw.parent.as_ref().map(|p| p.get_ref().clone()),
        description: raw.description.clone(),
        aliases: aliases.aliases(source, key, &raw.name, &raw.aliases)?,
    })
}

/// Orders organizations so that every parent comes before its children,
/// otherwise keeping the file's order; a cycle of parents is an error.
fn parents_first(
    source: &Source<'_>,
    raw: &[RawOrganization],
    organizations: Vec<Organization>,
) -> Result<Vec<Organization>, SeedError> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Visiting,
        Done,
    }
    let index: HashMap<&str, usize> = raw
        .iter()
        .enumerate()
        .map(|(i, o)| (o.key.get_ref().as_str(), i))
        .collect();
    let mut marks = vec![Mark::New; raw.len()];
    let mut order = Vec::with_capacity(raw.len());
    for start in 0..raw.len() {
        // Walk up the parent chain, then emit it from the top down.
        let mut chain = Vec::new();
        let mut current = Some(start);
        while let Some(i) = current {
            match marks[i] {
                Mark::Done => break,
                Mark::Visiting => {
                    let parent = raw[i].parent.as_ref().map_or(0..0, Spanned::span);
                    return Err(source.error(
                        parent,
                        format!("the parents of {:?} form a cycle", raw[i].key.get_ref()),
                    ));
                }
                Mark::New => {
                    marks[i] = Mark::Visiting;
                    chain.push(i);
                    current = raw[i]
                        .parent
                        .as_ref()
                        .and_then(|p| index.get(p.get_ref().as_str()).copied());
                }
            }
        }
        for &i in chain.iter().rev() {
            marks[i] = Mark::Done;
            order.push(i);
        }
    }
    let mut slots: Vec<Option<Organization>> = organizations.into_iter().map(Some).collect();
    Ok(order.into_iter().filter_map(|i| slots[i].take()).collect())
}

fn build_speaker(
    source: &Source<'_>,
    raw: &RawSpeaker,
    keys: &Keys,
    aliases: &mut AliasTable,
) -> Result<Speaker, SeedError> {
    let key = raw.key.get_ref();
    check_non_empty(source, raw.name.span(), "name", raw.name.get_ref())?;
    let mut affiliations = Vec::with_capacity(raw.affiliations.len());
    for spanned in &raw.affiliations {
        let span = spanned.span();
        let RawAffiliation {
            organization,
            role,
            from,
            to,
        } = spanned.get_ref();
        if !matches!(
            keys.entities.get(organization),
            Some(Entity::Organization(_))
        ) {
            return Err(source.error(
                span,
                format!("affiliation of {key:?} names {organization:?}, which is not a known organization"),
            ));
        }
        check_non_empty(source, span.clone(), "role", role)?;
        let valid_from = from
            .as_deref()
            .map(|d| parse_date(source, span.clone(), d))
            .transpose()?;
        let valid_to = to
            .as_deref()
            .map(|d| parse_date(source, span.clone(), d))
            .transpose()?;
        if let (Some(f), Some(t)) = (valid_from, valid_to)
            && f.date > t.date
        {
            return Err(source.error(
                span,
                format!("affiliation of {key:?} ends ({t}) before it starts ({f})"),
            ));
        }
        affiliations.push(Affiliation {
            organization: organization.clone(),
            role: role.clone(),
            valid_from,
            valid_to,
        });
    }
    Ok(Speaker {
        key: key.clone(),
        name: raw.name.get_ref().clone(),
        kind: vocabulary(source, "speaker kind", &raw.kind)?,
        description: raw.description.clone(),
        aliases: aliases.aliases(source, key, &raw.name, &raw.aliases)?,
        affiliations,
    })
}

fn build_topic(source: &Source<'_>, raw: &RawTopic) -> Result<Topic, SeedError> {
    let key = raw.key.get_ref();
    check_non_empty(source, raw.key.span(), "label_en", &raw.label_en)?;
    check_non_empty(source, raw.key.span(), "label_ru", &raw.label_ru)?;
    let mut keywords = Vec::new();
    for (lang, list) in [("en", &raw.keywords_en), ("ru", &raw.keywords_ru)] {
        if list.get_ref().is_empty() {
            return Err(source.error(list.span(), format!("topic {key:?} has no keywords_{lang}")));
        }
        for word in list.get_ref() {
            if word.trim().is_empty() || word.trim() != word {
                return Err(source.error(
                    list.span(),
                    format!("keyword {word:?} of topic {key:?} is empty or has surrounding spaces"),
                ));
            }
            let keyword = Keyword {
                lang: lang.to_owned(),
                word: word.clone(),
            };
            if keywords.contains(&keyword) {
                return Err(source.error(
                    list.span(),
                    format!("keyword {word:?} of topic {key:?} is listed twice"),
                ));
            }
            keywords.push(keyword);
        }
    }
    Ok(Topic {
        key: key.clone(),
        label_en: raw.label_en.clone(),
        label_ru: raw.label_ru.clone(),
        description: raw.description.clone(),
        keywords,
    })
}

fn build_proposition(
    source: &Source<'_>,
    raw: &RawProposition,
    keys: &Keys,
) -> Result<Proposition, SeedError> {
    let key = raw.key.get_ref();
    check_non_empty(source, raw.text_en.span(), "text_en", raw.text_en.get_ref())?;
    check_non_empty(source, raw.text_ru.span(), "text_ru", raw.text_ru.get_ref())?;
    if !keys.topics.contains(raw.topic.get_ref()) {
        return Err(source.error(
            raw.topic.span(),
            format!(
                "topic {:?} of proposition {key:?} is not a known topic",
                raw.topic.get_ref()
            ),
        ));
    }
    let mut phrases = Vec::new();
    for (lang, list) in [("en", &raw.phrases_en), ("ru", &raw.phrases_ru)] {
        if list.get_ref().is_empty() {
            return Err(source.error(
                list.span(),
                format!("proposition {key:?} has no phrases_{lang}"),
            ));
        }
        for phrase in list.get_ref() {
            if fold(phrase).is_empty() || phrase.trim() != phrase {
                return Err(source.error(
                    list.span(),
                    format!(
                        "phrase {phrase:?} of proposition {key:?} is empty or has surrounding spaces"
                    ),
                ));
            }
            let keyword = Keyword {
                lang: lang.to_owned(),
                word: phrase.clone(),
            };
            if phrases.contains(&keyword) {
                return Err(source.error(
                    list.span(),
                    format!("phrase {phrase:?} of proposition {key:?} is listed twice"),
                ));
            }
            phrases.push(keyword);
        }
    }
    Ok(Proposition {
        key: key.clone(),
        text_en: raw.text_en.get_ref().clone(),
        text_ru: raw.text_ru.get_ref().clone(),
        topic: raw.topic.get_ref().clone(),
        phrases,
    })
}

// ---------------------------------------------------------------------------
// Documents

fn build_document(article: &ArticleSource<'_>, keys: &Keys) -> Result<Document, SeedError> {
    let source = Source {
        file: article_path(article.slug),
        text: article.annotation,
    };
    let raw: RawArticle = source.parse()?;
    let body = clean(article.raw);

    check_language(&source, raw.language.span(), raw.language.get_ref())?;
    let title = raw.title.get_ref();
    check_non_empty(&source, raw.title.span(), "title", title)?;
    if !raw.title_editorial && !body.contains(title.as_str()) {
        return Err(source.error(
            raw.title.span(),
            "the title is not in the article's body: copy it exactly, or write one and set title_editorial = true",
        ));
    }
    if let Some(url) = &raw.url
        && !(url.get_ref().starts_with("https://") || url.get_ref().starts_with("http://"))
    {
        return Err(source.error(
            url.span(),
            format!("url {:?} is not an http(s) address", url.get_ref()),
        ));
    }
    if let Some(outlet) = &raw.outlet
        && keys.entities.get(outlet.get_ref())
            != Some(&Entity::Organization(OrganizationKind::Media))
    {
        return Err(source.error(
            outlet.span(),
            format!(
                "outlet {:?} is not a known organization of kind media",
                outlet.get_ref()
            ),
        ));
    }
    let published = raw
        .published
        .as_ref()
        .map(|p| parse_date(&source, p.span(), p.get_ref()))
        .transpose()?;

    let language = raw.language.get_ref().clone();
    let mut seen_texts: HashMap<&str, usize> = HashMap::new();
    let mut statements = Vec::with_capacity(raw.statement.len());
    for statement in &raw.statement {
        let text = statement.text.get_ref().as_str();
        let line = source.line(statement.text.span().start);
        if let Some(first) = seen_texts.insert(text, line) {
            return Err(source.error(
                statement.text.span(),
                format!("this statement's text is already annotated on line {first}"),
            ));
        }
        statements.push(build_statement(&source, statement, &body, &language, keys)?);
    }

    Ok(Document {
        slug: article.slug.to_owned(),
        title: title.clone(),
        title_is_editorial: raw.title_editorial,
        url: raw.url.map(Spanned::into_inner),
        outlet: raw.outlet.map(Spanned::into_inner),
        language,
        published,
        original: article.raw.to_owned(),
        body,
        statements,
    })
}

/// Start of every occurrence of `needle` in `haystack`, overlapping ones included.
fn occurrences(haystack: &str, needle: &str) -> Vec<usize> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = haystack[from..].find(needle) {
        let start = from + at;
        found.push(start);
        from = start + needle.chars().next().map_or(1, char::len_utf8);
    }
    found
}

fn entity_ref(
    source: &Source<'_>,
    key: &Spanned<String>,
    keys: &Keys,
) -> Result<EntityRef, SeedError> {
    match keys.entities.get(key.get_ref()) {
        Some(Entity::Speaker) => Ok(EntityRef::Speaker(key.get_ref().clone())),
        Some(Entity::Organization(_)) => Ok(EntityRef::Organization(key.get_ref().clone())),
        None => Err(source.error(
            key.span(),
            format!("{:?} is not a known speaker or organization", key.get_ref()),
        )),
    }
}

fn build_statement(
    source: &Source<'_>,
    raw: &RawStatement,
    body: &str,
    document_language: &str,
    keys: &Keys,
) -> Result<Statement, SeedError> {
    let text = raw.text.get_ref();
    let text_span = raw.text.span();
    check_non_empty(source, text_span.clone(), "statement text", text)?;
    if text.trim() != text {
        return Err(source.error(text_span, "statement text starts or ends with whitespace"));
    }
    let found = occurrences(body, text);
    let byte_start = match found.as_slice() {
        [one] => *one,
        [] => {
            return Err(source.error(
                text_span,
                "statement text is not in the cleaned body (it must be copied exactly, quotes and dashes included)",
            ));
        }
        many => {
            return Err(source.error(
                text_span,
                format!(
                    "statement text occurs {} times in the body; extend it until it is unique",
                    many.len()
                ),
            ));
        }
    };
    let span_start = body[..byte_start].chars().count();
    let span_end = span_start + text.chars().count();

    let speaker = match &raw.speaker {
        Some(key) => match keys.entities.get(key.get_ref()) {
            Some(Entity::Speaker) => Some(key.get_ref().clone()),
            Some(Entity::Organization(_)) => {
                return Err(source.error(
                    key.span(),
                    format!(
                        "speaker {:?} is an organization: put it under `organization`",
                        key.get_ref()
                    ),
                ));
            }
            None => {
                return Err(source.error(
                    key.span(),
                    format!("speaker {:?} is not a known speaker", key.get_ref()),
                ));
            }
        },
        None => None,
    };
    let organization = match &raw.organization {
        Some(key) => match keys.entities.get(key.get_ref()) {
            Some(Entity::Organization(_)) => Some(key.get_ref().clone()),
            Some(Entity::Speaker) => {
                return Err(source.error(
                    key.span(),
                    format!(
                        "organization {:?} is a speaker: put it under `speaker`",
                        key.get_ref()
                    ),
                ));
            }
            None => {
                return Err(source.error(
                    key.span(),
                    format!(
                        "organization {:?} is not a known organization",
                        key.get_ref()
                    ),
                ));
            }
        },
        None => None,
    };
    if speaker.is_none() && organization.is_none() {
        return Err(source.error(
            text_span,
            "statement has neither a speaker nor an organization",
        ));
    }

    if raw.topics.is_empty() {
        return Err(source.error(text_span, "statement has no topics"));
    }
    let mut topics: Vec<String> = Vec::with_capacity(raw.topics.len());
    for topic in &raw.topics {
        if !keys.topics.contains(topic.get_ref()) {
            return Err(source.error(
                topic.span(),
                format!("topic {:?} is not a known topic", topic.get_ref()),
            ));
        }
        if topics.contains(topic.get_ref()) {
            return Err(source.error(
                topic.span(),
                format!("topic {:?} is listed twice", topic.get_ref()),
            ));
        }
        topics.push(topic.get_ref().clone());
    }
    let mut about: Vec<EntityRef> = Vec::with_capacity(raw.about.len());
    for key in &raw.about {
        let entity = entity_ref(source, key, keys)?;
        if about.contains(&entity) {
            return Err(source.error(
                key.span(),
                format!("{:?} is listed twice in `about`", key.get_ref()),
            ));
        }
        about.push(entity);
    }

    let said = raw
        .said
        .as_ref()
        .map(|d| parse_date(source, d.span(), d.get_ref()))
        .transpose()?;
    let language = match &raw.language {
        Some(lang) => {
            check_language(source, lang.span(), lang.get_ref())?;
            lang.get_ref().clone()
        }
        None => document_language.to_owned(),
    };
    let mut stances: Vec<CuratedStance> = Vec::with_capacity(raw.stances.len());
    for stance in &raw.stances {
        let proposition = &stance.get_ref().proposition;
        if !keys.propositions.contains(proposition) {
            let mut known: Vec<&str> = keys.propositions.iter().map(String::as_str).collect();
            known.sort_unstable();
            return Err(source.error(
                stance.span(),
                format!(
                    "stance on {proposition:?}: not a known proposition (the registry has {})",
                    known.join(", ")
                ),
            ));
        }
        if stances.iter().any(|s| &s.proposition == proposition) {
            return Err(source.error(
                stance.span(),
                format!("the stance on {proposition:?} is given twice"),
            ));
        }
        let position = Spanned::new(stance.span(), stance.get_ref().position.clone());
        stances.push(CuratedStance {
            proposition: proposition.clone(),
            position: vocabulary::<Polarity>(source, "stance position", &position)?,
        });
    }

    Ok(Statement {
        text: text.clone(),
        span_start,
        span_end,
        kind: vocabulary(source, "statement kind", &raw.kind)?,
        speaker,
        organization,
        topics,
        about,
        said,
        language,
        stances,
        utterance: raw.utterance.as_ref().map(|u| u.get_ref().clone()),
    })
}
