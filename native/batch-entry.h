// One entry (an item or a root reference) of a batch that JavaScript sends as concatenated JSON
// texts and their end offsets, parsed with simdjson: shared by readRates and readReferences.
#pragma once

#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ratelens {

// Its text (in the batch, or in `padded`) and its size.
struct EntryText {
  const uint8_t* text = nullptr;
  size_t size = 0;
};

// Parses entry `k` (bytes `ends[k-1]` to `ends[k]`) into `root`; false when its offsets are out of
// the batch, it is larger than `maxBytes`, or it is not valid JSON (the caller stops there).
inline bool parseBatchEntry(simdjson::dom::parser& parser, std::vector<uint8_t>& padded,
                            const uint8_t* bytes, size_t length, const int32_t* ends, size_t k,
                            size_t maxBytes, simdjson::dom::element& root, EntryText& entry) {
  const size_t start = k == 0 ? 0 : static_cast<size_t>(ends[k - 1]);
  const size_t end = static_cast<size_t>(ends[k]);
  if (end < start || end > length || end - start > maxBytes) return false;
  const uint8_t* text = bytes + start;
  // simdjson reads up to SIMDJSON_PADDING bytes past the end: the next entries' bytes, or a copy.
  if (length - end < simdjson::SIMDJSON_PADDING) {
    padded.assign(text, text + (end - start));
    padded.resize(end - start + simdjson::SIMDJSON_PADDING, ' ');
    text = padded.data();
  }
  entry = {text, end - start};
  return parser.parse(text, end - start, false).get(root) == simdjson::SUCCESS;
}

}  // namespace ratelens
