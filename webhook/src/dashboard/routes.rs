//! The handlers: each reads the store, renders a page, and answers with the statuses a
//! person can act on (`400` saying what to change, `404`, `409`, `503` when the store
//! fails).

use std::sync::Arc;
use std::time::SystemTime;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use http::{StatusCode, Uri};

use super::guard::{form_field, Ctx};
use super::jobs::{new_token, JobState};
use super::pages::{charts, detail, layout, list, replay};
use super::query::{ListQuery, PAGE_SIZE};
use super::{assets, Shared};
use crate::store::{DeliveryId, StoreError};

type Shared_ = State<Arc<Shared>>;

/// `GET /`: the list.
pub(crate) async fn list(
    State(shared): Shared_,
    Extension(ctx): Extension<Ctx>,
    uri: Uri,
) -> Response {
    let query = match ListQuery::parse(uri.query()) {
        Ok(query) => query,
        Err(error) => return bad_request(&ctx, &error.to_string()),
    };
    let filter = match query.page_filter() {
        Ok(filter) => filter,
        Err(error) => return bad_request(&ctx, &error.to_string()),
    };
    let mut rows = match shared.store.list(&filter).await {
        Ok(rows) => rows,
        Err(error) => return store_failed(&ctx, &error),
    };
    let older = if rows.len() > PAGE_SIZE as usize {
        rows.truncate(PAGE_SIZE as usize);
        rows.last().map(|row| row.id)
    } else {
        None
    };
    // The live tail follows the first page only: deeper pages stay put.
    let tail = query.before.is_empty().then(|| {
        let newest = rows.first().map_or(0, |row| row.id.0);
        let query = query.to_query_string();
        let join = if query.is_empty() { '?' } else { '&' };
        ctx.link(&format!("/tail{query}{join}after={newest}"))
    });
    let page = list::ListPage {
        query: &query,
        rows: &rows,
        older,
        tail,
    };
    let content = list::render(&ctx, &page);
    layout::respond(StatusCode::OK, layout::page(&ctx, "Deliveries", content))
}

/// `GET /deliveries/{id}`: one delivery.
pub(crate) async fn detail(
    State(shared): Shared_,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<String>,
    uri: Uri,
) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return not_found_page(&ctx);
    };
    match shared.store.get(DeliveryId(id)).await {
        Ok(Some(delivery)) => {
            let replayed = uri
                .query()
                .is_some_and(|query| query.contains("replayed=1"));
            let title = format!("Delivery {id}");
            let content = detail::render(&ctx, &delivery, replayed);
            layout::respond(StatusCode::OK, layout::page(&ctx, &title, content))
        }
        Ok(None) => not_found_page(&ctx),
        Err(error) => store_failed(&ctx, &error),
    }
}

/// `POST /deliveries/{id}/replay`: queues one delivery again (the guard checked access
/// and CSRF), then shows it.
pub(crate) async fn replay_one(
    State(shared): Shared_,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<String>,
) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return not_found_page(&ctx);
    };
    match shared.store.replay(DeliveryId(id)).await {
        Ok(()) => Redirect::to(&ctx.link(&format!("/deliveries/{id}?replayed=1"))).into_response(),
        Err(StoreError::NotFound { .. }) => not_found_page(&ctx),
        Err(StoreError::NotReplayable { .. }) => layout::refusal(
            &ctx,
            StatusCode::CONFLICT,
            "Not replayed",
            "this delivery cannot be replayed now: a rejected request never runs, and a \
             delivery being processed can be replayed once it is done",
        ),
        Err(error) => store_failed(&ctx, &error),
    }
}

/// `GET /replay?…`: the dry run of a bulk replay of the filter.
pub(crate) async fn bulk_dry_run(
    State(shared): Shared_,
    Extension(ctx): Extension<Ctx>,
    uri: Uri,
) -> Response {
    if !ctx.admin() {
        let reason = "read-only access: replaying needs admin access";
        return layout::refusal(&ctx, StatusCode::FORBIDDEN, "Forbidden", reason);
    }
    let query = match ListQuery::parse(uri.query()) {
        Ok(query) => query.first_page(),
        Err(error) => return bad_request(&ctx, &error.to_string()),
    };
    let mut filter = match query.filter() {
        Ok(filter) => filter,
        Err(error) => return bad_request(&ctx, &error.to_string()),
    };
    // Pin the job to the rows that exist now, so what runs is what was counted.
    let newest = match shared.store.list(&filter.clone().limit(1)).await {
        Ok(rows) => rows.first().map(|row| row.id),
        Err(error) => return store_failed(&ctx, &error),
    };
    filter.before = newest.map(|id| DeliveryId(id.0 + 1));
    let count = match newest {
        Some(_) => match shared.store.count_replayable(&filter).await {
            Ok(count) => count,
            Err(error) => return store_failed(&ctx, &error),
        },
        None => 0,
    };
    let content = replay::dry_run(&ctx, &query, count, newest, &new_token());
    layout::respond(
        StatusCode::OK,
        layout::page(&ctx, "Replay by filter", content),
    )
}

/// `POST /replay`: runs a bulk replay once per job token.
pub(crate) async fn bulk_replay(
    State(shared): Shared_,
    Extension(ctx): Extension<Ctx>,
    body: Bytes,
) -> Response {
    let query: ListQuery = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let job = form_field(&body, "job").unwrap_or_default();
    let upto = form_field(&body, "upto").and_then(|upto| upto.parse::<i64>().ok());
    let (Some(upto), false) = (upto, job.len() < 16) else {
        return bad_request(
            &ctx,
            "this replay form is incomplete: start again from the list",
        );
    };
    let mut filter = match query.filter() {
        Ok(filter) => filter,
        Err(error) => return bad_request(&ctx, &error.to_string()),
    };
    filter.before = Some(DeliveryId(upto.saturating_add(1)));
    let heading = "Replay by filter";
    match shared.jobs.start(&job) {
        Some(JobState::Running) => {
            return layout::respond(
                StatusCode::OK,
                layout::page(&ctx, heading, replay::running(&ctx)),
            )
        }
        Some(JobState::Done(replayed)) => {
            let content = replay::outcome(&ctx, &query, replayed, true);
            return layout::respond(StatusCode::OK, layout::page(&ctx, heading, content));
        }
        None => {}
    }
    match shared.store.replay_matching(&filter).await {
        Ok(replayed) => {
            shared.jobs.finish(&job, Some(replayed));
            let content = replay::outcome(&ctx, &query, replayed, false);
            layout::respond(StatusCode::OK, layout::page(&ctx, heading, content))
        }
        Err(error) => {
            shared.jobs.finish(&job, None);
            store_failed(&ctx, &error)
        }
    }
}

/// `GET /charts`.
pub(crate) async fn charts(State(shared): Shared_, Extension(ctx): Extension<Ctx>) -> Response {
    let now = SystemTime::now();
    let since = now
        .checked_sub(charts::WINDOW)
        .unwrap_or(SystemTime::UNIX_EPOCH);
    let buckets = match shared.store.volume(since, charts::BUCKET).await {
        Ok(buckets) => buckets,
        Err(error) => return store_failed(&ctx, &error),
    };
    // The first bucket that `since` falls in, so the window's buckets line up with the
    // store's.
    let width = charts::BUCKET.as_secs();
    let since_secs = since
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    let first = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(since_secs / width * width);
    let count = usize::try_from(charts::WINDOW.as_secs() / width + 1).unwrap_or(25);
    let series = charts::series(&buckets, first, count);
    let content = charts::render(&ctx, &series);
    layout::respond(StatusCode::OK, layout::page(&ctx, "Charts", content))
}

/// `GET /assets/{name}`.
pub(crate) async fn asset(Path(name): Path<String>) -> Response {
    assets::serve(&name)
}

/// Anything else.
pub(crate) async fn not_found(Extension(ctx): Extension<Ctx>) -> Response {
    not_found_page(&ctx)
}

fn not_found_page(ctx: &Ctx) -> Response {
    layout::refusal(
        ctx,
        StatusCode::NOT_FOUND,
        "Not found",
        "there is no such page or delivery (a pruned delivery is gone)",
    )
}

fn bad_request(ctx: &Ctx, reason: &str) -> Response {
    layout::refusal(ctx, StatusCode::BAD_REQUEST, "Bad request", reason)
}

fn store_failed(ctx: &Ctx, error: &StoreError) -> Response {
    tracing::warn!(%error, "dashboard: the store failed");
    layout::refusal(
        ctx,
        StatusCode::SERVICE_UNAVAILABLE,
        "Store unavailable",
        "the delivery store did not answer; the server's log says why. Try again shortly.",
    )
}
