// Root `provider_references` entries read with simdjson into the provider-group staging CSV, for
// resolveReferenceBatch (src/normalize/tic/reference-batch.ts). A file's references are parsed in
// full whenever any kept rate names them (a 1 % code filter still needs nearly all of them), and
// JSON.parse with the walk over its objects was the larger part of a filtered ingest's own work.
//
// A fast path only, like readRates: a reference of any shape it does not write exactly as the
// TypeScript path does (a remote `location`, NPIs written as strings, an `NPI` key, a TIN or
// network name with characters other than printable ASCII, invalid JSON, ...) stops the run, and
// the caller resolves that reference in TypeScript, which also reports the errors.
//
// Unlike readRates, it writes the lines itself, so three small rules exist here a second time:
// tinFields (TIN type and EIN digits), csvText and csvList (quoting) of the TypeScript path. They
// are kept to printable ASCII, where they are a few lines each, and reference-batch.test.ts
// requires both paths to write the same bytes.
#pragma once

#include <node_api.h>
#include <simdjson.h>

#include "batch-entry.h"
#include "napi-values.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace ratelens {

// ReferenceOutcome of reference-batch.ts.
enum ReferenceOutcome : uint8_t { kKept = 0, kRejected = 1, kRemote = 2, kNeither = 3 };

// Above this, a whole number is no longer exact as a JavaScript number.
constexpr uint64_t kMaxSafeInteger = (uint64_t{1} << 53) - 1;

// One provider of a group: its NPIs and its TIN as the store keeps them.
struct Provider {
  std::vector<uint64_t> npis;
  bool hasTin = false;
  std::string tinType, tinValue;
};

// Printable ASCII only: every character is then the same byte in UTF-8 and one UTF-16 unit, and
// JavaScript's trim, toLowerCase and JSON.stringify act on it as below.
inline bool plainAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
}

inline bool isJsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

inline std::string_view trimmed(std::string_view text) {
  while (!text.empty() && isJsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && isJsSpace(text.back())) text.remove_suffix(1);
  return text;
}

// csvText of csv-fields.ts for a defined value.
inline void appendCsvText(std::string& out, std::string_view value) {
  if (value.empty()) {
    out += "\"\"";
    return;
  }
  if (value.find_first_of("\",\n\r") == std::string_view::npos) {
    out += value;
    return;
  }
  out += '"';
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

// tinFields of provider-groups.ts: the type trimmed and lower-cased; an EIN of digits, hyphens and
// spaces reduced to its digits, padded to 9; any other value trimmed.
inline bool tinOf(std::string_view type, std::string_view value, Provider& provider) {
  if (!plainAscii(type) || !plainAscii(value)) return false;
  provider.hasTin = true;
  provider.tinType.assign(trimmed(type));
  for (char& c : provider.tinType) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  const std::string_view tin = trimmed(value);
  const bool einDigits =
      provider.tinType == "ein" && !tin.empty() &&
      std::all_of(tin.begin(), tin.end(), [](char c) { return (c >= '0' && c <= '9') || c == '-' || isJsSpace(c); });
  if (!einDigits) {
    provider.tinValue.assign(tin);
    return true;
  }
  provider.tinValue.clear();
  for (char c : tin) {
    if (c >= '0' && c <= '9') provider.tinValue += c;
  }
  if (provider.tinValue.size() < 9) provider.tinValue.insert(0, 9 - provider.tinValue.size(), '0');
  return true;
}

// One provider object {npi: [whole numbers], tin: {type, value}}; false: the TypeScript path's.
inline bool readProvider(const simdjson::dom::element& value, Provider& provider) {
  simdjson::dom::object fields;
  if (value.get_object().get(fields) != simdjson::SUCCESS) return false;
  simdjson::dom::element npi, tin;
  bool hasNpi = false, hasTin = false;
  for (auto field : fields) {
    if (field.key == "npi") {
      npi = field.value;
      hasNpi = true;
    } else if (field.key == "tin") {
      tin = field.value;
      hasTin = true;
    } else if (field.key == "NPI") {
      return false;
    }
  }
  provider.npis.clear();
  if (hasNpi && !npi.is_null()) {
    simdjson::dom::array list;
    if (npi.get_array().get(list) != simdjson::SUCCESS) return false;
    for (simdjson::dom::element entry : list) {
      uint64_t number;
      if (entry.type() == simdjson::dom::element_type::INT64) {
        const int64_t signedNumber = int64_t(entry);
        if (signedNumber < 0) return false;
        number = static_cast<uint64_t>(signedNumber);
      } else if (entry.type() == simdjson::dom::element_type::UINT64) {
        number = uint64_t(entry);
      } else {
        return false;
      }
      if (number > kMaxSafeInteger) return false;
      provider.npis.push_back(number);
    }
  }
  provider.hasTin = false;
  if (!hasTin || tin.is_null()) return true;
  simdjson::dom::object tinFields;
  if (tin.get_object().get(tinFields) != simdjson::SUCCESS) return false;
  std::string_view type, text;
  bool hasType = false, hasValue = false;
  for (auto field : tinFields) {
    if (field.key == "type") hasType = field.value.get_string().get(type) == simdjson::SUCCESS;
    if (field.key == "value") hasValue = field.value.get_string().get(text) == simdjson::SUCCESS;
  }
  return hasType && hasValue && tinOf(type, text, provider);
}

// csvList of csv-fields.ts: the names as a quoted JSON list, nothing when absent.
inline bool appendNetworks(std::string& out, const simdjson::dom::element* value) {
  if (value == nullptr || value->is_null()) return true;
  std::string_view one;
  const bool lone = value->get_string().get(one) == simdjson::SUCCESS;
  simdjson::dom::array list;
  if (!lone && value->get_array().get(list) != simdjson::SUCCESS) return false;
  out += "\"[";
  bool first = true;
  auto add = [&](std::string_view name) {
    // No quote or backslash: JSON.stringify then writes the name as it is.
    if (!plainAscii(name) || name.find_first_of("\"\\") != std::string_view::npos) return false;
    if (!first) out += ',';
    first = false;
    out += "\"\"";
    out += name;
    out += "\"\"";
    return true;
  };
  if (lone) {
    if (!add(one)) return false;
  } else {
    for (simdjson::dom::element entry : list) {
      std::string_view name;
      if (entry.get_string().get(name) != simdjson::SUCCESS || !add(name)) return false;
    }
  }
  out += "]\"";
  return true;
}

// What one readReferences call hands back: the group lines, the group_refs lines.
struct ReferenceLines {
  std::string groups;
  std::string keys;
  // Per provider of the reference being read (reused).
  std::vector<Provider> providers;
  std::string networks;
  std::string prefix;
};

// One reference: its outcome and lines, or false (nothing added).
inline bool readReference(const simdjson::dom::element& root, int32_t key, std::string_view written,
                          bool filtered, const double* filter, size_t filterSize,
                          ReferenceLines& out, uint8_t& outcome) {
  simdjson::dom::object reference;
  if (root.get_object().get(reference) != simdjson::SUCCESS) return false;
  simdjson::dom::element groups, networks;
  bool hasGroups = false, hasNetworks = false, hasLocation = false;
  for (auto field : reference) {
    if (field.key == "provider_groups") {
      groups = field.value;
      hasGroups = true;
    } else if (field.key == "network_name") {
      networks = field.value;
      hasNetworks = true;
    } else if (field.key == "location") {
      hasLocation = field.value.is_string();
    }
  }
  out.prefix = std::to_string(key);
  out.prefix += ',';
  appendCsvText(out.prefix, written);
  out.prefix += ',';
  if (!hasGroups || groups.is_null()) {
    if (hasLocation) return false;  // remote: the TypeScript path fetches it
    outcome = kNeither;
    out.keys += out.prefix;
    out.keys += "false\n";
    return true;
  }
  simdjson::dom::array list;
  if (groups.get_array().get(list) != simdjson::SUCCESS) return false;
  out.networks.clear();
  if (!appendNetworks(out.networks, hasNetworks ? &networks : nullptr)) return false;
  if (out.providers.size() < list.size()) out.providers.resize(list.size());
  size_t count = 0;
  bool wanted = !filtered;
  for (simdjson::dom::element entry : list) {
    Provider& provider = out.providers[count++];
    if (!readProvider(entry, provider)) return false;
    for (size_t n = 0; !wanted && n < provider.npis.size(); n++) {
      wanted = std::binary_search(filter, filter + filterSize, static_cast<double>(provider.npis[n]));
    }
  }
  out.keys += out.prefix;
  out.keys += "true\n";
  if (!wanted) {
    outcome = kRejected;
    return true;
  }
  outcome = kKept;
  for (size_t p = 0; p < count; p++) {
    const Provider& provider = out.providers[p];
    out.groups += out.prefix;
    out.groups += "\"[";
    if (provider.npis.empty()) out.groups += "null";
    for (size_t n = 0; n < provider.npis.size(); n++) {
      if (n > 0) out.groups += ',';
      out.groups += std::to_string(provider.npis[n]);
    }
    out.groups += "]\",";
    if (provider.hasTin) appendCsvText(out.groups, provider.tinType);
    out.groups += ',';
    if (provider.hasTin) appendCsvText(out.groups, provider.tinValue);
    out.groups += ',';
    out.groups += out.networks;
    out.groups += '\n';
  }
  return true;
}

// A JavaScript string's UTF-8 bytes (lone surrogates as U+FFFD, as Buffer.write writes them).
inline bool utf8Of(napi_env env, napi_value value, std::string& text) {
  size_t length = 0;
  if (napi_get_value_string_utf8(env, value, nullptr, 0, &length) != napi_ok) return false;
  text.resize(length + 1);
  if (napi_get_value_string_utf8(env, value, text.data(), text.size(), &length) != napi_ok) {
    return false;
  }
  text.resize(length);
  return true;
}

// readReferences(bytes, ends, written, keys, filter | undefined, outcomes, from): reads references
// from `from` on until one it does not handle (`stop`), writing each one's outcome into `outcomes`.
// Returns { stop, groups (the provider-group CSV lines, UTF-8, an ArrayBuffer), keys (the
// group_refs lines) }. `filter`: the NPI filter, sorted.
inline napi_value ReadReferences(napi_env env, napi_callback_info info,
                                 simdjson::dom::parser& parser, std::vector<uint8_t>& padded,
                                 size_t maxBytes) {
  size_t argc = 7;
  napi_value args[7];
  napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
  size_t length = 0, count = 0, keyCount = 0, filterSize = 0, outcomeCount = 0;
  const uint8_t* bytes = nullptr;
  const int32_t *ends = nullptr, *keys = nullptr;
  const double* filter = nullptr;
  const uint8_t* outcomesData = nullptr;
  bool writtenIsArray = false;
  uint32_t writtenCount = 0;
  napi_valuetype filterType, fromType;
  napi_is_array(env, args[2], &writtenIsArray);
  if (writtenIsArray) napi_get_array_length(env, args[2], &writtenCount);
  napi_typeof(env, args[4], &filterType);
  napi_typeof(env, args[6], &fromType);
  int32_t from = 0;
  const bool valid =
      argc == 7 && typedData(env, args[0], napi_uint8_array, bytes, length) &&
      typedData(env, args[1], napi_int32_array, ends, count) && writtenIsArray &&
      writtenCount >= count && typedData(env, args[3], napi_int32_array, keys, keyCount) &&
      keyCount >= count &&
      (filterType == napi_undefined ||
       typedData(env, args[4], napi_float64_array, filter, filterSize)) &&
      typedData(env, args[5], napi_uint8_array, outcomesData, outcomeCount) &&
      outcomeCount >= count && fromType == napi_number &&
      napi_get_value_int32(env, args[6], &from) == napi_ok;
  if (!valid) {
    napi_throw_type_error(env, nullptr, "readReferences: expected (Uint8Array, Int32Array, string[], Int32Array, Float64Array | undefined, Uint8Array, number)");
    return nullptr;
  }
  // An empty filter keeps nothing (a Set with no NPI), unlike no filter.
  const bool filtered = filterType != napi_undefined;
  auto* outcomes = const_cast<uint8_t*>(outcomesData);

  ReferenceLines out;
  std::string written;
  size_t k = from < 0 ? 0 : static_cast<size_t>(from);
  for (; k < count; k++) {
    simdjson::dom::element root;
    EntryText entry;
    if (!parseBatchEntry(parser, padded, bytes, length, ends, k, maxBytes, root, entry)) break;
    napi_value writtenValue;
    if (napi_get_element(env, args[2], static_cast<uint32_t>(k), &writtenValue) != napi_ok ||
        !utf8Of(env, writtenValue, written)) {
      break;
    }
    const size_t groupBytes = out.groups.size(), keyBytes = out.keys.size();
    uint8_t outcome = kKept;
    if (!readReference(root, keys[k], written, filtered, filter, filterSize, out, outcome)) {
      out.groups.resize(groupBytes);
      out.keys.resize(keyBytes);
      break;
    }
    outcomes[k] = outcome;
  }

  void* data = nullptr;
  napi_value groups, keyLines, result;
  napi_create_arraybuffer(env, out.groups.size(), &data, &groups);
  if (!out.groups.empty()) std::memcpy(data, out.groups.data(), out.groups.size());
  napi_create_string_utf8(env, out.keys.data(), out.keys.size(), &keyLines);
  napi_create_object(env, &result);
  setNumber(env, result, "stop", static_cast<double>(k));
  napi_set_named_property(env, result, "groups", groups);
  napi_set_named_property(env, result, "keys", keyLines);
  return result;
}

}  // namespace ratelens
