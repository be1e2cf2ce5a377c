// A Go net/rpc server on its default gob codec, written like the programs isorpc's design comes from,
// standard library only: an isorpc client calls it over gob+tcp:// (rpc.ServeConn) or gob+http://
// (rpc.HandleHTTP).
//
// Usage: gobserver PORT tcp|http. It prints "listening 127.0.0.1:PORT" and exits when its standard
// input closes or after 120 seconds.
package main

import (
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/rpc"
	"os"
	"reflect"
	"strings"
	"time"

	. "isorpc.test/interop/gobshared"
)

type Arith int

func (t *Arith) Multiply(args *Args, reply *int) error {
	*reply = args.A * args.B
	return nil
}

func (t *Arith) Divide(args *Args, quo *Quotient) error {
	if args.B == 0 {
		return errors.New("divide by zero")
	}
	quo.Quo = args.A / args.B
	quo.Rem = args.A % args.B
	return nil
}

// Slow answers after Ms milliseconds, so concurrent calls finish out of order.
func (t *Arith) Slow(args *SlowArgs, reply *int) error {
	time.Sleep(time.Duration(args.Ms) * time.Millisecond)
	*reply = args.Value
	return nil
}

type Text int

func (t *Text) Upper(text string, reply *string) error {
	*reply = strings.ToUpper(text)
	return nil
}

func (t *Text) Reverse(data []byte, reply *[]byte) error {
	out := make([]byte, len(data))
	for i, b := range data {
		out[len(data)-1-i] = b
	}
	*reply = out
	return nil
}

func (t *Text) Sum(nums []float64, reply *float64) error {
	for _, n := range nums {
		*reply += n
	}
	return nil
}

type Data int

// Echo sends the record back as it was decoded.
func (d *Data) Echo(in *Record, out *Record) error {
	*out = *in
	return nil
}

// Sample sends the shared sample record.
func (d *Data) Sample(_ *struct{}, out *Record) error {
	*out = Sample()
	return nil
}

// Check says whether the record equals the sample, and if not, how Go sees it.
func (d *Data) Check(in *Record, ok *string) error {
	if reflect.DeepEqual(*in, Sample()) {
		*ok = "equal"
	} else {
		*ok = fmt.Sprintf("%+v", *in)
	}
	return nil
}

func main() {
	port, mode := "0", "tcp"
	if len(os.Args) > 1 {
		port = os.Args[1]
	}
	if len(os.Args) > 2 {
		mode = os.Args[2]
	}
	for _, service := range []interface{}{new(Arith), new(Text), new(Data)} {
		if err := rpc.Register(service); err != nil {
			log.Fatal(err)
		}
	}
	listener, err := net.Listen("tcp", "127.0.0.1:"+port)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("listening %s\n", listener.Addr())
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		os.Exit(0)
	}()
	go func() {
		time.Sleep(120 * time.Second)
		os.Exit(0)
	}()
	if mode == "http" {
		rpc.HandleHTTP()
		log.Fatal(http.Serve(listener, nil))
	}
	for {
		conn, err := listener.Accept()
		if err != nil {
			log.Fatal(err)
		}
		go rpc.ServeConn(conn)
	}
}
