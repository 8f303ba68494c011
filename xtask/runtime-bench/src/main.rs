//! The run-time section of `cargo xtask bench` (run in a release build):
//!
//! - decoding: MB/s and peak heap of large responses (Fireblocks paged vault
//!   accounts and a GitHub repository list, about 4 MB and 30 MB each),
//!   through the generated types and through the same shapes with serde's
//!   derive (`reference.rs`), in this process, alternating;
//! - whole calls against a local HTTP/1.1 server on 127.0.0.1: the generated
//!   client's `get_paged_vault_accounts` and a hand-written reqwest GET
//!   with `serde_json::from_slice` into the derive types, for a small and a
//!   ~400 KB body (median of many calls, alternating), and one ~30 MB call
//!   each for peak heap.
//!
//! Payloads are synthesized here in the shapes of the schemas. It prints
//! numbers; nothing asserts a time.

mod reference;

use generated_client::{fireblocks_vaults, github};
use serde_json::{json, Value};
use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{BufRead, BufReader, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The system allocator, counting the bytes live and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call forwards to `System` with the same arguments; the
// counters are only bookkeeping.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc_zeroed(layout);
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `f`, returning its result, its time and the heap it needed beyond
/// what was live before it (the peak, result included).
fn measured<T>(f: impl FnOnce() -> T) -> (T, Duration, usize) {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let start = Instant::now();
    let out = f();
    let time = start.elapsed();
    (out, time, PEAK.load(Ordering::Relaxed).saturating_sub(base))
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

const MB: f64 = 1_000_000.0;

// ---------------------------------------------------------------------------
// Payloads
// ---------------------------------------------------------------------------

fn vault_accounts(accounts: usize) -> Vec<u8> {
    const ASSETS: [&str; 8] = ["BTC", "ETH", "USDC", "SOL", "XRP", "DOGE", "EOS", "ADA"];
    let accounts: Vec<Value> = (0..accounts)
        .map(|i| {
            let assets: Vec<Value> = ASSETS
                .iter()
                .take(2 + i % 7)
                .enumerate()
                .map(|(j, id)| {
                    json!({
                        "id": id,
                        "total": format!("{}.{:08}", i * 3 + j, i * 7919 % 100_000_000),
                        "balance": format!("{}.{:08}", i * 3 + j, i * 7919 % 100_000_000),
                        "available": format!("{}.{:04}", i + j, i % 10_000),
                        "pending": "0",
                        "frozen": "0",
                        "lockedAmount": "0",
                        "staked": "0",
                        "totalStakedCPU": "0",
                        "totalStakedNetwork": "0",
                        "selfStakedCPU": "0",
                        "selfStakedNetwork": "0",
                        "pendingRefundCPU": "0",
                        "pendingRefundNetwork": "0",
                        "blockHeight": format!("{}", 812_345 + i),
                        "blockHash": format!("{:064x}", (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)),
                    })
                })
                .collect();
            let mut account = json!({
                "id": i.to_string(),
                "name": format!("Treasury account {i}"),
                "hiddenOnUI": i.is_multiple_of(5),
                "customerRefId": format!("customer-{i:06}"),
                "autoFuel": i .is_multiple_of(2),
                "assets": assets,
            });
            if i.is_multiple_of(3) {
                account["tags"] = json!([{
                    "id": format!("00000000-0000-4000-8000-{i:012}"),
                    "label": "operations",
                    "description": "Accounts the operations team uses",
                    "color": "#3366ff",
                    "isProtected": false,
                    "updatedAt": 1_733_300_000_000.0 + i as f64,
                    "type": "WALLET_POOL",
                }]);
            }
            account
        })
        .collect();
    let page = json!({
        "accounts": accounts,
        "paging": {"before": "MjAyNC0xMi0wNA==", "after": "MjAyNC0xMi0wNQ=="},
        "previousUrl": null,
        "nextUrl": "https://api.fireblocks.io/v1/vault/accounts_paged?after=MjAyNC0xMi0wNQ==",
    });
    serde_json::to_vec(&page).unwrap_or_default()
}

#[derive(Clone, Copy)]
enum Kind {
    Text,
    Url,
    Int,
    Bool,
    Date,
    Topics,
    Null,
    Object,
}
use Kind::*;

const REPOSITORY: &[(&str, Kind)] = &[
    ("id", Int),
    ("node_id", Text),
    ("name", Text),
    ("full_name", Text),
    ("owner", Object),
    ("private", Bool),
    ("html_url", Url),
    ("description", Text),
    ("fork", Bool),
    ("url", Url),
    ("archive_url", Url),
    ("assignees_url", Url),
    ("blobs_url", Url),
    ("branches_url", Url),
    ("collaborators_url", Url),
    ("comments_url", Url),
    ("commits_url", Url),
    ("compare_url", Url),
    ("contents_url", Url),
    ("contributors_url", Url),
    ("deployments_url", Url),
    ("downloads_url", Url),
    ("events_url", Url),
    ("forks_url", Url),
    ("git_commits_url", Url),
    ("git_refs_url", Url),
    ("git_tags_url", Url),
    ("git_url", Url),
    ("issue_comment_url", Url),
    ("issue_events_url", Url),
    ("issues_url", Url),
    ("keys_url", Url),
    ("labels_url", Url),
    ("languages_url", Url),
    ("merges_url", Url),
    ("milestones_url", Url),
    ("notifications_url", Url),
    ("pulls_url", Url),
    ("releases_url", Url),
    ("ssh_url", Url),
    ("stargazers_url", Url),
    ("statuses_url", Url),
    ("subscribers_url", Url),
    ("subscription_url", Url),
    ("tags_url", Url),
    ("teams_url", Url),
    ("trees_url", Url),
    ("clone_url", Url),
    ("mirror_url", Null),
    ("hooks_url", Url),
    ("svn_url", Url),
    ("homepage", Text),
    ("language", Text),
    ("forks_count", Int),
    ("stargazers_count", Int),
    ("watchers_count", Int),
    ("size", Int),
    ("default_branch", Text),
    ("open_issues_count", Int),
    ("is_template", Bool),
    ("topics", Topics),
    ("has_issues", Bool),
    ("has_projects", Bool),
    ("has_wiki", Bool),
    ("has_pages", Bool),
    ("has_downloads", Bool),
    ("archived", Bool),
    ("disabled", Bool),
    ("visibility", Text),
    ("pushed_at", Date),
    ("created_at", Date),
    ("updated_at", Date),
    ("permissions", Object),
    ("template_repository", Null),
    ("temp_clone_token", Null),
    ("delete_branch_on_merge", Bool),
    ("subscribers_count", Int),
    ("network_count", Int),
    ("code_of_conduct", Null),
    ("license", Object),
    ("forks", Int),
    ("open_issues", Int),
    ("watchers", Int),
    ("allow_forking", Bool),
];

const USER: &[(&str, Kind)] = &[
    ("name", Text),
    ("email", Null),
    ("login", Text),
    ("id", Int),
    ("node_id", Text),
    ("avatar_url", Url),
    ("gravatar_id", Text),
    ("url", Url),
    ("html_url", Url),
    ("followers_url", Url),
    ("following_url", Url),
    ("gists_url", Url),
    ("starred_url", Url),
    ("subscriptions_url", Url),
    ("organizations_url", Url),
    ("repos_url", Url),
    ("events_url", Url),
    ("received_events_url", Url),
    ("type", Text),
    ("site_admin", Bool),
];

fn object_of(fields: &[(&str, Kind)], i: usize, nested: &dyn Fn(&str) -> Value) -> Value {
    let mut object = serde_json::Map::new();
    for (key, kind) in fields {
        let value = match kind {
            Text => json!(format!("{key} of {i}")),
            Url => json!(format!(
                "https://api.github.com/repos/octo-org/repository-{i}/{key}"
            )),
            Int => json!(i * 31 + key.len()),
            Bool => json!((i + key.len()).is_multiple_of(2)),
            Date => json!("2024-11-20T09:15:42Z"),
            Topics => json!(["api", "rust", format!("topic-{}", i % 17)]),
            Null => Value::Null,
            Object => nested(key),
        };
        object.insert((*key).to_owned(), value);
    }
    Value::Object(object)
}

fn repositories(count: usize) -> Vec<u8> {
    let list: Vec<Value> = (0..count)
        .map(|i| {
            object_of(REPOSITORY, i, &|key| match key {
                "owner" => object_of(USER, i % 50, &|_| Value::Null),
                "permissions" => {
                    json!({"admin": false, "maintain": false, "push": true, "triage": true, "pull": true})
                }
                _ => json!({"key": "mit", "name": "MIT License", "spdx_id": "MIT",
                    "url": "https://api.github.com/licenses/mit", "node_id": "MDc6TGljZW5zZTEz"}),
            })
        })
        .collect();
    serde_json::to_vec(&list).unwrap_or_default()
}

// ---------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------

struct Row {
    name: String,
    /// The samples of each side.
    generated: Vec<f64>,
    reference: Vec<f64>,
    unit: &'static str,
    /// Whether more is better (throughput) or worse (time, memory).
    higher_is_better: bool,
}

fn best(values: &[f64], higher_is_better: bool) -> f64 {
    let pick = if higher_is_better { f64::max } else { f64::min };
    values.iter().copied().reduce(pick).unwrap_or(f64::NAN)
}

fn print_rows(title: &str, rows: &[Row]) {
    println!("\n{title}");
    println!(
        "{:<48} {:>14} {:>14} {:>7} {:>9}",
        "", "generated", "reference", "ratio", "best/best"
    );
    for r in rows {
        let (g, rf) = (median(r.generated.clone()), median(r.reference.clone()));
        let best_ratio =
            best(&r.generated, r.higher_is_better) / best(&r.reference, r.higher_is_better);
        println!(
            "{:<48} {:>9.1} {:<4} {:>9.1} {:<4} {:>6.2}x {:>8.2}x",
            r.name,
            g,
            r.unit,
            rf,
            r.unit,
            g / rf,
            best_ratio
        );
    }
}

fn decode_rows<G, R>(name: &str, body: &[u8], rounds: usize) -> Vec<Row>
where
    G: for<'de> serde::Deserialize<'de>,
    R: for<'de> serde::Deserialize<'de>,
{
    let mb = body.len() as f64 / MB;
    let (mut g_rate, mut r_rate, mut g_mem, mut r_mem) = (vec![], vec![], vec![], vec![]);
    for round in 0..=rounds {
        // Each goes first every other round: the allocator's state after
        // the first decoding (pages kept, thresholds moved) favours the
        // second.
        let ((g, gt, gm), (r, rt, rm)) = if round.is_multiple_of(2) {
            let g = measured(|| serde_json::from_slice::<G>(body));
            (g, measured(|| serde_json::from_slice::<R>(body)))
        } else {
            let r = measured(|| serde_json::from_slice::<R>(body));
            (measured(|| serde_json::from_slice::<G>(body)), r)
        };
        if g.is_err() || r.is_err() {
            eprintln!(
                "{name}: a payload does not decode: {:?} / {:?}",
                g.err(),
                r.err()
            );
            return Vec::new();
        }
        drop((g, r));
        if round == 0 {
            continue; // warm-up
        }
        g_rate.push(mb / gt.as_secs_f64());
        r_rate.push(mb / rt.as_secs_f64());
        g_mem.push(gm as f64 / MB);
        r_mem.push(rm as f64 / MB);
    }
    let label = format!("{name} ({mb:.1} MB)");
    vec![
        Row {
            name: format!("{label}, decode"),
            generated: g_rate,
            reference: r_rate,
            unit: "MB/s",
            higher_is_better: true,
        },
        Row {
            name: format!("{label}, peak heap"),
            generated: g_mem,
            reference: r_mem,
            unit: "MB",
            higher_is_better: false,
        },
    ]
}

// ---------------------------------------------------------------------------
// Whole calls
// ---------------------------------------------------------------------------

/// Serves `body` as `application/json` to every request, HTTP/1.1 with
/// keep-alive, one thread per connection. Returns the base URL.
fn serve(body: Vec<u8>) -> std::io::Result<String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let url = format!("http://{}", listener.local_addr()?);
    let body = std::sync::Arc::new(body);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let body = body.clone();
            std::thread::spawn(move || {
                let _ = stream.set_nodelay(true);
                let Ok(read) = stream.try_clone() else { return };
                let mut reader = BufReader::new(read);
                let mut writer = stream;
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                    body.len()
                );
                loop {
                    // A GET: the request line and headers, no body.
                    let mut line = String::new();
                    let mut any = false;
                    loop {
                        line.clear();
                        match reader.read_line(&mut line) {
                            Ok(0) | Err(_) => return,
                            Ok(_) if line == "\r\n" => break,
                            Ok(_) => any = true,
                        }
                    }
                    if !any
                        || writer.write_all(head.as_bytes()).is_err()
                        || writer.write_all(&body).is_err()
                    {
                        return;
                    }
                }
            });
        }
    });
    Ok(url)
}

async fn generated_call(client: &fireblocks_vaults::Client) -> bool {
    client.get_paged_vault_accounts().send().await.is_ok()
}

async fn reference_call(client: &generated_client::runtime::reqwest::Client, url: &str) -> bool {
    let Ok(response) = client
        .get(format!("{url}/vault/accounts_paged"))
        .header("accept", "application/json")
        .send()
        .await
    else {
        return false;
    };
    if !response.status().is_success() {
        return false;
    }
    let Ok(bytes) = response.bytes().await else {
        return false;
    };
    serde_json::from_slice::<reference::VaultAccountsPagedResponse>(&bytes).is_ok()
}

async fn call_rows(name: &str, body: Vec<u8>, calls: usize) -> Result<Vec<Row>, String> {
    let kb = body.len() as f64 / 1000.0;
    let url = serve(body).map_err(|e| format!("local server: {e}"))?;
    let config = generated_client::runtime::Config::new();
    let generated = fireblocks_vaults::Client::from_url(&url, config).map_err(|e| e.to_string())?;
    let reference = generated_client::runtime::reqwest::Client::new();
    let (mut g, mut r) = (Vec::new(), Vec::new());
    for call in 0..calls + calls / 10 + 1 {
        let start = Instant::now();
        let ok = generated_call(&generated).await;
        let gt = start.elapsed();
        let start = Instant::now();
        let ok = ok && reference_call(&reference, &url).await;
        let rt = start.elapsed();
        // (Alternating which goes first matters little here: the calls are
        // short and many; the medians are of the pairs' own times.)
        if !ok {
            return Err(format!("{name}: a call failed"));
        }
        if call > calls / 10 {
            g.push(gt.as_secs_f64() * 1e6);
            r.push(rt.as_secs_f64() * 1e6);
        }
    }
    Ok(vec![Row {
        name: format!("{name} ({kb:.1} KB), median of {calls}"),
        generated: g,
        reference: r,
        unit: "µs",
        higher_is_better: false,
    }])
}

async fn big_call_rows(body: Vec<u8>) -> Result<Vec<Row>, String> {
    let mb = body.len() as f64 / MB;
    let url = serve(body).map_err(|e| format!("local server: {e}"))?;
    let generated =
        fireblocks_vaults::Client::from_url(&url, generated_client::runtime::Config::new())
            .map_err(|e| e.to_string())?;
    let reference = generated_client::runtime::reqwest::Client::new();
    let (mut gt, mut rt, mut gm, mut rm) = (vec![], vec![], vec![], vec![]);
    for round in 0..5 {
        // Each side goes first every other round.
        for side in [round % 2, 1 - round % 2] {
            let base = LIVE.load(Ordering::Relaxed);
            PEAK.store(base, Ordering::Relaxed);
            let start = Instant::now();
            let ok = if side == 0 {
                generated_call(&generated).await
            } else {
                reference_call(&reference, &url).await
            };
            let time = start.elapsed().as_secs_f64() * 1e3;
            let heap = PEAK.load(Ordering::Relaxed).saturating_sub(base) as f64 / MB;
            if !ok {
                return Err("whole call, large body: a call failed".to_owned());
            }
            if round == 0 {
                continue; // warm-up
            }
            let (times, heaps) = if side == 0 {
                (&mut gt, &mut gm)
            } else {
                (&mut rt, &mut rm)
            };
            times.push(time);
            heaps.push(heap);
        }
    }
    Ok(vec![
        Row {
            name: format!("whole call ({mb:.1} MB), time"),
            generated: gt,
            reference: rt,
            unit: "ms",
            higher_is_better: false,
        },
        Row {
            name: format!("whole call ({mb:.1} MB), peak heap"),
            generated: gm,
            reference: rm,
            unit: "MB",
            higher_is_better: false,
        },
    ])
}

fn main() {
    let small = std::env::args().any(|a| a == "--quick");
    let (rounds_4, rounds_30) = if small { (4, 2) } else { (20, 6) };
    println!(
        "run time (release; generated = generated-client's types and client, reference = the same \
         shapes with #[derive(Deserialize)], hand-written reqwest + serde_json::from_slice)"
    );
    let mut rows = Vec::new();
    for (accounts, rounds) in [(1_900, rounds_4), (14_000, rounds_30)] {
        let body = vault_accounts(accounts);
        rows.extend(decode_rows::<
            fireblocks_vaults::types::VaultAccountsPagedResponse,
            reference::VaultAccountsPagedResponse,
        >("Fireblocks paged vault accounts", &body, rounds));
    }
    for (count, rounds) in [(800, rounds_4), (5_800, rounds_30)] {
        let body = repositories(count);
        rows.extend(decode_rows::<
            Vec<github::types::MinimalRepository>,
            Vec<reference::MinimalRepository>,
        >("GitHub repository list", &body, rounds));
    }
    print_rows("decoding (median of rounds, each side first every other round; ratio = generated / reference)", &rows);

    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("tokio: {e}");
            return;
        }
    };
    let calls = if small { 200 } else { 2_000 };
    let result = runtime.block_on(async {
        let mut rows = call_rows("whole call, small body", vault_accounts(3), calls).await?;
        rows.extend(call_rows("whole call, ~400 KB body", vault_accounts(190), calls / 10).await?);
        rows.extend(big_call_rows(vault_accounts(14_000)).await?);
        Ok::<_, String>(rows)
    });
    match result {
        Ok(rows) => print_rows(
            "whole calls against 127.0.0.1 (current-thread tokio; generated client vs reqwest + derive)",
            &rows,
        ),
        Err(e) => eprintln!("{e}"),
    }
}
