// Command resp encodes, decodes and watches the Redis serialization protocol
// (RESP2 and RESP3), built on package github.com/respkit/resp.
//
// Usage:
//
//	resp encode [-json] [FILE...]
//	resp decode [-json | -raw] [-commands] [FILE...]
//	resp proxy -listen ADDR -upstream ADDR [-allow-remote] [-max-show N]
//
// Each subcommand takes -h. Input comes from the files named, or from
// standard input. The exit status is 0 on success, 1 on failure (bad input,
// I/O error) and 2 on bad usage. Errors go to standard error and give the
// byte offset where input is bad, for example
//
//	resp: decode: dump.resp: offset 123: invalid length: negative length -2
//
// # encode
//
// resp encode reads commands as text, one per line, quoted the way redis-cli
// and Redis's inline protocol quote them: arguments separated by spaces,
// double quotes with \n \r \t \b \a \\ \" and \xHH escapes, single quotes
// with \'. Empty lines are skipped; a NUL ends a line, as in Redis. It
// writes each command as a RESP array of bulk strings, ready for redis-cli
// --pipe (Redis's mass-insertion guide):
//
//	printf 'SET k "hello\\nworld"\nINCR n\n' | resp encode | redis-cli --pipe
//
// A line with unbalanced quotes is an error naming the line and offset.
// With -json, resp encode reads JSON documents in the mapping that
// resp decode -json prints (below) and writes the RESP values they describe.
//
// # decode
//
// resp decode reads a stream of RESP values and prints each the way redis-cli
// prints a reply on a terminal: (integer) 1, (nil), "text" quoted with
// redis-cli's escapes (\n \r \t \a \b \" \\ and \xHH for every byte outside
// printable ASCII, so UTF-8 text shows as \xHH bytes), (double) 1.5, (true),
// (error) ERR ..., verbatim strings as their text, simple strings as they
// are (cut at a NUL, as redis-cli does), arrays as 1) "a" with redis-cli's
// nested indentation, maps as 1# "k" => "v", sets as 1~ "a", and
// (empty array), (empty hash), (empty set). This output was checked byte for
// byte against redis-cli 7.0.15 (see the tests). Where redis-cli 7.0 cannot
// show a value, resp decode shows it this way:
//
//	big number      (big number) 1234567890123456789012
//	bulk error      (error) SYNTAX invalid
//	push            a line "(push)", then the elements as an array
//	attributes      one line per pair, "|1# key => value", then the value
//	                on its own line at the same indentation
//	streamed string the assembled string (streamed aggregates likewise)
//
// With -raw it prints payloads as they are, as redis-cli --raw does: one
// line per element, map pairs as "key value", nothing for a null.
//
// With -commands it reads commands (multibulk or inline, as a Redis server
// does) instead of values and prints one per line, quoted so that resp encode
// reads them back: SET "k" "v".
//
// With -json it prints one JSON document per value, one per line:
//
//	{"kind":"bulk string","value":"hello"}
//	{"kind":"bulk string","value":"/w==","base64":true}
//	{"kind":"integer","value":42}
//	{"kind":"double","value":"1.5"}
//	{"kind":"null","value":"$-1"}
//	{"kind":"verbatim string","format":"txt","value":"Some string"}
//	{"kind":"map","elems":[{"kind":"simple string","value":"k"},{"kind":"boolean","value":true}]}
//	{"kind":"integer","value":7,"attrs":{"kind":"map","elems":[...]}}
//
// kind is the name of the RESP type (resp.Kind.String): simple string,
// simple error, integer, bulk string, array, null, boolean, double,
// big number, bulk error, verbatim string, map, set, push. value is the
// payload of string kinds, as a JSON string if it is valid UTF-8 and
// otherwise in base64 with "base64":true (which then applies to format too);
// the integer as a JSON number; the boolean; the exact wire text of doubles
// and big numbers (such as "1.0000000000000001e+300" or "-nan"); and for
// nulls the wire form: "_" (RESP3), "$-1" or "*-1" (RESP2). format is the
// 3-byte format of a verbatim string. elems lists the elements of arrays,
// sets, pushes and maps (for maps keys and values alternate); it is omitted
// when empty. attrs holds the RESP3 attributes sent before the value, as a
// map document (whose own attrs are attributes sent before those). The
// mapping is lossless: resp decode -json | resp encode -json reproduces its
// input byte for byte, except that streamed strings and aggregates come back
// with their length. resp encode -json checks numbers, doubles, big numbers,
// nulls and simple strings with the package's own grammar.
//
// # proxy
//
// resp proxy listens on ADDR (a loopback address unless -allow-remote is
// given) and forwards each client connection to the Redis server at the
// upstream ADDR, byte for byte in both directions, while it prints every
// command and every reply, decoded, on standard output:
//
//	[conn 1]           > SET "k" "v"
//	[conn 1]   0.142ms < OK
//	[conn 1]      push < (push)
//	[conn 1]             1) "message"
//
// The time is the latency of the reply: from the arrival of the last byte of
// its command to the arrival of its last byte. Replies are paired with
// commands in order, so pipelining works; pushes (RESP3 after HELLO 3) and
// RESP2 pub/sub messages are shown as push, not as replies. Bulk strings
// longer than -max-show bytes (default 256) are shown as "<N bytes>"; a bulk
// string reply is read through a stream, never held whole (a bulk string
// inside an aggregate reply is held while the reply is decoded). The bytes are forwarded as
// they arrive and handed to the decoders through a bounded queue: if the
// decoders fall behind, or the traffic is not valid RESP, decoding stops for
// that connection (with a message) and forwarding goes on. Command arguments
// are decoded one command at a time, so a huge argument is held while it is
// decoded (never while it is forwarded). SIGINT stops the proxy, closing
// every connection.
//
// # Progress
//
// When standard error is a terminal, encode and decode show a progress line
// there for inputs that take more than half a second, updated four times a
// second and cleared at the end.
package main
