;; The rest of a decided TiC element (an in_network item, a provider reference): only where it ends
;; matters, so only strings and nesting are tracked. The source of `json-skip-wasm.ts`: run
;; `npm run build:wasm` after changing it (a test checks the two agree).
;;
;; Why hand-written WebAssembly: no JSON library finds an element's end without building it, and a
;; JavaScript loop reads one byte per step (~1.1-1.3 s per GB, the whole main thread of a filtered
;; ingest). With SIMD, 16 bytes are classified at once and only the structural ones are visited
;; (a quote, a bracket or a backslash: one byte in seven in real files), ~2.4x faster.
;;
;; The caller copies its chunk into `memory`; every byte from `i` to `n` is the chunk's, and 16 bytes
;; past `n` must be readable (their values are masked off).
(module
  (memory (export "memory") 17)
  ;; Why the last call stopped: 0 at the element's closing bracket (the returned index), 1 at the
  ;; end of the chunk outside a string, 2 at the end of the chunk inside a string.
  (global $stop (export "stop") (mut i32) (i32.const 0))
  ;; The nesting depth where the call stopped.
  (global $depthOut (export "depth") (mut i32) (i32.const 0))
  ;; Where the content of the last string opened starts (for the escape state when stop = 2).
  (global $content (export "content") (mut i32) (i32.const 0))

  ;; Skips from index `i` of a chunk of `n` bytes at nesting depth `depth`, to the bracket that
  ;; closes depth 3 (an element of a root array). Returns its index, or `n` (see $stop).
  (func (export "skip") (param $i i32) (param $n i32) (param $depth i32) (result i32)
    (local $quotes v128) (local $backslashes v128) (local $opens v128) (local $closes v128)
    (local $caseBit v128) (local $v v128)
    (local $events i32) (local $quoteBits i32) (local $escapeBits i32) (local $valid i32)
    (local $at i32) (local $byte i32) (local $after i32) (local $j i32)
    (local.set $quotes (i8x16.splat (i32.const 0x22)))
    (local.set $backslashes (i8x16.splat (i32.const 0x5c)))
    ;; '[' and '{' differ only in bit 0x20, as do ']' and '}'.
    (local.set $caseBit (i8x16.splat (i32.const 0x20)))
    (local.set $opens (i8x16.splat (i32.const 0x7b)))
    (local.set $closes (i8x16.splat (i32.const 0x7d)))
    (block $chunkEnd
      (loop $block
        (br_if $chunkEnd (i32.ge_u (local.get $i) (local.get $n)))
        ;; One bit per structural byte of the 16 at $i.
        (local.set $v (v128.load (local.get $i)))
        (local.set $quoteBits (i8x16.bitmask (i8x16.eq (local.get $v) (local.get $quotes))))
        (local.set $escapeBits (i8x16.bitmask (i8x16.eq (local.get $v) (local.get $backslashes))))
        (local.set $v (v128.or (local.get $v) (local.get $caseBit)))
        (local.set $events
          (i32.or
            (local.get $quoteBits)
            (i8x16.bitmask
              (v128.or
                (i8x16.eq (local.get $v) (local.get $opens))
                (i8x16.eq (local.get $v) (local.get $closes))))))
        ;; Bytes past the chunk's end are not the chunk's.
        (if (i32.lt_u (i32.sub (local.get $n) (local.get $i)) (i32.const 16))
          (then
            (local.set $valid
              (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $n) (local.get $i))) (i32.const 1)))
            (local.set $events (i32.and (local.get $events) (local.get $valid)))
            (local.set $quoteBits (i32.and (local.get $quoteBits) (local.get $valid)))
            (local.set $escapeBits (i32.and (local.get $escapeBits) (local.get $valid)))))
        (if (i32.eqz (local.get $events))
          (then
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (br $block)))
        ;; The block's structural bytes in order.
        (loop $event
          (local.set $at (i32.ctz (local.get $events)))
          (local.set $byte (i32.load8_u (i32.add (local.get $i) (local.get $at))))
          (if (i32.eq (local.get $byte) (i32.const 0x22))
            (then
              (global.set $content (i32.add (i32.add (local.get $i) (local.get $at)) (i32.const 1)))
              ;; The common case: the string closes in this block, which has no backslash.
              (local.set $after
                (i32.and
                  (local.get $quoteBits)
                  (i32.xor
                    (i32.sub (i32.shl (i32.const 2) (local.get $at)) (i32.const 1))
                    (i32.const -1))))
              (if (i32.and (i32.eqz (local.get $escapeBits)) (i32.ne (local.get $after) (i32.const 0)))
                (then
                  ;; Drop the events up to the closing quote, inside the string.
                  (local.set $events
                    (i32.and
                      (local.get $events)
                      (i32.xor
                        (i32.sub (i32.shl (i32.const 2) (i32.ctz (local.get $after))) (i32.const 1))
                        (i32.const -1))))
                  (br_if $event (local.get $events))
                  (local.set $i (i32.add (local.get $i) (i32.const 16)))
                  (br $block)))
              ;; Otherwise find the closing quote block by block: the first quote that comes
              ;; before any backslash, a backslash making the byte after it plain content.
              (local.set $j (global.get $content))
              (loop $string
                (if (i32.ge_u (local.get $j) (local.get $n))
                  (then
                    (global.set $stop (i32.const 2))
                    (global.set $depthOut (local.get $depth))
                    (return (local.get $n))))
                (local.set $v (v128.load (local.get $j)))
                (local.set $quoteBits (i8x16.bitmask (i8x16.eq (local.get $v) (local.get $quotes))))
                (local.set $escapeBits
                  (i8x16.bitmask (i8x16.eq (local.get $v) (local.get $backslashes))))
                (if (i32.lt_u (i32.sub (local.get $n) (local.get $j)) (i32.const 16))
                  (then
                    (local.set $valid
                      (i32.sub
                        (i32.shl (i32.const 1) (i32.sub (local.get $n) (local.get $j)))
                        (i32.const 1)))
                    (local.set $quoteBits (i32.and (local.get $quoteBits) (local.get $valid)))
                    (local.set $escapeBits (i32.and (local.get $escapeBits) (local.get $valid)))))
                ;; ctz of 0 is 32: a backslash with no quote in the block is still "before" it.
                (if (i32.lt_u (i32.ctz (local.get $escapeBits)) (i32.ctz (local.get $quoteBits)))
                  (then
                    (local.set $j
                      (i32.add (local.get $j) (i32.add (i32.ctz (local.get $escapeBits)) (i32.const 2))))
                    (br $string)))
                (if (i32.eqz (local.get $quoteBits))
                  (then
                    (local.set $j (i32.add (local.get $j) (i32.const 16)))
                    (br $string)))
                (local.set $i
                  (i32.add (local.get $j) (i32.add (i32.ctz (local.get $quoteBits)) (i32.const 1))))
                (br $block))))
          (if (i32.eq (i32.or (local.get $byte) (i32.const 0x20)) (i32.const 0x7b))
            (then (local.set $depth (i32.add (local.get $depth) (i32.const 1))))
            (else
              (if (i32.eq (local.get $depth) (i32.const 3))
                (then
                  (global.set $stop (i32.const 0))
                  (global.set $depthOut (local.get $depth))
                  (return (i32.add (local.get $i) (local.get $at)))))
              (local.set $depth (i32.sub (local.get $depth) (i32.const 1)))))
          ;; Clear the lowest bit: the next event of the block.
          (local.set $events
            (i32.and (local.get $events) (i32.sub (local.get $events) (i32.const 1))))
          (br_if $event (local.get $events)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $block)))
    (global.set $stop (i32.const 1))
    (global.set $depthOut (local.get $depth))
    (local.get $n)))
