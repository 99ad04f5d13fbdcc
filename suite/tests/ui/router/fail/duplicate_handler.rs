use webhook::webhook;

#[webhook(provider = "stripe", event = "invoice.paid")]
async fn invoice_paid() {}

fn main() {
    let _: webhook::Webhooks = webhook::router![invoice_paid, invoice_paid];
}
