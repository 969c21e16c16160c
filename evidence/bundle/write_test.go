package bundle

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// A write that fails after any file leaves nothing behind: no bundle
// under the destination's name, no temporary file or directory beside it.
func TestFailedWriteLeavesNothing(t *testing.T) {
	ctx := context.Background()
	in := testRun(t, 0)
	var names []string
	record := func(name string) error { names = append(names, name); return nil }
	if _, err := write(ctx, filepath.Join(t.TempDir(), "all"), in, signedOptions(t), record); err != nil {
		t.Fatal(err)
	}
	if names[len(names)-1] != AttestationFile {
		t.Fatalf("files written in the order %v: the attestation must come last", names)
	}
	for _, archive := range []bool{false, true} {
		for i, name := range names {
			parent := t.TempDir()
			dst := filepath.Join(parent, "bundle")
			if archive {
				dst += ".tar.gz"
			}
			boom := errors.New("disk full")
			n := 0
			_, err := write(ctx, dst, in, signedOptions(t), func(string) error {
				if n++; n > i {
					return boom
				}
				return nil
			})
			if !errors.Is(err, boom) {
				t.Fatalf("failing after %s: %v", name, err)
			}
			if left, _ := os.ReadDir(parent); len(left) > 0 {
				t.Errorf("failing after %s (archive %v) left %v", name, archive, left)
			}
			if _, err := Verify(ctx, dst, VerifyOptions{Verifier: goldenVerifier(t)}); err == nil {
				t.Errorf("failing after %s, the destination verifies", name)
			}
		}
	}

	// A cancelled run writes nothing either.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	parent := t.TempDir()
	if _, err := Write(cctx, filepath.Join(parent, "b"), in, signedOptions(t)); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	if left, _ := os.ReadDir(parent); len(left) > 0 {
		t.Errorf("a cancelled write left %v", left)
	}
}

// A process killed while writing never leaves a partial bundle that
// verifies: nothing is under the destination's name until the rename, and
// what it leaves under its temporary name lacks the attestation, which is
// written last. (Killed after the attestation and before the rename, the
// temporary name holds the complete bundle of the run, which verifies as
// what it is.)
func TestKilledWrite(t *testing.T) {
	if os.Getenv("PAVED_EVIDENCE_KILL_HELPER") != "" {
		t.Skip("the helper's own run")
	}
	ctx := context.Background()
	files := len(readTree(t, writeTest(t, testRun(t, 0), signedOptions(t), "count")))
	for _, archive := range []bool{false, true} {
		for k := 1; k <= files; k++ {
			parent := t.TempDir()
			dst := filepath.Join(parent, "bundle")
			if archive {
				dst += ".tar.gz"
			}
			cmd := exec.Command(os.Args[0], "-test.run=^TestKillHelper$", "-test.count=1")
			cmd.Env = append(os.Environ(), "PAVED_EVIDENCE_KILL_HELPER="+dst)
			stdin, _ := cmd.StdinPipe()
			stdout, _ := cmd.StdoutPipe()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(stdout)
			written := 0
			for written < k && sc.Scan() {
				if strings.HasPrefix(sc.Text(), "wrote ") {
					written++
					if written < k {
						fmt.Fprintln(stdin, "go on")
					}
				}
			}
			if written != k {
				t.Fatalf("the helper wrote %d files, want %d", written, k)
			}
			if err := cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			_ = cmd.Wait()
			if _, err := os.Lstat(dst); err == nil {
				t.Errorf("killed after %d of %d files (archive %v): %s exists", k, files, archive, dst)
			}
			left, _ := os.ReadDir(parent)
			for _, e := range left {
				_, err := Verify(ctx, filepath.Join(parent, e.Name()), VerifyOptions{Verifier: goldenVerifier(t)})
				if err == nil && k < files {
					t.Errorf("killed after %d of %d files (archive %v): the leftover %s verifies", k, files, archive, e.Name())
				}
			}
		}
	}
}

// TestKillHelper is the process TestKilledWrite kills: it writes a bundle,
// saying so after each file and waiting to be told to go on.
func TestKillHelper(t *testing.T) {
	dst := os.Getenv("PAVED_EVIDENCE_KILL_HELPER")
	if dst == "" {
		t.Skip("run by TestKilledWrite")
	}
	in := bufio.NewScanner(os.Stdin)
	n := 0
	_, err := write(context.Background(), dst, testRun(t, 0), signedOptions(t), func(name string) error {
		n++
		fmt.Println("wrote " + strconv.Itoa(n) + " " + name)
		in.Scan()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Evidence is never overwritten; an empty directory may be filled.
func TestDestination(t *testing.T) {
	ctx := context.Background()
	in := testRun(t, 0)
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(ctx, empty, in, signedOptions(t)); err != nil {
		t.Errorf("into an empty directory: %v", err)
	}
	for _, dst := range []string{empty, filepath.Join(dir, "f.tar.gz")} {
		if dst != empty {
			writeFile(t, dst, []byte("x"))
		}
		if _, err := Write(ctx, dst, in, signedOptions(t)); err == nil || !strings.Contains(err.Error(), "never overwritten") {
			t.Errorf("over %s: %v", dst, err)
		}
	}
}
