//! Realistic payloads for the benchmarks: the fixtures under
//! `webhook/tests/fixtures/` when present, else synthesized to the same sizes.

use serde::Deserialize;
use serde_json::json;

/// The inner event of a Slack `app_mention`, as an app would type it: both the
/// framework's handler and the floor parse into it.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
pub struct AppMention {
    #[serde(rename = "type")]
    pub event_type: String,
    pub user: String,
    pub text: String,
    pub ts: String,
    pub channel: String,
    pub event_ts: String,
    #[serde(default)]
    pub team: Option<String>,
    #[serde(default)]
    pub blocks: Vec<serde_json::Value>,
}

/// A Slack Events API `event_callback` carrying an `app_mention` with rich-text
/// blocks, about 1.3 KiB, our own content in the key order Slack sends: `event` after
/// `token`, `team_id` and `api_app_id`, and inside it `client_msg_id`, `type`, `text`,
/// `user`, `ts`, `team`, `blocks`, `channel`, `event_ts`; then the outer `type`,
/// `event_id`, `event_time`, `authorizations`, `is_ext_shared_channel`,
/// `event_context`. (The order of captured deliveries, e.g. the `app_mention` and
/// `message` fixtures of Slack's `python-slack-sdk` socket-mode tests. It is written
/// out by hand because `serde_json::json!` sorts keys.)
pub fn slack_app_mention() -> Vec<u8> {
    concat!(
        r#"{"token":"ZZZZZZWSxiZZZ2yIvs3peJ","team_id":"T061EG9R6","api_app_id":"A0MDYCDME","#,
        r#""event":{"client_msg_id":"2f3d8d2c-5a3b-4c1e-9a51-7f1f0b6f5c2e","type":"app_mention","#,
        r#""text":"<@U0LAN0Z89> could you deploy <https://github.com/octo-org/hello-world/pull/1347|#1347> to staging once CI is green, and post the release notes in <#C0LAN2Q65>? Thanks!","#,
        r#""user":"U061F7AUR","ts":"1515449522.000016","team":"T061EG9R6","#,
        r#""blocks":[{"type":"rich_text","block_id":"Bk9mX","elements":[{"type":"rich_text_section","elements":["#,
        r#"{"type":"user","user_id":"U0LAN0Z89"},"#,
        r#"{"type":"text","text":" could you deploy "},"#,
        r##"{"type":"link","url":"https://github.com/octo-org/hello-world/pull/1347","text":"#1347"},"##,
        r#"{"type":"text","text":" to staging once CI is green, and post the release notes in "},"#,
        r#"{"type":"channel","channel_id":"C0LAN2Q65"},"#,
        r#"{"type":"text","text":"? Thanks!","style":{"bold":true}}"#,
        r#"]}]}],"channel":"C0LAN2Q65","event_ts":"1515449522000016"},"#,
        r#""type":"event_callback","event_id":"Ev0LAN670R","event_time":1515449522,"#,
        r#""authorizations":[{"enterprise_id":null,"team_id":"T061EG9R6","user_id":"U0LAN0Z89","is_bot":true,"is_enterprise_install":false}],"#,
        r#""is_ext_shared_channel":false,"#,
        r#""event_context":"4-eyJldCI6ImFwcF9tZW50aW9uIiwidGlkIjoiVDA2MUVHOVI2IiwiYWlkIjoiQTBNRFlDRE1FIiwiY2lkIjoiQzBMQU4yUTY1In0"}"#
    )
    .as_bytes()
    .to_vec()
}

/// The same delivery with every object's keys sorted (what `serde_json` writes by
/// default): the inner `type` comes after the blocks and the outer one last, the
/// worst order for a reader that dispatches from a prefix of the body.
pub fn slack_app_mention_sorted() -> Vec<u8> {
    let value: serde_json::Value =
        serde_json::from_slice(&slack_app_mention()).expect("the payload is JSON");
    value.to_string().into_bytes()
}

/// A Stripe `invoice.paid` event of about 3.5 KiB.
pub fn stripe_invoice_paid() -> Vec<u8> {
    if let Ok(bytes) = std::fs::read(fixture("stripe/invoice.paid.json")) {
        return bytes;
    }
    let line = |n: u32| {
        json!({
            "id": format!("il_1Nb{n}xyzABCDEFG"), "object": "line_item", "amount": 1500 * n, "currency": "usd",
            "description": format!("{n} × Pro plan (at $15.00 / month)"), "discountable": true,
            "invoice": "in_1NbQ8sLkdIwHu7ix4HZ5k6Tz", "livemode": false, "metadata": {},
            "period": { "end": 1_700_086_400, "start": 1_697_408_000 },
            "price": { "id": "price_1NbQ7pLkdIwHu7ixDmQ1", "object": "price", "active": true, "currency": "usd",
                        "product": "prod_OOHu7ixDmQ1", "recurring": { "interval": "month", "interval_count": 1 },
                        "type": "recurring", "unit_amount": 1500 },
            "proration": false, "quantity": n, "type": "subscription"
        })
    };
    let invoice = json!({
        "id": "in_1NbQ8sLkdIwHu7ix4HZ5k6Tz", "object": "invoice", "account_country": "US",
        "account_name": "Acme, Inc.", "amount_due": 4500, "amount_paid": 4500, "amount_remaining": 0,
        "attempt_count": 1, "attempted": true, "auto_advance": false, "billing_reason": "subscription_cycle",
        "collection_method": "charge_automatically", "created": 1_700_000_000, "currency": "usd",
        "customer": "cus_OOHu7ixDmQ1abc", "customer_email": "jenny.rosen@example.com",
        "customer_name": "Jenny Rosen", "customer_address": { "city": "San Francisco", "country": "US",
            "line1": "510 Townsend St", "line2": null, "postal_code": "94103", "state": "CA" },
        "hosted_invoice_url": "https://invoice.stripe.com/i/acct_1Nb/test_YWNjdF8xTmI", "invoice_pdf": "https://pay.stripe.com/invoice/acct_1Nb/test_YWNjdF8xTmI/pdf",
        "lines": { "object": "list", "data": [line(1), line(2)], "has_more": false, "total_count": 2,
                   "url": "/v1/invoices/in_1NbQ8sLkdIwHu7ix4HZ5k6Tz/lines" },
        "livemode": false, "metadata": { "order_id": "6735" }, "number": "ACME-0042", "paid": true,
        "payment_intent": "pi_3NbQ8tLkdIwHu7ix0sT8", "period_end": 1_700_000_000, "period_start": 1_697_408_000,
        "status": "paid", "status_transitions": { "finalized_at": 1_700_000_100, "paid_at": 1_700_000_200 },
        "subscription": "sub_1NbQ7qLkdIwHu7ixY", "subtotal": 4500, "tax": null, "total": 4500,
        "total_discount_amounts": [], "total_tax_amounts": [], "webhooks_delivered_at": 1_700_000_000
    });
    json!({
        "id": "evt_1NbQ8tLkdIwHu7ixbench", "object": "event", "api_version": "2024-06-20", "created": 1_700_000_300,
        "data": { "object": invoice }, "livemode": false, "pending_webhooks": 1,
        "request": { "id": null, "idempotency_key": null }, "type": "invoice.paid"
    })
    .to_string()
    .into_bytes()
}

/// A GitHub `pull_request` `opened` delivery of about 20 KiB.
pub fn github_pull_request_opened() -> Vec<u8> {
    if let Ok(bytes) = std::fs::read(fixture("github/pull_request.opened.json")) {
        return bytes;
    }
    let user = |login: &str, id: u64| {
        let base = format!("https://api.github.com/users/{login}");
        json!({ "login": login, "id": id, "node_id": "MDQ6VXNlcjE=", "avatar_url": format!("https://avatars.githubusercontent.com/u/{id}?v=4"),
                "gravatar_id": "", "url": base, "html_url": format!("https://github.com/{login}"),
                "followers_url": format!("{base}/followers"), "following_url": format!("{base}/following{{/other_user}}"),
                "gists_url": format!("{base}/gists{{/gist_id}}"), "starred_url": format!("{base}/starred{{/owner}}{{/repo}}"),
                "subscriptions_url": format!("{base}/subscriptions"), "organizations_url": format!("{base}/orgs"),
                "repos_url": format!("{base}/repos"), "events_url": format!("{base}/events{{/privacy}}"),
                "received_events_url": format!("{base}/received_events"), "type": "User", "site_admin": false })
    };
    let repository = |name: &str| {
        let api = format!("https://api.github.com/repos/octo-org/{name}");
        let mut repo = serde_json::Map::new();
        for (key, suffix) in [
            ("forks_url", "/forks"),
            ("keys_url", "/keys{/key_id}"),
            ("collaborators_url", "/collaborators{/collaborator}"),
            ("teams_url", "/teams"),
            ("hooks_url", "/hooks"),
            ("issue_events_url", "/issues/events{/number}"),
            ("events_url", "/events"),
            ("assignees_url", "/assignees{/user}"),
            ("branches_url", "/branches{/branch}"),
            ("tags_url", "/tags"),
            ("blobs_url", "/git/blobs{/sha}"),
            ("git_tags_url", "/git/tags{/sha}"),
            ("git_refs_url", "/git/refs{/sha}"),
            ("trees_url", "/git/trees{/sha}"),
            ("statuses_url", "/statuses/{sha}"),
            ("languages_url", "/languages"),
            ("stargazers_url", "/stargazers"),
            ("contributors_url", "/contributors"),
            ("subscribers_url", "/subscribers"),
            ("subscription_url", "/subscription"),
            ("commits_url", "/commits{/sha}"),
            ("git_commits_url", "/git/commits{/sha}"),
            ("comments_url", "/comments{/number}"),
            ("issue_comment_url", "/issues/comments{/number}"),
            ("contents_url", "/contents/{+path}"),
            ("compare_url", "/compare/{base}...{head}"),
            ("merges_url", "/merges"),
            ("archive_url", "/{archive_format}{/ref}"),
            ("downloads_url", "/downloads"),
            ("issues_url", "/issues{/number}"),
            ("pulls_url", "/pulls{/number}"),
            ("milestones_url", "/milestones{/number}"),
            (
                "notifications_url",
                "/notifications{?since,all,participating}",
            ),
            ("labels_url", "/labels{/name}"),
            ("releases_url", "/releases{/id}"),
            ("deployments_url", "/deployments"),
        ] {
            repo.insert(key.to_owned(), json!(format!("{api}{suffix}")));
        }
        let mut value = json!({ "id": 1_296_269, "node_id": "MDEwOlJlcG9zaXRvcnkxMjk2MjY5", "name": name,
            "full_name": format!("octo-org/{name}"), "private": false, "owner": user("octo-org", 9_919),
            "html_url": format!("https://github.com/octo-org/{name}"), "description": "This your first repo!",
            "fork": false, "url": api, "created_at": "2011-01-26T19:01:12Z", "updated_at": "2011-01-26T19:14:43Z",
            "pushed_at": "2011-01-26T19:06:43Z", "git_url": format!("git://github.com/octo-org/{name}.git"),
            "ssh_url": format!("git@github.com:octo-org/{name}.git"), "clone_url": format!("https://github.com/octo-org/{name}.git"),
            "homepage": "https://github.com", "size": 108, "stargazers_count": 80, "watchers_count": 80,
            "language": "Rust", "has_issues": true, "has_projects": true, "has_downloads": true, "has_wiki": true,
            "has_pages": false, "forks_count": 9, "archived": false, "disabled": false, "open_issues_count": 0,
            "license": { "key": "mit", "name": "MIT License", "spdx_id": "MIT" }, "topics": ["octocat", "api"],
            "visibility": "public", "forks": 9, "open_issues": 0, "watchers": 80, "default_branch": "main" });
        value.as_object_mut().unwrap().extend(repo);
        value
    };
    let pull_request = json!({
        "url": "https://api.github.com/repos/octo-org/hello-world/pulls/1347", "id": 1_296_269_347,
        "node_id": "MDExOlB1bGxSZXF1ZXN0MQ==", "html_url": "https://github.com/octo-org/hello-world/pull/1347",
        "diff_url": "https://github.com/octo-org/hello-world/pull/1347.diff", "patch_url": "https://github.com/octo-org/hello-world/pull/1347.patch",
        "issue_url": "https://api.github.com/repos/octo-org/hello-world/issues/1347", "number": 1347, "state": "open",
        "locked": false, "title": "Amazing new feature", "user": user("octocat", 1),
        "body": "Please pull these awesome changes in! ".repeat(8), "created_at": "2011-01-26T19:01:12Z",
        "updated_at": "2011-01-26T19:01:12Z", "closed_at": null, "merged_at": null, "merge_commit_sha": null,
        "assignee": null, "assignees": [], "requested_reviewers": [user("hubot", 2)], "requested_teams": [], "labels": [],
        "milestone": null, "draft": false, "head": { "label": "octocat:new-topic", "ref": "new-topic",
            "sha": "6dcb09b5b57875f334f61aebed695e2e4193db5e", "user": user("octocat", 1), "repo": repository("hello-world-fork") },
        "base": { "label": "octo-org:main", "ref": "main", "sha": "6dcb09b5b57875f334f61aebed695e2e4193db5e",
            "user": user("octo-org", 9_919), "repo": repository("hello-world") },
        "author_association": "CONTRIBUTOR", "auto_merge": null, "active_lock_reason": null, "merged": false,
        "mergeable": null, "rebaseable": null, "mergeable_state": "unknown", "merged_by": null, "comments": 0,
        "review_comments": 0, "maintainer_can_modify": false, "commits": 3, "additions": 100, "deletions": 3, "changed_files": 5
    });
    json!({ "action": "opened", "number": 1347, "pull_request": pull_request, "repository": repository("hello-world"),
            "organization": { "login": "octo-org", "id": 9_919 }, "sender": user("octocat", 1) })
    .to_string()
    .into_bytes()
}

/// A fixture of `webhook/tests/fixtures`, found from the including package's folder
/// upwards (the suite and the peer benches in `benches/peers` both include this file).
pub fn fixture(path: &str) -> std::path::PathBuf {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .map(|dir| dir.join("webhook/tests/fixtures"))
        .find(|dir| dir.is_dir())
        .unwrap_or_else(|| manifest.join("webhook/tests/fixtures"))
        .join(path)
}
