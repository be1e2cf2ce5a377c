// A Go net/rpc client using the JSON codec (jsonrpc.Dial), standard library only, for isorpc's
// interop tests: it calls an isorpc server listening on gorpc+tcp:// and prints what it got as one
// JSON object, which the test checks.
//
// Usage: client HOST:PORT
package main

import (
	"encoding/json"
	"fmt"
	"log"
	"net/rpc"
	"net/rpc/jsonrpc"
	"os"
)

type Args struct {
	A, B int
}

type SlowArgs struct {
	Value int
	Ms    int
}

type Report struct {
	Multiply       int      `json:"multiply"`
	DivideError    string   `json:"divideError"`
	UnknownService string   `json:"unknownService"`
	UnknownMethod  string   `json:"unknownMethod"`
	Unicode        string   `json:"unicode"`
	Reversed       []byte   `json:"reversed"`
	NothingError   string   `json:"nothingError"`
	ConcurrentOK   int      `json:"concurrentOk"`
	Mismatches     []string `json:"mismatches"`
	OutOfOrder     bool     `json:"outOfOrder"`
	AfterAll       int      `json:"afterAll"`
}

func errorText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func main() {
	client, err := jsonrpc.Dial("tcp", os.Args[1])
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()
	var report Report

	if err := client.Call("Arith.Multiply", &Args{7, 8}, &report.Multiply); err != nil {
		log.Fatal(err)
	}
	var quotient int
	report.DivideError = errorText(client.Call("Arith.Divide", &Args{1, 0}, &quotient))
	var ignored int
	report.UnknownService = errorText(client.Call("Nope.Method", &Args{}, &ignored))
	report.UnknownMethod = errorText(client.Call("Arith.Nope", &Args{}, &ignored))
	if err := client.Call("Echo.Text", "ünïcødé ✓ 日本 🎉 <tag> & \"quotes\" \u2028", &report.Unicode); err != nil {
		log.Fatal(err)
	}
	if err := client.Call("Echo.Reverse", []byte{1, 2, 3, 255}, &report.Reversed); err != nil {
		log.Fatal(err)
	}
	var nothing struct{}
	report.NothingError = errorText(client.Call("Void.Nothing", &Args{}, &nothing))

	// 200 calls at once on one connection; later ones are faster, so replies come back out of order.
	const n = 200
	replies := make([]int, n)
	done := make(chan *rpc.Call, n)
	for i := 0; i < n; i++ {
		client.Go("Arith.Slow", &SlowArgs{Value: i, Ms: (n - i) % 40}, &replies[i], done)
	}
	previous := -1
	for i := 0; i < n; i++ {
		call := <-done
		value := call.Args.(*SlowArgs).Value
		if call.Error != nil || replies[value] != value {
			report.Mismatches = append(report.Mismatches, fmt.Sprintf("%d: %v %d", value, call.Error, replies[value]))
		} else {
			report.ConcurrentOK++
		}
		if value < previous {
			report.OutOfOrder = true
		}
		previous = value
	}
	// The connection is still usable after all of that.
	if err := client.Call("Arith.Multiply", &Args{6, 7}, &report.AfterAll); err != nil {
		log.Fatal(err)
	}

	out, err := json.Marshal(report)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(out))
}
