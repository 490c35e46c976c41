package resp_test

import (
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"log"
	"math/big"
	"net"
	"os"
	"strings"
	"testing"

	"github.com/respkit/resp"
)

// A round trip: encode a command as a client sends it, then decode it.
func Example() {
	buf := resp.AppendCommand(nil, "SET", "greeting", "hello")
	fmt.Printf("%q\n", buf)

	v, n, err := resp.Decode(buf)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(v.Kind(), v.Len(), v, n == len(buf))
	// Output:
	// "*3\r\n$3\r\nSET\r\n$8\r\ngreeting\r\n$5\r\nhello\r\n"
	// array 3 [SET greeting hello] true
}

// A client talks to a server over TCP: it switches to RESP3 with HELLO 3,
// pipelines commands, and reads the replies, handing push messages, which a
// RESP3 server may send at any time, to a handler of their own. A fake
// server, built on resp itself, stands in for Redis.
func Example_client() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	defer ln.Close()
	go func() { // the fake server
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		r, w := resp.NewReader(conn), resp.NewWriter(conn)
		data := map[string]string{}
		for {
			args, err := r.ReadCommand()
			if err != nil {
				return
			}
			switch strings.ToUpper(string(args[0])) {
			case "HELLO":
				w.WriteMapLen(2)
				w.WriteBulkString("server")
				w.WriteBulkString("fake")
				w.WriteBulkString("proto")
				w.WriteInteger(3)
			case "SET":
				data[string(args[1])] = string(args[2])
				w.WriteSimpleString("OK")
			case "GET":
				if s, ok := data[string(args[1])]; ok {
					w.WriteBulkString(s)
				} else {
					w.WriteNull()
				}
			case "SUBSCRIBE":
				w.WriteValue(resp.PushValue(resp.StringValue("subscribe"), resp.BytesValue(args[1]), resp.Int64Value(1)))
				w.WriteValue(resp.PushValue(resp.StringValue("message"), resp.BytesValue(args[1]), resp.StringValue("breaking")))
			case "PING":
				w.WriteSimpleString("PONG")
			}
			if r.Buffered() == 0 { // the pipeline is drained: send the replies
				w.Flush()
			}
		}
	}()

	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	r, w := resp.NewReader(conn), resp.NewWriter(conn)

	// reply returns the next reply, handing the push messages before it to
	// a handler.
	reply := func() resp.Value {
		for {
			v, err := r.ReadValue()
			if err != nil {
				log.Fatal(err)
			}
			if v.Kind() != resp.KindPush {
				return v
			}
			fmt.Println("push:", v)
		}
	}

	w.WriteCommand("HELLO", "3")
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	hello := reply()
	kv := hello.Elems() // keys and values alternate
	for i := 0; i < len(kv); i += 2 {
		fmt.Printf("%s: %v\n", kv[i].Bytes(), kv[i+1])
	}

	// A pipeline: three commands in one write, three replies.
	w.WriteCommand("SET", "greeting", "hello")
	w.WriteCommand("GET", "greeting")
	w.WriteCommand("GET", "missing")
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	fmt.Println(reply()) // a Value is valid until the next read: use it now
	fmt.Println(reply())
	if v := reply(); v.IsNull() {
		fmt.Println("missing: (nil)")
	}

	// Pushes arrive interleaved with replies.
	w.WriteCommand("SUBSCRIBE", "news")
	w.WriteCommand("PING")
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	fmt.Println("reply:", reply())
	// Output:
	// server: fake
	// proto: 3
	// OK
	// hello
	// missing: (nil)
	// push: [subscribe news 1]
	// push: [message news breaking]
	// reply: PONG
}

// A server accepts connections and answers the commands it reads with typed
// writes. A client that says HELLO 2 gets every reply in RESP2 form, as
// Redis sends it: setting Writer.RESP2 is all the downgrade takes. The
// client here prints the bytes that it receives.
func Example_server() {
	// serve answers the commands of one connection until it closes.
	serve := func(conn net.Conn) {
		defer conn.Close()
		r, w := resp.NewReader(conn), resp.NewWriter(conn)
		for {
			args, err := r.ReadCommand() // multibulk or inline, as Redis reads them
			if err != nil {
				var pe *resp.ProtocolError
				if errors.As(err, &pe) {
					w.WriteError("ERR Protocol error: " + pe.Err.Error())
					w.Flush()
				}
				return
			}
			switch cmd := strings.ToUpper(string(args[0])); cmd {
			case "HELLO":
				w.RESP2 = len(args) > 1 && string(args[1]) == "2"
				w.WriteMapLen(1)
				w.WriteBulkString("proto")
				if w.RESP2 {
					w.WriteInteger(2)
				} else {
					w.WriteInteger(3)
				}
			case "PING":
				w.WriteSimpleString("PONG")
			case "HGETALL":
				w.WriteMapLen(1)
				w.WriteBulkString("name")
				w.WriteBulkString("alice")
			case "ZSCORE":
				w.WriteDouble(9.5)
			case "GET":
				w.WriteNull()
			default:
				w.WriteError("ERR unknown command '" + cmd + "'")
			}
			if r.Buffered() == 0 {
				if w.Flush() != nil {
					return
				}
			}
		}
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return // the listener is closed
			}
			go serve(conn)
		}
	}()

	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	// An inline PING, as typed into telnet, then RESP commands.
	cmds := []byte("PING\r\n")
	for _, c := range [][]string{
		{"HELLO", "3"}, {"HGETALL", "user:1"}, {"ZSCORE", "board", "alice"}, {"GET", "nothing"},
		{"HELLO", "2"}, {"HGETALL", "user:1"}, {"ZSCORE", "board", "alice"}, {"GET", "nothing"},
		{"FLY"},
	} {
		cmds = resp.AppendCommand(cmds, c...)
	}
	if _, err := conn.Write(cmds); err != nil {
		log.Fatal(err)
	}
	r := resp.NewReader(conn)
	for range 10 {
		v, err := r.ReadValue()
		if err != nil {
			log.Fatal(err)
		}
		// AppendValue writes a decoded value back as it came.
		fmt.Printf("%q\n", resp.AppendValue(nil, v))
	}
	// Output:
	// "+PONG\r\n"
	// "%1\r\n$5\r\nproto\r\n:3\r\n"
	// "%1\r\n$4\r\nname\r\n$5\r\nalice\r\n"
	// ",9.5\r\n"
	// "_\r\n"
	// "*2\r\n$5\r\nproto\r\n:2\r\n"
	// "*2\r\n$4\r\nname\r\n$5\r\nalice\r\n"
	// "$3\r\n9.5\r\n"
	// "$-1\r\n"
	// "-ERR unknown command 'FLY'\r\n"
}

// ReadValue reads every type of RESP2 and RESP3. Streamed strings and
// aggregates are assembled into one Value.
func ExampleReader_ReadValue() {
	stream := "+OK\r\n" +
		"-ERR unknown command\r\n" +
		":42\r\n" +
		"$5\r\nhello\r\n" +
		"$-1\r\n" +
		"*2\r\n:1\r\n:2\r\n" +
		"_\r\n" +
		"#t\r\n" +
		",3.14\r\n" +
		"(3492890328409238509324850943850943825024385\r\n" +
		"!21\r\nSYNTAX invalid syntax\r\n" +
		"=15\r\ntxt:Some string\r\n" +
		"%1\r\n+key\r\n:1\r\n" +
		"~2\r\n+a\r\n+b\r\n" +
		">3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$2\r\nhi\r\n" +
		"$?\r\n;4\r\nHell\r\n;2\r\no!\r\n;0\r\n"
	r := resp.NewReader(strings.NewReader(stream))
	for {
		v, err := r.ReadValue()
		if err == io.EOF {
			break
		}
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%-15s  %v\n", v.Kind(), v)
	}
	// Output:
	// simple string    OK
	// simple error     ERR unknown command
	// integer          42
	// bulk string      hello
	// null             <nil>
	// array            [1 2]
	// null             <nil>
	// boolean          true
	// double           3.14
	// big number       3492890328409238509324850943850943825024385
	// bulk error       SYNTAX invalid syntax
	// verbatim string  Some string
	// map              map[key:1]
	// set              [a b]
	// push             [message news hi]
	// bulk string      Hello!
}

// ReadCommand reads commands as a Redis server does: multibulk arrays of
// bulk strings, and inline commands typed by hand, with Redis's quoting.
func ExampleReader_ReadCommand() {
	in := "*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n" +
		"\r\n" + // an empty line, skipped
		"SET msg \"hello\\tworld\" 'it\\'s'\n" +
		"ECHO \"unbalanced\r\n"
	r := resp.NewReader(strings.NewReader(in))
	for {
		args, err := r.ReadCommand()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println(err)
			break
		}
		fmt.Printf("%q\n", args)
	}
	// Output:
	// ["GET" "key"]
	// ["SET" "msg" "hello\tworld" "it's"]
	// resp: invalid command at offset 71: unbalanced quotes in request
}

// Decoded values alias the reader's memory. Here the caller owns that
// memory, the src of a Decoder, and reuses it for the next message, as an
// event loop does: the Value then shows the new bytes, while its Clone keeps
// the old ones. A Reader reuses its buffer in the same way, at its next read.
func ExampleValue_Clone() {
	var dec resp.Decoder
	buf := []byte("$5\r\nhello\r\n")
	v, _, err := dec.Decode(buf)
	if err != nil {
		log.Fatal(err)
	}
	kept := v.Clone()

	copy(buf, "$5\r\nworld\r\n") // the next message arrives in the same buffer

	fmt.Println("clone:", kept)
	fmt.Println("value:", v) // wrong: v was valid only until buf changed
	// Output:
	// clone: hello
	// value: world
}

// To keep values read from a Reader past the next read, clone them.
func ExampleValue_Clone_reader() {
	r := resp.NewReader(strings.NewReader("*2\r\n$1\r\na\r\n$1\r\nb\r\n*1\r\n$1\r\nc\r\n"))
	var kept []resp.Value
	for {
		v, err := r.ReadValue()
		if err == io.EOF {
			break
		}
		if err != nil {
			log.Fatal(err)
		}
		kept = append(kept, v.Clone()) // at most two allocations per value
	}
	fmt.Println(kept)
	// Output:
	// [[a b] [c]]
}

// A large bulk string need not be held in memory: the sender streams it from
// an io.Reader with WriteBulkFrom, the receiver reads it with ReadBulkStream
// and copies it where it goes, through the Reader's buffer.
func ExampleReader_ReadBulkStream() {
	const size = 10 << 20 // 10 MiB
	payload := func() io.Reader { return io.LimitReader(zeros{}, size) }

	pr, pw := io.Pipe()
	go func() {
		w := resp.NewWriter(pw)
		w.WriteBulkFrom(payload(), size)
		w.WriteSimpleString("OK")
		pw.CloseWithError(w.Flush())
	}()

	r := resp.NewReaderSize(pr, 4096)
	_, body, err := r.ReadBulkStream()
	if err != nil {
		log.Fatal(err)
	}
	h := crc32.NewIEEE()
	n, err := io.Copy(h, body) // uses body.WriteTo
	if err != nil {
		log.Fatal(err)
	}
	want := crc32.NewIEEE()
	io.Copy(want, payload())
	fmt.Println("size:", body.Size(), "copied:", n, "intact:", h.Sum32() == want.Sum32())

	// The next read goes on after the payload.
	v, err := r.ReadValue()
	fmt.Println(v, err)
	// Output:
	// size: 10485760 copied: 10485760 intact: true
	// OK <nil>
}

// zeros is an endless reader of zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// WriteBulkFrom sends a payload of known length, such as a file, as a bulk
// string without reading it into memory.
func ExampleWriter_WriteBulkFrom() {
	var out bytes.Buffer
	w := resp.NewWriter(&out)
	payload := strings.NewReader("the contents of a file")
	w.WriteArrayLen(3)
	w.WriteBulkString("SET")
	w.WriteBulkString("doc")
	w.WriteBulkFrom(payload, payload.Size())
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%q\n", out.String())
	// Output:
	// "*3\r\n$3\r\nSET\r\n$3\r\ndoc\r\n$22\r\nthe contents of a file\r\n"
}

// An event loop reads whatever bytes have arrived into its own buffer and
// decodes the values that are complete; ErrIncomplete means "wait for more".
func ExampleDecoder_Decode() {
	arrivals := []string{"+OK\r\n*2\r\n$3\r\nfo", "o\r\n:4", "2\r\n:7\r\n"}

	var dec resp.Decoder
	var buf []byte
	for _, in := range arrivals {
		buf = append(buf, in...) // as if read from a socket
		for {
			v, n, err := dec.Decode(buf)
			if errors.Is(err, resp.ErrIncomplete) {
				fmt.Printf("incomplete: %d bytes buffered\n", len(buf))
				break
			}
			if err != nil {
				log.Fatal(err) // a *resp.ProtocolError: close the connection
			}
			fmt.Println("value:", v)
			buf = buf[:copy(buf, buf[n:])] // v is not used after this
		}
	}
	// Output:
	// value: OK
	// incomplete: 10 bytes buffered
	// incomplete: 15 bytes buffered
	// value: [foo 42]
	// value: 7
	// incomplete: 0 bytes buffered
}

// A Decoder reuses its memory: once warmed up, decoding allocates nothing.
func ExampleDecoder_DecodeCommand() {
	src := resp.AppendCommand(nil, "HSET", "user:1", "name", "alice", "age", "42")
	var dec resp.Decoder
	allocs := testing.AllocsPerRun(100, func() {
		args, _, err := dec.DecodeCommand(src)
		if err != nil || len(args) != 6 {
			panic("bad decode")
		}
	})
	args, n, _ := dec.DecodeCommand(src)
	fmt.Printf("%q %d bytes\n", args, n)
	fmt.Println("allocations per command:", allocs)
	// Output:
	// ["HSET" "user:1" "name" "alice" "age" "42"] 64 bytes
	// allocations per command: 0
}

// Limits bound what a peer can make a Reader or a Decoder do. A length
// header over a limit is refused as soon as it is read, before any payload.
func ExampleLimits() {
	dec := resp.Decoder{Limits: resp.Limits{MaxBulkLen: 1 << 20, MaxDepth: 2}}
	_, _, err := dec.Decode([]byte("$1073741824\r\n")) // 1 GiB announced
	fmt.Println(err)
	fmt.Println(errors.Is(err, resp.ErrBulkTooLong))

	_, _, err = dec.Decode([]byte("*1\r\n*1\r\n*1\r\n:1\r\n"))
	fmt.Println(err)

	// Limits is embedded in Reader, so its fields are set directly.
	r := resp.NewReader(strings.NewReader("*3\r\n:1\r\n:2\r\n:3\r\n"))
	r.MaxElements = 2
	_, err = r.ReadValue()
	fmt.Println(err)
	// Output:
	// resp: bulk length over limit at offset 1: 1073741824 bytes, limit 1048576
	// true
	// resp: nesting over depth limit at offset 8: depth limit 2
	// resp: element count over limit at offset 1: 3 elements, limit 2
}

// Protocol errors unwrap to a sentinel that tells the class of the
// violation, and carry the offset where it is. A stream that ends inside a
// value is io.ErrUnexpectedEOF; io.EOF only ends a stream between values.
func ExampleProtocolError() {
	_, _, err := resp.Decode([]byte("*2\r\n:1\r\n:+2\r\n"))
	var pe *resp.ProtocolError
	if errors.As(err, &pe) {
		fmt.Println("offset:", pe.Offset, "invalid integer:", errors.Is(err, resp.ErrInvalidInteger))
	}
	fmt.Println(err)

	// A Reader counts offsets from the start of the stream, and a protocol
	// error is sticky: the stream cannot be trusted after it.
	r := resp.NewReader(strings.NewReader("+OK\r\n$-2\r\n+never read\r\n"))
	for range 3 {
		v, err := r.ReadValue()
		fmt.Println(v, err)
	}

	r = resp.NewReader(strings.NewReader("+OK\r\n$10\r\ncut sh"))
	for range 2 {
		_, err := r.ReadValue()
		fmt.Println(err, err == io.ErrUnexpectedEOF)
	}
	// Output:
	// offset: 9 invalid integer: true
	// resp: invalid integer at offset 9: not a canonical int64: "+2"
	// OK <nil>
	// <nil> resp: invalid length at offset 6: negative length -2
	// <nil> resp: invalid length at offset 6: negative length -2
	// <nil> false
	// unexpected EOF true
}

// RESP3 attributes travel ahead of a value; a Reader attaches them to it.
// This is the example from the RESP3 specification.
func ExampleValue_Attributes() {
	in := "|1\r\n+key-popularity\r\n%2\r\n$1\r\na\r\n,0.1923\r\n$1\r\nb\r\n,0.0012\r\n" +
		"*2\r\n:2039123\r\n:9543892\r\n"
	v, _, err := resp.Decode([]byte(in))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("value:", v)
	if attrs, ok := v.Attributes(); ok {
		fmt.Println("attributes:", attrs)
	}
	fmt.Println("same bytes:", string(resp.AppendValue(nil, v)) == in)
	// Output:
	// value: [2039123 9543892]
	// attributes: map[key-popularity:map[a:0.1923 b:0.0012]]
	// same bytes: true
}

// WithAttributes attaches attributes to a value that is written.
func ExampleValue_WithAttributes() {
	ttl := resp.MapValue(resp.SimpleStringValue("ttl"), resp.Int64Value(3600))
	v := resp.StringValue("cached").WithAttributes(ttl)
	fmt.Printf("%q\n", resp.AppendValue(nil, v))
	fmt.Printf("%q\n", resp.AppendValueRESP2(nil, v)) // RESP2 has no attributes
	// Output:
	// "|1\r\n+ttl\r\n:3600\r\n$6\r\ncached\r\n"
	// "$6\r\ncached\r\n"
}

// RESP2 has two nulls, $-1 and *-1; RESP3 has one, _. All three decode to a
// null Value that remembers its form, and encode back to it.
func ExampleValue_NullKind() {
	for _, in := range []string{"_\r\n", "$-1\r\n", "*-1\r\n"} {
		v, _, err := resp.Decode([]byte(in))
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%-9q null=%t form=%-11v re-encoded=%q\n", in, v.IsNull(), v.NullKind(), resp.AppendValue(nil, v))
	}
	// Output:
	// "_\r\n"   null=true form=null        re-encoded="_\r\n"
	// "$-1\r\n" null=true form=bulk string re-encoded="$-1\r\n"
	// "*-1\r\n" null=true form=array       re-encoded="*-1\r\n"
}

// Values are built with constructors and read with accessors; an accessor
// of the wrong kind panics.
func ExampleValue() {
	v := resp.MapValue(
		resp.StringValue("name"), resp.StringValue("alice"),
		resp.StringValue("scores"), resp.ArrayValue(resp.Float64Value(9.5), resp.Int64Value(7)),
		resp.StringValue("admin"), resp.BoolValue(false),
	)
	fmt.Println(v.Kind(), v.Len(), v)
	kv := v.Elems()
	scores := kv[3].Elems()
	fmt.Println(scores[0].Float64()+float64(scores[1].Int64()), kv[5].Bool())
	// Output:
	// map 3 map[name:alice scores:[9.5 7] admin:false]
	// 16.5 false
}

// A Kind is the type byte of a value.
func ExampleKind() {
	fmt.Println(resp.Kind('%'), "|", resp.KindVerbatimString)
	// Output:
	// map | verbatim string
}

// The Append functions build a reply in a buffer, in the style of
// strconv.AppendInt, with no allocation once the buffer is large enough.
func ExampleAppendMapLen() {
	buf := make([]byte, 0, 128)
	buf = resp.AppendMapLen(buf, 3)
	buf = resp.AppendBulkString(buf, "name")
	buf = resp.AppendBulkString(buf, "alice")
	buf = resp.AppendBulkString(buf, "score")
	buf = resp.AppendDouble(buf, 9.5)
	buf = resp.AppendBulkString(buf, "rank")
	buf = resp.AppendBigNumber(buf, new(big.Int).Lsh(big.NewInt(1), 70))
	fmt.Printf("%q\n", buf)
	// Output:
	// "%3\r\n$4\r\nname\r\n$5\r\nalice\r\n$5\r\nscore\r\n,9.5\r\n$4\r\nrank\r\n(1180591620717411303424\r\n"
}

// AppendCommand writes commands as a client sends them, for instance to
// generate the input of redis-cli --pipe for mass insertion.
func ExampleAppendCommand() {
	var buf []byte
	for i := range 3 {
		buf = resp.AppendCommand(buf, "SET", fmt.Sprint("key:", i), fmt.Sprint("value ", i))
	}
	os.Stdout.Write(bytes.ReplaceAll(buf, []byte("\r\n"), []byte(`\r\n`)))
	fmt.Println()
	// Output:
	// *3\r\n$3\r\nSET\r\n$5\r\nkey:0\r\n$7\r\nvalue 0\r\n*3\r\n$3\r\nSET\r\n$5\r\nkey:1\r\n$7\r\nvalue 1\r\n*3\r\n$3\r\nSET\r\n$5\r\nkey:2\r\n$7\r\nvalue 2\r\n
}

// AppendValueRESP2 writes a RESP3 value the way Redis writes it to a RESP2
// client.
func ExampleAppendValueRESP2() {
	v := resp.ArrayValue(
		resp.MapValue(resp.StringValue("k"), resp.BoolValue(true)),
		resp.SetValue(resp.Float64Value(1.5)),
		resp.NullValue(),
		resp.VerbatimStringValue("txt", "hi"),
		resp.BulkErrorValue("ERR oops"),
	)
	fmt.Printf("RESP3: %q\n", resp.AppendValue(nil, v))
	fmt.Printf("RESP2: %q\n", resp.AppendValueRESP2(nil, v))
	// Output:
	// RESP3: "*5\r\n%1\r\n$1\r\nk\r\n#t\r\n~1\r\n,1.5\r\n_\r\n=6\r\ntxt:hi\r\n!8\r\nERR oops\r\n"
	// RESP2: "*5\r\n*2\r\n$1\r\nk\r\n:1\r\n*1\r\n$3\r\n1.5\r\n$-1\r\n$2\r\nhi\r\n-ERR oops\r\n"
}

// A Writer writes typed replies through a buffer; Flush sends them.
func ExampleWriter() {
	var out bytes.Buffer
	w := resp.NewWriter(&out)
	w.WriteArrayLen(4)
	w.WriteBulkString("hello")
	w.WriteInteger(42)
	w.WriteBool(true)
	w.WriteNull()
	if err := w.Flush(); err != nil { // write errors are sticky: checking here is enough
		log.Fatal(err)
	}
	fmt.Printf("%q\n", out.String())
	// Output:
	// "*4\r\n$5\r\nhello\r\n:42\r\n#t\r\n_\r\n"
}

// WriteValue writes a Value; with RESP2 set, in the form a RESP2 client
// reads.
func ExampleWriter_WriteValue() {
	v := resp.MapValue(resp.StringValue("hits"), resp.Float64Value(0.75))
	var out bytes.Buffer
	w := resp.NewWriter(&out)
	w.WriteValue(v)
	w.RESP2 = true // after HELLO 2
	w.WriteValue(v)
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%q\n", out.String())
	// Output:
	// "%1\r\n$4\r\nhits\r\n,0.75\r\n*2\r\n$4\r\nhits\r\n$4\r\n0.75\r\n"
}
