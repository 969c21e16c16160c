# paved — the two commands that matter: `make demo` and `make test`.
GO       ?= go
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -s -w -X main.version=$(VERSION)
BIN      := bin/paved
CORPUS   ?= ../shared/corpus

.PHONY: all build test demo bench bench-noise lint fuzz docs clean

all: build

build:
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/paved

# The whole suite: vet, unit and integration tests under the race detector
# (fuzz targets run their seed corpus), and the Rego policy tests.
test:
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...

# Judge the deliberately non-compliant example stack. paved exits 1 on it
# (blocking findings), which is the point of the demo, so make ignores that.
demo: build
	@echo '$$ paved check examples/terraform/insecure-stack'
	@$(BIN) check examples/terraform/insecure-stack; echo "(exit code $$?: 1 means blocking findings)"
	@echo
	@echo '$$ paved check examples/terraform/compliant-stack'
	@$(BIN) check examples/terraform/compliant-stack; echo "(exit code $$?)"
	@echo
	@scripts/demo-repo.sh $(BIN) examples/repos/golden-path
	@echo
	@scripts/demo-repo.sh $(BIN) examples/repos/legacy-service
	@echo
	@d=$$(mktemp -d) && $(GO) run ./scripts/demo-image $$d/layout && \
	  echo '$$ paved check oci:layout --no-base-lookup    # an image the demo built: no registry, no network' && \
	  (cd $$d && $(CURDIR)/$(BIN) check oci:layout --no-base-lookup); echo "(exit code $$?)"; rm -rf $$d
	@echo
	@echo '$$ go run ./scripts/demo-history -store sqlite://demo.db    # six weeks of three teams, backdated'
	@rm -f demo.db demo-tokens.txt && $(GO) run ./scripts/demo-history -paved $(BIN) -store sqlite://demo.db
	@echo '$$ paved kpi --store sqlite://demo.db'
	@$(BIN) kpi --store sqlite://demo.db
	@echo
	@echo '$$ paved serve token --role admin --name demo --tokens demo-tokens.txt'
	@$(BIN) serve token --role admin --name demo --tokens demo-tokens.txt
	@echo 'To see this history on the dashboard, sign in with that token at http://127.0.0.1:8080 after:'
	@echo '  $(BIN) serve --store sqlite://demo.db --tokens demo-tokens.txt'

# Whole-process figures on the real corpus, plus the Go benchmarks. BEFORE,
# another paved binary, is measured beside this one in the same run. The
# KPIs are computed over a generated history of 1,000 assets × 50 policies
# × 90 daily runs (budget: 2 s), on SQLite and, when PAVED_TEST_POSTGRES_URL
# names a database (scripts/ci-postgres.sh), on PostgreSQL; the history is
# generated once and kept (paved-bench/ in the temporary directory, a
# paved_bench_* schema). The dashboard's pages are served over the same
# history (budget: 200 ms a page).
bench: build
	scripts/bench.sh $(BIN) $(CORPUS) $(BEFORE)
	$(GO) test -run '^$$' -bench . -benchmem ./engine/...
	PAVED_BENCH_HISTORY=1 $(GO) test -run '^$$' -bench 'BenchmarkServe' -benchtime 20x ./evidence/serve
	PAVED_BENCH_HISTORY=1 $(GO) test -run '^$$' -bench KPI -benchtime 5x -timeout 30m ./evidence/kpi

# The noise benchmark: well-run public repositories (scripts/noise/repos.tsv)
# judged with the defaults, every blocking finding looked up in the reviewed
# scripts/noise/classified.tsv. REPOS is a directory of clones at the pinned
# commits (scripts/noise/clone.sh REPOS makes them); NOISE_FLAGS go to the
# benchmark, e.g. NOISE_FLAGS='-compare docs/noise-before.tsv'. See docs/noise.md.
REPOS ?= ../noise-repos
bench-noise: build
	scripts/bench-noise.sh $(REPOS) $(BIN) -- $(NOISE_FLAGS)

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

# A short coverage-guided run of every fuzz target (the seeds run in `make test`).
FUZZTIME ?= 20s
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "fuzz $$pkg $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

# Regenerate the policy index and catalog from the policies' metadata.
docs:
	$(GO) test ./policies -run TestIndexUpToDate -update
	$(MAKE) build
	$(BIN) policy docs -o docs/policies.md

clean:
	rm -rf bin
