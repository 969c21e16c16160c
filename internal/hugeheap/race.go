//go:build race

package hugeheap

// The race detector writes shadow memory for every allocation: a
// reservation would become resident, several times over.
const raceEnabled = true
