package main

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestUsageAndExitStatus(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		code   int
		stderr string // a part of it
	}{
		{nil, 2, "usage: resp <command>"},
		{[]string{"-h"}, 0, "usage: resp <command>"},
		{[]string{"help"}, 0, "Commands:"},
		{[]string{"help", "decode"}, 0, "usage: resp decode"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"encode", "-h"}, 0, "usage: resp encode [-json] [FILE...]"},
		{[]string{"decode", "-h"}, 0, "-raw"},
		{[]string{"proxy", "-h"}, 0, "-upstream"},
		{[]string{"encode", "-bogus"}, 2, "flag provided but not defined: -bogus"},
		{[]string{"decode", "-json", "-raw"}, 2, "usage: resp decode"},
		{[]string{"proxy", "-listen", "127.0.0.1:0"}, 2, "usage: resp proxy"},
		{[]string{"proxy", "-listen", ":0", "-upstream", "127.0.0.1:1"}, 2, "listens on every interface"},
		{[]string{"proxy", "-listen", "8.8.8.8:0", "-upstream", "127.0.0.1:1"}, 2, "not a loopback address"},
		{[]string{"encode", "/nonexistent/file"}, 1, "no such file"},
	} {
		out, stderr, code := runResp(t, nil, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.stderr) || out != "" {
			t.Errorf("resp %v: exit %d, stdout %q, stderr %q; want %d and %q", tc.args, code, out, stderr, tc.code, tc.stderr)
		}
	}
}

// TestBinary builds the command and runs it as a user would: the exit
// status of a real process, and decoding the recorded session of the
// README if it is there.
func TestBinary(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "resp")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "decode")
	cmd.Stdin = strings.NewReader("$-2\r\n")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || stderr.String() != "resp: decode: offset 1: invalid length: negative length -2\n" {
		t.Errorf("resp decode <$-2: %v, stderr %q", err, stderr.String())
	}
	if err := exec.Command(bin, "-h").Run(); err != nil {
		t.Errorf("resp -h: %v", err)
	}
	if err := exec.Command(bin).Run(); err == nil || err.(*exec.ExitError).ExitCode() != 2 {
		t.Errorf("resp: %v, want exit status 2", err)
	}
	// SIGINT stops the proxy with exit status 0.
	proxy := exec.Command(bin, "proxy", "-listen", freePort(t), "-upstream", "127.0.0.1:1")
	stderrPipe, _ := proxy.StderrPipe()
	if err := proxy.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(stderrPipe).ReadString('\n')
	if !strings.Contains(line, "listening on") {
		t.Errorf("proxy said %q", line)
	}
	proxy.Process.Signal(os.Interrupt)
	if err := proxy.Wait(); err != nil {
		t.Errorf("proxy after SIGINT: %v", err)
	}

	const sample = "../../testdata/sample-resp3.resp"
	if _, err := os.Stat(sample); err == nil {
		out, err := exec.Command(bin, "decode", sample).CombinedOutput()
		if err != nil || len(out) == 0 {
			t.Errorf("resp decode %s: %v\n%s", sample, err, out)
		}
	}
}

// TestProgress checks the progress line: shown on a terminal after the
// delay, cleared at the end, and absent when standard error is no terminal.
func TestProgress(t *testing.T) {
	var buf bytes.Buffer
	p := startProgress(&buf, "decode") // not a terminal
	p.update(1<<20, 3)
	p.end()
	if buf.Len() != 0 {
		t.Errorf("progress on a buffer: %q", buf.String())
	}

	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	p = &progress{w: w, stop: make(chan struct{}), done: make(chan struct{})}
	go p.loop("decode", time.Millisecond, time.Millisecond)
	p.update(3<<20, 42)
	time.Sleep(20 * time.Millisecond)
	p.end()
	w.Close()
	out, _ := io.ReadAll(r)
	if !bytes.Contains(out, []byte("\r\033[Kresp: decode: 3.0 MiB, 42 values")) || !bytes.HasSuffix(out, []byte("\r\033[K")) {
		t.Errorf("progress line: %q", out)
	}
}
