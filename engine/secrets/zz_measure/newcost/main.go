package main

import (
	"fmt"
	"os"
	"time"

	"github.com/zricethezav/gitleaks/v8/detect"
)

func main() {
	t := time.Now()
	d, err := detect.NewDetectorDefaultConfig()
	if err != nil {
		panic(err)
	}
	el := time.Since(t)
	if len(os.Args) > 1 {
		fmt.Println("new:", el, "rules:", len(d.Config.Rules))
	}
}
