// Gzip inflated with Intel's ISA-L (Debian's libisal-dev), for src/sources/tic/native-gunzip.ts.
//
// Node's gunzip stream inflated ~600 MB/s here, on a pool thread, through a Transform stream
// (a JavaScript callback and a fresh buffer per megabyte); ISA-L's igzip inflates the same files
// at ~2.8 GB/s. Only with RATELENS_ISAL (build-addon.mjs defines it when the library is there);
// without it, the ingest keeps Node's gunzip.
//
// The stream is read as Node reads it: gzip members one after another (a multi-member file is one
// document), zero bytes after a member end it, anything else after a member must be another
// member, and a stream that ends inside a member is truncated. Checksums are checked.
#pragma once

#ifdef RATELENS_ISAL

#include <isa-l/igzip_lib.h>
#include <node_api.h>

#include "napi-values.h"

#include <cstdint>
#include <cstring>

namespace ratelens {

struct GunzipState {
  inflate_state inflate;
  // Between members (after one, or before the first): the next non-zero byte starts a member.
  bool betweenMembers = true;
  bool finished = false;  // zero bytes after a member: the rest is not read
  bool anyMember = false;
  // Bytes of the current member read so far, up to 3: its first three are checked here as they
  // come (zlib reports a wrong one at once; ISA-L waits for the whole header).
  size_t memberBytes = 0;
};

// A member's first bytes: the gzip magic, then deflate as the method.
constexpr uint8_t kMemberStart[3] = {0x1f, 0x8b, 0x08};

// What gunzip returns: input consumed, more output room needed, the stream's end, or an error.
enum GunzipStatus {
  kNeedInput = 0,
  kOutputFull = 1,
  kEnded = 2,
  kCorrupt = -1,
};

// gunzip's result array (Int32Array(3)): bytes of input read, bytes of output written, and on
// kCorrupt the ISA-L error code (or kStalled).
enum GunzipSlot { kConsumed, kProduced, kError, kGunzipSlots };
constexpr int32_t kStalled = 1000;

inline int gunzipStep(GunzipState& s, const uint8_t* in, size_t inLength, uint8_t* out,
                      size_t outLength, int32_t* result) {
  size_t consumed = 0, produced = 0;
  int status = kNeedInput;
  while (true) {
    if (s.finished) {
      consumed = inLength;  // after the zero bytes that end the stream, nothing is read
      status = kEnded;
      break;
    }
    if (s.betweenMembers) {
      if (consumed >= inLength) break;
      if (s.anyMember && in[consumed] == 0) {
        s.finished = true;
        continue;
      }
      isal_inflate_reset(&s.inflate);
      s.inflate.crc_flag = ISAL_GZIP;
      s.betweenMembers = false;
      s.anyMember = true;
      s.memberBytes = 0;
    }
    for (size_t k = 0; s.memberBytes + k < 3 && consumed + k < inLength; k++) {
      if (in[consumed + k] != kMemberStart[s.memberBytes + k]) {
        result[kError] = s.memberBytes + k < 2 ? ISAL_INVALID_WRAPPER : ISAL_UNSUPPORTED_METHOD;
        status = kCorrupt;
        break;
      }
    }
    if (status == kCorrupt) break;
    if (produced >= outLength) {
      status = kOutputFull;
      break;
    }
    s.inflate.next_in = const_cast<uint8_t*>(in + consumed);
    s.inflate.avail_in = static_cast<uint32_t>(inLength - consumed);
    s.inflate.next_out = out + produced;
    s.inflate.avail_out = static_cast<uint32_t>(outLength - produced);
    const int code = isal_inflate(&s.inflate);
    s.memberBytes += inLength - s.inflate.avail_in - consumed;
    consumed = inLength - s.inflate.avail_in;
    produced = outLength - s.inflate.avail_out;
    if (code != ISAL_DECOMP_OK) {
      result[kError] = code;
      status = kCorrupt;
      break;
    }
    if (s.inflate.block_state == ISAL_BLOCK_FINISH) {
      s.betweenMembers = true;
      continue;
    }
    if (s.inflate.avail_out == 0) {
      status = kOutputFull;
      break;
    }
    if (s.inflate.avail_in == 0) break;
    // Input and room left, yet the member goes on: ISA-L keeps what it reads, so this does not
    // happen; were it to, looping would not help.
    result[kError] = kStalled;
    status = kCorrupt;
    break;
  }
  result[kConsumed] = static_cast<int32_t>(consumed);
  result[kProduced] = static_cast<int32_t>(produced);
  return status;
}

inline void deleteGunzip(napi_env, void* data, void*) { delete static_cast<GunzipState*>(data); }

// gunzipState(): a new stream's state, as an external value for gunzip.
inline napi_value GunzipStateOf(napi_env env, napi_callback_info) {
  auto* state = new GunzipState();
  isal_inflate_init(&state->inflate);
  napi_value external;
  napi_create_external(env, state, deleteGunzip, nullptr, &external);
  return external;
}

// gunzip(state, input: Uint8Array, from: number, output: Uint8Array, result: Int32Array(3)):
// GunzipStatus. Inflates input[from..] into output; `result` says how much of each it used.
inline napi_value Gunzip(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value args[5];
  napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
  void* state = nullptr;
  const uint8_t* in = nullptr;
  const uint8_t* out = nullptr;
  const int32_t* result = nullptr;
  size_t inLength = 0, outLength = 0, slots = 0;
  int64_t from = 0;
  const bool valid = argc == 5 && externalData(env, args[0], state) &&
                     typedData(env, args[1], napi_uint8_array, in, inLength) &&
                     inLength <= 0x7fffffff &&
                     napi_get_value_int64(env, args[2], &from) == napi_ok && from >= 0 &&
                     static_cast<size_t>(from) <= inLength &&
                     typedData(env, args[3], napi_uint8_array, out, outLength) &&
                     outLength <= 0x7fffffff &&
                     typedData(env, args[4], napi_int32_array, result, slots) &&
                     slots >= kGunzipSlots;
  if (!valid) {
    napi_throw_type_error(
        env, nullptr, "gunzip: expected (gunzipState, Uint8Array, number, Uint8Array, Int32Array)");
    return nullptr;
  }
  int32_t* slotsOut = const_cast<int32_t*>(result);  // the caller's array, to be written into
  const size_t start = static_cast<size_t>(from);
  const int status = gunzipStep(*static_cast<GunzipState*>(state), in + start, inLength - start,
                                const_cast<uint8_t*>(out), outLength, slotsOut);
  napi_value value;
  napi_create_int32(env, status, &value);
  return value;
}

// gunzipDone(state): whether the stream may end here (after a whole member, not inside one).
inline napi_value GunzipDone(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value args[1];
  napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
  void* state = nullptr;
  if (argc != 1 || !externalData(env, args[0], state)) {
    napi_throw_type_error(env, nullptr, "gunzipDone: expected (gunzipState)");
    return nullptr;
  }
  const auto* s = static_cast<const GunzipState*>(state);
  napi_value done;
  napi_get_boolean(env, s->anyMember && (s->betweenMembers || s->finished), &done);
  return done;
}

}  // namespace ratelens

#endif  // RATELENS_ISAL
