//! The live tail: a Server-Sent Events stream of the rows that arrive after the list
//! page was rendered, matching its filter, each rendered like the list's rows. It polls
//! the store once a second (one indexed query per open page), so a new delivery shows
//! within two seconds.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use futures_util::stream::{self, Stream};
use futures_util::StreamExt;
use http::Uri;

use super::guard::{form_field, Ctx};
use super::pages::list;
use super::query::ListQuery;
use super::Shared;
use crate::store::DeliveryFilter;

/// How often the store is asked.
const POLL: Duration = Duration::from_secs(1);
/// Rows sent per poll at most (a burst beyond it shows on reload).
const BURST: u32 = 50;

/// `GET /tail?<filters>&after=<id>`.
pub(crate) async fn tail(
    State(shared): State<Arc<Shared>>,
    Extension(ctx): Extension<Ctx>,
    uri: Uri,
) -> Response {
    let query = ListQuery::parse(uri.query())
        .unwrap_or_default()
        .first_page();
    let after = form_field(uri.query().unwrap_or("").as_bytes(), "after")
        .and_then(|after| after.parse::<i64>().ok())
        .unwrap_or(0);
    let Ok(mut filter) = query.filter() else {
        return http::StatusCode::BAD_REQUEST.into_response();
    };
    filter.limit = Some(BURST);
    Sse::new(rows(shared, ctx, filter, after))
        .keep_alive(KeepAlive::default())
        .into_response()
}

fn rows(
    shared: Arc<Shared>,
    ctx: Ctx,
    filter: DeliveryFilter,
    after: i64,
) -> impl Stream<Item = Result<Event, Infallible>> {
    let state = (shared, ctx, filter, after);
    stream::unfold(state, |(shared, ctx, filter, mut after)| async move {
        tokio::time::sleep(POLL).await;
        let fresh = match shared.store.list(&filter).await {
            Ok(rows) => rows,
            Err(error) => {
                tracing::warn!(%error, "dashboard: the live tail's store read failed");
                Vec::new()
            }
        };
        // Oldest first, so each lands on top of the one before.
        let mut events = Vec::new();
        let newer = after;
        for summary in fresh.iter().rev().filter(|row| row.id.0 > newer) {
            after = summary.id.0;
            let html = list::row(&ctx, summary).into_string();
            events.push(Ok(Event::default().event("delivery").data(html)));
        }
        Some((stream::iter(events), (shared, ctx, filter, after)))
    })
    .flatten()
}
