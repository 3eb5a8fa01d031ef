//! `claimgraph bench --mixed`: the soak run. Every client sends the read
//! operations in turn and, every `--write-every`th request, ingests a new
//! article through `ingestDocument`, for the whole `--duration`.
//!
//! What it checks, besides latency:
//! - no server error: a 5xx other than deliberate shedding (503), and no
//!   GraphQL error, on reads or writes;
//! - memory flat: the server's resident size is sampled every second;
//! - nothing lost: afterwards every document an ingest returned is fetched
//!   again by its id, with its statements.
//!
//! Articles are made up per request (a run id and the request number make
//! each text unique, so none is deduplicated), alternating English and
//! Russian, each with a quoted and a reported statement for the extractor.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use serde::Serialize;
use serde_json::{Value, json};

use super::{BenchArgs, Operation, Plan, Target, listening_pid, memory_of, port_of, request};

const INGEST: &str = r#"
mutation Ingest($input: IngestDocumentInput!) {
  ingestDocument(input: $input) { id }
}"#;

const CHECK: &str = r#"
query Check($id: ID!) {
  node(id: $id) { ... on Document { id statements(first: 1) { totalCount } } }
}"#;

/// How one response ended.
#[derive(Debug)]
enum Outcome {
    /// `data` and no errors.
    Ok(Value),
    /// 503: the server shed the request on purpose.
    Shed,
    /// Any other 5xx.
    ServerError(String),
    /// A 4xx, a GraphQL error or no answer at all.
    Failed(String),
}

/// The figures of reads or of writes.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ClassReport {
    pub requests: u64,
    pub ok: u64,
    /// Refused with 503 (load shedding); not failures.
    pub shed: u64,
    /// 5xx other than 503.
    pub server_errors: u64,
    /// GraphQL errors, other HTTP errors, requests without an answer.
    pub failures: u64,
    pub requests_per_second: f64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub first_problem: Option<String>,
}

/// The server's resident size over the run.
#[derive(Debug, Clone, Serialize)]
pub struct MemoryTrace {
    pub pid: u32,
    /// `(seconds since the start, KiB)`, one a second.
    pub samples: Vec<(f64, u64)>,
    /// The largest sample and `VmHWM` at the end, in KiB.
    pub max_sample_kib: u64,
    pub peak_kib: u64,
    /// The first sample after a quarter of the run (warmed up) and the last.
    pub warm_kib: u64,
    pub end_kib: u64,
}

/// Everything a mixed run measured.
#[derive(Debug, Clone, Serialize)]
pub struct MixedReport {
    pub url: String,
    pub concurrency: u32,
    pub duration_seconds: f64,
    pub write_every: u32,
    pub plan: Plan,
    pub reads: ClassReport,
    pub writes: ClassReport,
    /// Documents the ingests returned, and how many were found again afterwards.
    pub documents_ingested: u64,
    pub documents_found: u64,
    pub documents_with_statements: u64,
    pub missing: Vec<String>,
    pub memory: Option<MemoryTrace>,
}

impl MixedReport {
    /// Why the run failed, if it did: server errors, failures or lost documents.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for (class, report) in [("reads", &self.reads), ("writes", &self.writes)] {
            if report.server_errors > 0 {
                problems.push(format!(
                    "{class}: {} server errors (5xx other than 503)",
                    report.server_errors
                ));
            }
            if report.failures > 0 {
                problems.push(format!("{class}: {} failed requests", report.failures));
            }
        }
        if !self.missing.is_empty() {
            problems.push(format!(
                "{} ingested documents missing afterwards",
                self.missing.len()
            ));
        }
        if self.writes.ok == 0 {
            problems.push("no ingest succeeded".to_owned());
        }
        problems
    }
}

/// Runs the mixed load and returns its figures.
pub async fn measure(args: &BenchArgs) -> anyhow::Result<MixedReport> {
    anyhow::ensure!(
        args.duration > 0.0 && args.duration.is_finite(),
        "--duration must be a positive number of seconds"
    );
    anyhow::ensure!(args.write_every >= 1, "--write-every must be at least 1");
    let key = args.api_key.clone().context(
        "--mixed ingests documents: give the server's key with --api-key or CLAIMGRAPH_API_KEY",
    )?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.concurrency as usize)
        .timeout(Duration::from_secs(60))
        .build()?;
    let target = Target {
        client,
        url: format!("{}/graphql", args.url.trim_end_matches('/')),
    };
    let plan = Plan::discover(&target, args.organization.as_deref()).await?;
    let reads: Vec<Value> = Operation::ALL
        .iter()
        .map(|&operation| request(operation, &plan))
        .collect();
    let reads = Arc::new(reads);
    let run_id = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());

    let pid = match args.server_pid {
        Some(pid) => Some(pid),
        None => port_of(&args.url).and_then(listening_pid),
    };
    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(args.duration);
    let sampler = pid.map(|pid| tokio::spawn(sample_memory(pid, started, deadline)));

    let next = Arc::new(AtomicU64::new(0));
    let mut clients = Vec::new();
    for _ in 0..args.concurrency {
        let target = target.clone();
        let reads = reads.clone();
        let next = next.clone();
        let key = key.clone();
        let write_every = u64::from(args.write_every);
        clients.push(tokio::spawn(async move {
            let mut read = Tally::default();
            let mut write = Tally::default();
            let mut ingested = Vec::new();
            while Instant::now() < deadline {
                let n = next.fetch_add(1, Ordering::Relaxed);
                let sent = Instant::now();
                if n % write_every == write_every - 1 {
                    let body =
                        json!({ "query": INGEST, "variables": { "input": article(run_id, n) } });
                    let outcome = send(&target, &body, Some(&key)).await;
                    if let Outcome::Ok(data) = &outcome
                        && let Some(id) = data["ingestDocument"]["id"].as_str()
                    {
                        ingested.push(id.to_owned());
                    }
                    write.record(sent.elapsed(), outcome);
                } else {
                    let body = &reads[(n % reads.len() as u64) as usize];
                    let outcome = send(&target, body, None).await;
                    read.record(sent.elapsed(), outcome);
                }
            }
            (read, write, ingested)
        }));
    }
    let mut read = Tally::default();
    let mut write = Tally::default();
    let mut ids = Vec::new();
    for client in clients {
        let (r, w, i) = client.await.context("a client failed")?;
        read.merge(r);
        write.merge(w);
        ids.extend(i);
    }
    let elapsed = started.elapsed().as_secs_f64();
    let memory = match sampler {
        Some(task) => task.await.ok().flatten(),
        None => None,
    };

    // Every document an ingest returned, fetched again.
    let mut found = 0;
    let mut with_statements = 0;
    let mut missing = Vec::new();
    for id in &ids {
        let body = json!({ "query": CHECK, "variables": { "id": id } });
        match send(&target, &body, None).await {
            Outcome::Ok(data) if data["node"]["id"] == json!(id) => {
                found += 1;
                if data["node"]["statements"]["totalCount"].as_u64() > Some(0) {
                    with_statements += 1;
                }
            }
            _ => missing.push(id.clone()),
        }
    }

    Ok(MixedReport {
        url: args.url.clone(),
        concurrency: args.concurrency,
        duration_seconds: args.duration,
        write_every: args.write_every,
        plan,
        reads: read.report(elapsed),
        writes: write.report(elapsed),
        documents_ingested: ids.len() as u64,
        documents_found: found,
        documents_with_statements: with_statements,
        missing,
        memory,
    })
}

/// Runs the mixed load, prints its figures, and fails when it found problems.
pub async fn run(args: &BenchArgs) -> anyhow::Result<()> {
    let report = measure(args).await?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", table(&report));
    }
    let problems = report.problems();
    anyhow::ensure!(
        problems.is_empty(),
        "the mixed run failed: {}",
        problems.join("; ")
    );
    Ok(())
}

/// POSTs a request, with the key when given, and sorts out how it ended.
async fn send(target: &Target, body: &Value, key: Option<&str>) -> Outcome {
    let mut request = target.client.post(&target.url).json(body);
    if let Some(key) = key {
        request = request.bearer_auth(key);
    }
    let response = match request.send().await {
        Ok(response) => response,
        Err(e) => return Outcome::Failed(format!("request failed: {e}")),
    };
    let status = response.status();
    if status == reqwest::StatusCode::SERVICE_UNAVAILABLE {
        return Outcome::Shed;
    }
    let text = response.text().await.unwrap_or_default();
    if status.is_server_error() {
        return Outcome::ServerError(format!("HTTP {status}: {text}"));
    }
    let parsed: Value = match serde_json::from_str(&text) {
        Ok(value) => value,
        Err(e) => return Outcome::Failed(format!("HTTP {status}: no JSON body ({e})")),
    };
    if !status.is_success() {
        return Outcome::Failed(format!("HTTP {status}: {parsed}"));
    }
    if let Some(errors) = parsed.get("errors") {
        return Outcome::Failed(format!("GraphQL errors: {errors}"));
    }
    Outcome::Ok(parsed.get("data").cloned().unwrap_or(Value::Null))
}

/// One client's count of outcomes and latencies.
#[derive(Debug, Default)]
struct Tally {
    latencies_us: Vec<u32>,
    shed: u64,
    server_errors: u64,
    failures: u64,
    first_problem: Option<String>,
}

impl Tally {
    fn record(&mut self, took: Duration, outcome: Outcome) {
        match outcome {
            Outcome::Ok(_) => self
                .latencies_us
                .push(u32::try_from(took.as_micros()).unwrap_or(u32::MAX)),
            Outcome::Shed => self.shed += 1,
            Outcome::ServerError(e) => {
                self.server_errors += 1;
                self.first_problem.get_or_insert(e);
            }
            Outcome::Failed(e) => {
                self.failures += 1;
                self.first_problem.get_or_insert(e);
            }
        }
    }

    fn merge(&mut self, other: Self) {
        self.latencies_us.extend(other.latencies_us);
        self.shed += other.shed;
        self.server_errors += other.server_errors;
        self.failures += other.failures;
        if self.first_problem.is_none() {
            self.first_problem = other.first_problem;
        }
    }

    fn report(mut self, elapsed: f64) -> ClassReport {
        self.latencies_us.sort_unstable();
        let ok = self.latencies_us.len() as u64;
        let percentile = |p: f64| super::percentile(&self.latencies_us, p);
        ClassReport {
            requests: ok + self.shed + self.server_errors + self.failures,
            ok,
            shed: self.shed,
            server_errors: self.server_errors,
            failures: self.failures,
            requests_per_second: ok as f64 / elapsed.max(1e-9),
            p50_ms: percentile(0.50),
            p95_ms: percentile(0.95),
            p99_ms: percentile(0.99),
            max_ms: percentile(1.0),
            first_problem: self.first_problem,
        }
    }
}

/// Samples the server's resident size once a second until `deadline`.
async fn sample_memory(pid: u32, started: Instant, deadline: Instant) -> Option<MemoryTrace> {
    let mut samples = Vec::new();
    loop {
        let memory = memory_of(pid)?;
        samples.push((started.elapsed().as_secs_f64(), memory.current_kib));
        if Instant::now() >= deadline {
            let total = deadline.duration_since(started).as_secs_f64();
            let warm_kib = samples
                .iter()
                .find(|(t, _)| *t >= total / 4.0)
                .map_or(memory.current_kib, |(_, kib)| *kib);
            return Some(MemoryTrace {
                pid,
                max_sample_kib: samples.iter().map(|(_, kib)| *kib).max().unwrap_or(0),
                peak_kib: memory.peak_kib,
                warm_kib,
                end_kib: memory.current_kib,
                samples,
            });
        }
        let left = deadline.saturating_duration_since(Instant::now());
        tokio::time::sleep(left.min(Duration::from_secs(1))).await;
    }
}

/// A made-up article, unique to `run` and `n`: English for even `n`,
/// Russian for odd, each with a quote and a reported statement.
fn article(run: u128, n: u64) -> Value {
    let case = format!("{run:x}-{n}");
    if n.is_multiple_of(2) {
        json!({
            "title": format!("Commission reviews complaint {case}"),
            "language": "en",
            "publishedOn": "2024-03",
            "outlet": "Load Test Wire",
            "text": format!(
                "Commission reviews complaint {case}\n\n\
                 \"Every complaint about the detentions, including complaint {case}, will be examined in full,\" \
                 Kassym-Jomart Tokayev said at a meeting with the commission.\n\n\
                 Human Rights Watch said that an independent investigation into the deaths was still needed \
                 and that the findings on case {case} must be made public."
            ),
        })
    } else {
        json!({
            "title": format!("Комиссия рассмотрит жалобу {case}"),
            "language": "ru",
            "publishedOn": "2024-03",
            "outlet": "Load Test Wire",
            "text": format!(
                "Комиссия рассмотрит жалобу {case}\n\n\
                 «Каждая жалоба о задержаниях, включая жалобу {case}, будет рассмотрена полностью», — \
                 заявил Касым-Жомарт Токаев на встрече с комиссией.\n\n\
                 По словам представителей Human Rights Watch, независимое расследование гибели людей \
                 по-прежнему необходимо, а выводы по делу {case} должны быть опубликованы."
            ),
        })
    }
}

/// The report as plain text.
pub fn table(report: &MixedReport) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} mixed: {} clients, {} s, one ingest every {} requests",
        report.url, report.concurrency, report.duration_seconds, report.write_every
    );
    let _ = writeln!(
        out,
        "{:<7} {:>9} {:>8} {:>6} {:>6} {:>7} {:>9} {:>8} {:>8} {:>8} {:>8}",
        "class",
        "requests",
        "ok",
        "503",
        "5xx",
        "failed",
        "ok/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "max ms"
    );
    for (name, c) in [("reads", &report.reads), ("writes", &report.writes)] {
        let _ = writeln!(
            out,
            "{:<7} {:>9} {:>8} {:>6} {:>6} {:>7} {:>9.1} {:>8.2} {:>8.2} {:>8.2} {:>8.2}",
            name,
            c.requests,
            c.ok,
            c.shed,
            c.server_errors,
            c.failures,
            c.requests_per_second,
            c.p50_ms,
            c.p95_ms,
            c.p99_ms,
            c.max_ms
        );
        if let Some(problem) = &c.first_problem {
            let _ = writeln!(
                out,
                "  first problem: {}",
                problem.chars().take(300).collect::<String>()
            );
        }
    }
    let _ = writeln!(
        out,
        "documents: {} ingested, {} found again ({} with statements), {} missing",
        report.documents_ingested,
        report.documents_found,
        report.documents_with_statements,
        report.missing.len()
    );
    match &report.memory {
        Some(m) => {
            let _ = writeln!(
                out,
                "server (pid {}) resident: {:.1} MiB after a quarter of the run, {:.1} MiB at the end, largest sample {:.1} MiB, peak {:.1} MiB",
                m.pid,
                m.warm_kib as f64 / 1024.0,
                m.end_kib as f64 / 1024.0,
                m.max_sample_kib as f64 / 1024.0,
                m.peak_kib as f64 / 1024.0
            );
        }
        None => {
            let _ = writeln!(out, "server memory: n/a (give --server-pid)");
        }
    }
    let problems = report.problems();
    if problems.is_empty() {
        let _ = writeln!(
            out,
            "passed: no server error, no failure, every document found"
        );
    } else {
        let _ = writeln!(out, "FAILED: {}", problems.join("; "));
    }
    out
}
