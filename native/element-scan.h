// The elements of a root array (in_network, out_of_network, provider_references) found in one
// native pass, for src/sources/tic/native-element-scan.ts.
//
// The scanner (json-scanner.ts) read each element's opening keys in JavaScript up to its key
// (billing_code, provider_group_id), then found its end in WebAssembly, one element and one call at
// a time: with a code filter, where nearly every item is dropped, that was the largest part of a
// worker's own CPU, and without one ~0.25 s per 170 MB. scanElements does it for a run of elements
// in one call: the opening keys byte by byte, the rest 64 bytes at a time with SSE2 (quotes,
// escapes and strings as bit masks, the depth by counting brackets). It skips the elements a
// filter drops and gives back where each kept one starts and ends, and its key, for the scanner to
// hand on as its own.
//
// A fast path only. It stops at the first element it cannot read for certain, and the scanner
// reads that one as before: an element without the key before its end, a key with an escape or a
// byte past ASCII, a key written as an object or array, a backslash outside a string, an element
// closed by `]`, a kept element the chunk ends in, an element whose opening keys run past the
// chunk. So which elements are kept, what they hold, and every error stay the scanner's.
#pragma once

#include <node_api.h>

#include "json-blocks.h"
#include "napi-values.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <unordered_set>

namespace ratelens {

// Which elements to keep: by the value of `key` (strings unquoted, numbers as their text), all of
// them when `keepAll`.
struct ElementFilter {
  std::string key;
  bool keepAll = false;
  std::unordered_set<std::string> kept;
};

// scanElements' state array (Int32Array(kSlots)): what it reads (kResume, kDepth, kInString,
// kEscaped when it resumes a dropped element) and what it leaves.
enum ScanSlot {
  kSkipped,
  kOpen,
  kDepth,
  kInString,
  kEscaped,
  kResume,
  kKeptSpans,
  kElements,
  kFull,
  kSlots
};

// kResume, in: 1 to finish the dropped element the last chunk ended in first. Out: how that went.
enum Resume { kNotResuming = 0, kClosed = 1, kStillOpen = 2, kResumeGaveUp = 3 };

// A kept element in the spans array: its first byte, its closing brace, its key's text, and its
// place among the elements the call passed whole (0 for the first).
enum SpanField { kStart, kEnd, kKeyStart, kKeyEnd, kOrdinal, kSpanFields };

// From `i` inside an element's object: the end of its `key` value, the value's text in
// [codeStart, codeEnd); kGaveUp when the scanner must read the element itself.
inline size_t findKey(const uint8_t* b, size_t n, size_t i, const std::string& key,
                      size_t& codeStart, size_t& codeEnd) {
  for (;;) {
    i = skip::skipSpace(b, n, i);
    if (i >= n || b[i] != '"') return kGaveUp;  // the end, or no key
    bool plain = false;
    const size_t keyEnd = skip::stringEnd(b, n, i + 1, plain);
    if (keyEnd >= n || !plain) return kGaveUp;
    const bool isKey =
        keyEnd - i - 1 == key.size() && std::memcmp(b + i + 1, key.data(), key.size()) == 0;
    i = skip::skipSpace(b, n, keyEnd + 1);
    if (i >= n || b[i] != ':') return kGaveUp;
    i = skip::skipSpace(b, n, i + 1);
    if (i >= n) return kGaveUp;
    const uint8_t c = b[i];
    if (c == '"') {
      const size_t end = skip::stringEnd(b, n, i + 1, plain);
      if (end >= n) return kGaveUp;
      if (isKey) {
        if (!plain) return kGaveUp;
        codeStart = i + 1;
        codeEnd = end;
        return end + 1;
      }
      i = end + 1;
    } else if (c == '{' || c == '[') {
      if (isKey) return kGaveUp;
      SkipState nested;
      const size_t end = skipToClose(b, n, i + 1, nested);
      if (end >= n) return kGaveUp;  // the chunk's end, or gave up
      i = end + 1;
    } else {
      const size_t end = skip::scalarEnd(b, n, i);
      if (end >= n) return kGaveUp;
      if (isKey) {
        codeStart = i;
        codeEnd = end;
        return end;
      }
      i = end;
    }
    i = skip::skipSpace(b, n, i);
    if (i >= n || b[i] != ',') return kGaveUp;  // `}`: the element ends without its key
    i++;
  }
}

// Records where a chunk ends inside a dropped element.
inline void leaveOpen(int32_t* state, const SkipState& open) {
  state[kOpen] = 1;
  state[kDepth] = static_cast<int32_t>(open.depth);
  state[kInString] = open.inString ? 1 : 0;
  state[kEscaped] = open.escaped ? 1 : 0;
}

// scanElements(bytes, from, filter, state, spans): from `from`, between the elements of a root
// array, skips the elements the filter drops and records the kept ones in `spans` (kSpanFields
// int32 each, at most `maxSpans`). Returns where the scanner goes on: the first byte of an element
// it must read, the byte after the elements (`]`, or anything else, for the scanner to report), or
// the chunk's length. State out: kSkipped, the elements dropped; kKeptSpans, the spans; kElements, the
// elements passed whole; kFull, 1 when it stopped because `spans` was full; kOpen, 1 when the chunk
// ends inside a dropped element, then kDepth, kInString and kEscaped say where (the depth counted
// from inside it: 1). With kResume 1 in, it first finishes the dropped element the last chunk
// ended in (those three slots say where it was), and says in kResume whether it closed, is still
// open, or was left to the scanner (then nothing was read: it returns `from`).
inline size_t scanElements(const uint8_t* b, size_t n, size_t i, const ElementFilter& filter,
                           int32_t* state, int32_t* spans, size_t maxSpans) {
  state[kSkipped] = 0;
  state[kKeptSpans] = 0;
  state[kElements] = 0;
  state[kFull] = 0;
  if (state[kResume] == 1) {
    SkipState open;
    open.depth = state[kDepth];
    open.inString = state[kInString] != 0;
    open.escaped = state[kEscaped] != 0;
    const size_t end = open.depth >= 1 ? skipToClose(b, n, i, open) : kGaveUp;
    state[kOpen] = 0;
    if (end == kGaveUp || (end < n && b[end] != '}')) {
      state[kResume] = kResumeGaveUp;
      return i;
    }
    if (end >= n) {
      state[kResume] = kStillOpen;
      leaveOpen(state, open);
      return n;
    }
    state[kResume] = kClosed;
    i = end + 1;
  } else {
    state[kResume] = kNotResuming;
  }
  state[kOpen] = 0;
  std::string code;
  for (;;) {
    while (i < n && (skip::isSpace(b[i]) || b[i] == ',')) i++;
    if (i >= n || b[i] != '{') return i;
    const size_t start = i;
    size_t codeStart = 0, codeEnd = 0;
    const size_t after = findKey(b, n, i + 1, filter.key, codeStart, codeEnd);
    if (after == kGaveUp) return start;
    bool keep = filter.keepAll;
    if (!keep) {
      code.assign(reinterpret_cast<const char*>(b + codeStart), codeEnd - codeStart);
      keep = filter.kept.count(code) != 0;
    }
    if (keep && static_cast<size_t>(state[kKeptSpans]) >= maxSpans) {
      state[kFull] = 1;
      return start;
    }
    SkipState rest;
    const size_t end = skipToClose(b, n, after, rest);
    if (end == kGaveUp) return start;
    if (end >= n) {
      if (keep) return start;  // the scanner holds a kept element's bytes across chunks
      leaveOpen(state, rest);
      return n;
    }
    if (b[end] != '}') return start;  // closed by `]`: the scanner reports it
    if (keep) {
      int32_t* span = spans + static_cast<size_t>(state[kKeptSpans]) * kSpanFields;
      span[kStart] = static_cast<int32_t>(start);
      span[kEnd] = static_cast<int32_t>(end);
      span[kKeyStart] = static_cast<int32_t>(codeStart);
      span[kKeyEnd] = static_cast<int32_t>(codeEnd);
      span[kOrdinal] = state[kElements];
      state[kKeptSpans]++;
    } else {
      state[kSkipped]++;
    }
    state[kElements]++;
    i = end + 1;
  }
}

inline void deleteFilter(napi_env, void* data, void*) { delete static_cast<ElementFilter*>(data); }

inline bool stringOf(napi_env env, napi_value value, std::string& text) {
  size_t length = 0;
  if (napi_get_value_string_utf8(env, value, nullptr, 0, &length) != napi_ok) return false;
  text.resize(length + 1);
  napi_get_value_string_utf8(env, value, text.data(), length + 1, &length);
  text.resize(length);
  return true;
}

// elementFilter(key: string, kept: string[] | null): the filter as an external value for
// scanElements (null: every element is kept).
inline napi_value ElementFilterOf(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value args[2];
  napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
  auto* filter = new ElementFilter();
  napi_valuetype keptType = napi_undefined;
  if (argc == 2) napi_typeof(env, args[1], &keptType);
  bool isArray = false;
  bool valid = argc == 2 && stringOf(env, args[0], filter->key) && !filter->key.empty();
  if (valid && keptType == napi_null) {
    filter->keepAll = true;
  } else if (valid && napi_is_array(env, args[1], &isArray) == napi_ok && isArray) {
    uint32_t count = 0;
    napi_get_array_length(env, args[1], &count);
    std::string text;
    for (uint32_t k = 0; k < count && valid; k++) {
      napi_value value;
      napi_get_element(env, args[1], k, &value);
      valid = stringOf(env, value, text);
      if (valid) filter->kept.insert(text);
    }
  } else {
    valid = false;
  }
  if (!valid) {
    delete filter;
    napi_throw_type_error(env, nullptr, "elementFilter: expected (string, string[] | null)");
    return nullptr;
  }
  napi_value external;
  napi_create_external(env, filter, deleteFilter, nullptr, &external);
  return external;
}

// scanElements(bytes: Uint8Array, from: number, filter: elementFilter(...),
//   state: Int32Array(kSlots), spans: Int32Array): number.
inline napi_value ScanElements(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value args[5];
  napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
  const uint8_t* bytes = nullptr;
  const int32_t* stateData = nullptr;
  const int32_t* spanData = nullptr;
  size_t length = 0, slots = 0, spanInts = 0;
  int64_t from = 0;
  void* filter = nullptr;
  const bool valid = argc == 5 && typedData(env, args[0], napi_uint8_array, bytes, length) &&
                     length <= 0x7fffffff &&
                     napi_get_value_int64(env, args[1], &from) == napi_ok && from >= 0 &&
                     externalData(env, args[2], filter) &&
                     typedData(env, args[3], napi_int32_array, stateData, slots) &&
                     slots >= kSlots &&
                     typedData(env, args[4], napi_int32_array, spanData, spanInts);
  if (!valid) {
    napi_throw_type_error(
        env, nullptr,
        "scanElements: expected (Uint8Array, number, elementFilter, Int32Array, Int32Array)");
    return nullptr;
  }
  // The typed arrays are the caller's, to be written into.
  int32_t* state = const_cast<int32_t*>(stateData);
  int32_t* spans = const_cast<int32_t*>(spanData);
  const size_t start = static_cast<size_t>(from) < length ? static_cast<size_t>(from) : length;
  const size_t at = scanElements(bytes, length, start, *static_cast<const ElementFilter*>(filter),
                                 state, spans, spanInts / kSpanFields);
  napi_value result;
  napi_create_double(env, static_cast<double>(at), &result);
  return result;
}

}  // namespace ratelens
