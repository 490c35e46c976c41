package resp

import (
	"encoding/binary"
	"math"
	"math/big"
	"math/bits"
	"slices"
	"strconv"
	"unsafe"
)

// The Append functions write RESP to the end of dst and return the extended
// buffer, in the style of strconv.AppendInt. They allocate only when dst
// lacks the capacity. Functions that take text accept a string or a []byte.

// appendHeader appends a type byte, a decimal number and CRLF. Numbers from
// 0 to 99 take their digits from a table; the others are written eight
// digits at a time, each word one store, with no branch on the sign and
// none on the number of digits below 10^8.
func appendHeader(dst []byte, k Kind, n int64) []byte {
	switch u := uint64(n); {
	case u < 10:
		return append(dst, byte(k), byte('0'+u), '\r', '\n')
	case u < 100:
		return append(dst, byte(k), digitPairs[2*u], digitPairs[2*u+1], '\r', '\n')
	}
	dst = slices.Grow(dst, 32)
	l, sign := len(dst), uint64(n)>>63 // sign is 1 if n is negative
	u := (uint64(n) ^ -sign) + sign
	var mid, low uint64 // the digits below the top eight, if any
	words := 0
	if u >= 1e8 {
		low, u, words = digits8(uint32(u%1e8)), u/1e8, 1
		if u >= 1e8 {
			mid, u, words = digits8(uint32(u%1e8)), u/1e8, 2
		}
	}
	top := digits8(uint32(u))
	lead := bits.TrailingZeros64(top|1<<56) >> 3 // the top word's leading zeros, keeping one digit
	d := dst[:cap(dst)]
	d[l], d[l+1] = byte(k), '-'
	p := l + 1 + int(sign)
	binary.LittleEndian.PutUint64(d[p:], top>>(8*lead)|ascii0)
	p += 8 - lead
	if words == 2 {
		binary.LittleEndian.PutUint64(d[p:], mid|ascii0)
		p += 8
	}
	if words > 0 {
		binary.LittleEndian.PutUint64(d[p:], low|ascii0)
		p += 8
	}
	binary.LittleEndian.PutUint16(d[p:], '\r'|'\n'<<8)
	return d[:p+2]
}

// digitPairs holds the two-digit numbers 00 to 99.
const digitPairs = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

// ascii0 turns eight digit values into their ASCII digits.
const ascii0 = 0x3030303030303030

// digits8 returns the eight decimal digits of r, less than 10^8, one a byte,
// the first in the low byte. It splits r into halves of four digits, those
// into pairs, and pairs into digits, every part of a step in one multiply
// (x/100 is x*5243>>19 for x < 43699, and x/10 is x*103>>10 for x < 179).
func digits8(r uint32) uint64 {
	x := uint64(r/10000) | uint64(r%10000)<<32
	hundreds := x * 5243 >> 19 & 0x7F_0000007F
	pairs := hundreds | (x-hundreds*100)<<16
	tens := pairs * 103 >> 10 & 0xF_000F_000F_000F
	return tens | (pairs-tens*10)<<8
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
	dst = append(slices.Grow(dst, len(s)+10), byte(k)) // room for the scan's last word
	start := len(dst)
	dst = append(dst, s...)
	if mayHoldCRLF(dst[start:cap(dst)], len(s)) {
		for i, c := range dst[start:] {
			if c == '\r' || c == '\n' {
				dst[start+i] = ' '
			}
		}
	}
	return append(dst, '\r', '\n')
}

// mayHoldCRLF reports whether the first n bytes of b may hold a CR or LF: it
// tells, eight bytes at a time, whether they hold a byte below 0x0E. It reads
// whole words, so b must extend to a multiple of 8 past n; the bytes after n
// are masked off, and there is no loop over a remainder to mispredict.
func mayHoldCRLF(b []byte, n int) bool {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	var below uint64
	for i := 0; i < n; i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		// A borrow only runs upwards, from the masked bytes to none that count.
		below |= (x - 0x0E*lo) &^ x & hi & (^uint64(0) >> (64 - 8*min(n-i, 8)))
	}
	return below != 0
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
	return encoder{}.value(dst, &v)
}

// AppendValueRESP2 appends v as Redis writes it to a RESP2 client: maps as
// flat arrays of keys and values, sets and pushes as arrays, nulls as $-1
// (or *-1 for a null that came as *-1), booleans as integers 1 and 0,
// doubles, big numbers and verbatim strings as bulk strings of their text,
// bulk errors as simple errors; attributes are dropped.
func AppendValueRESP2(dst []byte, v Value) []byte {
	return encoder{resp2: true}.value(dst, &v)
}

// An encoder writes Values to the buffer its methods take and return (in
// registers, not through memory). Bulk payloads go through bulk, which a
// Writer uses to send large payloads past its buffer.
type encoder struct {
	resp2 bool
	w     *Writer // if set, large payloads are written straight to it
}

// bulk appends a payload of kind k with its header: format and ':' first if
// format is set (a verbatim string), then b. Through a Writer the buffer
// never grows for a payload: one that does not fit is written after a flush,
// straight to the io.Writer if it is as long as half the buffer.
func (e encoder) bulk(dst []byte, k Kind, format string, b []byte) []byte {
	if format == "" && fitsShort(dst, len(b)) {
		return putShort(dst, k, b)
	}
	return e.bulkSlow(dst, k, format, b)
}

func (e encoder) bulkSlow(dst []byte, k Kind, format string, b []byte) []byte {
	n := len(b)
	if format != "" {
		n += len(format) + 1
	}
	dst = appendHeader(dst, k, int64(n))
	if format != "" {
		dst = append(append(dst, format...), ':')
	}
	if e.w != nil && len(dst)+len(b)+2 > cap(dst) {
		e.w.buf = dst
		if len(b) >= cap(dst)/2 {
			e.w.writeThrough(b)
		} else if e.w.Flush() == nil {
			e.w.buf = append(e.w.buf, b...)
		}
		dst = e.w.buf
	} else {
		dst = append(dst, b...)
	}
	return append(dst, '\r', '\n')
}

func (e encoder) value(dst []byte, v *Value) []byte {
	if v.attr != nil && !e.resp2 {
		dst = e.attributes(dst, v.attr)
	}
	// The fields are read directly: v's kind is known here.
	switch k := v.kind; k {
	case KindSimpleString, KindSimpleError:
		dst = appendLine(dst, k, v.raw())
	case KindBulkString:
		dst = e.bulk(dst, k, "", v.raw())
	case KindBulkError:
		if e.resp2 {
			dst = appendLine(dst, KindSimpleError, v.raw())
		} else {
			dst = e.bulk(dst, k, "", v.raw())
		}
	case KindVerbatimString:
		if e.resp2 {
			dst = e.bulk(dst, KindBulkString, "", v.raw()[4:])
		} else {
			dst = e.bulk(dst, k, "", v.raw())
		}
	case KindInteger:
		dst = appendHeader(dst, k, int64(v.n))
	case KindBoolean:
		switch {
		case e.resp2:
			dst = appendHeader(dst, KindInteger, int64(v.n))
		case v.n != 0:
			dst = append(dst, "#t\r\n"...)
		default:
			dst = append(dst, "#f\r\n"...)
		}
	case KindDouble:
		var tmp [32]byte
		text := v.raw()
		if text == nil {
			text = appendFloat(tmp[:0], math.Float64frombits(v.n))
		}
		if e.resp2 {
			dst = appendBulk(dst, KindBulkString, text)
		} else {
			dst = appendText(dst, k, text)
		}
	case KindBigNumber:
		if e.resp2 {
			dst = appendBulk(dst, KindBulkString, v.raw())
		} else {
			dst = appendText(dst, k, v.raw())
		}
	case KindArray, KindMap, KindSet, KindPush:
		n := v.n
		switch {
		case e.resp2:
			k = KindArray
		case k == KindMap:
			n /= 2
		}
		dst = appendHeader(dst, k, int64(n))
		elems := v.Elems()
		for i := range elems {
			if el := &elems[i]; el.kind == KindBulkString && el.attr == nil && fitsShort(dst, int(el.n)) {
				dst = putShort(dst, KindBulkString, el.raw()) // the common element, in line
			} else {
				dst = e.value(dst, el)
			}
		}
	default: // nulls, and the zero Value
		switch {
		case v.n == nullArray:
			dst = AppendNullArray(dst)
		case v.n == nullBulk || e.resp2:
			dst = AppendNullBulkString(dst)
		default:
			dst = AppendNull(dst)
		}
	}
	return dst
}

// attributes writes the attributes m, and first the attributes that came
// before them.
func (e encoder) attributes(dst []byte, m *Value) []byte {
	if m.attr != nil {
		dst = e.attributes(dst, m.attr)
	}
	dst = AppendAttributeLen(dst, m.Len())
	elems := m.Elems()
	for i := range elems {
		dst = e.value(dst, &elems[i])
	}
	return dst
}
