// Package benchmarks compares resp with other Go RESP codecs and clients on
// the workloads of internal/workload, side by side in one process. Run it
// with run.sh, which writes RESULTS.md.
package benchmarks

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"testing"

	"github.com/gomodule/redigo/redis"
	radix "github.com/mediocregopher/radix/v4/resp"
	"github.com/mediocregopher/radix/v4/resp/resp3"
	goredis "github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"
	"github.com/redis/rueidis"
	"github.com/respkit/resp"
	"github.com/respkit/resp/internal/workload"
	"github.com/tidwall/redcon"
)

// BenchmarkCodecs runs every codec on every workload it can read or write,
// one value (or command) per op. Names are
// workload/group/codec.Method, where group is decode-stream (from an
// io.Reader), decode-bytes (from a []byte), encode-stream (to an io.Writer)
// or encode-bytes (appending to a []byte); run.sh tabulates them.
func BenchmarkCodecs(b *testing.B) {
	for _, w := range workload.Standard() {
		b.Run(w.Name, func(b *testing.B) {
			for _, c := range cases {
				if c.applies(w) {
					b.Run(c.name, func(b *testing.B) { c.run(b, w) })
				}
			}
		})
	}
}

type benchCase struct {
	name    string
	applies func(workload.Workload) bool
	run     func(*testing.B, workload.Workload)
}

func is(names ...string) func(workload.Workload) bool {
	return func(w workload.Workload) bool {
		for _, n := range names {
			if w.Name == n {
				return true
			}
		}
		return false
	}
}

func always(workload.Workload) bool { return true }

var replies = is("replies2", "replies3", "bigbulk")

var cases = []benchCase{
	{"decode-stream/resp.ReadCommand", is("cmds"), func(b *testing.B, w workload.Workload) {
		r := resp.NewReader(&workload.LoopReader{Data: w.Data})
		w.Bench(b, func(int) error { _, err := r.ReadCommand(); return err })
	}},
	{"decode-stream/resp.ReadValue", replies, func(b *testing.B, w workload.Workload) {
		r := resp.NewReader(&workload.LoopReader{Data: w.Data})
		w.Bench(b, func(int) error { _, err := r.ReadValue(); return err })
	}},
	{"decode-stream/resp.ReadBulkStream", is("bigbulk"), func(b *testing.B, w workload.Workload) {
		r := resp.NewReader(&workload.LoopReader{Data: w.Data})
		w.Bench(b, func(int) error {
			_, body, err := r.ReadBulkStream()
			if err == nil {
				_, err = body.WriteTo(io.Discard)
			}
			return err
		})
	}},
	{"decode-stream/redcon.Reader.ReadCommand", is("cmds"), func(b *testing.B, w workload.Workload) {
		r := redcon.NewReader(&workload.LoopReader{Data: w.Data})
		w.Bench(b, func(int) error { _, err := r.ReadCommand(); return err })
	}},
	{"decode-stream/radix.resp3.Unmarshal", always, func(b *testing.B, w workload.Workload) {
		br := bufio.NewReader(&workload.LoopReader{Data: w.Data})
		o := radix.NewOpts()
		if w.Name == "cmds" {
			var args []string
			w.Bench(b, func(int) error { return resp3.Unmarshal(br, &args, o) })
			return
		}
		w.Bench(b, func(int) error {
			var v any
			err := resp3.Unmarshal(br, &v, o)
			var ce radix.ErrConnUsable
			if errors.As(err, &ce) { // an error reply, decoded
				err = nil
			}
			return err
		})
	}},
	{"decode-stream/radix.resp3.RawMessage", always, func(b *testing.B, w workload.Workload) {
		br := bufio.NewReader(&workload.LoopReader{Data: w.Data})
		o := radix.NewOpts()
		var rm resp3.RawMessage
		w.Bench(b, func(int) error {
			for {
				if err := rm.UnmarshalRESP(br, o); err != nil || rm[0] != '|' {
					return err // an attribute is framed alone: frame its value too
				}
			}
		})
	}},
	{"decode-stream/go-redis.Do", replies, benchGoRedis},
	{"decode-stream/redigo.Receive", is("replies2", "bigbulk"), func(b *testing.B, w workload.Workload) {
		srv := &memServer{w: w, onDemand: true}
		c := redis.NewConn(srv.dial(), 0, 0)
		runClient(b, w, srv, func() error {
			_, err := c.Receive()
			if isRedigoReply(err) {
				err = nil
			}
			return err
		})
	}},
	{"decode-stream/rueidis.Do", replies, benchRueidis},
	{"decode-stream/memmove", always, benchMemmove},

	{"decode-bytes/resp.Decoder.DecodeCommand", is("cmds"), func(b *testing.B, w workload.Workload) {
		var dec resp.Decoder
		off := 0
		w.Bench(b, func(int) error {
			_, n, err := dec.DecodeCommand(w.Data[off:])
			off = advance(w, off+n)
			return err
		})
	}},
	{"decode-bytes/resp.Decoder.Decode", replies, func(b *testing.B, w workload.Workload) {
		var dec resp.Decoder
		off := 0
		w.Bench(b, func(int) error {
			_, n, err := dec.Decode(w.Data[off:])
			off = advance(w, off+n)
			return err
		})
	}},
	{"decode-bytes/redcon.ReadNextCommand", is("cmds"), func(b *testing.B, w workload.Workload) {
		var args [][]byte
		off := 0
		w.Bench(b, func(int) error {
			complete, a, _, rest, err := redcon.ReadNextCommand(w.Data[off:], args)
			if err == nil && !complete {
				err = errors.New("incomplete command")
			}
			args = a
			off = advance(w, len(w.Data)-len(rest))
			return err
		})
	}},
	{"decode-bytes/redcon.ReadNextRESP", is("replies2", "bigbulk"), func(b *testing.B, w workload.Workload) {
		off := 0
		w.Bench(b, func(int) error {
			n, v := redcon.ReadNextRESP(w.Data[off:])
			if v.Type == 0 {
				return errors.New("redcon could not read a value")
			}
			off = advance(w, off+n)
			return nil
		})
	}},
	{"decode-bytes/memmove", always, benchMemmove},

	{"encode-stream/resp.Writer", always, func(b *testing.B, w workload.Workload) {
		wr := resp.NewWriter(&workload.CopySink{})
		if w.Name == "cmds" {
			w.Bench(b, func(i int) error { return wr.WriteCommand(w.Commands[i]...) })
			return
		}
		vals := respValues(b, w)
		w.Bench(b, func(i int) error { return wr.WriteValue(vals[i]) })
	}},
	{"encode-stream/radix.resp3.Marshal", always, func(b *testing.B, w workload.Workload) {
		bw := bufio.NewWriter(&workload.CopySink{})
		o := radix.NewOpts()
		if w.Name == "cmds" {
			w.Bench(b, func(i int) error { return resp3.Marshal(bw, w.Commands[i], o) })
			return
		}
		vals := radixValues(b, w)
		w.Bench(b, func(i int) error {
			for _, m := range vals[i] {
				if err := m.MarshalRESP(bw, o); err != nil {
					return err
				}
			}
			return nil
		})
	}},
	{"encode-stream/redigo.Send", is("cmds"), func(b *testing.B, w workload.Workload) {
		c := redis.NewConn(&sinkConn{}, 0, 0)
		args := make([][]any, len(w.Commands))
		for i, cmd := range w.Commands {
			for _, a := range cmd[1:] {
				args[i] = append(args[i], a)
			}
		}
		w.Bench(b, func(i int) error { return c.Send(w.Commands[i][0], args[i]...) })
	}},
	{"encode-stream/memmove", always, benchMemmove},

	{"encode-bytes/resp.Append", always, func(b *testing.B, w workload.Workload) {
		buf := make([]byte, 0, 4096)
		if w.Name == "cmds" {
			w.Bench(b, func(i int) error { buf = resp.AppendCommand(buf[:0], w.Commands[i]...); return nil })
			return
		}
		vals := respValues(b, w)
		w.Bench(b, func(i int) error { buf = resp.AppendValue(buf[:0], vals[i]); return nil })
	}},
	{"encode-bytes/resp.AppendTyped", is("replies2", "bigbulk"), func(b *testing.B, w workload.Workload) {
		buf := make([]byte, 0, 4096)
		vals := goValues(b, w)
		w.Bench(b, func(i int) error { buf = appendRespTyped(buf[:0], vals[i]); return nil })
	}},
	{"encode-bytes/redcon.Append", is("cmds", "replies2", "bigbulk"), func(b *testing.B, w workload.Workload) {
		buf := make([]byte, 0, 4096)
		if w.Name == "cmds" {
			w.Bench(b, func(i int) error {
				buf = redcon.AppendArray(buf[:0], len(w.Commands[i]))
				for _, a := range w.Commands[i] {
					buf = redcon.AppendBulkString(buf, a)
				}
				return nil
			})
			return
		}
		vals := goValues(b, w)
		w.Bench(b, func(i int) error { buf = appendRedcon(buf[:0], vals[i]); return nil })
	}},
	{"encode-bytes/memmove", always, benchMemmove},
}

// advance returns off, or 0 at the end of the workload.
func advance(w workload.Workload, off int) int {
	if off == len(w.Data) {
		return 0
	}
	return off
}

// benchMemmove copies each value of w into a buffer: the floor of any codec
// that takes the bytes in or puts them out.
func benchMemmove(b *testing.B, w workload.Workload) {
	longest, start := 0, 0
	for _, end := range w.Ends {
		longest, start = max(longest, end-start), end
	}
	dst := make([]byte, longest)
	w.Bench(b, func(i int) error {
		start := 0
		if i > 0 {
			start = w.Ends[i-1]
		}
		copy(dst, w.Data[start:w.Ends[i]])
		return nil
	})
}

// A sinkConn is a net.Conn that copies what is written to a CopySink.
type sinkConn struct {
	net.Conn
	workload.CopySink
}

func (c *sinkConn) Write(p []byte) (int, error) { return c.CopySink.Write(p) }

// respValues decodes the values of w and clones them.
func respValues(b *testing.B, w workload.Workload) []resp.Value {
	vals := make([]resp.Value, 0, w.Count())
	for rest := w.Data; len(rest) > 0; {
		v, n, err := resp.Decode(rest)
		if err != nil {
			b.Fatal(err)
		}
		vals = append(vals, v.Clone())
		rest = rest[n:]
	}
	return vals
}

// A goValue is a RESP2 reply held the way a server written with redcon
// holds it: Go strings, integers and slices.
type goValue struct {
	kind  resp.Kind
	s     string
	b     []byte
	n     int64
	elems []goValue
}

func toGoValue(v resp.Value) goValue {
	g := goValue{kind: v.Kind()}
	switch v.Kind() {
	case resp.KindSimpleString, resp.KindSimpleError:
		g.s = string(v.Bytes())
	case resp.KindBulkString:
		g.b = v.Bytes()
	case resp.KindInteger:
		g.n = v.Int64()
	case resp.KindArray:
		for _, e := range v.Elems() {
			g.elems = append(g.elems, toGoValue(e))
		}
	}
	return g
}

func goValues(b *testing.B, w workload.Workload) []goValue {
	var out []goValue
	for _, v := range respValues(b, w) {
		out = append(out, toGoValue(v))
	}
	return out
}

func appendRedcon(buf []byte, v goValue) []byte {
	switch v.kind {
	case resp.KindSimpleString:
		return redcon.AppendString(buf, v.s)
	case resp.KindSimpleError:
		return redcon.AppendError(buf, v.s)
	case resp.KindBulkString:
		return redcon.AppendBulk(buf, v.b)
	case resp.KindInteger:
		return redcon.AppendInt(buf, v.n)
	case resp.KindNull:
		return redcon.AppendNull(buf)
	}
	buf = redcon.AppendArray(buf, len(v.elems))
	for _, e := range v.elems {
		buf = appendRedcon(buf, e)
	}
	return buf
}

// appendRespTyped writes v with resp's typed Append functions, the same
// calls that appendRedcon makes of redcon.
func appendRespTyped(buf []byte, v goValue) []byte {
	switch v.kind {
	case resp.KindSimpleString:
		return resp.AppendSimpleString(buf, v.s)
	case resp.KindSimpleError:
		return resp.AppendError(buf, v.s)
	case resp.KindBulkString:
		return resp.AppendBulkString(buf, v.b)
	case resp.KindInteger:
		return resp.AppendInteger(buf, v.n)
	case resp.KindNull:
		return resp.AppendNullBulkString(buf)
	}
	buf = resp.AppendArrayLen(buf, len(v.elems))
	for _, e := range v.elems {
		buf = appendRespTyped(buf, e)
	}
	return buf
}

// radixValues turns each value of w into the sequence of radix marshalers
// that writes it.
func radixValues(b *testing.B, w workload.Workload) [][]radix.Marshaler {
	var out [][]radix.Marshaler
	for _, v := range respValues(b, w) {
		out = append(out, appendRadix(nil, v))
	}
	return out
}

func appendRadix(ms []radix.Marshaler, v resp.Value) []radix.Marshaler {
	if a, ok := v.Attributes(); ok {
		ms = append(ms, resp3.AttributeHeader{NumPairs: a.Len()})
		for _, e := range a.Elems() {
			ms = appendRadix(ms, e)
		}
	}
	switch v.Kind() {
	case resp.KindSimpleString:
		return append(ms, resp3.SimpleString{S: string(v.Bytes())})
	case resp.KindSimpleError:
		return append(ms, resp3.SimpleError{S: string(v.Bytes())})
	case resp.KindBulkString:
		return append(ms, resp3.BlobStringBytes{B: v.Bytes()})
	case resp.KindInteger:
		return append(ms, resp3.Number{N: v.Int64()})
	case resp.KindNull:
		return append(ms, resp3.Null{})
	case resp.KindDouble:
		return append(ms, resp3.Double{F: v.Float64()})
	case resp.KindBoolean:
		return append(ms, resp3.Boolean{B: v.Bool()})
	case resp.KindBigNumber:
		return append(ms, resp3.BigNumber{I: v.BigInt()})
	case resp.KindVerbatimString:
		return append(ms, resp3.VerbatimStringBytes{B: v.Bytes(), Format: v.Format()})
	case resp.KindMap:
		ms = append(ms, resp3.MapHeader{NumPairs: v.Len()})
	case resp.KindSet:
		ms = append(ms, resp3.SetHeader{NumElems: v.Len()})
	case resp.KindPush:
		ms = append(ms, resp3.PushHeader{NumElems: v.Len()})
	default:
		ms = append(ms, resp3.ArrayHeader{NumElems: v.Len()})
	}
	for _, e := range v.Elems() {
		ms = appendRadix(ms, e)
	}
	return ms
}

// runClient times op, a client reading replies from srv, until b.N replies
// were read, after a warm-up over the whole workload.
func runClient(b *testing.B, w workload.Workload, srv *memServer, op func() error) {
	for srv.count() < w.Count() {
		if err := op(); err != nil {
			b.Fatal(err)
		}
	}
	srv.reset()
	w.StartTimer(b)
	for srv.count() < b.N {
		if err := op(); err != nil {
			b.Fatal(err)
		}
	}
}

func isRedigoReply(err error) bool {
	var re redis.Error
	return errors.As(err, &re)
}

// benchGoRedis sends GET through a go-redis client and reads the reply
// into the client's generic Cmd (full decode into interface values).
func benchGoRedis(b *testing.B, w workload.Workload) {
	srv := &memServer{w: w}
	client := goredis.NewClient(&goredis.Options{
		Addr:                     "mem",
		Protocol:                 3,
		DisableIdentity:          true,
		PoolSize:                 1,
		MaxRetries:               -1,
		MaintNotificationsConfig: &maintnotifications.Config{Mode: maintnotifications.ModeDisabled},
		Dialer:                   func(context.Context, string, string) (net.Conn, error) { return srv.dial(), nil },
	})
	defer client.Close()
	ctx := context.Background()
	if err := client.Ping(ctx).Err(); err != nil {
		b.Fatal(err)
	}
	do := func() error {
		err := client.Do(ctx, "GET", "k").Err()
		var re goredis.Error
		if err == goredis.Nil || errors.As(err, &re) {
			err = nil
		}
		return err
	}
	runClient(b, w, srv, do)
}

// benchRueidis sends GET through a rueidis client and reads the reply into
// its RedisMessage (full decode).
func benchRueidis(b *testing.B, w workload.Workload) {
	srv := &memServer{w: w}
	client, err := rueidis.NewClient(rueidis.ClientOption{
		InitAddress:       []string{"mem:6379"},
		DisableCache:      true,
		ForceSingleClient: true,
		DisableRetry:      true,
		DialCtxFn: func(context.Context, string, *net.Dialer, *tls.Config) (net.Conn, error) {
			return srv.dial(), nil
		},
	})
	if err != nil {
		b.Fatal(err)
	}
	defer client.Close()
	ctx := context.Background()
	do := func() error {
		err := client.Do(ctx, client.B().Get().Key("k").Build()).Error()
		if rueidis.IsRedisNil(err) || isRueidisReply(err) {
			err = nil
		}
		return err
	}
	runClient(b, w, srv, do)
}

func isRueidisReply(err error) bool {
	_, ok := rueidis.IsRedisErr(err)
	return ok
}
