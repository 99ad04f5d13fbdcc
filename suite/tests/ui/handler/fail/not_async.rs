use webhook::webhook;

#[webhook(provider = "stripe", event = "invoice.paid")]
fn invoice_paid() {}

fn main() {
    invoice_paid();
}
