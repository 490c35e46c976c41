package main

import (
	"bytes"
	"strconv"

	"github.com/respkit/resp"
)

// A formatter prints values the way redis-cli prints replies on a terminal
// (its cliFormatReplyTTY). See the package documentation for the kinds that
// redis-cli 7.0 cannot show.
type formatter struct {
	// maxShow, if not negative, is the longest bulk string shown; longer
	// ones are shown as "<N bytes>".
	maxShow int
}

// appendValue appends v formatted for a terminal, ending in a newline.
// Every line after the first starts with prefix, as in redis-cli, where the
// caller has already written the first line's index.
func (f *formatter) appendValue(dst []byte, v resp.Value, prefix []byte) []byte {
	if attrs, ok := v.Attributes(); ok && attrs.Len() > 0 {
		dst = append(f.appendEntries(dst, attrs, prefix, "|"), prefix...)
	}
	switch k := v.Kind(); k {
	case resp.KindSimpleError, resp.KindBulkError:
		dst = append(append(dst, "(error) "...), cutNUL(v.Bytes())...)
	case resp.KindSimpleString:
		dst = append(dst, cutNUL(v.Bytes())...)
	case resp.KindInteger:
		dst = strconv.AppendInt(append(dst, "(integer) "...), v.Int64(), 10)
	case resp.KindDouble:
		dst = append(append(dst, "(double) "...), v.Bytes()...)
	case resp.KindBigNumber:
		dst = append(append(dst, "(big number) "...), v.Bytes()...)
	case resp.KindBulkString:
		dst = f.appendBulk(dst, v.Bytes())
	case resp.KindVerbatimString:
		dst = append(dst, v.Bytes()...)
	case resp.KindNull:
		dst = append(dst, "(nil)"...)
	case resp.KindBoolean:
		dst = append(dst, boolText(v.Bool())...)
	default:
		if len(v.Elems()) == 0 {
			return append(dst, emptyText[k]+"\n"...)
		}
		if k == resp.KindPush {
			dst = append(append(dst, "(push)\n"...), prefix...)
		}
		return f.appendEntries(dst, v, prefix, "")
	}
	return append(dst, '\n')
}

var emptyText = map[resp.Kind]string{
	resp.KindArray: "(empty array)",
	resp.KindMap:   "(empty hash)",
	resp.KindSet:   "(empty set)",
	resp.KindPush:  "(empty push)",
}

func boolText(b bool) string {
	if b {
		return "(true)"
	}
	return "(false)"
}

// appendEntries appends the elements of the aggregate v, numbered as
// redis-cli numbers them: "1) " for arrays and pushes, "1~ " for sets,
// "1# k => v" for maps, each number after mark. The first line's prefix is
// written by the caller.
func (f *formatter) appendEntries(dst []byte, v resp.Value, prefix []byte, mark string) []byte {
	elems := v.Elems()
	n, step, sep := len(elems), 1, byte(')')
	switch v.Kind() {
	case resp.KindMap:
		n, step, sep = n/2, 2, '#'
	case resp.KindSet:
		sep = '~'
	}
	width := len(strconv.Itoa(n))
	inner := append(bytes.Clone(prefix), bytes.Repeat([]byte{' '}, width+len(mark)+2)...)
	for i := 0; i < len(elems); i += step {
		if i > 0 {
			dst = append(dst, prefix...)
		}
		dst = append(dst, mark...)
		idx := strconv.Itoa(i/step + 1)
		dst = append(dst, bytes.Repeat([]byte{' '}, width-len(idx))...)
		dst = append(append(append(dst, idx...), sep), ' ')
		dst = f.appendValue(dst, elems[i], inner)
		if step == 2 {
			dst = append(dst[:len(dst)-1], " => "...)
			if multiline(elems[i+1]) {
				dst = append(append(dst, '\n'), inner...)
			}
			dst = f.appendValue(dst, elems[i+1], inner)
		}
	}
	return dst
}

// multiline reports whether appendValue shows v on more than one line
// (redis-cli's cliIsMultilineValueTTY, extended to pushes and attributes).
func multiline(v resp.Value) bool {
	if attrs, ok := v.Attributes(); ok && attrs.Len() > 0 {
		return true
	}
	elems := v.Elems()
	switch {
	case len(elems) == 0:
		return false
	case v.Kind() == resp.KindPush:
		return true
	case v.Kind() == resp.KindMap:
		return len(elems) > 2 || multiline(elems[1])
	}
	return len(elems) > 1 || multiline(elems[0])
}

// appendBulk appends b quoted as redis-cli quotes it (Redis's sdscatrepr),
// or "<N bytes>" if it is longer than f.maxShow.
func (f *formatter) appendBulk(dst, b []byte) []byte {
	if f.maxShow >= 0 && len(b) > f.maxShow {
		return appendSize(dst, int64(len(b)))
	}
	return appendRepr(dst, b)
}

func appendSize(dst []byte, n int64) []byte {
	return append(strconv.AppendInt(append(dst, `"<`...), n, 10), ` bytes>"`...)
}

// appendRepr appends b in double quotes, escaped as Redis's sdscatrepr does:
// \\ \" \n \r \t \a \b, printable ASCII as it is, any other byte as \xHH.
func appendRepr(dst, b []byte) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	for _, c := range b {
		switch c {
		case '\\', '"':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, `\n`...)
		case '\r':
			dst = append(dst, `\r`...)
		case '\t':
			dst = append(dst, `\t`...)
		case '\a':
			dst = append(dst, `\a`...)
		case '\b':
			dst = append(dst, `\b`...)
		default:
			if c >= ' ' && c <= '~' {
				dst = append(dst, c)
			} else {
				dst = append(dst, '\\', 'x', hex[c>>4], hex[c&15])
			}
		}
	}
	return append(dst, '"')
}

// cutNUL returns b up to its first NUL: redis-cli prints simple strings and
// errors as C strings.
func cutNUL(b []byte) []byte {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return b[:i]
	}
	return b
}

// appendRaw appends v as redis-cli --raw shows it (without the final
// newline): payloads as they are, elements on lines of their own, map
// pairs as "key value", nothing for a null, errors with a newline.
// Attributes are not shown.
func appendRaw(dst []byte, v resp.Value) []byte {
	switch v.Kind() {
	case resp.KindSimpleError, resp.KindBulkError:
		return append(append(dst, v.Bytes()...), '\n')
	case resp.KindSimpleString, resp.KindBulkString, resp.KindVerbatimString, resp.KindDouble, resp.KindBigNumber:
		return append(dst, v.Bytes()...)
	case resp.KindInteger:
		return strconv.AppendInt(dst, v.Int64(), 10)
	case resp.KindBoolean:
		return append(dst, boolText(v.Bool())...)
	case resp.KindNull:
		return dst
	}
	elems := v.Elems()
	step := 1
	if v.Kind() == resp.KindMap {
		step = 2
	}
	for i := 0; i < len(elems); i += step {
		if i > 0 {
			dst = append(dst, '\n')
		}
		dst = appendRaw(dst, elems[i])
		if step == 2 {
			dst = appendRaw(append(dst, ' '), elems[i+1])
		}
	}
	return dst
}

// appendCommand appends args as one line that resp encode (and Redis's
// inline protocol) reads back: the name bare if it needs no quotes, every
// argument quoted as redis-cli quotes strings; arguments longer than
// f.maxShow as "<N bytes>".
func (f *formatter) appendCommand(dst []byte, args [][]byte) []byte {
	for i, a := range args {
		if i > 0 {
			dst = append(dst, ' ')
		}
		if i == 0 && bare(a) {
			dst = append(dst, a...)
		} else {
			dst = f.appendBulk(dst, a)
		}
	}
	return append(dst, '\n')
}

// bare reports whether b reads back unquoted: printable ASCII, no space,
// quote or backslash.
func bare(b []byte) bool {
	for _, c := range b {
		if c <= ' ' || c > '~' || c == '"' || c == '\'' || c == '\\' {
			return false
		}
	}
	return len(b) > 0
}
