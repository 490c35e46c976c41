package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/respkit/resp"
)

// The files testdata/redis-cli/NAME.resp hold one reply each; NAME.txt and
// NAME.raw.txt hold what redis-cli 7.0.15 prints for it (with --no-raw and
// --raw). They were recorded, and are re-recorded, with
//
//	go test ./cmd/resp -run TestDecodeMatchesLiveRedisCLI -record
//
// which serves each reply from a fake server to the real redis-cli.
var record = flag.Bool("record", false, "record redis-cli's output into testdata/redis-cli")

func cliFixtures(t *testing.T) []string {
	files, err := filepath.Glob("testdata/redis-cli/*.resp")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	return files
}

// TestDecodeMatchesRecordedRedisCLI compares decode's output with what
// redis-cli printed for the same reply.
func TestDecodeMatchesRecordedRedisCLI(t *testing.T) {
	for _, file := range cliFixtures(t) {
		base := strings.TrimSuffix(file, ".resp")
		for _, mode := range []struct{ flag, ext string }{{"", ".txt"}, {"-raw", ".raw.txt"}} {
			want, err := os.ReadFile(base + mode.ext)
			if err != nil {
				t.Fatal(err)
			}
			args := []string{"decode", file}
			if mode.flag != "" {
				args = []string{"decode", mode.flag, file}
			}
			got, stderr, code := runResp(t, nil, args...)
			if code != 0 || got != string(want) {
				t.Errorf("resp %s: exit %d %s\ngot:\n%s\nredis-cli:\n%s", strings.Join(args, " "), code, stderr, got, want)
			}
		}
	}
}

// TestDecodeMatchesLiveRedisCLI compares decode's output with what the
// installed redis-cli prints now, for each fixture served by a fake server.
func TestDecodeMatchesLiveRedisCLI(t *testing.T) {
	cli := tool(t, "redis-cli")
	for _, file := range cliFixtures(t) {
		reply, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		addr := fakeServer(t, always(reply))
		base := strings.TrimSuffix(file, ".resp")
		for _, mode := range []struct{ flag, ext string }{{"--no-raw", ".txt"}, {"--raw", ".raw.txt"}} {
			want := execOutput(t, nil, cli, "-p", port(addr), mode.flag, "GET", "k")
			if *record {
				if err := os.WriteFile(base+mode.ext, want, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			args := []string{"decode", file}
			if mode.flag == "--raw" {
				args = []string{"decode", "-raw", file}
			}
			got, _, _ := runResp(t, nil, args...)
			if got != string(want) {
				t.Errorf("resp %s:\ngot:\n%s\nredis-cli %s:\n%s", strings.Join(args, " "), got, mode.flag, want)
			}
		}
	}
}

// TestDecodeExtensions checks how decode shows what redis-cli 7.0 cannot:
// the expected outputs in testdata/extensions are this tool's own design
// (see the package documentation).
func TestDecodeExtensions(t *testing.T) {
	files, _ := filepath.Glob("testdata/extensions/*.resp")
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, file := range files {
		want, err := os.ReadFile(strings.TrimSuffix(file, ".resp") + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		got, stderr, code := runResp(t, nil, "decode", file)
		if code != 0 || got != string(want) {
			t.Errorf("resp decode %s: exit %d %s\ngot:\n%s\nwant:\n%s", file, code, stderr, got, want)
		}
	}
}

// TestDecodeStream decodes several values of one stream and several files.
func TestDecodeStream(t *testing.T) {
	got, _, code := runResp(t, []byte("+OK\r\n:1\r\n$?\r\n;2\r\nab\r\n;1\r\nc\r\n;0\r\n*?\r\n:1\r\n.\r\n"), "decode")
	want := "OK\n(integer) 1\n\"abc\"\n1) (integer) 1\n"
	if code != 0 || got != want {
		t.Errorf("got exit %d\n%s\nwant\n%s", code, got, want)
	}
	got, _, code = runResp(t, nil, "decode", "testdata/redis-cli/true.resp", "testdata/redis-cli/false.resp")
	if code != 0 || got != "(true)\n(false)\n" {
		t.Errorf("two files: exit %d %q", code, got)
	}
}

// TestDecodeErrors checks that bad input gives exit status 1 and a message
// with the file and byte offset, after the values before it are printed.
func TestDecodeErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.resp")
	if err := os.WriteFile(bad, []byte("+OK\r\n*2\r\n:1\r\n$-2\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args   []string
		stdin  string
		out    string
		stderr string
	}{
		{[]string{"decode", bad}, "", "OK\n", "resp: decode: " + bad + ": offset 14: invalid length: negative length -2\n"},
		{[]string{"decode"}, "+OK\r\n$5\r\nab", "OK\n", "resp: decode: offset 5: input ends inside the value that starts here\n"},
		{[]string{"decode"}, "+OK\r\n?\r\n", "OK\n", "resp: decode: offset 5: unknown type byte: byte '?'\n"},
		{[]string{"decode", "-json"}, ",1.2.3\r\n", "", "resp: decode: offset 1: invalid double: \"1.2.3\"\n"},
		{[]string{"decode", "-commands"}, "*1\r\n+PING\r\n", "", "resp: decode: offset 4: invalid command: expected '$', got '+'\n"},
		{[]string{"decode", filepath.Join(dir, "missing")}, "", "", "resp: decode: open " + filepath.Join(dir, "missing") + ": no such file or directory\n"},
	} {
		out, stderr, code := runResp(t, []byte(tc.stdin), tc.args...)
		if code != 1 || out != tc.out || stderr != tc.stderr {
			t.Errorf("resp %v <%q: exit %d, out %q, stderr %q; want 1, %q, %q", tc.args, tc.stdin, code, out, stderr, tc.out, tc.stderr)
		}
	}
}

// TestDecodeCommands reads multibulk and inline commands and prints them so
// that encode reads them back.
func TestDecodeCommands(t *testing.T) {
	in := "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\na\"\n\r\nPING\r\nECHO 'x y' \"\\x00\"\n"
	out, _, code := runResp(t, []byte(in), "decode", "-commands")
	want := "SET \"k\" \"a\\\"\\n\"\nPING\nECHO \"x y\" \"\\x00\"\n"
	if code != 0 || out != want {
		t.Fatalf("exit %d\n%s\nwant\n%s", code, out, want)
	}
	again, _, _ := runResp(t, []byte(out), "encode")
	direct, _, _ := runResp(t, []byte(in), "decode", "-commands", "-json")
	viaJSON, _, _ := runResp(t, []byte(direct), "encode", "-json")
	if again != viaJSON || !bytes.HasPrefix([]byte(again), []byte("*3\r\n$3\r\nSET\r\n")) {
		t.Errorf("decode -commands | encode = %q, via JSON %q", again, viaJSON)
	}
}

// TestDecodeGoldenMatchesLiveRedisCLI serves the values of each of the
// project's golden recordings (real redis-server replies), one per command,
// to the installed redis-cli, which repeats its command (-r) for them all,
// and compares what it prints with decode's output for the same values, in
// both modes. Values that redis-cli 7.0 cannot show are left out (see
// cliCanShow).
func TestDecodeGoldenMatchesLiveRedisCLI(t *testing.T) {
	cli := tool(t, "redis-cli")
	files, _ := filepath.Glob("../../testdata/golden/*/*.resp")
	if len(files) == 0 {
		t.Skip("no golden recordings in ../../testdata/golden")
	}
	compared := 0
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var values [][]byte
		r := resp.NewReader(bytes.NewReader(src))
		for {
			start := r.InputOffset()
			v, err := r.ReadValue()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			if cliCanShow(v) {
				values = append(values, src[start:r.InputOffset()])
			}
		}
		if len(values) == 0 {
			continue
		}
		compared += len(values)
		addr := fakeServer(t, func(i int) []byte { return values[i] })
		stream := bytes.Join(values, nil)
		for _, mode := range []struct{ cli, resp string }{{"--no-raw", ""}, {"--raw", "-raw"}} {
			want := execOutput(t, nil, cli, "-p", port(addr), "-r", strconv.Itoa(len(values)), mode.cli, "GET", "k")
			args := []string{"decode"}
			if mode.resp != "" {
				args = append(args, mode.resp)
			}
			got, _, _ := runResp(t, stream, args...)
			if got != string(want) {
				t.Errorf("%s, resp %v: %s", file, args, firstDiff(got, string(want)))
			}
		}
	}
	t.Logf("%d values compared", compared)
}

// cliCanShow reports whether redis-cli 7.0 can show v: it fails on big
// numbers, bulk errors, attributes, "-nan" and does not show pushes as
// replies.
func cliCanShow(v resp.Value) bool {
	if _, ok := v.Attributes(); ok {
		return false
	}
	switch v.Kind() {
	case resp.KindBigNumber, resp.KindBulkError, resp.KindPush:
		return false
	case resp.KindDouble:
		return string(v.Bytes()) != "-nan"
	}
	for _, e := range v.Elems() {
		if !cliCanShow(e) {
			return false
		}
	}
	return true
}

// firstDiff describes the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.SplitAfter(got, "\n"), strings.SplitAfter(want, "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\ngot       %.200q\nredis-cli %.200q", i+1, gl, wl)
		}
	}
	return "same lines"
}
