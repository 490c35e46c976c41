package resp

// Golden files: replies recorded from a real redis-server 7.0.15, in RESP2
// and RESP3, stored as the exact bytes Redis sent (testdata/golden/resp2 and
// resp3, <name>.resp) with their decoded form beside them (<name>.txt,
// rendered from the Value tree by goldenRender, never by re-encoding).
//
// TestGolden decodes every file with Decode, a Reader fed one byte at a time
// and a reused Decoder, compares each with the .txt, re-encodes the values
// byte for byte with AppendValue and the Writer, and checks that the RESP2
// downgrade of each RESP3 recording is what Redis sent to a RESP2 client,
// except where a case documents why Redis's RESP2 reply is not a downgrade.
//
// Re-record with
//
//	go test -run TestGolden -record
//
// which starts a private redis-server (it must be 7.0.15), replays the
// cases below on it and rewrites the files (testdata/golden/README.md tells
// what may differ between two recordings).

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"
	"unicode/utf8"
)

var goldenRecord = flag.Bool("record", false, "TestGolden: re-record testdata/golden and testdata/sample-resp3.resp from a private redis-server 7.0.15")

// goldenRedisVersion is the version of redis-server that the files pin.
const goldenRedisVersion = "7.0.15"

// redisPoem is a UTF-8 value with a CRLF inside.
const redisPoem = "云想衣裳花想容,春风拂槛露华浓。\r\n 若非群玉山头见,会向瑶台月下逢。"

// goldenBinary holds every byte value and fragments of RESP, to be stored
// and read back as a payload.
var goldenBinary = func() string {
	b := []byte("*1\r\n$3\r\nfoo\r\n:1\r\n\r\r\n\n-ERR x\r\n")
	for i := range 256 {
		b = append(b, byte(i))
	}
	return string(b)
}()

// goldenBig is a 1 MiB value of pseudo-random bytes (xorshift64, fixed seed).
var goldenBig = func() string {
	b := make([]byte, 1<<20)
	x := uint64(0x9e3779b97f4a7c15)
	for i := range b {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		b[i] = byte(x >> 32)
	}
	return string(b)
}()

// A goldenStep is one command of a golden case, or a wait for values.
type goldenStep struct {
	conn     int      // 0: the recorded connection; 1, 2: helpers, whose replies are checked and dropped
	args     []string // the command; nil to only read values; "{proto}" and "{id0}" are replaced
	replies  int      // values to read after it: its reply and the pushes that come with it
	replies2 int      // replies for RESP2, if different (0: the same)
}

// on returns the step that sends args on connection conn and reads one reply.
func on(conn int, args ...string) goldenStep {
	return goldenStep{conn: conn, args: args, replies: 1}
}

// await returns the step that reads n values from connection conn.
func await(conn, n int) goldenStep { return goldenStep{conn: conn, replies: n} }

// n returns s reading k values.
func (s goldenStep) n(k int) goldenStep { s.replies = k; return s }

// n2 returns s reading k values in RESP2.
func (s goldenStep) n2(k int) goldenStep { s.replies2 = k; return s }

// A goldenCase is a scenario replayed on a fresh connection (after FLUSHALL)
// whose replies on connection 0 make one golden file per protocol.
type goldenCase struct {
	name      string
	about     string
	steps     []goldenStep
	steps2    []goldenStep // steps for RESP2, if they differ
	resp3Only bool
	hello     bool   // connection 0 does not send HELLO 3 itself: the steps do
	differs   string // why Redis's RESP2 reply is not the downgrade of its RESP3 reply
	varies    string // what differs between two recordings
	path      string // the files without extension, if not testdata/golden/resp<N>/<name>
}

var goldenCases = goldenCaseList()

func goldenCaseList() []goldenCase {
	var cases []goldenCase
	for _, typ := range []string{"string", "integer", "double", "bignum", "null", "array", "set", "map", "attrib", "push", "verbatim", "true", "false"} {
		c := goldenCase{
			name:  "debug-protocol-" + typ,
			about: "DEBUG PROTOCOL " + typ + ": Redis's own sample of the type",
			steps: []goldenStep{on(0, "DEBUG", "PROTOCOL", typ)},
		}
		switch typ {
		case "attrib":
			c.about = "DEBUG PROTOCOL attrib: a reply with an attribute (dropped for RESP2)"
		case "push":
			c.about = "DEBUG PROTOCOL push: a push (server-cpu-usage) before the reply"
			c.steps[0] = c.steps[0].n(2).n2(1)
			c.differs = "Redis does not send pushes to RESP2 clients: it replies with an error"
		}
		cases = append(cases, c)
	}
	return append(cases, []goldenCase{{
		name:  "strings",
		about: "simple strings and bulk strings, including the empty one",
		steps: []goldenStep{on(0, "SET", "k", "v"), on(0, "GET", "k"), on(0, "TYPE", "k"), on(0, "PING"), on(0, "ECHO", "")},
	}, {
		name:  "integers",
		about: "integers up to int64's extremes, negative integers, and the overflow error",
		steps: []goldenStep{
			on(1, "SET", "max", "9223372036854775806"), on(0, "INCR", "max"),
			on(1, "SET", "min", "-9223372036854775807"), on(0, "DECR", "min"),
			on(0, "INCRBY", "n", "-42"), on(0, "TTL", "nosuchkey"), on(0, "EXISTS", "max", "min", "nosuchkey"),
			on(0, "INCR", "max"),
		},
	}, {
		name:  "nulls",
		about: "missing keys: null bulk strings ($-1) and null arrays (*-1) in RESP2, null (_) in RESP3, also inside an array",
		steps: []goldenStep{
			on(1, "SET", "a", "1"), on(0, "GET", "nosuchkey"), on(0, "HGET", "nosuchkey", "f"),
			on(0, "LPOP", "nosuchkey"), on(0, "LPOP", "nosuchkey", "2"), on(0, "MGET", "a", "nosuchkey"),
		},
	}, {
		name:  "empty-aggregates",
		about: "empty array, map and set",
		steps: []goldenStep{on(0, "LRANGE", "nosuchkey", "0", "-1"), on(0, "HGETALL", "nosuchkey"), on(0, "SMEMBERS", "nosuchkey")},
	}, {
		name:  "hgetall",
		about: "HGETALL: a map in RESP3, a flat array in RESP2 (small hash: insertion order)",
		steps: []goldenStep{on(1, "HSET", "h", "name", "Ada", "lang", "Go", "year", "1843"), on(0, "HGETALL", "h"), on(0, "HMGET", "h", "name", "nosuch")},
	}, {
		name:  "set",
		about: "SMEMBERS: a set in RESP3 (integer set: sorted)",
		steps: []goldenStep{on(1, "SADD", "primes", "7", "2", "5", "3"), on(0, "SMEMBERS", "primes"), on(0, "SMISMEMBER", "primes", "2", "4")},
	}, {
		name:  "doubles",
		about: "doubles: %.17g text (0.10000000000000001, 1.0000000000000001e+300), inf, -inf, 10, GEOPOS's 20-digit text, INCRBYFLOAT (a bulk string in both)",
		steps: []goldenStep{
			on(1, "ZADD", "z", "10", "a", "1e300", "b", "0.1", "c", "inf", "d", "-inf", "e", "3.0000000000000004", "f", "1.5", "g"),
			on(0, "ZMSCORE", "z", "a", "b", "c", "d", "e", "f", "g", "nosuch"),
			on(0, "ZINCRBY", "z", "0.2", "c"),
			on(0, "INCRBYFLOAT", "fl", "0.1"),
			on(1, "GEOADD", "geo", "13.361389", "38.115556", "Palermo"),
			on(0, "GEOPOS", "geo", "Palermo", "nosuch"),
		},
	}, {
		name:    "zrange-withscores",
		about:   "ZRANGE WITHSCORES: [member, double] pairs in RESP3",
		steps:   []goldenStep{on(1, "ZADD", "z", "1.5", "a", "0.1", "b", "-2", "c"), on(0, "ZRANGE", "z", "0", "-1", "WITHSCORES")},
		differs: "RESP3 replies with an array of [member, score] pairs, RESP2 with one flat array",
	}, {
		name:  "utf8",
		about: "a UTF-8 value with a CRLF inside, and a range of it that cuts a character",
		steps: []goldenStep{on(1, "SET", "poem", redisPoem), on(0, "GET", "poem"), on(0, "STRLEN", "poem"), on(0, "GETRANGE", "poem", "0", "22")},
	}, {
		name:  "binary",
		about: "binary values: every byte, embedded CRLF and RESP fragments, the empty string",
		steps: []goldenStep{
			on(1, "SET", "bin", goldenBinary), on(0, "GET", "bin"),
			on(1, "RPUSH", "list", "", "\r\n", "*1\r\n$1\r\nx\r\n", "\x00\xff", "\r"), on(0, "LRANGE", "list", "0", "-1"),
		},
	}, {
		name:  "big-value",
		about: "a 1 MiB value of pseudo-random bytes",
		steps: []goldenStep{on(1, "SET", "big", goldenBig), on(0, "GET", "big"), on(0, "STRLEN", "big")},
	}, {
		name:  "blpop-timeout",
		about: "BLPOP that times out: the null array (*-1) in RESP2, null in RESP3",
		steps: []goldenStep{on(0, "BLPOP", "nosuchkey", "0.01")},
	}, {
		name:  "errors",
		about: "errors: WRONGTYPE, unknown command, wrong arity, syntax, not an integer",
		steps: []goldenStep{
			on(1, "SET", "str", "x"), on(0, "LPUSH", "str", "a"), on(0, "NOSUCHCOMMAND", "a", "b"),
			on(0, "GET"), on(0, "SET", "k", "v", "XX", "NX"), on(0, "INCR", "str"),
		},
	}, {
		name:  "multi-exec",
		about: "MULTI/EXEC: QUEUED replies, then an EXEC array holding a map and a double",
		steps: []goldenStep{
			on(0, "MULTI"), on(0, "SET", "k", "v"), on(0, "INCR", "n"), on(0, "GET", "k"), on(0, "HSET", "h", "f", "v"),
			on(0, "HGETALL", "h"), on(0, "ZADD", "z", "1.5", "m"), on(0, "ZSCORE", "z", "m"), on(0, "EXEC"),
		},
	}, {
		name:  "multi-exec-error",
		about: "EXEC with an error inside: the failed command's error is an element of the array",
		steps: []goldenStep{on(1, "SET", "k", "abc"), on(0, "MULTI"), on(0, "SET", "j", "1"), on(0, "INCR", "k"), on(0, "GET", "j"), on(0, "EXEC")},
	}, {
		name:  "multi-exec-aborted",
		about: "EXEC aborted by WATCH: the null array (*-1) in RESP2, null in RESP3",
		steps: []goldenStep{
			on(0, "WATCH", "k"), on(0, "MULTI"), on(0, "SET", "k", "mine"), on(1, "SET", "k", "theirs"),
			on(0, "EXEC"), on(0, "GET", "k"),
		},
	}, {
		name:  "multi-execabort",
		about: "EXEC after a command was refused while queuing: EXECABORT",
		steps: []goldenStep{on(0, "MULTI"), on(0, "SET", "k"), on(0, "EXEC")},
	}, {
		name:  "pubsub",
		about: "pub/sub: subscribe confirmations, message, pmessage and smessage pushes (arrays in RESP2), unsubscribes",
		steps: []goldenStep{
			on(0, "SUBSCRIBE", "news", "chat").n(2), on(0, "PSUBSCRIBE", "news.*"), on(0, "SSUBSCRIBE", "shard"),
			on(1, "PUBLISH", "news", "hello"), on(1, "PUBLISH", "news.tech", redisPoem), on(1, "SPUBLISH", "shard", "s"),
			await(0, 3),
			on(0, "UNSUBSCRIBE", "news", "chat").n(2), on(0, "PUNSUBSCRIBE", "news.*"), on(0, "SUNSUBSCRIBE", "shard"),
		},
	}, {
		name:    "pubsub-ping",
		about:   "PING on a subscribed connection, after a message was published: the message, then the reply",
		steps:   []goldenStep{on(0, "SUBSCRIBE", "ch"), on(1, "PUBLISH", "ch", "m"), on(0, "PING").n(2)},
		differs: "a subscribed RESP2 client gets [pong, \"\"] for PING, a RESP3 client +PONG",
	}, {
		name:  "tracking",
		about: "client-side caching: invalidate pushes for a key and for FLUSHALL (null), before the next reply",
		steps: []goldenStep{
			on(0, "CLIENT", "TRACKING", "on"), on(1, "SET", "k", "v1"), on(0, "GET", "k"), on(1, "SET", "k", "v2"),
			on(0, "PING").n(2), on(0, "GET", "k"), on(1, "FLUSHALL"), await(0, 1),
		},
		steps2: []goldenStep{
			on(0, "SUBSCRIBE", "__redis__:invalidate"), on(1, "CLIENT", "TRACKING", "on", "REDIRECT", "{id0}"),
			on(2, "SET", "k", "v1"), on(1, "GET", "k"), on(2, "SET", "k", "v2"), await(0, 1),
			on(1, "GET", "k"), on(2, "FLUSHALL"), await(0, 1),
		},
		differs: "a RESP2 client gets invalidations as messages on __redis__:invalidate, redirected from the tracking connection",
	}, {
		name:  "streams",
		about: "stream entries: nested arrays of ids and field/value arrays",
		steps: []goldenStep{
			on(1, "XADD", "s", "1-1", "f", "v"), on(1, "XADD", "s", "2-1", "name", redisPoem, "n", "2"),
			on(0, "XRANGE", "s", "-", "+"), on(0, "XREVRANGE", "s", "+", "-", "COUNT", "1"), on(0, "XLEN", "s"),
			on(0, "XADD", "s", "2-2", "x", "y"),
		},
	}, {
		name:  "stream-xread",
		about: "XREAD: a map of stream name to entries in RESP3; null when nothing is new",
		steps: []goldenStep{
			on(1, "XADD", "a", "1-1", "f", "v"), on(1, "XADD", "b", "1-2", "g", "w", "h", "x"),
			on(0, "XREAD", "COUNT", "10", "STREAMS", "a", "b", "0", "0"), on(0, "XREAD", "STREAMS", "a", "1-1"),
		},
		differs: "RESP3 replies with a map of stream to entries, RESP2 with an array of [stream, entries] pairs",
	}, {
		name:  "stream-xinfo",
		about: "XINFO STREAM FULL, XINFO STREAM and XINFO GROUPS: maps nested in arrays nested in maps, with nulls",
		steps: []goldenStep{
			on(1, "XADD", "s", "1-1", "f", "v"), on(1, "XADD", "s", "2-1", "f2", "v2", "f3", "v3"), on(1, "XGROUP", "CREATE", "s", "g", "0"),
			on(0, "XINFO", "STREAM", "s", "FULL"), on(0, "XINFO", "STREAM", "s"), on(0, "XINFO", "GROUPS", "s"),
		},
	}, {
		name:  "stream-xreadgroup",
		about: "XREADGROUP, XPENDING and XACK",
		steps: []goldenStep{
			on(1, "XADD", "s", "1-1", "f", "v"), on(1, "XADD", "s", "2-1", "g", "w"), on(1, "XGROUP", "CREATE", "s", "grp", "0"),
			on(0, "XREADGROUP", "GROUP", "grp", "alice", "COUNT", "1", "STREAMS", "s", ">"),
			on(0, "XPENDING", "s", "grp"), on(0, "XACK", "s", "grp", "1-1"),
		},
		differs: "XREADGROUP: RESP3 replies with a map of stream to entries, RESP2 with an array of [stream, entries] pairs",
	}, {
		name:    "hello",
		about:   "HELLO: the server's handshake, a map in RESP3 (HELLO 2: a flat array)",
		hello:   true,
		steps:   []goldenStep{on(0, "HELLO", "{proto}")},
		differs: "the proto field is 2 or 3",
		varies:  "id, the client id, counts the connections that the recorder opened before: it changes when cases before this one change",
	}, {
		name:    "client-info",
		about:   "CLIENT INFO: a verbatim string in RESP3",
		steps:   []goldenStep{on(0, "CLIENT", "SETNAME", "golden"), on(0, "CLIENT", "INFO")},
		differs: "the text says resp=2 or resp=3 and has another client id",
		varies:  "id and fd follow the recorder's connections; age and idle are 1 if a second boundary passed; qbuf, rbs, rbp and tot-mem follow Redis's buffer management (stable for one build)",
	}, {
		name:  "doctors",
		about: "verbatim strings of fixed text: MEMORY DOCTOR and LATENCY DOCTOR on an idle server",
		steps: []goldenStep{on(0, "MEMORY", "DOCTOR"), on(0, "LATENCY", "DOCTOR")},
	}, {
		name:  "command-docs",
		about: "COMMAND INFO and COMMAND DOCS: deeply nested arrays, sets and maps",
		steps: []goldenStep{on(0, "COMMAND", "INFO", "GET"), on(0, "COMMAND", "DOCS", "GET")},
	}, {
		name:  "config-get",
		about: "CONFIG GET: a map in RESP3",
		steps: []goldenStep{on(0, "CONFIG", "GET", "appendonly"), on(0, "CONFIG", "GET", "save")},
	}, {
		name: "sample-session",
		about: "a client's session, for the README: HELLO 3, SET/GET, a UTF-8 value, a map, a set, doubles, " +
			"a push message, an attribute, an error, a null",
		hello:     true,
		resp3Only: true,
		path:      "testdata/sample-resp3",
		steps: []goldenStep{
			on(0, "HELLO", "3"),
			on(0, "SET", "greeting", "Hello, RESP3"), on(0, "GET", "greeting"),
			on(0, "SET", "poem", redisPoem), on(0, "GET", "poem"),
			on(0, "HSET", "user:1", "name", "Ada", "lang", "Go"), on(0, "HGETALL", "user:1"),
			on(0, "SADD", "primes", "2", "3", "5", "7"), on(0, "SMEMBERS", "primes"),
			on(0, "ZADD", "scores", "1.5", "ada", "0.1", "bob"), on(0, "ZSCORE", "scores", "bob"),
			on(0, "ZRANGE", "scores", "0", "-1", "WITHSCORES"),
			on(0, "SUBSCRIBE", "news"), on(1, "PUBLISH", "news", "RESP3 is here"), await(0, 1),
			on(0, "UNSUBSCRIBE", "news"),
			on(0, "DEBUG", "PROTOCOL", "attrib"),
			on(0, "INCR", "greeting"),
			on(0, "GET", "nosuchkey"),
		},
		varies: "the client id in the HELLO reply (as for the hello case)",
	}}...)
}

// files returns the path of the case's recording for proto, without
// extension.
func (gc *goldenCase) files(proto int) string {
	if gc.path != "" {
		return filepath.FromSlash(gc.path)
	}
	return filepath.Join("testdata", "golden", "resp"+strconv.Itoa(proto), gc.name)
}

// stepsFor returns the steps of the case in proto.
func (gc *goldenCase) stepsFor(proto int) []goldenStep {
	if proto == 2 && gc.steps2 != nil {
		return gc.steps2
	}
	return gc.steps
}

// protos returns the protocols that the case is recorded in.
func (gc *goldenCase) protos() []int {
	if gc.resp3Only {
		return []int{3}
	}
	return []int{2, 3}
}

// TestGolden checks every recording (see the top of this file); with
// -record, it first records them again.
func TestGolden(t *testing.T) {
	if *goldenRecord {
		recordGolden(t)
	}
	known := map[string]bool{}
	recorded := map[string][][]byte{} // name+proto: the values' bytes
	for _, gc := range goldenCases {
		for _, proto := range gc.protos() {
			known[gc.files(proto)+".resp"] = true
			known[gc.files(proto)+".txt"] = true
			t.Run(fmt.Sprintf("%s/resp%d", gc.name, proto), func(t *testing.T) {
				recorded[gc.name+strconv.Itoa(proto)] = checkGoldenFile(t, &gc, proto)
			})
		}
	}
	for _, proto := range []string{"2", "3"} {
		entries, err := os.ReadDir(filepath.Join("testdata", "golden", "resp"+proto))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if p := filepath.Join("testdata", "golden", "resp"+proto, e.Name()); !known[p] {
				t.Errorf("%s belongs to no golden case (remove it, or re-record)", p)
			}
		}
	}
	for _, gc := range goldenCases {
		v2, v3 := recorded[gc.name+"2"], recorded[gc.name+"3"]
		if v2 == nil || v3 == nil {
			continue
		}
		t.Run(gc.name+"/downgrade", func(t *testing.T) { checkGoldenDowngrade(t, &gc, v2, v3) })
	}
}

// checkGoldenFile checks the recording of gc in proto against its text and
// returns the bytes of each value in it.
func checkGoldenFile(t *testing.T, gc *goldenCase, proto int) [][]byte {
	data, err := os.ReadFile(gc.files(proto) + ".resp")
	if err != nil {
		t.Fatal(err)
	}
	txt, err := os.ReadFile(gc.files(proto) + ".txt")
	if err != nil {
		t.Fatal(err)
	}
	want := string(txt)

	// Decode, value after value.
	var b strings.Builder
	goldenHeader(&b, gc, proto)
	var raws [][]byte
	var vals []Value
	for off := 0; off < len(data); {
		v, n, err := Decode(data[off:])
		if err != nil {
			t.Fatalf("Decode at offset %d: %v", off, err)
		}
		goldenValue(&b, len(vals)+1, off, off+n, v)
		raws = append(raws, data[off:off+n])
		vals = append(vals, v)
		off += n
	}
	diffGolden(t, "Decode", b.String(), want)

	// A Reader fed one byte at a time.
	b.Reset()
	goldenHeader(&b, gc, proto)
	r := NewReader(iotest.OneByteReader(bytes.NewReader(data)))
	for i := 1; ; i++ {
		start := r.InputOffset()
		v, err := r.ReadValue()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("Reader, value %d: %v", i, err)
		}
		if i > len(vals) || !v.Equal(vals[i-1]) || !v.Clone().Equal(v) {
			t.Errorf("Reader, value %d: not Equal to Decode's, or to its Clone", i)
		}
		goldenValue(&b, i, int(start), int(r.InputOffset()), v)
	}
	diffGolden(t, "Reader (one byte at a time)", b.String(), want)

	// One Decoder, reused.
	got, err := goldenDecoded(gc, proto, data)
	if err != nil {
		t.Fatal(err)
	}
	diffGolden(t, "Decoder", got, want)

	// Re-encoding gives the bytes back.
	var enc []byte
	for _, v := range vals {
		enc = AppendValue(enc, v)
	}
	diffBytes(t, "AppendValue", enc, data)
	var buf bytes.Buffer
	w := NewWriterSize(&buf, 64) // small, so that large payloads bypass the buffer
	for _, v := range vals {
		w.WriteValue(v)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	diffBytes(t, "Writer", buf.Bytes(), data)
	return raws
}

// checkGoldenDowngrade checks that the RESP2 downgrade of the RESP3
// recording is the RESP2 recording, or, for a case that says why Redis
// does otherwise, that it is not.
//
// RESP3 has one null where RESP2 has two, and Redis sends a RESP2 client the
// null array (*-1) where an array is missing (BLPOP's timeout, an aborted
// EXEC, LPOP with a count, GEOPOS of a missing member), so a RESP3 null
// downgrades to $-1 where Redis may have sent *-1: the comparison accepts
// that, and only that.
func checkGoldenDowngrade(t *testing.T, gc *goldenCase, raw2, raw3 [][]byte) {
	var want []byte
	nullArrays := 0
	for _, raw := range raw2 {
		v, _, err := Decode(raw)
		if err != nil {
			t.Fatal(err)
		}
		want = AppendValue(want, goldenNullArrays(v, &nullArrays))
	}
	if nullArrays > 0 {
		t.Logf("%d null arrays (*-1) in RESP2 compared as $-1", nullArrays)
	}
	var down []byte
	var buf bytes.Buffer
	w := NewWriterSize(&buf, 64)
	w.RESP2 = true
	for _, raw := range raw3 {
		v, _, err := Decode(raw)
		if err != nil {
			t.Fatal(err)
		}
		down = AppendValueRESP2(down, v)
		w.WriteValue(v)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), down) {
		t.Errorf("Writer{RESP2: true} and AppendValueRESP2 disagree:\n%q\n%q", buf.Bytes(), down)
	}
	if gc.differs != "" {
		if bytes.Equal(down, want) {
			t.Errorf("the case says RESP2 differs from the downgrade (%s), but they are equal: remove the exception", gc.differs)
		}
		return
	}
	diffBytes(t, "AppendValueRESP2 of the RESP3 recording vs the RESP2 recording", down, want)
}

// goldenNullArrays returns v, a RESP2 value, with every null array (*-1)
// replaced by a null bulk string ($-1), counting them in n.
func goldenNullArrays(v Value, n *int) Value {
	switch {
	case v.NullKind() == KindArray:
		*n++
		return NullBulkStringValue()
	case v.Kind() == KindArray:
		elems := make([]Value, 0, v.Len())
		for _, e := range v.Elems() {
			elems = append(elems, goldenNullArrays(e, n))
		}
		return ArrayValue(elems...)
	}
	return v
}

// diffGolden reports the first line where got and want differ.
func diffGolden(t *testing.T, what, got, want string) {
	t.Helper()
	if got == want {
		return
	}
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			t.Errorf("%s: decoded form differs from the .txt at line %d:\ngot:  %s\nwant: %s", what, i+1, gl, wl)
			return
		}
	}
}

// diffBytes reports where got and want first differ.
func diffBytes(t *testing.T, what string, got, want []byte) {
	t.Helper()
	if bytes.Equal(got, want) {
		return
	}
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	t.Errorf("%s: %d bytes, want %d; first difference at offset %d:\ngot:  %q\nwant: %q",
		what, len(got), len(want), i, got[max(0, i-20):min(len(got), i+40)], want[max(0, i-20):min(len(want), i+40)])
}

// The decoded form of a recording, the .txt beside it: a header that says
// what was recorded, then each value with its byte range, one line per
// value and element, indented by nesting.

// goldenHeader writes the comment lines that start the .txt of gc in proto.
func goldenHeader(b *strings.Builder, gc *goldenCase, proto int) {
	fmt.Fprintf(b, "# %s, RESP%d: %s\n", gc.name, proto, gc.about)
	fmt.Fprintf(b, "# Replies that redis-server %s sent to connection 0, recorded by `go test -run TestGolden -record`.\n", goldenRedisVersion)
	if proto == 3 && !gc.hello {
		b.WriteString("# Connection 0 sent HELLO 3 first. Commands (connection> command):\n")
	} else {
		b.WriteString("# Commands (connection> command):\n")
	}
	for _, s := range gc.stepsFor(proto) {
		n := s.replies
		if proto == 2 && s.replies2 != 0 {
			n = s.replies2
		}
		if s.args == nil {
			fmt.Fprintf(b, "#   %d< (wait for %d more)\n", s.conn, n)
			continue
		}
		args := make([]string, len(s.args))
		for i, a := range s.args {
			args[i] = goldenArg(a)
		}
		more := ""
		if n != 1 {
			more = fmt.Sprintf("    (%d values)", n)
		}
		fmt.Fprintf(b, "#   %d> %s%s\n", s.conn, strings.Join(args, " "), more)
	}
	if gc.varies != "" {
		fmt.Fprintf(b, "# Varies between recordings: %s.\n", gc.varies)
	}
	if proto == 3 && gc.differs != "" {
		fmt.Fprintf(b, "# The RESP2 recording is not this one downgraded: %s.\n", gc.differs)
	}
}

// goldenArg shows a command argument: as it is if it is plain ASCII,
// quoted otherwise, cut if long.
func goldenArg(a string) string {
	if len(a) > 120 {
		cut := 32
		for cut > 0 && !utf8.RuneStart(a[cut]) {
			cut--
		}
		return fmt.Sprintf("%s...(%d bytes)", strconv.Quote(a[:cut]), len(a))
	}
	if a == "" || strings.ContainsFunc(a, func(r rune) bool { return r <= ' ' || r > '~' || r == '"' || r == '\'' || r == '\\' }) {
		return strconv.Quote(a)
	}
	return a
}

// goldenDecoded decodes data with one reused Decoder and renders it as the
// .txt of gc in proto.
func goldenDecoded(gc *goldenCase, proto int, data []byte) (string, error) {
	var b strings.Builder
	goldenHeader(&b, gc, proto)
	var dec Decoder
	for i, off := 1, 0; off < len(data); i++ {
		v, n, err := dec.Decode(data[off:])
		if err != nil {
			return "", fmt.Errorf("Decoder at offset %d: %w", off, err)
		}
		goldenValue(&b, i, off, off+n, v)
		off += n
	}
	return b.String(), nil
}

// goldenValue writes top-level value i, which took bytes [start, end).
func goldenValue(b *strings.Builder, i, start, end int, v Value) {
	fmt.Fprintf(b, "\nvalue %d: bytes %d-%d\n", i, start, end)
	goldenRender(b, v, 0, "")
}

// goldenKinds names the kinds in the .txt files, independently of
// Kind.String.
var goldenKinds = map[Kind]string{
	KindSimpleString: "simple-string", KindSimpleError: "simple-error", KindInteger: "integer",
	KindBulkString: "bulk-string", KindArray: "array", KindNull: "null", KindBoolean: "boolean",
	KindDouble: "double", KindBigNumber: "big-number", KindBulkError: "bulk-error",
	KindVerbatimString: "verbatim-string", KindMap: "map", KindSet: "set", KindPush: "push",
}

// goldenRender writes v as one line at the given depth, preceded by label,
// then its attributes and its elements one level deeper: map keys and
// values are labelled "k:" and "v:", attributes "|attributes:".
func goldenRender(b *strings.Builder, v Value, depth int, label string) {
	b.WriteString(strings.Repeat("  ", depth))
	b.WriteString(label)
	name, ok := goldenKinds[v.Kind()]
	if !ok {
		name = fmt.Sprintf("unknown-kind-%q", byte(v.Kind()))
	}
	b.WriteString(name)
	switch v.Kind() {
	case KindNull:
		fmt.Fprintf(b, " (%s)", map[Kind]string{KindNull: "_", KindBulkString: "$-1", KindArray: "*-1"}[v.NullKind()])
	case KindInteger:
		fmt.Fprintf(b, " %d", v.Int64())
	case KindBoolean:
		fmt.Fprintf(b, " %t", v.Bool())
	case KindDouble:
		fmt.Fprintf(b, " %s = %s", v.Bytes(), strconv.FormatFloat(v.Float64(), 'g', -1, 64))
	case KindBigNumber:
		fmt.Fprintf(b, " %s", v.Bytes())
		if s := v.BigInt().String(); s != string(v.Bytes()) {
			fmt.Fprintf(b, " (big.Int %s)", s)
		}
	case KindSimpleString, KindSimpleError, KindBulkString, KindBulkError:
		fmt.Fprintf(b, " %d %s", v.Len(), goldenText(v.Bytes()))
	case KindVerbatimString:
		fmt.Fprintf(b, " %s %d %s", v.Format(), v.Len(), goldenText(v.Bytes()))
	case KindArray, KindSet, KindPush, KindMap:
		fmt.Fprintf(b, " %d", v.Len())
	}
	b.WriteByte('\n')
	if attrs, ok := v.Attributes(); ok {
		goldenRender(b, attrs, depth+1, "|attributes: ")
	}
	for i, e := range v.Elems() {
		label := ""
		if v.Kind() == KindMap {
			label = [2]string{"k: ", "v: "}[i%2]
		}
		goldenRender(b, e, depth+1, label)
	}
}

// goldenText quotes a payload, or for one over 1 KiB, gives its length,
// SHA-256 and beginning.
func goldenText(p []byte) string {
	if len(p) <= 1024 {
		return strconv.Quote(string(p))
	}
	return fmt.Sprintf("(sha256 %x) %s...", sha256.Sum256(p), strconv.Quote(string(p[:32])))
}

// The recorder.

// recordGolden replays every case on a private redis-server and rewrites
// the files.
func recordGolden(t *testing.T) {
	out, err := exec.Command(requireBinary(t, "redis-server"), "--version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "v="+goldenRedisVersion+" ") {
		t.Fatalf("the golden files pin redis-server %s; this one is %s", goldenRedisVersion, out)
	}
	srv := startRedis(t)
	ctl := dialGolden(t, srv, 2, false)
	for _, proto := range []int{2, 3} {
		if err := os.MkdirAll(filepath.Join("testdata", "golden", "resp"+strconv.Itoa(proto)), 0o755); err != nil {
			t.Fatal(err)
		}
		for _, gc := range goldenCases {
			if !slices.Contains(gc.protos(), proto) {
				continue
			}
			data := recordGoldenCase(t, srv, ctl, &gc, proto)
			txt, err := goldenDecoded(&gc, proto, data)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(gc.files(proto)+".resp", data, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(gc.files(proto)+".txt", []byte(txt), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// recordGoldenCase replays gc in proto and returns the bytes that
// connection 0 received.
func recordGoldenCase(t *testing.T, srv *redisServer, ctl *goldenConn, gc *goldenCase, proto int) []byte {
	ctl.mustDo(t, "FLUSHALL")
	var conns []*goldenConn
	var rec []byte
	for _, s := range gc.stepsFor(proto) {
		for len(conns) <= s.conn {
			conns = append(conns, dialGolden(t, srv, proto, len(conns) == 0 && !gc.hello))
		}
		c := conns[s.conn]
		if s.args != nil {
			args := make([]string, len(s.args))
			for i, a := range s.args {
				a = strings.ReplaceAll(a, "{proto}", strconv.Itoa(proto))
				args[i] = strings.ReplaceAll(a, "{id0}", conns[0].id)
			}
			c.w.WriteCommand(args...)
			if err := c.w.Flush(); err != nil {
				t.Fatal(err)
			}
		}
		n := s.replies
		if proto == 2 && s.replies2 != 0 {
			n = s.replies2
		}
		for range n {
			raw := c.next(t)
			if s.conn == 0 {
				rec = append(rec, raw...)
			} else if v, _, _ := Decode(raw); v.IsError() {
				t.Fatalf("%s: helper connection %d got %q for %q", gc.name, s.conn, raw, s.args)
			}
		}
	}
	conns[0].quiet(t)
	for _, c := range conns {
		// Kill the client server-side, so that its file descriptor is free
		// before the next case connects, then close our end.
		if v := ctl.mustDo(t, "CLIENT", "KILL", "ID", c.id); v.Kind() != KindInteger || v.Int64() != 1 {
			t.Fatalf("CLIENT KILL ID %s: %v", c.id, v)
		}
		c.c.Close()
	}
	return rec
}

// A goldenConn is a connection of the recorder. It keeps the exact bytes it
// receives; Decode only tells where each value ends.
type goldenConn struct {
	c   net.Conn
	w   *Writer
	buf []byte // received, not yet returned by next
	dec Decoder
	id  string // the client id
}

// dialGolden connects to the server's Unix socket (so that the address Redis
// reports for the client is the same on every run), sends HELLO 3 if hello3,
// and reads the client id.
func dialGolden(t *testing.T, srv *redisServer, proto int, hello3 bool) *goldenConn {
	c, err := net.Dial("unix", srv.unix)
	if err != nil {
		t.Fatal(err)
	}
	gc := &goldenConn{c: c, w: NewWriter(c)}
	if hello3 && proto == 3 {
		if v := gc.mustDo(t, "HELLO", "3"); v.Kind() != KindMap {
			t.Fatalf("HELLO 3: %v", v)
		}
	}
	v := gc.mustDo(t, "CLIENT", "ID")
	if v.Kind() != KindInteger {
		t.Fatalf("CLIENT ID: %v", v)
	}
	gc.id = strconv.FormatInt(v.Int64(), 10)
	return gc
}

// mustDo sends a command and returns its reply, which must not be an error.
func (gc *goldenConn) mustDo(t *testing.T, args ...string) Value {
	gc.w.WriteCommand(args...)
	if err := gc.w.Flush(); err != nil {
		t.Fatal(err)
	}
	v, _, err := Decode(gc.next(t))
	if err != nil || v.IsError() {
		t.Fatalf("%q: %v %v", args, v, err)
	}
	return v
}

// next returns the exact bytes of the next value received.
func (gc *goldenConn) next(t *testing.T) []byte {
	for {
		_, n, err := gc.dec.Decode(gc.buf)
		if err == nil {
			raw := slices.Clone(gc.buf[:n])
			gc.buf = gc.buf[n:]
			return raw
		}
		if !errors.Is(err, ErrIncomplete) {
			t.Fatalf("decoding what Redis sent: %v", err)
		}
		gc.c.SetReadDeadline(time.Now().Add(10 * time.Second))
		var tmp [64 << 10]byte
		m, err := gc.c.Read(tmp[:])
		gc.buf = append(gc.buf, tmp[:m]...)
		if err != nil {
			t.Fatalf("reading from Redis: %v", err)
		}
	}
}

// quiet checks that nothing more than the values read has arrived.
func (gc *goldenConn) quiet(t *testing.T) {
	gc.c.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
	var tmp [1]byte
	n, err := gc.c.Read(tmp[:])
	if len(gc.buf) > 0 || n > 0 || !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("connection 0 received more than the case reads: %q %q %v", gc.buf, tmp[:n], err)
	}
}
