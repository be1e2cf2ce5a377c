// A Go net/rpc client on its default gob codec, standard library only, calling an isorpc server the
// way Go programs do: rpc.Dial (gob+tcp://) or rpc.DialHTTP (gob+http://).
//
// Usage: gobclient HOST:PORT tcp|http [bench ROUNDS]. It prints a JSON report of what came back, or
// with bench, the wall time of ROUNDS rounds of 500 concurrent Arith.Multiply calls.
package main

import (
	"encoding/json"
	"sort"
	"strconv"
	"time"
	"fmt"
	"log"
	"net/rpc"
	"os"
	"reflect"

	. "isorpc.test/interop/gobshared"
)

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func main() {
	address, mode := os.Args[1], os.Args[2]
	dial := rpc.Dial
	if mode == "http" {
		dial = rpc.DialHTTP
	}
	client, err := dial("tcp", address)
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()
	if len(os.Args) > 4 && os.Args[3] == "bench" {
		rounds, _ := strconv.Atoi(os.Args[4])
		bench(client, rounds)
		return
	}
	report := map[string]interface{}{}

	var product int
	report["multiplyError"] = errText(client.Call("Arith.Multiply", &Args{A: 7, B: 8}, &product))
	report["multiply"] = product

	var quo Quotient
	report["divideError"] = errText(client.Call("Arith.Divide", &Args{A: 17, B: 5}, &quo))
	report["quotient"] = quo
	report["divideByZero"] = errText(client.Call("Arith.Divide", &Args{A: 1, B: 0}, &quo))
	report["handlerError"] = errText(client.Call("Arith.Fail", &Args{}, &product))
	report["unknownService"] = errText(client.Call("Nope.Method", &Args{}, &product))
	report["unknownMethod"] = errText(client.Call("Arith.Nope", &Args{}, &product))

	var upper string
	report["upperError"] = errText(client.Call("Text.Upper", "héllo ✓ 日本", &upper))
	report["upper"] = upper

	var reversed []byte
	report["reverseError"] = errText(client.Call("Text.Reverse", []byte{1, 2, 3, 255}, &reversed))
	report["reversed"] = reversed

	var sum float64
	report["sumError"] = errText(client.Call("Text.Sum", []float64{1.5, 2.5, 2}, &sum))
	report["sum"] = sum

	var echoed Record
	report["echoError"] = errText(client.Call("Data.Echo", Sample(), &echoed))
	report["echoEqual"] = reflect.DeepEqual(echoed, Sample())
	if !reflect.DeepEqual(echoed, Sample()) {
		report["echoed"] = fmt.Sprintf("%+v", echoed)
	}

	var zero Record
	report["zeroError"] = errText(client.Call("Data.Echo", Record{}, &zero))
	report["zeroEqual"] = reflect.DeepEqual(zero, Record{})
	if !reflect.DeepEqual(zero, Record{}) {
		report["zeroEchoed"] = fmt.Sprintf("%+v", zero)
	}

	// 500 calls in flight on this one connection, as Go() handles, answered out of order.
	const n = 500
	calls := make([]*rpc.Call, n)
	replies := make([]int, n)
	done := make(chan *rpc.Call, n)
	for i := 0; i < n; i++ {
		calls[i] = client.Go("Arith.Slow", &SlowArgs{Value: i, Ms: (n - i) % 40}, &replies[i], done)
	}
	ok, outOfOrder, last := 0, false, -1
	for k := 0; k < n; k++ {
		call := <-done
		i := call.Args.(*SlowArgs).Value
		if call.Error == nil && replies[i] == i {
			ok++
		}
		if i < last {
			outOfOrder = true
		}
		last = i
	}
	report["concurrentOk"] = ok
	report["outOfOrder"] = outOfOrder

	var after int
	report["afterError"] = errText(client.Call("Arith.Multiply", &Args{A: 6, B: 7}, &after))
	report["afterAll"] = after

	out, _ := json.Marshal(report)
	fmt.Println(string(out))
}

// bench prints the milliseconds each round of 500 concurrent calls took, sorted.
func bench(client *rpc.Client, rounds int) {
	const n = 500
	times := make([]float64, 0, rounds)
	for r := 0; r < rounds; r++ {
		start := time.Now()
		done := make(chan *rpc.Call, n)
		replies := make([]int, n)
		for i := 0; i < n; i++ {
			client.Go("Arith.Multiply", &Args{A: i, B: 2}, &replies[i], done)
		}
		for i := 0; i < n; i++ {
			if call := <-done; call.Error != nil {
				log.Fatal(call.Error)
			}
		}
		times = append(times, float64(time.Since(start).Microseconds())/1000)
	}
	sort.Float64s(times)
	out, _ := json.Marshal(map[string]interface{}{"roundsMs": times})
	fmt.Println(string(out))
}
