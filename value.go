package resp

import (
	"bytes"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unsafe"
)

// A Kind is the type of a [Value]. Its value is the byte that introduces the
// type on the wire, so Kind(b) converts a RESP type byte.
type Kind byte

// The kinds of RESP2 and RESP3 values. Attributes ('|') are not a kind of
// their own: they are attached to the value they precede (see
// [Value.Attributes]). RESP2's null bulk string ($-1) and null array (*-1)
// are values of kind KindNull (see [Value.NullKind]).
const (
	KindSimpleString   Kind = '+'
	KindSimpleError    Kind = '-'
	KindInteger        Kind = ':'
	KindBulkString     Kind = '$'
	KindArray          Kind = '*'
	KindNull           Kind = '_'
	KindBoolean        Kind = '#'
	KindDouble         Kind = ','
	KindBigNumber      Kind = '('
	KindBulkError      Kind = '!'
	KindVerbatimString Kind = '='
	KindMap            Kind = '%'
	KindSet            Kind = '~'
	KindPush           Kind = '>'
)

// String returns the name of the kind, such as "bulk string". For a byte
// that is no kind it returns, for example, Kind('x'), which allocates.
func (k Kind) String() string {
	switch k {
	case KindSimpleString:
		return "simple string"
	case KindSimpleError:
		return "simple error"
	case KindInteger:
		return "integer"
	case KindBulkString:
		return "bulk string"
	case KindArray:
		return "array"
	case KindNull:
		return "null"
	case KindBoolean:
		return "boolean"
	case KindDouble:
		return "double"
	case KindBigNumber:
		return "big number"
	case KindBulkError:
		return "bulk error"
	case KindVerbatimString:
		return "verbatim string"
	case KindMap:
		return "map"
	case KindSet:
		return "set"
	case KindPush:
		return "push"
	}
	return "Kind(" + strconv.QuoteRune(rune(k)) + ")"
}

// aggregate reports whether values of kind k hold elements.
func (k Kind) aggregate() bool {
	return k == KindArray || k == KindMap || k == KindSet || k == KindPush
}

// The wire forms of a null, held in Value.n.
const (
	nullBulk  = 1 // $-1
	nullArray = 2 // *-1
)

// A Value is one RESP value: a tagged union of every RESP2 and RESP3 type. It
// is small (32 bytes on 64-bit platforms) and is passed by value; copying a
// Value copies no payload.
//
// The zero Value is the RESP3 null.
//
// A Value returned by a [Reader] or a [Decoder] aliases memory that the
// reader reuses: its payload bytes, its elements and its attributes are valid
// only until the next read. [Value.Clone] makes a Value that owns its memory.
// A Value built by a constructor aliases the string or slices it was built
// from. Values are read-only: never modify a slice that an accessor returns.
//
// A Value has four fields, the most the compiler keeps in registers rather
// than memory: the decoder and encoder depend on it for their speed.
type Value struct {
	p    unsafe.Pointer // payload bytes (*byte), or first element (*Value)
	attr *Value         // attributes, a KindMap Value, or nil
	// n is the payload length, the number of elements (maps: keys and
	// values), the integer, the boolean, the float64 bits of a double not
	// decoded (p == nil), or for a null its wire form (nullBulk, nullArray).
	n    uint64
	kind Kind
}

func bytesValue(k Kind, b []byte) Value {
	return Value{kind: k, p: unsafe.Pointer(unsafe.SliceData(b)), n: uint64(len(b))}
}

func stringValue(k Kind, s string) Value {
	return Value{kind: k, p: unsafe.Pointer(unsafe.StringData(s)), n: uint64(len(s))}
}

func elemsValue(k Kind, elems []Value) Value {
	return Value{kind: k, p: unsafe.Pointer(unsafe.SliceData(elems)), n: uint64(len(elems))}
}

// SimpleStringValue returns a simple string, aliasing s. CR and LF cannot be
// sent in a simple string: the encoder writes them as spaces, as Redis does.
func SimpleStringValue(s string) Value { return stringValue(KindSimpleString, s) }

// ErrorValue returns a simple error, such as "ERR unknown command", aliasing
// s. The encoder writes CR and LF as spaces, as Redis does.
func ErrorValue(s string) Value { return stringValue(KindSimpleError, s) }

// BulkErrorValue returns a bulk error, aliasing s.
func BulkErrorValue(s string) Value { return stringValue(KindBulkError, s) }

// StringValue returns a bulk string holding s, aliasing s.
func StringValue(s string) Value { return stringValue(KindBulkString, s) }

// BytesValue returns a bulk string holding b, aliasing b: b must not be
// modified while the Value is in use.
func BytesValue(b []byte) Value { return bytesValue(KindBulkString, b) }

// Int64Value returns an integer.
func Int64Value(n int64) Value { return Value{kind: KindInteger, n: uint64(n)} }

// BoolValue returns a RESP3 boolean.
func BoolValue(b bool) Value {
	v := Value{kind: KindBoolean}
	if b {
		v.n = 1
	}
	return v
}

// Float64Value returns a RESP3 double. The encoder writes it in the shortest
// form that reads back as f, and writes infinities and NaN as inf, -inf and
// nan.
func Float64Value(f float64) Value { return Value{kind: KindDouble, n: math.Float64bits(f)} }

// BigNumberValue returns a RESP3 big number holding x. It allocates the
// decimal text of x.
func BigNumberValue(x *big.Int) Value { return stringValue(KindBigNumber, x.String()) }

// VerbatimStringValue returns a RESP3 verbatim string of the given format,
// such as "txt" or "mkd". It panics if format is not 3 bytes long or holds a
// colon. It allocates the wire payload, format + ":" + text.
func VerbatimStringValue(format, text string) Value {
	if len(format) != 3 || strings.IndexByte(format, ':') >= 0 {
		panic("resp: verbatim string format must be 3 bytes without ':', got " + strconv.Quote(format))
	}
	return stringValue(KindVerbatimString, format+":"+text)
}

// NullValue returns the RESP3 null (_). Encoded for a RESP2 peer it becomes
// the null bulk string ($-1).
func NullValue() Value { return Value{kind: KindNull} }

// NullBulkStringValue returns the RESP2 null bulk string ($-1), a Value of
// kind KindNull that encodes as $-1.
func NullBulkStringValue() Value { return Value{kind: KindNull, n: nullBulk} }

// NullArrayValue returns the RESP2 null array (*-1), a Value of kind KindNull
// that encodes as *-1.
func NullArrayValue() Value { return Value{kind: KindNull, n: nullArray} }

// ArrayValue returns an array of elems, aliasing elems.
func ArrayValue(elems ...Value) Value { return elemsValue(KindArray, elems) }

// SetValue returns a RESP3 set of elems, aliasing elems.
func SetValue(elems ...Value) Value { return elemsValue(KindSet, elems) }

// PushValue returns a RESP3 push message of elems, aliasing elems. Its first
// element names the kind of push, such as "message" or "invalidate".
func PushValue(elems ...Value) Value { return elemsValue(KindPush, elems) }

// MapValue returns a RESP3 map whose keys and values alternate in kvs (key,
// value, key, value…), aliasing kvs. It panics if len(kvs) is odd.
func MapValue(kvs ...Value) Value {
	if len(kvs)%2 != 0 {
		panic("resp: MapValue needs an even number of keys and values")
	}
	return elemsValue(KindMap, kvs)
}

// WithAttributes returns v carrying the RESP3 attributes attrs, a map (see
// [MapValue]), which the encoder writes before v. It panics if attrs is not of
// kind KindMap. It allocates one Value.
func (v Value) WithAttributes(attrs Value) Value {
	if attrs.kind != KindMap {
		panic("resp: attributes must be a map, got " + attrs.Kind().String())
	}
	v.attr = &attrs
	return v
}

// Kind returns the kind of v.
func (v Value) Kind() Kind {
	if v.kind == 0 {
		return KindNull
	}
	return v.kind
}

// IsNull reports whether v is a null: RESP3's _, or RESP2's $-1 or *-1.
func (v Value) IsNull() bool { return v.Kind() == KindNull }

// NullKind reports the wire form of a null: KindNull for _, KindBulkString
// for $-1, KindArray for *-1. It returns 0 if v is not a null.
func (v Value) NullKind() Kind {
	switch {
	case !v.IsNull():
		return 0
	case v.n == nullBulk:
		return KindBulkString
	case v.n == nullArray:
		return KindArray
	}
	return KindNull
}

// IsError reports whether v is a simple error or a bulk error.
func (v Value) IsError() bool { return v.kind == KindSimpleError || v.kind == KindBulkError }

// mustBe panics unless v is of kind k.
func (v Value) mustBe(method string, k Kind) {
	if v.kind != k {
		v.wrongKind(method)
	}
}

func (v Value) wrongKind(method string) {
	panic("resp: Value." + method + " called on a " + v.Kind().String())
}

// Int64 returns the integer held by v. It panics if v is not an integer.
func (v Value) Int64() int64 {
	v.mustBe("Int64", KindInteger)
	return int64(v.n)
}

// Bool returns the boolean held by v. It panics if v is not a boolean.
func (v Value) Bool() bool {
	v.mustBe("Bool", KindBoolean)
	return v.n != 0
}

// Float64 returns the double held by v. It panics if v is not a double. For
// a decoded double it parses the wire text, allocating nothing.
func (v Value) Float64() float64 {
	v.mustBe("Float64", KindDouble)
	if v.p != nil { // decoded: parse the wire text
		return doubleValue(v.raw())
	}
	return math.Float64frombits(v.n)
}

// BigInt returns the big number held by v as a new big.Int. It panics if v is
// not a big number. It allocates.
func (v Value) BigInt() *big.Int {
	v.mustBe("BigInt", KindBigNumber)
	x, _ := new(big.Int).SetString(string(v.raw()), 10)
	return x
}

// raw returns the payload bytes of v as stored.
func (v Value) raw() []byte {
	if v.p == nil {
		return nil
	}
	return unsafe.Slice((*byte)(v.p), v.n)
}

// Bytes returns the text of a string-like value: the payload of a simple
// string, simple error, bulk string or bulk error, the text of a verbatim
// string (without its format), the digits of a big number, and the wire text of
// a double (for a double built by [Float64Value], Bytes allocates its
// formatted text). It panics for any other kind. The slice aliases v's memory
// (for a decoded Value, the reader's buffer): do not modify it.
func (v Value) Bytes() []byte {
	switch v.Kind() {
	case KindSimpleString, KindSimpleError, KindBulkString, KindBulkError, KindBigNumber:
		return v.raw()
	case KindVerbatimString:
		return v.raw()[4:]
	case KindDouble:
		if v.p == nil {
			return appendFloat(nil, v.Float64())
		}
		return v.raw()
	}
	v.wrongKind("Bytes")
	return nil
}

// Format returns the 3-byte format of a verbatim string, such as "txt". It
// panics if v is not a verbatim string. The slice aliases v's memory.
func (v Value) Format() []byte {
	v.mustBe("Format", KindVerbatimString)
	return v.raw()[:3]
}

// Elems returns the elements of an array, set, push or map; for a map, keys
// and values alternate (key, value, key, value…). It returns nil for any other
// kind. The slice aliases v's memory (for a decoded Value, the reader's arena):
// do not modify it.
func (v Value) Elems() []Value {
	if !v.kind.aggregate() || v.n == 0 {
		return nil
	}
	return unsafe.Slice((*Value)(v.p), v.n)
}

// Len returns the number of elements of an array, set or push, the number of
// pairs of a map, and the length in bytes of what [Value.Bytes] returns for a
// string-like value. It returns 0 for any other kind.
func (v Value) Len() int {
	switch v.Kind() {
	case KindMap:
		return int(v.n / 2)
	case KindVerbatimString:
		return int(v.n - 4)
	case KindDouble:
		if v.p == nil {
			var tmp [32]byte
			return len(appendFloat(tmp[:0], v.Float64()))
		}
	case KindInteger, KindNull, KindBoolean:
		return 0
	}
	return int(v.n)
}

// Attributes returns the RESP3 attributes sent before v, as a map, and
// whether there were any. The map aliases v's memory.
func (v Value) Attributes() (Value, bool) {
	if v.attr == nil {
		return Value{}, false
	}
	return *v.attr, true
}

// Clone returns a deep copy of v that shares no memory with v, so that it
// outlives the reader that decoded v. It makes at most two allocations, one
// for all payload bytes and one for all elements and attributes.
func (v Value) Clone() Value {
	var nb, nv int
	v.footprint(&nb, &nv)
	c := cloner{b: make([]byte, 0, nb), v: make([]Value, 0, nv)}
	return c.clone(v)
}

// footprint adds to nb and nv the bytes and Values that a clone of v needs.
func (v Value) footprint(nb, nv *int) {
	if v.attr != nil {
		*nv++
		v.attr.footprint(nb, nv)
	}
	if !v.kind.aggregate() {
		*nb += len(v.raw())
		return
	}
	*nv += int(v.n)
	for _, e := range v.Elems() {
		e.footprint(nb, nv)
	}
}

// A cloner copies Values into memory allocated to the exact size, so that
// appending never moves what was already copied.
type cloner struct {
	b []byte
	v []Value
}

func (c *cloner) clone(v Value) Value {
	if v.attr != nil {
		i := len(c.v)
		c.v = c.v[:i+1]
		c.v[i] = c.clone(*v.attr)
		v.attr = &c.v[i]
	}
	if v.kind.aggregate() {
		elems := v.Elems()
		i := len(c.v)
		c.v = c.v[:i+len(elems)]
		for j, e := range elems {
			c.v[i+j] = c.clone(e)
		}
		if len(elems) > 0 {
			v.p = unsafe.Pointer(&c.v[i])
		}
		return v
	}
	if v.p != nil {
		i := len(c.b)
		c.b = append(c.b, v.raw()...)
		v.p = nil
		if v.n > 0 {
			v.p = unsafe.Pointer(&c.b[i])
		}
	}
	return v
}

// Equal reports whether v and w are the same RESP value: the same kind, the
// same null form, the same payload, equal elements and equal attributes.
// Doubles compare by value (all NaNs are equal; 0 and -0 are not), not by
// their wire text.
func (v Value) Equal(w Value) bool {
	if v.Kind() != w.Kind() || v.NullKind() != w.NullKind() {
		return false
	}
	if (v.attr == nil) != (w.attr == nil) || v.attr != nil && !v.attr.Equal(*w.attr) {
		return false
	}
	switch v.Kind() {
	case KindInteger, KindBoolean:
		return v.n == w.n
	case KindNull:
		return true
	case KindDouble:
		a, b := v.Float64(), w.Float64()
		return math.Float64bits(a) == math.Float64bits(b) || a != a && b != b
	}
	if !v.kind.aggregate() {
		return bytes.Equal(v.raw(), w.raw())
	}
	ve, we := v.Elems(), w.Elems()
	if len(ve) != len(we) {
		return false
	}
	for i := range ve {
		if !ve[i].Equal(we[i]) {
			return false
		}
	}
	return true
}

// String returns v formatted for reading, like fmt.Sprint formats Go values:
// the text of string-like values, numbers in decimal, "true" or "false",
// "<nil>" for nulls, aggregates in brackets and maps as map[k:v …]. Attributes
// are not shown. It allocates.
func (v Value) String() string { return string(v.appendText(nil)) }

func (v Value) appendText(dst []byte) []byte {
	switch v.Kind() {
	case KindInteger:
		return strconv.AppendInt(dst, v.Int64(), 10)
	case KindBoolean:
		return strconv.AppendBool(dst, v.Bool())
	case KindNull:
		return append(dst, "<nil>"...)
	case KindMap:
		dst = append(dst, "map["...)
		elems := v.Elems()
		for i := 0; i < len(elems); i += 2 {
			if i > 0 {
				dst = append(dst, ' ')
			}
			dst = elems[i].appendText(dst)
			dst = append(dst, ':')
			dst = elems[i+1].appendText(dst)
		}
		return append(dst, ']')
	case KindArray, KindSet, KindPush:
		dst = append(dst, '[')
		for i, e := range v.Elems() {
			if i > 0 {
				dst = append(dst, ' ')
			}
			dst = e.appendText(dst)
		}
		return append(dst, ']')
	}
	return append(dst, v.Bytes()...)
}
