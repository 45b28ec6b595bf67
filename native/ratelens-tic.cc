// The negotiated rates of in-network items read with simdjson (Debian's libsimdjson-dev), for
// src/normalize/tic/native-rates.ts. JSON.parse and the walk over the objects it makes were about
// half of an unfiltered ingest's CPU; simdjson's DOM parser validates an item as fully as JSON.parse
// and reads it ~8x faster, and the rates go straight into typed columns.
//
// This is a fast path only: an item of any shape it does not handle exactly as the TypeScript
// normaliser does (inline provider groups, numbers written as strings, a missing field, invalid
// JSON, ...) stops the run, and the caller normalises that item in TypeScript, which also reports
// the errors. So every message and every rule stays in one place.
//
// Root provider references are read the same way, by readReferences (reference-groups.h); the
// scanner's elements are found by scanElements (element-scan.h), and gzip is inflated by ISA-L
// where it was built with it (gzip-inflate.h).
#include <node_api.h>
#include <simdjson.h>

#include "batch-entry.h"
#include "element-scan.h"
#include "gzip-inflate.h"
#include "napi-values.h"
#include "reference-groups.h"
#include "run-columns.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;
using ratelens::Columns;
using ratelens::jsValueOf;
using ratelens::parseBatchEntry;
using ratelens::KeyedIds;
using ratelens::setNumber;
using ratelens::typedData;

// Larger items are left to TypeScript: the parser's buffers grow with the largest item it reads.
constexpr size_t kMaxItemBytes = 8u << 20;
constexpr int64_t kMaxReference = 0x7fffffff;
// Past this capacity (bytes of JSON), the parser's buffers are released after each call.
constexpr size_t kKeptCapacity = 1u << 20;

// Term fields, in the order of RateTerms.idOf.
enum TermField { kType, kClass, kSetting, kServiceCodes, kModifiers, kExpiration, kInfo, kFields };

thread_local simdjson::dom::parser parser(kMaxItemBytes);
thread_local std::vector<uint8_t> padded;

// The parser keeps buffers for the largest item it read (~4 bytes a byte): those of an item of
// megabytes (a piece of a large item) go back at once, so they do not add to the peak of the
// process while it writes what it read.
void releaseLargeBuffers() {
  if (parser.capacity() > kKeptCapacity) {
    parser = simdjson::dom::parser(kMaxItemBytes);
    std::vector<uint8_t>().swap(padded);
  }
}

void appendLength(std::string& key, size_t length) {
  const auto value = static_cast<uint32_t>(length);
  key.append(reinterpret_cast<const char*>(&value), sizeof value);
}

// Appends an optional text field to the key: 0 absent (or null), 1 a string. False: another type.
bool addText(std::string& key, const element* value) {
  if (value == nullptr || value->is_null()) {
    key.push_back('\0');
    return true;
  }
  std::string_view text;
  if (value->get_string().get(text) != simdjson::SUCCESS) return false;
  key.push_back('\1');
  appendLength(key, text.size());
  key.append(text);
  return true;
}

// An optional list of strings (a lone string is a list of one): 0 absent, 2 a list.
bool addList(std::string& key, const element* value) {
  if (value == nullptr || value->is_null()) {
    key.push_back('\0');
    return true;
  }
  std::string_view text;
  if (value->get_string().get(text) == simdjson::SUCCESS) {
    key.push_back('\2');
    appendLength(key, 1);
    appendLength(key, text.size());
    key.append(text);
    return true;
  }
  array list;
  if (value->get_array().get(list) != simdjson::SUCCESS) return false;
  key.push_back('\2');
  appendLength(key, list.size());
  for (element entry : list) {
    if (entry.get_string().get(text) != simdjson::SUCCESS) return false;
    appendLength(key, text.size());
    key.append(text);
  }
  return true;
}

// Whether an item's text holds the number -0 written without a fraction or exponent: simdjson
// reads it as the integer 0, JSON.parse as the double -0 (a price of -0 is stored as such).
bool hasIntegerMinusZero(const uint8_t* text, size_t size) {
  const auto* end = text + size;
  for (const auto* at = text; at + 1 < end; at++) {
    at = static_cast<const uint8_t*>(std::memchr(at, '-', static_cast<size_t>(end - at - 1)));
    if (at == nullptr) return false;
    if (at[1] != '0') continue;
    const uint8_t next = at + 2 < end ? at[2] : ' ';
    if (!(next >= '0' && next <= '9') && next != '.' && next != 'e' && next != 'E') return true;
  }
  return false;
}

// The item being read: its text, for the rare check above.
struct ItemText {
  const uint8_t* text;
  size_t size;
  int minusZero = -1;  // unknown until an amount of 0 asks

  bool mayBeMinusZero() {
    if (minusZero < 0) minusZero = hasIntegerMinusZero(text, size) ? 1 : 0;
    return minusZero == 1;
  }
};

bool amountOf(const element& value, double& amount, ItemText& item) {
  switch (value.type()) {
    case element_type::INT64:
      amount = static_cast<double>(int64_t(value));
      return amount != 0 || !item.mayBeMinusZero();
    case element_type::UINT64:
      amount = static_cast<double>(uint64_t(value));
      return true;
    case element_type::DOUBLE:
      amount = double(value);
      return true;
    default:
      return false;
  }
}

// A provider row's reference: the id (>= 0), the marker -1 - k of an inline group, or
// kOtherBase - k for the k-th other reference.
constexpr int32_t kOtherBase = -(1 << 28) - 1;

// An other reference's key: 's' and the string, or 'n' and the double's bytes (`otherValue`).
bool referenceOf(const element& value, KeyedIds& others, int32_t& id) {
  int64_t number;
  if (value.type() == element_type::INT64 && value.get_int64().get(number) == simdjson::SUCCESS &&
      number >= 0 && number <= kMaxReference) {
    id = static_cast<int32_t>(number);
    return true;
  }
  double other = 0;
  std::string& key = others.key;
  key.clear();
  switch (value.type()) {
    case element_type::INT64:
      other = static_cast<double>(int64_t(value));
      break;
    case element_type::UINT64:
      other = static_cast<double>(uint64_t(value));
      break;
    case element_type::DOUBLE:
      other = double(value);
      break;
    case element_type::STRING:
      key.push_back('s');
      key.append(value.get_string().value_unsafe());
      break;
    default:
      return false;  // the TypeScript path reports it
  }
  if (key.empty()) {
    key.push_back('n');
    key.append(reinterpret_cast<const char*>(&other), sizeof other);
  }
  const int32_t index = others.idOfKey();
  if (index >= (1 << 28)) return false;
  id = kOtherBase - index;
  return true;
}

// An other reference as JSON.parse gives it, from its key.
napi_value otherValue(napi_env env, const std::string& key) {
  napi_value value;
  if (key[0] == 's') {
    napi_create_string_utf8(env, key.data() + 1, key.size() - 1, &value);
  } else {
    double number;
    std::memcpy(&number, key.data() + 1, sizeof number);
    napi_create_double(env, number, &value);
  }
  return value;
}

// One negotiated price's term (local id) and amount, or false.
bool readPrice(const element& value, KeyedIds& terms, ItemText& item, int32_t& termId,
               double& amount) {
  object price;
  if (value.get_object().get(price) != simdjson::SUCCESS) return false;
  element fields[kFields];
  bool present[kFields] = {};
  element rate;
  bool hasRate = false;
  // Every field in order, so that a key written twice takes its last value, as in JSON.parse.
  for (auto field : price) {
    const std::string_view name = field.key;
    int slot = -1;
    if (name == "negotiated_rate") {
      rate = field.value;
      hasRate = true;
      continue;
    }
    if (name == "negotiated_type") slot = kType;
    else if (name == "billing_class") slot = kClass;
    else if (name == "setting") slot = kSetting;
    else if (name == "service_code") slot = kServiceCodes;
    else if (name == "billing_code_modifier") slot = kModifiers;
    else if (name == "expiration_date") slot = kExpiration;
    else if (name == "additional_information") slot = kInfo;
    if (slot >= 0) {
      fields[slot] = field.value;
      present[slot] = true;
    }
  }
  if (!hasRate || !amountOf(rate, amount, item)) return false;
  std::string_view type;
  if (!present[kType] || fields[kType].get_string().get(type) != simdjson::SUCCESS) return false;
  std::string& key = terms.key;
  key.clear();
  appendLength(key, type.size());
  key.append(type);
  for (int slot = kClass; slot < kFields; slot++) {
    const element* field = present[slot] ? &fields[slot] : nullptr;
    const bool ok = slot == kServiceCodes || slot == kModifiers ? addList(key, field)
                                                                 : addText(key, field);
    if (!ok) return false;
  }
  termId = terms.idOfKey();
  return true;
}

// One item's rates into the columns, or false (the caller undoes what it added).
bool readRates(const array& rates, int32_t itemIndex, int32_t rateOffset, Columns& out,
               KeyedIds& terms, ItemText& item) {
  int32_t r = rateOffset;
  for (element value : rates) {
    const int32_t rateIndex = r++;
    object rate;
    if (value.get_object().get(rate) != simdjson::SUCCESS) return false;
    element prices, references, groups;
    bool hasPrices = false, hasReferences = false, hasGroups = false;
    for (auto field : rate) {
      const std::string_view name = field.key;
      if (name == "negotiated_prices") {
        prices = field.value;
        hasPrices = true;
      } else if (name == "provider_references") {
        references = field.value;
        hasReferences = true;
      } else if (name == "provider_groups") {
        groups = field.value;
        hasGroups = true;
      }
    }
    array priceList, referenceList;
    if (!hasPrices || prices.get_array().get(priceList) != simdjson::SUCCESS) return false;
    // Inline groups are read only as the marker of a value read from the bytes; groups in place, a
    // lone reference, or neither groups nor references: the TypeScript path's.
    std::string_view marker;
    const bool marked = hasGroups && groups.get_string().get(marker) == simdjson::SUCCESS;
    if (hasGroups && !marked && !groups.is_null()) return false;
    const bool referenced = hasReferences && !references.is_null();
    if (referenced && references.get_array().get(referenceList) != simdjson::SUCCESS) return false;
    if (!referenced && !marked) return false;
    const size_t referenceCount = (marked ? 1 : 0) + (referenced ? referenceList.size() : 0);
    if (referenceCount == 0) continue;  // no group: no rows, and its prices are not read
    const auto priceCount = static_cast<int32_t>(priceList.size());
    if (marked) {
      out.addProvider(itemIndex, rateIndex, priceCount, -1 - static_cast<int32_t>(out.markers.size()));
      out.markers.emplace_back(marker);
    }
    if (referenced) {
      for (element reference : referenceList) {
        int32_t id;
        if (!referenceOf(reference, out.others, id)) return false;
        out.addProvider(itemIndex, rateIndex, priceCount, id);
      }
    }
    int32_t p = 0;
    for (element price : priceList) {
      int32_t termId;
      double amount;
      if (!readPrice(price, terms, item, termId, amount)) return false;
      out.amount.push_back(amount);
      out.priceItem.push_back(itemIndex);
      out.priceRate.push_back(rateIndex);
      out.priceIndex.push_back(p++);
      out.priceTerm.push_back(termId);
    }
    out.rateRows += static_cast<double>(referenceCount) * priceCount;
  }
  return true;
}

// The item's four fields (billing_code_type, billing_code_type_version, billing_code,
// negotiation_arrangement) as JSON.parse gives them, and its rates; false: the TypeScript path's.
bool readItem(napi_env env, const element& root, int32_t itemIndex, int32_t rateOffset,
              Columns& out, KeyedIds& terms, ItemText& text, napi_value fields[4]) {
  object item;
  if (root.get_object().get(item) != simdjson::SUCCESS) return false;
  element values[4], rates;
  bool present[4] = {}, hasRates = false;
  static constexpr std::string_view kNames[4] = {"billing_code_type", "billing_code_type_version",
                                                  "billing_code", "negotiation_arrangement"};
  for (auto field : item) {
    const std::string_view name = field.key;
    if (name == "negotiated_rates") {
      rates = field.value;
      hasRates = true;
      continue;
    }
    for (int k = 0; k < 4; k++) {
      if (name == kNames[k]) {
        values[k] = field.value;
        present[k] = true;
      }
    }
  }
  array rateList;
  if (!hasRates || rates.get_array().get(rateList) != simdjson::SUCCESS) return false;
  for (int k = 0; k < 4; k++) {
    fields[k] = jsValueOf(env, present[k] ? &values[k] : nullptr);
    if (fields[k] == nullptr) return false;
  }
  return readRates(rateList, itemIndex, rateOffset, out, terms, text);
}

napi_value termValue(napi_env env, const std::string& key, size_t& at, bool list) {
  napi_value result = nullptr;
  const char tag = key[at++];
  if (tag == '\0') {
    napi_get_undefined(env, &result);
    return result;
  }
  auto length = [&]() {
    uint32_t value;
    std::memcpy(&value, key.data() + at, sizeof value);
    at += sizeof value;
    return value;
  };
  if (!list) {
    const uint32_t size = length();
    napi_create_string_utf8(env, key.data() + at, size, &result);
    at += size;
    return result;
  }
  const uint32_t count = length();
  napi_create_array_with_length(env, count, &result);
  for (uint32_t k = 0; k < count; k++) {
    const uint32_t size = length();
    napi_value text;
    napi_create_string_utf8(env, key.data() + at, size, &text);
    at += size;
    napi_set_element(env, result, k, text);
  }
  return result;
}

// A term's seven fields, as RateTerms.idOf takes them.
napi_value termFields(napi_env env, const std::string& key) {
  napi_value fields;
  napi_create_array_with_length(env, kFields, &fields);
  size_t at = 0;
  uint32_t size;
  std::memcpy(&size, key.data(), sizeof size);
  at += sizeof size;
  napi_value type;
  napi_create_string_utf8(env, key.data() + at, size, &type);
  at += size;
  napi_set_element(env, fields, 0, type);
  for (int slot = kClass; slot < kFields; slot++) {
    napi_set_element(env, fields, slot,
                     termValue(env, key, at, slot == kServiceCodes || slot == kModifiers));
  }
  return fields;
}

// readRates(bytes, ends, itemIndexes, rateOffsets | undefined, from): reads items from `from` on
// until one it does not handle (`stop`). Returns { stop, fields (4 per item read), terms (7 fields
// per local term), markers (strings in place of inline groups), otherReferences (reference ids
// other than whole numbers below 2^31, as JSON.parse gives them), columns (one ArrayBuffer:
// amounts, then the eight int32 columns), prices, providers, rateRows }. Terms are numbered in order of
// first appearance.
napi_value ReadRates(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value args[5];
  napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
  size_t length = 0, items = 0, indexCount = 0, offsetCount = 0;
  const uint8_t* bytes = nullptr;
  const int32_t *ends = nullptr, *itemIndexes = nullptr, *rateOffsets = nullptr;
  napi_valuetype offsetsType, fromType;
  napi_typeof(env, args[3], &offsetsType);
  napi_typeof(env, args[4], &fromType);
  int32_t from = 0;
  const bool valid =
      argc == 5 && typedData(env, args[0], napi_uint8_array, bytes, length) &&
      (typedData(env, args[1], napi_int32_array, ends, items)) &&
      typedData(env, args[2], napi_int32_array, itemIndexes, indexCount) && indexCount >= items &&
      (offsetsType == napi_undefined ||
       typedData(env, args[3], napi_int32_array, rateOffsets, offsetCount)) &&
      fromType == napi_number && napi_get_value_int32(env, args[4], &from) == napi_ok;
  if (!valid) {
    napi_throw_type_error(env, nullptr, "readRates: expected (Uint8Array, Int32Array, Int32Array, Int32Array | undefined, number)");
    return nullptr;
  }

  Columns out;
  KeyedIds terms;
  napi_value fieldList;
  napi_create_array(env, &fieldList);
  uint32_t fieldCount = 0;
  size_t k = from < 0 ? 0 : static_cast<size_t>(from);
  for (; k < items; k++) {
    element root;
    ratelens::EntryText entry;
    if (!parseBatchEntry(parser, padded, bytes, length, ends, k, kMaxItemBytes, root, entry)) break;
    const size_t prices = out.amount.size(), providers = out.providerRef.size();
    const size_t markerCount = out.markers.size(), termCount = terms.size();
    const size_t otherCount = out.others.size();
    const double rateRows = out.rateRows;
    napi_value fields[4];
    const int32_t rateOffset = rateOffsets != nullptr && k < offsetCount ? rateOffsets[k] : 0;
    ItemText itemText{entry.text, entry.size};
    if (!readItem(env, root, itemIndexes[k], rateOffset, out, terms, itemText, fields)) {
      out.truncate(markerCount, otherCount, prices, providers);
      terms.truncate(termCount);
      out.rateRows = rateRows;
      break;
    }
    for (napi_value field : fields) napi_set_element(env, fieldList, fieldCount++, field);
  }

  releaseLargeBuffers();

  const size_t prices = out.amount.size(), providers = out.providerRef.size();
  const size_t byteLength = prices * sizeof(double) + (4 * prices + 4 * providers) * sizeof(int32_t);
  void* data = nullptr;
  napi_value columns;
  napi_create_arraybuffer(env, byteLength, &data, &columns);
  auto* at = static_cast<uint8_t*>(data);
  auto copy = [&at](const auto& column) {
    const size_t size = column.size() * sizeof(column[0]);
    if (size > 0) std::memcpy(at, column.data(), size);
    at += size;
  };
  copy(out.amount);
  copy(out.priceItem);
  copy(out.priceRate);
  copy(out.priceIndex);
  copy(out.priceTerm);
  copy(out.providerItem);
  copy(out.providerRate);
  copy(out.providerPrices);
  copy(out.providerRef);

  napi_value termList;
  napi_create_array_with_length(env, terms.size(), &termList);
  for (size_t t = 0; t < terms.size(); t++) {
    napi_set_element(env, termList, static_cast<uint32_t>(t), termFields(env, terms.keys[t]));
  }

  napi_value markerList;
  napi_create_array_with_length(env, out.markers.size(), &markerList);
  for (size_t m = 0; m < out.markers.size(); m++) {
    napi_value marker;
    napi_create_string_utf8(env, out.markers[m].data(), out.markers[m].size(), &marker);
    napi_set_element(env, markerList, static_cast<uint32_t>(m), marker);
  }

  napi_value otherList;
  napi_create_array_with_length(env, out.others.size(), &otherList);
  for (size_t o = 0; o < out.others.size(); o++) {
    napi_set_element(env, otherList, static_cast<uint32_t>(o), otherValue(env, out.others.keys[o]));
  }

  napi_value result;
  napi_create_object(env, &result);
  napi_set_named_property(env, result, "markers", markerList);
  napi_set_named_property(env, result, "otherReferences", otherList);
  setNumber(env, result, "stop", static_cast<double>(k));
  napi_set_named_property(env, result, "fields", fieldList);
  napi_set_named_property(env, result, "terms", termList);
  napi_set_named_property(env, result, "columns", columns);
  setNumber(env, result, "prices", static_cast<double>(prices));
  setNumber(env, result, "providers", static_cast<double>(providers));
  setNumber(env, result, "rateRows", out.rateRows);
  return result;
}

// readReferences: see reference-groups.h.
napi_value ReadReferences(napi_env env, napi_callback_info info) {
  napi_value result = ratelens::ReadReferences(env, info, parser, padded, kMaxItemBytes);
  releaseLargeBuffers();
  return result;
}

}  // namespace

NAPI_MODULE_INIT() {
  napi_value read;
  napi_create_function(env, "readRates", NAPI_AUTO_LENGTH, ReadRates, nullptr, &read);
  napi_set_named_property(env, exports, "readRates", read);
  napi_value references;
  napi_create_function(env, "readReferences", NAPI_AUTO_LENGTH, ReadReferences, nullptr, &references);
  napi_set_named_property(env, exports, "readReferences", references);
  napi_value filter;
  napi_create_function(env, "elementFilter", NAPI_AUTO_LENGTH, ratelens::ElementFilterOf, nullptr,
                       &filter);
  napi_set_named_property(env, exports, "elementFilter", filter);
  napi_value scan;
  napi_create_function(env, "scanElements", NAPI_AUTO_LENGTH, ratelens::ScanElements, nullptr, &scan);
  napi_set_named_property(env, exports, "scanElements", scan);
#ifdef RATELENS_ISAL
  const struct {
    const char* name;
    napi_callback callback;
  } gunzip[] = {{"gunzipState", ratelens::GunzipStateOf},
                {"gunzip", ratelens::Gunzip},
                {"gunzipDone", ratelens::GunzipDone}};
  for (const auto& entry : gunzip) {
    napi_value function;
    napi_create_function(env, entry.name, NAPI_AUTO_LENGTH, entry.callback, nullptr, &function);
    napi_set_named_property(env, exports, entry.name, function);
  }
#endif
  return exports;
}
