//! Tests of `slack::tee`.

use std::collections::HashMap;

use super::*;

fn teed<'de, T: Deserialize<'de>>(json: &'de str) -> (T, Captured<'de>) {
    let Teed { value, captured } = serde_json::from_str::<Teed<'de, T>>(json).unwrap();
    (value, captured)
}

fn text(text: &str) -> Capture<'_> {
    Capture::Text(Cow::Borrowed(text))
}

#[derive(Deserialize, Debug, PartialEq)]
struct Ignores {
    text: String,
}

#[derive(Deserialize, Debug, PartialEq)]
struct Reads {
    #[serde(rename = "type")]
    kind: String,
    subtype: Option<String>,
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Tagged {
    AppMention { text: String },
}

#[test]
fn the_members_are_noted_whether_or_not_the_type_reads_them() {
    let json = r#"{"type":"message","text":"hi","subtype":"bot_message","nested":{"type":"x","subtype":"y"}}"#;
    let expected = Captured {
        event_type: text("message"),
        subtype: text("bot_message"),
    };
    let (value, captured) = teed::<Ignores>(json);
    assert_eq!(value.text, "hi");
    assert_eq!(captured, expected);
    let (value, captured) = teed::<Reads>(json);
    assert_eq!(
        (value.kind.as_str(), value.subtype.as_deref()),
        ("message", Some("bot_message"))
    );
    assert_eq!(captured, expected);
    let (value, captured) = teed::<serde_json::Value>(json);
    assert_eq!(value["nested"]["type"], "x");
    assert_eq!(captured, expected);
    let (_, captured) = teed::<HashMap<String, serde_json::Value>>(json);
    assert_eq!(captured, expected);
}

#[test]
fn an_internally_tagged_enum_is_teed_too() {
    let (value, captured) = teed::<Tagged>(r#"{"text":"hi","type":"app_mention"}"#);
    assert_eq!(value, Tagged::AppMention { text: "hi".into() });
    assert_eq!(captured.event_type, text("app_mention"));
    assert_eq!(captured.subtype, Capture::Absent);
}

#[test]
fn null_other_repeated_and_escaped_are_told_apart() {
    let (_, captured) = teed::<Ignores>(r#"{"text":"","type":5,"subtype":null}"#);
    assert_eq!(captured.event_type, Capture::Other);
    assert_eq!(captured.subtype, Capture::Null);
    let (_, captured) = teed::<Reads>(r#"{"type":"a","subtype":null}"#);
    assert_eq!(captured.subtype, Capture::Null);
    let (_, captured) = teed::<Ignores>(r#"{"type":"a","text":"","t\u0079pe":"b"}"#);
    assert_eq!(captured.event_type, Capture::Repeated);
    let (_, captured) = teed::<Ignores>(r#"{"text":"","type":"a\"b","subtype":{"k":1}}"#);
    assert_eq!(
        captured.event_type,
        Capture::Text(Cow::Owned("a\"b".into()))
    );
    assert_eq!(captured.subtype, Capture::Other);
}

#[test]
fn an_error_of_the_type_is_the_error() {
    let error = serde_json::from_str::<Teed<'_, Reads>>(r#"{"subtype":"x"}"#)
        .err()
        .expect("`type` is missing");
    assert!(
        error.to_string().contains("missing field `type`"),
        "{error}"
    );
}
