package resp

import (
	"encoding/binary"
	"math"
	"math/big"
	"strconv"
	"unsafe"
)

// The Append functions write RESP to the end of dst and return the extended
// buffer, in the style of strconv.AppendInt. They allocate only when dst
// lacks the capacity. Functions that take text accept a string or a []byte.

// appendHeader appends a type byte, a decimal number and CRLF.
func appendHeader(dst []byte, k Kind, n int64) []byte {
	switch u := uint64(n); {
	case u < 10:
		return append(dst, byte(k), byte('0'+u), '\r', '\n')
	case u < 100:
		return append(dst, byte(k), digitPairs[2*u], digitPairs[2*u+1], '\r', '\n')
	case u < 1000:
		q, r := u/100, u%100
		return append(dst, byte(k), byte('0'+q), digitPairs[2*r], digitPairs[2*r+1], '\r', '\n')
	}
	var b [24]byte
	b[22], b[23] = '\r', '\n'
	i := formatInt(b[:22], n) - 1
	b[i] = byte(k)
	return append(dst, b[i:]...)
}

// digitPairs holds the two-digit numbers 00 to 99.
const digitPairs = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

// formatInt writes n in decimal at the end of b, which has room for it
// (at least 20 bytes), and returns the index where it starts. It writes eight digits
// at a time, as four pairs that do not wait on each other.
func formatInt(b []byte, n int64) int {
	sign := uint64(n) >> 63 // 1 if negative: no branch on a random sign
	u := (uint64(n) ^ -sign) + sign
	i := len(b)
	for u >= 1e8 {
		q := u / 1e8
		i -= 8
		put8((*[8]byte)(b[i:]), uint32(u-q*1e8))
		u = q
	}
	r := uint32(u)
	for r >= 100 {
		i -= 2
		putPair(b[i:], r%100)
		r /= 100
	}
	if r >= 10 {
		i -= 2
		putPair(b[i:], r)
	} else {
		i--
		b[i] = byte('0' + r)
	}
	b[i-1] = '-'
	return i - int(sign)
}

// put8 writes the eight digits of r, less than 10^8, to b.
func put8(b *[8]byte, r uint32) {
	hi, lo := r/1e4, r%1e4
	a, c, d, e := 2*(hi/100), 2*(hi%100), 2*(lo/100), 2*(lo%100)
	b[0], b[1] = digitPairs[a], digitPairs[a+1]
	b[2], b[3] = digitPairs[c], digitPairs[c+1]
	b[4], b[5] = digitPairs[d], digitPairs[d+1]
	b[6], b[7] = digitPairs[e], digitPairs[e+1]
}

// putPair writes the two digits of r, less than 100, to b.
func putPair(b []byte, r uint32) {
	b[0], b[1] = digitPairs[2*r], digitPairs[2*r+1]
}

// appendText appends a type byte, text known to hold no CR or LF, and CRLF.
func appendText(dst []byte, k Kind, text []byte) []byte {
	dst = append(dst, byte(k))
	dst = append(dst, text...)
	return append(dst, '\r', '\n')
}

// appendLine appends a type byte, s with CR and LF turned into spaces, and
// CRLF.
func appendLine[S ~string | ~[]byte](dst []byte, k Kind, s S) []byte {
	dst = append(dst, byte(k))
	start := len(dst)
	dst = append(dst, s...)
	if mayHoldCRLF(dst[start:]) {
		for i, c := range dst[start:] {
			if c == '\r' || c == '\n' {
				dst[start+i] = ' '
			}
		}
	}
	return append(dst, '\r', '\n')
}

// mayHoldCRLF reports whether b may hold a CR or LF: it tells, eight bytes
// at a time, whether b holds a byte below 0x0E.
func mayHoldCRLF(b []byte) bool {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	for ; len(b) >= 8; b = b[8:] {
		if x := binary.LittleEndian.Uint64(b); (x-0x0E*lo)&^x&hi != 0 {
			return true
		}
	}
	for _, c := range b {
		if c < 0x0E {
			return true
		}
	}
	return false
}

// appendBulk appends a length header of kind k, s and CRLF.
func appendBulk[S ~string | ~[]byte](dst []byte, k Kind, s S) []byte {
	if fitsShort(dst, len(s)) {
		return putShort(dst, k, s)
	}
	dst = appendHeader(dst, k, int64(len(s)))
	dst = append(dst, s...)
	return append(dst, '\r', '\n')
}

// fitsShort reports whether putShort can append a payload of n bytes to dst.
func fitsShort(dst []byte, n int) bool { return n < 100 && cap(dst)-len(dst) >= n+8 }

// putShort appends a header of kind k, s and CRLF to dst, which fitsShort
// says has room: the header is one 8-byte store.
func putShort[S ~string | ~[]byte](dst []byte, k Kind, s S) []byte {
	l, n, h := len(dst), len(s), shortHeads[len(s)&127]
	m := 1 + int(h>>56) // the header's length
	p := unsafe.Add(unsafe.Pointer(unsafe.SliceData(dst)), l)
	binary.LittleEndian.PutUint64(unsafe.Slice((*byte)(p), 8), uint64(k)|h<<8)
	binary.LittleEndian.PutUint16(unsafe.Slice((*byte)(unsafe.Add(p, m+n)), 2), '\r'|'\n'<<8)
	copy(unsafe.Slice((*byte)(unsafe.Add(p, m)), n), s)
	return dst[:l+m+n+2]
}

// shortHeads[n] holds, for n < 100, the decimal digits of n and CRLF in its
// low bytes, and their count in its top byte. Its length is a power of two
// so that an index masked to it needs no bounds check.
var shortHeads = func() (t [128]uint64) {
	for n := range 100 {
		var b [8]byte
		b[7] = byte(copy(b[:], strconv.Itoa(n)+"\r\n"))
		t[n] = binary.LittleEndian.Uint64(b[:])
	}
	return t
}()

// AppendSimpleString appends the simple string s (+s). CR and LF, which a
// simple string cannot hold, are written as spaces, as Redis does.
func AppendSimpleString[S ~string | ~[]byte](dst []byte, s S) []byte {
	return appendLine(dst, KindSimpleString, s)
}

// AppendError appends the simple error s (-s), such as "ERR syntax error".
// CR and LF are written as spaces, as Redis does.
func AppendError[S ~string | ~[]byte](dst []byte, s S) []byte {
	return appendLine(dst, KindSimpleError, s)
}

// AppendBulkString appends the bulk string s ($len, s).
func AppendBulkString[S ~string | ~[]byte](dst []byte, s S) []byte {
	return appendBulk(dst, KindBulkString, s)
}

// AppendBulkError appends the RESP3 bulk error s (!len, s).
func AppendBulkError[S ~string | ~[]byte](dst []byte, s S) []byte {
	return appendBulk(dst, KindBulkError, s)
}

// AppendVerbatimString appends the RESP3 verbatim string text with the
// 3-byte format, such as "txt" or "mkd" (=len, format:text). It panics if
// format is not 3 bytes long.
func AppendVerbatimString[S ~string | ~[]byte](dst []byte, format string, text S) []byte {
	if len(format) != 3 {
		panic("resp: verbatim string format must be 3 bytes, got " + strconv.Quote(format))
	}
	dst = appendHeader(dst, KindVerbatimString, int64(len(text)+4))
	dst = append(dst, format...)
	dst = append(dst, ':')
	dst = append(dst, text...)
	return append(dst, '\r', '\n')
}

// AppendInteger appends the integer n (:n).
func AppendInteger(dst []byte, n int64) []byte { return appendHeader(dst, KindInteger, n) }

// AppendNull appends the RESP3 null (_).
func AppendNull(dst []byte) []byte { return append(dst, "_\r\n"...) }

// AppendNullBulkString appends the RESP2 null bulk string ($-1).
func AppendNullBulkString(dst []byte) []byte { return append(dst, "$-1\r\n"...) }

// AppendNullArray appends the RESP2 null array (*-1).
func AppendNullArray(dst []byte) []byte { return append(dst, "*-1\r\n"...) }

// AppendBool appends the RESP3 boolean b (#t or #f).
func AppendBool(dst []byte, b bool) []byte {
	if b {
		return append(dst, "#t\r\n"...)
	}
	return append(dst, "#f\r\n"...)
}

// AppendDouble appends the RESP3 double f (,f) in the shortest form that
// reads back as f; infinities and NaN are written inf, -inf and nan.
func AppendDouble(dst []byte, f float64) []byte {
	dst = append(dst, byte(KindDouble))
	dst = appendFloat(dst, f)
	return append(dst, '\r', '\n')
}

// appendFloat appends the text of a RESP3 double.
func appendFloat(dst []byte, f float64) []byte {
	switch {
	case math.IsInf(f, 1):
		return append(dst, "inf"...)
	case math.IsInf(f, -1):
		return append(dst, "-inf"...)
	case f != f:
		return append(dst, "nan"...)
	}
	return strconv.AppendFloat(dst, f, 'g', -1, 64)
}

// AppendBigNumber appends the RESP3 big number x ((digits). Formatting an x
// beyond the int64 range allocates, as big.Int.Append does.
func AppendBigNumber(dst []byte, x *big.Int) []byte {
	dst = append(dst, byte(KindBigNumber))
	dst = appendBig(dst, x)
	return append(dst, '\r', '\n')
}

// appendBig appends the decimal digits of x.
func appendBig(dst []byte, x *big.Int) []byte {
	if x.IsInt64() {
		return strconv.AppendInt(dst, x.Int64(), 10)
	}
	return x.Append(dst, 10)
}

// AppendArrayLen appends the header of an array of n elements (*n); the
// elements follow it.
func AppendArrayLen(dst []byte, n int) []byte { return appendHeader(dst, KindArray, int64(n)) }

// AppendMapLen appends the header of a RESP3 map of n pairs (%n); n keys and
// values follow it, alternating.
func AppendMapLen(dst []byte, n int) []byte { return appendHeader(dst, KindMap, int64(n)) }

// AppendSetLen appends the header of a RESP3 set of n elements (~n).
func AppendSetLen(dst []byte, n int) []byte { return appendHeader(dst, KindSet, int64(n)) }

// AppendPushLen appends the header of a RESP3 push of n elements (>n).
func AppendPushLen(dst []byte, n int) []byte { return appendHeader(dst, KindPush, int64(n)) }

// AppendAttributeLen appends the header of RESP3 attributes of n pairs (|n);
// n keys and values follow, then the value they describe.
func AppendAttributeLen(dst []byte, n int) []byte { return appendHeader(dst, '|', int64(n)) }

// AppendCommand appends a command, as a client sends it: an array of bulk
// strings, one per argument.
func AppendCommand[S ~string | ~[]byte](dst []byte, args ...S) []byte {
	dst = AppendArrayLen(dst, len(args))
	for _, a := range args {
		if fitsShort(dst, len(a)) {
			dst = putShort(dst, KindBulkString, a) // in line, without a call
		} else {
			dst = appendBulk(dst, KindBulkString, a)
		}
	}
	return dst
}

// AppendValue appends v as RESP3, attributes first. A decoded Value is
// written back byte for byte as it came, except that streamed strings and
// aggregates are written whole, with their length.
func AppendValue(dst []byte, v Value) []byte {
	e := encoder{buf: dst}
	e.value(&v)
	return e.buf
}

// AppendValueRESP2 appends v as Redis writes it to a RESP2 client: maps as
// flat arrays of keys and values, sets and pushes as arrays, nulls as $-1
// (or *-1 for a null that came as *-1), booleans as integers 1 and 0,
// doubles, big numbers and verbatim strings as bulk strings of their text,
// bulk errors as simple errors; attributes are dropped.
func AppendValueRESP2(dst []byte, v Value) []byte {
	e := encoder{buf: dst, resp2: true}
	e.value(&v)
	return e.buf
}

// An encoder writes Values. Bulk payloads go through bulk, which a Writer
// uses to send large payloads past its buffer.
type encoder struct {
	buf   []byte
	resp2 bool
	w     *Writer // if set, large payloads are written straight to it
}

// bulk appends a payload of kind k with its header: format and ':' first if
// format is set (a verbatim string), then b. Through a Writer the buffer
// never grows for a payload: one that does not fit is written after a flush,
// straight to the io.Writer if it is as long as half the buffer.
func (e *encoder) bulk(k Kind, format string, b []byte) {
	if format == "" && fitsShort(e.buf, len(b)) {
		e.buf = putShort(e.buf, k, b)
		return
	}
	e.bulkSlow(k, format, b)
}

func (e *encoder) bulkSlow(k Kind, format string, b []byte) {
	n := len(b)
	if format != "" {
		n += len(format) + 1
	}
	e.buf = appendHeader(e.buf, k, int64(n))
	if format != "" {
		e.buf = append(append(e.buf, format...), ':')
	}
	if e.w != nil && len(e.buf)+len(b)+2 > cap(e.buf) {
		e.w.buf = e.buf
		if len(b) >= cap(e.buf)/2 {
			e.w.writeThrough(b)
		} else if e.w.Flush() == nil {
			e.w.buf = append(e.w.buf, b...)
		}
		e.buf = e.w.buf
	} else {
		e.buf = append(e.buf, b...)
	}
	e.buf = append(e.buf, '\r', '\n')
}

func (e *encoder) value(v *Value) {
	if v.attr != nil && !e.resp2 {
		e.attributes(v.attr)
	}
	// The fields are read directly: v's kind is known here.
	switch k := v.kind; k {
	case KindSimpleString, KindSimpleError:
		e.buf = appendLine(e.buf, k, v.raw())
	case KindBulkString:
		e.bulk(k, "", v.raw())
	case KindBulkError:
		if e.resp2 {
			e.buf = appendLine(e.buf, KindSimpleError, v.raw())
		} else {
			e.bulk(k, "", v.raw())
		}
	case KindVerbatimString:
		if e.resp2 {
			e.bulk(KindBulkString, "", v.raw()[4:])
		} else {
			e.bulk(k, "", v.raw())
		}
	case KindInteger:
		e.buf = appendHeader(e.buf, k, int64(v.n))
	case KindBoolean:
		switch {
		case e.resp2:
			e.buf = appendHeader(e.buf, KindInteger, int64(v.n))
		case v.n != 0:
			e.buf = append(e.buf, "#t\r\n"...)
		default:
			e.buf = append(e.buf, "#f\r\n"...)
		}
	case KindDouble:
		var tmp [32]byte
		text := v.raw()
		if text == nil {
			text = appendFloat(tmp[:0], math.Float64frombits(v.n))
		}
		if e.resp2 {
			e.buf = appendBulk(e.buf, KindBulkString, text)
		} else {
			e.buf = appendText(e.buf, k, text)
		}
	case KindBigNumber:
		if e.resp2 {
			e.buf = appendBulk(e.buf, KindBulkString, v.raw())
		} else {
			e.buf = appendText(e.buf, k, v.raw())
		}
	case KindArray, KindMap, KindSet, KindPush:
		n := v.n
		switch {
		case e.resp2:
			k = KindArray
		case k == KindMap:
			n /= 2
		}
		e.buf = appendHeader(e.buf, k, int64(n))
		elems := v.Elems()
		for i := range elems {
			if el := &elems[i]; el.kind == KindBulkString && el.attr == nil && fitsShort(e.buf, int(el.n)) {
				e.buf = putShort(e.buf, KindBulkString, el.raw()) // the common element, in line
			} else {
				e.value(el)
			}
		}
	default: // nulls, and the zero Value
		switch {
		case v.n == nullArray:
			e.buf = AppendNullArray(e.buf)
		case v.n == nullBulk || e.resp2:
			e.buf = AppendNullBulkString(e.buf)
		default:
			e.buf = AppendNull(e.buf)
		}
	}
}

// attributes writes the attributes m, and first the attributes that came
// before them.
func (e *encoder) attributes(m *Value) {
	if m.attr != nil {
		e.attributes(m.attr)
	}
	e.buf = AppendAttributeLen(e.buf, m.Len())
	elems := m.Elems()
	for i := range elems {
		e.value(&elems[i])
	}
}
