package when

import (
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	for _, c := range []struct {
		in    string
		end   bool
		want  time.Time
		error bool
	}{
		{in: "2025-06-30", want: time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)},
		{in: "2025-06-30", end: true, want: time.Date(2025, 6, 30, 23, 59, 59, 999999999, time.UTC)},
		{in: " 2025-06-30 ", want: time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)},
		{in: "2025-06-30T12:00:00+02:00", end: true, want: time.Date(2025, 6, 30, 10, 0, 0, 0, time.UTC)},
		{in: "2025-06-30T12:00:00.5Z", want: time.Date(2025, 6, 30, 12, 0, 0, 5e8, time.UTC)},
		{in: "2025-02-30", error: true},
		{in: "30/06/2025", error: true},
		{in: "", error: true},
		{in: "2025-06-30 12:00", error: true},
		{in: "2999-01-01", error: true},
		{in: "1970-01-01T00:00:00+01:00", error: true},
		{in: "1970-01-01", want: time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		got, err := Parse(c.in, c.end)
		if c.error != (err != nil) || !got.Equal(c.want) || (err == nil && got.Location() != time.UTC) {
			t.Errorf("Parse(%q, %v) = %v, %v; want %v (error %v)", c.in, c.end, got, err, c.want, c.error)
		}
	}
}

// Whatever it is given, Parse never panics, answers in UTC, and a date
// stands for its whole day: the start and the end a nanosecond short of a
// day apart; a time stands for itself either way.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"2025-06-30", "2025-02-30", "2025-06-30T12:00:00Z", "2025-06-30T12:00:00.123456789-07:00",
		"2025-6-3", "", "now", "9999-12-31", "0000-01-01T00:00:00Z", "2025-06-30T24:00:00Z", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		start, err1 := Parse(s, false)
		end, err2 := Parse(s, true)
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("%q: start error %v, end error %v", s, err1, err2)
		}
		if err1 != nil {
			if len(err1.Error()) > 400 { // the input quoted, 64 bytes at most

				t.Fatalf("%q: error of %d bytes", s, len(err1.Error()))
			}
			return
		}
		if start.Year() < 1970 || end.Year() > 2200 || start.UnixNano() < 0 {
			t.Fatalf("%q: out of range: %v %v", s, start, end)
		}
		if start.Location() != time.UTC || end.Location() != time.UTC {
			t.Fatalf("%q: not UTC: %v %v", s, start, end)
		}
		if diff := end.Sub(start); diff != 0 && diff != 24*time.Hour-time.Nanosecond {
			t.Fatalf("%q: start %v end %v", s, start, end)
		}
	})
}
