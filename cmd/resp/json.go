package main

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/respkit/resp"
)

// jsonValue is one RESP value in the JSON mapping of decode -json and
// encode -json, described in the package documentation.
type jsonValue struct {
	Kind   string      `json:"kind"`
	Format string      `json:"format,omitempty"`
	Value  any         `json:"value,omitempty"`
	Base64 bool        `json:"base64,omitempty"`
	Elems  []jsonValue `json:"elems,omitempty"`
	Attrs  *jsonValue  `json:"attrs,omitempty"`
}

// kinds maps the JSON names of kinds (resp.Kind.String) to kinds.
var kinds = map[string]resp.Kind{}

func init() {
	for _, k := range []resp.Kind{
		resp.KindSimpleString, resp.KindSimpleError, resp.KindInteger, resp.KindBulkString,
		resp.KindArray, resp.KindNull, resp.KindBoolean, resp.KindDouble, resp.KindBigNumber,
		resp.KindBulkError, resp.KindVerbatimString, resp.KindMap, resp.KindSet, resp.KindPush,
	} {
		kinds[k.String()] = k
	}
}

// toJSON returns the JSON mapping of v.
func toJSON(v resp.Value) jsonValue {
	j := jsonValue{Kind: v.Kind().String()}
	if attrs, ok := v.Attributes(); ok {
		a := toJSON(attrs)
		j.Attrs = &a
	}
	switch v.Kind() {
	case resp.KindSimpleString, resp.KindSimpleError, resp.KindBulkString, resp.KindBulkError, resp.KindVerbatimString:
		text := v.Bytes()
		var format []byte
		if v.Kind() == resp.KindVerbatimString {
			format = v.Format()
		}
		j.Base64 = !utf8.Valid(text) || !utf8.Valid(format)
		j.Value, j.Format = j.text(text), j.text(format)
	case resp.KindDouble, resp.KindBigNumber:
		j.Value = string(v.Bytes())
	case resp.KindInteger:
		j.Value = json.Number(strconv.FormatInt(v.Int64(), 10))
	case resp.KindBoolean:
		j.Value = v.Bool()
	case resp.KindNull:
		j.Value = nullText[v.NullKind()]
	default:
		elems := v.Elems()
		j.Elems = make([]jsonValue, len(elems))
		for i, e := range elems {
			j.Elems[i] = toJSON(e)
		}
	}
	return j
}

var nullText = map[resp.Kind]string{resp.KindNull: "_", resp.KindBulkString: "$-1", resp.KindArray: "*-1"}

// text returns b as a string, in base64 if j.Base64 is set.
func (j *jsonValue) text(b []byte) string {
	if j.Base64 {
		return base64.StdEncoding.EncodeToString(b)
	}
	return string(b)
}

// value returns the RESP value that j describes. Numbers, doubles, big
// numbers, nulls and simple strings are checked by decoding their wire form
// with the package's grammar.
func (j *jsonValue) value() (resp.Value, error) {
	v, err := j.bare()
	if err != nil || j.Attrs == nil {
		return v, err
	}
	attrs, err := j.Attrs.value()
	if err != nil {
		return v, fmt.Errorf("attrs: %w", err)
	}
	if attrs.Kind() != resp.KindMap {
		return v, errors.New("attrs: not a map")
	}
	return v.WithAttributes(attrs), nil
}

// bare returns the value that j describes, without its attributes.
func (j *jsonValue) bare() (resp.Value, error) {
	k, ok := kinds[j.Kind]
	if !ok {
		return resp.Value{}, fmt.Errorf("unknown kind %q", j.Kind)
	}
	switch k {
	case resp.KindArray, resp.KindMap, resp.KindSet, resp.KindPush:
		if j.Value != nil {
			return resp.Value{}, fmt.Errorf("%s with a value", j.Kind)
		}
		elems := make([]resp.Value, len(j.Elems))
		for i := range j.Elems {
			var err error
			if elems[i], err = j.Elems[i].value(); err != nil {
				return resp.Value{}, fmt.Errorf("elems[%d]: %w", i, err)
			}
		}
		switch k {
		case resp.KindMap:
			if len(elems)%2 != 0 {
				return resp.Value{}, errors.New("map with an odd number of elems")
			}
			return resp.MapValue(elems...), nil
		case resp.KindSet:
			return resp.SetValue(elems...), nil
		case resp.KindPush:
			return resp.PushValue(elems...), nil
		}
		return resp.ArrayValue(elems...), nil
	case resp.KindBoolean:
		b, ok := j.Value.(bool)
		if !ok {
			return resp.Value{}, errors.New("boolean value must be true or false")
		}
		return resp.BoolValue(b), nil
	case resp.KindInteger:
		n, ok := j.Value.(json.Number)
		if !ok {
			return resp.Value{}, errors.New("integer value must be a number")
		}
		return wire(k, ":"+n.String())
	}
	s, ok := j.Value.(string)
	if !ok {
		return resp.Value{}, fmt.Errorf("%s value must be a string", j.Kind)
	}
	text, err := j.decodeText(s)
	if err != nil {
		return resp.Value{}, err
	}
	switch k {
	case resp.KindBulkString:
		return resp.StringValue(text), nil
	case resp.KindBulkError:
		return resp.BulkErrorValue(text), nil
	case resp.KindVerbatimString:
		format, err := j.decodeText(j.Format)
		if err != nil || len(format) != 3 {
			return resp.Value{}, errors.New("verbatim string format must be 3 bytes")
		}
		payload := format + ":" + text
		return wire(k, "="+strconv.Itoa(len(payload))+"\r\n"+payload)
	case resp.KindNull:
		return wire(k, text)
	}
	return wire(k, string(byte(k))+text) // simple string, simple error, double, big number
}

// decodeText returns s, decoded from base64 if j.Base64 is set.
func (j *jsonValue) decodeText(s string) (string, error) {
	if !j.Base64 {
		return s, nil
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return "", fmt.Errorf("bad base64: %w", err)
	}
	return string(b), nil
}

// wire decodes the one value of kind k whose wire form is s followed by
// CRLF.
func wire(k resp.Kind, s string) (resp.Value, error) {
	src := []byte(s + "\r\n")
	v, n, err := resp.Decode(src)
	switch {
	case err != nil:
	case n != len(src):
		err = errors.New("CR or LF inside a line")
	case v.Kind() != k:
		err = errors.New("not a " + k.String())
	}
	if err != nil {
		return resp.Value{}, fmt.Errorf("%q: %w", s, err)
	}
	return v, nil
}
