package resp

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"unsafe"
)

// Default limits, those of Redis where Redis has one.
const (
	// DefaultMaxBulkLen is Redis's proto-max-bulk-len: 512 MiB.
	DefaultMaxBulkLen = 512 << 20
	// DefaultMaxElements is Redis's bound on a multibulk count: INT_MAX.
	DefaultMaxElements = math.MaxInt32
	// DefaultMaxDepth is the nesting depth at which hiredis stops.
	DefaultMaxDepth = 1024
	// DefaultMaxLineLen is Redis's PROTO_INLINE_MAX_SIZE: 64 KiB.
	DefaultMaxLineLen = 64 << 10
)

// Limits bounds what a [Reader] or a [Decoder] accepts from a peer. A zero
// field means the default. Limits are checked when a header is read, before
// anything is sized by it; memory is only ever sized by bytes that have
// arrived, never by what a header claims.
type Limits struct {
	// MaxBulkLen is the longest payload of a bulk string, bulk error,
	// verbatim string or command argument, and the longest assembled streamed
	// string, in bytes. Default DefaultMaxBulkLen.
	MaxBulkLen int
	// MaxElements is the largest element count of one aggregate (for maps and
	// attributes, the pair count), and of one multibulk command. Default
	// DefaultMaxElements. Each element costs a 32-byte Value in the reader's
	// arena (a command argument, a 24-byte slice) whatever its size on the
	// wire, so this limit also bounds the memory of an aggregate of tiny
	// elements.
	MaxElements int
	// MaxDepth is the deepest nesting of aggregates and attributes. Default
	// DefaultMaxDepth.
	MaxDepth int
	// MaxLineLen is the longest line: an inline command, and the body of a
	// simple string, simple error, number, double, big number or header line,
	// in bytes, without CRLF. Default DefaultMaxLineLen.
	MaxLineLen int
}

// resolved returns l with defaults in place of zeros and every limit small
// enough that offset arithmetic cannot overflow.
func (l Limits) resolved() Limits {
	def := func(v, d int) int {
		if v <= 0 {
			return d
		}
		return min(v, math.MaxInt/4)
	}
	return Limits{
		MaxBulkLen:  def(l.MaxBulkLen, DefaultMaxBulkLen),
		MaxElements: def(l.MaxElements, DefaultMaxElements),
		MaxDepth:    def(l.MaxDepth, DefaultMaxDepth),
		MaxLineLen:  def(l.MaxLineLen, DefaultMaxLineLen),
	}
}

// errNeedMore tells that src ends inside a value; decoder.need says how long
// src must be before parsing can go on.
var errNeedMore = errors.New("resp: need more input")

// A frame is an aggregate (or attribute) still being decoded. Its elements
// so far are decoder.vals[start:]. It has four fields, so that the compiler
// keeps a frame in registers.
type frame struct {
	start int    // index in decoder.vals of its first element
	end   int    // the length of decoder.vals once it is complete, or streamedEnd
	attr  *Value // attributes waiting for the next value at this level
	kind  Kind   // '*', '~', '%', '>' or '|'; 0 for the root frame
}

// streamedEnd is the end of a streamed aggregate, which ends at '.'.
const streamedEnd = math.MaxInt

// width is the number of Values an element count of kind k stands for: 2
// for the pairs of maps and attributes, 1 otherwise.
func width(k Kind) int {
	if k == KindMap || k == '|' {
		return 2
	}
	return 1
}

// A decoder is the one RESP grammar, shared by Decode, Decoder and Reader. It
// is an iterative, resumable state machine over a byte slice that holds the
// beginning of one value (or command): when src ends early it returns
// errNeedMore with its state kept, and a later call with a longer src (the
// same bytes, then more) resumes where it stopped, so that no byte is parsed
// twice however the input is split. There is no recursion: nesting costs
// frames, bounded by Limits.MaxDepth.
//
// Payloads alias src; elements live in arena; streamed strings and unquoted
// inline arguments are assembled in text. All three are reused by the next
// reset. A slice that grows is reallocated, never moved in place, so Values
// that point into its old array stay valid until the next reset.
type decoder struct {
	lim    Limits // in force, resolved
	given  Limits // the Limits last given to setLimits
	frames []frame
	vals   []Value // elements of open aggregates, innermost last
	arena  []Value // elements of finished aggregates, and attributes
	text   []byte  // assembled streamed strings and inline arguments
	args   [][]byte
	result Value

	pos   int // next byte to parse
	scan  int // no CR lies in src[pos+1:scan]
	need  int // with errNeedMore: the length src must reach
	start int // ReadCommand: where the current command begins

	general    bool // tests only: decode everything by the general path, not the fast ones
	chunked    bool // inside a streamed string
	chunkStart int  // where its text begins in text
	argc       int  // ReadCommand: arguments still expected, 0 outside a multibulk
	run        int  // simple: arguments still to take in a run of them; 0 for a value
}

// setLimits puts l, resolved, in force, resolving it only when it has
// changed since the last call; it reports whether it had.
func (d *decoder) setLimits(l Limits) bool {
	if l == d.given && d.lim.MaxDepth != 0 {
		return false
	}
	d.given, d.lim = l, l.resolved()
	return true
}

// reset prepares d to decode a new value from a new src.
func (d *decoder) reset() {
	if len(d.frames) != 1 || d.frames[0].attr != nil {
		d.frames = append(d.frames[:0], frame{})
	}
	d.vals = d.vals[:0]
	d.arena = d.arena[:0]
	d.text = d.text[:0]
	d.args = d.args[:0]
	d.pos, d.scan, d.start = 0, 0, 0
	d.chunked, d.argc = false, 0
}

func (d *decoder) more(n int) error {
	d.need = n
	return errNeedMore
}

func fail(class error, off int, detail string) error {
	return &ProtocolError{Offset: int64(off), Err: class, Detail: detail}
}

// line finds the end of the line that starts at d.pos (its type byte): it
// returns the index of the CR of its CRLF. A line body longer than
// MaxLineLen, or a CR not followed by LF, is an error; any other violation
// is left to the caller, who sees the complete line.
func (d *decoder) line(src []byte) (int, error) {
	from := max(d.scan, d.pos+1)
	end := min(len(src), d.pos+3+d.lim.MaxLineLen) // the LF may sit at end-1
	// Most lines are short: look at their first bytes before IndexByte.
	i, short := from, min(end, from+8)
	for i < short && src[i] != '\r' {
		i++
	}
	if i == short && i < end {
		if j := bytes.IndexByte(src[i:end], '\r'); j >= 0 {
			i += j
		}
	}
	if i+1 < end && crlfAt(src, i) {
		return i, nil
	}
	return d.lineSlow(src, from)
}

// lineSlow is line for a line that is not complete or not well-formed.
func (d *decoder) lineSlow(src []byte, from int) (int, error) {
	limit := d.pos + 1 + d.lim.MaxLineLen // latest index of the CR
	i := bytes.IndexByte(src[from:min(len(src), limit+1)], '\r')
	if i < 0 {
		if len(src) > limit {
			return 0, fail(ErrLineTooLong, limit, "no CRLF within "+strconv.Itoa(d.lim.MaxLineLen)+" bytes")
		}
		d.scan = len(src)
		return 0, d.more(len(src) + 1)
	}
	cr := from + i
	if cr+1 >= len(src) {
		d.scan = cr
		return 0, d.more(cr + 2)
	}
	return 0, fail(ErrInvalidLine, cr, "CR not followed by LF")
}

// parseInt parses a number the way Redis's string2ll does: an optional '-',
// then "0" (but not "-0") or a non-zero digit followed by digits, within
// int64.
func parseInt(b []byte) (int64, bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 19 || b[0] == '0' && (len(b) > 1 || neg) {
		return 0, false
	}
	var u uint64
	for _, c := range b {
		c -= '0'
		if c > 9 {
			return 0, false
		}
		u = u*10 + uint64(c)
	}
	if neg {
		if u > 1<<63 {
			return 0, false
		}
		return -int64(u), true
	}
	if u > math.MaxInt64 {
		return 0, false
	}
	return int64(u), true
}

// simple decodes at p the most common values, when they have arrived
// whole: bulk strings, verbatim strings and bulk errors of lengths up to
// nine digits, integers, simple strings and errors of up to 128 bytes,
// nulls, booleans, short doubles and short big numbers. It returns the
// value and the index after it, or next < 0 for anything else, which takes
// the general path, the judge of every error. It uses no state but the
// limits, so that Reader and Decoder can try it before they reset. src[p]
// is a byte of class startSimple.
//
// With d.run > 0, and src[p] a '$', it takes instead a run of the arguments
// of a command (see takeArgs): it appends to d.args, which has room for
// them, the payloads of up to d.run bulk strings that it would take as
// values, counting d.run down, and returns the index after them. Values and
// arguments share the one loop below, so that a bulk string costs one call
// and an argument none. The count is in d, not a parameter: one more
// parameter and result cost decoding RESP2 replies 14 to 17%, RESP3 ones
// 1 to 2% (bench_test.go, both builds in one folder).
func (d *decoder) simple(src []byte, p int) (v Value, next int) {
	k := Kind(src[p])
	if k == KindBulkString || k == KindVerbatimString || k == KindBulkError { // the most common first
		// A length of one to nine digits, and its payload. The shortest is
		// "$0\r\n\r\n": src[p+1:p+6] can be read unchecked.
		for p+5 < len(src) {
			n, c := int(byteAt(src, p+1))-'0', byteAt(src, p+2)-'0'
			if uint(n) > 9 || n == 0 && c <= 9 { // none, or a leading zero
				break
			}
			i := p + 2
			if d.run == 0 {
				// Replies of varied sizes have lengths of one digit or two
				// in no pattern that a branch could predict (so have the
				// replies2 and replies3 workloads): no branch on which.
				two := int((uint(c) - 10) >> 63) // 1 if c is a digit
				n, i = n+-two&(9*n+int(c)), i+two
			} else if c <= 9 {
				// Arguments repeat the pattern of lengths of their
				// command, which a branch predicts better.
				n, i = n*10+int(c), i+1
			}
			for c := int(byteAt(src, i)) - '0'; uint(c) <= 9 && i < p+10 && i+1 < len(src); c = int(byteAt(src, i)) - '0' {
				n, i = n*10+c, i+1
			}
			if i-p-1 > d.lim.MaxLineLen || n > d.lim.MaxBulkLen {
				break
			}
			start, end := i+2, i+2+n
			if end+1 >= len(src) || !crlfAt(src, i) || !crlfAt(src, end) {
				break
			}
			if d.run == 0 {
				if k == KindVerbatimString && (n < 4 || src[start+3] != ':') {
					break
				}
				return bytesValue(k, sliceAt(src, start, n)), end + 2
			}
			j := len(d.args) // room made by takeArgs: no call in this loop
			d.args = d.args[:j+1]
			d.args[j] = sliceAt(src, start, n)
			p = end + 2
			if d.run--; d.run == 0 || p == len(src) || byteAt(src, p) != '$' {
				return Value{}, p
			}
		}
		if d.run > 0 { // a run ends short
			return Value{}, p
		}
		if k == KindBulkString && p+5 <= len(src) && string(src[p+1:p+5]) == "-1\r\n" && d.lim.MaxLineLen >= 2 {
			return Value{kind: KindNull, n: nullBulk}, p + 5
		}
		return Value{}, -1
	}
	switch k {
	case KindInteger:
		if n, next := d.shortInt(src, p); next >= 0 {
			return Value{kind: k, n: uint64(n)}, next
		}
	case KindSimpleString, KindSimpleError:
		cr := shortLine(src, p, d.lim.MaxLineLen)
		if cr < 0 {
			cr = longLine(src, p, d.lim.MaxLineLen)
		}
		if cr >= 0 {
			return bytesValue(k, src[p+1:cr:cr]), cr + 2
		}
	case KindNull:
		if p+2 < len(src) && crlfAt(src, p+1) {
			return Value{kind: k}, p + 3
		}
	case KindBoolean:
		if p+3 < len(src) && (src[p+1] == 't' || src[p+1] == 'f') && crlfAt(src, p+2) {
			return Value{kind: k, n: uint64(btoi(src[p+1] == 't'))}, p + 4
		}
	case KindDouble:
		// The grammar and the CR in one pass, for a body of at most 32
		// bytes; inf and nan as a short line.
		last := min(p+1+min(d.lim.MaxLineLen, 32), len(src)-2) // the latest index of the CR
		if cr := doubleEnd(src, p+1, last+1); cr >= 0 && cr <= last && crlfAt(src, cr) {
			return bytesValue(k, src[p+1:cr:cr]), cr + 2
		}
		if cr := shortLine(src, p, d.lim.MaxLineLen); cr >= 0 && isDouble(src[p+1:cr]) {
			return bytesValue(k, src[p+1:cr:cr]), cr + 2
		}
	case KindBigNumber:
		// A body of at most 128 bytes, read once: resuming an incomplete
		// line stays linear.
		last := min(p+1+min(d.lim.MaxLineLen, 128), len(src)-2) // the latest index of the CR
		if cr := bigNumberEnd(src, p+1, last+1); cr >= 0 && cr <= last && crlfAt(src, cr) {
			return bytesValue(k, src[p+1:cr:cr]), cr + 2
		}
	}
	return Value{}, -1
}

// byteAt returns src[i] without a bounds check, where the compiler cannot
// prove the check that the caller has made: 0 <= i < len(src).
func byteAt(src []byte, i int) byte {
	return *(*byte)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(src)), i))
}

// wordAt returns src[i:i+8] read little-endian (one load), without a bounds
// check: the caller has checked that 0 <= i and i+8 <= len(src).
func wordAt(src []byte, i int) uint64 {
	return binary.LittleEndian.Uint64((*[8]byte)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(src)), i))[:])
}

// sliceAt returns src[i:i+n:i+n] without a bounds check: the caller has
// checked that 0 <= i, 0 <= n and i+n <= len(src).
func sliceAt(src []byte, i, n int) []byte {
	return unsafe.Slice((*byte)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(src)), i)), n)
}

// crlfAt reports whether src[i:i+2] is CRLF, comparing both bytes at once.
// The caller has checked that i+1 < len(src).
func crlfAt(src []byte, i int) bool {
	return *(*[2]byte)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(src)), i)) == [2]byte{'\r', '\n'}
}

// shortLine returns the index of the CR of the line at p if its body is at
// most 16 bytes (and maxLen) long, holds no CR or LF, and its CRLF has
// arrived; otherwise -1. Small enough to be inlined, it reads the bytes
// one by one, which for lines as short as +OK is quicker than a call.
func shortLine(src []byte, p, maxLen int) int {
	last := min(p+1+min(maxLen, 16), len(src)-2) // the latest index of the CR
	for i := p + 1; i <= last; i++ {
		switch src[i] {
		case '\r':
			if src[i+1] == '\n' {
				return i
			}
			return -1
		case '\n':
			return -1
		}
	}
	return -1
}

// longLine is shortLine for a body of at most 128 bytes (and maxLen), whose
// end it finds with bytes.IndexByte. The bound keeps a line that arrives
// in pieces linear to resume, since it is looked for again at each piece.
func longLine(src []byte, p, maxLen int) int {
	last := min(p+1+min(maxLen, 128), len(src)-2) // the latest index of the CR
	if last <= p {
		return -1
	}
	body := src[p+1 : last+1]
	i := bytes.IndexByte(body, '\r')
	if i < 0 || src[p+1+i+1] != '\n' || bytes.IndexByte(body[:i], '\n') >= 0 {
		return -1
	}
	return p + 1 + i
}

// shortInt recognizes at p, where a ':' is, a complete integer line that
// parseInt accepts: it returns the number and the index after its CRLF, or
// next < 0 for anything else, which takes the general path (so do lines
// too near the end of src to be read eight bytes at a time). It reads a
// number of up to seven digits as one 8-byte word; longInt reads longer
// ones.
func (d *decoder) shortInt(src []byte, p int) (n int64, next int) {
	i := p + 1
	if i+9 >= len(src) { // room for a sign, the eight bytes read and an LF after them
		return 0, -1
	}
	neg := btoi(byteAt(src, i) == '-')
	i += neg
	x := wordAt(src, i)
	k := digitRun(x)
	if k == 8 {
		return d.longInt(src, p, i, neg, x)
	}
	end := i + k // src[end] is the byte after the digits; end+1 < len(src)
	if k == 0 || byteAt(src, i) == '0' && k+neg > 1 || !crlfAt(src, end) || end-p-1 > d.lim.MaxLineLen {
		return 0, -1
	}
	u, m := int64(digitsValue(x, k)), -int64(neg)
	return u ^ m - m, end + 2 // negated without a branch: signs are random
}

// longInt is shortInt for a number of eight digits or more, x the first
// eight at i: it reads the two further words at once.
func (d *decoder) longInt(src []byte, p, i, neg int, x uint64) (n int64, next int) {
	if i+24 > len(src) {
		return 0, -1
	}
	x2, x3 := wordAt(src, i+8), wordAt(src, i+16)
	m2, m3 := digitRun(x2), digitRun(x3)
	u, u2, u3 := digitsValue(x, 8), digitsValue(x2, m2), digitsValue(x3, m3)
	k := 8 + m2
	if m2 < 8 {
		u = u*pow10[m2] + u2
	} else {
		u, k = (u*1e8+u2)*pow10[m3]+u3, 16+m3
	}
	end := i + k // src[end] is the byte after the digits
	if k > 19 || src[i] == '0' || !crlfAt(src, end) || end-p-1 > d.lim.MaxLineLen || u > math.MaxInt64+uint64(neg) {
		return 0, -1
	}
	m := -int64(neg)
	return int64(u) ^ m - m, end + 2
}

// pow10 holds the powers of ten that fit in eight digits.
var pow10 = [9]uint64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8}

// digitRun returns how many of the eight bytes of x, read little-endian,
// are decimal digits before the first that is not.
func digitRun(x uint64) int {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	// The digits are the bytes below 10 once xored with '0'. Adding 0x76
	// to the low seven bits of a byte sets its high bit when they are 10
	// or more, and carries into no other byte.
	y := x ^ '0'*lo
	return bits.TrailingZeros64((y&(0x7F*lo)+0x76*lo|y)&hi) / 8
}

// digitsValue returns the number written by the first m (at most 8) bytes of
// x, read little-endian, which are decimal digits.
func digitsValue(x uint64, m int) uint64 {
	// Drop the other bytes and put zeros before the digits, the first
	// digit in the lowest byte, then add pairs, quads and octets.
	x = (x - 0x3030303030303030) << (64 - 8*m)
	x = (x & 0x0F0F0F0F0F0F0F0F) * (10<<8 + 1) >> 8
	x = (x & 0x00FF00FF00FF00FF) * (100<<16 + 1) >> 16
	return (x & 0x0000FFFF0000FFFF) * (10000<<32 + 1) >> 32
}

// smallLen parses the common length: one to nine digits, no leading zero.
func smallLen(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 || b[0] == '0' && len(b) > 1 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		c -= '0'
		if c > 9 {
			return 0, false
		}
		n = n*10 + int(c)
	}
	return n, true
}

// header parses the length or count on the line src[d.pos:cr]: a number n
// >= -1 (-1 only where nullable) or, where streamable, '?', returned as -2.
func (d *decoder) header(src []byte, cr int, nullable, streamable bool) (int, error) {
	body := src[d.pos+1 : cr]
	if streamable && len(body) == 1 && body[0] == '?' {
		return -2, nil
	}
	n, ok := parseInt(body)
	switch {
	case !ok:
		return 0, fail(ErrInvalidLength, d.pos+1, "not a canonical decimal number: "+strconv.Quote(string(body)))
	case n < 0 && !(n == -1 && nullable):
		return 0, fail(ErrInvalidLength, d.pos+1, "negative length "+string(body))
	case n > int64(math.MaxInt/4):
		return 0, fail(ErrInvalidLength, d.pos+1, "length "+string(body)+" out of range")
	}
	return int(n), nil
}

// bulk returns the payload of n bytes that follows the header line ending at
// cr, and the index after its CRLF, checking MaxBulkLen.
func (d *decoder) bulk(src []byte, cr, n int) ([]byte, int, error) {
	start, end := cr+2, cr+2+n
	if n <= d.lim.MaxBulkLen && end+1 < len(src) && crlfAt(src, end) {
		return src[start:end:end], end + 2, nil
	}
	if err := d.checkBulkLen(n, d.pos+1); err != nil {
		return nil, 0, err
	}
	return d.payload(src, cr, n)
}

// payload returns the n bytes that follow the header line ending at cr, and
// the index after their CRLF. A byte where the CRLF should be is an error as
// soon as it arrives.
func (d *decoder) payload(src []byte, cr, n int) ([]byte, int, error) {
	start := cr + 2
	end := start + n
	if len(src) > end && src[end] != '\r' || len(src) > end+1 && src[end+1] != '\n' {
		off := end
		if src[end] == '\r' {
			off++
		}
		return nil, 0, fail(ErrMissingCRLF, off, "payload of "+strconv.Itoa(n)+" bytes not followed by CRLF")
	}
	if len(src) < end+2 {
		return nil, 0, d.more(end + 2)
	}
	return src[start:end:end], end + 2, nil
}

// checkBulkLen applies MaxBulkLen to a payload length at offset off.
func (d *decoder) checkBulkLen(n, off int) error {
	if n > d.lim.MaxBulkLen {
		return fail(ErrBulkTooLong, off, strconv.Itoa(n)+" bytes, limit "+strconv.Itoa(d.lim.MaxBulkLen))
	}
	return nil
}

// The classes of the byte that starts a value.
const (
	startNone      = iota // no value starts so
	startGeneral          // a type byte, or '.' (the end of a streamed aggregate)
	startSimple           // a type byte that decoder.simple may decode
	startAggregate        // the type byte of an aggregate, or '|' (attributes)
)

var valueStart = [256]uint8{'+': startSimple, '-': startSimple, ':': startSimple, '$': startSimple, '_': startSimple,
	'#': startSimple, ',': startSimple, '(': startSimple, '!': startSimple, '=': startSimple, '.': startGeneral,
	'*': startAggregate, '%': startAggregate, '~': startAggregate, '>': startAggregate, '|': startAggregate}

// value decodes one value from src, resuming from the state of the last call.
func (d *decoder) value(src []byte) (Value, error) {
	for {
		var v Value
		var err error
		f := &d.frames[len(d.frames)-1] // the aggregate that v goes into
		if d.chunked {
			var done bool
			if v, done, err = d.chunk(src); err != nil {
				return Value{}, err
			} else if !done {
				continue
			}
		} else {
			p := d.pos
			if p >= len(src) {
				return Value{}, d.more(p + 1)
			}
			if f.end == streamedEnd && src[p] != '.' && len(d.vals)-f.start >= d.lim.MaxElements*width(f.kind) {
				return Value{}, fail(ErrTooManyElements, p, "streamed aggregate over "+strconv.Itoa(d.lim.MaxElements)+" elements")
			}
			class := valueStart[src[p]]
			if c := src[p]; class == startNone { // known at once, before its line
				if c == ';' {
					return Value{}, fail(ErrInvalidStream, p, "chunk outside a streamed string")
				}
				return Value{}, fail(ErrUnknownType, p, "byte "+strconv.QuoteRune(rune(c)))
			}
			next := -1
			switch {
			case d.general:
			case class == startSimple:
				v, next = d.simple(src, p)
			case class == startAggregate:
				// An aggregate of one to 99 elements within the limits.
				if n, hdr := d.shortCount(src, p); hdr >= 0 && n > 0 && n <= d.lim.MaxElements && len(d.frames) <= d.lim.MaxDepth {
					if !d.open(src, Kind(src[p]), n, hdr) {
						continue
					}
					v, next = d.finish(), d.pos
					f = &d.frames[len(d.frames)-1]
				}
			}
			if next >= 0 {
				d.pos = next
			} else {
				var cr int
				if cr, err = d.line(src); err != nil {
					return Value{}, err
				}
				body := src[p+1 : cr]
				next = cr + 2
				switch t := Kind(src[p]); t {
				case KindSimpleString, KindSimpleError:
					if i := bytes.IndexByte(body, '\n'); i >= 0 {
						return Value{}, fail(ErrInvalidLine, p+1+i, "LF inside "+t.String())
					}
					v = bytesValue(t, body)
				case KindInteger:
					n, ok := parseInt(body)
					if !ok {
						return Value{}, fail(ErrInvalidInteger, p+1, "not a canonical int64: "+strconv.Quote(string(body)))
					}
					v = Value{kind: KindInteger, n: uint64(n)}
				case KindBulkString, KindBulkError, KindVerbatimString:
					n, ok := smallLen(body)
					if !ok {
						if n, err = d.header(src, cr, t == KindBulkString, t == KindBulkString); err != nil {
							return Value{}, err
						}
						if n == -1 {
							v = Value{kind: KindNull, n: nullBulk}
							break
						}
						if n == -2 {
							d.chunked, d.chunkStart, d.pos = true, len(d.text), next
							continue
						}
					}
					var b []byte
					if b, next, err = d.bulk(src, cr, n); err != nil {
						return Value{}, err
					}
					if t == KindVerbatimString && (n < 4 || b[3] != ':') {
						return Value{}, fail(ErrInvalidVerbatim, next-2-n+min(n, 3), "payload must start with a 3-byte format and ':'")
					}
					v = bytesValue(t, b)
				case KindArray, KindSet, KindMap, KindPush, '|':
					var n int
					streamable := t == KindArray || t == KindSet || t == KindMap
					if n, err = d.header(src, cr, t == KindArray, streamable); err != nil {
						return Value{}, err
					}
					if n == -1 {
						v = Value{kind: KindNull, n: nullArray}
						break
					}
					if n > d.lim.MaxElements {
						return Value{}, fail(ErrTooManyElements, p+1, strconv.Itoa(n)+" elements, limit "+strconv.Itoa(d.lim.MaxElements))
					}
					if len(d.frames) > d.lim.MaxDepth {
						return Value{}, fail(ErrTooDeep, p, "depth limit "+strconv.Itoa(d.lim.MaxDepth))
					}
					if n == 0 && t != '|' {
						v = Value{kind: t}
						break
					}
					if !d.open(src, t, n, next) {
						continue
					}
					v, next = d.finish(), d.pos
					f = &d.frames[len(d.frames)-1]
				case KindNull:
					if len(body) != 0 {
						return Value{}, fail(ErrInvalidNull, p+1, "null with a body")
					}
					v = Value{kind: KindNull}
				case KindBoolean:
					if len(body) != 1 || body[0] != 't' && body[0] != 'f' {
						return Value{}, fail(ErrInvalidBoolean, p+1, "want t or f, got "+strconv.Quote(string(body)))
					}
					v = BoolValue(body[0] == 't')
				case KindDouble:
					if !isDouble(body) {
						return Value{}, fail(ErrInvalidDouble, p+1, strconv.Quote(string(body)))
					}
					v = bytesValue(KindDouble, body) // its value is parsed when asked for
				case KindBigNumber:
					if !isBigNumber(body) {
						return Value{}, fail(ErrInvalidBigNumber, p+1, strconv.Quote(string(body)))
					}
					v = bytesValue(KindBigNumber, body)
				case '.':
					if err = d.checkEnd(p, body); err != nil {
						return Value{}, err
					}
					v = d.finish()
					f = &d.frames[len(d.frames)-1]
				}
				d.pos = next
			}
		}
		// Fast paths of emit: a top-level value, and an element that does
		// not complete its aggregate.
		if f.attr == nil {
			if f.kind == 0 {
				return v, nil
			}
			if len(d.vals)+1 < f.end {
				d.vals = append(d.vals, v)
				continue
			}
		}
		if d.emit(v) {
			return d.result, nil
		}
	}
}

// open starts an aggregate of kind t, of n elements or streamed (n == -2),
// whose header line ends before next. Its first elements that are simple
// values (see simple) are decoded at once, in a loop that skips the work
// of the general one; open reports whether they complete the aggregate,
// which is then left for finish. An attribute that they complete is
// finished here, to wait for the value that it belongs to, and open
// reports false for it. The elements of streamed aggregates take the
// general loop.
func (d *decoder) open(src []byte, t Kind, n, next int) bool {
	end := streamedEnd
	if n != -2 {
		end = len(d.vals) + n*width(t)
	}
	d.frames = append(d.frames, frame{kind: t, start: len(d.vals), end: end})
	p := next
	if end != streamedEnd && !d.general {
		for len(d.vals) < end && p < len(src) && valueStart[byteAt(src, p)] == startSimple {
			v, q := d.simple(src, p)
			if q < 0 {
				break
			}
			d.vals = append(d.vals, v)
			p = q
		}
	}
	d.pos = p
	if t == '|' {
		if len(d.vals) == end {
			d.emitAttr()
		}
		return false
	}
	return len(d.vals) == end
}

// chunk decodes one chunk of a streamed string; at the last (;0) it returns
// the assembled string.
func (d *decoder) chunk(src []byte) (Value, bool, error) {
	p := d.pos
	if p >= len(src) {
		return Value{}, false, d.more(p + 1)
	}
	if src[p] != ';' {
		return Value{}, false, fail(ErrInvalidStream, p, "want a ';' chunk of a streamed string, got "+strconv.QuoteRune(rune(src[p])))
	}
	cr, err := d.line(src)
	if err != nil {
		return Value{}, false, err
	}
	n, err := d.header(src, cr, false, false)
	if err != nil {
		return Value{}, false, err
	}
	if n == 0 {
		d.chunked = false
		d.pos = cr + 2
		return bytesValue(KindBulkString, d.text[d.chunkStart:]), true, nil
	}
	if err := d.checkBulkLen(len(d.text)-d.chunkStart+n, p+1); err != nil {
		return Value{}, false, err
	}
	b, next, err := d.payload(src, cr, n)
	if err != nil {
		return Value{}, false, err
	}
	d.text = append(d.text, b...)
	d.pos = next
	return Value{}, false, nil
}

// checkEnd checks '.', the end of a streamed aggregate, at p.
func (d *decoder) checkEnd(p int, body []byte) error {
	f := &d.frames[len(d.frames)-1]
	switch {
	case len(body) != 0:
		return fail(ErrInvalidStream, p+1, "'.' with a body")
	case f.end != streamedEnd:
		return fail(ErrInvalidStream, p, "'.' outside a streamed aggregate")
	case f.attr != nil:
		return fail(ErrInvalidStream, p, "attribute with no value after it")
	case f.kind == KindMap && (len(d.vals)-f.start)%2 != 0:
		return fail(ErrInvalidStream, p, "streamed map ends after a key")
	}
	return nil
}

// emit delivers a finished value to the innermost open aggregate, finishing
// every aggregate that it completes. It reports whether the top-level value
// is complete, in d.result.
func (d *decoder) emit(v Value) bool {
	for {
		f := &d.frames[len(d.frames)-1]
		if f.attr != nil {
			v.attr, f.attr = f.attr, nil
		}
		if f.kind == 0 {
			d.result = v
			return true
		}
		d.vals = append(d.vals, v)
		if len(d.vals) < f.end {
			return false
		}
		if f.kind == '|' {
			d.emitAttr()
			return false
		}
		v = d.finish()
	}
}

// emitAttr finishes the attribute frame on top and leaves it waiting for
// the next value at the level below.
func (d *decoder) emitAttr() {
	m := d.finish()
	parent := &d.frames[len(d.frames)-1]
	m.attr = parent.attr // attributes before attributes chain
	d.arena = append(d.arena, m)
	parent.attr = &d.arena[len(d.arena)-1]
}

// finish pops the innermost frame and returns its aggregate, its elements
// moved to the arena.
func (d *decoder) finish() Value {
	f := d.frames[len(d.frames)-1]
	d.frames = d.frames[:len(d.frames)-1]
	elems := d.vals[f.start:]
	k := f.kind
	if k == '|' {
		k = KindMap
	}
	v := Value{kind: k, n: uint64(len(elems))}
	switch {
	case len(elems) == 0:
	case f.start == 0 && len(d.arena) == 0:
		// The outermost aggregate, and nothing in the arena: the two
		// trade places instead of copying.
		v.p = unsafe.Pointer(&elems[0])
		d.arena, d.vals = elems, d.arena
	default:
		i := len(d.arena)
		d.arena = append(d.arena, elems...)
		v.p = unsafe.Pointer(&d.arena[i])
	}
	d.vals = d.vals[:f.start]
	return v
}

// isDouble reports whether b is a RESP3 double:
// [+-]digits[.digits][(e|E)[+-]digits], inf, -inf, nan, or -nan (sent by
// Redis before 7.2).
func isDouble(b []byte) bool {
	switch string(b) {
	case "inf", "-inf", "nan", "-nan":
		return true
	}
	return doubleEnd(b, 0, len(b)) == len(b)
}

// doubleEnd returns the index after the number that starts at b[i], before
// end, in the grammar [+-]digits[.digits][(e|E)[+-]digits], or -1 if no
// number of that grammar starts there. It reads the fraction's digits
// eight at a time; the other parts, short in most doubles, byte by byte.
// As for skipDigits, end <= len(b) and i >= 0.
func doubleEnd(b []byte, i, end int) int {
	if i < end && (b[i] == '+' || b[i] == '-') {
		i++
	}
	j := skipFewDigits(b, i, end)
	if j == i {
		return -1
	}
	if j < end && b[j] == '.' {
		k := j + 1
		if j = skipDigits(b, k, end); j == k {
			return -1
		}
	}
	if j < end && b[j]|0x20 == 'e' {
		k := j + 1
		if k < end && (b[k] == '+' || b[k] == '-') {
			k++
		}
		if j = skipFewDigits(b, k, end); j == k {
			return -1
		}
	}
	return j
}

// doubleValue returns the value of b, a valid double (see isDouble).
func doubleValue(b []byte) float64 {
	switch string(b) {
	case "inf":
		return math.Inf(1)
	case "-inf":
		return math.Inf(-1)
	case "nan", "-nan":
		return math.NaN()
	}
	// The grammar is a subset of what ParseFloat accepts. Values out of
	// range read as ±Inf, which is what they denote; ParseFloat would
	// allocate an error for them, so they are settled here.
	if m := magnitude(b); m > 309 || m == 309 && atLeast(b, overflowDigits) {
		return math.Inf(1 - 2*btoi(b[0] == '-'))
	}
	f, _ := strconv.ParseFloat(unsafe.String(&b[0], len(b)), 64)
	return f
}

// overflowDigits are the digits of 2^1024 - 2^970, halfway between the
// largest float64 and 2^1024: a decimal of the same magnitude whose
// significant digits are at least these rounds to infinity.
const overflowDigits = "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792"

// atLeast reports whether the significant digits of the double text b, read
// as a decimal fraction, are at least the digits t.
func atLeast(b []byte, t string) bool {
	i := 0
	for _, c := range b {
		switch {
		case c|0x20 == 'e':
			return strings.TrimRight(t[i:], "0") == ""
		case c-'0' > 9 || c == '0' && i == 0:
			// a sign, the point, or a leading zero
		case i == len(t):
			if c != '0' {
				return true
			}
		case c != t[i]:
			return c > t[i]
		default:
			i++
		}
	}
	return strings.TrimRight(t[i:], "0") == ""
}

// magnitude returns the decimal exponent of the first significant digit of
// the valid double text b, plus one (so 1e400 gives 401), or 0 for zero.
func magnitude(b []byte) int {
	mag, seen, i := 0, false, 0
	if b[0] == '+' || b[0] == '-' {
		i++
	}
	for ; i < len(b) && b[i] != '.' && b[i]|0x20 != 'e'; i++ {
		seen = seen || b[i] != '0'
		mag += btoi(seen)
	}
	if i < len(b) && b[i] == '.' {
		for i++; i < len(b) && b[i]|0x20 != 'e'; i++ {
			seen = seen || b[i] != '0'
			mag -= btoi(!seen)
		}
	}
	if !seen {
		return 0
	}
	exp, sign := 0, 1
	if i++; i < len(b) && (b[i] == '+' || b[i] == '-') {
		sign = 1 - 2*btoi(b[i] == '-')
		i++
	}
	for ; i < len(b); i++ {
		exp = min(exp*10+int(b[i]-'0'), 1<<20)
	}
	return mag + sign*exp
}

// skipDigits returns the index of the first byte of b[i:end] that is not a
// decimal digit, or end (i if i > end). It reads eight bytes at a time while
// eight remain, without a bounds check: the caller keeps end <= len(b)
// and i >= 0.
func skipDigits(b []byte, i, end int) int {
	for i+8 <= end {
		k := digitRun(wordAt(b, i))
		if i += k; k < 8 {
			return i
		}
	}
	return skipFewDigits(b, i, end)
}

// skipFewDigits is skipDigits for a short run: it reads one byte at a time.
func skipFewDigits(b []byte, i, end int) int {
	for i < end && b[i]-'0' <= 9 {
		i++
	}
	return i
}

// isBigNumber reports whether b is a RESP3 big number: an optional '-' and
// one or more digits.
func isBigNumber(b []byte) bool { return bigNumberEnd(b, 0, len(b)) == len(b) }

// bigNumberEnd returns the index after the big number that starts at b[i],
// before end, or -1 if none starts there. As for skipDigits, end <= len(b)
// and i >= 0.
func bigNumberEnd(b []byte, i, end int) int {
	if i < end && b[i] == '-' {
		i++
	}
	if j := skipDigits(b, i, end); j > i {
		return j
	}
	return -1
}

// A Decoder decodes values and commands from byte slices that the caller
// owns, as an event-loop server that reads into its own buffers needs. It
// reuses its memory from one call to the next, so that in steady state
// decoding allocates nothing. The zero Decoder is ready to use, with the
// default limits.
//
// Each call parses src from its start, unless Resume is set.
type Decoder struct {
	// Limits bounds what Decode and DecodeCommand accept.
	Limits

	// Resume, if set, makes a call that follows one that returned
	// ErrIncomplete go on where that call stopped, when src is the same
	// slice extended (the same first byte in memory, at least as long): the
	// way an event loop appends what arrives to a connection's buffer. A
	// value that arrives in many pieces is then parsed once, in linear time;
	// without Resume each call parses the value again from its start. With
	// Resume, the bytes already passed must not change until the value is
	// decoded: to reuse the buffer for other input, call [Decoder.Reset].
	Resume bool

	d decoder

	// The src of the last call, if it returned ErrIncomplete.
	last    *byte
	lastLen int
	lastCmd bool
}

// Reset makes the next call start over, forgetting a partly decoded value
// (see Resume).
func (dec *Decoder) Reset() { dec.last = nil }

// start prepares the decoder for src, resuming if asked to and src extends
// the src of an incomplete last call.
func (dec *Decoder) start(src []byte, cmd bool) {
	changed := dec.d.setLimits(dec.Limits)
	if changed || !dec.Resume || dec.last == nil || dec.last != unsafe.SliceData(src) || len(src) < dec.lastLen || cmd != dec.lastCmd {
		dec.d.reset()
	}
	dec.last = nil
}

// result maps errNeedMore to ErrIncomplete, remembering src to resume.
func (dec *Decoder) result(src []byte, cmd bool, err error) error {
	if err == errNeedMore {
		dec.last, dec.lastLen, dec.lastCmd = unsafe.SliceData(src), len(src), cmd
		return ErrIncomplete
	}
	return err
}

// Decode decodes the value at the front of src and returns it with the
// number of bytes it took. If src holds only the beginning of a value, it
// returns an error for which errors.Is(err, ErrIncomplete) is true: call
// again once more bytes have arrived (see Resume). Any other
// error is a [*ProtocolError] whose Offset is relative to src.
//
// The Value aliases src and the Decoder's memory: it is valid until src is
// modified or the Decoder is used again. Attributes before the value are
// attached to it (see [Value.Attributes]).
func (dec *Decoder) Decode(src []byte) (Value, int, error) {
	if len(src) > 0 && valueStart[src[0]] == startSimple && (!dec.Resume || dec.last == nil) && !dec.d.general {
		// Nothing to resume: a common value needs no reset.
		dec.d.setLimits(dec.Limits)
		if v, n := dec.d.simple(src, 0); n >= 0 {
			dec.last = nil
			return v, n, nil
		}
	}
	dec.start(src, false)
	v, err := dec.d.value(src)
	if err != nil {
		return Value{}, 0, dec.result(src, false, err)
	}
	return v, dec.d.pos, nil
}

// DecodeCommand decodes the command at the front of src, as
// [Reader.ReadCommand] does, and returns its arguments with the number of
// bytes it took (which includes any empty commands skipped before it).
// Errors and resuming are as for [Decoder.Decode]. The arguments alias src
// and the Decoder's memory, and are valid until src is modified or the
// Decoder is used again.
func (dec *Decoder) DecodeCommand(src []byte) ([][]byte, int, error) {
	if (!dec.Resume || dec.last == nil) && !dec.d.general {
		// Nothing to resume: a common command needs no reset.
		dec.d.setLimits(dec.Limits)
		if args, n := dec.d.simpleCommand(src); n >= 0 {
			dec.last = nil
			return args, n, nil
		}
	}
	dec.start(src, true)
	args, err := dec.d.command(src)
	if err != nil {
		return nil, 0, dec.result(src, true, err)
	}
	return args, dec.d.pos, nil
}

// command decodes one command from src, resuming from the state of the last
// call: a multibulk array of bulk strings, or an inline command split the
// way Redis splits it. Empty commands (*0, *-1, blank lines) are skipped, as
// Redis skips them.
func (d *decoder) command(src []byte) ([][]byte, error) {
	for {
		p := d.pos
		if d.argc == 0 {
			d.start = p
			if p >= len(src) {
				return nil, d.more(p + 1)
			}
			if src[p] != '*' {
				if err := d.inline(src); err != nil || len(d.args) > 0 {
					return d.args, err
				}
				continue
			}
			if n, next := d.shortCount(src, p); next >= 0 && n <= d.lim.MaxElements && !d.general {
				d.pos, d.argc = next, n
				if n == 0 { // an empty command, skipped
					continue
				}
				p = next
			} else {
				cr, err := d.line(src)
				if err != nil {
					return nil, err
				}
				n, ok := parseInt(src[p+1 : cr])
				switch {
				case !ok:
					return nil, fail(ErrInvalidLength, p+1, "invalid multibulk length")
				case n > int64(d.lim.MaxElements):
					return nil, fail(ErrTooManyElements, p+1, "multibulk length "+strconv.FormatInt(n, 10)+", limit "+strconv.Itoa(d.lim.MaxElements))
				}
				d.pos = cr + 2
				d.argc = int(max(n, 0)) // a count <= 0 is an empty command, skipped
				continue
			}
		}
		if !d.general {
			p, d.argc = d.takeArgs(src, p, d.argc)
			d.pos = p
		}
		if d.argc == 0 {
			return d.args, nil
		}
		if p >= len(src) {
			return nil, d.more(p + 1)
		}
		if src[p] != '$' {
			return nil, fail(ErrInvalidCommand, p, "expected '$', got "+strconv.QuoteRune(rune(src[p])))
		}
		cr, err := d.line(src)
		if err != nil {
			return nil, err
		}
		n, ok := smallLen(src[p+1 : cr])
		if !ok {
			if n, err = d.header(src, cr, false, false); err != nil {
				return nil, err
			}
		}
		b, next, err := d.bulk(src, cr, n)
		if err != nil {
			return nil, err
		}
		d.args = append(d.args, b)
		d.pos = next
		if d.argc--; d.argc == 0 {
			return d.args, nil
		}
	}
}

// takeArgs appends to d.args the arguments at p that have arrived whole,
// at most argc of them (at most 64 at once: the room made for them is not
// sized by a header), in one call of simple. It returns the index after
// them and the number still expected.
func (d *decoder) takeArgs(src []byte, p, argc int) (int, int) {
	if argc == 0 || p >= len(src) || src[p] != '$' {
		return p, argc
	}
	d.run = min(argc, 64)
	d.args = slices.Grow(d.args, d.run)
	left := argc - d.run
	_, p = d.simple(src, p)
	left += d.run
	d.run = 0
	return p, left
}

// simpleCommand decodes at the front of src the common command: a
// multibulk of one to 99 arguments that have all arrived, taken in one run
// by simple. It reads a one-digit count and starts the run itself, as
// takeArgs would, to save two calls a command. It returns the arguments,
// in d.args, and the bytes they took, or n < 0 for anything else, which
// takes the general path. It uses no state but the limits and d.args, so
// that Reader and Decoder can try it before they reset.
func (d *decoder) simpleCommand(src []byte) (args [][]byte, n int) {
	if len(src) == 0 || src[0] != '*' {
		return nil, -1
	}
	argc, p := 0, -1
	if len(src) > 4 && uint(src[1]-'0') <= 9 && crlfAt(src, 2) { // shortCount's first case
		argc, p = int(src[1])-'0', 4
	} else {
		argc, p = d.shortCount(src, 0)
	}
	if p < 0 || p == len(src) || argc == 0 || argc > d.lim.MaxElements || src[p] != '$' {
		return nil, -1
	}
	d.args, d.run = slices.Grow(d.args[:0], argc), argc // argc < 100: room not sized by a header
	_, p = d.simple(src, p)
	if d.run != 0 {
		d.run = 0
		return nil, -1
	}
	return d.args, p
}

// shortCount recognizes at p a header line of a count of one or two digits
// (no leading zero), CRLF included: it returns the count and the index
// after the line, or next < 0 for anything else, which takes the general
// path.
func (d *decoder) shortCount(src []byte, p int) (n, next int) {
	if p+4 >= len(src) {
		return 0, -1
	}
	a, b := int(byteAt(src, p+1))-'0', int(byteAt(src, p+2))-'0'
	switch {
	case uint(a) > 9:
		return 0, -1
	case crlfAt(src, p+2):
		return a, p + 4
	case uint(b) <= 9 && a != 0 && crlfAt(src, p+3) && d.lim.MaxLineLen >= 2:
		return a*10 + b, p + 5
	}
	return 0, -1
}

// inline splits the inline command on the line at d.pos into d.args, as
// Redis's sdssplitargs does: arguments separated by spaces, double quotes
// with \xHH \n \r \t \b \a and \<any> escapes, single quotes with \'; a
// closing quote must be followed by a space or the end of the line; a NUL
// ends the line. The line ends in LF, with or without CR before it.
func (d *decoder) inline(src []byte) error {
	p := d.pos
	limit := p + d.lim.MaxLineLen // the latest index of the line's CR or LF
	from := max(d.scan, p)
	lf := len(src) // the index of the LF, or past what has arrived
	if i := bytes.IndexByte(src[from:min(len(src), limit+2)], '\n'); i >= 0 {
		lf = from + i
	}
	if lf > limit && (lf > limit+1 || src[limit] != '\r') {
		return fail(ErrLineTooLong, limit, "inline command longer than "+strconv.Itoa(d.lim.MaxLineLen)+" bytes")
	}
	if lf == len(src) {
		d.scan = len(src)
		return d.more(len(src) + 1)
	}
	line := src[p:lf]
	if len(line) > 0 && line[len(line)-1] == '\r' {
		line = line[:len(line)-1]
	}
	if z := bytes.IndexByte(line, 0); z >= 0 {
		line = line[:z]
	}
	d.pos, d.scan = lf+1, 0
	for j := 0; ; {
		for j < len(line) && isSpace(line[j]) {
			j++
		}
		if j == len(line) {
			return nil
		}
		start := len(d.text)
		var err error
		if j, err = d.inlineArg(line, j); err != nil {
			var pe *ProtocolError
			if errors.As(err, &pe) {
				pe.Offset += int64(p)
			}
			return err
		}
		d.args = append(d.args, d.text[start:len(d.text):len(d.text)])
	}
}

// inlineArg appends to d.text the argument that starts at line[j] and
// returns the index after it.
func (d *decoder) inlineArg(line []byte, j int) (int, error) {
	var quote byte // '"' or '\'' while inside quotes
	for ; ; j++ {
		if j == len(line) {
			if quote != 0 {
				return 0, fail(ErrInvalidCommand, j, "unbalanced quotes in request")
			}
			return j, nil
		}
		c := line[j]
		switch {
		case quote == '"' && c == '\\' && j+3 < len(line) && line[j+1] == 'x' && isHex(line[j+2]) && isHex(line[j+3]):
			d.text = append(d.text, unhex(line[j+2])<<4|unhex(line[j+3]))
			j += 3
		case quote == '"' && c == '\\' && j+1 < len(line):
			j++
			c = line[j]
			switch c {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'a':
				c = '\a'
			}
			d.text = append(d.text, c)
		case quote == '\'' && c == '\\' && j+1 < len(line) && line[j+1] == '\'':
			j++
			d.text = append(d.text, '\'')
		case quote != 0 && c == quote:
			if j+1 < len(line) && !isSpace(line[j+1]) {
				return 0, fail(ErrInvalidCommand, j+1, "closing quote must be followed by a space")
			}
			return j + 1, nil
		case quote != 0:
			d.text = append(d.text, c)
		case c == ' ' || c == '\n' || c == '\r' || c == '\t':
			return j, nil
		case c == '"' || c == '\'':
			quote = c
		default:
			d.text = append(d.text, c)
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// isSpace reports whether C's isspace does.
func isSpace(c byte) bool { return c == ' ' || c-'\t' <= '\r'-'\t' }

func isHex(c byte) bool { return c-'0' <= 9 || (c|0x20)-'a' <= 5 }

func unhex(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return c | 0x20 - 'a' + 10
}

// Decode decodes the value at the front of src with the default limits, as
// [Decoder.Decode] does. The Value aliases src. It allocates the elements of
// aggregates; use a [Decoder] to reuse that memory from call to call.
func Decode(src []byte) (v Value, n int, err error) {
	var dec Decoder
	return dec.Decode(src)
}
