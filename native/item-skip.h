// Dropped in-network items skipped in one native pass, for src/sources/tic/native-item-skip.ts.
//
// With a code filter, nearly every item of a file is dropped: the scanner (json-scanner.ts) read
// each one's opening keys in JavaScript up to its billing_code, then skipped the rest in
// WebAssembly, one item and one call at a time. That was the largest part of a filtered ingest's
// own CPU. skipItems does the same for a run of items in one call: the opening keys byte by byte,
// the rest 64 bytes at a time with SSE2 (quotes, escapes and strings as bit masks, the depth by
// counting brackets), and goes on to the next item until one it does not drop.
//
// A fast path only. It stops at the first item it does not drop for certain, and the scanner then
// reads that item as before: an item it keeps, one without a billing_code before its end, a key or
// code with an escape or a byte past ASCII, a code written as an object or array, a backslash
// outside a string, an item closed by `]`, an item whose opening keys run past the chunk. So which
// items are kept, and every error, stay the scanner's.
#pragma once

#include <node_api.h>

#include "napi-values.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <unordered_set>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ratelens {

// The codes a filter keeps, as written in files (strings unquoted, numbers as their text).
struct ItemKeys {
  std::unordered_set<std::string> keys;
};

// Where skipToClose is when the chunk ends: nesting below the start, inside a string, and whether
// the next byte is escaped (an odd run of backslashes ends the chunk inside a string).
struct SkipState {
  int64_t depth = 1;
  bool inString = false;
  bool escaped = false;
};

constexpr size_t kGaveUp = SIZE_MAX;

namespace skip {

inline bool isSpace(uint8_t c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// The bytes that end a number (or true/false/null) for the scanner (json-scanner.ts, push).
inline bool endsScalar(uint8_t c) { return c == ',' || c == '}' || c == ']' || isSpace(c); }

inline bool isScalarByte(uint8_t c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
         c == '+' || c == '.';
}

inline size_t skipSpace(const uint8_t* b, size_t n, size_t i) {
  while (i < n && isSpace(b[i])) i++;
  return i;
}

// From the first byte of a string's text: the index of its closing quote, or n. `plain` tells
// whether the text has neither an escape nor a byte past ASCII (then it is its own value).
inline size_t stringEnd(const uint8_t* b, size_t n, size_t i, bool& plain) {
  plain = true;
  for (; i < n; i++) {
    const uint8_t c = b[i];
    if (c == '"') return i;
    if (c == '\\') {
      plain = false;
      i++;  // the escaped byte
    } else if (c >= 0x80) {
      plain = false;
    }
  }
  return n;
}

// From the first byte of a number (or true/false/null): the index of the byte after it, n when the
// chunk ends first, kGaveUp on a byte no scalar has.
inline size_t scalarEnd(const uint8_t* b, size_t n, size_t i) {
  for (; i < n; i++) {
    if (endsScalar(b[i])) return i;
    if (!isScalarByte(b[i])) return kGaveUp;
  }
  return n;
}

// Bit k of each mask is byte k of a 64-byte block.
struct BlockBits {
  uint64_t quote = 0, backslash = 0, open = 0, close = 0;
};

inline BlockBits classify(const uint8_t* p) {
  BlockBits bits;
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
  // `[` and `]` are `{` and `}` without bit 0x20: one comparison finds both kinds.
  const __m128i fold = _mm_set1_epi8(0x20), open = _mm_set1_epi8('{'), close = _mm_set1_epi8('}');
  for (int k = 0; k < 4; k++) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    const __m128i folded = _mm_or_si128(v, fold);
    const int shift = 16 * k;
    auto mask = [](__m128i eq) { return uint64_t(uint32_t(_mm_movemask_epi8(eq))); };
    bits.quote |= mask(_mm_cmpeq_epi8(v, quote)) << shift;
    bits.backslash |= mask(_mm_cmpeq_epi8(v, backslash)) << shift;
    bits.open |= mask(_mm_cmpeq_epi8(folded, open)) << shift;
    bits.close |= mask(_mm_cmpeq_epi8(folded, close)) << shift;
  }
#else
  for (int k = 0; k < 64; k++) {
    const uint64_t bit = uint64_t(1) << k;
    const uint8_t c = p[k];
    if (c == '"') bits.quote |= bit;
    if (c == '\\') bits.backslash |= bit;
    if (c == '{' || c == '[') bits.open |= bit;
    if (c == '}' || c == ']') bits.close |= bit;
  }
#endif
  return bits;
}

// Bit k set when an odd number of bits at or below k are: which bytes are inside a string.
inline uint64_t prefixXor(uint64_t x) {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

// The escaped bytes of a block (those after an odd run of backslashes), with the carry into the
// next block in `next`. simdjson's (Apache-2.0) branch-free method, as it published it: runs of
// backslashes that start on an odd bit are told from those on an even bit by one addition.
inline uint64_t escapedBytes(uint64_t backslash, uint64_t& next) {
  const uint64_t evenBits = 0x5555555555555555ULL;
  backslash &= ~next;  // a backslash escaped by the last block's is no escape
  const uint64_t followsEscape = (backslash << 1) | next;
  const uint64_t oddStarts = backslash & ~evenBits & ~followsEscape;
  uint64_t sum = 0;
  next = __builtin_add_overflow(oddStarts, backslash, &sum) ? 1 : 0;
  const uint64_t invert = sum << 1;
  return (evenBits ^ invert) & followsEscape;
}

// Set bits, without the POPCNT instruction (not in baseline x86-64: the builtin would be a call).
inline int64_t bitCount(uint64_t x) {
  x = x - ((x >> 1) & 0x5555555555555555ULL);
  x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
  x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
  return static_cast<int64_t>((x * 0x0101010101010101ULL) >> 56);
}

}  // namespace skip

// From `i`, inside a value nested `state.depth` deep (1: just inside it): the index of the bracket
// that closes it, or n when the chunk ends first (`state` says where the scan stands), or kGaveUp
// at a backslash outside a string (invalid JSON: the scanner's own loop decides what it means).
inline size_t skipToClose(const uint8_t* b, size_t n, size_t i, SkipState& state) {
  uint64_t nextEscaped = state.escaped ? 1 : 0;
  uint64_t carryInString = state.inString ? ~uint64_t(0) : 0;
  int64_t depth = state.depth;
  uint8_t tail[64];
  while (i < n) {
    const uint8_t* p = b + i;
    size_t length = n - i;
    if (length < 64) {
      std::memset(tail, ' ', sizeof tail);
      std::memcpy(tail, p, length);
      p = tail;
    } else {
      length = 64;
    }
    const skip::BlockBits bits = skip::classify(p);
    const uint64_t escaped = skip::escapedBytes(bits.backslash, nextEscaped);
    const uint64_t inString = skip::prefixXor(bits.quote & ~escaped) ^ carryInString;
    const uint64_t valid = length == 64 ? ~uint64_t(0) : (uint64_t(1) << length) - 1;
    if ((bits.backslash & ~inString & ~escaped & valid) != 0) return kGaveUp;
    const uint64_t open = bits.open & ~inString & valid;
    const uint64_t close = bits.close & ~inString & valid;
    const int64_t closes = skip::bitCount(close);
    if (closes >= depth) {
      // It may close here: bracket by bracket.
      for (uint64_t events = open | close; events != 0; events &= events - 1) {
        const int bit = __builtin_ctzll(events);
        if ((close >> bit) & 1) {
          if (--depth == 0) return i + static_cast<size_t>(bit);
        } else {
          depth++;
        }
      }
    } else {
      depth += skip::bitCount(open) - closes;
    }
    if (length < 64) {
      state.depth = depth;
      state.inString = ((inString >> (length - 1)) & 1) != 0;
      state.escaped = state.inString && ((escaped >> length) & 1) != 0;
      return n;
    }
    carryInString = uint64_t(int64_t(inString) >> 63);
    i += 64;
  }
  state.depth = depth;
  state.inString = carryInString != 0;
  state.escaped = state.inString && nextEscaped != 0;
  return n;
}

// skipItems' state array (Int32Array(6)): what it read (kResume, kDepth, kInString, kEscaped when
// it resumes a dropped item) and what it leaves.
enum SkipSlot { kSkipped, kOpen, kDepth, kInString, kEscaped, kResume, kSlots };

// kResume, in: 1 to finish the dropped item the last chunk ended in first. Out: how that went.
enum Resume { kNotResuming = 0, kClosed = 1, kStillOpen = 2, kResumeGaveUp = 3 };

// From `i` inside an item's object: the end of its `billing_code` value, its text in
// [codeStart, codeEnd); kGaveUp when the scanner must read the item itself.
inline size_t findCode(const uint8_t* b, size_t n, size_t i, size_t& codeStart, size_t& codeEnd) {
  static constexpr char kKey[] = "billing_code";
  constexpr size_t kKeyLength = sizeof kKey - 1;
  for (;;) {
    i = skip::skipSpace(b, n, i);
    if (i >= n || b[i] != '"') return kGaveUp;  // the end, or no key: an item without a code
    bool plain = false;
    const size_t keyEnd = skip::stringEnd(b, n, i + 1, plain);
    if (keyEnd >= n || !plain) return kGaveUp;
    const bool isCode = keyEnd - i - 1 == kKeyLength && std::memcmp(b + i + 1, kKey, kKeyLength) == 0;
    i = skip::skipSpace(b, n, keyEnd + 1);
    if (i >= n || b[i] != ':') return kGaveUp;
    i = skip::skipSpace(b, n, i + 1);
    if (i >= n) return kGaveUp;
    const uint8_t c = b[i];
    if (c == '"') {
      const size_t end = skip::stringEnd(b, n, i + 1, plain);
      if (end >= n) return kGaveUp;
      if (isCode) {
        if (!plain) return kGaveUp;
        codeStart = i + 1;
        codeEnd = end;
        return end + 1;
      }
      i = end + 1;
    } else if (c == '{' || c == '[') {
      if (isCode) return kGaveUp;
      SkipState nested;
      const size_t end = skipToClose(b, n, i + 1, nested);
      if (end >= n) return kGaveUp;  // the chunk's end, or gave up
      i = end + 1;
    } else {
      const size_t end = skip::scalarEnd(b, n, i);
      if (end >= n) return kGaveUp;
      if (isCode) {
        codeStart = i;
        codeEnd = end;
        return end;
      }
      i = end;
    }
    i = skip::skipSpace(b, n, i);
    if (i >= n || b[i] != ',') return kGaveUp;  // `}`: the item ends without a code
    i++;
  }
}

// skipItems(bytes, from, keys, state): from `from`, between the items of an in_network (or
// out_of_network) array, skips every item whose billing_code `keys` does not hold. Returns where
// the scanner goes on: the first byte of an item it must read, the byte after the items (`]`, or
// anything else, for the scanner to report), or the chunk's length. state[kSkipped] is the number
// of items skipped; state[kOpen] is 1 when the chunk ends inside a dropped item, then
// state[kDepth], [kInString] and [kEscaped] say where (the depth counted from inside the item: 1).
// With state[kResume] 1, it first finishes the dropped item the last chunk ended in (those three
// slots say where it was), and says in state[kResume] whether it closed, is still open, or was left
// to the scanner (then nothing was read: it returns `from`).
inline size_t skipDroppedItems(const uint8_t* b, size_t n, size_t i, const ItemKeys& keys,
                               int32_t* state) {
  state[kSkipped] = 0;
  if (state[kResume] == 1) {
    SkipState open;
    open.depth = state[kDepth];
    open.inString = state[kInString] != 0;
    open.escaped = state[kEscaped] != 0;
    const size_t end = open.depth >= 1 ? skipToClose(b, n, i, open) : kGaveUp;
    if (end == kGaveUp || (end < n && b[end] != '}')) {
      state[kResume] = kResumeGaveUp;
      state[kOpen] = 0;
      return i;
    }
    if (end >= n) {
      state[kResume] = kStillOpen;
      state[kOpen] = 1;
      state[kDepth] = static_cast<int32_t>(open.depth);
      state[kInString] = open.inString ? 1 : 0;
      state[kEscaped] = open.escaped ? 1 : 0;
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
    const size_t after = findCode(b, n, i + 1, codeStart, codeEnd);
    if (after == kGaveUp) return start;
    code.assign(reinterpret_cast<const char*>(b + codeStart), codeEnd - codeStart);
    if (keys.keys.count(code) != 0) return start;
    SkipState rest;
    const size_t end = skipToClose(b, n, after, rest);
    if (end == kGaveUp) return start;
    if (end >= n) {
      state[kOpen] = 1;
      state[kDepth] = static_cast<int32_t>(rest.depth);
      state[kInString] = rest.inString ? 1 : 0;
      state[kEscaped] = rest.escaped ? 1 : 0;
      return n;
    }
    if (b[end] != '}') return start;  // closed by `]`: the scanner reports it
    state[kSkipped]++;
    i = end + 1;
  }
}

inline void deleteItemKeys(napi_env, void* data, void*) { delete static_cast<ItemKeys*>(data); }

// itemKeys(codes: string[]): the codes as an external value for skipItems.
inline napi_value ItemKeysOf(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value args[1];
  napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
  bool isArray = false;
  if (argc != 1 || napi_is_array(env, args[0], &isArray) != napi_ok || !isArray) {
    napi_throw_type_error(env, nullptr, "itemKeys: expected (string[])");
    return nullptr;
  }
  uint32_t count = 0;
  napi_get_array_length(env, args[0], &count);
  auto* keys = new ItemKeys();
  std::string text;
  for (uint32_t k = 0; k < count; k++) {
    napi_value value;
    size_t length = 0;
    napi_get_element(env, args[0], k, &value);
    if (napi_get_value_string_utf8(env, value, nullptr, 0, &length) != napi_ok) {
      delete keys;
      napi_throw_type_error(env, nullptr, "itemKeys: expected (string[])");
      return nullptr;
    }
    text.resize(length + 1);
    napi_get_value_string_utf8(env, value, text.data(), length + 1, &length);
    keys->keys.emplace(text.data(), length);
  }
  napi_value external;
  napi_create_external(env, keys, deleteItemKeys, nullptr, &external);
  return external;
}

// skipItems(bytes: Uint8Array, from: number, keys: itemKeys(...), state: Int32Array(6)): number.
inline napi_value SkipItems(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value args[4];
  napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
  const uint8_t* bytes = nullptr;
  int32_t* state = nullptr;
  size_t length = 0, slots = 0;
  int64_t from = 0;
  void* keys = nullptr;
  napi_valuetype keysType = napi_undefined;
  if (argc == 4) napi_typeof(env, args[2], &keysType);
  const int32_t* stateData = nullptr;
  const bool valid = argc == 4 && typedData(env, args[0], napi_uint8_array, bytes, length) &&
                     napi_get_value_int64(env, args[1], &from) == napi_ok && from >= 0 &&
                     keysType == napi_external &&
                     napi_get_value_external(env, args[2], &keys) == napi_ok &&
                     typedData(env, args[3], napi_int32_array, stateData, slots) &&
                     slots >= kSlots;
  if (!valid) {
    napi_throw_type_error(env, nullptr,
                          "skipItems: expected (Uint8Array, number, itemKeys, Int32Array(6))");
    return nullptr;
  }
  state = const_cast<int32_t*>(stateData);
  const size_t start = static_cast<size_t>(from) < length ? static_cast<size_t>(from) : length;
  const size_t at =
      skipDroppedItems(bytes, length, start, *static_cast<const ItemKeys*>(keys), state);
  napi_value result;
  napi_create_double(env, static_cast<double>(at), &result);
  return result;
}

}  // namespace ratelens
