package main

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/spf13/viper"
	"github.com/zricethezav/gitleaks/v8/config"
	"github.com/zricethezav/gitleaks/v8/detect"
)

func main() {
	t0 := time.Now()
	v := viper.New()
	v.SetConfigType("toml")
	if err := v.ReadConfig(strings.NewReader(config.DefaultConfig)); err != nil {
		panic(err)
	}
	var vc config.ViperConfig
	if err := v.Unmarshal(&vc); err != nil {
		panic(err)
	}
	t1 := time.Now()
	cfg, err := vc.Translate()
	if err != nil {
		panic(err)
	}
	t2 := time.Now()
	d := detect.NewDetector(cfg)
	t3 := time.Now()
	fmt.Println("viper parse+unmarshal:", t1.Sub(t0), "translate(regex compile):", t2.Sub(t1), "NewDetector:", t3.Sub(t2), len(d.Config.Rules))
	// per-rule regex compile cost, top 10
	type rc struct {
		id string
		d  time.Duration
		n  int
	}
	var rcs []rc
	var tot time.Duration
	for _, r := range vc.Rules {
		if r.Regex == "" {
			continue
		}
		s := time.Now()
		regexp.MustCompile(r.Regex)
		e := time.Since(s)
		tot += e
		rcs = append(rcs, rc{r.ID, e, len(r.Regex)})
	}
	sort.Slice(rcs, func(i, j int) bool { return rcs[i].d > rcs[j].d })
	fmt.Println("stdlib compile of rule regexes only:", tot)
	for _, r := range rcs[:10] {
		fmt.Println(" ", r.id, r.d, r.n)
	}
	// allowlist regexes
	na := 0
	for _, r := range vc.Rules {
		for _, a := range r.Allowlists {
			na += len(a.Regexes)
		}
	}
	fmt.Println("rule allowlist regexes:", na)
}
