//! Tests of `slack::event`.

use super::*;

#[test]
fn event_callback_dispatches_on_the_inner_type() {
    let body = br#"{"type":"event_callback","team_id":"T1","api_app_id":"A1","event_id":"Ev1","event_time":1700000000,"event":{"type":"message","subtype":"bot_message","text":"hi"}}"#;
    let envelope = parse_body(body).unwrap();
    assert_eq!(envelope.name(), "message");
    assert_eq!(envelope.delivery_id(), Some("Ev1"));
    assert_eq!(
        envelope.payload(),
        Payload::Json(br#"{"type":"message","subtype":"bot_message","text":"hi"}"#)
    );
    let Envelope::Callback(callback) = &envelope else {
        panic!("an event_callback is peeked")
    };
    assert_eq!(callback.event_subtype(), Some("bot_message"));
    let fields = callback.fields().unwrap();
    assert_eq!(fields.event_subtype.as_deref(), Some("bot_message"));
    assert_eq!(fields.team_id.as_deref(), Some("T1"));
    // The same body with an escaped key is left to the ordinary parse.
    let escaped = br#"{"type":"event_callback","team_id":"T1","api_app_id":"A1","event_id":"Ev1","event_time":1700000000,"event":{"t\u0079pe":"message","subtype":"bot_message","text":"hi"}}"#;
    let Envelope::Events(events) = parse_body(escaped).unwrap() else {
        panic!("not peeked")
    };
    assert_eq!(events.event_type.as_deref(), Some("message"));
    assert_eq!(events.event_subtype.as_deref(), Some("bot_message"));
}

#[test]
fn outer_types_and_handshake() {
    let challenge =
        parse_body(br#"{"token":"t","challenge":"abc","type":"url_verification"}"#).unwrap();
    assert_eq!(challenge.challenge(), Some("abc"));
    assert!(parse_body(br#"{"type":"url_verification"}"#).is_err());
    let limited = parse_body(
        br#"{"token":"t","type":"app_rate_limited","team_id":"T1","minute_rate_limited":1518467820,"api_app_id":"A1"}"#,
    )
    .unwrap();
    assert_eq!(limited.name(), "app_rate_limited");
    assert_eq!(limited.challenge(), None);
    assert_eq!(limited.delivery_id(), None);
    assert!(parse_body(br#"{"type":"event_callback"}"#).is_err());
    assert!(parse_body(br#"{"type":"event_callback","event":{}}"#).is_err());
    assert!(parse_body(b"{not json").is_err());
}

#[test]
fn forms_are_slash_commands_or_interactions() {
    let command = parse_body(b"command=%2Fdeploy&text=now&trigger_id=13345.1").unwrap();
    assert_eq!(command.name(), SLASH_COMMAND);
    assert_eq!(command.delivery_id(), Some("13345.1"));
    let interaction = parse_body(
        b"payload=%7B%22type%22%3A%22block_actions%22%2C%22trigger_id%22%3A%22t1%22%7D",
    )
    .unwrap();
    assert_eq!(interaction.name(), "block_actions");
    assert_eq!(interaction.delivery_id(), Some("t1"));
    assert_eq!(
        interaction.payload(),
        Payload::Json(br#"{"type":"block_actions","trigger_id":"t1"}"#)
    );
    assert!(parse_body(b"text=hello").is_err());
    // Slack's SSL check of a slash-command URL wins over anything else in the form.
    for check in [
        &b"ssl_check=1&token=gIkuvaNzQIHg97ATvDxqgjtO"[..],
        b"ssl_check=1",
        b"ssl_check=1&command=%2Fdeploy&trigger_id=1",
    ] {
        let envelope = parse_body(check).unwrap();
        assert!(matches!(envelope, Envelope::SslCheck), "{check:?}");
        assert_eq!(envelope.name(), "ssl_check");
        assert_eq!(envelope.delivery_id(), None);
    }
    assert!(parse_body(b"ssl_check=0").is_err());
    assert!(matches!(
        parse_body(b"ssl_check=0&command=%2Fdeploy").unwrap(),
        Envelope::SlashCommand(_)
    ));
    assert!(parse_body(b"payload=not-json").is_err());
    assert!(parse_body(b"payload=%7B%7D").is_err());
    assert!(parse_body(b"").is_err());
}
