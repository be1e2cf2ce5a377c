// Package gobshared holds the types both gob interop programs use, written as a Go user would.
package gobshared

import "encoding/gob"

type Args struct {
	A, B int
}

type Quotient struct {
	Quo, Rem int
}

type SlowArgs struct {
	Value int
	Ms    int
}

type Point struct {
	X, Y int
}

type Inner struct {
	Label string
	Score float64
	Ok    bool
}

// Record covers the gob types isorpc maps: strings, []byte, slices, maps, nested and pointed-to
// structs, arrays, 64-bit and unsigned integers, floats, complex numbers and an interface{} field.
type Record struct {
	Name    string
	Data    []byte
	Tags    []string
	Counts  map[string]int
	Inner   Inner
	Ptr     *Inner
	Nums    []int
	Arr     [3]int
	Big     int64
	Neg     int32
	U       uint64
	F32     float32
	C       complex128
	Any     interface{}
	Zero    int
	Empty   string
	Matrix  [][]float64
	ByID    map[int]string
	Items   []Inner
}

func init() {
	gob.Register(Point{})
}

// Sample is the record both sides compare against.
func Sample() Record {
	return Record{
		Name:   "héllo ✓ 日本 🎉",
		Data:   []byte{0, 1, 2, 255},
		Tags:   []string{"a", "", "ç"},
		Counts: map[string]int{"one": 1, "minus": -7, "zero": 0},
		Inner:  Inner{Label: "in", Score: 2.5, Ok: true},
		Ptr:    &Inner{Label: "ptr", Score: -0.125},
		Nums:   []int{0, 1, -1, 1 << 40},
		Arr:    [3]int{7, 0, 9},
		Big:    -9007199254740993,
		Neg:    -2147483648,
		U:      18446744073709551615,
		F32:    1.5,
		C:      complex(1.5, -2),
		Any:    Point{X: 3, Y: -4},
		Matrix: [][]float64{{1.25, 2}, {3}},
		ByID:   map[int]string{1: "x", -2: "y"},
		Items:  []Inner{{Label: "i0"}, {Score: 1}},
	}
}
