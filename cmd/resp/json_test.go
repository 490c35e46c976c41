package main

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/respkit/resp"
)

// goldenFiles returns the recorded RESP streams: the project's golden files
// (../../testdata, if recorded) and this command's fixtures.
func goldenFiles(t *testing.T) []string {
	var files []string
	for _, root := range []string{"../../testdata", "testdata"} {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".resp") {
				files = append(files, path)
			}
			return nil
		})
	}
	if len(files) == 0 {
		t.Fatal("no golden files")
	}
	return files
}

// canonical returns the values of the stream src re-encoded by the package:
// src itself, except that streamed values come back with their length.
func canonical(t *testing.T, src []byte) []byte {
	r := resp.NewReader(bytes.NewReader(src))
	var out []byte
	for {
		v, err := r.ReadValue()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = resp.AppendValue(out, v)
	}
}

// TestJSONRoundTrip checks that decode -json | encode -json reproduces every
// golden file byte for byte (streamed values sized).
func TestJSONRoundTrip(t *testing.T) {
	for _, file := range goldenFiles(t) {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		docs, stderr, code := runResp(t, nil, "decode", "-json", file)
		if code != 0 {
			t.Errorf("decode -json %s: exit %d: %s", file, code, stderr)
			continue
		}
		got, stderr, code := runResp(t, []byte(docs), "encode", "-json")
		want := canonical(t, src)
		if code != 0 || got != string(want) {
			t.Errorf("%s: exit %d %s\ngot  %q\nwant %q\njson %s", file, code, stderr, got, want, docs)
		}
		if !bytes.Equal(want, src) && !bytes.Contains(src, []byte("?\r\n")) {
			t.Errorf("%s: the package does not re-encode it as it came", file)
		}
	}
}

func TestJSONMapping(t *testing.T) {
	for _, tc := range []struct{ in, json string }{
		{"$2\r\n\xff\x00\r\n", `{"kind":"bulk string","value":"/wA=","base64":true}`},
		{"$4\r\n<é>\r\n", `{"kind":"bulk string","value":"<é>"}`},
		{"$0\r\n\r\n", `{"kind":"bulk string","value":""}`},
		{":-7\r\n", `{"kind":"integer","value":-7}`},
		{",1.0000000000000001e+300\r\n", `{"kind":"double","value":"1.0000000000000001e+300"}`},
		{"(-12345678901234567890123\r\n", `{"kind":"big number","value":"-12345678901234567890123"}`},
		{"_\r\n", `{"kind":"null","value":"_"}`},
		{"$-1\r\n", `{"kind":"null","value":"$-1"}`},
		{"*-1\r\n", `{"kind":"null","value":"*-1"}`},
		{"#f\r\n", `{"kind":"boolean","value":false}`},
		{"=7\r\nmkd:# x\r\n", `{"kind":"verbatim string","format":"mkd","value":"# x"}`},
		{"!3\r\nERR\r\n", `{"kind":"bulk error","value":"ERR"}`},
		{"*0\r\n", `{"kind":"array"}`},
		{">1\r\n+a\r\n", `{"kind":"push","elems":[{"kind":"simple string","value":"a"}]}`},
		{"|1\r\n+a\r\n:1\r\n|0\r\n~1\r\n-E\r\n", `{"kind":"set","elems":[{"kind":"simple error","value":"E"}],"attrs":{"kind":"map","attrs":{"kind":"map","elems":[{"kind":"simple string","value":"a"},{"kind":"integer","value":1}]}}}`},
	} {
		out, stderr, code := runResp(t, []byte(tc.in), "decode", "-json")
		if code != 0 || out != tc.json+"\n" {
			t.Errorf("decode -json %q: exit %d %s\ngot  %s\nwant %s", tc.in, code, stderr, out, tc.json)
		}
		back, stderr, code := runResp(t, []byte(tc.json), "encode", "-json")
		if code != 0 || back != tc.in {
			t.Errorf("encode -json %s: exit %d %s: got %q, want %q", tc.json, code, stderr, back, tc.in)
		}
	}
}

func TestEncodeJSONErrors(t *testing.T) {
	for _, tc := range []struct{ in, msg string }{
		{`{"kind":"string","value":"x"}`, `unknown kind "string"`},
		{`{"kind":"integer","value":"1"}`, "integer value must be a number"},
		{`{"kind":"integer","value":1.5}`, "invalid integer"},
		{`{"kind":"integer","value":01}`, "invalid character"},
		{`{"kind":"double","value":".5"}`, "invalid double"},
		{`{"kind":"big number","value":"1e3"}`, "invalid big number"},
		{`{"kind":"null","value":"*0"}`, "not a null"},
		{`{"kind":"simple string","value":"a\r\nb"}`, "CR or LF inside a line"},
		{`{"kind":"simple string","value":"a\nb"}`, "bare CR or LF"},
		{`{"kind":"verbatim string","format":"md","value":"x"}`, "format must be 3 bytes"},
		{`{"kind":"bulk string","value":"!!","base64":true}`, "bad base64"},
		{`{"kind":"map","elems":[{"kind":"null","value":"_"}]}`, "odd number"},
		{`{"kind":"array","value":"x"}`, "array with a value"},
		{`{"kind":"boolean","value":1}`, "true or false"},
		{`{"kind":"integer","value":1,"attrs":{"kind":"array"}}`, "attrs: not a map"},
		{`{"kind":"array","elems":[{"kind":"x"}]}`, `elems[0]: unknown kind "x"`},
		{`{"kind":"null","value":"_","extra":1}`, `unknown field "extra"`},
		{`{"kind":"null","value":"_"} {`, "offset 27: unexpected EOF"},
	} {
		out, stderr, code := runResp(t, []byte(tc.in), "encode", "-json")
		if code != 1 || !strings.HasPrefix(stderr, "resp: encode: offset ") || !strings.Contains(stderr, tc.msg) {
			t.Errorf("encode -json %s: exit %d, stdout %q, stderr %q; want exit 1 and %q", tc.in, code, out, stderr, tc.msg)
		}
	}
}
