package resp

// Live tests: a client's life against a real redis-server (shared, see
// redis_test.go), and a server's life: a small server built on ReadCommand
// and the Writer, driven by redis-cli and redis-benchmark. They talk only
// through resp's Reader and Writer, in RESP2 and RESP3.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os/exec"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// liveProtos runs f as a subtest for RESP2 and for RESP3.
func liveProtos(t *testing.T, f func(t *testing.T, proto int)) {
	for _, proto := range []int{2, 3} {
		t.Run("resp"+strconv.Itoa(proto), func(t *testing.T) { f(t, proto) })
	}
}

// liveKeys numbers the keys of the live tests.
var liveKeys atomic.Int64

// liveKey returns a key (or channel) name that no other test, and no earlier
// run of this one on the shared server (go test -count), uses.
func liveKey(t *testing.T) string {
	return fmt.Sprintf("live:%s:%d", t.Name(), liveKeys.Add(1))
}

// TestLiveUTF8 stores the UTF-8 value (with a CRLF inside) and reads it back
// byte for byte, as a string and as a hash field.
func TestLiveUTF8(t *testing.T) {
	srv := sharedRedis(t)
	liveProtos(t, func(t *testing.T, proto int) {
		c := dialRedis(t, srv, proto)
		key := liveKey(t)
		wantValue(t, "SET", c.do(t, "SET", key, redisPoem), SimpleStringValue("OK"))
		got := c.do(t, "GET", key)
		if got.Kind() != KindBulkString || string(got.Bytes()) != redisPoem {
			t.Fatalf("GET: got %v %q, want %q", got.Kind(), got.String(), redisPoem)
		}
		// The same, written as a Value, read back as a map field.
		c.w.WriteValue(ArrayValue(StringValue("HSET"), StringValue(key+":h"), StringValue(redisPoem), BytesValue([]byte(redisPoem))))
		c.w.Flush()
		wantValue(t, "HSET", c.read(t), Int64Value(1))
		kv := []Value{StringValue(redisPoem), StringValue(redisPoem)}
		want := ArrayValue(kv...)
		if proto == 3 {
			want = MapValue(kv...)
		}
		wantValue(t, "HGETALL", c.do(t, "HGETALL", key+":h"), want)
	})
}

// TestLivePipeline writes 10,000 commands of six kinds, flushes once, then
// reads and checks the 10,000 replies.
func TestLivePipeline(t *testing.T) {
	srv := sharedRedis(t)
	liveProtos(t, func(t *testing.T, proto int) {
		c := dialRedis(t, srv, proto)
		p := liveKey(t) + ":"
		const n = 10000
		want := make([]Value, 0, n)
		for i := range n {
			key := p + strconv.Itoa(i)
			prev := p + strconv.Itoa(i-1)
			round := int64(i/6 + 1)
			switch i % 6 {
			case 0:
				c.w.WriteCommand("SET", key, "value "+strconv.Itoa(i))
				want = append(want, SimpleStringValue("OK"))
			case 1:
				c.w.WriteCommand("GET", prev)
				want = append(want, StringValue("value "+strconv.Itoa(i-1)))
			case 2:
				c.w.WriteCommand("INCR", p+"counter")
				want = append(want, Int64Value(round))
			case 3:
				c.w.WriteCommand("HSET", key, "f", strconv.Itoa(i))
				want = append(want, Int64Value(1))
			case 4:
				c.w.WriteCommand("HGETALL", prev)
				kv := []Value{StringValue("f"), StringValue(strconv.Itoa(i - 1))}
				if proto == 3 {
					want = append(want, MapValue(kv...))
				} else {
					want = append(want, ArrayValue(kv...))
				}
			case 5:
				c.w.WriteCommand("ZINCRBY", p+"z", "0.5", "m")
				score := float64(round) / 2
				if proto == 3 {
					want = append(want, Float64Value(score))
				} else {
					want = append(want, StringValue(strconv.FormatFloat(score, 'g', -1, 64)))
				}
			}
		}
		c.SetDeadline(time.Now().Add(20 * time.Second))
		if err := c.w.Flush(); err != nil {
			t.Fatal(err)
		}
		for i, w := range want {
			v, err := c.r.ReadValue()
			if err != nil {
				t.Fatalf("reply %d: %v", i, err)
			}
			wantValue(t, "reply "+strconv.Itoa(i), v, w)
		}
		if c.r.Buffered() != 0 {
			t.Errorf("%d bytes left after the last reply", c.r.Buffered())
		}
	})
}

// wantMessage checks a pub/sub message: a push in RESP3, an array in RESP2.
func wantMessage(t *testing.T, proto int, got Value, elems ...string) {
	t.Helper()
	vals := make([]Value, len(elems))
	for i, e := range elems {
		vals[i] = StringValue(e)
		if n, err := strconv.ParseInt(e, 10, 64); err == nil && i == 2 {
			vals[i] = Int64Value(n) // subscription count
		}
	}
	want := ArrayValue(vals...)
	if proto == 3 {
		want = PushValue(vals...)
	}
	wantValue(t, "message", got, want)
}

// TestLivePubSub subscribes, has another connection publish, then sends
// commands on the subscribed connection: the pushes must come first, then
// the replies, each read as what it is.
func TestLivePubSub(t *testing.T) {
	srv := sharedRedis(t)
	liveProtos(t, func(t *testing.T, proto int) {
		sub, pub := dialRedis(t, srv, proto), dialRedis(t, srv, 2)
		ch := liveKey(t)
		wantMessage(t, proto, sub.do(t, "SUBSCRIBE", ch), "subscribe", ch, "1")
		wantValue(t, "PUBLISH", pub.do(t, "PUBLISH", ch, "m1"), Int64Value(1))
		sub.send(t, "PING")
		wantMessage(t, proto, sub.read(t), "message", ch, "m1")
		if proto == 3 {
			wantValue(t, "PING", sub.read(t), SimpleStringValue("PONG"))
		} else { // a subscribed RESP2 client gets [pong, ""]
			wantValue(t, "PING", sub.read(t), ArrayValue(StringValue("pong"), StringValue("")))
		}

		pub.do(t, "PUBLISH", ch, redisPoem)
		pub.do(t, "PUBLISH", ch, "m3")
		sub.send(t, "PING", "after")
		wantMessage(t, proto, sub.read(t), "message", ch, redisPoem)
		wantMessage(t, proto, sub.read(t), "message", ch, "m3")
		if proto == 3 {
			wantValue(t, "PING after", sub.read(t), StringValue("after"))
			// RESP3 allows any command while subscribed.
			pub.do(t, "SET", ch, "v")
			pub.do(t, "PUBLISH", ch, "m4")
			wantValue(t, "GET", sub.do(t, "GET", ch), PushValue(StringValue("message"), StringValue(ch), StringValue("m4")))
			wantValue(t, "GET", sub.read(t), StringValue("v"))
			pub.do(t, "DEL", ch)
		} else {
			wantValue(t, "PING after", sub.read(t), ArrayValue(StringValue("pong"), StringValue("after")))
		}
		wantMessage(t, proto, sub.do(t, "UNSUBSCRIBE", ch), "unsubscribe", ch, "0")
	})
}

// TestLiveTracking has Redis send an invalidation when a key a client read
// changes: a push before the next reply in RESP3, a message on
// __redis__:invalidate to a redirect connection in RESP2.
func TestLiveTracking(t *testing.T) {
	srv := sharedRedis(t)
	liveProtos(t, func(t *testing.T, proto int) {
		key := liveKey(t)
		other := dialRedis(t, srv, 2)
		other.do(t, "SET", key, "v1")
		c := dialRedis(t, srv, proto)
		sink := c // where invalidations arrive
		args := []string{"CLIENT", "TRACKING", "on"}
		if proto == 2 {
			sink = dialRedis(t, srv, 2)
			id := sink.do(t, "CLIENT", "ID")
			wantMessage(t, 2, sink.do(t, "SUBSCRIBE", "__redis__:invalidate"), "subscribe", "__redis__:invalidate", "1")
			args = append(args, "REDIRECT", strconv.FormatInt(id.Int64(), 10))
		}
		wantValue(t, "CLIENT TRACKING", c.do(t, args...), SimpleStringValue("OK"))
		wantValue(t, "GET", c.do(t, "GET", key), StringValue("v1"))
		other.do(t, "SET", key, "v2")
		if proto == 3 {
			c.send(t, "GET", key)
			wantValue(t, "invalidation", c.read(t), PushValue(StringValue("invalidate"), ArrayValue(StringValue(key))))
			wantValue(t, "GET", c.read(t), StringValue("v2"))
		} else {
			wantValue(t, "invalidation", sink.read(t), ArrayValue(StringValue("message"), StringValue("__redis__:invalidate"), ArrayValue(StringValue(key))))
		}
		other.do(t, "DEL", key)
	})
}

// allocatedDuring returns the bytes that the process allocated while f ran.
func allocatedDuring(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestLiveBigValue streams a 10 MiB value to Redis with WriteBulkFrom and
// back with ReadBulkStream into a hash, neither holding it whole.
func TestLiveBigValue(t *testing.T) {
	srv := sharedRedis(t)
	const size = 10 << 20
	const bound = 1 << 20 // memory either direction may allocate
	liveProtos(t, func(t *testing.T, proto int) {
		c := dialRedis(t, srv, proto)
		key := liveKey(t)
		sent := sha256.New()
		src := io.TeeReader(io.LimitReader(rand.NewChaCha8([32]byte{byte(proto)}), size), sent)
		c.SetDeadline(time.Now().Add(20 * time.Second))
		var err error
		alloc := allocatedDuring(func() {
			c.w.WriteArrayLen(3)
			c.w.WriteBulkString("SET")
			c.w.WriteBulkString(key)
			if err = c.w.WriteBulkFrom(src, size); err == nil {
				err = c.w.Flush()
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		if alloc > bound {
			t.Errorf("writing a %d-byte value allocated %d bytes", size, alloc)
		}
		wantValue(t, "SET", c.read(t), SimpleStringValue("OK"))
		wantValue(t, "STRLEN", c.do(t, "STRLEN", key), Int64Value(size))

		c.send(t, "GET", key)
		got := sha256.New()
		var n int64
		alloc = allocatedDuring(func() {
			var body *BulkReader
			if _, body, err = c.r.ReadBulkStream(); err != nil {
				return
			}
			if body == nil || body.Size() != size {
				err = fmt.Errorf("ReadBulkStream: body %v, want a %d-byte payload", body, size)
				return
			}
			n, err = body.WriteTo(got)
		})
		if err != nil {
			t.Fatal(err)
		}
		if alloc > bound {
			t.Errorf("reading a %d-byte value allocated %d bytes", size, alloc)
		}
		if n != size || !bytes.Equal(got.Sum(nil), sent.Sum(nil)) {
			t.Fatalf("read back %d bytes with SHA-256 %x, want %d bytes with %x", n, got.Sum(nil), size, sent.Sum(nil))
		}
		wantValue(t, "PING after", c.do(t, "PING"), SimpleStringValue("PONG"))
		c.do(t, "DEL", key)
	})
}

// A liveServer is a small Redis-like server built on ReadCommand and the
// Writer, enough for redis-cli and redis-benchmark: PING, ECHO, SET, GET,
// DEL, INCR, HELLO, COMMAND, CONFIG GET and QUIT.
type liveServer struct {
	ln    net.Listener
	port  string
	mu    sync.Mutex
	data  map[string]string
	calls map[string]int // commands served, by upper-case name
	conns map[net.Conn]bool
	ids   int
	wg    sync.WaitGroup
}

// startLiveServer starts a liveServer on a free loopback port and stops it
// when t ends.
func startLiveServer(t *testing.T) *liveServer {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &liveServer{ln: ln, data: map[string]string{}, calls: map[string]int{}, conns: map[net.Conn]bool{}}
	s.port = strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.conns[c] = true
			s.ids++
			id := s.ids
			s.mu.Unlock()
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				s.serve(c, id)
				s.mu.Lock()
				delete(s.conns, c)
				s.mu.Unlock()
				c.Close()
			}()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		s.mu.Lock()
		for c := range s.conns {
			c.Close()
		}
		s.mu.Unlock()
		s.wg.Wait()
	})
	return s
}

// serve answers the commands of one connection, in RESP2 until HELLO 3.
// Replies are flushed when no more commands are buffered, so a pipeline is
// answered in one write.
func (s *liveServer) serve(c net.Conn, id int) {
	r, w := NewReader(c), NewWriter(c)
	w.RESP2 = true
	for {
		args, err := r.ReadCommand()
		if err != nil {
			var pe *ProtocolError
			if errors.As(err, &pe) { // as Redis does: say why, then close
				w.WriteError("ERR Protocol error: " + pe.Detail)
				w.Flush()
			}
			return
		}
		quit := s.exec(w, id, args)
		if r.Buffered() == 0 || quit {
			if w.Flush() != nil || quit {
				return
			}
		}
	}
}

// exec runs one command and writes its reply. It reports whether the
// connection must close.
func (s *liveServer) exec(w *Writer, id int, args [][]byte) (quit bool) {
	if len(args) == 0 {
		return false
	}
	name := strings.ToUpper(string(args[0]))
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[name]++
	arity := map[string]int{"PING": -1, "ECHO": 2, "SET": 3, "GET": 2, "DEL": -2, "INCR": 2, "HELLO": -1, "COMMAND": -1, "CONFIG": -2, "QUIT": 1}
	n, known := arity[name]
	switch {
	case !known:
		var b strings.Builder
		for _, a := range args[1:] {
			fmt.Fprintf(&b, "'%s' ", a)
		}
		w.WriteError(fmt.Sprintf("ERR unknown command '%s', with args beginning with: %s", args[0], b.String()))
		return false
	case n > 0 && len(args) != n, n < 0 && len(args) < -n:
		w.WriteError(fmt.Sprintf("ERR wrong number of arguments for '%s' command", strings.ToLower(name)))
		return false
	}
	switch name {
	case "PING":
		if len(args) > 1 {
			w.WriteBulk(args[1])
		} else {
			w.WriteSimpleString("PONG")
		}
	case "ECHO":
		w.WriteBulk(args[1])
	case "SET":
		s.data[string(args[1])] = string(args[2])
		w.WriteSimpleString("OK")
	case "GET":
		if v, ok := s.data[string(args[1])]; ok {
			w.WriteBulkString(v)
		} else {
			w.WriteNull()
		}
	case "DEL":
		n := 0
		for _, k := range args[1:] {
			if _, ok := s.data[string(k)]; ok {
				delete(s.data, string(k))
				n++
			}
		}
		w.WriteInteger(int64(n))
	case "INCR":
		v, err := strconv.ParseInt(s.data[string(args[1])], 10, 64)
		if _, ok := s.data[string(args[1])]; !ok {
			v, err = 0, nil
		}
		if err != nil || v == 1<<63-1 {
			w.WriteError("ERR value is not an integer or out of range")
			break
		}
		s.data[string(args[1])] = strconv.FormatInt(v+1, 10)
		w.WriteInteger(v + 1)
	case "HELLO":
		proto := 2
		if !w.RESP2 {
			proto = 3
		}
		if len(args) > 1 {
			p, err := strconv.Atoi(string(args[1]))
			if err != nil || p < 2 || p > 3 {
				w.WriteError("NOPROTO unsupported protocol version")
				break
			}
			proto = p
		}
		w.RESP2 = proto == 2
		w.WriteMapLen(7)
		w.WriteBulkString("server")
		w.WriteBulkString("resp-test")
		w.WriteBulkString("version")
		w.WriteBulkString("7.0.15")
		w.WriteBulkString("proto")
		w.WriteInteger(int64(proto))
		w.WriteBulkString("id")
		w.WriteInteger(int64(id))
		w.WriteBulkString("mode")
		w.WriteBulkString("standalone")
		w.WriteBulkString("role")
		w.WriteBulkString("master")
		w.WriteBulkString("modules")
		w.WriteArrayLen(0)
	case "COMMAND": // no command table: redis-cli then does without hints
		if len(args) > 1 && strings.EqualFold(string(args[1]), "DOCS") {
			w.WriteMapLen(0)
		} else if len(args) > 1 && strings.EqualFold(string(args[1]), "COUNT") {
			w.WriteInteger(0)
		} else {
			w.WriteArrayLen(0)
		}
	case "CONFIG":
		if !strings.EqualFold(string(args[1]), "GET") || len(args) != 3 {
			w.WriteError("ERR this server only has CONFIG GET parameter")
			break
		}
		config := map[string]string{"save": "", "appendonly": "no"}
		v, ok := config[strings.ToLower(string(args[2]))]
		if !ok {
			w.WriteMapLen(0)
			break
		}
		w.WriteMapLen(1)
		w.WriteBulk(args[2])
		w.WriteBulkString(v)
	case "QUIT":
		w.WriteSimpleString("OK")
		return true
	}
	return false
}

// get returns the value of key in the server's state.
func (s *liveServer) get(key string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.data[key]
	return v, ok
}

// served returns how many times the server ran the command name.
func (s *liveServer) served(name string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[name]
}

// cliQuote quotes s the way redis-cli shows a string when not in raw mode
// (Redis's sdscatrepr): printable ASCII as it is, \\ \" \n \r \t \a \b
// escaped, any other byte as \xHH.
func cliQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', '"':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\a':
			b.WriteString(`\a`)
		case '\b':
			b.WriteString(`\b`)
		default:
			if c >= ' ' && c <= '~' {
				b.WriteByte(c)
			} else {
				fmt.Fprintf(&b, "\\x%02x", c)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// runTool runs a program with stdin and returns its standard output; it
// fails t if the program fails or writes to standard error.
func runTool(t *testing.T, stdin string, path string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil || stderr.Len() > 0 {
		t.Fatalf("%s %q: %v\nstdout: %s\nstderr: %s", path, args, err, stdout.Bytes(), stderr.Bytes())
	}
	return stdout.String()
}

// TestLiveServerRedisCLI drives the liveServer with redis-cli: plain
// commands (output raw and formatted, RESP2 and RESP3), commands read from
// standard input, and mass insertion with --pipe.
func TestLiveServerRedisCLI(t *testing.T) {
	cliPath := requireBinary(t, "redis-cli")
	s := startLiveServer(t)
	cli := func(stdin string, args ...string) string {
		t.Helper()
		return runTool(t, stdin, cliPath, append([]string{"-h", "127.0.0.1", "-p", s.port}, args...)...)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"PING"}, "PONG\n"},
		{[]string{"PING", "hello"}, "hello\n"},
		{[]string{"ECHO", redisPoem}, redisPoem + "\n"},
		{[]string{"SET", "greeting", "hello world"}, "OK\n"},
		{[]string{"GET", "greeting"}, "hello world\n"},
		{[]string{"SET", "poem", redisPoem}, "OK\n"},
		{[]string{"GET", "poem"}, redisPoem + "\n"},
		{[]string{"--no-raw", "GET", "poem"}, cliQuote(redisPoem) + "\n"},
		{[]string{"--no-raw", "INCR", "n"}, "(integer) 1\n"},
		{[]string{"--no-raw", "INCR", "n"}, "(integer) 2\n"},
		{[]string{"--no-raw", "INCR", "greeting"}, "(error) ERR value is not an integer or out of range\n"},
		{[]string{"--no-raw", "GET", "nosuchkey"}, "(nil)\n"},
		{[]string{"-3", "--no-raw", "GET", "nosuchkey"}, "(nil)\n"},
		{[]string{"--no-raw", "DEL", "n", "nosuchkey"}, "(integer) 1\n"},
		{[]string{"--no-raw", "NOSUCHCOMMAND", "x"}, "(error) ERR unknown command 'NOSUCHCOMMAND', with args beginning with: 'x' \n"},
		{[]string{"--no-raw", "HELLO", "2"}, "" +
			" 1) \"server\"\n 2) \"resp-test\"\n 3) \"version\"\n 4) \"7.0.15\"\n 5) \"proto\"\n 6) (integer) 2\n" +
			" 7) \"id\"\n 8) (integer) ID\n 9) \"mode\"\n10) \"standalone\"\n11) \"role\"\n12) \"master\"\n13) \"modules\"\n14) (empty array)\n"},
		{[]string{"-3", "--no-raw", "HELLO", "3"}, "" +
			"1# \"server\" => \"resp-test\"\n2# \"version\" => \"7.0.15\"\n3# \"proto\" => (integer) 3\n" +
			"4# \"id\" => (integer) ID\n5# \"mode\" => \"standalone\"\n6# \"role\" => \"master\"\n7# \"modules\" => (empty array)\n"},
	} {
		got := cli("", tc.args...)
		// The client id in HELLO's reply counts the connections before.
		got = regexp.MustCompile(`("id"\n[ 0-9]+\) |"id" => )\(integer\) [0-9]+`).ReplaceAllString(got, "$1(integer) ID")
		if got != tc.want {
			t.Errorf("redis-cli %q:\ngot  %q\nwant %q", tc.args, got, tc.want)
		}
	}
	if v, _ := s.get("poem"); v != redisPoem {
		t.Errorf("server state: poem = %q, want %q", v, redisPoem)
	}

	// Commands on standard input, one per line.
	if got := cli("SET a 1\nINCR a\nGET a\n"); got != "OK\n2\n2\n" {
		t.Errorf("redis-cli with commands on stdin: got %q", got)
	}

	// Mass insertion: protocol made by AppendCommand, piped with --pipe.
	const n = 2000
	var proto []byte
	for i := range n {
		proto = AppendCommand(proto, "SET", "pipe:"+strconv.Itoa(i), fmt.Sprintf("value %d\r\n%s", i, redisPoem))
	}
	out := cli(string(proto), "--pipe")
	if !strings.Contains(out, fmt.Sprintf("errors: 0, replies: %d", n)) {
		t.Errorf("redis-cli --pipe: %s", out)
	}
	for i := range n {
		if v, _ := s.get("pipe:" + strconv.Itoa(i)); v != fmt.Sprintf("value %d\r\n%s", i, redisPoem) {
			t.Fatalf("after --pipe, pipe:%d = %q", i, v)
		}
	}
}

// TestLiveServerInline sends inline commands over raw TCP, as telnet
// would, and checks the replies and the state; an unbalanced quote gets
// Redis's protocol error and the connection closes.
func TestLiveServerInline(t *testing.T) {
	s := startLiveServer(t)
	c, err := net.Dial("tcp", net.JoinHostPort("127.0.0.1", s.port))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	io.WriteString(c, "PING\r\n"+
		"set inline \"a b\\r\\n\\x41\" \n"+ // LF alone ends a line too
		"  get   inline  \r\n"+
		"\r\n"+ // an empty line is no command
		"ECHO 'it\\'s'\r\n"+
		"SET x \"unbalanced\r\n")
	r := NewReader(c)
	for i, want := range []Value{
		SimpleStringValue("PONG"), SimpleStringValue("OK"), StringValue("a b\r\nA"), StringValue("it's"),
		ErrorValue("ERR Protocol error: unbalanced quotes in request"),
	} {
		v, err := r.ReadValue()
		if err != nil {
			t.Fatalf("reply %d: %v", i, err)
		}
		wantValue(t, "reply "+strconv.Itoa(i), v, want)
	}
	if _, err := r.ReadValue(); err != io.EOF {
		t.Errorf("after the protocol error: %v, want io.EOF (closed)", err)
	}
	if v, _ := s.get("inline"); v != "a b\r\nA" {
		t.Errorf("server state: inline = %q", v)
	}
	if _, ok := s.get("x"); ok {
		t.Errorf("the command with unbalanced quotes ran")
	}
}

// TestLiveServerBenchmark runs redis-benchmark against the liveServer,
// without and with pipelining, and checks its report and the commands the
// server ran.
func TestLiveServerBenchmark(t *testing.T) {
	path := requireBinary(t, "redis-benchmark")
	s := startLiveServer(t)
	for _, pipeline := range []string{"1", "16"} {
		sets, gets := s.served("SET"), s.served("GET")
		out := runTool(t, "", path, "-h", "127.0.0.1", "-p", s.port, "-t", "set,get", "-n", "2000", "-q", "-P", pipeline)
		// Progress lines end in CR; each test's result is what follows the last.
		var results []string
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			results = append(results, strings.TrimSpace(line[strings.LastIndexByte(line, '\r')+1:]))
		}
		t.Logf("redis-benchmark -P %s: %q", pipeline, results)
		if len(results) != 2 || !strings.HasPrefix(results[0], "SET: ") || !strings.HasPrefix(results[1], "GET: ") ||
			!strings.Contains(results[0], " requests per second") || !strings.Contains(results[1], " requests per second") {
			t.Errorf("redis-benchmark -P %s: want a SET and a GET result, got:\n%s", pipeline, out)
		}
		if d := s.served("SET") - sets; d < 2000 {
			t.Errorf("redis-benchmark -P %s: server ran %d SETs, want at least 2000", pipeline, d)
		}
		if d := s.served("GET") - gets; d < 2000 {
			t.Errorf("redis-benchmark -P %s: server ran %d GETs, want at least 2000", pipeline, d)
		}
		if v, _ := s.get("key:__rand_int__"); len(v) != 3 { // -d's default
			t.Errorf("redis-benchmark -P %s: key:__rand_int__ = %q, want a 3-byte value", pipeline, v)
		}
	}
	if s.served("CONFIG") == 0 {
		t.Errorf("redis-benchmark did not ask for CONFIG: %v", s.calls)
	}
}

// TestLiveCommandsLikeRedis sends requests, inline and multibulk, to the
// real redis-server and decodes the same bytes with DecodeCommand: the
// arguments that Redis stored (RPUSH, then LRANGE) must be those that
// DecodeCommand returns, and where Redis answers with a protocol error,
// DecodeCommand must fail too. (Redis does not check the CRLF after a bulk
// payload; resp does, so no request here tests that.)
func TestLiveCommandsLikeRedis(t *testing.T) {
	srv := sharedRedis(t)
	var requests []string
	for _, args := range []string{
		`plain`, `two words`, `"a b"`, `'a b'`, `""`, `''`, `a"b c"d`, `x'y z'`,
		`"\x41\x4a\xff\x00"`, `"\xzz"`, `"\x4"`, `"\n\r\t\b\a\\\"\q"`, `'it\'s'`, `'back\\slash'`, `'\n'`,
		"a\tb", "a\vb", "\"x\"\vy", "a\rb", "  lead  trail  ", `"云想衣裳" 花想容`,
		`"a"b`, `'a'b`, `"unterminated`, `'unterminated`, `"a\"`,
	} {
		requests = append(requests, "RPUSH live:cmd "+args+"\r\n", "RPUSH live:cmd "+args+"\n")
	}
	mb := func(n, tail string) string { return "*" + n + "\r\n$5\r\nRPUSH\r\n$8\r\nlive:cmd\r\n" + tail }
	requests = append(requests,
		mb("3", "$1\r\nx\r\n"), mb("4", "$0\r\n\r\n$2\r\n\r\n\r\n"), mb("3", "$01\r\nx\r\n"), mb("3", "$+1\r\nx\r\n"),
		mb("3", "$-1\r\n"), mb("3", "+x\r\n"), mb("3", ":1\r\n"), mb("03", "$1\r\nx\r\n"), mb("+3", "$1\r\nx\r\n"),
		"*-10\r\n"+mb("3", "$1\r\nx\r\n"), "*0\r\n"+mb("3", "$1\r\nx\r\n"), "\r\n"+mb("3", "$1\r\nx\r\n"))
	for _, req := range requests {
		var dec Decoder
		ours, _, ourErr := dec.DecodeCommand([]byte(req))
		c, err := net.Dial("tcp", srv.addr)
		if err != nil {
			t.Fatal(err)
		}
		c.SetDeadline(time.Now().Add(10 * time.Second))
		rc := &redisConn{Conn: c, r: NewReader(c), w: NewWriter(c)}
		io.WriteString(c, req)
		v := rc.read(t)
		switch {
		case v.IsError():
			if !strings.Contains(string(v.Bytes()), "Protocol error") {
				t.Errorf("%q: Redis replied %q", req, v.Bytes())
			} else if ourErr == nil {
				t.Errorf("%q: Redis replied %q; DecodeCommand accepted %q", req, v.Bytes(), ours)
			}
		case ourErr != nil:
			t.Errorf("%q: Redis accepted it, DecodeCommand: %v", req, ourErr)
		default:
			stored := rc.do(t, "LRANGE", "live:cmd", "0", "-1")
			rc.do(t, "DEL", "live:cmd")
			var got []string
			for _, e := range stored.Elems() {
				got = append(got, string(e.Bytes()))
			}
			var want []string
			for _, a := range ours[2:] {
				want = append(want, string(a))
			}
			if !slices.Equal(got, want) {
				t.Errorf("%q: Redis stored %q, DecodeCommand gives %q", req, got, want)
			}
		}
		c.Close()
	}
}

// TestLiveServerLikeRedis sends one pipeline to the real redis-server and to
// the liveServer, in RESP2 and RESP3, and compares the bytes of the
// replies: the liveServer's typed writes must be what Redis sends.
func TestLiveServerLikeRedis(t *testing.T) {
	srv := sharedRedis(t)
	s := startLiveServer(t)
	liveProtos(t, func(t *testing.T, proto int) {
		k := liveKey(t) + ":"
		var req []byte
		if proto == 3 {
			req = AppendCommand(req, "HELLO", "3") // its reply names the server: not compared
		}
		for _, cmd := range [][]string{
			{"PING"}, {"PING", redisPoem}, {"ECHO", ""}, {"SET", k + "s", redisPoem},
			{"GET", k + "s"}, {"GET", k + "missing"}, {"INCR", k + "n"}, {"INCR", k + "n"}, {"INCR", k + "s"},
			{"SET", k + "big", goldenBinary}, {"GET", k + "big"}, {"DEL", k + "s", k + "n", k + "big", k + "missing"},
			{"GET"}, {"NOSUCHCOMMAND", "a", "b"}, {"QUIT"},
		} {
			req = AppendCommand(req, cmd...)
		}
		var replies [2][]byte
		for i, addr := range []string{srv.addr, net.JoinHostPort("127.0.0.1", s.port)} {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			c.SetDeadline(time.Now().Add(10 * time.Second))
			if _, err := c.Write(req); err != nil {
				t.Fatal(err)
			}
			replies[i], err = io.ReadAll(c) // until QUIT closes the connection
			c.Close()
			if err != nil {
				t.Fatal(err)
			}
			if proto == 3 {
				_, n, err := Decode(replies[i])
				if err != nil {
					t.Fatalf("HELLO 3 reply: %v", err)
				}
				replies[i] = replies[i][n:]
			}
		}
		diffBytes(t, "liveServer vs redis-server", replies[1], replies[0])
	})
}
