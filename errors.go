package resp

import (
	"errors"
	"strconv"
)

// ErrIncomplete is returned by [Decode] and [Decoder.Decode] when src holds
// only the beginning of a value: call again once more bytes have arrived.
var ErrIncomplete = errors.New("resp: incomplete value")

// The classes of protocol violation. A [*ProtocolError] unwraps to one of
// them, so errors.Is(err, ErrInvalidLength) tells what went wrong.
var (
	// ErrUnknownType: a value starts with a byte that is no RESP type.
	ErrUnknownType = errors.New("unknown type byte")
	// ErrInvalidLength: a length or count is not a canonical decimal number
	// (no '+', no leading zeros, no overflow) or is negative other than -1.
	ErrInvalidLength = errors.New("invalid length")
	// ErrInvalidInteger: an integer (':') is not a canonical int64.
	ErrInvalidInteger = errors.New("invalid integer")
	// ErrInvalidDouble: a double (',') does not follow the RESP3 grammar.
	ErrInvalidDouble = errors.New("invalid double")
	// ErrInvalidBigNumber: a big number ('(') is not an optional '-' and digits.
	ErrInvalidBigNumber = errors.New("invalid big number")
	// ErrInvalidBoolean: a boolean ('#') is not t or f.
	ErrInvalidBoolean = errors.New("invalid boolean")
	// ErrInvalidNull: a null ('_') has a body.
	ErrInvalidNull = errors.New("invalid null")
	// ErrInvalidVerbatim: a verbatim string ('=') lacks its 3-byte format and ':'.
	ErrInvalidVerbatim = errors.New("invalid verbatim string")
	// ErrInvalidLine: a line holds a CR or LF that is not its CRLF ending.
	ErrInvalidLine = errors.New("bare CR or LF in line")
	// ErrMissingCRLF: a line or a bulk payload is not followed by CRLF.
	ErrMissingCRLF = errors.New("missing CRLF")
	// ErrInvalidStream: a streamed string or aggregate is malformed: a chunk
	// (';') or end ('.') out of place, a streamed map with a key but no value,
	// or an attribute with no value after it.
	ErrInvalidStream = errors.New("invalid streamed value")
	// ErrInvalidCommand: a command is not an array of bulk strings, or an
	// inline command has unbalanced quotes.
	ErrInvalidCommand = errors.New("invalid command")
	// ErrBulkTooLong: a bulk payload is longer than the MaxBulkLen limit.
	ErrBulkTooLong = errors.New("bulk length over limit")
	// ErrTooManyElements: an aggregate has more elements than the MaxElements limit.
	ErrTooManyElements = errors.New("element count over limit")
	// ErrTooDeep: aggregates nest deeper than the MaxDepth limit.
	ErrTooDeep = errors.New("nesting over depth limit")
	// ErrLineTooLong: a line is longer than the MaxLineLen limit.
	ErrLineTooLong = errors.New("line over length limit")
)

// A ProtocolError reports input that breaks the RESP grammar or a limit.
type ProtocolError struct {
	// Offset is the byte offset of the violation: from the start of the
	// stream for a Reader, from the start of src for Decode.
	Offset int64
	// Err is the class of the violation, one of the ErrInvalid… and limit
	// errors of this package.
	Err error
	// Detail says more about the violation; it may be empty.
	Detail string
}

// Error returns a message such as
// "resp: invalid length at offset 4: negative length -2".
func (e *ProtocolError) Error() string {
	s := "resp: " + e.Err.Error() + " at offset " + strconv.FormatInt(e.Offset, 10)
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}

// Unwrap returns e.Err.
func (e *ProtocolError) Unwrap() error { return e.Err }
