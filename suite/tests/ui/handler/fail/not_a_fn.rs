use webhook::webhook;

#[webhook(provider = "stripe", event = "invoice.paid")]
struct InvoicePaid;

fn main() {}
