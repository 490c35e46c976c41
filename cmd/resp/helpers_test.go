package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/respkit/resp"
)

// resp runs the command in-process with stdin and returns its standard
// output, standard error and exit status.
func runResp(t *testing.T, stdin []byte, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, bytes.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

// tool returns the path of an installed program. Without it the test is
// skipped, unless the environment variable CI is set: then it fails.
func tool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is needed (CI is set): %v", name, err)
		}
		t.Skipf("%s not installed", name)
	}
	return path
}

// freePort returns a loopback address with a port that was free a moment ago.
func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// startRedis starts a private redis-server on a free loopback port, without
// persistence, stopped at the end of the test, and returns its address.
func startRedis(t *testing.T) string {
	t.Helper()
	bin := tool(t, "redis-server")
	addr := freePort(t)
	_, port, _ := net.SplitHostPort(addr)
	cmd := exec.Command(bin, "--port", port, "--bind", "127.0.0.1", "--save", "",
		"--appendonly", "no", "--dir", t.TempDir(), "--logfile", "")
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			reply := roundTrip(t, c, "PING")
			c.Close()
			if reply.Kind() == resp.KindSimpleString {
				return addr
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("redis-server did not start on %s: %v\n%s", addr, err, log.String())
		}
	}
}

// roundTrip sends a command on c and reads its reply.
func roundTrip(t *testing.T, c net.Conn, args ...string) resp.Value {
	t.Helper()
	w := resp.NewWriter(c)
	if err := w.WriteCommand(args...); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	v, err := resp.NewReader(c).ReadValue()
	if err != nil {
		return resp.ErrorValue(err.Error())
	}
	return v.Clone()
}

// fakeServer serves a Redis-like server until the end of the test: on each
// connection, it answers the i-th command (from 0) with reply(i), except
// that it answers COMMAND (which redis-cli may send first, for its help)
// with an empty array.
func fakeServer(t *testing.T, reply func(i int) []byte) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				r := resp.NewReader(c)
				for i := 0; ; {
					args, err := r.ReadCommand()
					if err != nil {
						return
					}
					answer := []byte("*0\r\n")
					if !strings.EqualFold(string(args[0]), "COMMAND") {
						answer = reply(i)
						i++
					}
					if _, err := c.Write(answer); err != nil {
						return
					}
				}
			}()
		}
	}()
	return ln.Addr().String()
}

// always returns a reply function of fakeServer that always answers b.
func always(b []byte) func(int) []byte { return func(int) []byte { return b } }

// execOutput runs a program and returns its standard output; it fails the test
// if the program fails.
func execOutput(t *testing.T, stdin io.Reader, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Stdin = stdin
	var errb bytes.Buffer
	cmd.Stderr = &errb
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, errb.String())
	}
	return out
}

func port(addr string) string {
	_, p, _ := net.SplitHostPort(addr)
	return p
}
