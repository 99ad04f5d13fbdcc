use webhook::webhook;

#[webhook(provider = "stripe", event = "invoice.paid")]
async fn invoice_paid() -> u32 {
    7
}

fn main() {}
