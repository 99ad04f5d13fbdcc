//! Deserializing a `T` from an inner event while noting what its `type` and `subtype`
//! members hold, whether or not `T` reads them: the dispatch peek stops at the inner
//! `type`, and this is how the one typed parse of the body confirms it and finds the
//! `subtype` on the way.
//!
//! Only the members of the event object itself are looked at: every `Deserializer`
//! method is handed on to serde_json's, and only the event's map, its keys, and the
//! values of those two keys go through the wrappers here. Keys are seen as serde_json
//! decoded them, so an escaped `t\u0079pe` counts as `type`.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

/// The members noted, by their index in [`Captured`].
const KEYS: [&str; 2] = ["type", "subtype"];

/// What one noted member held.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) enum Capture<'de> {
    /// Not in the object.
    #[default]
    Absent,
    /// A string.
    Text(Cow<'de, str>),
    /// `null`.
    Null,
    /// Any other value.
    Other,
    /// The key appeared more than once.
    Repeated,
}

/// The inner event's `type` and `subtype`, as the typed parse saw them.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Captured<'de> {
    pub(super) event_type: Capture<'de>,
    pub(super) subtype: Capture<'de>,
}

/// A `T` deserialized from an event object, with what its `type` and `subtype` held.
pub(super) struct Teed<'de, T> {
    pub(super) value: T,
    pub(super) captured: Captured<'de>,
}

impl<'de: 'a, 'a, T: Deserialize<'de>> Deserialize<'de> for Teed<'a, T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut slots: [Capture<'de>; 2] = [Capture::Absent, Capture::Absent];
        let value = T::deserialize(Tee {
            inner: deserializer,
            role: Role::Event(&mut slots),
        })?;
        let [event_type, subtype] = slots;
        Ok(Teed {
            value,
            captured: Captured {
                event_type,
                subtype,
            },
        })
    }
}

/// Where a wrapped deserializer or visitor sits.
enum Role<'c, 'de> {
    /// The event object: its map is watched.
    Event(&'c mut [Capture<'de>; 2]),
    /// One of its keys: which noted key it is, if any, goes here.
    Key(&'c mut Option<usize>),
    /// The value of a noted key.
    Value(&'c mut Capture<'de>),
}

/// A deserializer handing every call on to `inner`, its visitor wrapped.
struct Tee<'c, 'de, D> {
    inner: D,
    role: Role<'c, 'de>,
}

/// A visitor handing every call on to `inner`, noting what its role asks for.
struct TeeVisitor<'c, 'de, V> {
    inner: V,
    role: Role<'c, 'de>,
}

/// The event object's map: each key is read through a [`Role::Key`], and the value of
/// a noted key through a [`Role::Value`].
struct TeeMap<'c, 'de, M> {
    inner: M,
    slots: &'c mut [Capture<'de>; 2],
    pending: Option<usize>,
}

/// A seed whose deserializer is wrapped.
struct TeeSeed<'c, 'de, S> {
    inner: S,
    role: Role<'c, 'de>,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for TeeSeed<'_, 'de, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        self.inner.deserialize(Tee {
            inner: deserializer,
            role: self.role,
        })
    }
}

impl<'de, M: MapAccess<'de>> MapAccess<'de> for TeeMap<'_, 'de, M> {
    type Error = M::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, M::Error> {
        self.pending = None;
        self.inner.next_key_seed(TeeSeed {
            inner: seed,
            role: Role::Key(&mut self.pending),
        })
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, M::Error> {
        let Some(index) = self.pending.take() else {
            return self.inner.next_value_seed(seed);
        };
        let mut seen = Capture::Absent;
        let value = self.inner.next_value_seed(TeeSeed {
            inner: seed,
            role: Role::Value(&mut seen),
        })?;
        let slot = &mut self.slots[index];
        *slot = match (&*slot, seen) {
            (Capture::Absent, Capture::Absent) => Capture::Other,
            (Capture::Absent, seen) => seen,
            _ => Capture::Repeated,
        };
        Ok(value)
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'de, V: Visitor<'de>> TeeVisitor<'_, 'de, V> {
    /// A visit of a value that is neither a string nor `null`.
    fn other(self) -> V {
        if let Role::Value(seen) = self.role {
            *seen = Capture::Other;
        }
        self.inner
    }

    /// A visit of `null` (or `()`).
    fn null(self) -> V {
        if let Role::Value(seen) = self.role {
            *seen = Capture::Null;
        }
        self.inner
    }

    /// A visit of a string: a key's name, or a noted value.
    fn text(self, text: Cow<'de, str>) -> V {
        match self.role {
            Role::Key(pending) => *pending = KEYS.iter().position(|key| *key == text),
            Role::Value(seen) => *seen = Capture::Text(text),
            Role::Event(_) => {}
        }
        self.inner
    }
}

/// Visits that note nothing but that the value was "something else".
macro_rules! other_visits {
    ($($method:ident($ty:ty)),* $(,)?) => {$(
        fn $method<E: de::Error>(self, value: $ty) -> Result<V::Value, E> {
            self.other().$method(value)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for TeeVisitor<'_, 'de, V> {
    type Value = V::Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(formatter)
    }

    other_visits! {
        visit_bool(bool), visit_i8(i8), visit_i16(i16), visit_i32(i32), visit_i64(i64),
        visit_i128(i128), visit_u8(u8), visit_u16(u16), visit_u32(u32), visit_u64(u64),
        visit_u128(u128), visit_f32(f32), visit_f64(f64), visit_char(char),
        visit_bytes(&[u8]), visit_borrowed_bytes(&'de [u8]), visit_byte_buf(Vec<u8>),
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<V::Value, E> {
        match self.role {
            // A key's name needs no copy to be compared.
            Role::Key(pending) => {
                *pending = KEYS.iter().position(|key| *key == value);
                self.inner.visit_str(value)
            }
            _ => self.text(Cow::Owned(value.to_owned())).visit_str(value),
        }
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<V::Value, E> {
        self.text(Cow::Borrowed(value)).visit_borrowed_str(value)
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<V::Value, E> {
        match self.role {
            Role::Key(pending) => *pending = KEYS.iter().position(|key| *key == value),
            Role::Value(seen) => *seen = Capture::Text(Cow::Owned(value.clone())),
            Role::Event(_) => {}
        }
        self.inner.visit_string(value)
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.null().visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.null().visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        // `Option<String>` asks serde_json for an option: the value itself comes next.
        self.inner.visit_some(Tee {
            inner: deserializer,
            role: self.role,
        })
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<V::Value, D::Error> {
        self.inner.visit_newtype_struct(Tee {
            inner: deserializer,
            role: self.role,
        })
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.other().visit_seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        match self.role {
            Role::Event(slots) => self.inner.visit_map(TeeMap {
                inner: map,
                slots,
                pending: None,
            }),
            role => TeeVisitor {
                inner: self.inner,
                role,
            }
            .other()
            .visit_map(map),
        }
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.other().visit_enum(data)
    }
}

/// `Deserializer` methods, handed on with their visitor wrapped.
macro_rules! forward {
    ($($method:ident($($arg:ident: $ty:ty),*)),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            self.inner.$method($($arg,)* TeeVisitor { inner: visitor, role: self.role })
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Tee<'_, 'de, D> {
    type Error = D::Error;

    forward! {
        deserialize_any(), deserialize_bool(), deserialize_i8(), deserialize_i16(),
        deserialize_i32(), deserialize_i64(), deserialize_i128(), deserialize_u8(),
        deserialize_u16(), deserialize_u32(), deserialize_u64(), deserialize_u128(),
        deserialize_f32(), deserialize_f64(), deserialize_char(), deserialize_str(),
        deserialize_string(), deserialize_bytes(), deserialize_byte_buf(),
        deserialize_option(), deserialize_unit(), deserialize_seq(), deserialize_map(),
        deserialize_identifier(),
        deserialize_unit_struct(name: &'static str),
        deserialize_newtype_struct(name: &'static str),
        deserialize_tuple(len: usize),
        deserialize_tuple_struct(name: &'static str, len: usize),
        deserialize_struct(name: &'static str, fields: &'static [&'static str]),
        deserialize_enum(name: &'static str, variants: &'static [&'static str]),
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        match self.role {
            // A noted value `T` skips is still read, to see what it is.
            Role::Value(_) => self.inner.deserialize_any(TeeVisitor {
                inner: visitor,
                role: self.role,
            }),
            role => self.inner.deserialize_ignored_any(TeeVisitor {
                inner: visitor,
                role,
            }),
        }
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

#[cfg(test)]
mod tests;
