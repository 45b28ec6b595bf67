// Node-API conversions used by ratelens-tic.cc: simdjson values to JavaScript values, and typed
// arrays from JavaScript.
#pragma once

#include <node_api.h>
#include <simdjson.h>

#include <cstdint>
#include <string_view>

namespace ratelens {

// A string, number or null as JSON.parse gives it, undefined when absent (`value` null); nullptr
// for an object, array or boolean (the TypeScript path reports those).
inline napi_value jsValueOf(napi_env env, const simdjson::dom::element* value) {
  napi_value result = nullptr;
  if (value == nullptr) {
    napi_get_undefined(env, &result);
    return result;
  }
  switch (value->type()) {
    case simdjson::dom::element_type::STRING: {
      const std::string_view text = value->get_string().value_unsafe();
      napi_create_string_utf8(env, text.data(), text.size(), &result);
      return result;
    }
    case simdjson::dom::element_type::INT64:
      napi_create_double(env, static_cast<double>(int64_t(*value)), &result);
      return result;
    case simdjson::dom::element_type::UINT64:
      napi_create_double(env, static_cast<double>(uint64_t(*value)), &result);
      return result;
    case simdjson::dom::element_type::DOUBLE:
      napi_create_double(env, double(*value), &result);
      return result;
    case simdjson::dom::element_type::NULL_VALUE:
      napi_get_null(env, &result);
      return result;
    default:
      return nullptr;  // an object, array or boolean: the TypeScript path reports it
  }
}

// A typed array's elements (null when it is empty); false when `value` is no typed array of `type`.
template <typename T>
inline bool typedData(napi_env env, napi_value value, napi_typedarray_type expected,
                      const T*& data, size_t& length) {
  napi_typedarray_type type;
  void* raw = nullptr;
  napi_value buffer;
  size_t offset;
  bool isTyped = false;
  if (napi_is_typedarray(env, value, &isTyped) != napi_ok || !isTyped) return false;
  if (napi_get_typedarray_info(env, value, &type, &length, &raw, &buffer, &offset) != napi_ok) {
    return false;
  }
  data = static_cast<const T*>(raw);
  return type == expected;
}

// An external value's data; false when `value` is no external.
inline bool externalData(napi_env env, napi_value value, void*& data) {
  napi_valuetype type = napi_undefined;
  return napi_typeof(env, value, &type) == napi_ok && type == napi_external &&
         napi_get_value_external(env, value, &data) == napi_ok;
}

inline void setNumber(napi_env env, napi_value object, const char* name, double value) {
  napi_value number;
  napi_create_double(env, value, &number);
  napi_set_named_property(env, object, name, number);
}

}  // namespace ratelens
