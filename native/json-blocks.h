// JSON skipped 64 bytes at a time, for element-scan.h: where a value nested in a document cut at
// any byte ends, tracking only strings, escapes and brackets. Each 64-byte block becomes bit masks
// of its quotes, backslashes and brackets (SSE2, a scalar loop elsewhere); escapes and strings are
// found on the masks (simdjson's method for escapes, a prefix XOR for strings), and the depth by
// counting brackets, bracket by bracket only in a block where the value may close.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ratelens {

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

}  // namespace ratelens
