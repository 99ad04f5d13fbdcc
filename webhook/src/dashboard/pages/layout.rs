//! The frame of every page (head, navigation) and the pages that only say something:
//! refusals and errors.

use axum::response::{Html, IntoResponse, Response};
use http::StatusCode;
use maud::{html, Markup, DOCTYPE};

use crate::dashboard::access::Access;
use crate::dashboard::assets::{ICON, SCRIPT, STYLE};
use crate::dashboard::guard::Ctx;

/// A full page around `content`.
pub(crate) fn page(ctx: &Ctx, heading: &str, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (heading) " · " (ctx.title) }
                link rel="icon" href=(ctx.link(&format!("/assets/{}", ICON.name)));
                link rel="stylesheet" href=(ctx.link(&format!("/assets/{}", STYLE.name)));
                script src=(ctx.link(&format!("/assets/{}", SCRIPT.name))) defer {}
            }
            body {
                header {
                    h1 { a href=(ctx.link("/")) { (ctx.title) } }
                    @if !matches!(ctx.access, Access::Forbidden(_)) {
                        nav {
                            a href=(ctx.link("/")) { "Deliveries" }
                            a href=(ctx.link("/?status=dead")) { "Dead letters" }
                            a href=(ctx.link("/?status=rejected")) { "Rejected" }
                            a href=(ctx.link("/charts")) { "Charts" }
                        }
                        span.who { (match ctx.access { Access::Admin => "admin", _ => "read-only" }) }
                    }
                }
                main { (content) }
            }
        }
    }
}

/// A page with `status`.
pub(crate) fn respond(status: StatusCode, markup: Markup) -> Response {
    (status, Html(markup.into_string())).into_response()
}

/// A page saying why the request was refused or failed.
pub(crate) fn refusal(ctx: &Ctx, status: StatusCode, heading: &str, reason: &str) -> Response {
    let content = html! {
        h2 { (heading) }
        p.notice.error { (reason) }
        @if status != StatusCode::FORBIDDEN {
            p { a href=(ctx.link("/")) { "Back to the deliveries" } }
        }
    };
    respond(status, page(ctx, heading, content))
}
