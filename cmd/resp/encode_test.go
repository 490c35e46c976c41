package main

import (
	"bytes"
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/respkit/resp"
)

func TestEncode(t *testing.T) {
	in := "SET k \"hello\\nworld\"\n" +
		"\n" +
		"   \t\n" +
		"  INCR   n  \r\n" +
		"*3 a\n" + // inline, although it starts with '*'
		"SET u \"\\xc3\\xa9\\t\\\"\\\\\" 'it\\'s' \"\"\n" +
		"ECHO \"a\\x00b\" 'x\"y'\n" +
		"\x00ignored\n" +
		"LAST no-newline"
	want := [][]string{
		{"SET", "k", "hello\nworld"},
		{"INCR", "n"},
		{"*3", "a"},
		{"SET", "u", "é\t\"\\", "it's", ""},
		{"ECHO", "a\x00b", "x\"y"},
		{"LAST", "no-newline"},
	}
	var buf []byte
	for _, args := range want {
		buf = resp.AppendCommand(buf, args...)
	}
	out, stderr, code := runResp(t, []byte(in), "encode")
	if code != 0 || out != string(buf) {
		t.Errorf("exit %d %s\ngot  %q\nwant %q", code, stderr, out, buf)
	}
}

func TestEncodeErrors(t *testing.T) {
	for _, tc := range []struct{ in, out, stderr string }{
		{"PING\nSET a \"b\nGET x\n", "*1\r\n$4\r\nPING\r\n",
			"resp: encode: line 2: offset 13: invalid command: unbalanced quotes in request\n"},
		{"SET 'a'b c\n", "",
			"resp: encode: line 1: offset 7: invalid command: closing quote must be followed by a space\n"},
	} {
		out, stderr, code := runResp(t, []byte(tc.in), "encode")
		if code != 1 || out != tc.out || stderr != tc.stderr {
			t.Errorf("encode %q: exit %d, out %q, stderr %q; want 1, %q, %q", tc.in, code, out, stderr, tc.out, tc.stderr)
		}
	}
}

// TestEncodePipe sends encode's output into a real redis-server with
// redis-cli --pipe, as Redis's mass-insertion guide does, and reads the
// values back.
func TestEncodePipe(t *testing.T) {
	cli := tool(t, "redis-cli")
	addr := startRedis(t)
	var text strings.Builder
	want := map[string]string{}
	for i := range 1000 {
		key, val := fmt.Sprintf("key:%d", i), fmt.Sprintf("value %d\n\x00\xff\"'", i)
		want[key] = val
		fmt.Fprintf(&text, "SET %s \"value %d\\n\\x00\\xff\\\"'\"\n", key, i)
	}
	big := strings.Repeat("x", 1<<20)
	want["big"] = big
	text.WriteString("SET big " + big + "\n")
	text.WriteString("RPUSH list a 'b c' \"\"\n")
	enc, stderr, code := runResp(t, []byte(text.String()), "encode")
	if code != 0 {
		t.Fatalf("encode: exit %d: %s", code, stderr)
	}
	report := execOutput(t, strings.NewReader(enc), cli, "-p", port(addr), "--pipe")
	if !bytes.Contains(report, []byte("errors: 0, replies: 1002")) {
		t.Fatalf("redis-cli --pipe: %s", report)
	}
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for key, val := range want {
		if got := roundTrip(t, c, "GET", key); got.Kind() != resp.KindBulkString || string(got.Bytes()) != val {
			t.Fatalf("GET %s = %v", key, got)
		}
	}
	got := roundTrip(t, c, "LRANGE", "list", "0", "-1")
	if !got.Equal(resp.ArrayValue(resp.StringValue("a"), resp.StringValue("b c"), resp.StringValue(""))) {
		t.Errorf("LRANGE list = %v", got)
	}
}
