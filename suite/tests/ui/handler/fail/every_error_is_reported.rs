use webhook::webhook;

#[webhook(provider = "stripe", event = "invoice.payed")]
async fn first() {}

#[webhook(provider = "stripe", event = "customer.creatd")]
async fn second() {}

#[webhook(provider = "github", event = "pull_request.opend")]
async fn third() {}

fn main() {
    let _: webhook::Webhooks = webhook::router![first, second, third];
}
