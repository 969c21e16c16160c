// Command gen-sbom writes a large CycloneDX JSON SBOM built from the real
// SBOMs of a directory (see package sbomgen), for scripts/bench.sh:
//
//	go run ./scripts/gen-sbom -n 50000 -o big.cdx.json ../shared/corpus/sbom
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/paved-dev/paved/engine/sbom/sbomgen"
)

func main() {
	n := flag.Int("n", 50_000, "components")
	out := flag.String("o", "-", "output file (- for stdout)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: gen-sbom [-n N] [-o FILE] CORPUS-SBOM-DIR")
		os.Exit(2)
	}
	b, err := sbomgen.Generate(flag.Arg(0), *n)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen-sbom:", err)
		os.Exit(2)
	}
	if *out == "-" {
		_, err = os.Stdout.Write(b)
	} else {
		err = os.WriteFile(*out, b, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen-sbom:", err)
		os.Exit(2)
	}
}
