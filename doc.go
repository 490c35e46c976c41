// Package resp reads and writes RESP, the Redis serialization protocol, in
// both its versions: RESP2, which every Redis speaks, and RESP3, which a
// client asks for with HELLO 3. It serves clients (write commands, read
// replies and push messages), servers (read commands, write replies, in
// RESP3 or downgraded to RESP2 as Redis does) and tools that sit in between
// (decode, inspect and re-encode traffic without changing a byte).
//
// The package provides:
//
// [Value], one RESP value of any type, and [Kind], its type byte. A Value is
// a small struct passed by value; constructors such as [StringValue] and
// [MapValue] build one, and accessors such as [Value.Int64] and
// [Value.Elems] read it.
//
// [Decode] and [Decoder], to decode values and commands from byte slices
// that the caller owns, as an event loop does; [ErrIncomplete] tells that
// more bytes are needed.
//
// [Reader], to read values ([Reader.ReadValue]), commands
// ([Reader.ReadCommand], multibulk or inline, as Redis reads them) and large
// bulk strings without holding them whole ([Reader.ReadBulkStream]) from an
// io.Reader.
//
// The Append functions, such as [AppendCommand], [AppendBulkString],
// [AppendMapLen] and [AppendValue], to write RESP to the end of a byte slice
// in the style of strconv.AppendInt; [AppendValueRESP2] writes a value the
// way Redis writes it to a RESP2 client.
//
// [Writer], to write values, typed replies and commands to an io.Writer
// through a buffer, in RESP3 or, with [Writer.RESP2] set, in RESP2; and to
// stream a large bulk string from an io.Reader ([Writer.WriteBulkFrom]).
//
// [Limits], embedded in Reader and Decoder, to bound what a peer can make
// them do.
//
// [ProtocolError], the error for input that breaks the grammar or a limit,
// with the byte offset of the violation; it unwraps to one of the sentinel
// errors, such as [ErrInvalidLength] or [ErrTooDeep].
//
// # Aliasing
//
// Decoding copies no payload, except the chunks of a streamed string and the
// arguments of an inline command, which it assembles in memory of its own. A
// Value returned by a Reader or a Decoder, and every slice that its
// accessors return, points into memory that the reader reuses: the
// Reader's buffer, or the caller's src, and an arena of elements. It is
// valid only until the next call of a Read method (or Reset) on the
// Reader, or of Decode or DecodeCommand on the Decoder, or until the caller
// changes src. The arguments returned by ReadCommand and DecodeCommand follow
// the same rule. To keep a Value longer, call [Value.Clone], which copies it
// into memory of its own in at most two allocations. Values built by
// constructors alias the strings and slices they were built from. Values are
// read-only: never modify a slice that an accessor returns.
//
// # Costs
//
// Once a Reader's buffer and arena, a Decoder's arena or a Writer's buffer
// have grown to fit the values that pass through them, reading, decoding and
// writing allocate nothing: in steady state a server that reads commands and
// writes replies makes no garbage. Those buffers never shrink: a Reader that
// has read one large value keeps memory for it until it is dropped. [Decode],
// the function, allocates the elements of aggregates; a Decoder reuses them.
// The Append functions allocate only when dst lacks the capacity, except
// [AppendBigNumber] for a number beyond the int64 range, which math/big
// allocates to format. What else allocates
// is said in the documentation of each function, for example [Value.Clone],
// [Value.BigInt], [Value.String], [BigNumberValue] and
// [VerbatimStringValue].
//
// A Reader resumes parsing where it stopped when more bytes arrive, so
// reading is linear in the input however it is split into reads (when it
// compacts its buffer it starts the current value over, at most once per
// value). A Decoder with [Decoder.Resume] set does the same when it is
// given its last src extended in place. Without Resume a Decoder parses src
// from its start at each call: a caller that retries after [ErrIncomplete]
// parses the beginning of the value again, so a value that arrives in k
// pieces has its headers parsed up to k times (payloads are skipped by their
// length, not scanned). Neither recurses: nesting costs a small frame per
// level, bounded by MaxDepth.
//
// Reader, Decoder and Writer are not safe for concurrent use. Reader and
// Writer block only in the Read and Write calls of the io.Reader and
// io.Writer they wrap; a Reader reads only when it needs bytes it does not
// have, and a Writer writes only when its buffer is half full, when a
// payload does not fit in what is left of it, or on Flush.
//
// # Grammar
//
// The decoder accepts exactly the RESP2 and RESP3 grammar as Redis writes
// it, and rejects anything else with a [ProtocolError] at the offset of the
// first offending byte, so that a value that decodes has one meaning and one
// encoding:
//
//   - A value starts with one of the type bytes of [Kind], or '|' for
//     attributes; any other byte is [ErrUnknownType].
//   - Every line ends in CRLF: a CR not followed by LF, or an LF inside a
//     simple string or error, is [ErrInvalidLine]; a payload not followed
//     by CRLF is [ErrMissingCRLF], reported as soon as the byte arrives.
//   - Lengths and counts are canonical decimal numbers: no sign other than
//     a leading '-', no leading zeros, no "-0", no overflow
//     ([ErrInvalidLength]). The only negative length is -1, and only in the
//     RESP2 nulls $-1 and *-1.
//   - Integers (':') are canonical int64 numbers in the same way
//     ([ErrInvalidInteger]).
//   - Doubles (',') are [+-]digits[.digits][(e|E)[+-]digits], inf, -inf,
//     nan, or -nan (which Redis before 7.2 sends); ".5", "1.", "0x10" or
//     "Infinity" are [ErrInvalidDouble]. Values out of range read as ±Inf.
//   - Big numbers ('(') are an optional '-' and one or more digits
//     ([ErrInvalidBigNumber]).
//   - Booleans ('#') are t or f ([ErrInvalidBoolean]); a null ('_') has an
//     empty body ([ErrInvalidNull]); a verbatim string ('=') starts with a
//     3-byte format and ':' ([ErrInvalidVerbatim]).
//   - Only bulk strings ($?) and arrays, sets and maps (*?, ~?, %?) may be
//     streamed. A streamed string is ';' chunks ending with ;0; a streamed
//     aggregate ends with '.', which has an empty body and appears nowhere
//     else; a streamed map cannot end after a key, and attributes must be
//     followed by the value they describe ([ErrInvalidStream]).
//   - A command is a multibulk array of bulk strings, or an inline line
//     split as Redis splits it: anything else, or unbalanced quotes, is
//     [ErrInvalidCommand]. As in Redis, a multibulk count of zero or less
//     and a blank line are empty commands, skipped.
//
// A [ProtocolError] from a Reader is sticky: the stream cannot be trusted
// after it, and every later read returns it. A stream that ends inside a
// value is io.ErrUnexpectedEOF (also sticky); io.EOF comes only between
// values.
//
// # Limits
//
// A peer controls the lengths and counts in the headers it sends. Limits are
// checked when a header is read, before anything is sized by it, and memory
// is only ever sized by bytes that have arrived, never by what a header
// claims: a header announcing a gigabyte costs nothing until the gigabyte
// arrives. What does cost memory is structure: each element of an aggregate
// takes a 32-byte Value in the reader's arena, and each command argument a
// 24-byte slice header, so an aggregate of tiny elements (3 bytes for a null)
// makes a reader hold many times the bytes it received; MaxElements bounds
// it. A zero field means the default:
//
//	Field        Default                       Bounds                                  Error
//	MaxBulkLen   512 MiB (proto-max-bulk-len)  a payload, or an assembled stream       ErrBulkTooLong
//	MaxElements  2³¹-1 (Redis's INT_MAX)       elements (pairs for maps) of one value  ErrTooManyElements
//	MaxDepth     1024 (hiredis's depth)        nesting of aggregates and attributes    ErrTooDeep
//	MaxLineLen   64 KiB (inline max size)      a line, including an inline command     ErrLineTooLong
//
// # RESP2 downgrade
//
// [AppendValueRESP2], and a [Writer] with RESP2 set, write RESP3 values as
// Redis writes them to a client that has not said HELLO 3:
//
//	RESP3                           RESP2
//	map %n (keys and values)        array *2n of keys and values, alternating
//	set ~n, push >n                 array *n
//	null _                          null bulk string $-1 (a null read as *-1 stays *-1)
//	boolean #t, #f                  integer :1, :0
//	double ,1.5                     bulk string $3 1.5 (its text)
//	big number (123                 bulk string of its digits
//	verbatim string =8 txt:text     bulk string of its text, without the format
//	bulk error !n                   simple error -… (CR and LF become spaces)
//	attributes |n                   dropped
//
// Simple strings, simple errors, integers, bulk strings and arrays are the
// same in both versions.
//
// # Re-encoding
//
// [AppendValue] and [Writer.WriteValue] write a decoded Value back byte for
// byte as it arrived, attributes included, with one exception: a streamed
// string or aggregate is written in sized form. Doubles and big numbers keep
// the text they came with (so 1.50 stays 1.50 and -nan stays -nan), and the
// RESP2 nulls $-1 and *-1 keep their form. Because the grammar admits a
// single spelling of every length and integer, any other input that
// decodes re-encodes identically; a proxy built on this package can decode
// traffic and forward it unchanged.
package resp
