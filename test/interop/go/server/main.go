// A Go net/rpc server using the JSON codec (net/rpc/jsonrpc), standard library only, for isorpc's
// interop tests: an isorpc client calls it over gorpc+tcp://.
//
// Usage: server PORT (0 picks a free port). It prints "listening 127.0.0.1:PORT", serves every
// connection with jsonrpc.ServeConn, and exits when its standard input closes or after 60 seconds.
package main

import (
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/rpc"
	"net/rpc/jsonrpc"
	"os"
	"time"
)

type Args struct {
	A, B int
}

type SlowArgs struct {
	Value int
	Ms    int
}

type Arith int

func (t *Arith) Multiply(args *Args, reply *int) error {
	*reply = args.A * args.B
	return nil
}

func (t *Arith) Divide(args *Args, reply *int) error {
	if args.B == 0 {
		return errors.New("divide by zero")
	}
	*reply = args.A / args.B
	return nil
}

// Slow answers after Ms milliseconds, so concurrent calls finish out of order.
func (t *Arith) Slow(args *SlowArgs, reply *int) error {
	time.Sleep(time.Duration(args.Ms) * time.Millisecond)
	*reply = args.Value
	return nil
}

type Echo int

func (e *Echo) Text(text string, reply *string) error {
	*reply = text
	return nil
}

// Reverse gets and returns a []byte, which encoding/json writes as base64.
func (e *Echo) Reverse(data []byte, reply *[]byte) error {
	out := make([]byte, len(data))
	for i, b := range data {
		out[len(data)-1-i] = b
	}
	*reply = out
	return nil
}

func main() {
	port := "0"
	if len(os.Args) > 1 {
		port = os.Args[1]
	}
	if err := rpc.Register(new(Arith)); err != nil {
		log.Fatal(err)
	}
	if err := rpc.Register(new(Echo)); err != nil {
		log.Fatal(err)
	}
	listener, err := net.Listen("tcp", "127.0.0.1:"+port)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("listening %s\n", listener.Addr())
	// The test closes our standard input to stop us; the timer bounds a run it forgot.
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		os.Exit(0)
	}()
	time.AfterFunc(60*time.Second, func() { os.Exit(0) })
	for {
		conn, err := listener.Accept()
		if err != nil {
			return
		}
		go jsonrpc.ServeConn(conn)
	}
}
