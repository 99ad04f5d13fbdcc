//! Volume and failures per provider over the last day, one server-rendered SVG bar
//! chart each: no chart library, no script, colours from the stylesheet.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use maud::{html, Markup};

use crate::dashboard::guard::Ctx;
use crate::dashboard::query::show_time;
use crate::store::VolumeBucket;

/// The charts' window and bucket width.
pub(crate) const WINDOW: Duration = Duration::from_secs(24 * 3600);
pub(crate) const BUCKET: Duration = Duration::from_secs(3600);

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 160.0;
const LEFT: f64 = 44.0;
const BOTTOM: f64 = 20.0;
const TOP: f64 = 8.0;

/// One provider's buckets, oldest first, every bucket of the window present.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Series {
    pub(crate) provider: String,
    /// (bucket start, deliveries, failures).
    pub(crate) points: Vec<(SystemTime, u64, u64)>,
}

/// Spreads the store's buckets over the window's `count` buckets starting at `first`.
pub(crate) fn series(buckets: &[VolumeBucket], first: SystemTime, count: usize) -> Vec<Series> {
    let mut by_provider: BTreeMap<&str, Vec<(SystemTime, u64, u64)>> = BTreeMap::new();
    for bucket in buckets {
        let points = by_provider.entry(&bucket.provider).or_insert_with(|| {
            (0..count)
                .map(|n| (first + BUCKET * u32::try_from(n).unwrap_or(u32::MAX), 0, 0))
                .collect()
        });
        let offset = bucket
            .start
            .duration_since(first)
            .map_or(0, |since| since.as_secs() / BUCKET.as_secs());
        if let Some(point) = usize::try_from(offset).ok().and_then(|n| points.get_mut(n)) {
            point.1 += bucket.deliveries;
            point.2 += bucket.failures;
        }
    }
    by_provider
        .into_iter()
        .map(|(provider, points)| Series {
            provider: provider.to_owned(),
            points,
        })
        .collect()
}

pub(crate) fn render(ctx: &Ctx, all: &[Series]) -> Markup {
    html! {
        h2 { "Volume and failures, last 24 hours" }
        div.legend {
            span { span.swatch.bar {} "requests per hour" }
            span { span.swatch.fail {} "of which failed, retrying, dead or rejected" }
        }
        @if all.is_empty() {
            p.muted { "No request arrived in the last 24 hours." }
        }
        @for series in all {
            @let total: u64 = series.points.iter().map(|point| point.1).sum();
            @let failed: u64 = series.points.iter().map(|point| point.2).sum();
            h3 {
                a href=(ctx.link(&format!("/?provider={}", urlencode(&series.provider)))) { (series.provider) }
                " " span.muted { (total) " requests, " (rate(failed, total)) " failed" }
            }
            (chart(series))
        }
    }
}

fn rate(failed: u64, total: u64) -> String {
    if total == 0 {
        return "0 %".to_owned();
    }
    // Whole tenths of a percent, computed in integers.
    let tenths = failed.saturating_mul(1000) / total;
    format!("{}.{} %", tenths / 10, tenths % 10)
}

fn urlencode(value: &str) -> String {
    serde_urlencoded::to_string([("", value)])
        .map(|pair| pair.trim_start_matches('=').to_owned())
        .unwrap_or_default()
}

fn chart(series: &Series) -> Markup {
    let highest = series
        .points
        .iter()
        .map(|point| point.1)
        .max()
        .unwrap_or(0)
        .max(1);
    let slots = series.points.len().max(1) as f64;
    let slot = (WIDTH - LEFT) / slots;
    let plot = HEIGHT - BOTTOM - TOP;
    let y = |value: u64| plot * value as f64 / highest as f64;
    html! {
        svg.chart viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) role="img"
            aria-label=(format!("{} requests per hour", series.provider)) {
            line.axis x1=(LEFT) y1=(HEIGHT - BOTTOM) x2=(WIDTH) y2=(HEIGHT - BOTTOM) {}
            text x="4" y=(TOP + 10.0) { (highest) }
            text x="4" y=(HEIGHT - BOTTOM) { "0" }
            @for (n, (start, deliveries, failures)) in series.points.iter().enumerate() {
                @let x = LEFT + slot * n as f64;
                @if *deliveries > 0 {
                    rect.bar x=(format!("{:.1}", x + 1.0)) y=(format!("{:.1}", HEIGHT - BOTTOM - y(*deliveries)))
                        width=(format!("{:.1}", slot - 2.0)) height=(format!("{:.1}", y(*deliveries))) {
                        title { (show_time(*start)) ": " (deliveries) " requests, " (failures) " failed" }
                    }
                }
                @if *failures > 0 {
                    rect.fail x=(format!("{:.1}", x + 1.0)) y=(format!("{:.1}", HEIGHT - BOTTOM - y(*failures)))
                        width=(format!("{:.1}", slot - 2.0)) height=(format!("{:.1}", y(*failures))) {}
                }
                @if n % 6 == 0 {
                    text x=(format!("{:.1}", x)) y=(HEIGHT - 5.0) { (show_time(*start).get(11..16).unwrap_or("")) }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_spread_over_the_window() {
        let first = SystemTime::UNIX_EPOCH + Duration::from_secs(100 * 3600);
        let bucket = |provider: &str, hour: u64, deliveries, failures| VolumeBucket {
            provider: provider.to_owned(),
            start: SystemTime::UNIX_EPOCH + Duration::from_secs(hour * 3600),
            deliveries,
            failures,
        };
        let all = series(
            &[
                bucket("stripe", 100, 4, 1),
                bucket("github", 102, 2, 0),
                bucket("stripe", 103, 6, 3),
            ],
            first,
            4,
        );
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].provider, "github");
        let stripe: Vec<(u64, u64)> = all[1].points.iter().map(|p| (p.1, p.2)).collect();
        assert_eq!(stripe, [(4, 1), (0, 0), (0, 0), (6, 3)]);
        assert_eq!(rate(1, 3), "33.3 %");
        assert_eq!(rate(0, 0), "0 %");
    }
}
