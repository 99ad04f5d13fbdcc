async fn not_annotated() {}

fn main() {
    let _: webhook::Webhooks = webhook::router![not_annotated];
}
