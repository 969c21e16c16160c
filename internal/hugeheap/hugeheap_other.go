//go:build !linux

package hugeheap

func applies() bool { return false }
func reserve(int)   {}
