//! `serde_json::Value` to and from JS values, walking the objects instead of going through JSON
//! text: the browser's own `JSON.parse` does the parsing, so the wasm carries no JSON parser (and
//! none of serde's error formatting) for the data clerk-js and the page hand it.

use js_sys::{Array, Object, Reflect};
use serde_json::{Map, Number, Value};
use wasm_bindgen::{JsCast, JsValue};

/// A JS value as JSON data, as `JSON.stringify` would see it: `undefined` and functions are
/// left out of objects and are `null` in arrays, a `Date` is its ISO string.
pub fn from_js(value: &JsValue) -> Value {
    if let Some(flag) = value.as_bool() {
        return Value::Bool(flag);
    }
    if let Some(number) = value.as_f64() {
        return number_from_f64(number);
    }
    if let Some(text) = value.as_string() {
        return Value::String(text);
    }
    if let Some(date) = value.dyn_ref::<js_sys::Date>() {
        return Value::String(date.to_iso_string().into());
    }
    if let Some(array) = value.dyn_ref::<Array>() {
        return Value::Array(array.iter().map(|item| from_js(&item)).collect());
    }
    if value.is_object() && !value.is_function() {
        let mut map = Map::new();
        for key in Object::keys(value.unchecked_ref::<Object>()).iter() {
            let Some(name) = key.as_string() else {
                continue;
            };
            let item = Reflect::get(value, &key).unwrap_or(JsValue::UNDEFINED);
            if !item.is_undefined() && !item.is_function() {
                map.insert(name, from_js(&item));
            }
        }
        return Value::Object(map);
    }
    Value::Null
}

/// JSON data as a plain JS value (for clerk-js options and component props).
pub fn to_js(value: &Value) -> JsValue {
    match value {
        Value::Null => JsValue::NULL,
        Value::Bool(flag) => JsValue::from_bool(*flag),
        Value::Number(number) => number.as_f64().map_or(JsValue::NULL, JsValue::from_f64),
        Value::String(text) => JsValue::from_str(text),
        Value::Array(items) => items.iter().map(to_js).collect::<Array>().into(),
        Value::Object(map) => {
            let object = Object::new();
            for (key, item) in map {
                let _ = Reflect::set(&object, &JsValue::from_str(key), &to_js(item));
            }
            object.into()
        }
    }
}

/// Whole numbers as integers, as `serde_json` parses `1700000000` (so a claim reads the same
/// with `as_i64()` on both sides); others as floats (`NaN` and infinities, which JSON has not,
/// as `null`).
fn number_from_f64(number: f64) -> Value {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53: beyond it, f64 holds no exact integer
    if number.fract() == 0.0 && number.abs() <= EXACT {
        return Value::Number(Number::from(number as i64));
    }
    Number::from_f64(number).map_or(Value::Null, Value::Number)
}
