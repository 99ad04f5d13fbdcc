fn main() {
    let _: webhook::Webhooks = webhook::router![];
}
