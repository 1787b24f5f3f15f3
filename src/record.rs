//! A JSON Lines record: the fields artnorm reads from one line of a dump.
//!
//! A record is read straight into the five fields, not into a [`serde_json::Value`] first. A
//! `Value` allocates every key and every value of the record (a dump's records often carry a
//! long `source` or `html` field that artnorm never reads) and the text is then copied out of
//! it: on a dump of short articles that was a twentieth of a run's time. Here a key is matched
//! where the parser holds it, a field artnorm does not read is skipped without being built, and
//! the text is allocated once.
//!
//! What a record means is that of the `Value` reading it replaces (a test below compares the
//! two on the shapes that matter): the last of repeated keys wins; `title`, `date` and `url`
//! count only as non-blank strings, trimmed; an `id` is a non-blank string, trimmed, or a number
//! exactly as written (`1234567890123456789012345` and `1.50` are not rounded through a float);
//! `text` must be a string.
//!
//! One difference, on purpose: what is only skipped is only checked for JSON syntax. A lone
//! UTF-16 surrogate escape (`"\ud83d"`, half of an emoji cut by a scraper, common in an `html`
//! field) or nesting deeper than serde_json's limit of 128, in a field artnorm does not read, or
//! inside a `title`, `date` or `url` that is not a string anyway, no longer makes the whole
//! article an `error` row: the record is used (RFC 8259 allows such escapes; only decoding
//! them fails). In `text`, `id` or a string field that is read, they are still an error. The
//! reason given for an invalid line may also be worded differently (the parser reports where it
//! stops skipping, not where a full reading would have stopped).

use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// The fields artnorm reads from a JSON Lines record.
#[derive(Debug, Default, PartialEq)]
pub struct JsonArticle {
    pub id: Option<String>,
    pub title: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    pub text: String,
}

/// Why a JSON Lines record could not be used.
#[derive(Debug, PartialEq)]
pub struct JsonFailure {
    /// The record's `id`, when it had a usable one.
    pub id: Option<String>,
    /// What is wrong, for the `note` column.
    pub reason: String,
}

/// Reads one JSON Lines record.
pub fn parse_json_article(line: &str) -> Result<JsonArticle, JsonFailure> {
    let failure = |id: Option<String>, reason: String| JsonFailure { id, reason };
    let invalid = |e: serde_json::Error| failure(None, format!("invalid JSON: {e}"));
    // An object is told by its first byte: with serde_json's `arbitrary_precision` a bare
    // number reaches a visitor as a map of one private key, so a visitor could not tell `12`
    // from `{}`. Any other value is still parsed, for the error of an invalid one.
    if !line
        .trim_start_matches([' ', '\t', '\n', '\r'])
        .starts_with('{')
    {
        serde_json::from_str::<IgnoredAny>(line).map_err(invalid)?;
        return Err(failure(
            None,
            "invalid record: not a JSON object".to_owned(),
        ));
    }
    let mut deserializer = serde_json::Deserializer::from_str(line);
    let fields = deserializer
        .deserialize_map(RecordVisitor)
        .and_then(|fields| deserializer.end().map(|()| fields))
        .map_err(invalid)?;
    let id = match fields.id {
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::String(s)) => non_blank(Loose::String(s)),
        _ => None,
    };
    let text = match fields.text {
        Some(Loose::String(text)) => text,
        Some(Loose::Null) | None => {
            return Err(failure(id, "invalid record: no \"text\" field".to_owned()))
        }
        Some(Loose::Other) => {
            return Err(failure(
                id,
                "invalid record: \"text\" is not a string".to_owned(),
            ))
        }
    };
    Ok(JsonArticle {
        id,
        title: fields.title.and_then(non_blank),
        date: fields.date.and_then(non_blank),
        url: fields.url.and_then(non_blank),
        text,
    })
}

/// A string field's value when it is a string with something in it, trimmed.
fn non_blank(value: Loose) -> Option<String> {
    match value {
        Loose::String(s) if !s.trim().is_empty() => Some(match s.trim() {
            trimmed if trimmed.len() == s.len() => s,
            trimmed => trimmed.to_owned(),
        }),
        _ => None,
    }
}

/// The values of the keys artnorm reads, as last given.
#[derive(Default)]
struct Fields {
    /// Read whole (it is short): a number keeps its exact digits this way.
    id: Option<Value>,
    title: Option<Loose>,
    date: Option<Loose>,
    url: Option<Loose>,
    text: Option<Loose>,
}

/// A value as a string field sees it.
enum Loose {
    String(String),
    Null,
    /// A number, a boolean, an array or an object.
    Other,
}

/// The keys artnorm reads; any other is skipped.
enum Key {
    Id,
    Title,
    Date,
    Url,
    Text,
    Skipped,
}

struct RecordVisitor;

impl<'de> Visitor<'de> for RecordVisitor {
    type Value = Fields;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
        let mut fields = Fields::default();
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Id => fields.id = Some(map.next_value()?),
                Key::Title => fields.title = Some(map.next_value()?),
                Key::Date => fields.date = Some(map.next_value()?),
                Key::Url => fields.url = Some(map.next_value()?),
                Key::Text => fields.text = Some(map.next_value()?),
                Key::Skipped => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(fields)
    }
}

impl<'de> de::Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Key, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
                Ok(match key {
                    "id" => Key::Id,
                    "title" => Key::Title,
                    "date" => Key::Date,
                    "url" => Key::Url,
                    "text" => Key::Text,
                    _ => Key::Skipped,
                })
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

impl<'de> de::Deserialize<'de> for Loose {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Loose, D::Error> {
        struct LooseVisitor;
        impl<'de> Visitor<'de> for LooseVisitor {
            type Value = Loose;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Loose, E> {
                Ok(Loose::String(s.to_owned()))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Loose, E> {
                Ok(Loose::String(s))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Loose, E> {
                Ok(Loose::Null)
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Loose, E> {
                Ok(Loose::Other)
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Loose, E> {
                Ok(Loose::Other)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Loose, E> {
                Ok(Loose::Other)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Loose, E> {
                Ok(Loose::Other)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Loose, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Loose::Other)
            }
            // a number, with `arbitrary_precision`, arrives here too
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Loose, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Loose::Other)
            }
        }
        deserializer.deserialize_any(LooseVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reading this module replaced: through a `serde_json::Value`.
    fn through_value(line: &str) -> Result<JsonArticle, JsonFailure> {
        let failure = |id: Option<String>, reason: &str| JsonFailure {
            id,
            reason: reason.to_owned(),
        };
        let value: Value =
            serde_json::from_str(line).map_err(|e| failure(None, &format!("invalid JSON: {e}")))?;
        let Value::Object(object) = value else {
            return Err(failure(None, "invalid record: not a JSON object"));
        };
        let string = |key: &str| match object.get(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            _ => None,
        };
        let id = match object.get("id") {
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => string("id"),
        };
        let text = match object.get("text") {
            Some(Value::String(text)) => text.clone(),
            Some(Value::Null) | None => {
                return Err(failure(id, "invalid record: no \"text\" field"))
            }
            Some(_) => return Err(failure(id, "invalid record: \"text\" is not a string")),
        };
        Ok(JsonArticle {
            id,
            title: string("title"),
            date: string("date"),
            url: string("url"),
            text,
        })
    }

    const LINES: &[&str] = &[
        r#"{"id": "a1", "title": " Kaká ", "date": "2024-05-01", "url": "https://x", "text": "Hi."}"#,
        r#"{"id": 1234567890123456789012345, "text": "big id"}"#,
        r#"{"id": 1.50, "text": "decimal id"}"#,
        r#"{"id": -0, "text": "negative zero"}"#,
        r#"{"id": 1e400, "text": "huge exponent"}"#,
        r#"{"id": "  ", "title": "", "date": null, "text": "blank id"}"#,
        r#"{"id": true, "title": 5, "date": ["2024"], "url": {"a": 1}, "text": "odd types"}"#,
        r#"{"text": "first", "text": "second", "id": "x", "id": 7}"#,
        r#"{"te\u0078t": "escaped key", "id": "\u00e9"}"#,
        r#"{"source": {"deep": [1, {"x": [null, 2.5e-3]}]}, "html": "<p>", "text": "skipped"}"#,
        r#"{"id": "no text"}"#,
        r#"{"id": "null text", "text": null}"#,
        r#"{"id": "number text", "text": 12}"#,
        r#"{"id": 9, "text": ["a"]}"#,
        r#"[1, 2, {"text": "x"}]"#,
        r#"12"#,
        r#""text""#,
        r#"null"#,
        r#"true"#,
        r#"{}"#,
        r#"  {"text": "spaces around"}  "#,
        r#"{"text": "trailing"} x"#,
        r#"{"text": "unterminated"#,
        r#"{"text": "\ud800 lone surrogate"}"#,
        r#"{"text": "a", }"#,
        r#"{"text": "tab	inside"}"#,
        r#""#,
        r#"{"id": "x", "text": "fine", "extra": 1e999999}"#,
    ];

    #[test]
    fn reads_every_shape_as_the_value_reading_did() {
        for line in LINES {
            assert_eq!(parse_json_article(line), through_value(line), "{line}");
        }
    }

    #[test]
    fn deep_nesting_neither_overflows_the_stack_nor_loses_the_record() {
        let nested = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        // a field that is skipped is skipped without recursion: the record is read (the
        // `Value` reading refused it at its recursion limit)
        let skipped = format!(r#"{{"text": "x", "source": {nested}}}"#);
        assert_eq!(parse_json_article(&skipped).unwrap().text, "x");
        assert!(through_value(&skipped).is_err());
        // in a field that is read, it is an error with a reason (for `text`, that it is no
        // string: its depth is not read either)
        let failure = parse_json_article(&format!(r#"{{"id": {nested}, "text": "x"}}"#));
        assert!(failure
            .unwrap_err()
            .reason
            .starts_with("invalid JSON: recursion limit"));
        let failure = parse_json_article(&format!(r#"{{"id": "k", "text": {nested}}}"#));
        assert_eq!(
            failure,
            Err(JsonFailure {
                id: Some("k".to_owned()),
                reason: "invalid record: \"text\" is not a string".to_owned(),
            })
        );
    }

    #[test]
    fn a_lone_surrogate_only_matters_where_it_is_read() {
        // half an emoji in a field that is skipped, or in a title that is no string: the
        // article is read (the `Value` reading made it an error row)
        for line in [
            r#"{"text": "x", "source": "\ud800"}"#,
            r#"{"text": "x", "title": ["\udc00"]}"#,
            r#"{"text": "x", "html": {"\ud83db": 2}}"#,
        ] {
            assert_eq!(parse_json_article(line).unwrap().text, "x", "{line}");
            assert!(through_value(line).is_err(), "{line}");
        }
        // where it is read, it is an error, as before
        for line in [
            r#"{"text": "x \ud800"}"#,
            r#"{"text": "x", "title": "\ud800"}"#,
            r#"{"id": "\udc00", "text": "x"}"#,
        ] {
            let failure = parse_json_article(line).unwrap_err();
            assert!(
                failure.reason.starts_with("invalid JSON:"),
                "{line}: {}",
                failure.reason
            );
            assert_eq!(Err(failure), through_value(line), "{line}");
        }
    }

    #[test]
    fn fields_are_trimmed_and_blank_ones_absent() {
        let article =
            parse_json_article(r#"{"id": " 7 ", "title": " T ", "url": " ", "text": " body "}"#)
                .unwrap();
        assert_eq!(article.id.as_deref(), Some("7"));
        assert_eq!(article.title.as_deref(), Some("T"));
        assert_eq!(article.url, None);
        assert_eq!(article.text, " body ");
    }
}
