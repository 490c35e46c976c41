package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"net"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/respkit/resp"
)

// A recorder is a TCP relay that records, per connection, the bytes that
// went each way.
type recorder struct {
	ln    net.Listener
	wg    sync.WaitGroup
	mu    sync.Mutex
	conns [][2][]byte // client to server, server to client
}

func newRecorder(t *testing.T, upstream string) *recorder {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", upstream)
			if err != nil {
				c.Close()
				continue
			}
			rec.wg.Add(1)
			go rec.relay(c, up)
		}
	}()
	return rec
}

func (rec *recorder) relay(c, up net.Conn) {
	defer rec.wg.Done()
	var sent, got bytes.Buffer
	var wg sync.WaitGroup
	wg.Add(2)
	pipe := func(dst, src net.Conn, log *bytes.Buffer) {
		defer wg.Done()
		io.Copy(io.MultiWriter(dst, log), src)
		dst.(*net.TCPConn).CloseWrite()
	}
	go pipe(up, c, &sent)
	go pipe(c, up, &got)
	wg.Wait()
	c.Close()
	up.Close()
	rec.mu.Lock()
	rec.conns = append(rec.conns, [2][]byte{sent.Bytes(), got.Bytes()})
	rec.mu.Unlock()
}

// digests returns the sorted digests of the connections' traffic, after
// they have all ended. Connections without traffic (such as the probe that
// waits for the proxy to listen) are left out.
func (rec *recorder) digests() []string {
	rec.wg.Wait()
	var d []string
	for _, c := range rec.conns {
		if len(c[0])+len(c[1]) == 0 {
			continue
		}
		d = append(d, fmt.Sprintf("%x %d %x %d", sha256.Sum256(c[0]), len(c[0]), sha256.Sum256(c[1]), len(c[1])))
	}
	slices.Sort(d)
	return d
}

// syncBuffer is a bytes.Buffer safe for concurrent use.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startProxy runs resp proxy in-process in front of upstream and returns
// its address, its output, and a function that stops it (as SIGINT does)
// and returns its exit status.
func startProxy(t *testing.T, upstream string, flags ...string) (string, *syncBuffer, func() int) {
	addr := freePort(t)
	ctx, cancel := context.WithCancel(context.Background())
	out, errs := &syncBuffer{}, &syncBuffer{}
	done := make(chan int)
	args := append([]string{"proxy", "-listen", addr, "-upstream", upstream}, flags...)
	go func() { done <- run(ctx, args, nil, out, errs) }()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("proxy did not start: %s", errs.String())
		}
	}
	stop := sync.OnceValue(func() int {
		cancel()
		select {
		case code := <-done:
			return code
		case <-time.After(5 * time.Second):
			t.Error("proxy did not stop")
			return -1
		}
	})
	t.Cleanup(func() { stop() })
	return addr, out, stop
}

// TestProxyByteForByte puts the proxy between redis-benchmark, redis-cli and
// a Go client on one side and a private redis-server on the other, records
// the traffic on both sides of it, and compares it byte for byte.
func TestProxyByteForByte(t *testing.T) {
	bench := tool(t, "redis-benchmark")
	cli := tool(t, "redis-cli")
	server := startRedis(t)
	inner := newRecorder(t, server)
	proxyAddr, out, stop := startProxy(t, inner.ln.Addr().String())
	outer := newRecorder(t, proxyAddr)
	front := port(outer.ln.Addr().String())

	// Pipelined load from several clients, with values of 1 KiB.
	execOutput(t, nil, bench, "-p", front, "-c", "4", "-n", "2000", "-P", "16", "-d", "1024",
		"-t", "set,get,lpush,lrange_100,mset", "-q")
	// redis-cli in RESP2 and RESP3.
	execOutput(t, nil, cli, "-p", front, "SET", "k", "v\x01é")
	execOutput(t, nil, cli, "-3", "-p", front, "HGETALL", "nohash")
	execOutput(t, nil, cli, "-p", front, "--pipe")

	goClient(t, outer.ln.Addr().String())

	code := stop()
	if code != 0 {
		t.Errorf("proxy exit status %d", code)
	}
	in, ex := inner.digests(), outer.digests()
	if len(in) < 8 || !slices.Equal(in, ex) {
		t.Errorf("traffic differs through the proxy: %d connections on the client side, %d on the server side", len(ex), len(in))
	}
	log := out.String()
	for _, want := range []string{
		`> SET "k" "v\x01\xc3\xa9"`,
		`ms < OK`,
		`> HELLO "3"`,
		`> SET "big" "<10485760 bytes>"`,
		`ms < "<10485760 bytes>"`,
		`> GETRANGE "big" "0" "9"`,
		`ms < "xxxxxxxxxx"`,
		"push < (push)\n",
		`1) "message"`,
		`3) "hello subscribers"`,
		"ms < (nil)\n",
		"push < 1) \"message\"\n",
		"ms < 1) \"pong\"\n",
		`3) "hello resp2"`,
		`ms < (integer) 7`,
	} {
		if !strings.Contains(log, want) {
			t.Errorf("proxy output lacks %q", want)
		}
	}
	if unpaired := regexp.MustCompile(`\] {11}< .*`).FindAllString(log, 3); unpaired != nil {
		t.Errorf("replies not paired with a command: %q", unpaired)
	}
	if strings.Contains(log, "stopped") {
		t.Errorf("decoding stopped:\n%s", log)
	}
	if t.Failed() || testing.Verbose() {
		t.Logf("proxy output (tail):\n%s", log[max(0, len(log)-4000):])
	}
}

// goClient runs a RESP3 session with pipelining, a large value and pub/sub
// through addr.
func goClient(t *testing.T, addr string) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(20 * time.Second))
	w, r := resp.NewWriter(c), resp.NewReader(c)
	w.WriteCommand("HELLO", "3")
	w.WriteCommand("SET", "big", strings.Repeat("x", 10<<20))
	w.WriteCommand("GET", "big")
	w.WriteCommand("GETRANGE", "big", "0", "9")
	w.WriteCommand("GET", "missing")
	w.WriteCommand("SUBSCRIBE", "ch")
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	for range 6 { // 5 replies and the subscription push
		if _, err := r.ReadValue(); err != nil {
			t.Fatal(err)
		}
	}
	pub, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer pub.Close()
	if got := roundTrip(t, pub, "PUBLISH", "ch", "hello subscribers"); got.Kind() != resp.KindInteger {
		t.Fatalf("PUBLISH: %v", got)
	}
	if v, err := r.ReadValue(); err != nil || v.Kind() != resp.KindPush {
		t.Fatalf("message: %v %v", v, err)
	}
	w.WriteCommand("UNSUBSCRIBE")
	w.WriteCommand("RPUSH", "l", "1", "2", "3", "4", "5", "6", "7")
	w.Flush()
	for range 2 {
		if _, err := r.ReadValue(); err != nil {
			t.Fatal(err)
		}
	}

	// RESP2 pub/sub: messages are arrays, and PING answers ["pong", ""].
	sub, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	sub.SetDeadline(time.Now().Add(20 * time.Second))
	w, r = resp.NewWriter(sub), resp.NewReader(sub)
	w.WriteCommand("SUBSCRIBE", "resp2-a", "resp2-b")
	w.Flush()
	for range 2 {
		if _, err := r.ReadValue(); err != nil {
			t.Fatal(err)
		}
	}
	roundTrip(t, pub, "PUBLISH", "resp2-b", "hello resp2")
	w.WriteCommand("PING")
	w.WriteCommand("UNSUBSCRIBE")
	w.WriteCommand("GET", "resp2-after")
	w.Flush()
	for range 5 { // message, pong, 2 unsubscribes, nil
		if _, err := r.ReadValue(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestProxyBadTraffic checks that traffic that is not RESP is forwarded
// unchanged while its decoding stops with a message.
func TestProxyBadTraffic(t *testing.T) {
	reply := []byte("+OK\r\n$-2\r\n+STILL\r\n\x00\xff")
	server := fakeServer(t, always(reply))
	addr, out, stop := startProxy(t, server)
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Write([]byte("PING\r\n*1\r\n$4\r\nPING\r\n")); err != nil {
		t.Fatal(err)
	}
	want := append(bytes.Clone(reply), reply...)
	got := make([]byte, len(want))
	if _, err := io.ReadFull(c, got); err != nil || !bytes.Equal(got, want) {
		t.Errorf("client got %q, %v; want %q", got, err, want)
	}
	c.Close()
	if code := stop(); code != 0 {
		t.Errorf("exit status %d", code)
	}
	log := out.String()
	for _, want := range []string{"> PING\n", "ms < OK\n", "decoding replies stopped (forwarding goes on): offset 6: invalid length: negative length -2\n"} {
		if !strings.Contains(log, want) {
			t.Errorf("proxy output lacks %q:\n%s", want, log)
		}
	}
}

// TestProxyStopsWithOpenConnections checks that stopping the proxy (as
// SIGINT does) closes the connections in progress.
func TestProxyStopsWithOpenConnections(t *testing.T) {
	server := fakeServer(t, always([]byte("+PONG\r\n")))
	addr, out, stop := startProxy(t, server)
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if got := roundTrip(t, c, "PING"); got.Kind() != resp.KindSimpleString {
		t.Fatalf("PING: %v", got)
	}
	if code := stop(); code != 0 {
		t.Errorf("exit status %d", code)
	}
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if n, err := c.Read(make([]byte, 1)); err == nil {
		t.Errorf("connection still open after stop: read %d", n)
	}
	if !strings.Contains(out.String(), "closed\n") {
		t.Errorf("no close logged:\n%s", out.String())
	}
}

// TestTapFallsBehind checks that a decoder that falls behind stops, with
// the bytes it was given first, while offering never blocks.
func TestTapFallsBehind(t *testing.T) {
	tp := newTap(nil)
	for range tapQueue + 10 {
		tp.offer([]byte("+OK\r\n"))
	}
	tp.close(io.EOF) // as the forwarder does at the end: errBehind stays
	r := resp.NewReader(tp)
	n := 0
	for {
		_, err := r.ReadValue()
		if err != nil {
			if err != errBehind || n != tapQueue {
				t.Errorf("after %d values: %v; want %v after %d", n, err, errBehind, tapQueue)
			}
			break
		}
		n++
	}
}
