//! The c=1 floor of durable ingest on this disk, measured in the same run as the load:
//! how fast one writer can make one record durable at a time, with nothing to share
//! the fsync with. `scripts/http_bench.sh --ingest` prints it beside the table.

use std::os::unix::fs::FileExt;
use std::time::{Duration, Instant, SystemTime};

use webhook::store::{self, NewDelivery, Start};

/// Writes `body` and `fdatasync`s, one after the other, for `duration`, cycling over a
/// preallocated 4 MiB file as a write-ahead log reuses its space: what one commit
/// costs at best on this disk. Returns commits per second.
pub fn fsync_loop(dir: &str, body: &[u8], duration: Duration) -> std::io::Result<f64> {
    const SPACE: u64 = 4 << 20;
    let path = format!("{dir}/fsync-floor.bin");
    let file = std::fs::File::create(&path)?;
    file.set_len(SPACE)?;
    file.sync_all()?;
    let started = Instant::now();
    let mut commits = 0u64;
    let mut offset = 0;
    while started.elapsed() < duration {
        file.write_all_at(body, offset)?;
        file.sync_data()?;
        commits += 1;
        offset = (offset + body.len() as u64) % (SPACE - body.len() as u64);
    }
    drop(file);
    std::fs::remove_file(&path)?;
    Ok(commits as f64 / started.elapsed().as_secs_f64())
}

/// One `record_accepted` at a time (queued, a new delivery each) on the store at `url`
/// for `duration`: one commit per record, no HTTP. Returns records per second.
pub async fn store_loop(
    url: &str,
    body: &[u8],
    duration: Duration,
) -> Result<f64, store::StoreError> {
    let store = store::open(url).await?;
    let started = Instant::now();
    let mut records = 0u64;
    while started.elapsed() < duration {
        let delivery = NewDelivery::new(
            "github",
            "/floor",
            Default::default(),
            body.to_vec().into(),
            SystemTime::now(),
        )
        .event("pull_request.opened")
        .delivery_id(format!("floor-{records}"));
        store.record_accepted(delivery, Start::Queued).await?;
        records += 1;
    }
    store.close().await?;
    Ok(records as f64 / started.elapsed().as_secs_f64())
}
