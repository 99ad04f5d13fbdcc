use webhook::{stripe, webhook};

#[webhook(provider = "stripe", event = "charge.*")]
async fn charges(_event: stripe::Event<stripe::Charge>) {}

fn main() {}
